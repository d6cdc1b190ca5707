import { composeFeatures, FEATURE_LAYOUT, layoutDim, type FeatureSegment } from '../model/cnn/featureLayout';
import type { FeatureCache } from './featureCache';
import type { VocImage } from './voc';

/** Features of a split, row-major: features[i*F..(i+1)*F] is image i's I. */
export interface FeatureSet {
  ids: string[];
  truth: Int8Array[];
  features: Float32Array;
  /**
   * Scale augmentation: the photo each row shows (rows of one photo seen by the CNN at several input
   * sides share it). Training draws one row of each photo an epoch. Absent: every row its own photo.
   */
  photoOf?: Int32Array;
}

/** Loads a split's cached features as I of `layout` (throws naming the first id that is not cached). */
export function loadFeatureSet(images: VocImage[], cache: FeatureCache, layout: readonly FeatureSegment[] = FEATURE_LAYOUT): FeatureSet {
  const n = images.length;
  const F = layoutDim(layout);
  const features = new Float32Array(n * F);
  images.forEach((im, i) => features.set(composeFeatures(cache.get(im.id), layout), i * F));
  return { ids: images.map((im) => im.id), truth: images.map((im) => im.truth), features };
}

/** Two feature sets of the same I as one (a's rows first). */
export function concatFeatureSets(a: FeatureSet, b: FeatureSet): FeatureSet {
  const features = new Float32Array(a.features.length + b.features.length);
  features.set(a.features);
  features.set(b.features, a.features.length);
  const out: FeatureSet = { ids: [...a.ids, ...b.ids], truth: [...a.truth, ...b.truth], features };
  if (!a.photoOf && !b.photoOf) return out;
  // b's photos follow a's
  const first = photosOf(a);
  const photoOf = new Int32Array(a.ids.length + b.ids.length);
  photoOf.set(first);
  const offset = first.reduce((m, p) => Math.max(m, p + 1), 0);
  photosOf(b).forEach((p, i) => { photoOf[a.ids.length + i] = p + offset; });
  return { ...out, photoOf };
}

/** Each row's photo (photoOf, or every row its own). */
function photosOf(set: FeatureSet): Int32Array {
  return set.photoOf ?? Int32Array.from(set.ids, (_, i) => i);
}

/** The same photos seen at other CNN input sides (each copy a set of the same ids, in order), as rows of one set sharing their photos. */
export function withScaledCopies(set: FeatureSet, copies: readonly FeatureSet[]): FeatureSet {
  for (const c of copies) if (c.ids.join('\n') !== set.ids.join('\n')) throw new Error('a scaled copy must hold the same photos in the same order');
  const n = set.ids.length;
  const joined = copies.reduce((all, c) => concatFeatureSets(all, { ids: c.ids, truth: c.truth, features: c.features }), { ids: set.ids, truth: set.truth, features: set.features });
  return { ...joined, photoOf: Int32Array.from(joined.ids, (_, i) => i % n) };
}

/** The rows of each photo, photos in order of first appearance. */
export function photoGroups(set: FeatureSet): number[][] {
  if (!set.photoOf) return set.ids.map((_, i) => [i]);
  const groups = new Map<number, number[]>();
  set.photoOf.forEach((p, i) => { const g = groups.get(p); if (g) g.push(i); else groups.set(p, [i]); });
  return [...groups.values()];
}

/**
 * One epoch's rows: each photo once, in `order` (a permutation of the groups), at one of its rows
 * drawn by `rand`. A photo with one row draws nothing, so sets without copies train as before.
 */
export function epochRows(groups: readonly (readonly number[])[], order: readonly number[], rand: () => number): number[] {
  return order.map((g) => {
    const rows = groups[g]!;
    return rows.length === 1 ? rows[0]! : rows[Math.floor(rand() * rows.length)]!;
  });
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

/** Mean and std (floored) of every feature over the training images. */
export function featureStats(train: FeatureSet): { mean: Float32Array; std: Float32Array } {
  const n = train.ids.length;
  const F = train.features.length / n;
  const rows = [train.features];
  const mean = new Float32Array(F);
  const sq = new Float32Array(F);
  for (const m of rows) for (let i = 0; i < m.length; i++) { mean[i % F] += m[i]!; sq[i % F] += m[i]! * m[i]!; }
  const std = new Float32Array(F);
  for (let j = 0; j < F; j++) {
    mean[j] /= n;
    std[j] = Math.max(Math.sqrt(Math.max(sq[j]! / n - mean[j]! * mean[j]!, 0)), 1e-3);
  }
  return { mean, std };
}
