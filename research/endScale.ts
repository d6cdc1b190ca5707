/**
 * `npx tsx research/endScale.ts W [W …] [--image C,C,…] [--model DIR]` — not a test: the shipped head
 * (or the head in DIR) decoded with END's probability scaled by W at every step (then each step's
 * distribution renormalised), on VOC val and on the everyday check set's `test` split
 * (`../everyday/VOC-everyday`), features from the caches `npm run eval` fills. W < 1 makes the search
 * end later: longer label sets, more recall, less precision. `--image` also multiplies all of I by each
 * C before the head reads it (the joint projection's and the image gate's input alike), the scale at
 * which view dropout's heads saw I in training. Prints mAP (the width-3 search's marginals, as
 * `npm run eval`), C-F1, O-F1, O-P, O-R and the dog and cat recall of the label sets for each W (and C);
 * W = 1, C = 1 is the head as given (its own END scale, HeadDims.endScale, included).
 */
import { resolve } from 'node:path';
import { readHeadArrays } from '../src/model/head/arrayHead';
import { createArrayScorer } from '../src/model/head/arrayScorer';
import { headMembers, loadHead } from '../src/model/head/headIo';
import { beamSearch } from '../src/model/search/beamSearch';
import type { FeatureSegment } from '../src/model/cnn/featureLayout';
import { featureCacheDir } from '../src/train/cacheDir';
import { loadFeatureSet } from '../src/train/dataset';
import { projectAll } from '../src/train/evaluate';
import { FeatureCache } from '../src/train/featureCache';
import { labelScores } from '../src/train/labelScores';
import { meanAveragePrecision, perClassMetrics, setMetrics } from '../src/train/metrics';
import { initNodeBackend } from '../src/train/nodeBackend';
import { fileModelHandler } from '../src/train/nodeIo';
import { readVocSplit } from '../src/train/voc';

const SETS = [['../shared/data/VOC2007', 'val'], ['../everyday/VOC-everyday', 'test']] as const;

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const modelDir = flag('--model') ?? 'models/head';
const imageScales = (flag('--image') ?? '1').split(',').map(Number);
const weights = args.map(Number);
if (weights.length === 0 || [...weights, ...imageScales].some((w) => !(w > 0))) {
  console.error('usage: npx tsx research/endScale.ts W [W …] [--image C,C,…] [--model DIR] (each > 0; 1 is the head as given)');
  process.exit(2);
}
await initNodeBackend('wasm');
const head = await loadHead(fileModelHandler(resolve(modelDir, 'model.json')));
const arrays = await readHeadArrays(headMembers(head), head.dims);
const { numLabels: L, featureDim: F } = head.dims;
const layout = (head.meta as { featureLayout: { segments: FeatureSegment[] } }).featureLayout.segments;
for (const [voc, split] of SETS) {
  const set = loadFeatureSet(readVocSplit(voc, split), new FeatureCache(featureCacheDir(voc)), layout);
  const plain = set.features;
  for (const c of imageScales) {
    const features = c === 1 ? plain : plain.map((v) => v * c);
    const projected = projectAll(head, features)!;
    for (const w of weights) {
      const sets: number[][] = [];
      const scores: Float32Array[] = [];
      for (let i = 0; i < set.ids.length; i++) {
        // the head's own END scale (HeadDims.endScale, scaleEnd) times w
        const dims = { ...head.dims, endScale: (head.dims.endScale ?? 1) * w };
        const scorer = createArrayScorer(arrays, dims, features.subarray(i * F, (i + 1) * F), projected[i]);
        const r = await beamSearch(scorer, { beamWidth: 3, maxLength: L });
        sets.push(r.best?.labels ?? []);
        scores.push(labelScores(r, 'marginal'));
      }
      const { mAP } = meanAveragePrecision(scores, set.truth, head.labels);
      const s = setMetrics(sets, set.truth, L);
      const pc = perClassMetrics(sets, set.truth, head.labels);
      console.log(`${split} C ${c} W ${w}: mAP ${mAP.toFixed(2)} C-F1 ${s.CF1.toFixed(2)} O-F1 ${s.OF1.toFixed(2)} O-P ${s.OP.toFixed(1)} O-R ${s.OR.toFixed(1)} dogs ${pc.dog!.R.toFixed(1)} cats ${pc.cat!.R.toFixed(1)}`);
    }
  }
}
