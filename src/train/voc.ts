import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VOC_CLASSES } from './labels';

/** Ground truth of one image: per class 1 present, -1 absent, 0 difficult-only (ignored for AP). */
export interface VocImage {
  id: string;
  /** Int8Array[20] in VOC_CLASSES order. */
  truth: Int8Array;
}

/** Reads `<dir>/ImageSets/Main/<split>.txt` and the 20 `<class>_<split>.txt` files. */
export function readVocSplit(vocDir: string, split: string): VocImage[] {
  const main = join(vocDir, 'ImageSets', 'Main');
  const listPath = join(main, `${split}.txt`);
  if (!existsSync(listPath)) {
    throw new Error(`No split "${split}" in ${vocDir}: ${listPath} is missing (is --voc a VOCdevkit/VOC2007 folder?)`);
  }
  const ids = readFileSync(listPath, 'utf8').split(/\s+/).filter(Boolean);
  const index = new Map(ids.map((id, i) => [id, i]));
  const truths = ids.map(() => new Int8Array(VOC_CLASSES.length).fill(-1));
  VOC_CLASSES.forEach((cls, c) => {
    const path = join(main, `${cls}_${split}.txt`);
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const [id, value] = line.trim().split(/\s+/);
      const i = id === undefined ? undefined : index.get(id);
      if (i !== undefined) truths[i]![c] = Number(value);
    }
  });
  return ids.map((id, i) => ({ id, truth: truths[i]! }));
}

/** Path of an image's JPEG in a VOCdevkit folder. */
export function vocImagePath(vocDir: string, id: string): string {
  return join(vocDir, 'JPEGImages', `${id}.jpg`);
}
