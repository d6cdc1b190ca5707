import { describe, expect, it } from 'vitest';
import { fallbackMessage, parseBackend, planBackends } from './backendChoice';

describe('planBackends', () => {
  it('uses WebGPU first on a hardware adapter', () => {
    expect(planBackends('hardware', null)).toEqual({ order: ['webgpu', 'wasm', 'webgl', 'cpu'], reason: null });
  });
  it('prefers WASM over a software WebGPU adapter and says why', () => {
    const p = planBackends('software', null);
    expect(p.order[0]).toBe('wasm');
    expect(p.order).not.toContain('webgpu');
    expect(p.reason).toMatch(/software fallback.*WASM/);
  });
  it('says WebGPU is unavailable when there is no adapter', () => {
    expect(planBackends('none', null).reason).toMatch(/WebGPU unavailable/);
  });
  it('puts a forced backend first, keeping the others as fallbacks', () => {
    expect(planBackends('software', 'webgpu').order).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
    expect(planBackends('hardware', 'cpu').order[0]).toBe('cpu');
  });
});

describe('parseBackend', () => {
  it('accepts only known names', () => {
    expect(parseBackend('wasm')).toBe('wasm');
    expect(parseBackend('tpu')).toBeNull();
    expect(parseBackend(null)).toBeNull();
  });
  it('explains a fallback', () => {
    expect(fallbackMessage('webgpu', 'wasm', 'no adapter')).toBe('WebGPU could not start (no adapter): running on WASM.');
  });
});
