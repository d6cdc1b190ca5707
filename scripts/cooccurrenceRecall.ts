/**
 * `npx tsx scripts/cooccurrenceRecall.ts [--model models/head] [--with person] [--split val]` — not a
 * test, a diagnostic for the husky photo (a dog beside a person labelled "person, bottle"):
 * per class, how often the label set holds it on the photos that show it *with* a given label and
 * on those that show it *without* (recall), and on how many photos *with* that label it is added
 * though not shown (false adds), for the CNN-RNN (beam width 3, the app's set) and the independent
 * baseline (p ≥ 0.5). A sequence model that adds labels on co-occurrence, or drops them after a
 * dominant one, shows up against the baseline's columns.
 * Reads the feature cache that `npm run train` fills.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LAYOUTS } from '../src/train/layouts';
import type { FeatureSegment } from '../src/model/cnn/featureLayout';
import { loadHead } from '../src/model/head/headIo';
import { featureCacheDir } from '../src/train/cacheDir';
import { loadFeatureSet } from '../src/train/dataset';
import { baselinePredictions, cnnRnnPredictions } from '../src/train/evaluate';
import { FeatureCache } from '../src/train/featureCache';
import { initNodeBackend } from '../src/train/nodeBackend';
import { fileModelHandler } from '../src/train/nodeIo';
import { readVocSplit } from '../src/train/voc';

const { values } = parseArgs({
  options: {
    voc: { type: 'string', default: '../shared/data/VOC2007' }, model: { type: 'string', default: 'models/head' },
    split: { type: 'string', default: 'val' }, with: { type: 'string', default: 'person' },
  },
});
await initNodeBackend('wasm');
const head = await loadHead(fileModelHandler(resolve(values.model!, 'model.json')));
const other = head.labels.indexOf(values.with!);
if (other < 0) throw new Error(`--with: one of ${head.labels.join(', ')}`);
const meta = head.meta as { featureLayout?: { segments: FeatureSegment[] } };
const set = loadFeatureSet(readVocSplit(values.voc!, values.split!), new FeatureCache(featureCacheDir(values.voc!)), meta.featureLayout?.segments ?? LAYOUTS.base!);
const { sets } = await cnnRnnPredictions(head, set.features, { beamWidth: 3, maxLength: head.dims.numLabels }, true);
const base = baselinePredictions(head, set.features);
const pct = (k: number, n: number) => (n ? `${((100 * k) / n).toFixed(0)}%` : '–').padStart(4);
const withOther = set.truth.filter((t) => t[other]! > 0).length;
console.log(`recall of each label in the predicted set, ${values.split} (${set.ids.length} photos), with and without "${values.with}"; false adds: on the ${withOther} photos with "${values.with}"`);
console.log('| label | photos with | CNN-RNN | baseline | photos without | CNN-RNN | baseline | false adds CNN-RNN | baseline |');
console.log('|---|---|---|---|---|---|---|---|---|');
const total = { with: [0, 0, 0], without: [0, 0, 0], adds: [0, 0] };
head.labels.forEach((label, c) => {
  if (c === other) return;
  const t = { with: [0, 0, 0], without: [0, 0, 0], adds: [0, 0] };
  set.truth.forEach((truth, i) => {
    if (truth[c]! < 0 && truth[other]! > 0) { // not shown (-1; difficult-only labels, 0, do not count)
      t.adds[0] += sets[i]!.includes(c) ? 1 : 0;
      t.adds[1] += base[i]![c]! >= 0.5 ? 1 : 0;
    }
    if (truth[c]! <= 0) return;
    const row = truth[other]! > 0 ? t.with : t.without;
    row[0]++;
    row[1] += sets[i]!.includes(c) ? 1 : 0;
    row[2] += base[i]![c]! >= 0.5 ? 1 : 0;
  });
  for (const k of ['with', 'without', 'adds'] as const) t[k].forEach((v, j) => { total[k][j]! += v; });
  console.log(`| ${label} | ${t.with[0]} | ${pct(t.with[1]!, t.with[0]!)} | ${pct(t.with[2]!, t.with[0]!)} | ${t.without[0]} | ${pct(t.without[1]!, t.without[0]!)} | ${pct(t.without[2]!, t.without[0]!)} | ${t.adds[0]} | ${t.adds[1]} |`);
});
console.log(`| all | ${total.with[0]} | ${pct(total.with[1]!, total.with[0]!)} | ${pct(total.with[2]!, total.with[0]!)} | ${total.without[0]} | ${pct(total.without[1]!, total.without[0]!)} | ${pct(total.without[2]!, total.without[0]!)} | ${total.adds[0]} | ${total.adds[1]} |`);
