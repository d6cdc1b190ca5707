import { describe, expect, it } from 'vitest';
import { classicalMds, cosineDistances, refineStress, stress } from './mds';

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('multidimensional scaling', () => {
  it('cosine chord distances: 0 for the same direction, √2 at right angles, 2 opposite; length ignored', () => {
    const d = cosineDistances([[1, 0], [5, 0], [0, 2], [-3, 0]]);
    expect(d[0]![1]).toBeCloseTo(0, 9);
    expect(d[0]![2]).toBeCloseTo(Math.SQRT2, 9);
    expect(d[0]![3]).toBeCloseTo(2, 9);
    expect(d.every((row, i) => row[i] === 0 && row.every((v, j) => v === d[j]![i]))).toBe(true);
  });

  it('classical MDS recovers a planar configuration up to rotation, with all the variance on two axes', () => {
    const truth = [{ x: 0, y: 0 }, { x: 3, y: 0 }, { x: 0, y: 1 }, { x: 3, y: 1 }, { x: 1.5, y: 2.5 }];
    const d = truth.map((a) => Float64Array.from(truth, (b) => dist(a, b)));
    const { points, explained } = classicalMds(d);
    for (let i = 0; i < truth.length; i++) for (let j = 0; j < truth.length; j++) expect(dist(points[i]!, points[j]!)).toBeCloseTo(d[i]![j]!, 6);
    expect(explained[0] + explained[1]).toBeCloseTo(1, 6);
    expect(explained[0]).toBeGreaterThanOrEqual(explained[1]);
  });

  it('stress majorization lowers the stress of a squeezed start and leaves an exact fit in place', () => {
    // 8 directions in 5-D: no plane holds their distances exactly
    const cols = Array.from({ length: 8 }, (_, k) => Array.from({ length: 5 }, (_, e) => Math.cos(k * 1.7 + e * e)));
    const d = cosineDistances(cols);
    const start = classicalMds(d).points;
    const refined = refineStress(d, start);
    expect(stress(d, refined)).toBeLessThan(stress(d, start));
    const square = [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }, { x: 1, y: 1 }];
    const exact = square.map((a) => Float64Array.from(square, (b) => dist(a, b)));
    refineStress(exact, square).forEach((p, i) => { expect(p.x).toBeCloseTo(square[i]!.x, 9); expect(p.y).toBeCloseTo(square[i]!.y, 9); });
  });
});
