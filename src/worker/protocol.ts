/** Typed messages between the UI thread and the inference worker. */
import type { BeamOptions, BeamResult } from '../model/search/beamTypes';
import type { EvidenceMap, EvidenceSource, EvidenceTarget } from '../model/explain/evidencePlacement';
import type { LabelMap } from '../model/explain/labelEmbedding';
import type { PathEffectRow } from '../model/explain/pathEffect';
import type { TestReplyBody, TestRequest } from './testProtocol';

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

/** What the CNN-RNN and the baseline say about one image. */
export interface Prediction {
  imageId: string;
  beam: BeamResult;
  /** Independent classifiers' probabilities, Float32Array[numLabels] as a plain array. */
  baseline: number[];
  /** Timings of this request in ms; cnnMs is 0 when the features came from the cache. */
  timings: { decodeImageMs: number; cnnMs: number; beamMs: number };
  /** Notes about the input (e.g. "animated GIF: first frame used"). */
  notes: string[];
  width: number;
  height: number;
}

export type Request =
  | {
    type: 'init'; backend: BackendName | null; headUrl: string; cnnUrl: string; nanodetUrl: string; wasmPath: string;
    /** WebGPU warm-up: compile-only in parallel (default), or 'serial', a real CNN pass (benchmarks compare the two). */
    warmup?: WarmupMode;
  }
  | { type: 'classify'; imageId: string; file: Blob; name: string; beam: BeamOptions }
  | { type: 'decode'; imageId: string; beam: BeamOptions }
  | { type: 'forget'; imageId: string }
  | { type: 'memory' }
  /** Evidence map of one tree node; `file` re-creates the CNN maps if the worker evicted them. */
  | { type: 'evidence'; imageId: string; nodeId: string; target: EvidenceTarget; source: EvidenceSource; file: Blob | null; name: string }
  /**
   * The label map of U_l, the distributions along a path of an image, and what the path changes
   * about the label set (searches of width and max length `beam`; rows with a value ≥ minShown).
   */
  | { type: 'explainPath'; imageId: string; path: number[]; neighbours: number; beam: BeamOptions; minShown: number };

/** Replies, matched to requests by id. */
export type ReplyBody =
  | { type: 'ready'; backend: BackendName; fallback: string | null; labels: string[]; headMeta: Record<string, unknown>; timings: ModelTimings }
  | { type: 'prediction'; prediction: Prediction }
  | { type: 'forgotten' }
  | { type: 'memory'; numTensors: number; numBytes: number; cachedImages: number; cnnRuns: number }
  /** ms: the gradient and the map; cnnMs: re-creating evicted CNN maps (0 when cached). */
  | { type: 'evidence'; imageId: string; nodeId: string; map: EvidenceMap; ms: number; cnnMs: number }
  | { type: 'pathExplanation'; explanation: PathExplanation };

/** A label path of one image explained (plain numbers, drawn by the UI). */
export interface PathExplanation {
  imageId: string;
  /** The path P, labels only (END excluded). */
  path: number[];
  /** Beam width and max length of the searches (the shown tree's). */
  beamWidth: number;
  maxLength: number;
  /** The 20 labels and END placed by the cosine similarity of U_l's columns. */
  map: LabelMap;
  /**
   * What x_1..x_{k+1} score: p(· | START, l_1..l_t) for t = 0..k, Float32Array[L+1] each (labels
   * already in the path 0); the label map draws x_t at the p-weighted mean of the label points.
   */
  stepProbs: Float32Array[];
  /** Labels outside P by how P changes P(label in the label set), most raised first. */
  effect: PathEffectRow[];
  /** Worker time of the path effect (the search from START, the one with P forced, the marginals), ms. */
  effectMs: number;
}

/** How WebGPU warms up: parallel compile-only pipelines, or the old serial way (one real CNN pass). */
export type WarmupMode = 'parallel' | 'serial';

/** warmupMs covers everything between the download and ready; compileMs is its compile-only part (WebGPU, else 0). */
export interface ModelTimings { downloadMs: number; warmupMs: number; compileMs: number }

/** Unsolicited events from the worker. */
export type WorkerEvent =
  | { type: 'progress'; file: string; loaded: number; total: number }
  | { type: 'phase'; phase: 'backend' | 'download' | 'compile' | 'warmup'; detail: string }
  | { type: 'deviceLost'; message: string }
  /** After a device loss the worker restarted on another backend. */
  | { type: 'recovered'; backend: BackendName; message: string };

export type ToWorker = { id: number; request: Request | TestRequest };
export type FromWorker =
  | { id: number; ok: true; body: ReplyBody | TestReplyBody }
  | { id: number; ok: false; error: string }
  | { id: null; event: WorkerEvent };
