import { beforeEach, describe, expect, it } from 'vitest';
import type { BeamResult } from '../model/search/beamTypes';
import type { InferenceClient } from '../worker/client';
import type { ReplyBody, Request } from '../worker/protocol';
import { setClient } from './clientRef';
import { useStore } from './store';

const initial = useStore.getState();

function fakeBeam(labels: number[]): BeamResult {
  return {
    numLabels: 20, beamWidth: 3, maxLength: 5, nodes: [], candidates: [], best: { id: 'x', labels, prob: 0.5 },
    stop: { step: 1, reason: 'exhausted', bestOpenLogProb: null, worstCandidateLogProb: null }, steps: [], scorerCalls: 1,
  };
}

/** A worker client that answers from a script and records every request. */
function fakeClient(answer: (r: Request) => ReplyBody | Error) {
  const requests: Request[] = [];
  const client = {
    call: async (r: Request) => {
      requests.push(r);
      const a = answer(r);
      if (a instanceof Error) throw a;
      return a;
    },
    onEvent: () => () => undefined,
  } as unknown as InferenceClient;
  setClient(client);
  return requests;
}

const prediction = (imageId: string, labels: number[]): ReplyBody => ({
  type: 'prediction',
  prediction: { imageId, beam: fakeBeam(labels), baseline: [], notes: [], timings: { decodeImageMs: 1, cnnMs: 5, beamMs: 1 }, width: 10, height: 10 },
});
const image = (name: string) => new File([new Uint8Array([1, 2, 3])], name, { type: 'image/jpeg' });
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => useStore.setState(initial, true));

describe('store', () => {
  it('queues dropped files until the model is ready, then classifies them in order', async () => {
    const requests = fakeClient((r) => (r.type === 'init'
      ? { type: 'ready', backend: 'wasm', fallback: 'WebGPU unavailable', labels: ['a', 'b'], headMeta: {}, timings: { downloadMs: 1, warmupMs: 1, compileMs: 0 } }
      : r.type === 'classify' ? prediction(r.imageId, [1]) : new Error('unexpected')));
    useStore.getState().addFiles([image('one.jpg'), image('two.jpg')]);
    expect(useStore.getState().images.map((i) => i.status)).toEqual(['queued', 'queued']);
    await useStore.getState().initModel(null);
    await settle();
    const s = useStore.getState();
    expect(s.backend).toBe('wasm');
    expect(s.backendNote).toBe('WebGPU unavailable');
    expect(s.images.map((i) => i.status)).toEqual(['done', 'done']);
    expect(requests.filter((r) => r.type === 'classify')).toHaveLength(2);
    expect(s.selectedId).toBe(s.images[0]!.id);
  });

  it('keeps earlier results when a file fails, and says why', async () => {
    fakeClient((r) => (r.type === 'classify' && r.name === 'bad.txt' ? new Error('"bad.txt" is not an image') : r.type === 'classify' ? prediction(r.imageId, [0]) : new Error('x')));
    useStore.setState({ phase: 'ready' });
    useStore.getState().addFiles([image('good.jpg')]);
    await settle(); await settle();
    useStore.getState().addFiles([new File(['x'], 'bad.txt', { type: 'text/plain' })]);
    await settle(); await settle();
    const s = useStore.getState();
    expect(s.images.map((i) => i.status)).toEqual(['done', 'error']);
    expect(s.images[0]!.beam!.best!.labels).toEqual([0]);
    expect(s.notices.map((n) => n.text)).toContain('"bad.txt" is not an image');
  });

  it('re-decodes on a beam-width change and forces a prefix, never re-classifying', async () => {
    const requests = fakeClient((r) => (r.type === 'classify' ? prediction(r.imageId, [2]) : r.type === 'decode' ? prediction(r.imageId, r.beam.prefix ?? []) : new Error('x')));
    useStore.setState({ phase: 'ready', labels: Array.from({ length: 20 }, (_, i) => `l${i}`) });
    useStore.getState().addFiles([image('a.jpg')]);
    await settle(); await settle();
    useStore.getState().setBeamWidth(7);
    await settle(); await settle();
    expect(requests.at(-1)).toMatchObject({ type: 'decode', beam: { beamWidth: 7 } });
    useStore.getState().forcePrefix([4, 9]);
    await settle(); await settle();
    expect(requests.at(-1)).toMatchObject({ type: 'decode', beam: { prefix: [4, 9] } });
    expect(useStore.getState().images[0]!.beam!.best!.labels).toEqual([4, 9]);
    expect(requests.filter((r) => r.type === 'classify')).toHaveLength(1);
    useStore.getState().setBeamWidth(99);
    expect(useStore.getState().beamWidth).toBe(10);
  });

  it('takes at most 100 files from one drop and says so', () => {
    fakeClient(() => new Error('not ready'));
    useStore.getState().addFiles(Array.from({ length: 120 }, (_, i) => image(`${i}.jpg`)));
    expect(useStore.getState().images).toHaveLength(100);
    expect(useStore.getState().notices[0]!.text).toMatch(/120 files dropped: the first 100/);
  });
});

describe('selection of new photos', () => {
  it('selects a single new photo (with a fresh view of it), but not a batch', async () => {
    fakeClient((r) => (r.type === 'classify' ? prediction(r.imageId, [1]) : new Error('x')));
    useStore.setState({ phase: 'ready' });
    useStore.getState().addFiles([image('first.jpg')]);
    await settle(); await settle();
    const first = useStore.getState().selectedId;
    useStore.getState().selectNode('1/END');
    useStore.getState().addFiles([image('second.jpg')]);
    let s = useStore.getState();
    expect(s.selectedId).not.toBe(first);
    expect(s.images.find((i) => i.id === s.selectedId)!.name).toBe('second.jpg');
    expect(s.selectedNodeId).toBeNull();
    useStore.getState().addFiles([image('third.jpg'), image('fourth.jpg')]);
    s = useStore.getState();
    expect(s.images.find((i) => i.id === s.selectedId)!.name).toBe('second.jpg');
  });
});

describe('path explanation', () => {
  it('keeps the answer for the latest path when an older one arrives late', async () => {
    const explanation = (path: number[]) => ({
      imageId: 'img', path, beamWidth: 3, maxLength: 5, map: { points: [], explained: [0, 0] as [number, number] }, stepProbs: [], effect: [], effectMs: 1,
    });
    const client = {
      call: (r: Request) => new Promise((resolve) => {
        if (r.type !== 'explainPath') throw new Error('unexpected');
        setTimeout(() => resolve({ type: 'pathExplanation', explanation: explanation(r.path) }), r.path.length ? 5 : 30);
      }),
      onEvent: () => () => undefined,
    } as unknown as InferenceClient;
    setClient(client);
    const beam = { beamWidth: 3, maxLength: 5 };
    const slow = useStore.getState().explainPath('img', [], beam);
    const fast = useStore.getState().explainPath('img', [14], beam);
    await Promise.all([slow, fast]);
    expect(useStore.getState().explanation!.path).toEqual([14]);
    expect(useStore.getState().explainError).toBeNull();
  });
});
