/**
 * `npm run eval -- --voc <VOCdevkit/VOC2007 dir> --split <name> --json <out.json> [--model models/head]`
 * Evaluates the shipped CNN-RNN head, the independent baseline and the zero-shot heat-maps.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadHead } from '../model/headIo';
import { featureCacheDir } from './cacheDir';
import { loadFeatureSet } from './dataset';
import { ensureFeatures } from './ensureFeatures';
import { evaluateHead, type EvalReport } from './evaluate';
import { FeatureCache } from './featureCache';
import { fileModelHandler } from './nodeIo';
import { initNodeBackend } from './nodeBackend';
import { readVocSplit } from './voc';

const { values } = parseArgs({
  options: {
    voc: { type: 'string' }, split: { type: 'string', default: 'val' }, json: { type: 'string' },
    model: { type: 'string', default: 'models/head' }, beam: { type: 'string', default: '3' },
    'max-length': { type: 'string' }, 'score-beam': { type: 'string' }, limit: { type: 'string' }, cache: { type: 'string' },
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
const set = loadFeatureSet(images, cache);
const beam = { beamWidth: Number(values.beam), maxLength: Number(values['max-length'] ?? head.dims.numLabels) };
const scoreBeam = values['score-beam'] ? { ...beam, beamWidth: Number(values['score-beam']) } : undefined;
const report = await evaluateHead(head, set.features, set.truth, beam, false, scoreBeam);
printReport(report, values.split!);
if (values.json) writeFileSync(values.json, `${JSON.stringify({ split: values.split, model: values.model, ...report }, null, 1)}\n`);

function printReport(r: EvalReport, split: string): void {
  const f = (v: number) => v.toFixed(1).padStart(6);
  console.log(`\n${split}: ${r.images} images (VOC07 11-point AP, percent)`);
  console.log(`${'model'.padEnd(22)}${['mAP', 'C-P', 'C-R', 'C-F1', 'O-P', 'O-R', 'O-F1'].map((h) => h.padStart(6)).join('')}`);
  for (const [name, m] of [['CNN-RNN (beam)', r.cnnrnn], ['baseline (indep.)', r.baseline]] as const) {
    console.log(`${name.padEnd(22)}${[m.mAP, m.CP, m.CR, m.CF1, m.OP, m.OR, m.OF1].map(f).join('')}`);
  }
  console.log(`${'zero-shot heat-maps'.padEnd(22)}${f(r.zeroshot.mAP)}`);
  console.log(`\nper class AP:\n${Object.keys(r.cnnrnn.ap).map((c) => `  ${c.padEnd(12)} CNN-RNN ${f(r.cnnrnn.ap[c]!)}  baseline ${f(r.baseline.ap[c]!)}  zero-shot ${f(r.zeroshot.ap[c]!)}`).join('\n')}`);
}
