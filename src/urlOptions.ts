import { parseBackend } from './worker/backendChoice';
import type { BackendName } from './worker/protocol';

/** Options read from the page URL: ?backend=webgpu|wasm|webgl|cpu, ?embed=1, ?sample=<file in samples/>. */
export interface UrlOptions {
  backend: BackendName | null;
  embed: boolean;
  sample: string | null;
}

export function readUrlOptions(search: string): UrlOptions {
  const q = new URLSearchParams(search);
  const sample = q.get('sample');
  return {
    backend: parseBackend(q.get('backend')),
    embed: q.get('embed') === '1' || q.get('embed') === 'true',
    sample: sample && /^[\w.-]+$/.test(sample) ? sample : null,
  };
}
