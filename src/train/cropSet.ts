import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { VOC_CLASSES } from './labels';
import { seededRandom } from './trainHead';
import { cropPixels, DEFAULT_CROP_OPTIONS, parseVocBoxes, planCrops, type CropOptions } from './crops';
import { decodePhotoFile } from './photoFile';
import { progressBar } from './progress';
import { readVocSplit, vocImagePath } from './voc';

/** Bump when the crops' pixels or labels would change for the same options. */
const CROP_SET_VERSION = 'crops-v1';

/** The seed of the shipped crops' context factors and mirroring. */
export const CROP_SEED = 1;

/** The photo a crop id (\`<photo>_c<k>\`) was cut from, and k; null for other ids. */
export function cropOf(id: string): { photo: string; index: number } | null {
  const m = /^(.+)_c(\d+)$/.exec(id);
  return m ? { photo: m[1]!, index: Number(m[2]) } : null;
}

/**
 * Whether a crop joins the training set: cut from one of the training photos, among each photo's
 * first `perPhoto` crops, and, where `classes` are given, holding one of them (truth 1).
 */
export function cropJoins(id: string, truth: Int8Array, photos: ReadonlySet<string>, perPhoto: number, classes: readonly number[] = []): boolean {
  const crop = cropOf(id);
  return crop !== null && photos.has(crop.photo) && crop.index < perPhoto && (classes.length === 0 || classes.some((c) => truth[c] === 1));
}

/** Where the crops of a VOCdevkit split live (outside git): a folder per source, split, seed and options. */
export function cropSetDir(vocDir: string, split: string, seed: number, opts: CropOptions = DEFAULT_CROP_OPTIONS, root = '.cache/crops'): string {
  const key = createHash('sha1').update(JSON.stringify([realpathSync(vocDir), split, seed, opts, CROP_SET_VERSION])).digest('hex').slice(0, 12);
  return join(root, key);
}

/**
 * Writes the object-centred crops of a VOCdevkit split (crops.ts) as a VOCdevkit folder of their own
 * at `outDir`: JPEGImages/<photo>_c<k>.jpg and ImageSets/Main/train(+ per class).txt, so that their
 * features are extracted and cached like any photo's. Skips the work when `outDir` is complete.
 * Returns the crops' count.
 */
export function buildCropSet(vocDir: string, split: string, outDir: string, seed: number, opts: CropOptions = DEFAULT_CROP_OPTIONS): number {
  const main = join(outDir, 'ImageSets', 'Main');
  const list = join(main, 'train.txt');
  if (existsSync(list)) return readFileSync(list, 'utf8').split(/\s+/).filter(Boolean).length;
  mkdirSync(join(outDir, 'JPEGImages'), { recursive: true });
  mkdirSync(main, { recursive: true });
  const random = seededRandom(seed);
  const images = readVocSplit(vocDir, split);
  const ids: string[] = [];
  const truths: Int8Array[] = [];
  const bar = progressBar(`crops of ${split}`, images.length);
  for (const im of images) {
    const xmlPath = join(vocDir, 'Annotations', `${im.id}.xml`);
    bar.tick();
    if (!existsSync(xmlPath)) continue;
    const photo = decodePhotoFile(vocImagePath(vocDir, im.id));
    const plans = planCrops(parseVocBoxes(readFileSync(xmlPath, 'utf8')), photo.width, photo.height, im.truth, random, opts);
    plans.forEach((plan, k) => {
      const id = `${im.id}_c${k}`;
      const pixels = cropPixels(photo, plan.rect, plan.flip);
      writeFileSync(join(outDir, 'JPEGImages', `${id}.jpg`), jpeg.encode({ ...pixels, data: Buffer.from(pixels.data.buffer) }, 90).data);
      ids.push(id);
      truths.push(plan.truth);
    });
  }
  bar.done();
  VOC_CLASSES.forEach((cls, c) => {
    writeFileSync(join(main, `${cls}_train.txt`), ids.map((id, i) => `${id} ${truths[i]![c]}\n`).join(''));
  });
  writeFileSync(join(outDir, 'README.md'), `Object-centred crops of ${realpathSync(vocDir)} (${split}), seed ${seed}, options ${JSON.stringify(opts)}.\nMade by src/train/cropSet.ts; never commit these files.\n`);
  writeFileSync(list, ids.map((id) => `${id}\n`).join('')); // last: marks the folder complete
  return ids.length;
}
