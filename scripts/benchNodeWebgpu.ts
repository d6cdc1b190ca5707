/**
 * The Node WebGPU bench (`npm run bench -- --node-webgpu`, and the GPU-machine folder of
 * scripts/gpu-check.sh): on one photo, WASM first (the reference, on this machine's CPU), then
 * WebGPU through Dawn, both through the app's own InferenceEngine. Reads every file from paths it
 * is given, so that the esbuild bundle runs without node_modules.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadBackbone, type RgbaImage } from '../src/model/cnn/backbone';
import { beamSearch } from '../src/model/search/beamSearch';
import { composeFeatures, FEATURE_LAYOUT } from '../src/model/cnn/featureLayout';
import { readHeadArrays } from '../src/model/head/arrayHead';
import { createArrayScorer } from '../src/model/head/arrayScorer';
import { headMembers, loadHead, type HeadModel } from '../src/model/head/headIo';
import { extractRaw, type Detectors } from '../src/model/cnn/imageFeatures';
import { loadNanodet } from '../src/model/cnn/nanodet';
import { fileModelHandler } from '../src/train/nodeIo';
import { runBenchmark } from '../src/worker/benchmark';
import { InferenceEngine } from '../src/worker/engine';
import { median } from './benchStats';
import { startNodeWebgpu, type AdapterSummary } from './nodeWebgpu';

export const BEAM_WIDTHS = [1, 3, 5, 10] as const;
/** The shipped beam width: the label sets compared are the best END path at this N. */
const SHIPPED_BEAM_WIDTH = 3;

/** Where the bench reads its inputs (node_modules in the repo, the folder's own copies elsewhere). */
export interface BenchFiles { centernetJson: string; nanodetJson: string; headJson: string; wasmDir: string }

export interface NodeWebgpuOptions {
  files: BenchFiles;
  image: RgbaImage;
  /** Warm CNN runs on a hardware adapter (median), and on a software one (SwiftShader: ~minutes each). */
  runs: number;
  slowRuns: number;
  /** Also time the views as separate execute() calls: 'auto' = on hardware adapters only. */
  perView: 'auto' | 'yes' | 'no';
  /** 'parallel' = the app's warm-up (compile-only pass); 'serial' = the previous one (a real pass). */
  compile: 'parallel' | 'serial';
  /** Stop after the first result (for a second, cold process measuring the other compile mode). */
  coldOnly: boolean;
  skipWasm: boolean;
  log: (line: string) => void;
  /** Called with what is measured so far after every phase (a crash still leaves numbers). */
  onPartial?: (partial: Partial<NodeWebgpuResult>) => void;
}

/** One backend's numbers (ms; medians). */
export interface BackendNumbers {
  /** toFirstResult = modelLoad + warmup + firstPass + decode (the first beam search, the head's arrays read). */
  coldStartMs: { modelLoad: number; warmup: number; compile: number; firstPass: number; decode: number; toFirstResult: number };
  warmCnnMs: number; warmCnnRunsMs: number[];
  /** Views as separate execute() calls; null when not measured. */
  warmCnnPerViewMs: number | null;
  /** The app's decoder (the head in plain JS, arrayScorer.ts), by beam width. */
  beamMs: Record<string, number>;
  /** GPU→CPU reads per step of the app's decoder (0: it reads the head's arrays once per head). */
  readsPerStep: number;
  /** The tfjs scorer on this backend (one batched call and one read per step), by beam width. */
  beamOnDeviceMs: Record<string, number>;
  readsPerStepOnDevice: number;
  labels: string[];
}

export interface NodeWebgpuResult extends Omit<BackendNumbers, 'labels'> {
  adapter: AdapterSummary;
  compileMode: 'parallel' | 'serial';
  labels: string[];
  /** max |ΔI| against WASM on the same photo; featureScale = max |I| (WASM); relative = their ratio. */
  maxAbsDiffVsWasm: number | null; featureScale: number | null; relDiffVsWasm: number | null;
  /**
   * max |ΔI| by kind of value, and how many values of that kind differ by more than 1e-3 of the
   * feature scale: the pooled maps and maxima (continuous in the CNN's outputs), and the detection
   * statistics, which are discontinuous by design (which cell is a peak or the best box, counts
   * above a threshold) and jump when two cells or a score and a threshold nearly tie.
   */
  diffByKind: Record<string, { maxAbs: number; rel: number; differing: number; values: number }> | null;
  labelsEqual: boolean | null;
  wasm: BackendNumbers | null;
  /** WASM warm CNN / WebGPU warm CNN, same photo, same machine, same run. */
  speedupVsWasm: number | null;
}

async function startWasm(dir: string): Promise<void> {
  // setWasmPaths throws once the WASM backend is initialised (npm run bench uses it before us)
  const started = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry.wasm;
  if (!started) setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
  tf.env().set('PROD', true);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs WASM backend did not start');
  await tf.ready();
}

async function loadAll(files: BenchFiles): Promise<{ detectors: Detectors; head: HeadModel }> {
  const centernet = await loadBackbone(fileModelHandler(files.centernetJson));
  const nanodet = await loadNanodet(fileModelHandler(files.nanodetJson));
  return { detectors: { centernet, nanodet }, head: await loadHead(fileModelHandler(files.headJson)) };
}

/** The shipped label set (best END path, N = 3) for features I, decoded as the app decodes (every member, in JS). */
async function labelsOf(head: HeadModel, feats: Float32Array): Promise<string[]> {
  const scorer = createArrayScorer(await readHeadArrays(headMembers(head), head.dims), head.dims, feats);
  const r = await beamSearch(scorer, { beamWidth: SHIPPED_BEAM_WIDTH, maxLength: head.dims.numLabels });
  return (r.best?.labels ?? []).map((l) => head.labels[l] ?? `#${l}`);
}

/** Cold start, first result, then (unless coldOnly) warm CNN, per-view CNN and beam search. */
async function measure(start: () => Promise<{ runs: number; perView: boolean }>, o: NodeWebgpuOptions, name: string) {
  const t0 = performance.now();
  const { runs, perView } = await start();
  const { detectors, head } = await loadAll(o.files);
  const modelLoad = performance.now() - t0;
  o.log(`${name}: backend + models loaded in ${modelLoad.toFixed(0)} ms; warming up (${o.compile} compile)…`);
  const engine = new InferenceEngine(detectors, head);
  try {
    const t1 = performance.now();
    const compiled = o.compile === 'parallel' && await engine.compile();
    const compile = performance.now() - t1;
    await engine.warmup({ cnn: !compiled });
    const warmup = performance.now() - t1;
    o.log(`${name}: warm-up ${warmup.toFixed(0)} ms (compile-only part ${compiled ? compile.toFixed(0) : 0} ms); first pass…`);
    const t2 = performance.now();
    const raw = await extractRaw(detectors, o.image);
    const firstPass = performance.now() - t2;
    const feats = composeFeatures(raw);
    const t3 = performance.now();
    const labels = await labelsOf(head, feats);
    const decode = performance.now() - t3;
    const coldStartMs = { modelLoad, warmup, compile: compiled ? compile : 0, firstPass, decode, toFirstResult: modelLoad + warmup + firstPass + decode };
    o.log(`${name}: first pass ${firstPass.toFixed(0)} ms, labels ${labels.join(', ') || '(none)'}`);
    if (o.coldOnly) return { numbers: { coldStartMs, warmCnnMs: NaN, warmCnnRunsMs: [], warmCnnPerViewMs: null, beamMs: {}, readsPerStep: NaN, beamOnDeviceMs: {}, readsPerStepOnDevice: NaN, labels }, feats };
    o.log(`${name}: ${runs} warm CNN run(s)${perView ? ` + ${runs} with one execute() per view` : ''}, beam search…`);
    const r = await runBenchmark(engine, o.image, runs, Math.max(runs, 5), [...BEAM_WIDTHS], perView ? runs : 0);
    const js = r.beam.filter((b) => !b.onDevice);
    const device = r.beam.filter((b) => b.onDevice);
    const beamMs = Object.fromEntries(js.map((b) => [String(b.beamWidth), median(b.ms)]));
    const beamOnDeviceMs = Object.fromEntries(device.map((b) => [String(b.beamWidth), median(b.ms)]));
    const numbers: BackendNumbers = {
      coldStartMs, warmCnnMs: median(r.cnnMs), warmCnnRunsMs: r.cnnMs, warmCnnPerViewMs: perView ? median(r.cnnPerViewMs) : null,
      beamMs, readsPerStep: Math.max(...js.map((b) => b.readsPerStep)),
      beamOnDeviceMs, readsPerStepOnDevice: Math.max(...device.map((b) => b.readsPerStep)), labels,
    };
    o.log(`${name}: warm CNN ${numbers.warmCnnMs.toFixed(1)} ms (median of ${runs}), per view ${numbers.warmCnnPerViewMs?.toFixed(1) ?? '—'} ms, beam N=3 ${beamMs['3']?.toFixed(1)} ms (tfjs scorer ${beamOnDeviceMs['3']?.toFixed(1)} ms)`);
    return { numbers, feats };
  } finally {
    engine.dispose();
  }
}

/** The kind of each value of I, from FEATURE_LAYOUT and the raw layout (config.ts). */
function kindsOfI(): string[] {
  const kinds: string[] = [];
  for (const s of FEATURE_LAYOUT) {
    for (let r = s.from; r < s.to; r++) {
      if (s.source === 'nanodet') kinds.push(r < 240 ? 'NanoDet max scores' : r < 320 ? 'NanoDet 2nd anchor' : 'NanoDet counts');
      else if (s.source === 'grid' || r < 1168) kinds.push('pooled maps and maxima');
      else if (r < 1328) kinds.push('2nd / 3rd peak');
      else if (r < 1488) kinds.push('peak counts');
      else if (r < 1568) kinds.push('pooled maps and maxima'); // heat-map mean
      else kinds.push('best box size');
    }
  }
  return kinds;
}

export function diffByKind(gpu: Float32Array, wasm: Float32Array, scale: number): NonNullable<NodeWebgpuResult['diffByKind']> {
  const kinds = kindsOfI();
  const out: NonNullable<NodeWebgpuResult['diffByKind']> = {};
  gpu.forEach((v, i) => {
    const k = (out[kinds[i] ?? 'other'] ??= { maxAbs: 0, rel: 0, differing: 0, values: 0 });
    const d = Math.abs(v - wasm[i]!);
    k.maxAbs = Math.max(k.maxAbs, d);
    k.rel = scale ? k.maxAbs / scale : NaN;
    k.differing += d > 1e-3 * scale ? 1 : 0;
    k.values++;
  });
  return out;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return a.length === b.length ? d : Number.POSITIVE_INFINITY;
}

/** WASM (reference) then WebGPU, on the same photo and machine. */
export async function nodeWebgpuBench(o: NodeWebgpuOptions): Promise<NodeWebgpuResult> {
  let wasm: { numbers: BackendNumbers; feats: Float32Array } | null = null;
  if (!o.skipWasm) {
    wasm = await measure(async () => { await startWasm(o.files.wasmDir); return { runs: o.runs, perView: o.perView !== 'no' }; }, o, 'wasm');
    o.onPartial?.({ wasm: wasm.numbers });
  }
  let adapter: AdapterSummary | null = null;
  const gpu = await measure(async () => {
    adapter = await startNodeWebgpu();
    o.log(`webgpu: adapter ${JSON.stringify(adapter)}`);
    return { runs: adapter.software ? o.slowRuns : o.runs, perView: o.perView === 'yes' || (o.perView === 'auto' && !adapter.software) };
  }, o, 'webgpu');
  const diff = wasm ? maxAbsDiff(gpu.feats, wasm.feats) : null;
  const scale = wasm ? wasm.feats.reduce((m, v) => Math.max(m, Math.abs(v)), 0) : null;
  return {
    ...gpu.numbers, adapter: adapter!, compileMode: o.compile,
    maxAbsDiffVsWasm: diff, featureScale: scale, relDiffVsWasm: diff !== null && scale ? diff / scale : null,
    diffByKind: wasm && gpu.feats.length === wasm.feats.length ? diffByKind(gpu.feats, wasm.feats, scale!) : null,
    labelsEqual: wasm ? wasm.numbers.labels.join() === gpu.numbers.labels.join() : null,
    wasm: wasm?.numbers ?? null,
    speedupVsWasm: wasm && Number.isFinite(gpu.numbers.warmCnnMs) ? wasm.numbers.warmCnnMs / gpu.numbers.warmCnnMs : null,
  };
}
