import type * as tf from '@tensorflow/tfjs';
import { classicalMds, cosineDistances, dot, refineStress, type PlanePoint } from './mds';

/**
 * The label embedding U_l ([E, L+1], also the output layer) seen in 2-D: its L+1 columns (the 20
 * labels and END) placed by cosine similarity, so labels the head scores alike sit close. Pure
 * numbers.
 */

/** A 2-D point of the label map (units of cosine chord distance, sqrt(2 − 2 cos)). */
export type MapPoint = PlanePoint;

/** One label (or END, label = L) on the map, with its nearest labels in the full E-space. */
export interface LabelPoint extends MapPoint {
  label: number;
  /** Nearest other columns by cosine similarity, nearest first. */
  neighbours: number[];
}

export interface LabelMap {
  points: LabelPoint[];
  /** Share of the classical MDS start's variance on its two axes (0..1), before the stress refinement. */
  explained: [number, number];
}

/** Reads U_l back as its L+1 columns (Float32Array[E] each); one read, no tensor left behind. */
export async function labelEmbeddingColumns(uL: tf.Tensor2D): Promise<Float32Array[]> {
  const [E, K] = uL.shape;
  const flat = (await uL.data()) as Float32Array;
  return Array.from({ length: K }, (_, k) => Float32Array.from({ length: E }, (_, e) => flat[e * K + k]!));
}

/** For each point, the `count` others with the highest cosine similarity, most similar first. */
export function nearestNeighbours(points: ArrayLike<number>[], count: number): number[][] {
  const norms = points.map((p) => Math.sqrt(dot(p, p)) || 1);
  return points.map((p, i) => points
    .map((q, j) => ({ j, sim: dot(p, q) / (norms[i]! * norms[j]!) }))
    .filter(({ j }) => j !== i)
    .sort((a, b) => b.sim - a.sim || a.j - b.j)
    .slice(0, count)
    .map(({ j }) => j));
}

/**
 * The label map of U_l's columns (label k = column k, END last): classical MDS of their cosine
 * chord distances, refined by stress majorization so near labels stay near; neighbours by cosine.
 */
export function labelMap(columns: ArrayLike<number>[], neighbours: number): LabelMap {
  const d = cosineDistances(columns);
  const start = classicalMds(d);
  const placed = refineStress(d, start.points);
  const near = nearestNeighbours(columns, neighbours);
  return { points: columns.map((_, label) => ({ label, ...placed[label]!, neighbours: near[label]! })), explained: start.explained };
}
