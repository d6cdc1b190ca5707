import { describe, expect, it } from 'vitest';
import { beamSearch, labelMarginals, pathId, topChoices } from './beamSearch';
import { tableScorer } from '../../test/tableScorer';

// Hand-worked tree (N = 2):
// root → 0 (.5), 1 (.3)                          both kept
// "0"  → END (.7 → .35), 1 (.2 → .10)
// "1"  → 0 (.6 → .18), END (.3 → .09)
// best 2 of step 2: 0/END (.35, candidate), 1/0 (.18, open); pruned 0/1, 1/END
// stop: best open .18 < worst candidate .35 → converged at step 2, best {0} with p .35.
const TABLE = {
  root: [0.5, 0.3, 0.1, 0.1],
  '0': [0, 0.2, 0.1, 0.7],
  '1': [0.6, 0, 0.1, 0.3],
  '1/0': [0, 0, 0.2, 0.8],
};

describe('beamSearch', () => {
  it('follows the hand-worked tree and stops by the paper rule', async () => {
    const scorer = tableScorer(TABLE);
    const r = await beamSearch(scorer, { beamWidth: 2, maxLength: 3 });
    const byId = Object.fromEntries(r.nodes.map((n) => [n.id, n]));
    expect(r.nodes.map((n) => n.id).sort()).toEqual(['0', '0/1', '0/END', '1', '1/0', '1/END', 'root']);
    expect(byId['0']!.status).toBe('kept');
    expect(byId['1']!.status).toBe('kept');
    expect(byId['0/END']!.status).toBe('end');
    expect(byId['1/0']!.status).toBe('open');
    expect(byId['0/1']!.status).toBe('pruned');
    expect(byId['1/END']!.status).toBe('pruned');
    expect(Math.exp(byId['1/0']!.logProb)).toBeCloseTo(0.18, 6);
    expect(r.best).toEqual({ id: '0/END', labels: [0], prob: expect.closeTo(0.35, 6) });
    expect(r.stop.reason).toBe('converged');
    expect(r.stop.step).toBe(2);
    expect(Math.exp(r.stop.bestOpenLogProb!)).toBeCloseTo(0.18, 6);
    expect(Math.exp(r.stop.worstCandidateLogProb!)).toBeCloseTo(0.35, 6);
    expect(r.scorerCalls).toBe(2);
    expect(scorer.calls).toBe(2);
    expect(['root', '0', '0/END'].every((id) => byId[id]!.onBestPath)).toBe(true);
    expect(byId['1']!.onBestPath).toBe(false);
    expect(r.steps.map((s) => s.frontier)).toEqual([['0', '1'], ['1/0']]);
    expect(r.steps[1]!.pruned).toEqual(['0/1', '1/END']);
  });

  it('keeps searching while an open path beats a candidate, then converges', async () => {
    const r = await beamSearch(tableScorer(TABLE), { beamWidth: 2, maxLength: 3, prefix: [1] });
    const byId = Object.fromEntries(r.nodes.map((n) => [n.id, n]));
    expect(byId['1']!.status).toBe('forced');
    expect(byId['1']!.rank).toBe(1);
    // step 2: 1/0 (.18, open) and 1/END (.09, candidate): .18 > .09, so the search goes on.
    // step 3: 1/0/END (.144) and 1/0/2 (.036 open) → .036 < .09 → converged.
    expect(r.stop).toMatchObject({ reason: 'converged', step: 3 });
    expect(r.best!.labels).toEqual([1, 0]);
    expect(r.best!.prob).toBeCloseTo(0.144, 6);
    expect(r.candidates).toEqual(['1/0/END', '1/END']);
  });

  it('ends every path at max length', async () => {
    const r = await beamSearch(tableScorer(TABLE), { beamWidth: 2, maxLength: 1 });
    expect(r.stop.reason).toBe('maxLength');
    expect(r.candidates).toEqual(['0/END', '1/END']);
    expect(r.nodes.filter((n) => n.depth === 2).every((n) => n.label === 3)).toBe(true);
  });

  it('never repeats a label even if the scorer favours it', async () => {
    // An unmasked scorer that always puts 0.9 on label 0: after the first step 0 must not return.
    const r = await beamSearch(tableScorer({}, [0.9, 0.05, 0.04, 0.01]), { beamWidth: 3, maxLength: 3 });
    for (const n of r.nodes) expect(new Set(n.labels).size).toBe(n.labels.length);
    expect(r.nodes.some((n) => n.depth === 3 && n.labels.length === 3)).toBe(true);
  });

  it('rejects bad options with the valid range', async () => {
    await expect(beamSearch(tableScorer(TABLE), { beamWidth: 0, maxLength: 2 })).rejects.toThrow(/1 to 4/);
    await expect(beamSearch(tableScorer(TABLE), { beamWidth: 2, maxLength: 2, prefix: [3] })).rejects.toThrow(/END cannot be forced/);
  });
});

describe('topChoices', () => {
  it('ranks by probability, skips used labels, breaks ties by index', () => {
    expect(topChoices(Float32Array.from([0.2, 0.4, 0.2, 0.2]), [1], 2, false)).toEqual([0, 2]);
    expect(topChoices(Float32Array.from([0.2, 0.4, 0.2, 0.2]), [], 1, true)).toEqual([3]);
  });
});

describe('labelMarginals', () => {
  it('sums p(path)·p(label | path) over extended paths', async () => {
    const r = await beamSearch(tableScorer(TABLE), { beamWidth: 2, maxLength: 3 });
    const m = labelMarginals(r);
    // label 0: root .5 + "1" .3×.6 = .68; label 1: root .3 + "0" .5×.2 = .4; label 2: .1 + .5×.1 + .3×.1 = .18
    expect(Array.from(m).map((v) => +v.toFixed(6))).toEqual([0.68, 0.4, 0.18]);
  });
});
