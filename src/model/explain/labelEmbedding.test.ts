import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { labelEmbeddingColumns, labelMap, nearestNeighbours } from './labelEmbedding';

beforeAll(useCpuBackend);

describe('label embedding map', () => {
  it('places every column, similar directions close and opposite ones far, whatever their length', () => {
    const cols = [[1, 0, 0], [10, 1, 0], [0, 1, 0], [0, 0, 1], [-1, 0, 0.1], [0, -1, 0]];
    const map = labelMap(cols, 2);
    expect(map.points.map((p) => p.label)).toEqual([0, 1, 2, 3, 4, 5]);
    const at = (k: number) => map.points[k]!;
    const d = (a: number, b: number) => Math.hypot(at(a).x - at(b).x, at(a).y - at(b).y);
    expect(d(0, 1)).toBeLessThan(d(0, 2));
    expect(d(0, 4)).toBeGreaterThan(d(0, 2));
    expect(map.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    expect(map.explained[0]).toBeGreaterThanOrEqual(map.explained[1]);
    expect(at(0).neighbours).toEqual([1, 2]);
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
