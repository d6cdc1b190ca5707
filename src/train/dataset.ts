import { composeFeatures } from '../model/backbone';
import { FEATURE_DIM, FLIP_AVERAGE } from '../model/config';
import type { FeatureCache } from './featureCache';
import type { VocImage } from './voc';

/** Features of a split, row-major: plain[i*F..], mirrored[i*F..], and their mean (test-time). */
export interface FeatureSet {
  ids: string[];
  truth: Int8Array[];
  plain: Float32Array;
  mirrored: Float32Array;
  averaged: Float32Array;
}

/** Loads a split's cached features (throws naming the first id that is not cached). */
export function loadFeatureSet(images: VocImage[], cache: FeatureCache): FeatureSet {
  const n = images.length;
  const F = FEATURE_DIM;
  const plain = new Float32Array(n * F);
  const mirrored = new Float32Array(n * F);
  const averaged = new Float32Array(n * F);
  images.forEach((im, i) => {
    const v = cache.get(im.id);
    // the tiles are a pooled, mirror-symmetric set: the mirror's are taken to be the image's own
    plain.set(composeFeatures(v.plain, v.tiles), i * F);
    mirrored.set(composeFeatures(v.mirrored, v.tiles), i * F);
    averaged.set(composeFeatures(v.plain, v.tiles, v.mirrored), i * F);
  });
  return { ids: images.map((im) => im.id), truth: images.map((im) => im.truth), plain, mirrored, averaged };
}

/** Label indices sorted by how many training images contain them (most frequent first). */
export function labelFrequencyOrder(truth: Int8Array[], numLabels: number): number[] {
  const counts = new Array<number>(numLabels).fill(0);
  truth.forEach((t) => { for (let c = 0; c < numLabels; c++) if (t[c]! > 0) counts[c]++; });
  return counts.map((n, c) => [n, c] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, c]) => c);
}

/** An image's label sequence: its present labels in `order`, END (= numLabels) last. */
export function labelSequence(truth: Int8Array, order: number[], numLabels: number): number[] {
  return [...order.filter((c) => truth[c]! > 0), numLabels];
}

/** Features the app would compute for each image: mirror-averaged or plain (config FLIP_AVERAGE). */
export function appFeatures(set: FeatureSet): Float32Array {
  return FLIP_AVERAGE ? set.averaged : set.plain;
}
