/**
 * `npm run probe -- [--layout base+stats] [--limit n] [--zeroshot]` — how much each candidate I is
 * worth. Linear probe: the baseline's trainer (independent logistic classifiers, best val epoch)
 * on the cached raw features composed with the layout (src/train/layouts.ts). --zeroshot: COCO
 * heat-map maxima (whole view, tiles, their mean) and NanoDet's maxima, scored directly.
 * Features come from the cache that `npm run train` fills.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { VOC_CLASSES, VOC_TO_COCO } from '../src/train/labels';
import { meanAveragePrecision } from '../src/train/metrics';
import { featureCacheDir } from '../src/train/cacheDir';
import { loadFeatureSet } from '../src/train/dataset';
import { FeatureCache } from '../src/train/featureCache';
import { layoutByName, LAYOUTS } from '../src/train/layouts';
import { initNodeBackend } from '../src/train/nodeBackend';
import { featureStats } from '../src/train/dataset';
import { DEFAULT_BASELINE_CONFIG, trainBaseline } from '../src/train/trainBaseline';
import { readVocSplit } from '../src/train/voc';

const { values } = parseArgs({
  options: {
    voc: { type: 'string', default: '../shared/data/VOC2007' }, layout: { type: 'string' }, limit: { type: 'string' },
    zeroshot: { type: 'boolean', default: false },
  },
});
await initNodeBackend('wasm');
const cache = new FeatureCache(featureCacheDir(values.voc!));
const limit = values.limit ? Number(values.limit) : undefined;
const trainImages = readVocSplit(values.voc!, 'train').slice(0, limit);
const valImages = readVocSplit(values.voc!, 'val').slice(0, limit);
const labels = [...VOC_CLASSES];

if (values.zeroshot) {
  const h = 1088; // heat-map maxima inside a view
  const variants = {
    'CenterNet, whole image': [{ source: 'whole', from: h, to: h + 80 }],
    'CenterNet, tiles (max)': [{ source: 'tilesMax', from: h, to: h + 80 }],
    'NanoDet (max over strides)': [{ source: 'nanodet', from: 0, to: 80 }, { source: 'nanodet', from: 80, to: 160 }, { source: 'nanodet', from: 160, to: 240 }],
  } as const;
  for (const [name, layout] of Object.entries(variants)) {
    const set = loadFeatureSet(valImages, cache, layout);
    const F = set.features.length / set.ids.length;
    const scores = set.ids.map((_, i) => Float32Array.from(VOC_TO_COCO, (c) => {
      let best = 0;
      for (let o = 0; o < F; o += 80) best = Math.max(best, set.features[i * F + o + c]!);
      return best;
    }));
    const r = meanAveragePrecision(scores, set.truth, labels);
    console.log(`zero-shot ${name}: mAP ${r.mAP.toFixed(2)}`);
  }
} else {
  for (const name of values.layout ? values.layout.split(',') : Object.keys(LAYOUTS)) {
    const layout = layoutByName(name);
    const train = loadFeatureSet(trainImages, cache, layout);
    const val = loadFeatureSet(valImages, cache, layout);
    const { mean, std } = featureStats(train);
    const m = tf.tensor1d(mean);
    const s = tf.tensor1d(std);
    const r = await trainBaseline(train, val, m, s, labels, DEFAULT_BASELINE_CONFIG, () => undefined);
    tf.dispose([m, s, ...Object.values(r.weights)]);
    console.log(`linear probe, layout ${name} (${mean.length} values, ${train.ids.length}/${val.ids.length} images): val mAP ${r.bestMap.toFixed(2)} (epoch ${r.bestEpoch})`);
  }
}
