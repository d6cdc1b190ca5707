import * as tf from '@tensorflow/tfjs';
import { COCO_CLASSES, GRID_DIM, NANODET_DIM, NUM_VIEWS, RAW_DIM, RAW_VIEW_DIM, VIEW_DIM, VIEW_KEYPOINTS_OFFSET } from '../config';

/** Where a part of I comes from in the raw features (offsets inside a view, the grid or NanoDet). */
export interface FeatureSegment {
  /** whole: the whole image's view; tilesMean / tilesMax: pooled over the 4 tiles; grid; nanodet. */
  source: 'whole' | 'tilesMean' | 'tilesMax' | 'grid' | 'nanodet';
  /** [from, to) inside that source. */
  from: number;
  to: number;
  /** log1p: the values are counts (heavy-tailed), taken as log(1 + v). */
  transform?: 'log1p';
}

/**
 * The shipped image representation I ("base+stats+nanodet+logcounts", 3728 values), as segments of
 * the raw features (Float32Array[RAW_DIM]). Chosen on val by linear probes (docs/research-log.md):
 * the whole view's pooled maps; the tiles pooled (mean GAP, max GMP, max heat-map); the detection
 * statistics of the whole view and their max over the tiles; NanoDet's statistics. Peak and anchor
 * counts enter as log(1 + count): heavy-tailed raw counts cost the linear probe a point.
 */
export const FEATURE_LAYOUT: readonly FeatureSegment[] = [
  { source: 'whole', from: 0, to: 1168 },
  { source: 'tilesMean', from: 0, to: 480 },
  { source: 'tilesMax', from: 480, to: 960 },
  { source: 'tilesMax', from: 1088, to: 1168 },
  // detection statistics (detectionStats.ts): 2nd and 3rd peak | 2 peak counts | mean, box w, h
  { source: 'whole', from: 1168, to: 1328 },
  { source: 'whole', from: 1328, to: 1488, transform: 'log1p' },
  { source: 'whole', from: 1488, to: 1728 },
  { source: 'tilesMax', from: 1168, to: 1328 },
  { source: 'tilesMax', from: 1328, to: 1488, transform: 'log1p' },
  { source: 'tilesMax', from: 1488, to: 1728 },
  // NanoDet (nanodet.ts): per-stride max, 2nd best | anchors > 0.3
  { source: 'nanodet', from: 0, to: 320 },
  { source: 'nanodet', from: 320, to: 400, transform: 'log1p' },
];

/** A segment as compared between a head's training meta and this app (transform included). */
export function segmentKey(s: FeatureSegment): string {
  return `${s.source}:${s.from}-${s.to}${s.transform ? `:${s.transform}` : ''}`;
}

/** Which of I's columns count as the detectors' own class evidence (classEvidenceColumns). */
export const EVIDENCE_SCOPES = ['maxima', 'detections'] as const;
export type EvidenceScope = (typeof EVIDENCE_SCOPES)[number];

/**
 * The columns of I that hold a detector's own score for one COCO class. 'maxima': CenterNet's
 * heat-map maxima (of the whole view, or pooled over the tiles) and NanoDet's per-class max score at
 * each stride. 'detections': every per-class output of the detectors in I: those maxima, CenterNet's
 * detection statistics (2nd and 3rd peaks, peak counts, mean, box sides) and all of NanoDet's values.
 */
export function classEvidenceColumns(layout: readonly FeatureSegment[], scope: EvidenceScope = 'maxima'): number[] {
  const columns: number[] = [];
  let o = 0;
  for (const s of layout) {
    const [from, to] = s.source === 'grid' ? [0, 0]
      : scope === 'detections' ? (s.source === 'nanodet' ? [0, NANODET_DIM] : [VIEW_KEYPOINTS_OFFSET, RAW_VIEW_DIM])
      : s.source === 'nanodet' ? [0, 3 * COCO_CLASSES] : [VIEW_KEYPOINTS_OFFSET, VIEW_DIM];
    const counted = scope === 'detections' || !s.transform;
    for (let i = s.from; i < s.to; i++) if (i >= from && i < to && counted) columns.push(o + i - s.from);
    o += s.to - s.from;
  }
  return columns;
}

/**
 * The columns of I that each CenterNet view group gives: the whole image's view, and the four tiles
 * (mean and max over them). NanoDet's and the grid's columns are in neither.
 */
export function viewColumns(layout: readonly FeatureSegment[]): { whole: number[]; tiles: number[] } {
  const whole: number[] = [];
  const tiles: number[] = [];
  let o = 0;
  for (const s of layout) {
    const into = s.source === 'whole' ? whole : s.source === 'tilesMean' || s.source === 'tilesMax' ? tiles : null;
    for (let i = 0; i < s.to - s.from; i++) into?.push(o + i);
    o += s.to - s.from;
  }
  return { whole, tiles };
}

/** CenterNet's view groups of I, by name (viewColumns). */
export const VIEW_GROUPS = ['whole', 'tiles'] as const;
export type ViewGroup = (typeof VIEW_GROUPS)[number];

/** The columns of each named view group, in the order given (unset: all of VIEW_GROUPS). */
export function viewGroupColumns(layout: readonly FeatureSegment[], groups: readonly ViewGroup[] = VIEW_GROUPS): number[][] {
  const columns = viewColumns(layout);
  return groups.map((g) => columns[g]);
}

/** Number of values a layout gives. */
export function layoutDim(layout: readonly FeatureSegment[]): number {
  return layout.reduce((n, s) => n + s.to - s.from, 0);
}

/**
 * I from raw features, as tensors (differentiable: the evidence maps take gradients through it).
 * @param raw [n, RAW_DIM]
 * @returns [n, layoutDim(layout)]
 */
export function composeFeaturesTensor(raw: tf.Tensor2D, layout: readonly FeatureSegment[] = FEATURE_LAYOUT): tf.Tensor2D {
  return tf.tidy(() => {
    const n = raw.shape[0];
    if (raw.shape[1] !== RAW_DIM) throw new Error(`raw features have ${raw.shape[1]} values, expected ${RAW_DIM}`);
    const views = tf.reshape(tf.slice(raw, [0, 0], [n, NUM_VIEWS * RAW_VIEW_DIM]), [n, NUM_VIEWS, RAW_VIEW_DIM]);
    const tiles = tf.slice(views, [0, 1, 0], [n, NUM_VIEWS - 1, RAW_VIEW_DIM]);
    const part = (s: FeatureSegment): tf.Tensor2D => {
      const w = s.to - s.from;
      switch (s.source) {
        case 'whole': return tf.reshape(tf.slice(views, [0, 0, s.from], [n, 1, w]), [n, w]);
        case 'tilesMean': return tf.mean(tf.slice(tiles, [0, 0, s.from], [n, -1, w]), 1);
        case 'tilesMax': return tf.max(tf.slice(tiles, [0, 0, s.from], [n, -1, w]), 1);
        case 'grid': return tf.slice(raw, [0, NUM_VIEWS * RAW_VIEW_DIM + s.from], [n, w]);
        case 'nanodet': return tf.slice(raw, [0, NUM_VIEWS * RAW_VIEW_DIM + GRID_DIM + s.from], [n, w]);
      }
    };
    return tf.concat(layout.map((s) => (s.transform === 'log1p' ? tf.log1p(part(s)) : part(s))), 1) as tf.Tensor2D;
  });
}

/**
 * I from raw features (Float32Array[RAW_DIM] per photo, rows concatenated) → Float32Array[n × dim].
 * Plain arithmetic on the CPU, the same as composeFeaturesTensor (featureLayout.test.ts checks it):
 * no tensor, so no synchronous GPU read-back on WebGPU.
 */
export function composeFeatures(raw: Float32Array, layout: readonly FeatureSegment[] = FEATURE_LAYOUT): Float32Array {
  const n = raw.length / RAW_DIM;
  const dim = layoutDim(layout);
  const out = new Float32Array(n * dim);
  const tiles = NUM_VIEWS - 1;
  for (let r = 0; r < n; r++) {
    const base = r * RAW_DIM;
    let o = r * dim;
    for (const s of layout) {
      for (let i = s.from; i < s.to; i++) {
        const tile = (t: number) => raw[base + (1 + t) * RAW_VIEW_DIM + i]!;
        let v: number;
        switch (s.source) {
          case 'whole': v = raw[base + i]!; break;
          case 'tilesMean': { let sum = 0; for (let t = 0; t < tiles; t++) sum += tile(t); v = sum / tiles; break; }
          case 'tilesMax': { let m = -Infinity; for (let t = 0; t < tiles; t++) m = Math.max(m, tile(t)); v = m; break; }
          case 'grid': v = raw[base + NUM_VIEWS * RAW_VIEW_DIM + i]!; break;
          case 'nanodet': v = raw[base + NUM_VIEWS * RAW_VIEW_DIM + GRID_DIM + i]!; break;
        }
        out[o++] = s.transform === 'log1p' ? Math.log1p(v) : v;
      }
    }
  }
  return out;
}
