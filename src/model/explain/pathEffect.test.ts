import { describe, expect, it } from 'vitest';
import { tableScorer } from '../../test/tableScorer';
import { beamSearch } from '../search/beamSearch';
import type { BeamNode, BeamResult } from '../search/beamTypes';
import { labelSetMarginals, pathEffect } from './pathEffect';

/** A finished tree by hand: 3 labels, END = 3; only the candidates matter to the marginals. */
function handTree(candidates: { labels: number[]; logProb: number }[]): BeamResult {
  const nodes = candidates.map(({ labels, logProb }) => ({
    id: [...labels, 'END'].join('/'), parentId: null, label: 3, labels, depth: labels.length + 1, stepProb: 1, logProb,
    rank: 0, status: 'end', onBestPath: false,
  }) satisfies BeamNode);
  return {
    numLabels: 3, beamWidth: 3, maxLength: 3, nodes, candidates: nodes.map((n) => n.id), best: null, scorerCalls: 0, steps: [],
    stop: { step: 3, reason: 'exhausted', bestOpenLogProb: null, worstCandidateLogProb: null },
  };
}

describe('labelSetMarginals', () => {
  it('sums the finished paths that hold each label, over all finished paths', () => {
    const m = labelSetMarginals(handTree([
      { labels: [0, 1], logProb: Math.log(0.3) }, { labels: [0], logProb: Math.log(0.2) }, { labels: [2], logProb: Math.log(0.1) },
    ]));
    expect(Array.from(m)).toEqual([5 / 6, 3 / 6, 1 / 6].map((v) => expect.closeTo(v, 12)));
  });

  it('does not underflow on a forced, improbable prefix, and is 0 when nothing finished', () => {
    const m = labelSetMarginals(handTree([{ labels: [1, 0], logProb: -2000 }, { labels: [1], logProb: -2000 + Math.log(3) }]));
    expect(Array.from(m)).toEqual([0.25, 1, 0].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(labelSetMarginals(handTree([])))).toEqual([0, 0, 0]);
  });

  it('from a prefix: the search with the prefix forced, worked out by hand', async () => {
    const table = {
      root: [0.5, 0.3, 0.1, 0.1],
      '1': [0.6, 0, 0.1, 0.3], // after the forced 1: 0 (kept), END (finished), 2 (pruned at N = 2)
      '1/0': [0, 0, 0.5, 0.5], // 2 and END, equally likely
      '1/0/2': [0, 0, 0, 1],
    };
    const tree = await beamSearch(tableScorer(table), { beamWidth: 2, maxLength: 3, prefix: [1] });
    expect([...tree.candidates].sort()).toEqual(['1/0/2/END', '1/0/END', '1/END']);
    // three finished paths of equal probability 0.09: 1 in all, 0 in two, 2 in one
    expect(Array.from(labelSetMarginals(tree))).toEqual([2 / 3, 1, 1 / 3].map((v) => expect.closeTo(v, 6)));
  });
});

describe('pathEffect', () => {
  const before = [0.9, 0.005, 0.3, 0.004];
  const after = [1, 0.6, 0.1, 0.009];

  it('keeps labels outside the path seen at least once at 1%, most raised first', () => {
    const rows = pathEffect(before, after, [0], [0.8, 0.7, 0.2, 0.1], 0.01);
    expect(rows.map((r) => r.label)).toEqual([1, 2]);
    expect(rows[0]).toEqual({ label: 1, before: 0.005, after: 0.6, change: expect.closeTo(0.595, 12), baseline: 0.7 });
    expect(rows[1]!.change).toBeCloseTo(-0.2, 12);
    expect(pathEffect(before, after, [], null, 0.01).map((r) => [r.label, r.baseline])).toEqual([[1, null], [0, null], [2, null]]);
  });
});
