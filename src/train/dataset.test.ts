import { describe, expect, it } from 'vitest';
import { concatFeatureSets, epochRows, photoGroups, withScaledCopies, type FeatureSet } from './dataset';
import { seededRandom, shuffledIndices } from './trainHead';

/** n photos of 2 features each, values tagged by `tag` (the CNN input side they stand for). */
const set = (ids: string[], tag: number): FeatureSet => ({
  ids, truth: ids.map(() => Int8Array.of(1, 0)), features: Float32Array.from(ids.flatMap((_, i) => [tag, i])),
});

describe('scale augmentation rows', () => {
  it('groups a photo\'s rows at every input side, other photos after them each their own', () => {
    const voc = withScaledCopies(set(['a', 'b', 'c'], 384), [set(['a', 'b', 'c'], 320)]);
    expect(voc.ids).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(Array.from(voc.photoOf!)).toEqual([0, 1, 2, 0, 1, 2]);
    const all = concatFeatureSets(voc, set(['x', 'y'], 0));
    expect(photoGroups(all)).toEqual([[0, 3], [1, 4], [2, 5], [6], [7]]);
    expect(photoGroups(set(['p', 'q'], 0))).toEqual([[0], [1]]);
    expect(photoGroups(concatFeatureSets(set(['x'], 0), voc))).toEqual([[0], [1, 4], [2, 5], [3, 6]]);
    expect(() => withScaledCopies(set(['a', 'b'], 384), [set(['b', 'a'], 320)])).toThrow(/same photos in the same order/);
  });

  it('draws each photo once an epoch at one of its sides, both sides over epochs', () => {
    const voc = withScaledCopies(set(['a', 'b', 'c', 'd'], 384), [set(['a', 'b', 'c', 'd'], 320)]);
    const groups = photoGroups(voc);
    const rand = seededRandom(7);
    const seen = new Set<number>();
    for (let epoch = 0; epoch < 20; epoch++) {
      const rows = epochRows(groups, shuffledIndices(groups.length, rand), rand);
      expect(rows.map((r) => voc.ids[r]).sort()).toEqual(['a', 'b', 'c', 'd']);
      rows.forEach((r) => seen.add(r));
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('draws nothing for photos with one row, so training without copies is unchanged', () => {
    const groups = photoGroups(set(['a', 'b', 'c'], 384));
    const [r1, r2] = [seededRandom(3), seededRandom(3)];
    expect(epochRows(groups, shuffledIndices(3, r1), r1)).toEqual(shuffledIndices(3, r2));
    expect(r1()).toBe(r2()); // the same stream position after the epoch
  });
});
