/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { loadBackbone } from '../model/cnn/backbone';
import { loadHead } from '../model/head/headIo';
import { loadNanodet } from '../model/cnn/nanodet';
import { startBackend, watchDeviceLoss } from './backendInit';
import { InferenceEngine } from './engine';
import { explainPath } from './explain';
import { decodeImage, ImageInputError } from './imageDecode';
import { progressFetch } from './progressFetch';
import type { BeamResult } from '../model/search/beamTypes';
import type { BackendName, FromWorker, ReplyBody, Request, ToWorker, WorkerEvent } from './protocol';
import { isTestRequest } from './testProtocol';

declare const self: DedicatedWorkerGlobalScope;

let engine: InferenceEngine | null = null;
let lastInit: Extract<Request, { type: 'init' }> | null = null;
/** Each image's search from START at the last width and max length a path explanation asked for. */
const startSearches = new Map<string, { key: string; result: Promise<BeamResult> }>();

const emit = (event: WorkerEvent) => self.postMessage({ id: null, event } satisfies FromWorker);

/** Starts a backend, downloads both models with per-file progress and warms them up. */
async function boot(init: Extract<Request, { type: 'init' }>, forced: BackendName | null): Promise<ReplyBody> {
  engine?.dispose();
  engine = null;
  emit({ type: 'phase', phase: 'backend', detail: 'starting tfjs backend' });
  const { backend, fallback } = await startBackend(forced, init.wasmPath);
  const fetchFunc = progressFetch((file, loaded, total) => emit({ type: 'progress', file, loaded, total }));
  emit({ type: 'phase', phase: 'download', detail: 'downloading models' });
  const t0 = performance.now();
  const [centernet, nanodet, head] = await Promise.all([
    loadBackbone(tf.io.http(init.cnnUrl, { fetchFunc })).catch((e: Error) => { throw new Error(`Could not load the CNN (${init.cnnUrl}): ${e.message}`); }),
    loadNanodet(tf.io.http(init.nanodetUrl, { fetchFunc })).catch((e: Error) => { throw new Error(`Could not load the detector (${init.nanodetUrl}): ${e.message}`); }),
    loadHead(tf.io.http(init.headUrl, { fetchFunc })),
  ]);
  const downloadMs = performance.now() - t0;
  const t1 = performance.now();
  engine = new InferenceEngine({ centernet, nanodet }, head);
  startSearches.clear();
  // WebGPU: the CNNs' shaders compile in parallel first, its own phase; then no CNN pass is needed
  const parallel = init.warmup !== 'serial';
  if (backend === 'webgpu' && parallel) emit({ type: 'phase', phase: 'compile', detail: 'compiling GPU shaders in parallel' });
  // a failed compile-only pass is not fatal: the real warm-up pass below then compiles (or reports why not)
  const compiled = parallel ? await engine.compile().catch(() => false) : false;
  const compileMs = performance.now() - t1;
  emit({ type: 'phase', phase: 'warmup', detail: compiled ? 'first beam search' : 'warming up' });
  await engine.warmup({ cnn: !compiled });
  watchDeviceLoss((message) => void recoverFromDeviceLoss(message));
  return {
    type: 'ready', backend, fallback, labels: head.labels, headMeta: head.meta,
    timings: { downloadMs, warmupMs: performance.now() - t1, compileMs: compiled ? compileMs : 0 },
  };
}

async function recoverFromDeviceLoss(message: string): Promise<void> {
  emit({ type: 'deviceLost', message });
  if (!lastInit) return;
  try {
    const ready = await boot(lastInit, 'wasm');
    if (ready.type === 'ready') emit({ type: 'recovered', backend: ready.backend, message: `WebGPU device lost (${message}): restarted on ${ready.backend.toUpperCase()}. Your images are being classified again.` });
  } catch (e) {
    emit({ type: 'deviceLost', message: `${message}; restarting failed: ${(e as Error).message}` });
  }
}

function needEngine(): InferenceEngine {
  if (!engine) throw new Error('The model is not loaded yet.');
  return engine;
}

async function handle(req: Request): Promise<ReplyBody> {
  switch (req.type) {
    case 'init':
      lastInit = req;
      return boot(req, req.backend);
    case 'classify': {
      const e = needEngine();
      const t0 = performance.now();
      const decoded = await decodeImage(req.file, req.name);
      const decodeImageMs = performance.now() - t0;
      const { cnnMs } = await e.addImage(req.imageId, decoded.image);
      const out = await e.decode(req.imageId, req.beam);
      return {
        type: 'prediction',
        prediction: {
          imageId: req.imageId, beam: out.beam, baseline: out.baseline, notes: decoded.notes,
          timings: { decodeImageMs, cnnMs, beamMs: out.beamMs }, width: decoded.width, height: decoded.height,
        },
      };
    }
    case 'decode': {
      const out = await needEngine().decode(req.imageId, req.beam);
      return {
        type: 'prediction',
        prediction: {
          imageId: req.imageId, beam: out.beam, baseline: out.baseline, notes: [],
          timings: { decodeImageMs: 0, cnnMs: 0, beamMs: out.beamMs }, width: 0, height: 0,
        },
      };
    }
    case 'forget':
      engine?.forget(req.imageId);
      startSearches.delete(req.imageId);
      return { type: 'forgotten' };
    case 'memory': {
      const m = tf.memory();
      return { type: 'memory', numTensors: m.numTensors, numBytes: m.numBytes, cachedImages: engine?.cachedImages ?? 0, cnnRuns: engine?.cnnRuns ?? 0 };
    }
    case 'evidence': {
      const reload = async () => {
        if (!req.file) throw new Error('The CNN maps of this photo were freed and the photo is gone: add it again.');
        return (await decodeImage(req.file, req.name)).image;
      };
      const out = await needEngine().evidence(req.imageId, req.target, req.source, reload);
      return { type: 'evidence', imageId: req.imageId, nodeId: req.nodeId, ...out };
    }
    case 'explainPath': {
      const e = needEngine();
      // the search from START is the same for every node of a tree: once per image, width and max length
      const key = `${req.beam.beamWidth}/${req.beam.maxLength}`;
      const decode = (prefix: number[]) => e.decode(req.imageId, { ...req.beam, prefix }).then((r) => r.beam);
      const search = (prefix: number[]) => {
        if (prefix.length) return decode(prefix);
        const kept = startSearches.get(req.imageId);
        if (kept?.key === key) return kept.result;
        const result = decode([]);
        startSearches.set(req.imageId, { key, result });
        result.catch(() => { if (startSearches.get(req.imageId)?.result === result) startSearches.delete(req.imageId); });
        return result;
      };
      return { type: 'pathExplanation', explanation: await explainPath(e.head, req, e.cached(req.imageId).baseline, search) };
    }
  }
}

/** Requests run one at a time, in order: tfjs is not re-entrant across backends switches. */
let queue: Promise<unknown> = Promise.resolve();
self.onmessage = (msg: MessageEvent<ToWorker>) => {
  const { id, request } = msg.data;
  queue = queue.then(async () => {
    try {
      // the tests' and the benchmark's requests: their code loads on the first one
      const body = isTestRequest(request) ? await (await import('./testRequests')).handleTestRequest(request, needEngine) : await handle(request);
      self.postMessage({ id, ok: true, body } satisfies FromWorker);
    } catch (e) {
      const error = e instanceof ImageInputError ? e.message : `${(e as Error).message ?? e}`;
      self.postMessage({ id, ok: false, error } satisfies FromWorker);
    }
  });
};
