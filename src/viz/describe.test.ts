import { describe, expect, it } from 'vitest';
import type { BeamResult } from '../model/search/beamTypes';
import { beamSearch } from '../model/search/beamSearch';
import { tableScorer } from '../test/tableScorer';
import { describeStop, describeStopShort, formatPercent, formatPoints, labelSetText, likeliestFirstLabels, runnerUpSets } from './describe';

const result = (reason: BeamResult['stop']['reason']) => ({
  maxLength: 4, stop: { step: 3, reason, bestOpenLogProb: Math.log(0.01), worstCandidateLogProb: Math.log(0.2) },
}) as BeamResult;

describe('describe', () => {
  it('writes probabilities as percentages and changes as signed percentage points', () => {
    expect([0.835, 0.012, 0.5, 0.0001, 0.99999, 1].map(formatPercent)).toEqual(['83.5%', '1.2%', '50%', '0%', '100%', '100%']);
    expect([0.123, -0.004, 0, 0.00001].map(formatPoints)).toEqual(['+12.3', '−0.4', '0', '0']);
  });

  it('has a short form of every stop for small screens', () => {
    expect(describeStopShort(result('converged'))).toBe('stop @3: converged');
    expect(describeStopShort(result('maxLength'))).toBe('stop @3: max length 4');
    expect(describeStopShort(result('exhausted'))).toBe('stop @3: all ended');
    for (const r of ['converged', 'maxLength', 'exhausted'] as const) {
      expect(describeStopShort(result(r)).length).toBeLessThan(describeStop(result(r)).length);
    }
  });
});

describe('likeliestFirstLabels', () => {
  it('gives the first step\'s likeliest labels, END left out, above the floor, most probable first', async () => {
    // END first is the best path (0.5); labels 2 (0.3) and 0 (0.15) follow, 1 is under the floor
    const r = await beamSearch(tableScorer({ root: [0.15, 0.05, 0.3, 0.5] }, [0, 0, 0, 1]), { beamWidth: 3, maxLength: 3 });
    expect(r.best?.labels).toEqual([]);
    expect(likeliestFirstLabels(r, 3, 0.1).map((x) => x.label)).toEqual([2, 0]);
    expect(likeliestFirstLabels(r, 1, 0.1)).toEqual([{ label: 2, p: expect.closeTo(0.3, 6) }]);
    expect(likeliestFirstLabels(r, 3, 0.01).map((x) => x.label)).toEqual([2, 0, 1]);
  });
});

describe('labelSetText', () => {
  it('names a set, and for an empty one the likeliest first label', async () => {
    const names = ['cat', 'dog', 'bird'];
    const empty = await beamSearch(tableScorer({ root: [0.15, 0.05, 0.3, 0.5] }, [0, 0, 0, 1]), { beamWidth: 3, maxLength: 3 });
    expect(labelSetText(empty, names, [])).toBe('(none; closest bird 30%)');
    expect(labelSetText(empty, names, [1, 0])).toBe('dog, cat');
    const sure = await beamSearch(tableScorer({ root: [0.01, 0.01, 0.01, 0.97] }, [0, 0, 0, 1]), { beamWidth: 3, maxLength: 3 });
    expect(labelSetText(sure, names, [])).toBe('(none)');
  });
});

describe('runnerUpSets', () => {
  it('lists the next label sets after the best, most probable first, above the floor', async () => {
    // labels cat 0, dog 1, bird 2, END 3: cat (0.405) beats dog (0.315), then END first (0.15)
    const table = { root: [0.45, 0.35, 0.05, 0.15], '0': [0, 0.1, 0, 0.9], '1': [0.1, 0, 0, 0.9] };
    const r = await beamSearch(tableScorer(table, [0, 0, 0, 1]), { beamWidth: 3, maxLength: 3 });
    expect(r.best?.labels).toEqual([0]);
    const next = runnerUpSets(r, 5, 0.01);
    expect(next.map((s) => s.labels)).toEqual([[1], []]);
    expect(next.map((s) => s.prob)).toEqual([expect.closeTo(0.315, 6), expect.closeTo(0.15, 6)]);
    for (const s of next) expect(r.nodes.find((n) => n.id === s.id)?.status).toBe('end');
    expect(runnerUpSets(r, 1).map((s) => s.labels)).toEqual([[1]]);
    expect(runnerUpSets(r, 2, 0.2).map((s) => s.labels)).toEqual([[1]]);
  });

  it('lists a set once, whatever the order of its labels', async () => {
    // cat → dog (0.36) is the best path; dog → cat (0.32) holds the same set, so END first (0.2) comes next
    const table = { root: [0.4, 0.4, 0, 0.2], '0': [0, 0.9, 0, 0.1], '1': [0.8, 0, 0, 0.2] };
    const r = await beamSearch(tableScorer(table, [0, 0, 0, 1]), { beamWidth: 3, maxLength: 3 });
    expect(r.best?.labels).toEqual([0, 1]);
    expect(r.candidates.map((id) => r.nodes.find((n) => n.id === id)!.labels)).toContainEqual([1, 0]);
    const next = runnerUpSets(r, 5, 0.01);
    expect(next[0]).toMatchObject({ labels: [], prob: expect.closeTo(0.2, 6) });
    expect(next.some((s) => s.labels.length === 2)).toBe(false);
  });

  it('is empty when the best set has no rival above the floor', async () => {
    const r = await beamSearch(tableScorer({ root: [0.97, 0.01, 0.01, 0.01] }, [0.001, 0.001, 0.001, 0.997]), { beamWidth: 3, maxLength: 3 });
    expect(r.best?.labels).toEqual([0]);
    expect(runnerUpSets(r)).toEqual([]);
  });
});
