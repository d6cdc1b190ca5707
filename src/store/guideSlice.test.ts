import { afterEach, describe, expect, it, vi } from 'vitest';
import { GUIDE_DISMISSED_KEY } from './guideSlice';
import { useStore } from './store';

const initial = useStore.getState();
afterEach(() => { useStore.setState(initial, true); vi.unstubAllGlobals(); });

describe('first-load guide', () => {
  it('is shown until dismissed, and the dismissal is stored for the next visit', () => {
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => stored.set(k, v) });
    expect(useStore.getState().guideDismissed).toBe(false);
    useStore.getState().dismissGuide();
    expect(useStore.getState().guideDismissed).toBe(true);
    expect(stored.get(GUIDE_DISMISSED_KEY)).toBe('1');
  });

  it('still hides when storage refuses to write (private mode)', () => {
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } });
    useStore.getState().dismissGuide();
    expect(useStore.getState().guideDismissed).toBe(true);
  });
});
