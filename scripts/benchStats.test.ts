import { describe, expect, it } from 'vitest';
import { median, ratio, table } from './benchStats';

describe('bench stats', () => {
  it('takes medians and ratios', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(ratio(20, 10)).toBe('×2.00');
    expect(ratio(Number.NaN, 10)).toBe('—');
  });
  it('lays out a table', () => {
    expect(table(['a', 'bb'], [[1, 'x']])).toBe('  a  bb\n---  --\n1.0   x');
  });
});
