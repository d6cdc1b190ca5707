/**
 * `npx tsx research/benchSpatialMean.ts [--photos 12] [--split val] [--json out.json]` — not a test:
 * a photo's whole feature extraction (`extractRaw`: both CNNs, every statistic) with CenterNet as
 * the npm package ships it against CenterNet with its spatial means run as average pools
 * (`src/model/cnn/spatialMeanGraph.ts`, what loadBackbone loads), in one Node process on WASM, the two
 * interleaved photo by photo: median ms per photo, the ratio, the CenterNet pass alone, and how far
 * the raw features move (max |Δ| against the largest |value|, and how many values move by more than
 * 1e-3 of it).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { median, ratio, table } from '../scripts/benchStats';
import { rgbTensor } from '../src/model/cnn/backbone';
import { inputSizeGraph } from '../src/model/cnn/inputSizeGraph';
import { BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE, BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_KEYPOINTS_NODE, BACKBONE_WH_NODE } from '../src/model/config';
import { extractRaw, viewsInput, type Detectors } from '../src/model/cnn/imageFeatures';
import { centernetJsonPath, loadDetectorsFromDisk } from '../src/train/extract';
import { decodePhotoFile } from '../src/train/photoFile';
import { initNodeBackend } from '../src/train/nodeBackend';
import { fileModelHandler } from '../src/train/nodeIo';
import { readVocSplit, vocImagePath } from '../src/train/voc';

const { values } = parseArgs({
  options: { voc: { type: 'string', default: '../shared/data/VOC2007' }, split: { type: 'string', default: 'val' }, photos: { type: 'string', default: '12' }, json: { type: 'string' } },
});
await initNodeBackend('wasm');
const rewritten = await loadDetectorsFromDisk();
const shipped: Detectors = { centernet: await tf.loadGraphModel(inputSizeGraph(fileModelHandler(centernetJsonPath()), BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE)), nanodet: rewritten.nanodet };
const variants = [{ name: 'CenterNet as shipped (Mean)', d: shipped }, { name: 'spatial means as average pools', d: rewritten }];
const ids = readVocSplit(values.voc!, values.split!).slice(0, Number(values.photos)).map((im) => im.id);
const outputs = [BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_KEYPOINTS_NODE, BACKBONE_WH_NODE];
const extractMs: number[][] = [[], []];
const centernetMs: number[][] = [[], []];
let maxAbs = 0, maxDiff = 0, moved = 0, count = 0;
const diffs: Float32Array[] = [];
for (const [k, id] of ['warm-up', ...ids].entries()) {
  const image = decodePhotoFile(vocImagePath(values.voc!, k === 0 ? ids[0]! : id));
  const raws: Float32Array[] = [];
  // alternate which goes first, so that neither always runs on a warmer cache
  const order = k % 2 ? [1, 0] : [0, 1];
  for (const i of order) {
    const t = performance.now();
    raws[i] = await extractRaw(variants[i]!.d, image);
    const ms = performance.now() - t;
    const views = tf.tidy(() => viewsInput(rgbTensor(image)));
    const c = performance.now();
    const out = variants[i]!.d.centernet.execute({ [BACKBONE_INPUT_NODE]: views }, outputs) as tf.Tensor[];
    await Promise.all(out.map((o) => o.data()));
    const cms = performance.now() - c;
    tf.dispose([views, ...out]);
    if (k > 0) { extractMs[i]!.push(ms); centernetMs[i]!.push(cms); }
  }
  if (k === 0) continue;
  const [a, b] = raws as [Float32Array, Float32Array];
  const diff = new Float32Array(a.length);
  for (let j = 0; j < a.length; j++) {
    maxAbs = Math.max(maxAbs, Math.abs(a[j]!));
    diff[j] = Math.abs(a[j]! - b[j]!);
    maxDiff = Math.max(maxDiff, diff[j]!);
  }
  diffs.push(diff);
}
// against the largest value of all photos, so that every photo's values face the same bar
for (const d of diffs) { count += d.length; for (const v of d) if (v > 1e-3 * maxAbs) moved++; }
const rows = variants.map((v, i) => [v.name, median(extractMs[i]!), ratio(median(extractMs[i]!), median(extractMs[0]!)), median(centernetMs[i]!), ratio(median(centernetMs[i]!), median(centernetMs[0]!))]);
console.log(`${ids.length} ${values.split} photos (${ids[0]}…), WASM in Node, the two CenterNets interleaved; medians`);
console.log(table(['CenterNet', 'extractRaw ms / photo', 'ratio', 'CenterNet 5 views ms', 'ratio'], rows));
console.log(`raw features: max |Δ| ${maxDiff.toExponential(2)} = ${(maxDiff / maxAbs).toExponential(2)} of max |value| ${maxAbs.toFixed(2)}; ${moved} of ${count} values move by more than 1e-3 of it`);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({
    command: `npx tsx research/benchSpatialMean.ts ${process.argv.slice(2).join(' ')}`.trim(), date: new Date().toISOString(), photos: ids.length,
    rows: variants.map((v, i) => ({ centernet: v.name, extractRawMs: median(extractMs[i]!), centernetMs: median(centernetMs[i]!) })),
    maxAbsDiff: maxDiff, maxAbs, relDiff: maxDiff / maxAbs, valuesMovedOver1e3: moved, values: count,
  }, null, 1)}\n`);
}
process.exit(0);
