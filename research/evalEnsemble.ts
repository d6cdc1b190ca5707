/**
 * `npx tsx research/evalEnsemble.ts [--voc <folder>] [--split val] [--layout <name>] [--geometric] [--quantize float16|uint8] <head dir>[:k | :a-b] …` — not
 * shipped, an experiment: several trained CNN-RNN heads decoded as one by the paper's beam search
 * (each step's distribution is the mean over the head directories of each one's ensemble mean; `:k`
 * keeps a directory's first k members, `:a-b` its members a to b−1), on a split of a VOCdevkit folder. Also prints the members'
 * baselines averaged. Tells how much a distilled student (`npm run train -- --teachers … --distill …`) could win.
 * --quantize: each head saved with its matrices quantized and read back first (what shipping it so gives).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { beamSearch } from '../src/model/search/beamSearch';
import type { BeamScorer } from '../src/model/search/beamTypes';
import { disposeHead, headMembers, loadHead, quantizedCopy, type HeadModel } from '../src/model/head/headIo';
import { createHeadScorer } from '../src/model/head/headScorer';
import { labelScores } from '../src/train/labelScores';
import { meanAveragePrecision, perClassMetrics, setMetrics } from '../src/train/metrics';
import { featureCacheDir } from '../src/train/cacheDir';
import { loadFeatureSet } from '../src/train/dataset';
import { baselinePredictions } from '../src/train/evaluate';
import { FeatureCache } from '../src/train/featureCache';
import { layoutByName } from '../src/train/layouts';
import { initNodeBackend } from '../src/train/nodeBackend';
import { fileModelHandler } from '../src/train/nodeIo';
import { readVocSplit } from '../src/train/voc';
import { WEIGHT_QUANTIZATIONS, type WeightQuantization } from '../src/model/head/weightQuantization';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { voc: { type: 'string', default: '../shared/data/VOC2007' }, split: { type: 'string', default: 'val' }, layout: { type: 'string', default: 'shipped' }, geometric: { type: 'boolean', default: false }, quantize: { type: 'string' } },
});
await initNodeBackend('wasm');
const quantize = values.quantize as WeightQuantization | undefined;
if (quantize && !WEIGHT_QUANTIZATIONS.includes(quantize)) throw new Error(`--quantize: one of ${WEIGHT_QUANTIZATIONS.join(', ')}`);
async function roundTrip(head: HeadModel): Promise<HeadModel> {
  if (!quantize) return head;
  const copy = await quantizedCopy(head, quantize);
  disposeHead(head);
  return copy;
}
/** A head directory's model, its members cut to the first k with `dir:k`, to members a to b−1 with `dir:a-b`. */
async function loadDir(spec: string): Promise<HeadModel> {
  const [dir, range] = spec.split(':') as [string, string?];
  const head = await roundTrip(await loadHead(fileModelHandler(resolve(dir, 'model.json'))));
  if (!range) return head;
  const [a, b] = range.includes('-') ? range.split('-').map(Number) as [number, number] : [0, Number(range)];
  const members = headMembers(head).slice(a, b);
  if (members.length === 0) throw new Error(`${spec}: no members in that range`);
  return { ...head, weights: members[0]!, members };
}
const heads = await Promise.all(positionals.map(loadDir));
if (heads.length === 0) throw new Error('give the head directories to ensemble');
const images = readVocSplit(values.voc!, values.split!);
const set = loadFeatureSet(images, new FeatureCache(featureCacheDir(values.voc!)), layoutByName(values.layout!));
const F = heads[0]!.dims.featureDim;
const L = heads[0]!.dims.numLabels;
const n = set.features.length / F;

/** Mean of the members' rows (arithmetic, or normalised geometric with --geometric). */
function mean(rows: Float32Array[][]): Float32Array[] {
  return rows[0]!.map((_, i) => {
    const out = new Float32Array(L + 1);
    for (const r of rows) for (let k = 0; k <= L; k++) out[k] += values.geometric ? Math.log(Math.max(r[i]![k]!, 1e-12)) : r[i]![k]!;
    if (!values.geometric) return out.map((v) => v / rows.length);
    const e = out.map((v) => Math.exp(v / rows.length));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / z);
  });
}

const sets: number[][] = [];
const scores: Float32Array[] = [];
for (let i = 0; i < n; i++) {
  const members = heads.map((h) => createHeadScorer(headMembers(h), h.dims, set.features.subarray(i * F, (i + 1) * F)));
  const scorer: BeamScorer = {
    numLabels: L,
    async start() {
      const r = await Promise.all(members.map((m) => m.start()));
      return { probs: mean(r.map((x) => x.probs)), handle: r.map((x) => x.handle) };
    },
    async extend(parent, rows, paths) {
      const r = await Promise.all(members.map((m, j) => m.extend((parent as unknown[])[j], rows, paths)));
      return { probs: mean(r.map((x) => x.probs)), handle: r.map((x) => x.handle) };
    },
    release(h) { (h as unknown[]).forEach((x, j) => members[j]!.release(x)); },
  };
  const result = await beamSearch(scorer, { beamWidth: 3, maxLength: L });
  sets.push(result.best?.labels ?? []);
  scores.push(labelScores(result, 'marginal'));
  members.forEach((m) => m.dispose());
}
const pct = (v: number) => v.toFixed(2);
const cnn = { ...meanAveragePrecision(scores, set.truth, heads[0]!.labels), ...setMetrics(sets, set.truth, L) };
const perHead = heads.map((h) => baselinePredictions(h, set.features));
const base = perHead[0]!.map((_, i) => perHead[0]![i]!.map((_, k) => perHead.reduce((a, p) => a + p[i]![k]!, 0) / perHead.length));
const b = { ...meanAveragePrecision(base, set.truth, heads[0]!.labels), ...setMetrics(base.map((p) => Array.from(p).flatMap((v, c) => (v >= 0.5 ? [c] : []))), set.truth, L) };
console.log(`${heads.length} heads of ${heads.map((h) => headMembers(h).length).join(' + ')} members (${values.geometric ? 'geometric' : 'arithmetic'} mean${quantize ? `, matrices ${quantize}` : ''}), ${values.split} ${n} images`);
const perClass = perClassMetrics(sets, set.truth, heads[0]!.labels);
const found = (c: string) => (perClass[c]?.n ? `, ${c}s found ${Math.round((perClass[c]!.R * perClass[c]!.n) / 100)}/${perClass[c]!.n}` : '');
console.log(`CNN-RNN ensemble: mAP ${pct(cnn.mAP)}, C-P ${pct(cnn.CP)}, C-F1 ${pct(cnn.CF1)}, O-F1 ${pct(cnn.OF1)}, O-R ${pct(cnn.OR)}${found('dog')}${found('cat')}`);
console.log(`baselines averaged: mAP ${pct(b.mAP)}, C-P ${pct(b.CP)}, C-F1 ${pct(b.CF1)}, O-F1 ${pct(b.OF1)}`);
