/**
 * `npx tsx research/centreViewProbe.ts [CHECK_SET] [PREDICTIONS_CSV]` — not a test: does a centre crop
 * tell a cat from a dog better than the views I already has? For each Oxford-IIIT Pet photo of the
 * check set's `test` split (ids `pets_<Breed>_<n>`; cat breeds are capitalised, dog breeds not), runs
 * CenterNet at 384² on the whole photo, its 4 corner tiles and two centre crops (the middle 60% and
 * 80% of each side), and counts the photos where a view's cat heat-map maximum beats its dog maximum
 * for a cat (or the other way round for a dog); the tiles as I pools them (their max). With the
 * predictions CSV of `npm run eval -- … --predictions`, it also prints each pet photo whose label set
 * misses its pet, with every view's two maxima.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { rgbTensor } from '../src/model/cnn/backbone';
import { backboneMaps, heatMaxima, viewsInput } from '../src/model/cnn/imageFeatures';
import { BACKBONE_INPUT_SIZE } from '../src/model/config';
import { loadDetectorsFromDisk } from '../src/train/extract';
import { decodePhotoFile } from '../src/train/photoFile';
import { initNodeBackend } from '../src/train/nodeBackend';

const [dir = '../everyday/VOC-everyday', predictions] = process.argv.slice(2);
/** COCO's cat and dog among CenterNet's 80 heat-maps. */
const CAT = 15, DOG = 16;
const CENTRE_BOXES = [[0.2, 0.2, 0.8, 0.8], [0.1, 0.1, 0.9, 0.9]];
const VIEWS = ['whole', 'tiles (max)', 'centre 60%', 'centre 80%'];

/** Ids of the pet photos whose CNN-RNN label set misses the pet. */
function missedPets(csv: string): Set<string> {
  const [head, ...rows] = readFileSync(csv, 'utf8').trim().split('\n');
  const col = Object.fromEntries(head!.split(',').map((c, k) => [c, k]));
  const out = new Set<string>();
  for (const line of rows) {
    const f = line.split(',');
    const set = new Set(f[col.cnnrnn!]!.split(' '));
    if (f[col.id!]!.startsWith('pets_') && !f[col.truth!]!.split(' ').every((l) => set.has(l))) out.add(f[col.id!]!);
  }
  return out;
}

await initNodeBackend('wasm');
const detectors = await loadDetectorsFromDisk();
const missed = predictions ? missedPets(predictions) : new Set<string>();
const ids = readFileSync(`${dir}/ImageSets/Main/test.txt`, 'utf8').split('\n').filter((s) => s.startsWith('pets_'));
const right = VIEWS.map(() => 0);
const rightOnMissed = VIEWS.map(() => 0);
for (const id of ids) {
  const isCat = /^pets_[A-Z]/.test(id);
  const image = decodePhotoFile(`${dir}/JPEGImages/${id}.jpg`);
  const maxima = tf.tidy(() => {
    const rgb = rgbTensor(image);
    const S = BACKBONE_INPUT_SIZE;
    const centre = tf.image.cropAndResize(rgb, CENTRE_BOXES, CENTRE_BOXES.map(() => 0), [S, S], 'bilinear');
    return heatMaxima(backboneMaps(detectors.centernet, tf.concat([viewsInput(rgb, S), centre], 0) as tf.Tensor4D).keypoints);
  });
  const v = maxima.arraySync() as number[][];
  maxima.dispose();
  const pair = (row: number[]): [number, number] => [row[CAT]!, row[DOG]!];
  const tiles = v.slice(1, 5);
  const views: [number, number][] = [pair(v[0]!), [Math.max(...tiles.map((r) => r[CAT]!)), Math.max(...tiles.map((r) => r[DOG]!))], pair(v[5]!), pair(v[6]!)];
  views.forEach(([cat, dog], k) => {
    if (isCat ? cat > dog : dog > cat) {
      right[k]++;
      if (missed.has(id)) rightOnMissed[k]++;
    }
  });
  if (missed.has(id)) console.log(id, views.map(([cat, dog], k) => `${VIEWS[k]}: cat ${cat.toFixed(2)} dog ${dog.toFixed(2)}`).join(' | '));
}
const line = (counts: number[]) => VIEWS.map((name, k) => `${name} ${counts[k]}`).join(', ');
console.log(`${ids.length} pet photos, the right one of cat and dog rated higher by: ${line(right)}`);
if (predictions) console.log(`${missed.size} of them missed by the label sets: ${line(rightOnMissed)}`);
