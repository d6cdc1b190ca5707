import { describe, expect, it } from 'vitest';
import { InferenceClient } from './client';
import type { FromWorker, ToWorker } from './protocol';

/** A stand-in Worker: records posts, lets the test answer. */
class FakeWorker {
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  posted: ToWorker[] = [];
  postMessage(m: ToWorker) { this.posted.push(m); }
  reply(m: FromWorker) { this.onmessage?.({ data: m } as MessageEvent<FromWorker>); }
}

describe('InferenceClient', () => {
  it('matches replies to requests by id and routes events', async () => {
    const w = new FakeWorker();
    const client = new InferenceClient(w as unknown as Worker);
    const events: string[] = [];
    client.onEvent((e) => events.push(e.type));
    const a = client.call({ type: 'memory' }, 'memory');
    const b = client.call({ type: 'forget', imageId: 'x' }, 'forgotten');
    w.reply({ id: null, event: { type: 'progress', file: 'f', loaded: 1, total: 2 } });
    w.reply({ id: w.posted[1]!.id, ok: true, body: { type: 'forgotten' } });
    w.reply({ id: w.posted[0]!.id, ok: true, body: { type: 'memory', numTensors: 3, numBytes: 4, cachedImages: 0, cnnRuns: 0 } });
    await expect(b).resolves.toEqual({ type: 'forgotten' });
    await expect(a).resolves.toMatchObject({ numTensors: 3 });
    expect(events).toEqual(['progress']);
  });

  it('turns worker errors into rejected promises with the message', async () => {
    const w = new FakeWorker();
    const client = new InferenceClient(w as unknown as Worker);
    const p = client.call({ type: 'memory' }, 'memory');
    w.reply({ id: w.posted[0]!.id, ok: false, error: 'The model is not loaded yet.' });
    await expect(p).rejects.toThrow('The model is not loaded yet.');
    const q = client.call({ type: 'memory' }, 'memory');
    w.onerror?.({ message: 'boom' } as ErrorEvent);
    await expect(q).rejects.toThrow(/worker crashed: boom/);
  });

  it('rejects a reply of the wrong type', async () => {
    const w = new FakeWorker();
    const client = new InferenceClient(w as unknown as Worker);
    const p = client.call({ type: 'memory' }, 'memory');
    w.reply({ id: w.posted[0]!.id, ok: true, body: { type: 'forgotten' } });
    await expect(p).rejects.toThrow(/answered forgotten, expected memory/);
  });
});
