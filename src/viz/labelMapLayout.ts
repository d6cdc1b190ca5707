import type { LabelMap, MapPoint } from '../model/labelEmbedding';
import { labelName } from './describe';
import { LABEL_MAP } from './explainConfig';

export interface PlacedLabel {
  label: number;
  name: string;
  x: number;
  y: number;
  neighbours: number[];
  /** In the explained path. */
  inPath: boolean;
}

export interface PlacedStep {
  x: number;
  y: number;
  /** What the point follows: "START" or the label just fed in. */
  after: string;
}

export interface LabelMapLayout {
  labels: PlacedLabel[];
  trajectory: PlacedStep[];
  width: number;
  height: number;
}

/**
 * Fits the label points and the path's x_t into the drawing, one scale for both axes (PCA
 * distances stay comparable), first axis to the right, second up.
 */
export function layoutLabelMap(map: LabelMap, trajectory: MapPoint[], path: number[], labels: string[]): LabelMapLayout {
  const { width, height, margin } = LABEL_MAP;
  const all = [...map.points, ...trajectory];
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((width - 2 * margin) / (x1 - x0 || 1), (height - 2 * margin) / (y1 - y0 || 1));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const place = (p: MapPoint) => ({ x: width / 2 + (p.x - cx) * scale, y: height / 2 - (p.y - cy) * scale });
  const inPath = new Set(path);
  const spots = separate(map.points.map(place), LABEL_MAP.minSeparation, { x0: margin, x1: width - margin, y0: margin, y1: height - margin });
  return {
    width, height,
    labels: map.points.map((p, i) => ({ label: p.label, name: labelName(labels, p.label), neighbours: p.neighbours, inPath: inPath.has(p.label), ...spots[i]! })),
    trajectory: trajectory.map((p, t) => ({ ...place(p), after: t === 0 ? 'START' : labelName(labels, path[t - 1]!) })),
  };
}

/**
 * Nudges points apart until no two are closer than `min` (or 100 rounds pass), staying inside
 * `box`: labels whose embeddings nearly coincide stay side by side instead of one hiding the other.
 * Points already far enough apart do not move. Deterministic (coincident points part along a
 * direction given by their indices).
 */
export function separate(points: { x: number; y: number }[], min: number, box: { x0: number; x1: number; y0: number; y1: number }): { x: number; y: number }[] {
  const out = points.map((p) => ({ ...p }));
  for (let round = 0; round < 100; round++) {
    let moved = false;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!, b = out[j]!;
        let dx = b.x - a.x, dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= min) continue;
        if (d < 1e-6) { const t = (i * 7 + j * 13) % 360 * (Math.PI / 180); dx = Math.cos(t); dy = Math.sin(t); d = 1; }
        const push = (min - Math.hypot(b.x - a.x, b.y - a.y)) / 2 + 0.01;
        a.x -= (dx / d) * push; a.y -= (dy / d) * push;
        b.x += (dx / d) * push; b.y += (dy / d) * push;
        moved = true;
      }
    }
    for (const p of out) { p.x = Math.min(box.x1, Math.max(box.x0, p.x)); p.y = Math.min(box.y1, Math.max(box.y0, p.y)); }
    if (!moved) break;
  }
  return out;
}
