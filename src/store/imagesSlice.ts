import type { StateCreator } from 'zustand';
import { getClient } from './clientRef';
import type { AppState, ImageEntry, ImagesSlice } from './types';

/** Most files taken from one drop; the rest are refused with a notice. */
export const MAX_FILES_PER_DROP = 100;
let noticeId = 0;
let imageSeq = 0;
let queueRunning = false;
let decodeGeneration = 0;

const patch = (images: ImageEntry[], id: string, p: Partial<ImageEntry>) => images.map((i) => (i.id === id ? { ...i, ...p } : i));

export const createImagesSlice: StateCreator<AppState, [], [], ImagesSlice> = (set, get) => ({
  images: [], selectedId: null, notices: [],

  notify: (text, kind = 'error') => set((s) => ({ notices: [...s.notices.slice(-4), { id: ++noticeId, text, kind }] })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),

  addFiles: (files) => {
    if (files.length === 0) return;
    const taken = files.slice(0, MAX_FILES_PER_DROP);
    if (files.length > taken.length) get().notify(`${files.length} files dropped: the first ${MAX_FILES_PER_DROP} are classified, drop the rest separately.`, 'info');
    const entries: ImageEntry[] = taken.map((file) => ({
      id: `img-${++imageSeq}`, name: file.name || 'pasted image', file,
      url: file.type.startsWith('image/') && file.size > 0 ? URL.createObjectURL(file) : null,
      status: 'queued', error: null, notes: [], beam: null, baseline: null, prefix: [], timings: null, size: null,
    }));
    set((s) => ({ images: [...s.images, ...entries] }));
    // One new photo is what the user looks at next; a batch leaves the current choice alone.
    if (entries.length === 1 || !get().selectedId) get().select(entries[0]!.id);
    void get().processQueue();
  },

  select: (id) => set({ selectedId: id, hoverNodeId: null, selectedNodeId: null, playbackStep: null, playing: false }),

  removeImage: (id) => {
    const img = get().images.find((i) => i.id === id);
    if (img?.url) URL.revokeObjectURL(img.url);
    set((s) => {
      const images = s.images.filter((i) => i.id !== id);
      return { images, selectedId: s.selectedId === id ? images[0]?.id ?? null : s.selectedId };
    });
    void getClient().call({ type: 'forget', imageId: id }, 'forgotten').catch(() => undefined);
  },

  requeue: (id) => set((s) => ({ images: patch(s.images, id, { status: 'queued', error: null }) })),

  processQueue: async () => {
    if (queueRunning) return;
    queueRunning = true;
    try {
      for (;;) {
        if (get().phase !== 'ready') return;
        const next = get().images.find((i) => i.status === 'queued');
        if (!next || !next.file) return;
        set((s) => ({ images: patch(s.images, next.id, { status: 'running' }) }));
        const { beamWidth, maxLength } = get();
        try {
          const { prediction: p } = await getClient().call({
            type: 'classify', imageId: next.id, file: next.file, name: next.name, beam: { beamWidth, maxLength },
          }, 'prediction');
          set((s) => ({ images: patch(s.images, next.id, { status: 'done', beam: p.beam, baseline: p.baseline, notes: p.notes, timings: p.timings, size: { width: p.width, height: p.height }, prefix: [] }) }));
          p.notes.forEach((n) => get().notify(`${next.name}: ${n}`, 'info'));
        } catch (e) {
          const message = (e as Error).message;
          set((s) => ({ images: patch(s.images, next.id, { status: 'error', error: message }) }));
          get().notify(message);
        }
      }
    } finally {
      queueRunning = false;
    }
  },

  redecode: async (id) => {
    const img = get().images.find((i) => i.id === id);
    if (!img || img.status !== 'done') return;
    const { beamWidth, maxLength } = get();
    const prefix = img.prefix.slice(0, maxLength);
    try {
      const { prediction: p } = await getClient().call({ type: 'decode', imageId: id, beam: { beamWidth, maxLength, prefix } }, 'prediction');
      set((s) => ({ images: patch(s.images, id, { beam: p.beam, prefix, timings: { ...img.timings!, beamMs: p.timings.beamMs, cnnMs: 0 } }), lastDecodeMs: p.timings.beamMs }));
    } catch (e) {
      get().notify(`Re-decoding ${img.name} failed: ${(e as Error).message}`);
    }
  },

  redecodeAll: async () => {
    const generation = ++decodeGeneration;
    const { selectedId } = get();
    if (selectedId) await get().redecode(selectedId);
    for (const img of get().images) {
      if (generation !== decodeGeneration) return;
      if (img.id !== selectedId) await get().redecode(img.id);
    }
  },
});
