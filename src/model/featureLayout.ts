import { EXTERN_CHANNELS, FEATURE_DIM, NUM_VIEWS, RAW_VIEW_DIM, TILES_DIM, VIEW_DIM, VIEW_KEYPOINTS_OFFSET } from './config';

/**
 * The image representation I composed from the raw features (Float32Array[RAW_DIM]):
 * [ whole-image view (VIEW_DIM) | tiles pooled: mean GAP, max GMP, max heat-map (TILES_DIM) ].
 */
export function composeFeatures(raw: Float32Array): Float32Array {
  const out = new Float32Array(FEATURE_DIM);
  out.set(raw.subarray(0, VIEW_DIM), 0);
  const E = EXTERN_CHANNELS;
  const tile = (t: number, off: number, i: number) => raw[(1 + t) * RAW_VIEW_DIM + off + i]!;
  for (let i = 0; i < E; i++) {
    let mean = 0, max = -Infinity;
    for (let t = 0; t < NUM_VIEWS - 1; t++) { mean += tile(t, 0, i); max = Math.max(max, tile(t, E, i)); }
    out[VIEW_DIM + i] = mean / (NUM_VIEWS - 1);
    out[VIEW_DIM + E + i] = max;
  }
  const K = VIEW_DIM - VIEW_KEYPOINTS_OFFSET;
  for (let i = 0; i < K; i++) {
    let max = -Infinity;
    for (let t = 0; t < NUM_VIEWS - 1; t++) max = Math.max(max, tile(t, VIEW_KEYPOINTS_OFFSET, i));
    out[VIEW_DIM + 2 * E + i] = max;
  }
  if (2 * E + K !== TILES_DIM) throw new Error('tile layout out of step with TILES_DIM');
  return out;
}
