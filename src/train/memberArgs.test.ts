import { describe, expect, it } from 'vitest';
import { groupArgs, seedGroups } from './memberArgs';

describe('groupArgs: the flags a group of --seeds members inherits', () => {
  it('keeps the shared flags and drops the parent\'s own, --flag=value forms and a stray --seed too', () => {
    const argv = ['--seeds=7,8', '--seed', '3', '--out=x', '--jobs=4', '--weight-average', '0.998', '--quantize', 'float16', '--check-set', 'E', '--order', 'pla'];
    expect(groupArgs(argv, [7], ['d'])).toEqual(['--weight-average', '0.998', '--order', 'pla', '--seeds', '7', '--member-dirs', 'd', '--jobs', '1']);
  });
});

describe('groupArgs and seedGroups: --seeds members trained stacked, a group per process', () => {
  it('gives a group its seeds, its members\' directories and one job', () => {
    const argv = ['--voc', 'V', '--seeds', '7,8,9', '--out', 'models/head', '--jobs', '2', '--quantize', 'float16', '--member-dirs', 'x'];
    expect(groupArgs(argv, [7, 8], ['/o/seed-7', '/o/seed-8'])).toEqual(['--voc', 'V', '--seeds', '7,8', '--member-dirs', '/o/seed-7,/o/seed-8', '--jobs', '1']);
    expect(() => groupArgs(argv, [7, 8], ['/o/seed-7'])).toThrow(/one member directory per seed/);
  });

  it('deals the seeds into near-equal groups, in order', () => {
    expect(seedGroups([7, 8, 9, 10, 11], 2)).toEqual([[7, 8, 9], [10, 11]]);
    expect(seedGroups(Array.from({ length: 18 }, (_, i) => i + 7), 2).map((g) => g.length)).toEqual([9, 9]);
    expect(seedGroups([7, 8], 4)).toEqual([[7], [8]]);
    expect(seedGroups([7], 1)).toEqual([[7]]);
  });
});
