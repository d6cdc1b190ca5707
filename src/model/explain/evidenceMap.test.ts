import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { beamSearch } from '../search/beamSearch';
import { COCO_CLASSES, DETECTION_STATS_DIM, EXTERN_CHANNELS, HEAD_MEAN_CHANNELS, NANODET_DIM, NUM_VIEWS } from '../config';
import { composeFeaturesTensor, FEATURE_LAYOUT, layoutDim, type FeatureSegment } from '../cnn/featureLayout';
import { createHeadScorer } from '../head/headScorer';
import { evidenceMap, externGradient, heatMaxGradient, maxCellWeights, nodeLogProb, viewCams } from './evidenceMap';
import { nodeTarget, type EvidenceSource, type EvidenceTarget } from './evidencePlacement';
import { disposeImageMaps, rawFromMaps, type ImageMaps } from '../cnn/imageFeatures';
import { randomHeadModel } from '../../test/testHead';

beforeAll(useCpuBackend);

const SIDE = 4; // tiny spatial maps: 4×4 cells per view

/**
 * Synthetic maps with one clear maximum per (view, channel): cell ((v + c) % 4, c % 4) gets
 * 2 + 1.5 v on top of noise in [0, 1), so a small step never changes which cell (or tile) is the max.
 */
function tinyMaps(seed = 3): ImageMaps {
  const bump = (channels: number) => tf.tidy(() => {
    const b = tf.buffer([NUM_VIEWS, SIDE, SIDE, channels]);
    for (let v = 0; v < NUM_VIEWS; v++) for (let c = 0; c < channels; c++) b.set(2 + 1.5 * v, v, (v + c) % SIDE, c % SIDE, c);
    return tf.add(b.toTensor(), tf.randomUniform([NUM_VIEWS, SIDE, SIDE, channels], 0, 1, 'float32', seed)) as tf.Tensor4D;
  });
  const maps = { extern: bump(EXTERN_CHANNELS), keypoints: bump(COCO_CLASSES) };
  return {
    maps, maxima: { extern: tf.max(maps.extern, [1, 2]), heat: tf.max(maps.keypoints, [1, 2]) },
    constants: {
      headMean: tf.randomUniform([NUM_VIEWS, HEAD_MEAN_CHANNELS], 0, 1, 'float32', seed + 1),
      detection: tf.randomUniform([NUM_VIEWS, DETECTION_STATS_DIM], 0, 1, 'float32', seed + 2),
      nanodet: tf.randomUniform([1, NANODET_DIM], 0, 1, 'float32', seed + 3),
    },
  };
}

/** A small layout touching every differentiable pooling: GAP, GMP, heat max (whole and tiles), grid. */
const TINY_LAYOUT: FeatureSegment[] = [
  { source: 'whole', from: 0, to: 3 }, { source: 'whole', from: 480, to: 483 }, { source: 'whole', from: 1088, to: 1091 },
  { source: 'tilesMean', from: 0, to: 3 }, { source: 'tilesMax', from: 481, to: 484 }, { source: 'tilesMax', from: 1089, to: 1092 },
  { source: 'grid', from: 480, to: 483 },
];
const tinyDims = { numLabels: 4, featureDim: layoutDim(TINY_LAYOUT), embedDim: 8, hiddenDim: 4 };

/** log p of a target with one map entry moved by delta (the function the finite differences see). */
function logProbWith(m: ImageMaps, source: EvidenceSource, at: number[], delta: number, target: EvidenceTarget, w: ReturnType<typeof randomHeadModel>['weights']): number {
  return tf.tidy(() => {
    const a = source === 'features' ? m.maps.extern : m.maps.keypoints;
    const buf = tf.buffer(a.shape, 'float32', Float32Array.from(a.dataSync())); // a copy: bufferSync may share the tensor's memory
    buf.set(buf.get(...at) + delta, ...at);
    const moved = buf.toTensor() as tf.Tensor4D;
    const maps = source === 'features' ? { extern: moved, keypoints: m.maps.keypoints } : { extern: m.maps.extern, keypoints: moved };
    return nodeLogProb(w, tinyDims, composeFeaturesTensor(rawFromMaps(maps, m.constants), TINY_LAYOUT), target).dataSync()[0]!;
  });
}

describe('evidence maps', () => {
  it('match finite differences of log p(k | P, I) with respect to the CNN maps', () => {
    const head = randomHeadModel(tinyDims, 5);
    const m = tinyMaps();
    const target = { path: [2], label: 0 };
    const h = 5e-3;
    const cases: [EvidenceSource, number[]][] = [
      ['features', [0, 1, 1, 1]], // whole view: argmax of channel 1 (GAP + GMP + grid)
      ['features', [0, 0, 3, 2]], // whole view, not a max: GAP + grid (top-right quarter)
      ['features', [4, 1, 1, 1]], // the largest tile maximum of channel 1 (tilesMax of GMP)
      ['features', [2, 0, 3, 2]], // a tile's plain cell (tilesMean of GAP)
      ['heatmaps', [0, 1, 1, 1]], // whole view's heat-map maximum
      ['heatmaps', [4, 2, 2, 2]], // the largest tile maximum of class 2
      ['heatmaps', [1, 3, 2, 2]], // a tile maximum that is not the largest: no gradient
      ['heatmaps', [0, 3, 3, 1]], // not a maximum: no gradient
    ];
    // the gradient with respect to a heat-map cell: heatMaxGradient at its view's argmax cell, 0 elsewhere
    const heat = heatMaxGradient(head.weights, tinyDims, m, target, TINY_LAYOUT).bufferSync();
    const externG = externGradient(head.weights, tinyDims, m, target, TINY_LAYOUT);
    const analytic = (s: EvidenceSource, [v, y, x, c]: number[]) => (s === 'features' ? externG.bufferSync().get(v!, y!, x!, c!)
      : y === (v! + c!) % SIDE && x === c! % SIDE ? heat.get(v!, c!) : 0);
    for (const [s, at] of cases) {
      const fd = (logProbWith(m, s, at, h, target, head.weights) - logProbWith(m, s, at, -h, target, head.weights)) / (2 * h);
      const g = analytic(s, at);
      expect(Math.abs(g - fd), `${s} at [${at}]: tf.grad ${g}, finite differences ${fd}`).toBeLessThan(2e-3 + 0.02 * Math.abs(fd));
    }
    expect(analytic('features', [0, 1, 1, 1])).not.toBe(0);
    expect(analytic('heatmaps', [0, 1, 1, 1])).not.toBe(0);
    externG.dispose();
    disposeImageMaps(m);
  });

  it('scores an ensemble node as its scorer does: log of the members\' mean p, no leak', async () => {
    const members = [randomHeadModel(tinyDims, 7), randomHeadModel(tinyDims, 40)];
    const m = tinyMaps();
    const I = tf.tidy(() => composeFeaturesTensor(rawFromMaps(m.maps, m.constants), TINY_LAYOUT));
    const w = members.map((h) => h.weights);
    const scorer = createHeadScorer(w, tinyDims, I.dataSync() as Float32Array);
    const result = await beamSearch(scorer, { beamWidth: 2, maxLength: 3 });
    scorer.dispose();
    for (const n of result.nodes.filter((x) => x.status !== 'root')) {
      const target = nodeTarget(n, tinyDims.numLabels)!;
      const p = tf.tidy(() => Math.exp(nodeLogProb(w, tinyDims, I, target).dataSync()[0]!));
      const each = members.map((h) => tf.tidy(() => Math.exp(nodeLogProb(h.weights, tinyDims, I, target).dataSync()[0]!)));
      expect(p).toBeCloseTo(n.stepProb, 5);
      expect(p).toBeCloseTo((each[0]! + each[1]!) / 2, 6);
    }
    const map = await expectNoLeak(() => evidenceMap(w, tinyDims, m, { path: [1], label: 0 }, 'features', { width: 40, height: 30 }, TINY_LAYOUT));
    expect(map.max).toBeGreaterThan(0);
    I.dispose();
    disposeImageMaps(m);
  });

  it('scores the same p(k | P, I) as the beam search, END nodes included', async () => {
    const head = randomHeadModel(tinyDims, 7);
    const m = tinyMaps();
    const I = tf.tidy(() => composeFeaturesTensor(rawFromMaps(m.maps, m.constants), TINY_LAYOUT));
    const scorer = createHeadScorer(head.weights, tinyDims, I.dataSync() as Float32Array);
    const result = await beamSearch(scorer, { beamWidth: 3, maxLength: 3 });
    scorer.dispose();
    const nodes = result.nodes.filter((n) => n.status !== 'root');
    expect(nodes.some((n) => n.label === tinyDims.numLabels)).toBe(true);
    for (const n of nodes) {
      const p = tf.tidy(() => Math.exp(nodeLogProb(head.weights, tinyDims, I, nodeTarget(n, tinyDims.numLabels)!).dataSync()[0]!));
      expect(p).toBeCloseTo(n.stepProb, 5);
    }
    expect(nodeTarget(result.nodes[0]!, tinyDims.numLabels)).toBeNull();
    expect(() => nodeLogProb(head.weights, tinyDims, I, { path: [1], label: 1 })).toThrow(/not already in the path/);
    I.dispose();
    disposeImageMaps(m);
  });

  it('scores p(k | P, I) with END scaled (dims.endScale) as the beam search does, END nodes included', async () => {
    const members = [randomHeadModel(tinyDims, 7), randomHeadModel(tinyDims, 40)];
    const w = members.map((h) => h.weights);
    const scaled = { ...tinyDims, endScale: 1.7 };
    const m = tinyMaps();
    const I = tf.tidy(() => composeFeaturesTensor(rawFromMaps(m.maps, m.constants), TINY_LAYOUT));
    const scorer = createHeadScorer(w, scaled, I.dataSync() as Float32Array);
    const result = await beamSearch(scorer, { beamWidth: 3, maxLength: 3 });
    scorer.dispose();
    const nodes = result.nodes.filter((n) => n.status !== 'root');
    expect(nodes.some((n) => n.label === tinyDims.numLabels)).toBe(true);
    for (const n of nodes) {
      const target = nodeTarget(n, tinyDims.numLabels)!;
      const p = await expectNoLeak(() => tf.tidy(() => Math.exp(nodeLogProb(w, scaled, I, target).dataSync()[0]!)));
      expect(p).toBeCloseTo(n.stepProb, 5);
    }
    I.dispose();
    disposeImageMaps(m);
  });

  it('gives visibly different maps for different labels, in photo coordinates', async () => {
    const head = randomHeadModel(tinyDims, 11);
    const m = tinyMaps();
    const photo = { width: 200, height: 100 };
    for (const source of ['features', 'heatmaps'] as const) {
      const a = await evidenceMap(head.weights, tinyDims, m, { path: [], label: 0 }, source, photo, TINY_LAYOUT);
      const b = await evidenceMap(head.weights, tinyDims, m, { path: [], label: 3 }, source, photo, TINY_LAYOUT);
      expect([a.width, a.height, a.source]).toEqual([96, 48, source]);
      expect(a.values.every((v) => v >= 0)).toBe(true);
      const norm = (e: typeof a) => Array.from(e.values, (v) => (e.max > 0 ? v / e.max : 0));
      const na = norm(a), nb = norm(b);
      const diff = Math.max(...na.map((v, i) => Math.abs(v - nb[i]!)));
      expect(diff, `${source}: max difference of the normalised maps`).toBeGreaterThan(0.2);
    }
    disposeImageMaps(m);
  });

  it('works with the shipped layout (any featureDim)', async () => {
    const dims = { numLabels: 20, featureDim: layoutDim(FEATURE_LAYOUT), embedDim: 8, hiddenDim: 8 };
    const head = randomHeadModel(dims, 2);
    const m = tinyMaps();
    const e = await evidenceMap(head.weights, dims, m, { path: [4, 9], label: 20 }, 'features', { width: 64, height: 128 });
    expect([e.width, e.height]).toEqual([48, 96]);
    expect(e.values.every(Number.isFinite)).toBe(true);
    expect(() => externGradient(head.weights, tinyDims, m, { path: [], label: 0 })).toThrow(/layout gives/);
    disposeImageMaps(m);
  });

  it('weights the max cells of each channel (ties share), so Σ weights ⊙ x is the spatial max', async () => {
    const x = tf.tensor4d([1, 5, 2, 5, 3, 0, 0, -1], [1, 2, 2, 2]); // channel 0: 1,2,3,0 — channel 1: 5,5,0,-1
    await expectNoLeak(() => maxCellWeights(x), (t) => t.dispose());
    const wts = maxCellWeights(x);
    expect(Array.from(wts.dataSync())).toEqual([0, 0.5, 0, 0.5, 1, 0, 0, 0]);
    expect(Array.from(tf.sum(tf.mul(wts, x), [1, 2]).dataSync())).toEqual(Array.from(tf.max(x, [1, 2]).dataSync()));
    tf.dispose([x, wts]);
  });

  it('leaks no tensors in any public function', async () => {
    const head = randomHeadModel(tinyDims, 5);
    const m = tinyMaps();
    const t = { path: [1, 3], label: 0 };
    const I = tf.tidy(() => composeFeaturesTensor(rawFromMaps(m.maps, m.constants), TINY_LAYOUT));
    await expectNoLeak(() => nodeLogProb(head.weights, tinyDims, I, t), (s) => s.dispose());
    await expectNoLeak(() => rawFromMaps(m.maps, m.constants), (r) => r.dispose());
    await expectNoLeak(() => externGradient(head.weights, tinyDims, m, t, TINY_LAYOUT), (g) => g.dispose());
    await expectNoLeak(() => heatMaxGradient(head.weights, tinyDims, m, t, TINY_LAYOUT), (g) => g.dispose());
    for (const source of ['features', 'heatmaps'] as const) {
      await expectNoLeak(() => viewCams(head.weights, tinyDims, m, t, source, TINY_LAYOUT), (c) => c.dispose());
      await expectNoLeak(() => evidenceMap(head.weights, tinyDims, m, t, source, { width: 10, height: 10 }, TINY_LAYOUT));
    }
    I.dispose();
    await expectNoLeak(() => disposeImageMaps(tinyMaps()));
  });
});
