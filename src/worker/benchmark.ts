import type { RgbaImage } from '../model/cnn/backbone';
import { disposeImageMaps, extractFeatures, imageMaps } from '../model/cnn/imageFeatures';
import { evidenceMap } from '../model/explain/evidenceMap';
import { EVIDENCE_SOURCES, nodeTarget } from '../model/explain/evidencePlacement';
import { beamSearch } from '../model/search/beamSearch';
import type { InferenceEngine } from './engine';
import { pathEffectOf } from './explain';
import { extractRawPerView } from './viewsPerCall';

/**
 * The benchmark (npm run bench): warm CNN runs, beam searches, evidence maps and path effects timed
 * inside the worker on one photo. Loaded by the worker only when the bench asks (testRequests.ts),
 * so none of it is in the app's bundle.
 */

/** Times evidence maps for up to `nodes` nodes of a beam search (N = 3) on fresh maps of `image`. */
async function benchmarkEvidence(engine: InferenceEngine, image: RgbaImage, feats: Float32Array, nodes: number) {
  const scorer = await engine.scorer(feats);
  const tree = await beamSearch(scorer, { beamWidth: 3, maxLength: 5 }).finally(() => scorer.dispose());
  const targets = tree.nodes.flatMap((n) => nodeTarget(n, engine.head.dims.numLabels) ?? []).slice(0, nodes);
  const m = imageMaps(engine.detectors, image);
  try {
    const out = [];
    for (const source of EVIDENCE_SOURCES) {
      const ms: number[] = [];
      for (const t of targets) {
        const t0 = performance.now();
        await evidenceMap(engine.members, engine.head.dims, m, t, source, image);
        ms.push(performance.now() - t0);
      }
      out.push({ source, firstMs: ms[0] ?? NaN, ms: ms.slice(1) });
    }
    return out;
  } finally {
    disposeImageMaps(m);
  }
}

/**
 * Times the path effect of every label node of an N = 3, max length 5 search: what selecting a
 * node adds (the search from START, the one with the node's path forced, the marginals).
 */
async function benchmarkPathEffect(engine: InferenceEngine, feats: Float32Array): Promise<number[]> {
  const search = async (prefix: number[]) => {
    const scorer = await engine.scorer(feats);
    return beamSearch(scorer, { beamWidth: 3, maxLength: 5, prefix }).finally(() => scorer.dispose());
  };
  const tree = await search([]);
  const ms: number[] = [];
  for (const node of tree.nodes.filter((n) => n.label >= 0 && n.label < tree.numLabels)) {
    ms.push((await pathEffectOf(search, node.labels, [], 0.01)).ms);
  }
  return ms;
}

/**
 * Times warm CNN runs, beam searches, evidence maps and path effects (the benchmark); caches nothing new.
 * `perViewRuns` more runs time the views as separate execute() calls (after one untimed run).
 */
export async function runBenchmark(engine: InferenceEngine, image: RgbaImage, cnnRuns: number, beamRuns: number, widths: number[], perViewRuns = 0, evidenceNodes = 11) {
  const cnnMs: number[] = [];
  let feats: Float32Array | null = null;
  for (let i = 0; i < cnnRuns; i++) {
    const t0 = performance.now();
    feats = await extractFeatures(engine.detectors, image);
    cnnMs.push(performance.now() - t0);
  }
  const cnnPerViewMs: number[] = [];
  if (perViewRuns > 0) await extractRawPerView(engine.detectors, image);
  for (let i = 0; i < perViewRuns; i++) {
    const t0 = performance.now();
    await extractRawPerView(engine.detectors, image);
    cnnPerViewMs.push(performance.now() - t0);
  }
  const beam = [];
  for (const [beamWidth, onDevice] of [...widths.map((w) => [w, false] as const), ...widths.map((w) => [w, true] as const)]) {
    const ms: number[] = [];
    let steps = 0;
    let reads = 0;
    for (let i = 0; i < beamRuns; i++) {
      const scorer = await engine.scorer(feats!, onDevice);
      const t0 = performance.now();
      const r = await beamSearch(scorer, { beamWidth, maxLength: engine.head.dims.numLabels });
      ms.push(performance.now() - t0);
      steps = r.steps.length;
      reads = scorer.reads;
      scorer.dispose();
    }
    beam.push({ beamWidth, onDevice, ms, steps, reads, readsPerStep: reads / steps });
  }
  const evidence = await benchmarkEvidence(engine, image, feats!, evidenceNodes);
  return { cnnMs, cnnPerViewMs, beam, evidence, pathEffectMs: await benchmarkPathEffect(engine, feats!) };
}
