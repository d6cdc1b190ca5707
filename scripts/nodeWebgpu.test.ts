import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeAdapter } from './nodeWebgpu';

/** SwiftShader's Vulkan driver from Debian's Chromium, used when no driver is chosen already. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

function probeEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) {
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    env.LD_LIBRARY_PATH = [env.LD_LIBRARY_PATH, '/usr/lib/chromium'].filter(Boolean).join(':');
  }
  return env;
}

describe('Node WebGPU (Dawn)', () => {
  it('tells software adapters from hardware ones', () => {
    expect(summarizeAdapter({ info: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' } }).software).toBe(true);
    expect(summarizeAdapter({ info: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' } })).toEqual(
      { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3', software: false });
    expect(summarizeAdapter({ isFallbackAdapter: true }).software).toBe(true);
  });

  it('runs a conv + matMul like tfjs\'s CPU backend, after a compile-only pass (skips without an adapter)', (ctx) => {
    const line = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/webgpuProbe.ts'], { env: probeEnv(), encoding: 'utf8', timeout: 50_000 })
      .trim().split('\n').pop()!;
    const r = JSON.parse(line) as { skip?: string; compiled: boolean; leaked: number; maxAbsDiff: number; scale: number; n: number };
    if (r.skip) {
      console.warn(`skipped: no Node WebGPU adapter here (${r.skip})`);
      ctx.skip();
    }
    expect(r.n).toBe(144 * 4);
    expect(r.compiled).toBe(true);
    expect(r.leaked).toBe(0);
    expect(r.maxAbsDiff / r.scale).toBeLessThan(1e-5);
  });
});
