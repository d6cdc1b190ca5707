import { beforeEach, describe, expect, it } from 'vitest';
import type { BeamNode, BeamResult } from '../model/search/beamTypes';
import type { InferenceClient } from '../worker/client';
import type { Request } from '../worker/protocol';
import { setClient } from './clientRef';
import { evidenceKey } from './evidenceSlice';
import { useStore } from './store';
import type { ImageEntry } from './types';

const initial = useStore.getState();
const settle = () => new Promise((r) => setTimeout(r, 0));

const node = (id: string, label: number, labels: number[]): BeamNode => ({
  id, parentId: 'root', label, labels, depth: labels.length, stepProb: 0.5, logProb: -1, rank: 0, status: 'kept', onBestPath: false,
});
const beam = { nodes: [node('root', -1, []), node('3', 3, [3]), node('7', 7, [7]), node('END', 20, [])] } as unknown as BeamResult;
const image = { id: 'img-1', name: 'a.jpg', file: null, url: null, status: 'done', beam } as unknown as ImageEntry;

/** A worker client that answers evidence requests at once and records them. */
function fakeClient() {
  const requests: Extract<Request, { type: 'evidence' }>[] = [];
  setClient({
    call: async (r: Request) => {
      if (r.type !== 'evidence') throw new Error('unexpected');
      requests.push(r);
      return { type: 'evidence', imageId: r.imageId, nodeId: r.nodeId, ms: 1, cnnMs: 0, map: { width: 1, height: 1, values: new Float32Array(1), max: 0, source: r.source } };
    },
    onEvent: () => () => undefined,
  } as unknown as InferenceClient);
  return requests;
}

beforeEach(() => useStore.setState({ ...initial, images: [image], selectedId: 'img-1', labels: Array.from({ length: 20 }, (_, i) => `l${i}`) }, true));

describe('evidence slice', () => {
  it('asks the worker once per node and source, with the node’s path and label', async () => {
    const requests = fakeClient();
    useStore.getState().hoverNode('3');
    useStore.getState().requestEvidence('img-1', '3');
    useStore.getState().requestEvidence('img-1', '3');
    await settle();
    useStore.getState().requestEvidence('img-1', '3');
    expect(requests.map((r) => [r.nodeId, r.target, r.source])).toEqual([['3', { path: [], label: 3 }, 'features']]);
    expect(useStore.getState().evidenceMaps[evidenceKey('img-1', 'features', '3')]).toMatchObject({ ms: 1 });
    useStore.getState().setEvidenceSource('heatmaps');
    useStore.getState().hoverNode('END');
    useStore.getState().requestEvidence('img-1', 'END');
    await settle();
    expect(requests.at(-1)).toMatchObject({ nodeId: 'END', target: { path: [], label: 20 }, source: 'heatmaps' });
  });

  it('drops requests for nodes no longer hovered or pinned', async () => {
    const requests = fakeClient();
    useStore.getState().hoverNode('7');
    useStore.getState().requestEvidence('img-1', '3'); // neither hovered nor pinned by now
    useStore.getState().requestEvidence('img-1', '7');
    await settle();
    expect(requests.map((r) => r.nodeId)).toEqual(['7']);
  });

  it('keeps the last two pins and clamps the opacity', () => {
    const s = useStore.getState();
    s.pinEvidence('img-1', '3');
    s.pinEvidence('img-1', '7');
    s.pinEvidence('img-1', 'END');
    s.pinEvidence('img-1', '7');
    expect(useStore.getState().evidencePins.map((p) => p.nodeId)).toEqual(['END', '7']);
    s.unpinEvidence('END');
    expect(useStore.getState().evidencePins.map((p) => p.nodeId)).toEqual(['7']);
    s.setEvidenceOpacity(3);
    expect(useStore.getState().evidenceOpacity).toBe(1);
  });
});
