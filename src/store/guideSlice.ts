import type { StateCreator } from 'zustand';
import type { AppState } from './types';

/** localStorage key that remembers the first-load guide was dismissed. */
export const GUIDE_DISMISSED_KEY = 'beamsight.guideDismissed';

/** The first-load guide: three numbered hints over the first result, until dismissed (remembered). */
export interface GuideSlice {
  guideDismissed: boolean;
  dismissGuide: () => void;
}

/** Whether this browser dismissed the guide before (false where storage is unavailable). */
function dismissedBefore(): boolean {
  try {
    return globalThis.localStorage?.getItem(GUIDE_DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

export const createGuideSlice: StateCreator<AppState, [], [], GuideSlice> = (set) => ({
  guideDismissed: dismissedBefore(),
  dismissGuide: () => {
    try {
      globalThis.localStorage?.setItem(GUIDE_DISMISSED_KEY, '1');
    } catch {
      // storage blocked (private mode): the guide stays hidden for this visit only
    }
    set({ guideDismissed: true });
  },
});
