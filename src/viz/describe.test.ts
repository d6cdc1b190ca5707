import { describe, expect, it } from 'vitest';
import type { BeamResult } from '../model/beamTypes';
import { describeStop, describeStopShort, formatRatio } from './describe';

const result = (reason: BeamResult['stop']['reason']) => ({
  maxLength: 4, stop: { step: 3, reason, bestOpenLogProb: Math.log(0.01), worstCandidateLogProb: Math.log(0.2) },
}) as BeamResult;

describe('describe', () => {
  it('writes ratios as ×/÷ factors', () => {
    expect(formatRatio(40.2)).toBe('×40');
    expect(formatRatio(1.5)).toBe('×1.5');
    expect(formatRatio(2)).toBe('×2');
    expect(formatRatio(1 / 12)).toBe('÷12');
    expect(formatRatio(Infinity)).toBe('×∞');
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
