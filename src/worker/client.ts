import type { FromWorker, ReplyBody, Request, WorkerEvent } from './protocol';
import type { TestReplyBody, TestRequest } from './testProtocol';

type AnyReply = ReplyBody | TestReplyBody;
type ReplyOf<T extends AnyReply['type']> = Extract<AnyReply, { type: T }>;

/** Promise-based, typed client of the inference worker. */
export class InferenceClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (b: AnyReply) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(e: WorkerEvent) => void>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (msg: MessageEvent<FromWorker>) => {
      const data = msg.data;
      if (data.id === null) {
        this.listeners.forEach((l) => l(data.event));
        return;
      }
      const p = this.pending.get(data.id);
      if (!p) return;
      this.pending.delete(data.id);
      if (data.ok) p.resolve(data.body);
      else p.reject(new Error(data.error));
    };
    worker.onerror = (e) => {
      const err = new Error(`The inference worker crashed: ${e.message || 'unknown error'}`);
      this.pending.forEach((p) => p.reject(err));
      this.pending.clear();
    };
  }

  /** Sends a request; resolves with the reply of the expected type. */
  call<T extends AnyReply['type']>(request: Request | TestRequest, expect: T): Promise<ReplyOf<T>> {
    const id = this.nextId++;
    return new Promise<AnyReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    }).then((body) => {
      if (body.type !== expect) throw new Error(`Worker answered ${body.type}, expected ${expect}`);
      return body as ReplyOf<T>;
    });
  }

  onEvent(listener: (e: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Starts the module worker (bundled by Vite, served from the same origin). */
export function createInferenceClient(): InferenceClient {
  return new InferenceClient(new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: 'beamsight-inference' }));
}
