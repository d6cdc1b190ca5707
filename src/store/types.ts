import type { BeamResult } from '../model/search/beamTypes';
import type { BackendName, ModelTimings, Prediction, WarmupMode } from '../worker/protocol';
import type { EvidenceSlice } from './evidenceSlice';
import type { ExplainSlice } from './explainSlice';
import type { GuideSlice } from './guideSlice';

export type ModelPhase = 'idle' | 'backend' | 'download' | 'compile' | 'warmup' | 'ready' | 'error';

export interface ModelSlice {
  phase: ModelPhase;
  phaseDetail: string;
  backend: BackendName | null;
  /** Backend asked for by ?backend= or the selector (null = automatic). */
  requestedBackend: BackendName | null;
  /** Why the backend is not WebGPU, or what went wrong with the device (banner). */
  backendNote: string | null;
  /** Bytes per model file, for the progress bars. */
  files: Record<string, { loaded: number; total: number }>;
  modelError: string | null;
  labels: string[];
  headMeta: Record<string, unknown>;
  modelTimings: ModelTimings | null;
  /** warmup: 'serial' only for benchmarks (see urlOptions.ts). */
  initModel: (backend: BackendName | null, warmup?: WarmupMode) => Promise<void>;
}

export type ImageStatus = 'queued' | 'running' | 'done' | 'error';

export interface ImageEntry {
  id: string;
  name: string;
  /** Object URL of the file for the thumbnail (stays in the browser). */
  url: string | null;
  file: File | null;
  status: ImageStatus;
  error: string | null;
  notes: string[];
  beam: BeamResult | null;
  baseline: number[] | null;
  /** Forced label prefix of the current decode. */
  prefix: number[];
  timings: Prediction['timings'] | null;
  size: { width: number; height: number } | null;
}

export interface ImagesSlice {
  images: ImageEntry[];
  selectedId: string | null;
  /** Messages for the user (bad files etc.), newest last. */
  notices: { id: number; text: string; kind: 'error' | 'info' }[];
  addFiles: (files: File[]) => void;
  select: (id: string) => void;
  removeImage: (id: string) => void;
  dismissNotice: (id: number) => void;
  notify: (text: string, kind?: 'error' | 'info') => void;
  /** Classifies queued images one by one (when the model is ready). */
  processQueue: () => Promise<void>;
  /** Puts an image back in the queue (e.g. after a backend switch). */
  requeue: (id: string) => void;
  /** Re-runs the beam search of an image on its cached features (no CNN run). */
  redecode: (id: string) => Promise<void>;
  /** Re-decodes the selected image first, then the others. */
  redecodeAll: () => Promise<void>;
}

export interface DecodeSlice {
  beamWidth: number;
  maxLength: number;
  hoverNodeId: string | null;
  selectedNodeId: string | null;
  /** Playback position: number of steps shown, or null for the whole search. */
  playbackStep: number | null;
  playing: boolean;
  /** Re-decodes taken so far, with the CNN runs seen by the worker (to show caching works). */
  lastDecodeMs: number | null;
  setBeamWidth: (n: number) => void;
  setMaxLength: (n: number) => void;
  forcePrefix: (prefix: number[]) => void;
  hoverNode: (id: string | null) => void;
  selectNode: (id: string | null) => void;
  setPlayback: (step: number | null) => void;
  setPlaying: (playing: boolean) => void;
}

export type AppState = ModelSlice & ImagesSlice & DecodeSlice & EvidenceSlice & ExplainSlice & GuideSlice;
