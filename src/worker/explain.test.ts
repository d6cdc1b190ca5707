import { beforeAll, describe, expect, it } from 'vitest';
import { beamSearch } from '../model/search/beamSearch';
import { createHeadScorer } from '../model/head/headScorer';
import { headMembers, type HeadModel } from '../model/head/headIo';
import { labelSetMarginals } from '../model/explain/pathEffect';
import { randomHeadModel } from '../test/testHead';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { explainPath, type PrefixSearch } from './explain';

beforeAll(useCpuBackend);

const dims = { numLabels: 5, featureDim: 4, embedDim: 6, hiddenDim: 3 };
const features = Float32Array.from([0.3, -1, 2, 0.5]);
const baseline = [0.1, 0.2, 0.3, 0.4, 0.5];
const beam = { beamWidth: 3, maxLength: 4 };

/** The worker's searches of one image, on the tfjs scorer of a test head. */
function searchOf(head: HeadModel): PrefixSearch {
  return async (prefix) => {
    const scorer = createHeadScorer(headMembers(head), head.dims, features);
    return beamSearch(scorer, { ...beam, prefix }).finally(() => scorer.dispose());
  };
}

const request = (path: number[], neighbours = 2) => ({ imageId: 'img-1', path, neighbours, beam, minShown: 0 });

describe('explainPath', () => {
  it('maps every label and END, gives the distributions along the path, and its effect on the label set', async () => {
    const head = randomHeadModel(dims, 7);
    const search = searchOf(head);
    const out = await explainPath(head, request([3, 1]), baseline, search);
    expect(out.map.points.map((p) => p.label)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(out.map.points.every((p) => p.neighbours.length === 2 && !p.neighbours.includes(p.label))).toBe(true);
    expect(out).toMatchObject({ imageId: 'img-1', path: [3, 1], beamWidth: 3, maxLength: 4 });
    // x_1 scores p(· | START), x_2 p(· | 3), x_3 p(· | 3, 1): the forced search's nodes
    const forced = await search([3, 1]);
    const next = (id: string) => Array.from(forced.nodes.find((n) => n.id === id)!.next!);
    expect(out.stepProbs.map((p) => Array.from(p))).toEqual([next('root'), next('3'), next('3/1')]);
    expect(out.stepProbs[2]![3]).toBe(0); // labels already in the path score 0
    // before: the search from START; after: the search with [3, 1] forced
    const before = labelSetMarginals(await search([]));
    const after = labelSetMarginals(forced);
    expect(out.effect.map((r) => r.label).sort()).toEqual([0, 2, 4]);
    for (const r of out.effect) {
      expect(r.before).toBeCloseTo(before[r.label]!, 12);
      expect(r.after).toBeCloseTo(after[r.label]!, 12);
      expect(r.baseline).toBe(baseline[r.label]);
    }
    expect(out.effectMs).toBeGreaterThanOrEqual(0);
  });

  it('START changes nothing; leaks no tensors; the map is cached after the first call', async () => {
    const head = randomHeadModel(dims, 8);
    const first = await expectNoLeak(() => explainPath(head, request([], 3), baseline, searchOf(head)));
    expect(first.effect).toEqual([]);
    expect(first.stepProbs).toHaveLength(1);
    const again = await expectNoLeak(() => explainPath(head, request([0], 3), baseline, searchOf(head)));
    expect(again.map).toBe(first.map);
    expect(again.stepProbs).toHaveLength(2);
  });
});
