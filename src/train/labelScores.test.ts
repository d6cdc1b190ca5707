import { describe, expect, it } from 'vitest';
import { tableScorer } from '../test/tableScorer';
import { beamSearch } from '../model/search/beamSearch';
import { LABEL_SCORE_METHODS, labelScores } from './labelScores';

// The hand-worked tree of beamSearch.test.ts (N = 2): root → 0 (.5), 1 (.3); "0" → END (.35);
// "1" → 0 (.18, open at the stop). Expanded: root, "0", "1". Candidate: 0/END (.35).
const TABLE = {
  root: [0.5, 0.3, 0.1, 0.1],
  '0': [0, 0.2, 0.1, 0.7],
  '1': [0.6, 0, 0.1, 0.3],
  '1/0': [0, 0, 0.2, 0.8],
};

async function tree() {
  return beamSearch(tableScorer(TABLE), { beamWidth: 2, maxLength: 3 });
}

describe('labelScores', () => {
  it('marginal: probability mass flowing into each label from the expanded paths', async () => {
    const s = labelScores(await tree(), 'marginal');
    [0.5 + 0.3 * 0.6, 0.3 + 0.5 * 0.2, 0.1 + 0.5 * 0.1 + 0.3 * 0.1].forEach((v, k) => expect(s[k]).toBeCloseTo(v, 6));
  });

  it('step1: the distribution after START', async () => {
    expect(Array.from(labelScores(await tree(), 'step1'))).toEqual(Array.from(Float32Array.from([0.5, 0.3, 0.1])));
  });

  it('bestPath: the most probable explored path holding or emitting the label', async () => {
    const s = labelScores(await tree(), 'bestPath');
    [0.5, 0.3, 0.1].forEach((v, k) => expect(s[k]).toBeCloseTo(v, 6));
  });

  it('candidates: the END paths’ share holding the label, the rest ranked by marginal below it', async () => {
    const s = labelScores(await tree(), 'candidates');
    expect(s[0]).toBeCloseTo(1 + 1e-3, 6);
    expect(s[1]).toBeCloseTo(1e-3 * 0.4 / 0.68, 6);
    expect(s[1]! > s[2]!).toBe(true);
  });

  it('every method gives one finite score per label', async () => {
    const r = await tree();
    for (const m of LABEL_SCORE_METHODS) expect(Array.from(labelScores(r, m)).every(Number.isFinite) && labelScores(r, m).length === 3).toBe(true);
  });
});
