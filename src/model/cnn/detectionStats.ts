import * as tf from '@tensorflow/tfjs';
import { COCO_CLASSES, HEATMAP_STRIDE, PEAK_THRESHOLDS } from '../config';
import { detectionStatsArrays } from './detectionStatsArrays';

/** Backends whose tensors sit in CPU memory: a read of the maps costs a copy, not a GPU round trip. */
const CPU_RESIDENT_BACKENDS: ReadonlySet<string> = new Set(['wasm', 'cpu']);

/**
 * Detection-level statistics of CenterNet's per-class centre heat-maps, per view:
 * [ 2nd peak 80 | 3rd peak 80 | peaks > 0.1 80 | peaks > 0.3 80 | spatial mean 80 |
 *   best box width 80 | best box height 80 ] (DETECTION_STATS_DIM = 560; widths and heights as
 * fractions of the view side). Peaks are the heat-map's local maxima after a 3×3 max-pool NMS,
 * as CenterNet decodes its detections.
 * @param keypoints [B,S/4,S/4,80] sigmoid heat-maps (S: the CNN's input side)
 * @param wh [B,S/4,S/4,4] box extents at each centre, in input pixels (left, top, right, bottom)
 * @returns [B, DETECTION_STATS_DIM]
 */
export function detectionStats(keypoints: tf.Tensor4D, wh: tf.Tensor4D): tf.Tensor2D {
  if (!CPU_RESIDENT_BACKENDS.has(tf.getBackend())) return detectionStatsTensor(keypoints, wh);
  // WASM and CPU: the max-pool as a tensor op, the rest in one JS pass over the maps
  // (detectionStatsArrays.ts; the same values); on a GPU the maps stay there and the tensor ops below run.
  const [b, h, w, c] = keypoints.shape;
  const pooled = tf.maxPool(keypoints, 3, 1, 'same');
  try {
    const values = detectionStatsArrays(
      keypoints.dataSync() as Float32Array, pooled.dataSync() as Float32Array, wh.dataSync() as Float32Array, b, h, w, c,
    );
    return tf.tensor2d(values, [b, values.length / b]);
  } finally {
    pooled.dispose();
  }
}

/** detectionStats as tensor ops, for backends that keep the maps on a GPU (WebGPU, WebGL). */
export function detectionStatsTensor(keypoints: tf.Tensor4D, wh: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, h, w, c] = keypoints.shape;
    const pooled = tf.maxPool(keypoints, 3, 1, 'same');
    const peaks = tf.mul(keypoints, tf.cast(tf.equal(keypoints, pooled), 'float32'));
    const perClass = tf.transpose(tf.reshape(peaks, [b, h * w, c]), [0, 2, 1]); // [B,80,HW]
    const top = tf.topk(perClass, 3).values; // [B,80,3], sorted
    const kth = (k: number) => tf.squeeze(tf.slice(top, [0, 0, k], [-1, -1, 1]), [2]);
    const counts = PEAK_THRESHOLDS.map((t) => tf.sum(tf.cast(tf.greater(perClass, t), 'float32'), 2));
    const mean = tf.mean(keypoints, [1, 2]);
    // The heat-map's maximum is always a peak (nothing in its 3×3 window exceeds it), and every cell
    // holding it is one: so the first peak at the maximum is the first cell at it, as an argMax over
    // the map gives, and the argMax over the last axis of the already transposed peaks avoids
    // reducing over a middle axis (a transpose of the whole map first, on every backend).
    const best = tf.argMax(perClass, 2); // [B,80]
    const whFlat = tf.reshape(wh, [b, h * w, 4]);
    const boxes = tf.stack(Array.from({ length: b }, (_, i) =>
      tf.gather(tf.squeeze(tf.slice(whFlat, [i, 0, 0], [1, -1, -1]), [0]), tf.squeeze(tf.slice(best, [i, 0], [1, -1]), [0]))), 0); // [B,80,4]
    const side = (i: number, j: number) => tf.div(
      tf.add(tf.squeeze(tf.slice(boxes, [0, 0, i], [-1, -1, 1]), [2]), tf.squeeze(tf.slice(boxes, [0, 0, j], [-1, -1, 1]), [2])),
      h * HEATMAP_STRIDE); // the CNN's input side: box extents are fractions of it
    const out = tf.concat([kth(1), kth(2), ...counts, mean, side(0, 2), side(1, 3)], 1) as tf.Tensor2D;
    if (out.shape[1] !== 7 * COCO_CLASSES) throw new Error(`detectionStats produced ${out.shape[1]} values`);
    return out;
  });
}
