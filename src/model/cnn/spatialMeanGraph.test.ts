import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../../test/tfSetup';
import { centernetJsonPath } from '../../train/extract';
import { initNodeBackend } from '../../train/nodeBackend';
import { fileModelHandler } from '../../train/nodeIo';
import { inputSizeGraph } from './inputSizeGraph';
import {
  BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE, BACKBONE_KEYPOINTS_NODE, BACKBONE_WH_NODE,
} from '../config';
import { rewriteSpatialMeans, spatialMean, spatialMeanGraph, SPATIAL_MEAN_OP } from './spatialMeanGraph';

const OUTPUTS = [BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_KEYPOINTS_NODE, BACKBONE_WH_NODE];
let original: tf.GraphModel;
let rewritten: tf.GraphModel;
beforeAll(async () => {
  await initNodeBackend('wasm');
  const handler = () => inputSizeGraph(fileModelHandler(centernetJsonPath()), BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE);
  original = await tf.loadGraphModel(handler());
  rewritten = await tf.loadGraphModel(spatialMeanGraph(handler()));
});
afterAll(() => { original?.dispose(); rewritten?.dispose(); });

describe('spatialMeanGraph (CenterNet, real graph)', () => {
  it('rewrites the 9 means over height and width, and only them', async () => {
    const artifacts = await fileModelHandler(centernetJsonPath()).load!();
    const { artifacts: out, rewritten: n } = rewriteSpatialMeans(artifacts);
    const ops = (a: tf.io.ModelArtifacts) => (a.modelTopology as { node: { op: string; name: string }[] }).node;
    expect(n).toBe(9);
    expect(ops(out).filter((x) => x.op === SPATIAL_MEAN_OP).map((x) => x.name)).toContain(BACKBONE_HEAD_MEAN_NODE);
    expect(ops(out).filter((x) => x.op === 'Mean')).toHaveLength(0);
    expect(ops(out).filter((x) => x.op !== SPATIAL_MEAN_OP).length).toBe(ops(artifacts).length - 9);
  });

  it('keeps other means: over other axes, or without keep_dims', () => {
    const spec = (name: string): tf.io.WeightsManifestEntry => ({ name, shape: [2], dtype: 'int32' });
    const node = (name: string, axes: string, keep: boolean) => ({ name, op: 'Mean', input: ['x', axes], attr: { keep_dims: { b: keep } } });
    const { rewritten: n } = rewriteSpatialMeans({
      modelTopology: { node: [node('a', 'ax12', false), node('b', 'ax23', true), node('c', 'ax12', true)] },
      weightSpecs: [spec('ax12'), spec('ax23')], weightData: new Int32Array([1, 2, 2, 3]).buffer,
    });
    expect(n).toBe(1);
  });

  it('gives the original graph\'s maps on WASM, to float rounding', () => {
    const views = tf.randomUniform([2, BACKBONE_INPUT_SIZE, BACKBONE_INPUT_SIZE, 3], 0, 255, 'float32', 3);
    const a = original.execute({ [BACKBONE_INPUT_NODE]: views }, OUTPUTS) as tf.Tensor[];
    const b = rewritten.execute({ [BACKBONE_INPUT_NODE]: views }, OUTPUTS) as tf.Tensor[];
    a.forEach((t, i) => {
      expect(b[i]!.shape).toEqual(t.shape);
      const scale = tf.max(tf.abs(t)).dataSync()[0]!;
      expect(scale).toBeGreaterThan(0.01);
      const diff = tf.max(tf.abs(tf.sub(t, b[i]!))).dataSync()[0]!;
      expect(diff).toBeLessThan(1e-4 * Math.max(1, scale));
    });
    tf.dispose([views, ...a, ...b]);
  });

  it('runs as an average pool on WASM and as tfjs\'s mean elsewhere, leaking nothing', async () => {
    const x = tf.randomUniform([3, 8, 6, 5], -2, 2, 'float32', 1) as tf.Tensor4D;
    const ref = tf.mean(x, [1, 2], true);
    const diff = await expectNoLeak(() => tf.tidy(() => {
      const m = spatialMean(x);
      expect(m.shape).toEqual([3, 1, 1, 5]);
      return tf.max(tf.abs(tf.sub(m, ref))).dataSync()[0]!;
    }));
    expect(diff).toBeLessThan(1e-6);
    const kernelsOn = async (backend: string) => {
      await tf.setBackend(backend);
      const y = tf.tensor4d(x.dataSync(), x.shape);
      const info = await tf.profile(() => spatialMean(y));
      tf.dispose([y, info.result as tf.Tensor]);
      return info.kernels.map((k) => k.name);
    };
    const onCpu = await kernelsOn('cpu');
    expect(onCpu).toContain('Mean');
    expect(onCpu).not.toContain('AvgPool');
    const kernels = await kernelsOn('wasm');
    expect(kernels).toContain('AvgPool');
    expect(kernels).not.toContain('Mean');
    expect(() => spatialMean(tf.zeros([2, 3]) as unknown as tf.Tensor4D)).toThrow(/rank 2/);
    tf.dispose([x, ref]);
  });

  it('runs the rewritten graph without leaking', async () => {
    const views = tf.zeros([1, BACKBONE_INPUT_SIZE, BACKBONE_INPUT_SIZE, 3]);
    await expectNoLeak(() => tf.tidy(() => { rewritten.execute({ [BACKBONE_INPUT_NODE]: views }, OUTPUTS); }));
    views.dispose();
  });
});
