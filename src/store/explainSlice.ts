import type { StateCreator } from 'zustand';
import type { BeamOptions } from '../model/search/beamTypes';
import type { PathExplanation } from '../worker/protocol';
import { getClient } from './clientRef';
import type { AppState } from './types';

/** Nearest labels listed when a point of the label map is hovered. */
export const MAP_NEIGHBOURS = 3;
/** Path-effect rows where both before and after are below this are left out (a 1% chance says nothing). */
export const PATH_EFFECT_MIN_SHOWN = 0.01;

/** The explained path (label map, x_t trajectory, path effect on the label set) of the selected node. */
export interface ExplainSlice {
  explanation: PathExplanation | null;
  explainError: string | null;
  /** Label (END = L) hovered on the label map, or null. */
  mapHoverLabel: number | null;
  /**
   * Asks the worker to explain `path` of an image, searching with `beam` (the shown tree's width
   * and max length); an older answer never overwrites a newer one.
   */
  explainPath: (imageId: string, path: number[], beam: BeamOptions) => Promise<void>;
  hoverMapLabel: (label: number | null) => void;
}

let explainSeq = 0;

export const createExplainSlice: StateCreator<AppState, [], [], ExplainSlice> = (set) => ({
  explanation: null, explainError: null, mapHoverLabel: null,
  explainPath: async (imageId, path, beam) => {
    const seq = ++explainSeq;
    try {
      const request = { type: 'explainPath', imageId, path, neighbours: MAP_NEIGHBOURS, beam, minShown: PATH_EFFECT_MIN_SHOWN } as const;
      const { explanation } = await getClient().call(request, 'pathExplanation');
      if (seq === explainSeq) set({ explanation, explainError: null });
    } catch (e) {
      if (seq === explainSeq) set({ explanation: null, explainError: `Could not explain this path: ${(e as Error).message}` });
    }
  },
  hoverMapLabel: (label) => set({ mapHoverLabel: label }),
});
