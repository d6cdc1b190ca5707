/**
 * Child program of nodeWebgpu.test.ts (a fresh process, since the Vulkan loader is found from
 * the environment at start-up): a tiny conv + matMul on Node WebGPU, warmed up with the app's
 * compile-only pass, against tfjs's CPU backend. Prints one JSON line: the numbers, or why it skipped.
 */
import * as tf from '@tensorflow/tfjs';
import { compileInParallel } from '../src/model/cnn/parallelCompile';
import { startNodeWebgpu } from './nodeWebgpu';

function graph(x: tf.Tensor4D, w: tf.Tensor4D, m: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(tf.reshape(tf.relu(tf.conv2d(x, w, 1, 'same')), [-1, 16]), m));
}

const inputs = () => [tf.randomUniform([1, 12, 12, 8], -1, 1, 'float32', 1), tf.randomUniform([3, 3, 8, 16], -1, 1, 'float32', 2), tf.randomUniform([16, 4], -1, 1, 'float32', 3)] as const;

tf.env().set('PROD', true); // no "install tfjs-node" banner on stdout
await tf.setBackend('cpu');
const [x0, w0, m0] = inputs();
const expected = graph(x0 as tf.Tensor4D, w0 as tf.Tensor4D, m0 as tf.Tensor2D).dataSync();
let out: object;
try {
  const adapter = await startNodeWebgpu();
  const [x, w, m] = inputs();
  const before = tf.memory().numTensors;
  const compiled = await compileInParallel(() => graph(x as tf.Tensor4D, w as tf.Tensor4D, m as tf.Tensor2D));
  const leaked = tf.memory().numTensors - before;
  const y = graph(x as tf.Tensor4D, w as tf.Tensor4D, m as tf.Tensor2D);
  const got = await y.data();
  let maxAbsDiff = 0;
  got.forEach((v, i) => { maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - expected[i]!)); });
  out = { adapter, compiled, leaked, maxAbsDiff, scale: Math.max(...Array.from(expected, Math.abs)), n: got.length };
} catch (e) {
  out = { skip: (e as Error).message };
}
console.log(JSON.stringify(out));
process.exit(0);
