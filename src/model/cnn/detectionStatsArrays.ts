import { HEATMAP_STRIDE, PEAK_THRESHOLDS } from '../config';

/**
 * detectionStats (detectionStats.ts) in plain JS from the heat-maps and their 3×3 max-pool, for
 * backends whose tensors already live in CPU memory (WASM, CPU): one pass over the maps instead of
 * the dozen full-size tensor ops that WASM runs as separate unvectorised loops (the max-pool itself
 * stays a tensor op: XNNPACK's is faster than JS). The same values: peaks are the cells equal to
 * their pooled value, as CenterNet decodes its detections; the 2nd and 3rd largest peak (0 where
 * there are fewer), peak counts above each threshold, the spatial mean, and the box at the first
 * cell holding the map's maximum (as an argMax over the map gives). All are exact but the mean,
 * summed in float64 rather than float32 (it differs by ~1e-7 of its value).
 * @param kp [b, h, w, c] sigmoid heat-maps, row-major
 * @param pooled [b, h, w, c] their 3×3 stride-1 max-pool, 'same' padding
 * @param wh [b, h, w, 4] box extents (left, top, right, bottom) in input pixels
 * @returns [b, 7c]: [ 2nd peak | 3rd peak | counts per threshold | mean | box width | box height ]
 */
export function detectionStatsArrays(
  kp: Float32Array, pooled: Float32Array, wh: Float32Array, b: number, h: number, w: number, c: number,
): Float32Array {
  const cells = h * w;
  const side = h * HEATMAP_STRIDE; // the CNN's input side: box extents are fractions of it
  if (kp.length !== b * cells * c || pooled.length !== kp.length) throw new Error(`heat-maps hold ${kp.length} and ${pooled.length} values, expected ${b * cells * c}`);
  if (wh.length !== b * cells * 4) throw new Error(`box extents hold ${wh.length} values, expected ${b * cells * 4}`);
  const T = PEAK_THRESHOLDS.length;
  // as float32, the values' own type, as the tensor ops compare them (0.1 in float64 is below float32's 0.1)
  const thresholds = Float32Array.from(PEAK_THRESHOLDS);
  const blocks = 2 + T + 3;
  const out = new Float32Array(b * blocks * c);
  const top1 = new Float32Array(c), top2 = new Float32Array(c), top3 = new Float32Array(c);
  const counts = new Float64Array(T * c);
  const sum = new Float64Array(c);
  const bestCell = new Int32Array(c);
  for (let v = 0; v < b; v++) {
    top1.fill(0); top2.fill(0); top3.fill(0); counts.fill(0); sum.fill(0); bestCell.fill(0);
    for (let cell = 0; cell < cells; cell++) {
      const at = (v * cells + cell) * c;
      for (let k = 0; k < c; k++) {
        const value = kp[at + k]!;
        sum[k] += value;
        if (value !== pooled[at + k]) continue; // not a peak: 0 in the peak map
        // the map's maximum is a peak, and its first cell is the first peak that beats all before it
        if (value > top1[k]!) { top3[k] = top2[k]!; top2[k] = top1[k]!; top1[k] = value; bestCell[k] = cell; }
        else if (value > top2[k]!) { top3[k] = top2[k]!; top2[k] = value; }
        else if (value > top3[k]!) top3[k] = value;
        for (let t = 0; t < T; t++) if (value > thresholds[t]!) counts[t * c + k]! += 1;
      }
    }
    const o = v * blocks * c;
    for (let k = 0; k < c; k++) {
      out[o + k] = top2[k]!;
      out[o + c + k] = top3[k]!;
      for (let t = 0; t < T; t++) out[o + (2 + t) * c + k] = counts[t * c + k]!;
      out[o + (2 + T) * c + k] = sum[k]! / cells;
      const box = (v * cells + bestCell[k]!) * 4;
      out[o + (3 + T) * c + k] = Math.fround(Math.fround(wh[box]! + wh[box + 2]!) / side);
      out[o + (4 + T) * c + k] = Math.fround(Math.fround(wh[box + 1]! + wh[box + 3]!) / side);
    }
  }
  return out;
}
