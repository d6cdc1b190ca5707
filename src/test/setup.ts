import * as tf from '@tensorflow/tfjs';

// Quiets tfjs's "install tfjs-node" advice in test logs (tfjs-node cannot be installed offline).
tf.env().set('IS_TEST', true);
