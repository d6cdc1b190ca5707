import { describe, expect, it } from 'vitest';
import { meanAveragePrecision, perClassMetrics, setMetrics, voc07AveragePrecision } from './metrics';

describe('voc07AveragePrecision', () => {
  it('matches a hand computation', () => {
    // ranked: +, -, +, -, (difficult ignored), +   → precision at hits: 1/1, 2/3, 3/5
    // recalls 1/3, 2/3, 1. 11-point: r≤1/3 (t=0..0.3: 4 points) → 1; t=0.4..0.6 (3) → 2/3; t=0.7..1 (4) → 3/5
    const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.5];
    const truth = [1, -1, 1, -1, 0, 1];
    const expected = (4 * 1 + 3 * (2 / 3) + 4 * (3 / 5)) / 11;
    expect(voc07AveragePrecision(scores, truth)).toBeCloseTo(expected, 10);
  });

  it('is 1 for a perfect ranking and NaN with no positives', () => {
    expect(voc07AveragePrecision([0.9, 0.1], [1, -1])).toBe(1);
    expect(voc07AveragePrecision([0.9, 0.1], [-1, -1])).toBeNaN();
  });

  it('averages classes in percent', () => {
    const r = meanAveragePrecision([[0.9, 0.1], [0.1, 0.9]], [[1, -1], [-1, 1]], ['a', 'b']);
    expect(r).toEqual({ mAP: 100, ap: { a: 100, b: 100 } });
  });
});

describe('setMetrics', () => {
  it('computes per-class and overall P/R/F1', () => {
    // class 0: tp 1, fp 1, pos 1 → P .5 R 1 ; class 1: tp 1, fp 0, pos 2 → P 1 R .5
    const m = setMetrics([[0, 1], [0]], [Int8Array.from([1, 1]), Int8Array.from([-1, 1])], 2);
    expect(m.CP).toBeCloseTo(75, 10);
    expect(m.CR).toBeCloseTo(75, 10);
    expect(m.OP).toBeCloseTo((2 / 3) * 100, 10);
    expect(m.OR).toBeCloseTo((2 / 3) * 100, 10);
    expect(m.OF1).toBeCloseTo((2 / 3) * 100, 10);
  });

  it('ignores difficult pairs', () => {
    const m = setMetrics([[0]], [Int8Array.from([0])], 1);
    expect(m.OP).toBe(0);
    expect(m.OR).toBe(0);
  });
});

describe('perClassMetrics', () => {
  it('gives each class its precision and recall in percent, 0 where never predicted, truth 0 ignored', () => {
    // a: tp 1, fp 1, pos 1 ; b: tp 1, fp 0, pos 2 ; c: never predicted, pos 1 (a difficult one ignored)
    const truth = [Int8Array.from([1, 1, 0]), Int8Array.from([-1, 1, 1])];
    expect(perClassMetrics([[0, 1, 2], [0]], truth, ['a', 'b', 'c'])).toEqual({
      a: { P: 50, R: 100, n: 1 }, b: { P: 100, R: 50, n: 2 }, c: { P: 0, R: 0, n: 1 },
    });
  });
});
