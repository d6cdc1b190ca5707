import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../../test/tfSetup';
import { centernetJsonPath } from '../../train/extract';
import { initNodeBackend } from '../../train/nodeBackend';
import { fileModelHandler } from '../../train/nodeIo';
import { BACKBONE_EXTERN_NODE, BACKBONE_INPUT_NODE, BACKBONE_KEYPOINTS_NODE, BACKBONE_WH_NODE } from '../config';
import { inputSizeGraph, rewriteInputSize } from './inputSizeGraph';

const OUTPUTS = [BACKBONE_EXTERN_NODE, BACKBONE_KEYPOINTS_NODE, BACKBONE_WH_NODE];
const models = new Map<number, tf.GraphModel>();
beforeAll(async () => {
  await initNodeBackend('wasm');
  for (const size of [512, 384]) models.set(size, await tf.loadGraphModel(inputSizeGraph(fileModelHandler(centernetJsonPath()), BACKBONE_INPUT_NODE, size)));
});
afterAll(() => models.forEach((m) => m.dispose()));

describe('inputSizeGraph (CenterNet, real graph)', () => {
  it('keeps every map\'s stride at another input side, for any batch', async () => {
    for (const [size, batch] of [[512, 2], [384, 3]] as const) {
      const views = tf.randomUniform([batch, size, size, 3], 0, 255, 'float32', 4);
      const [extern, keypoints, wh] = models.get(size)!.execute({ [BACKBONE_INPUT_NODE]: views }, OUTPUTS) as tf.Tensor[];
      expect(extern!.shape).toEqual([batch, size / 32, size / 32, 480]);
      expect(keypoints!.shape).toEqual([batch, size / 4, size / 4, 80]);
      expect(wh!.shape).toEqual([batch, size / 4, size / 4, 4]);
      expect(tf.max(keypoints!).dataSync()[0]).toBeGreaterThan(0);
      tf.dispose([views, extern!, keypoints!, wh!]);
    }
  });

  it('changes nothing but the batch at the graph\'s own side', async () => {
    const artifacts = await fileModelHandler(centernetJsonPath()).load!();
    const out = rewriteInputSize(artifacts, BACKBONE_INPUT_NODE, 512);
    const nodes = (a: tf.io.ModelArtifacts) => (a.modelTopology as { node: { name: string; op: string; input?: string[] }[] }).node;
    expect(nodes(out).map((n) => [n.name, n.op, n.input])).toEqual(nodes(artifacts).map((n) => [n.name, n.op, n.input]));
    expect(out.weightSpecs).toEqual(artifacts.weightSpecs);
    const input = nodes(out).find((n) => n.name === BACKBONE_INPUT_NODE) as unknown as { attr: { shape: { shape: { dim: { size: string }[] } } } };
    expect(input.attr.shape.shape.dim.map((d) => d.size)).toEqual(['-1', '512', '512', '3']);
  });

  it('scales the decoder\'s constant upsampling sizes, and refuses sizes it cannot scale', async () => {
    const artifacts = await fileModelHandler(centernetJsonPath()).load!();
    const out = rewriteInputSize(artifacts, BACKBONE_INPUT_NODE, 384);
    const resizes = (out.modelTopology as { node: { op: string; input: string[] }[] }).node.filter((n) => n.op === 'ResizeBilinear');
    expect(resizes).toHaveLength(3);
    expect(resizes.every((n) => n.input[1]!.endsWith('/size384'))).toBe(true);
    expect(() => rewriteInputSize(artifacts, BACKBONE_INPUT_NODE, 500)).toThrow(/cannot scale/);
    expect(() => rewriteInputSize(artifacts, 'no/such/input', 384)).toThrow(/no 4-D input/);
  });

  it('runs at 384² without leaking', async () => {
    const views = tf.zeros([1, 384, 384, 3]);
    await expectNoLeak(() => tf.tidy(() => { models.get(384)!.execute({ [BACKBONE_INPUT_NODE]: views }, OUTPUTS); }));
    views.dispose();
  });
});
