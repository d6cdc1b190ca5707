/**
 * `npx tsx research/zeroShotChannels.ts [--photos 300] [--split val]` — not a test: CenterNet's
 * zero-shot heat-map mAP (each VOC class's COCO heat-map maximum over the whole view) with the photo
 * fed as RGB (as the app and training do), as BGR and as grey, on the first N photos of a split. A
 * check that the channel order the project feeds is the one the detector was trained on.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { rgbTensor } from '../src/model/cnn/backbone';
import { BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE, BACKBONE_KEYPOINTS_NODE } from '../src/model/config';
import { VOC_CLASSES, VOC_TO_COCO } from '../src/train/labels';
import { meanAveragePrecision } from '../src/train/metrics';
import { loadDetectorsFromDisk } from '../src/train/extract';
import { decodePhotoFile } from '../src/train/photoFile';
import { initNodeBackend } from '../src/train/nodeBackend';
import { readVocSplit, vocImagePath } from '../src/train/voc';

const { values } = parseArgs({
  options: { voc: { type: 'string', default: '../shared/data/VOC2007' }, split: { type: 'string', default: 'val' }, photos: { type: 'string', default: '300' } },
});
await initNodeBackend('wasm');
const { centernet, nanodet } = await loadDetectorsFromDisk();
nanodet.dispose();
const images = readVocSplit(values.voc!, values.split!).slice(0, Number(values.photos));
const inputs: Record<string, (view: tf.Tensor4D) => tf.Tensor4D> = {
  RGB: (v) => v,
  BGR: (v) => tf.reverse(v, 3),
  grey: (v) => tf.tile(tf.mean(v, 3, true), [1, 1, 1, 3]),
};
const scores: Record<string, Float32Array[]> = Object.fromEntries(Object.keys(inputs).map((k) => [k, []]));
for (const im of images) {
  const rgb = rgbTensor(decodePhotoFile(vocImagePath(values.voc!, im.id)));
  for (const [name, make] of Object.entries(inputs)) {
    const maxima = tf.tidy(() => {
      const view = make(tf.image.resizeBilinear(rgb, [BACKBONE_INPUT_SIZE, BACKBONE_INPUT_SIZE]));
      return tf.max(centernet.execute({ [BACKBONE_INPUT_NODE]: view }, BACKBONE_KEYPOINTS_NODE) as tf.Tensor, [0, 1, 2]);
    });
    const m = await maxima.data();
    maxima.dispose();
    scores[name]!.push(Float32Array.from(VOC_TO_COCO, (c) => m[c]!));
  }
  rgb.dispose();
}
const truth = images.map((im) => im.truth);
console.log(`zero-shot heat-map mAP, whole view, first ${images.length} ${values.split} photos:`);
for (const name of Object.keys(inputs)) console.log(`  ${name.padEnd(5)} ${meanAveragePrecision(scores[name]!, truth, VOC_CLASSES).mAP.toFixed(2)}`);
process.exit(0);
