import * as tf from '@tensorflow/tfjs';
import { allWeightShapes, type HeadModel } from '../model/head/headIo';
import type { HeadDims } from '../model/head/cnnRnn';

/** A small random head (fixed seed) for tests: every weight present with the right shape. */
export function randomHeadModel(dims: HeadDims, seed = 1): HeadModel {
  const weights: Record<string, tf.Tensor> = {};
  let s = seed;
  for (const [name, shape] of Object.entries(allWeightShapes(dims))) {
    weights[name] = name === 'feature/std' ? tf.ones(shape) : tf.randomUniform(shape, -1, 1, 'float32', s++);
  }
  return {
    dims, labels: Array.from({ length: dims.numLabels }, (_, i) => `label${i}`),
    weights: weights as unknown as HeadModel['weights'], meta: { test: true },
  };
}
