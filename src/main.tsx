import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { readUrlOptions } from './urlOptions';
import { useStore } from './store/store';
import { getClient } from './store/clientRef';
import { loadSample } from './samples';
import { applyUrlImageView, applyUrlSearch, syncUrlWithStore } from './urlSync';
import { readUrlView } from './urlView';
import './styles.css';
import './dark.css';

const options = readUrlOptions(window.location.search);
// the tests' and the benchmark's hook: its own chunk, fetched only when the URL asks for it
if (options.testHook) void import('./testHook').then((m) => m.installTestHook());

// Worker events (download progress, phases, device loss) go straight into the store.
getClient().onEvent((e) => {
  const set = useStore.setState;
  if (e.type === 'progress') set((s) => ({ files: { ...s.files, [e.file]: { loaded: e.loaded, total: e.total } } }));
  else if (e.type === 'phase') set({ phase: e.phase, phaseDetail: e.detail });
  else if (e.type === 'deviceLost') set({ backendNote: `WebGPU device lost: ${e.message}. Restarting on WASM…`, phase: 'backend' });
  else if (e.type === 'recovered') {
    set((s) => ({ backend: e.backend, backendNote: e.message, phase: 'ready', images: s.images.map((i) => (i.file && i.status !== 'error' ? { ...i, status: 'queued' as const } : i)) }));
    void useStore.getState().processQueue();
  }
});

// The view in the URL (beam width, max length, forced prefix, selected node) is restored, then kept in step.
const view = readUrlView(window.location.search);
applyUrlSearch(view);
void useStore.getState().initModel(options.backend, options.warmup);
if (options.sample) {
  loadSample(options.sample)
    .then((f) => { useStore.getState().addFiles([f]); return applyUrlImageView(view); }, (e: Error) => useStore.getState().notify(e.message))
    .finally(syncUrlWithStore);
} else {
  syncUrlWithStore();
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App embed={options.embed} drop={options.drop} />
  </StrictMode>,
);
