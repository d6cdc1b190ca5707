import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const VOC = join(process.cwd(), '..', 'shared', 'data', 'VOC2007');
const run = (script: string, args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', script, ...args], {
  encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000,
});

// Smoke run of the real train and eval commands on a handful of VOC images (CI never retrains fully).
describe.skipIf(!existsSync(VOC))('train and eval commands (smoke, real VOC images)', () => {
  it('trains a head, writes model + card, and evaluates it into the documented JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beamsight-smoke-'));
    const out = join(dir, 'head');
    const cache = join(dir, 'cache');
    const trainLog = run('src/train/trainCli.ts', ['--voc', VOC, '--limit', '12', '--epochs', '2', '--out', out, '--cache', cache]);
    expect(trainLog).toMatch(/wrote .* val CNN-RNN mAP/);
    for (const f of ['model.json', 'head.bin', 'MODEL_CARD.md', 'metrics.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'MODEL_CARD.md'), 'utf8')).toContain('npm run train -- --voc');

    const json = join(dir, 'val.json');
    const evalLog = run('src/train/evalCli.ts', ['--voc', VOC, '--split', 'val', '--limit', '12', '--model', out, '--json', json, '--cache', cache]);
    expect(evalLog).toMatch(/val: 12 images/);
    const r = JSON.parse(readFileSync(json, 'utf8'));
    expect(r.images).toBe(12);
    for (const key of ['cnnrnn', 'baseline'] as const) {
      for (const m of ['mAP', 'CP', 'CR', 'CF1', 'OP', 'OR', 'OF1']) {
        expect(r[key][m]).toBeGreaterThanOrEqual(0);
        expect(r[key][m]).toBeLessThanOrEqual(100);
      }
      expect(Object.keys(r[key].ap)).toHaveLength(20);
    }
    expect(r.zeroshot.mAP).toBeGreaterThan(30);
  }, 300_000);
});
