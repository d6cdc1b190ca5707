/**
 * Requests that only the end-to-end tests and the benchmark send (through the test hook, which a
 * page installs only when its URL asks for it). The worker handles them in testRequests.ts, loaded
 * on the first such request, so they add nothing to the app's own bundle or protocol.
 */
import type { EvidenceSource } from '../model/explain/evidencePlacement';
import type { BackendName } from './protocol';

export type TestRequest =
  /** Benchmark: times warm CNN passes and beam searches of various widths on one image. */
  | { type: 'benchmark'; file: Blob; name: string; cnnRuns: number; beamRuns: number; beamWidths: number[]; perViewRuns?: number }
  /** Destroy the WebGPU device as a GPU reset would. */
  | { type: 'loseDevice' };

export type TestReplyBody =
  | { type: 'deviceDestroyed'; destroyed: boolean }
  | { type: 'benchmark'; result: BenchmarkResult };

/** Whether a request is one of the tests' and the benchmark's. */
export function isTestRequest(r: { type: string }): r is TestRequest {
  return r.type === 'benchmark' || r.type === 'loseDevice';
}

/** Medians (ms) measured inside the worker, on the backend in use. */
export interface BenchmarkResult {
  backend: BackendName;
  /** One image's full CNN work (whole image + 4 tiles = 5 passes), warm, each run timed. */
  cnnMs: number[];
  /** The same CNN work with one execute() per view instead of one batch (benchmark only; [] unless asked). */
  cnnPerViewMs: number[];
  /** onDevice: the tfjs scorer (one batched call and read per step); else the app's plain-JS decoder. */
  beam: { beamWidth: number; onDevice: boolean; ms: number[]; steps: number; reads: number; readsPerStep: number }[];
  /** Evidence maps of the nodes of one N = 3 search, per source: the first (cold) and the rest. */
  evidence: { source: EvidenceSource; firstMs: number; ms: number[] }[];
  /** The path effect of each label node of one N = 3, max length 5 search (both searches and the marginals), ms. */
  pathEffectMs: number[];
}
