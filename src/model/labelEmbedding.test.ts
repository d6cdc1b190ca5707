import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { labelEmbeddingColumns, labelMap, nearestNeighbours, principalAxes, projectPoint } from './labelEmbedding';

beforeAll(useCpuBackend);

// Four points in 3-D around (1, 1, 1): spread 2 along x, 1 along y, none along z.
const cross = [[3, 1, 1], [-1, 1, 1], [1, 2, 1], [1, 0, 1]];

describe('label embedding map', () => {
  it('finds the principal axes, their variance share and a fixed sign', () => {
    const p = principalAxes(cross);
    expect(Array.from(p.mean)).toEqual([1, 1, 1]);
    expect(Array.from(p.axes[0]).map(Math.abs)).toEqual([1, 0, 0].map((v) => expect.closeTo(v, 9)));
    expect(Array.from(p.axes[1]).map(Math.abs)).toEqual([0, 1, 0].map((v) => expect.closeTo(v, 9)));
    expect(p.explained[0]).toBeCloseTo(8 / 10, 9);
    expect(p.explained[1]).toBeCloseTo(2 / 10, 9);
    expect(projectPoint(p, [3, 1, 1]).x).toBeCloseTo(2, 9); // the farthest point scores positive
    expect(Math.abs(projectPoint(p, [1, 0, 5]).y)).toBeCloseTo(1, 9); // z is dropped
  });

  it('projects columns and new points the same way', () => {
    const cols = Array.from({ length: 7 }, (_, k) => Array.from({ length: 5 }, (_, e) => Math.cos(k * 1.3 + e * e)));
    const { map, projection } = labelMap(cols, 2);
    expect(map.points).toHaveLength(7);
    const mean = cols[0]!.map((_, e) => cols.reduce((s, c) => s + c[e]!, 0) / 7);
    expect(projectPoint(projection, mean).x).toBeCloseTo(0, 9);
    map.points.forEach((pt, k) => expect(projectPoint(projection, cols[k]!)).toEqual({ x: pt.x, y: pt.y }));
    expect(map.points.reduce((s, pt) => s + pt.x, 0)).toBeCloseTo(0, 9);
    expect(Math.abs(dotAxes(projection.axes))).toBeLessThan(1e-9);
    expect(map.explained[0]).toBeGreaterThanOrEqual(map.explained[1]);
  });

  it('names each point\'s nearest neighbours by cosine similarity', () => {
    const near = nearestNeighbours([[1, 0], [0.9, 0.1], [0, 1], [-1, 0]], 2);
    expect(near).toEqual([[1, 2], [0, 2], [1, 0], [2, 1]]);
  });

  it('reads U_l column by column, leaking nothing', async () => {
    const uL = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const cols = await expectNoLeak(() => labelEmbeddingColumns(uL));
    expect(cols.map((c) => Array.from(c))).toEqual([[1, 4], [2, 5], [3, 6]]);
  });
});

function dotAxes([a, b]: [Float64Array, Float64Array]): number {
  return a.reduce((s, x, i) => s + x * b[i]!, 0);
}
