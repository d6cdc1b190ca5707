import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { COCO_CLASSES, DETECTION_STATS_DIM, HEATMAP_STRIDE, PEAK_THRESHOLDS } from '../config';
import { detectionStats, detectionStatsTensor } from './detectionStats';

beforeAll(useCpuBackend);

/** A 1-view heat-map with class 0 peaks at 0.9 (box 40×20 px), 0.5 and 0.2, and a flat class 1. */
function scene() {
  const kp = tf.buffer([1, 8, 8, COCO_CLASSES], 'float32');
  const wh = tf.buffer([1, 8, 8, 4], 'float32');
  kp.set(0.9, 0, 1, 1, 0); kp.set(0.6, 0, 1, 2, 0); // a neighbour of the peak: suppressed by the 3×3 NMS
  kp.set(0.5, 0, 5, 5, 0); kp.set(0.2, 0, 6, 1, 0);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) kp.set(0.05, 0, y, x, 1);
  [10, 5, 30, 15].forEach((v, k) => wh.set(v, 0, 1, 1, k));
  return { kp: kp.toTensor() as tf.Tensor4D, wh: wh.toTensor() as tf.Tensor4D };
}

describe.each([
  ['one JS pass (WASM, CPU)', detectionStats],
  ['tensor ops (WebGPU, WebGL)', detectionStatsTensor],
])('detectionStats as %s', (_, stats) => {
  it('reads peaks after a 3×3 NMS, counts them per threshold and sizes the best box', () => {
    const { kp, wh } = scene();
    const out = stats(kp, wh);
    expect(out.shape).toEqual([1, DETECTION_STATS_DIM]);
    const v = out.dataSync();
    const at = (block: number, c: number) => v[block * COCO_CLASSES + c]!;
    expect(at(0, 0)).toBeCloseTo(0.5); // 2nd peak (0.6 is not a peak)
    expect(at(1, 0)).toBeCloseTo(0.2); // 3rd peak
    expect(at(2, 0)).toBe(3); // peaks > 0.1
    expect(at(3, 0)).toBe(2); // peaks > 0.3
    expect(at(4, 0)).toBeCloseTo((0.9 + 0.6 + 0.5 + 0.2) / 64);
    expect(at(5, 0)).toBeCloseTo(40 / (8 * HEATMAP_STRIDE)); // left + right of the best box, over the input side (8×8 cells)
    expect(at(6, 0)).toBeCloseTo(20 / (8 * HEATMAP_STRIDE)); // top + bottom
    expect(at(2, 1)).toBe(0); // a flat map below 0.1 has no peak above it
    tf.dispose([kp, wh, out]);
  });

  it('sizes the box at the first cell of the maximum, ties and plateaus included (as an argMax over the map)', () => {
    const kp = tf.tidy(() => {
      // coarse values: many ties, plateaus of equal neighbours, several cells at each class's maximum
      const r = tf.round(tf.mul(tf.randomUniform([2, 16, 16, COCO_CLASSES], 0, 1, 'float32', 5), 4));
      return tf.div(r, 4) as tf.Tensor4D;
    });
    const wh = tf.randomUniform([2, 16, 16, 4], 0, 100, 'float32', 6) as tf.Tensor4D;
    const out = stats(kp, wh);
    const reference = tf.tidy(() => {
      const best = tf.argMax(tf.reshape(kp, [2, 256, COCO_CLASSES]), 1);
      const whFlat = tf.reshape(wh, [2, 256, 4]);
      const boxes = tf.stack([0, 1].map((i) => tf.gather(tf.squeeze(tf.slice(whFlat, [i, 0, 0], [1, -1, -1]), [0]), tf.squeeze(tf.slice(best, [i, 0], [1, -1]), [0]))));
      return tf.div(tf.add(tf.slice(boxes, [0, 0, 0], [-1, -1, 1]), tf.slice(boxes, [0, 0, 2], [-1, -1, 1])), 16 * HEATMAP_STRIDE).reshape([2, COCO_CLASSES]);
    });
    const widths = tf.slice(out, [0, 5 * COCO_CLASSES], [-1, COCO_CLASSES]);
    expect(Array.from(widths.dataSync())).toEqual(Array.from(reference.dataSync()));
    tf.dispose([kp, wh, out, reference, widths]);
  });

  it('leaks no tensors', async () => {
    const { kp, wh } = scene();
    await expectNoLeak(() => stats(kp, wh), (t) => t.dispose());
    tf.dispose([kp, wh]);
  });
});

describe('detectionStats, JS pass against tensor ops', () => {
  it.each([
    // continuous values: distinct peaks, so every rank and count is exercised
    ['distinct values', () => tf.randomUniform([3, 24, 20, COCO_CLASSES], 0, 1, 'float32', 11)],
    // tenths: ties, plateaus of equal neighbours, several cells at each maximum, values at the thresholds
    ['ties and plateaus', () => tf.div(tf.round(tf.mul(tf.randomUniform([3, 24, 20, COCO_CLASSES], 0, 1, 'float32', 13), 10)), 10)],
  ])('gives the tensor ops\' values on maps with %s: exact but the mean (float64 sum)', (_, make) => {
    const kp = tf.tidy(make) as tf.Tensor4D;
    const wh = tf.randomUniform([3, 24, 20, 4], 0, 200, 'float32', 12) as tf.Tensor4D;
    const js = detectionStats(kp, wh);
    const ops = detectionStatsTensor(kp, wh);
    expect(js.shape).toEqual(ops.shape);
    const a = js.dataSync(), b = ops.dataSync();
    const meanBlock = 2 + PEAK_THRESHOLDS.length;
    let exactChecked = 0;
    for (let i = 0; i < a.length; i++) {
      const block = Math.floor((i % DETECTION_STATS_DIM) / COCO_CLASSES);
      if (block === meanBlock) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-6);
      else { expect(a[i]).toBe(b[i]); exactChecked++; }
    }
    expect(exactChecked).toBe(3 * 6 * COCO_CLASSES);
    // several peaks per class above the lower threshold: the ranks and counts are exercised
    expect(Math.min(...Array.from(a.subarray(2 * COCO_CLASSES, 3 * COCO_CLASSES)))).toBeGreaterThan(3);
    tf.dispose([kp, wh, js, ops]);
  });
});
