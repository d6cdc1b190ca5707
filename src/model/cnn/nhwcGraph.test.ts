import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../../test/tfSetup';
import { nanodetJsonPath } from '../../train/extract';
import { initNodeBackend } from '../../train/nodeBackend';
import { fileModelHandler } from '../../train/nodeIo';
import { NANODET_INPUT_NODE } from '../config';
import { nanodetStats, scoreOutputNames } from './nanodet';
import { nhwcGraph, rewriteNchwGraph } from './nhwcGraph';

let original: tf.GraphModel;
let rewritten: tf.GraphModel;
beforeAll(async () => {
  await initNodeBackend('wasm');
  original = await tf.loadGraphModel(fileModelHandler(nanodetJsonPath()));
  rewritten = await tf.loadGraphModel(nhwcGraph(fileModelHandler(nanodetJsonPath()), NANODET_INPUT_NODE));
});
afterAll(() => { original?.dispose(); rewritten?.dispose(); });

/** Kernels one call runs (tf.profile), without the op-level wrappers it also lists. */
async function kernels(f: () => tf.Tensor[]): Promise<string[]> {
  const info = await tf.profile(() => f() as unknown as tf.Tensor);
  return info.kernels.map((k) => k.name).filter((n) => !n.endsWith('__op'));
}

describe('nhwcGraph (NanoDet run in NHWC, real graph, WASM)', () => {
  it('gives every output of the NCHW graph, from the same photo laid out NHWC', () => {
    const nhwc = tf.randomUniform([1, 416, 416, 3], 0, 1, 'float32', 7);
    const nchw = tf.transpose(nhwc, [0, 3, 1, 2]);
    const names = original.outputs.map((o) => o.name);
    const a = original.execute(nchw, names) as tf.Tensor[];
    const b = rewritten.execute(nhwc, names) as tf.Tensor[];
    a.forEach((t, i) => {
      expect(b[i]!.shape).toEqual(t.shape);
      const scale = tf.max(tf.abs(t)).dataSync()[0]!;
      expect(scale).toBeGreaterThan(0.01);
      expect(tf.max(tf.abs(tf.sub(t, b[i]!))).dataSync()[0]!).toBeLessThan(1e-4 * Math.max(1, scale));
    });
    tf.dispose([nhwc, nchw, ...a, ...b]);
  });

  it('runs with no transposes, every convolution fused with its bias and zero padding, under a third of the kernels', async () => {
    const nhwc = tf.zeros([1, 416, 416, 3]);
    const nchw = tf.transpose(nhwc, [0, 3, 1, 2]);
    const before = await kernels(() => original.execute(nchw) as tf.Tensor[]);
    const after = await kernels(() => rewritten.execute(nhwc) as tf.Tensor[]);
    expect(before.filter((k) => k === 'Transpose').length).toBeGreaterThan(80);
    expect(after.filter((k) => k === 'Transpose')).toEqual([]);
    expect(after.filter((k) => k === 'Conv2D')).toEqual([]); // all fused with their bias
    expect(after.filter((k) => k === 'PadV2').length).toBe(1); // the max-pool's -inf pad; zero pads are conv padding
    expect(after.length * 3).toBeLessThan(before.length);
    tf.dispose([nhwc, nchw]);
  });

  it('declares the input NHWC and keeps the score outputs findable', () => {
    expect(rewritten.inputs[0]!.shape).toEqual([1, 416, 416, 3]);
    expect(scoreOutputNames(rewritten)).toHaveLength(3);
  });

  it('refuses a graph without the named 4-D input', async () => {
    const artifacts = await fileModelHandler(nanodetJsonPath()).load!();
    expect(() => rewriteNchwGraph(artifacts, 'no_such_input')).toThrow(/no 4-D input/);
  });

  it('computes the statistics from the rewritten graph without leaking', async () => {
    const rgb = tf.randomUniform([1, 300, 200, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
    await expectNoLeak(() => nanodetStats(rewritten, rgb), (t) => t.dispose());
    rgb.dispose();
  });
});
