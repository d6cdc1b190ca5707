/**
 * `npm run probe -- [--keep 0-1168,2128-2208] [--zeroshot]` — how much each part of I is worth.
 * Linear probe: the baseline's trainer (independent logistic classifiers, best val epoch) on the
 * cached features with everything outside --keep zeroed. --zeroshot: heat-map maxima of the whole
 * view, of the tiles, and their mean, scored directly (no training). Needs `npm run train` first.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { FEATURE_DIM, VIEW_DIM, VIEW_KEYPOINTS_OFFSET, TILES_DIM, COCO_CLASSES } from '../src/model/config';
import { VOC_CLASSES, VOC_TO_COCO } from '../src/model/labels';
import { meanAveragePrecision } from '../src/model/metrics';
import { featureCacheDir } from '../src/train/cacheDir';
import { loadFeatureSet, type FeatureSet } from '../src/train/dataset';
import { FeatureCache } from '../src/train/featureCache';
import { initNodeBackend } from '../src/train/nodeBackend';
import { featureStats } from '../src/train/train';
import { DEFAULT_BASELINE_CONFIG, trainBaseline } from '../src/train/trainBaseline';
import { readVocSplit } from '../src/train/voc';

const { values } = parseArgs({
  options: { voc: { type: 'string', default: '../shared/data/VOC2007' }, keep: { type: 'string' }, zeroshot: { type: 'boolean', default: false } },
});
await initNodeBackend('wasm');
const cache = new FeatureCache(featureCacheDir(values.voc!));
const train = loadFeatureSet(readVocSplit(values.voc!, 'train'), cache);
const val = loadFeatureSet(readVocSplit(values.voc!, 'val'), cache);
const labels = [...VOC_CLASSES];

if (values.zeroshot) {
  const tilesKp = VIEW_DIM + TILES_DIM - COCO_CLASSES;
  const feats = val.features;
  const at = (i: number, off: number) => VOC_TO_COCO.map((c) => feats[i * FEATURE_DIM + off + c]!);
  const variants = {
    'whole image': (i: number) => at(i, VIEW_KEYPOINTS_OFFSET),
    tiles: (i: number) => at(i, tilesKp),
    'mean of both': (i: number) => at(i, VIEW_KEYPOINTS_OFFSET).map((v, c) => (v + at(i, tilesKp)[c]!) / 2),
  };
  for (const [name, f] of Object.entries(variants)) {
    const r = meanAveragePrecision(val.ids.map((_, i) => f(i)), val.truth, labels);
    console.log(`zero-shot heat-maps, ${name}: mAP ${r.mAP.toFixed(2)} | ${Object.entries(r.ap).map(([c, v]) => `${c} ${v.toFixed(0)}`).join(', ')}`);
  }
} else {
  const keep = (values.keep ?? `0-${FEATURE_DIM}`).split(',').map((r) => r.split('-').map(Number) as [number, number]);
  const mask = (s: FeatureSet) => {
    for (const m of [s.features]) for (let i = 0; i < m.length; i++) {
      const j = i % FEATURE_DIM;
      if (!keep.some(([a, b]) => j >= a && j < b)) m[i] = 0;
    }
  };
  mask(train);
  mask(val);
  const { mean, std } = featureStats(train);
  const r = await trainBaseline(train, val, tf.tensor1d(mean), tf.tensor1d(std), labels, DEFAULT_BASELINE_CONFIG, () => undefined);
  console.log(`linear probe on features ${values.keep ?? 'all'}: val mAP ${r.bestMap.toFixed(2)} (epoch ${r.bestEpoch})`);
}
