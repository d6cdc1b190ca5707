import { parseBackend } from './worker/backendChoice';
import type { BackendName, WarmupMode } from './worker/protocol';

/**
 * Options read from the page URL: ?backend=webgpu|wasm|webgl|cpu, ?embed=1 (with &drop=1 to let
 * the embed take photos), ?sample=<file in samples/>, ?testhook=1 (tests and benchmark only). The exploration view is in urlView.ts.
 */
export interface UrlOptions {
  backend: BackendName | null;
  embed: boolean;
  /** Embed mode only: offer the file chooser and accept drops and pastes. */
  drop: boolean;
  sample: string | null;
  /** ?warmup=serial: WebGPU warms up with a real CNN pass instead of the parallel compile (for `npm run bench`). */
  warmup: WarmupMode;
  /** ?testhook=1: install window.__beamsight for the end-to-end tests and the benchmark (loaded only then). */
  testHook: boolean;
}

const flag = (v: string | null) => v === '1' || v === 'true';

export function readUrlOptions(search: string): UrlOptions {
  const q = new URLSearchParams(search);
  const sample = q.get('sample');
  return {
    backend: parseBackend(q.get('backend')),
    embed: flag(q.get('embed')),
    drop: flag(q.get('drop')),
    sample: sample && /^[\w.-]+$/.test(sample) ? sample : null,
    warmup: q.get('warmup') === 'serial' ? 'serial' : 'parallel',
    testHook: flag(q.get('testhook')),
  };
}
