import type * as tf from '@tensorflow/tfjs';

/**
 * The label embedding U_l ([E, L+1], also the output layer) seen in 2-D: PCA of its L+1 columns
 * (the 20 labels and END), and the same projection for joint-space points x_t. Pure numbers.
 */

/** A 2-D point of the label map (PCA units: the projection on each principal axis). */
export interface MapPoint {
  x: number;
  y: number;
}

/** Two principal axes of a point set in E dimensions, and how to put any E-vector on them. */
export interface EmbeddingProjection {
  /** Mean of the columns: Float64Array[E]. */
  mean: Float64Array;
  /** Unit principal axes, first two: Float64Array[E] each. */
  axes: [Float64Array, Float64Array];
  /** Fraction of the columns' variance along each axis (0..1). */
  explained: [number, number];
}

/** One label (or END, label = L) on the map, with its nearest labels in the full E-space. */
export interface LabelPoint extends MapPoint {
  label: number;
  /** Nearest other columns by cosine similarity, nearest first. */
  neighbours: number[];
}

export interface LabelMap {
  points: LabelPoint[];
  explained: [number, number];
}

/** Reads U_l back as its L+1 columns (Float32Array[E] each); one read, no tensor left behind. */
export async function labelEmbeddingColumns(uL: tf.Tensor2D): Promise<Float32Array[]> {
  const [E, K] = uL.shape;
  const flat = (await uL.data()) as Float32Array;
  return Array.from({ length: K }, (_, k) => Float32Array.from({ length: E }, (_, e) => flat[e * K + k]!));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Leading eigenvector of a symmetric positive semi-definite matrix (power iteration). */
function leadingEigen(m: Float64Array[], iterations = 2000): { vector: Float64Array; value: number } {
  const n = m.length;
  let v = Float64Array.from({ length: n }, (_, i) => 1 + i / n);
  let value = 0;
  for (let it = 0; it < iterations; it++) {
    const next = Float64Array.from(m, (row) => dot(row, v));
    const norm = Math.sqrt(dot(next, next));
    if (norm === 0) return { vector: v.map(() => 0), value: 0 };
    next.forEach((x, i) => { next[i] = x / norm; });
    const change = next.reduce((s, x, i) => s + Math.abs(x - v[i]!), 0);
    v = next;
    value = norm;
    if (change < 1e-13) break;
  }
  return { vector: v, value };
}

/**
 * PCA of a set of points (the columns of U_l): the two leading principal axes through the
 * points' mean, found from the small n×n Gram matrix. Signs are fixed (largest |coordinate| of
 * each axis's point scores positive) so the map does not flip between runs.
 */
export function principalAxes(points: ArrayLike<number>[]): EmbeddingProjection {
  const n = points.length;
  const E = points[0]!.length;
  const mean = new Float64Array(E);
  points.forEach((p) => { for (let e = 0; e < E; e++) mean[e] += p[e]! / n; });
  const centred = points.map((p) => Float64Array.from({ length: E }, (_, e) => p[e]! - mean[e]!));
  const gram = centred.map((a) => Float64Array.from(centred, (b) => dot(a, b)));
  const total = gram.reduce((s, row, i) => s + row[i]!, 0);
  const axes: Float64Array[] = [];
  const explained: number[] = [];
  for (let k = 0; k < 2; k++) {
    const { vector, value } = leadingEigen(gram);
    const axis = new Float64Array(E);
    centred.forEach((c, i) => { for (let e = 0; e < E; e++) axis[e] += vector[i]! * c[e]!; });
    const norm = Math.sqrt(dot(axis, axis)) || 1;
    const farthest = vector.reduce((best, x, i) => (Math.abs(x) > Math.abs(vector[best]!) ? i : best), 0);
    const sign = Math.sign(vector[farthest]!) || 1;
    axes.push(axis.map((x) => (sign * x) / norm));
    explained.push(total > 0 ? value / total : 0);
    // deflate: remove this component before looking for the next
    gram.forEach((row, i) => row.forEach((x, j) => { row[j] = x - value * vector[i]! * vector[j]!; }));
  }
  return { mean, axes: [axes[0]!, axes[1]!], explained: [explained[0]!, explained[1]!] };
}

/** Puts an E-vector (a column of U_l or a joint-space point x_t) on the map. */
export function projectPoint(p: EmbeddingProjection, v: ArrayLike<number>): MapPoint {
  const centred = Float64Array.from(p.mean, (m, e) => v[e]! - m);
  return { x: dot(centred, p.axes[0]), y: dot(centred, p.axes[1]) };
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

/** The label map of U_l's columns (label k = column k, END last) and the projection used. */
export function labelMap(columns: ArrayLike<number>[], neighbours: number): { map: LabelMap; projection: EmbeddingProjection } {
  const projection = principalAxes(columns);
  const near = nearestNeighbours(columns, neighbours);
  const points = columns.map((c, label) => ({ label, ...projectPoint(projection, c), neighbours: near[label]! }));
  return { map: { points, explained: projection.explained }, projection };
}
