import { describe, expect, it } from 'vitest';
import { memberArgs } from './memberArgs';

describe('memberArgs: one --seeds member as its own training run', () => {
  it('keeps the shared flags and gives the member its own seed and output', () => {
    const argv = ['--voc', 'V', '--seeds', '7,8,9', '--order', 'pla', '--out', 'models/head', '--jobs', '2', '--lr', '3e-4'];
    expect(memberArgs(argv, 8, '/o/seed-8')).toEqual(['--voc', 'V', '--order', 'pla', '--lr', '3e-4', '--seed', '8', '--out', '/o/seed-8']);
  });

  it('drops the --flag=value forms and a stray --seed', () => {
    const argv = ['--seeds=7,8', '--seed', '3', '--out=x', '--jobs=4', '--weight-average', '0.998', '--quantize', 'float16'];
    expect(memberArgs(argv, 7, 'd')).toEqual(['--weight-average', '0.998', '--seed', '7', '--out', 'd']);
  });
});
