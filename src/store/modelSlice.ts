import type { StateCreator } from 'zustand';
import type { BackendName, WarmupMode } from '../worker/protocol';
import { getClient } from './clientRef';
import type { AppState, ModelSlice } from './types';

/** Absolute URL of a file shipped next to index.html (works under any sub-path). */
export function assetUrl(path: string): string {
  const base = typeof document === 'undefined' ? 'http://localhost/' : document.baseURI;
  return new URL(path, base).href;
}

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set, get) => ({
  phase: 'idle', phaseDetail: '', backend: null, requestedBackend: null, backendNote: null, files: {},
  modelError: null, labels: [], headMeta: {}, modelTimings: null,
  initModel: async (backend: BackendName | null, warmup?: WarmupMode) => {
    const client = getClient();
    set({ phase: 'backend', phaseDetail: 'starting', requestedBackend: backend, modelError: null, files: {} });
    try {
      const ready = await client.call({
        type: 'init', backend, headUrl: assetUrl('models/head/model.json'),
        cnnUrl: assetUrl('models/centernet/centernet.json'), nanodetUrl: assetUrl('models/nanodet/nanodet.json'), wasmPath: assetUrl('wasm/'),
        ...(warmup && { warmup }),
      }, 'ready');
      set({
        phase: 'ready', backend: ready.backend, backendNote: ready.fallback, labels: ready.labels,
        headMeta: ready.headMeta, modelTimings: ready.timings,
      });
      // Images added before (or during) a backend switch are classified again.
      for (const img of get().images) if (img.file && img.status !== 'error') get().requeue(img.id);
      void get().processQueue();
    } catch (e) {
      set({ phase: 'error', modelError: `${(e as Error).message} Reload the page to try again, or pick another backend.` });
    }
  },
});
