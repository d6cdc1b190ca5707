/**
 * `npx tsx research/mirrorTta.ts [MODEL] DIR:SPLIT …` — not a test: test-time mirroring. For each
 * VOCdevkit folder and split, the head decodes each photo as it is (plain), mirrored left to right
 * (mirror), and both at once: `dist`, the step distribution averaged over every member on both views
 * (twice the members), and `meanI`, one I averaged over the two views (the projection is linear, so
 * the members' projections averaged). Both feature caches must be complete (the photos as they are,
 * and mirrored: `extractToCache({ mirrored: true })`). Prints mAP, C-F1, O-F1, O-R and the label
 * sets' recall of dog and cat for each, and the baseline's on the same views.
 */
import { resolve } from 'node:path';
import type { FeatureSegment } from '../src/model/cnn/featureLayout';
import { loadHead, headMembers } from '../src/model/head/headIo';
import { readHeadArrays } from '../src/model/head/arrayHead';
import { createArrayScorer } from '../src/model/head/arrayScorer';
import { beamSearch } from '../src/model/search/beamSearch';
import { featureCacheDir } from '../src/train/cacheDir';
import { loadFeatureSet } from '../src/train/dataset';
import { baselinePredictions, projectAll } from '../src/train/evaluate';
import { FeatureCache } from '../src/train/featureCache';
import { labelScores, type LabelScoreMethod } from '../src/train/labelScores';
import { meanAveragePrecision, perClassMetrics, setMetrics } from '../src/train/metrics';
import { initNodeBackend } from '../src/train/nodeBackend';
import { fileModelHandler } from '../src/train/nodeIo';
import { readVocSplit } from '../src/train/voc';

const args = process.argv.slice(2);
const withScale = args[0] === '--scale' && args.shift() !== undefined;
const model = args[0]?.includes(':') ? 'models/head' : args.shift()!;
await initNodeBackend('wasm');
const head = await loadHead(fileModelHandler(resolve(model, 'model.json')));
const meta = head.meta as { featureLayout: { segments: FeatureSegment[] }; scoreMethod?: LabelScoreMethod; scoreBeamWidth?: number };
const L = head.dims.numLabels;
const E = head.dims.embedDim;
const beam = { beamWidth: 3, maxLength: L };
const scoreBeam = meta.scoreBeamWidth && meta.scoreBeamWidth !== 3 ? { ...beam, beamWidth: meta.scoreBeamWidth } : beam;
const method = meta.scoreMethod ?? 'marginal';
const arrays = await readHeadArrays(headMembers(head), head.dims);
const f1 = (v: number) => v.toFixed(2);

for (const spec of args) {
  const [dir, split] = spec.split(':') as [string, string];
  const images = readVocSplit(dir, split);
  const views: Record<string, ReturnType<typeof loadFeatureSet>> = {
    plain: loadFeatureSet(images, new FeatureCache(featureCacheDir(dir)), meta.featureLayout.segments),
    mirror: loadFeatureSet(images, new FeatureCache(featureCacheDir(dir, undefined, undefined, true)), meta.featureLayout.segments),
  };
  if (withScale) views.s320 = loadFeatureSet(images, new FeatureCache(featureCacheDir(dir, undefined, 320)), meta.featureLayout.segments);
  const plain = views.plain!;
  const proj = Object.fromEntries(Object.entries(views).map(([k, v]) => [k, projectAll(head, v.features)!]));
  const base = Object.fromEntries(Object.entries(views).map(([k, v]) => [k, baselinePredictions(head, v.features)]));
  const F = head.dims.featureDim;
  const meanOf = (names: string[], i: number) => arrays.map((_, m) => {
    const o = new Float64Array(E);
    for (const n of names) { const p = proj[n]![i]![m]!; for (let e = 0; e < E; e++) o[e] += p[e]! / names.length; }
    return o;
  });
  const combos = [['plain'], ['mirror'], ['plain', 'mirror'], ...(withScale ? [['s320'], ['plain', 's320'], ['plain', 'mirror', 's320']] : [])];
  const modes: [string, (i: number) => { members: typeof arrays; proj: Float64Array[] }, string[]][] = combos.flatMap((c) => [
    [`meanI ${c.join('+')}`, (i: number) => ({ members: arrays, proj: meanOf(c, i) }), c] as const,
    ...(c.length > 1 ? [[`dist ${c.join('+')}`, (i: number) => ({ members: c.flatMap(() => arrays), proj: c.flatMap((n) => proj[n]![i]!) }), c] as const] : []),
  ]) as never;
  const baseOf = (c: string[]) => base[c[0]!]!.map((_, i) => base[c[0]!]![i]!.map((__, k) => c.reduce((a, n) => a + base[n]![i]![k]!, 0) / c.length));
  console.log(`\n${dir} ${split}: ${images.length} photos`);
  for (const [name, view, combo] of modes) {
    const sets: number[][] = [];
    const scores: Float32Array[] = [];
    for (let i = 0; i < images.length; i++) {
      const { members, proj } = view(i);
      const scorer = createArrayScorer(members, head.dims, plain.features.subarray(i * F, (i + 1) * F), proj);
      const r = await beamSearch(scorer, beam);
      sets.push(r.best?.labels ?? []);
      scores.push(labelScores(scoreBeam === beam ? r : await beamSearch(scorer, scoreBeam), method));
    }
    const m = { ...meanAveragePrecision(scores, plain.truth, head.labels), ...setMetrics(sets, plain.truth, L) };
    const pc = perClassMetrics(sets, plain.truth, head.labels);
    const bp = baseOf(combo);
    const bsets = bp.map((p) => Array.from(p).flatMap((v, c) => (v >= 0.5 ? [c] : [])));
    const b = { ...meanAveragePrecision(bp, plain.truth, head.labels), ...setMetrics(bsets, plain.truth, L) };
    const found = (c: string) => `${Math.round((pc[c]!.R / 100) * pc[c]!.n)}/${pc[c]!.n}`;
    console.log(`${name.padEnd(26)} CNN-RNN mAP ${f1(m.mAP)} C-F1 ${f1(m.CF1)} O-F1 ${f1(m.OF1)} O-R ${f1(m.OR)} dog ${found('dog')} cat ${found('cat')} | baseline mAP ${f1(b.mAP)} C-F1 ${f1(b.CF1)} O-F1 ${f1(b.OF1)} O-R ${f1(b.OR)}`);
  }
}
