/**
 * `npx tsx research/nanodetHiddenProbe.ts extract SHARD SHARDS` then `… probe [EPOCHS] [SEEDS]` — not a
 * test: is NanoDet's own hidden representation worth adding to I? `extract` pools (spatial mean and
 * max) the 128-channel hidden layer of NanoDet's class head at strides 8, 16 and 32 and its backbone's
 * last 512-channel stage, for VOC train and val, the training set's --extra folders and the two check
 * sets, into `.cache/nanodet-hidden/` (run one process per core, SHARD 0 and 1 of 2). `probe` trains
 * the baseline's linear classifiers (best val epoch, mean over the seeds) on the shipped I and on I
 * with each choice of those values, and scores val mAP, the everyday set (mAP, O-R at p 0.5, dogs
 * and cats found) and the object check.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { baselineLogits } from '../src/model/head/baseline';
import { rgbTensor } from '../src/model/cnn/backbone';
import { loadNanodet, nanodetInput } from '../src/model/cnn/nanodet';
import { featureCacheDir } from '../src/train/cacheDir';
import { concatFeatureSets, featureStats, loadFeatureSet, type FeatureSet } from '../src/train/dataset';
import { nanodetJsonPath } from '../src/train/extract';
import { decodePhotoFile } from '../src/train/photoFile';
import { FeatureCache } from '../src/train/featureCache';
import { VOC_CLASSES } from '../src/train/labels';
import { meanAveragePrecision, perClassMetrics, setMetrics } from '../src/train/metrics';
import { initNodeBackend } from '../src/train/nodeBackend';
import { fileModelHandler } from '../src/train/nodeIo';
import { DEFAULT_BASELINE_CONFIG, trainBaseline } from '../src/train/trainBaseline';
import { readVocSplit, vocImagePath } from '../src/train/voc';

const OUT = '.cache/nanodet-hidden';
const P = 'PartitionedCall/onnx_tf_prefix_';
/** The class head's hidden layer at strides 8, 16, 32 (128 channels each), the backbone's last stage (512). */
const NODES = [`${P}LeakyRelu_151/nhwc`, `${P}LeakyRelu_162/nhwc`, `${P}LeakyRelu_173/nhwc`, `${P}Concat_62/nhwc`];
const DIM = 2 * (3 * 128 + 512);
const VOC = '../shared/data/VOC2007';
const EXTRA = ['VOC-coco-train', 'VOC-pets15', 'VOC-pet-cat-faces', 'VOC-dog-breeds', 'VOC-pets-more'].map((d) => `../everyday/${d}`);
const SETS: [string, string][] = [[VOC, 'train'], [VOC, 'val'], ['../everyday/VOC-everyday', 'test'], ['../everyday/VOC-objects', 'test'], ...EXTRA.map((d): [string, string] => [d, 'train'])];
const SHARDS = 2;

async function extract(shard: number): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const model = await loadNanodet(fileModelHandler(nanodetJsonPath()));
  for (const [dir, split] of SETS) {
    const out = `${OUT}/${basename(dir)}-${split}.${shard}of${SHARDS}`;
    if (existsSync(`${out}.f32`)) continue;
    const ids = readVocSplit(dir, split).map((im) => im.id).filter((_, i) => i % SHARDS === shard);
    const all = new Float32Array(ids.length * DIM);
    ids.forEach((id, i) => {
      const image = decodePhotoFile(vocImagePath(dir, id));
      const f = tf.tidy(() => {
        const maps = model.execute(nanodetInput(rgbTensor(image)), NODES) as tf.Tensor4D[];
        return tf.concat(maps.flatMap((x) => [tf.mean(x, [1, 2]), tf.max(x, [1, 2])]), 1);
      });
      all.set(f.dataSync(), i * DIM);
      f.dispose();
    });
    writeFileSync(`${out}.f32`, Buffer.from(all.buffer));
    writeFileSync(`${out}.ids`, ids.join('\n'));
    console.log(`${dir} ${split}: ${ids.length} photos`);
  }
}

/** Which of the pooled values join I: [mean 8 | max 8 | mean 16 | max 16 | mean 32 | max 32 | backbone mean | backbone max]. */
const CHOICES: Record<string, (v: Float32Array) => number[]> = {
  'I (shipped)': () => [],
  'I + head means': (v) => [...v.subarray(0, 128), ...v.subarray(256, 384), ...v.subarray(512, 640)],
  'I + head means and maxima': (v) => [...v.subarray(0, 768)],
  'I + backbone means': (v) => [...v.subarray(768, 1280)],
  'I + backbone means and maxima': (v) => [...v.subarray(768)],
  'I + all': (v) => [...v],
};

function hidden(dir: string, split: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (let s = 0; s < SHARDS; s++) {
    const p = `${OUT}/${basename(dir)}-${split}.${s}of${SHARDS}`;
    const f = new Float32Array(readFileSync(`${p}.f32`).buffer.slice(0));
    readFileSync(`${p}.ids`, 'utf8').split('\n').forEach((id, i) => out.set(id, f.subarray(i * DIM, (i + 1) * DIM)));
  }
  return out;
}

function load(dir: string, split: string, pick: (v: Float32Array) => number[]): FeatureSet {
  const images = readVocSplit(dir, split);
  const base = loadFeatureSet(images, new FeatureCache(featureCacheDir(dir)));
  const F0 = base.features.length / images.length;
  const h = hidden(dir, split);
  const F = F0 + pick(new Float32Array(DIM)).length;
  const features = new Float32Array(images.length * F);
  images.forEach((im, i) => {
    features.set(base.features.subarray(i * F0, (i + 1) * F0), i * F);
    features.set(pick(h.get(im.id)!), i * F + F0);
  });
  return { ...base, features };
}

/** mAP, O-R of the label sets with p ≥ 0.5 (logits ≥ 0), dogs and cats found. */
function checkFigures(set: FeatureSet, scores: Float32Array[], labels: string[]): number[] {
  const { mAP } = meanAveragePrecision(scores, set.truth, labels);
  const sets = scores.map((s) => [...s.keys()].filter((c) => s[c]! > 0));
  const perClass = perClassMetrics(sets, set.truth, labels);
  const found = (c: string) => Math.round((perClass[c]!.R * perClass[c]!.n) / 100);
  return [mAP, setMetrics(sets, set.truth, labels.length).OR, found('dog'), found('cat')];
}

async function probe(epochs: number, seeds: number[]): Promise<void> {
  const labels = [...VOC_CLASSES];
  const L = labels.length;
  for (const [name, pick] of Object.entries(CHOICES)) {
    const train = EXTRA.reduce((set, d) => concatFeatureSets(set, load(d, 'train', pick)), load(VOC, 'train', pick));
    const val = load(VOC, 'val', pick);
    const checks = [load('../everyday/VOC-everyday', 'test', pick), load('../everyday/VOC-objects', 'test', pick)];
    const { mean, std } = featureStats(train);
    const m = tf.tensor1d(mean), s = tf.tensor1d(std);
    const runs: number[][] = [];
    for (const seed of seeds) {
      const r = await trainBaseline(train, val, m, s, labels, { ...DEFAULT_BASELINE_CONFIG, epochs, seed }, () => undefined);
      const row = [r.bestMap];
      for (const set of checks) {
        const logits = tf.tidy(() => baselineLogits(r.weights, m, s, tf.tensor2d(set.features, [set.ids.length, mean.length])).dataSync() as Float32Array);
        row.push(...checkFigures(set, set.ids.map((_, i) => logits.subarray(i * L, (i + 1) * L)), labels));
      }
      runs.push(row);
      tf.dispose(Object.values(r.weights));
    }
    tf.dispose([m, s]);
    const a = runs[0]!.map((_, k) => runs.reduce((sum, r) => sum + r[k]!, 0) / runs.length);
    console.log(`${name} (${mean.length} values): val mAP ${a[0]!.toFixed(2)} | everyday mAP ${a[1]!.toFixed(1)}, O-R ${a[2]!.toFixed(1)}, dogs ${a[3]!.toFixed(1)}, cats ${a[4]!.toFixed(1)} | objects mAP ${a[5]!.toFixed(1)}, O-R ${a[6]!.toFixed(1)}`);
  }
}

const [mode = 'probe', ...args] = process.argv.slice(2);
await initNodeBackend('wasm');
if (mode === 'extract') await extract(Number(args[0] ?? 0));
else await probe(Number(args[0] ?? 10), (args[1] ?? '11,12,13').split(',').map(Number));
