import { runBenchmark } from './benchmark';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKBONE_INPUT_SIZE, FEATURE_DIM } from '../model/config';
import { FEATURE_LAYOUT } from '../model/cnn/featureLayout';
import type { Detectors } from '../model/cnn/imageFeatures';
import { randomHeadModel } from '../test/testHead';
import { expectNoLeak } from '../test/tfSetup';
import { loadDetectorsFromDisk } from '../train/extract';
import { initNodeBackend } from '../train/nodeBackend';
import { InferenceEngine } from './engine';

let engine: InferenceEngine;
const image = { data: new Uint8ClampedArray(80 * 60 * 4).map((_, i) => (i * 37) % 256), width: 80, height: 60 };

beforeAll(async () => {
  await initNodeBackend('wasm');
  engine = new InferenceEngine(await loadDetectorsFromDisk(), randomHeadModel({ numLabels: 20, featureDim: FEATURE_DIM, embedDim: 16, hiddenDim: 8 }));
  await engine.warmup();
}, 180_000); // two CNNs, then warm-up (CNN, beam search, two evidence maps) on a shared machine
afterAll(() => engine?.dispose());

describe('InferenceEngine (real CNN, WASM)', () => {
  it('runs the CNN once per image and re-decodes from cached features', async () => {
    await engine.addImage('a', image);
    expect(engine.cnnRuns).toBe(1);
    const first = await engine.decode('a', { beamWidth: 3, maxLength: 4 });
    const wider = await engine.decode('a', { beamWidth: 8, maxLength: 4 });
    expect(engine.cnnRuns).toBe(1);
    expect(wider.beam.nodes.length).toBeGreaterThan(first.beam.nodes.length);
    expect(first.baseline).toHaveLength(20);
    await expect(engine.decode('missing', { beamWidth: 3, maxLength: 4 })).rejects.toThrow(/classify it first/);
  });

  it('keeps the tensor count flat over 100 decodes and over adding/forgetting images', async () => {
    engine.forget('a'); // one photo's maps cached before, and after
    await engine.addImage('b', image);
    await expectNoLeak(async () => {
      for (let i = 0; i < 100; i++) await engine.decode('b', { beamWidth: 1 + (i % 10), maxLength: 1 + (i % 20) });
    });
    await expectNoLeak(async () => { await engine.addImage('c', image); engine.forget('c'); });
    expect(tf.memory().numTensors).toBeGreaterThan(0);
  });

  it('answers evidence maps from the cached CNN maps, re-creating evicted ones once', async () => {
    await engine.addImage('e', image);
    const runs = engine.cnnRuns;
    let reloads = 0;
    const reload = async () => { reloads++; return image; };
    const a = await engine.evidence('e', { path: [], label: 3 }, 'features', reload);
    expect([a.map.width, a.map.height, a.cnnMs]).toEqual([96, 72, 0]);
    const b = await engine.evidence('e', { path: [3], label: 20 }, 'heatmaps', reload);
    expect(b.map.source).toBe('heatmaps');
    expect([engine.cnnRuns, reloads]).toEqual([runs, 0]);
    await expectNoLeak(async () => {
      for (let i = 0; i < 5; i++) await engine.evidence('e', { path: [i], label: 20 }, i % 2 ? 'features' : 'heatmaps', reload);
    });
    await engine.addImage('f', image);
    await engine.addImage('g', image); // evicts e's maps (MAP_CACHE_SIZE = 2)
    expect(engine.cachedMaps).toBe(2);
    const again = await engine.evidence('e', { path: [], label: 3 }, 'features', reload);
    expect(reloads).toBe(1);
    expect(again.cnnMs).toBeGreaterThan(0);
    expect(Array.from(again.map.values)).toEqual(Array.from(a.map.values));
    await expect(engine.evidence('nope', { path: [], label: 0 }, 'features', reload)).rejects.toThrow(/classify it first/);
    ['e', 'f', 'g'].forEach((id) => engine.forget(id));
  });

  it('refuses a head trained for other features', () => {
    const head = randomHeadModel({ numLabels: 20, featureDim: 10, embedDim: 4, hiddenDim: 2 });
    expect(() => new InferenceEngine({} as Detectors, head)).toThrow(new RegExp(`expects 10 image features but this app computes ${FEATURE_DIM}`));
    tf.dispose(Object.values(head.weights));
  });

  it('refuses a head trained on another layout of the same size', () => {
    const head = randomHeadModel({ numLabels: 20, featureDim: FEATURE_DIM, embedDim: 4, hiddenDim: 2 });
    head.meta = { featureLayout: { segments: [{ source: 'grid', from: 0, to: FEATURE_DIM }] } };
    expect(() => new InferenceEngine({} as Detectors, head)).toThrow(/another image representation/);
    // the same parts without the log counts are another I too
    head.meta = { featureLayout: { segments: FEATURE_LAYOUT.map(({ transform: _, ...s }) => s) } };
    expect(() => new InferenceEngine({} as Detectors, head)).toThrow(/another image representation/);
    tf.dispose(Object.values(head.weights));
  });

  it('refuses a head trained on the CNN at another input size, and takes one at this size', () => {
    const head = randomHeadModel({ numLabels: 20, featureDim: FEATURE_DIM, embedDim: 4, hiddenDim: 2 });
    head.meta = { featureLayout: { segments: FEATURE_LAYOUT }, cnnInputSize: BACKBONE_INPUT_SIZE + 128 };
    expect(() => new InferenceEngine({} as Detectors, head)).toThrow(new RegExp(`at ${BACKBONE_INPUT_SIZE + 128}² but this app runs the CNN at ${BACKBONE_INPUT_SIZE}²`));
    head.meta = { featureLayout: { segments: FEATURE_LAYOUT }, cnnInputSize: BACKBONE_INPUT_SIZE };
    expect(() => new InferenceEngine({} as Detectors, head)).not.toThrow();
    tf.dispose(Object.values(head.weights));
  });

  it('benchmark times both decoders (JS: no read per step; tfjs: one), path effects, and one execute() per view only when asked', async () => {
    const r = await runBenchmark(engine, image, 1, 2, [1, 3]);
    expect(r.cnnMs).toHaveLength(1);
    expect(r.cnnPerViewMs).toEqual([]);
    expect(r.beam.map((b) => [b.beamWidth, b.onDevice, b.readsPerStep])).toEqual([[1, false, 0], [3, false, 0], [1, true, 1], [3, true, 1]]);
    expect(r.evidence.map((e) => e.source)).toEqual(['features', 'heatmaps']);
    expect(r.evidence[0]!.ms.length).toBeGreaterThan(0);
    expect(r.pathEffectMs.length).toBeGreaterThan(0); // one per label node of an N = 3 tree
    expect(r.pathEffectMs.every((ms) => ms >= 0)).toBe(true);
    const perView = await expectNoLeak(() => runBenchmark(engine, image, 1, 1, [1], 1, 1));
    expect(perView.cnnPerViewMs).toHaveLength(1);
  }, 240_000); // 4 real CNN passes

  it('compiles nothing ahead on WASM: the warm-up keeps its real CNN pass there', async () => {
    expect(await expectNoLeak(() => engine.compile())).toBe(false);
  });
});
