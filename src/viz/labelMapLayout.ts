import type { LabelMap, MapPoint } from '../model/explain/labelEmbedding';
import { labelName } from './describe';
import { LABEL_MAP } from './explainConfig';
import { spreadLabels, type NameSpot, type Spot } from './labelPlacement';

export interface PlacedLabel {
  label: number;
  name: string;
  x: number;
  y: number;
  /** Where its name is drawn (never over another name). */
  text: NameSpot;
  neighbours: number[];
  /** In the explained path. */
  inPath: boolean;
}

export interface PlacedStep {
  x: number;
  y: number;
  /** What the point follows: "START" or the label just fed in. */
  after: string;
  /** The label it scores highest (END = L), where the trajectory heads. */
  top: number;
}

export interface LabelMapLayout {
  labels: PlacedLabel[];
  trajectory: PlacedStep[];
  width: number;
  height: number;
}

/** Map points scaled into `box`, one scale for both axes (distances stay comparable), second axis up. */
export function fitPoints(points: MapPoint[], box: { x0: number; x1: number; y0: number; y1: number }): Spot[] {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((box.x1 - box.x0) / (x1 - x0 || 1), (box.y1 - box.y0) / (y1 - y0 || 1));
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const [mx, my] = [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2];
  return points.map((p) => ({ x: mx + (p.x - cx) * scale, y: my - (p.y - cy) * scale }));
}

/**
 * The p-weighted mean of the label points: where a step's x_t sits, given what it scores
 * (`probs`: Float32Array[L+1], END last, in the order of `spots`). Inside the points' hull, so
 * inside their bounding box; the centroid when nothing scores.
 */
export function weightedSpot(spots: Spot[], probs: ArrayLike<number>): Spot {
  let x = 0, y = 0, total = 0;
  spots.forEach((s, k) => { const p = probs[k] ?? 0; x += p * s.x; y += p * s.y; total += p; });
  if (!(total > 0)) return { x: spots.reduce((a, s) => a + s.x, 0) / spots.length, y: spots.reduce((a, s) => a + s.y, 0) / spots.length };
  return { x: x / total, y: y / total };
}

/**
 * Lays out the label map: the 20 labels and END spread over the drawing, each name readable and
 * clear of the others, and the path's x_t at the p-weighted mean of the labels it scores, so the
 * trajectory heads for what comes next. `stepProbs[t]` is what x_{t+1} scores.
 */
export function layoutLabelMap(map: LabelMap, stepProbs: ArrayLike<number>[], path: number[], labels: string[]): LabelMapLayout {
  const { width, height, margin, minSeparation } = LABEL_MAP;
  const box = { x0: margin, x1: width - margin, y0: margin, y1: height - margin };
  const names = map.points.map((p) => labelName(labels, p.label));
  const spread = spreadLabels(fitPoints(map.points, box), names, minSeparation, box, width, height);
  const inPath = new Set(path);
  const byLabel: Spot[] = [];
  map.points.forEach((p, i) => { byLabel[p.label] = spread.points[i]!; });
  return {
    width, height,
    labels: map.points.map((p, i) => ({
      label: p.label, name: names[i]!, ...spread.points[i]!, text: spread.names[i]!, neighbours: p.neighbours, inPath: inPath.has(p.label),
    })),
    trajectory: stepProbs.map((probs, t) => ({
      ...weightedSpot(byLabel, probs), after: t === 0 ? 'START' : labelName(labels, path[t - 1]!), top: argmax(probs),
    })),
  };
}

function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}
