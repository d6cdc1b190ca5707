import { describe, expect, it } from 'vitest';
import { pathEffect, strongestEffects } from './pathEffect';

describe('pathEffect', () => {
  // 4 labels + END; the path is [0].
  const start = [0.5, 0.01, 0.2, 0.09, 0.2];
  const given = [0, 0.4, 0.02, 0.09, 0.49];

  it('ranks labels outside the path by p(label | P) / p(label | START), END left out', () => {
    const rows = pathEffect(start, given, [0], [0.9, 0.3, 0.6, 0.1]);
    expect(rows.map((r) => r.label)).toEqual([1, 3, 2]);
    expect(rows[0]).toEqual({ label: 1, given: 0.4, start: 0.01, ratio: expect.closeTo(40, 9), baseline: 0.3 });
    expect(rows[2]!.ratio).toBeCloseTo(0.1, 9);
  });

  it('keeps the strongest raised and lowered labels apart', () => {
    const { raised, lowered } = strongestEffects(pathEffect(start, given, [0], null), 1);
    expect(raised.map((r) => r.label)).toEqual([1]);
    expect(lowered.map((r) => r.label)).toEqual([2]);
    expect(raised[0]!.baseline).toBeNull();
  });

  it('treats an underflowed START probability without NaN', () => {
    const rows = pathEffect([0, 0.5, 0.5], [0.2, 0.3, 0.5], [], null);
    expect(rows[0]).toMatchObject({ label: 0, ratio: Infinity });
  });
});
