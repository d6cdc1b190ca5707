import { beforeAll, describe, expect, it } from 'vitest';
import { randomHeadModel } from '../model/testHead';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { explainPath } from './explain';

beforeAll(useCpuBackend);

const dims = { numLabels: 5, featureDim: 4, embedDim: 6, hiddenDim: 3 };
const image = { features: Float32Array.from([0.3, -1, 2, 0.5]), baseline: [0.1, 0.2, 0.3, 0.4, 0.5] };

describe('explainPath', () => {
  it('puts every label and END on the map, one trajectory point per step, effects outside the path', async () => {
    const head = randomHeadModel(dims, 7);
    const out = await explainPath(head, 'img-1', image, [3, 1], 2);
    expect(out.map.points.map((p) => p.label)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(out.map.points.every((p) => p.neighbours.length === 2 && !p.neighbours.includes(p.label))).toBe(true);
    expect(out.trajectory).toHaveLength(3);
    expect(out.effect.map((r) => r.label).sort()).toEqual([0, 2, 4]);
    expect(out.effect.find((r) => r.label === 4)!.baseline).toBe(0.5);
    expect(out.trajectory.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
  });

  it('the root path changes nothing and leaks no tensors (map cached after the first call)', async () => {
    const head = randomHeadModel(dims, 8);
    const first = await expectNoLeak(() => explainPath(head, 'img-1', image, [], 3));
    expect(first.effect).toEqual([]);
    expect(first.trajectory).toHaveLength(1);
    const again = await expectNoLeak(() => explainPath(head, 'img-1', image, [0], 3));
    expect(again.map).toBe(first.map);
  });
});
