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
  return {
    width, height,
    labels: map.points.map((p) => ({ label: p.label, name: labelName(labels, p.label), neighbours: p.neighbours, inPath: inPath.has(p.label), ...place(p) })),
    trajectory: trajectory.map((p, t) => ({ ...place(p), after: t === 0 ? 'START' : labelName(labels, path[t - 1]!) })),
  };
}
