import { BACKEND_ORDER, type BackendName } from './protocol';

/** What the worker found out about WebGPU before choosing a backend. */
export type WebGpuAdapterKind = 'none' | 'software' | 'hardware';

/** Backends to try in order, and why the first choice is not WebGPU (shown in the UI). */
export interface BackendPlan {
  order: BackendName[];
  reason: string | null;
}

/**
 * Plans the backend: a forced one first; else WebGPU on a real adapter, WASM where WebGPU is
 * missing or only a software fallback (SwiftShader runs our CNN ~70× slower than WASM).
 */
export function planBackends(adapter: WebGpuAdapterKind, forced: BackendName | null): BackendPlan {
  if (forced) return { order: [forced, ...BACKEND_ORDER.filter((b) => b !== forced)], reason: null };
  if (adapter === 'hardware') return { order: [...BACKEND_ORDER], reason: null };
  const rest = BACKEND_ORDER.filter((b) => b !== 'webgpu');
  if (adapter === 'software') {
    return {
      order: rest,
      reason: 'WebGPU here is a software fallback (SwiftShader): running on WASM, which is ~70× faster on this machine. Add ?backend=webgpu to force WebGPU.',
    };
  }
  return { order: rest, reason: 'WebGPU unavailable in this browser: running on WASM.' };
}

/** Parses a `?backend=` value; anything else is null (automatic). */
export function parseBackend(value: string | null | undefined): BackendName | null {
  return BACKEND_ORDER.find((b) => b === value) ?? null;
}

/** Sentence for the banner when the backend in use is not the one planned first. */
export function fallbackMessage(wanted: BackendName, got: BackendName, error: string): string {
  return `${wanted === 'webgpu' ? 'WebGPU' : wanted.toUpperCase()} could not start (${error}): running on ${got.toUpperCase()}.`;
}
