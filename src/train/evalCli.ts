/**
 * `npm run eval -- --voc <VOCdevkit/VOC2007 dir> --split <name> --json <out.json> [--model models/head]`
 * Evaluates the shipped CNN-RNN head, the independent baseline and the zero-shot heat-maps; the
 * JSON holds per-class precision and recall too (`cnnrnn.perClass[cls] = { P, R, n }`, percent).
 * `--predictions <file.csv>` writes each photo's id, truth, CNN-RNN label set and path probability,
 * and the baseline's set, to see which photos fail.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadHead } from '../model/head/headIo';
import { featureCacheDir } from './cacheDir';
import { loadFeatureSet } from './dataset';
import { ensureFeatures } from './ensureFeatures';
import { evaluateHead, predictionsCsv, type EvalReport } from './evaluate';
import { FeatureCache } from './featureCache';
import { fileModelHandler } from './nodeIo';
import { initNodeBackend } from './nodeBackend';
import { LABEL_SCORE_METHODS, type LabelScoreMethod } from './labelScores';
import type { FeatureSegment } from '../model/cnn/featureLayout';
import { LAYOUTS } from './layouts';
import { readVocSplit } from './voc';

const { values } = parseArgs({
  options: {
    voc: { type: 'string' }, split: { type: 'string', default: 'val' }, json: { type: 'string' },
    model: { type: 'string', default: 'models/head' }, beam: { type: 'string', default: '3' },
    'max-length': { type: 'string' }, 'score-beam': { type: 'string' }, limit: { type: 'string' }, cache: { type: 'string' },
    score: { type: 'string' }, 'compare-scores': { type: 'boolean', default: false }, predictions: { type: 'string' },
  },
});
if (!values.voc) {
  console.error('usage: npm run eval -- --voc <VOC2007 dir> --split <name> [--json out.json] [--model models/head] [--beam 3]');
  process.exit(2);
}
await initNodeBackend('wasm');
const head = await loadHead(fileModelHandler(resolve(values.model!, 'model.json')));
const limit = values.limit ? Number(values.limit) : undefined;
const images = readVocSplit(values.voc, values.split!).slice(0, limit);
const cache = new FeatureCache(values.cache ?? featureCacheDir(values.voc));
await ensureFeatures(values.voc, [values.split!], limit, cache, images.map((i) => i.id));
// the head says which I it was trained on and how it scores labels for AP (older heads: the first I, marginals)
const meta = head.meta as { featureLayout?: { segments: FeatureSegment[] }; scoreMethod?: LabelScoreMethod; scoreBeamWidth?: number };
const set = loadFeatureSet(images, cache, meta.featureLayout?.segments ?? LAYOUTS.base!);
const beam = { beamWidth: Number(values.beam), maxLength: Number(values['max-length'] ?? head.dims.numLabels) };
const scoreWidth = values['score-beam'] ? Number(values['score-beam']) : meta.scoreBeamWidth;
const scoreBeam = scoreWidth && scoreWidth !== beam.beamWidth ? { ...beam, beamWidth: scoreWidth } : undefined;
const method = (values.score ?? meta.scoreMethod ?? 'marginal') as LabelScoreMethod;
if (!LABEL_SCORE_METHODS.includes(method)) throw new Error(`--score must be one of ${LABEL_SCORE_METHODS.join(', ')}`);
const { predictions, ...report } = await evaluateHead(head, set.features, set.truth, beam, false, scoreBeam, method, values['compare-scores']);
printReport(report, values.split!);
if (values.json) writeFileSync(values.json, `${JSON.stringify({ split: values.split, model: values.model, ...report }, null, 1)}\n`);
if (values.predictions) {
  writeFileSync(values.predictions, predictionsCsv(set.ids, set.truth, predictions, head.labels));
  console.log(`wrote ${predictions.length} photos' predictions to ${values.predictions}`);
}

function printReport(r: EvalReport, split: string): void {
  const pr = (m: EvalReport['baseline']) => (c: string) => `P ${f(m.perClass[c]!.P)} R ${f(m.perClass[c]!.R)}`;
  const f = (v: number) => v.toFixed(1).padStart(6);
  console.log(`\n${split}: ${r.images} images (VOC07 11-point AP, percent)`);
  console.log(`${'model'.padEnd(22)}${['mAP', 'C-P', 'C-R', 'C-F1', 'O-P', 'O-R', 'O-F1'].map((h) => h.padStart(6)).join('')}`);
  for (const [name, m] of [['CNN-RNN (beam)', r.cnnrnn], ['baseline (indep.)', r.baseline]] as const) {
    console.log(`${name.padEnd(22)}${[m.mAP, m.CP, m.CR, m.CF1, m.OP, m.OR, m.OF1].map(f).join('')}`);
  }
  console.log(`${'zero-shot heat-maps'.padEnd(22)}${f(r.zeroshot.mAP)}`);
  console.log(`CNN-RNN label scores for AP: ${r.cnnrnn.scoreMethod}, beam width ${r.cnnrnn.scoreBeamWidth}`);
  if (r.cnnrnn.mAPByScoreMethod) console.log(`  mAP by score method: ${Object.entries(r.cnnrnn.mAPByScoreMethod).map(([m, v]) => `${m} ${v.toFixed(2)}`).join(', ')}`);
  console.log(`\nper class (AP; the label sets' precision and recall):\n${Object.keys(r.cnnrnn.perClass).map((c) => `  ${c.padEnd(12)} ${String(r.cnnrnn.perClass[c]!.n).padStart(4)} photos  CNN-RNN AP ${f(r.cnnrnn.ap[c] ?? NaN)} ${pr(r.cnnrnn)(c)}  baseline AP ${f(r.baseline.ap[c] ?? NaN)} ${pr(r.baseline)(c)}  zero-shot ${f(r.zeroshot.ap[c] ?? NaN)}`).join('\n')}`);
}
