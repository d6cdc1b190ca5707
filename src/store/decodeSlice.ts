import type { StateCreator } from 'zustand';
import type { AppState, DecodeSlice } from './types';

export const BEAM_WIDTH_RANGE = [1, 10] as const;
export const DEFAULT_BEAM_WIDTH = 3;
export const DEFAULT_MAX_LENGTH = 5;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

export const createDecodeSlice: StateCreator<AppState, [], [], DecodeSlice> = (set, get) => ({
  beamWidth: DEFAULT_BEAM_WIDTH, maxLength: DEFAULT_MAX_LENGTH, hoverNodeId: null, selectedNodeId: null,
  playbackStep: null, playing: false, lastDecodeMs: null,
  setBeamWidth: (n) => {
    set({ beamWidth: clamp(n, BEAM_WIDTH_RANGE[0], BEAM_WIDTH_RANGE[1]), playbackStep: null, playing: false });
    void get().redecodeAll();
  },
  setMaxLength: (n) => {
    set({ maxLength: clamp(n, 1, Math.max(1, get().labels.length || 20)), playbackStep: null, playing: false });
    void get().redecodeAll();
  },
  forcePrefix: (prefix) => {
    const id = get().selectedId;
    if (!id) return;
    set((s) => ({
      images: s.images.map((i) => (i.id === id ? { ...i, prefix } : i)),
      maxLength: Math.max(s.maxLength, prefix.length), selectedNodeId: null, playbackStep: null, playing: false,
    }));
    void get().redecode(id);
  },
  hoverNode: (id) => set({ hoverNodeId: id }),
  selectNode: (id) => set({ selectedNodeId: id }),
  setPlayback: (step) => set({ playbackStep: step }),
  setPlaying: (playing) => set({ playing }),
});
