import type { StateCreator } from 'zustand';
import { nodeTarget, type EvidenceMap, type EvidenceSource } from '../model/explain/evidencePlacement';
import { getClient } from './clientRef';
import type { AppState } from './types';

/** Most nodes pinned for comparison (side by side). */
export const MAX_EVIDENCE_PINS = 2;
/** Evidence maps kept on the UI side (~28 KB each), oldest dropped first. */
export const MAX_EVIDENCE_MAPS = 48;
export const DEFAULT_EVIDENCE_OPACITY = 0.6;

/** A node's evidence map as the worker answered it, or why it could not. */
export type EvidenceEntry = { map: EvidenceMap; ms: number } | { error: string };

export interface EvidenceSlice {
  /** Nodes pinned to compare their maps, oldest first; each with its image. */
  evidencePins: { imageId: string; nodeId: string }[];
  evidenceOpacity: number;
  evidenceSource: EvidenceSource;
  /** Answered maps by evidenceKey (a bounded cache: the worker recomputes on a miss). */
  evidenceMaps: Record<string, EvidenceEntry>;
  pinEvidence: (imageId: string, nodeId: string) => void;
  unpinEvidence: (nodeId: string) => void;
  setEvidenceOpacity: (opacity: number) => void;
  setEvidenceSource: (source: EvidenceSource) => void;
  /** Asks the worker for a node's map (current source) unless it is cached or asked already. */
  requestEvidence: (imageId: string, nodeId: string) => void;
}

/** Key of a node's map in evidenceMaps. */
export const evidenceKey = (imageId: string, source: EvidenceSource, nodeId: string) => `${imageId}|${source}|${nodeId}`;

interface Pending { key: string; imageId: string; nodeId: string; source: EvidenceSource }
const pending: Pending[] = [];
let draining = false;
let inFlight: string | null = null;

/** Keys still worth computing: the hovered node and the pins of the selected image, current source. */
function wantedKeys(s: AppState): Set<string> {
  const id = s.selectedId;
  if (!id) return new Set();
  const nodes = [s.hoverNodeId, ...s.evidencePins.filter((p) => p.imageId === id).map((p) => p.nodeId)];
  return new Set(nodes.flatMap((n) => (n ? [evidenceKey(id, s.evidenceSource, n)] : [])));
}

export const createEvidenceSlice: StateCreator<AppState, [], [], EvidenceSlice> = (set, get) => {
  const store = (key: string, entry: EvidenceEntry) => set((s) => {
    const keys = Object.keys(s.evidenceMaps);
    const kept = keys.length >= MAX_EVIDENCE_MAPS ? keys.slice(keys.length - MAX_EVIDENCE_MAPS + 1) : keys;
    return { evidenceMaps: { ...Object.fromEntries(kept.map((k) => [k, s.evidenceMaps[k]!])), [key]: entry } };
  });

  /** One request at a time, newest wanted first: a sweep of hovers never queues up stale maps. */
  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      for (;;) {
        const wanted = wantedKeys(get());
        for (let i = pending.length - 1; i >= 0; i--) if (!wanted.has(pending[i]!.key)) pending.splice(i, 1);
        const next = pending.pop();
        if (!next) return;
        const img = get().images.find((i) => i.id === next.imageId);
        const node = img?.beam?.nodes.find((n) => n.id === next.nodeId);
        const target = node && nodeTarget(node, get().labels.length);
        if (!img || !target) continue;
        inFlight = next.key;
        try {
          const r = await getClient().call({
            type: 'evidence', imageId: img.id, nodeId: next.nodeId, target, source: next.source, file: img.file, name: img.name,
          }, 'evidence');
          store(next.key, { map: r.map, ms: r.ms });
        } catch (e) {
          store(next.key, { error: (e as Error).message });
        } finally {
          inFlight = null;
        }
      }
    } finally {
      draining = false;
    }
  };

  return {
    evidencePins: [], evidenceOpacity: DEFAULT_EVIDENCE_OPACITY, evidenceSource: 'features', evidenceMaps: {},
    pinEvidence: (imageId, nodeId) => set((s) => ({
      evidencePins: [...s.evidencePins.filter((p) => p.imageId === imageId && p.nodeId !== nodeId), { imageId, nodeId }].slice(-MAX_EVIDENCE_PINS),
    })),
    unpinEvidence: (nodeId) => set((s) => ({ evidencePins: s.evidencePins.filter((p) => p.nodeId !== nodeId) })),
    setEvidenceOpacity: (opacity) => set({ evidenceOpacity: Math.min(1, Math.max(0, opacity)) }),
    setEvidenceSource: (source) => set({ evidenceSource: source }),
    requestEvidence: (imageId, nodeId) => {
      const key = evidenceKey(imageId, get().evidenceSource, nodeId);
      if (get().evidenceMaps[key] || inFlight === key || pending.some((p) => p.key === key)) return;
      pending.push({ key, imageId, nodeId, source: get().evidenceSource });
      void drain();
    },
  };
};
