import { useStore } from './store/store';
import type { AppState } from './store/types';
import { urlViewOf, writeUrlView, type UrlView } from './urlView';

/** Resolves once `done(state)` holds. */
function until(done: (s: AppState) => boolean): Promise<AppState> {
  return new Promise((resolve) => {
    if (done(useStore.getState())) { resolve(useStore.getState()); return; }
    const stop = useStore.subscribe((s) => { if (done(s)) { stop(); resolve(s); } });
  });
}

/** Beam width and max length from the URL, before anything is classified. */
export function applyUrlSearch(view: UrlView): void {
  const s = useStore.getState();
  if (view.beamWidth !== null) s.setBeamWidth(view.beamWidth);
  if (view.maxLength !== null) s.setMaxLength(view.maxLength);
}

/** Once the selected (sample) image is classified: forces the URL's prefix, then selects its node. */
export async function applyUrlImageView(view: UrlView): Promise<void> {
  if (!view.prefix.length && !view.node) return;
  const id = useStore.getState().selectedId;
  const s = await until((st) => { const img = st.images.find((i) => i.id === id); return !img || img.status === 'done' || img.status === 'error'; });
  if (s.images.find((i) => i.id === id)?.status !== 'done') return;
  if (view.prefix.length) {
    useStore.setState((st) => ({
      images: st.images.map((i) => (i.id === id ? { ...i, prefix: view.prefix } : i)),
      maxLength: Math.max(st.maxLength, view.prefix.length),
    }));
    await useStore.getState().redecode(id!);
  }
  const beam = useStore.getState().images.find((i) => i.id === id)?.beam;
  if (view.node && beam?.nodes.some((n) => n.id === view.node)) useStore.getState().selectNode(view.node);
}

/** Keeps the URL in step with the view (history.replaceState: no new history entries, no router). */
export function syncUrlWithStore(): () => void {
  const write = (s: AppState) => {
    const search = writeUrlView(window.location.search, urlViewOf(s));
    if (search !== window.location.search) {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
    }
  };
  write(useStore.getState());
  return useStore.subscribe(write);
}
