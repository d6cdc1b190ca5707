/**
 * `npx tsx research/flipShift.ts [VOC_DIR] [SPLIT] [N] [MODEL]` — not a test: how far a horizontal flip
 * moves I, against how far CenterNet at 320² moves it (the scale augmentation's second side), on the
 * first N photos of a split (defaults: ../shared/data/VOC2007, val, 200, models/head). I at 384² is
 * read from the feature cache (extracted when missing); the flipped photo at 384² (both CNNs run) and
 * the photo at 320² (NanoDet's statistics copied, as `--scales` extracts) are computed here. Prints the
 * relative L2 distance from I (all of I, and the detectors' class-evidence columns), and how many of
 * the head's label sets change.
 */
import { resolve } from 'node:path';
import { composeFeatures, classEvidenceColumns, layoutDim, type FeatureSegment } from '../src/model/cnn/featureLayout';
import { extractRaw } from '../src/model/cnn/imageFeatures';
import { NANODET_DIM, RAW_DIM } from '../src/model/config';
import { loadHead } from '../src/model/head/headIo';
import { featureCacheDir } from '../src/train/cacheDir';
import { ensureFeatures } from '../src/train/ensureFeatures';
import { evaluateHead } from '../src/train/evaluate';
import { loadDetectorsFromDisk, mirroredImage } from '../src/train/extract';
import { decodePhotoFile } from '../src/train/photoFile';
import { FeatureCache } from '../src/train/featureCache';
import { initNodeBackend } from '../src/train/nodeBackend';
import { fileModelHandler } from '../src/train/nodeIo';
import { readVocSplit, vocImagePath } from '../src/train/voc';

const [dir = '../shared/data/VOC2007', split = 'val', n = '200', model = 'models/head'] = process.argv.slice(2);

await initNodeBackend('wasm');
const head = await loadHead(fileModelHandler(resolve(model, 'model.json')));
const layout = (head.meta as { featureLayout: { segments: FeatureSegment[] } }).featureLayout.segments;
const images = readVocSplit(dir, split).slice(0, Number(n));
const cache = new FeatureCache(featureCacheDir(dir));
await ensureFeatures(dir, [split], undefined, cache, images.map((im) => im.id));
const big = await loadDetectorsFromDisk();
const small = await loadDetectorsFromDisk(320);
const F = layoutDim(layout);
const [orig, flip, at320] = [0, 1, 2].map(() => new Float32Array(images.length * F));
for (const [i, im] of images.entries()) {
  const raw = cache.get(im.id);
  const photo = decodePhotoFile(vocImagePath(dir, im.id));
  orig.set(composeFeatures(raw, layout), i * F);
  flip.set(composeFeatures(await extractRaw(big, mirroredImage(photo)), layout), i * F);
  at320.set(composeFeatures(await extractRaw(small, photo, raw.slice(RAW_DIM - NANODET_DIM)), layout), i * F);
}

/** Mean over photos of |b − a| / |a| over the given columns (all of I when none). */
function relativeDistance(a: Float32Array, b: Float32Array, columns?: number[]): number {
  const cols = columns ?? Array.from({ length: F }, (_, c) => c);
  let sum = 0;
  for (let i = 0; i < images.length; i++) {
    let d = 0;
    let s = 0;
    for (const c of cols) {
      const x = a[i * F + c]!;
      d += (b[i * F + c]! - x) ** 2;
      s += x * x;
    }
    sum += Math.sqrt(d / s);
  }
  return sum / images.length;
}

const truth = images.map((im) => im.truth);
const beam = { beamWidth: 3, maxLength: head.dims.numLabels };
const sets = async (features: Float32Array) => (await evaluateHead(head, features, truth, beam, true)).predictions.map((p) => [...p.cnnrnn].sort().join(','));
const base = await sets(orig);
const evidence = classEvidenceColumns(layout);
console.log(`${images.length} photos of ${dir} ${split}; relative L2 distance from I at 384² (all ${F} values | the ${evidence.length} class-evidence ones), label sets changed`);
for (const [name, other] of [['mirrored, 384²', flip], ['CenterNet at 320²', at320]] as const) {
  const changed = (await sets(other)).filter((s, i) => s !== base[i]).length;
  console.log(`${name.padEnd(20)} ${relativeDistance(orig, other).toFixed(4)} | ${relativeDistance(orig, other, evidence).toFixed(4)}   ${changed} of ${images.length}`);
}
