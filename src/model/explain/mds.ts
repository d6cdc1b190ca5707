/**
 * Multidimensional scaling into the plane: points placed so that their 2-D distances follow a
 * given distance matrix (classical MDS, then a stress-majorization refinement). Pure numbers.
 */

/** A point of the plane. */
export interface PlanePoint {
  x: number;
  y: number;
}

/** Dot product of two equally long vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Leading eigenvector and eigenvalue of a symmetric positive semi-definite matrix (power iteration). */
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
 * Chord distances between the directions of vectors: |a/|a| − b/|b||  = sqrt(2 − 2 cos(a, b)),
 * 0..2. Unlike 1 − cos they are Euclidean, so classical MDS of them is exact up to dimension.
 */
export function cosineDistances(points: ArrayLike<number>[]): Float64Array[] {
  const norms = points.map((p) => Math.sqrt(dot(p, p)) || 1);
  return points.map((p, i) => Float64Array.from(points, (q, j) => {
    const cos = Math.min(1, Math.max(-1, dot(p, q) / (norms[i]! * norms[j]!)));
    return i === j ? 0 : Math.sqrt(2 - 2 * cos);
  }));
}

/**
 * Classical (Torgerson) MDS: the two leading axes of the double-centred squared distances. Signs
 * are fixed (each axis's farthest point scores positive) so the picture does not flip between
 * runs. `explained`: each axis's share of the total (0..1).
 */
export function classicalMds(d: Float64Array[]): { points: PlanePoint[]; explained: [number, number] } {
  const n = d.length;
  const sq = d.map((row) => row.map((v) => v * v));
  const rowMean = sq.map((row) => row.reduce((s, v) => s + v, 0) / n);
  const all = rowMean.reduce((s, v) => s + v, 0) / n;
  const b = sq.map((row, i) => row.map((v, j) => -0.5 * (v - rowMean[i]! - rowMean[j]! + all)));
  const total = b.reduce((s, row, i) => s + Math.max(0, row[i]!), 0);
  const coords: Float64Array[] = [];
  const explained: number[] = [];
  for (let k = 0; k < 2; k++) {
    const { vector, value } = leadingEigen(b);
    const farthest = vector.reduce((best, x, i) => (Math.abs(x) > Math.abs(vector[best]!) ? i : best), 0);
    const sign = Math.sign(vector[farthest]!) || 1;
    coords.push(vector.map((x) => sign * x * Math.sqrt(Math.max(0, value))));
    explained.push(total > 0 ? value / total : 0);
    // deflate: remove this component before looking for the next
    b.forEach((row, i) => row.forEach((x, j) => { row[j] = x - value * vector[i]! * vector[j]!; }));
  }
  return { points: Array.from(coords[0]!, (x, i) => ({ x, y: coords[1]![i]! })), explained: [explained[0]!, explained[1]!] };
}

/**
 * Weighted stress Σ w_ij (|p_i − p_j| − d_ij)², w_ij = d_ij⁻²: how far the plane's distances are
 * from the wanted ones, relative to each distance (near pairs count as much as far ones).
 */
export function stress(d: Float64Array[], points: PlanePoint[]): number {
  let s = 0;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (!(d[i]![j]! > 0)) continue;
      const r = Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y) - d[i]![j]!;
      s += (r * r) / (d[i]![j]! * d[i]![j]!);
    }
  }
  return s;
}

/**
 * Lowers the weighted stress of a start layout by localized stress majorization (Gansner, Koren
 * and North 2004): each point in turn moves to where its distances to the others fit best. Each
 * move never raises the stress, so the neighbourhoods classical MDS squeezes together open up.
 */
export function refineStress(d: Float64Array[], start: PlanePoint[], rounds = 200): PlanePoint[] {
  const p = start.map((q) => ({ ...q }));
  for (let round = 0; round < rounds; round++) {
    let moved = 0;
    for (let i = 0; i < p.length; i++) {
      let x = 0, y = 0, weights = 0;
      for (let j = 0; j < p.length; j++) {
        const dij = d[i]![j]!;
        if (j === i || !(dij > 0)) continue;
        const w = 1 / (dij * dij);
        const dx = p[i]!.x - p[j]!.x, dy = p[i]!.y - p[j]!.y;
        const len = Math.hypot(dx, dy) || 1e-9;
        x += w * (p[j]!.x + (dij * dx) / len);
        y += w * (p[j]!.y + (dij * dy) / len);
        weights += w;
      }
      if (weights === 0) continue;
      moved += Math.abs(x / weights - p[i]!.x) + Math.abs(y / weights - p[i]!.y);
      p[i] = { x: x / weights, y: y / weights };
    }
    if (moved < 1e-9) break;
  }
  return p;
}
