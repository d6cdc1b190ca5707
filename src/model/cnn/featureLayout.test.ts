import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { COCO_CLASSES, FEATURE_DIM, GRID_DIM, NANODET_DIM, NUM_VIEWS, RAW_DIM, RAW_VIEW_DIM, VIEW_DIM, VIEW_KEYPOINTS_OFFSET } from '../config';
import { classEvidenceColumns, viewColumns, viewGroupColumns, composeFeatures, composeFeaturesTensor, FEATURE_LAYOUT, layoutDim, type FeatureSegment } from './featureLayout';

beforeAll(useCpuBackend);

/** Raw features whose every value says where it sits: view*10000 + offset (grid/NanoDet: 90000+). */
function labelledRaw(): Float32Array {
  const raw = new Float32Array(RAW_DIM);
  for (let v = 0; v < NUM_VIEWS; v++) for (let i = 0; i < RAW_VIEW_DIM; i++) raw[v * RAW_VIEW_DIM + i] = v * 10000 + i;
  for (let i = NUM_VIEWS * RAW_VIEW_DIM; i < RAW_DIM; i++) raw[i] = 90000 + i - NUM_VIEWS * RAW_VIEW_DIM;
  return raw;
}

describe('featureLayout', () => {
  it('finds the detectors\' class evidence in I: heat-map maxima of the views, NanoDet\'s per-stride class scores', () => {
    const raw = labelledRaw();
    const I = composeFeatures(raw);
    const cols = classEvidenceColumns(FEATURE_LAYOUT);
    // the shipped layout holds the whole view's and the tiles' max heat-map maxima, and NanoDet's 3 strides
    expect(cols).toHaveLength(5 * COCO_CLASSES);
    const isEvidence = (v: number) => (v >= 90000 ? v - 90000 - GRID_DIM < 3 * COCO_CLASSES && v - 90000 >= GRID_DIM
      : v % 10000 >= VIEW_KEYPOINTS_OFFSET && v % 10000 < VIEW_DIM);
    const want = [...I.keys()].filter((j) => isEvidence(I[j]!)); // the log1p counts' values fall outside both ranges
    expect(cols).toEqual(want);
    expect(classEvidenceColumns([{ source: 'grid', from: 0, to: 8 }, { source: 'whole', from: 0, to: 480 }])).toEqual([]);
  });

  it('splits I into the whole view\'s columns and the tiles\', leaving NanoDet\'s in neither', () => {
    const I = composeFeatures(labelledRaw());
    const { whole, tiles } = viewColumns(FEATURE_LAYOUT);
    expect(whole.length + tiles.length).toBe(layoutDim(FEATURE_LAYOUT) - NANODET_DIM);
    for (const j of whole) expect(Math.floor(I[j]! / 10000), `column ${j}`).toBe(0); // view 0: the whole image (log1p keeps it under 10000)
    for (const j of tiles) expect(I[j]!, `column ${j}`).toBeLessThan(90000);
    expect(new Set([...whole, ...tiles]).size).toBe(whole.length + tiles.length);
    expect(viewColumns([{ source: 'nanodet', from: 0, to: 4 }, { source: 'tilesMax', from: 0, to: 2 }])).toEqual({ whole: [], tiles: [4, 5] });
    expect(viewGroupColumns(FEATURE_LAYOUT)).toEqual([whole, tiles]);
    expect(viewGroupColumns(FEATURE_LAYOUT, ['tiles'])).toEqual([tiles]);
  });

  it('widens the class evidence to every per-class output of the detectors with the "detections" scope', () => {
    // raw features that are 1 where a detector scores a class (heat-map maxima and detection
    // statistics of each view, all of NanoDet) and 0 elsewhere: I is non-zero exactly at those columns
    const raw = new Float32Array(RAW_DIM);
    for (let v = 0; v < NUM_VIEWS; v++) raw.fill(1, v * RAW_VIEW_DIM + VIEW_KEYPOINTS_OFFSET, (v + 1) * RAW_VIEW_DIM);
    raw.fill(1, NUM_VIEWS * RAW_VIEW_DIM + GRID_DIM, RAW_DIM);
    const I = composeFeatures(raw);
    const cols = classEvidenceColumns(FEATURE_LAYOUT, 'detections');
    expect(cols).toEqual([...I.keys()].filter((j) => I[j] !== 0));
    // the heat-map maxima (2 × 80), the statistics of the whole view and the tiles' max (2 × 560), NanoDet (400)
    expect(cols).toHaveLength(2 * COCO_CLASSES + 2 * (RAW_VIEW_DIM - VIEW_DIM) + NANODET_DIM);
    for (const j of classEvidenceColumns(FEATURE_LAYOUT)) expect(cols).toContain(j);
  });

  it('the shipped layout gives FEATURE_DIM values, starting with the whole view', () => {
    expect(layoutDim(FEATURE_LAYOUT)).toBe(FEATURE_DIM);
    expect(FEATURE_LAYOUT[0]).toMatchObject({ source: 'whole', from: 0 }); // zero-shot eval reads the whole view's heat-map maxima
  });

  it('takes, averages and max-pools the documented parts', () => {
    const layout: FeatureSegment[] = [
      { source: 'whole', from: 3, to: 5 }, { source: 'tilesMean', from: 7, to: 8 }, { source: 'tilesMax', from: 9, to: 10 },
      { source: 'grid', from: 0, to: 1 }, { source: 'nanodet', from: 2, to: 3 },
    ];
    const raw = labelledRaw();
    const out = Array.from(composeFeatures(raw, layout));
    expect(out).toEqual([3, 4, 25007, 40009, 90000, 90000 + GRID_DIM + 2]); // mean of tiles 1..4 = 25000 + 7
    const two = composeFeatures(Float32Array.from([...raw, ...raw]), layout);
    expect(Array.from(two)).toEqual([...out, ...out]);
    // the CPU version and the tensor version agree on the shipped layout
    const random = Float32Array.from({ length: RAW_DIM }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const t = tf.tensor2d(random, [1, RAW_DIM]);
    const viaTensor = composeFeaturesTensor(t);
    const cpu = composeFeatures(random);
    const a = viaTensor.dataSync();
    expect(Math.max(...Array.from(cpu, (v, i) => Math.abs(v - a[i]!)))).toBeLessThan(1e-6);
    tf.dispose([t, viaTensor]);
  });

  it('takes log(1 + v) of count segments, on the CPU and as tensors alike', () => {
    const layout: FeatureSegment[] = [{ source: 'whole', from: 3, to: 4 }, { source: 'tilesMax', from: 9, to: 10, transform: 'log1p' }];
    const raw = labelledRaw();
    expect(Array.from(composeFeatures(raw, layout))).toEqual([3, Math.fround(Math.log1p(40009))]);
    const t = tf.tensor2d(raw, [1, RAW_DIM]);
    const viaTensor = composeFeaturesTensor(t, layout);
    expect(viaTensor.dataSync()[1]).toBeCloseTo(Math.log1p(40009), 4);
    tf.dispose([t, viaTensor]);
  });

  it('leaks no tensors', async () => {
    const raw = tf.tensor2d(labelledRaw(), [1, RAW_DIM]);
    await expectNoLeak(() => composeFeaturesTensor(raw), (t) => t.dispose());
    await expectNoLeak(() => composeFeatures(labelledRaw()));
    raw.dispose();
  });
});
