import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageMaps } from '../model/cnn/imageFeatures';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { MapCache } from './mapCache';

beforeAll(useCpuBackend);

const fakeMaps = (): ImageMaps => ({
  maps: { extern: tf.zeros([1, 2, 2, 1]), keypoints: tf.zeros([1, 2, 2, 1]) }, maxima: { extern: tf.zeros([1, 1]), heat: tf.zeros([1, 1]) },
  constants: { headMean: tf.zeros([1, 1]), detection: tf.zeros([1, 1]), nanodet: tf.zeros([1, 1]) },
});

describe('MapCache', () => {
  it('keeps the most recently used photos and disposes the rest', async () => {
    await expectNoLeak(() => {
      const cache = new MapCache(2);
      const a = fakeMaps();
      cache.set('a', { maps: a, width: 1, height: 1 });
      cache.set('b', { maps: fakeMaps(), width: 1, height: 1 });
      cache.get('a'); // a is now the most recent
      cache.set('c', { maps: fakeMaps(), width: 1, height: 1 });
      expect([cache.get('a')?.maps, cache.get('b'), cache.size]).toEqual([a, undefined, 2]);
      cache.delete('a');
      cache.set('c', { maps: fakeMaps(), width: 1, height: 1 }); // replacing disposes the old entry
      expect(a.maps.extern.isDisposed).toBe(true);
      cache.clear();
      expect(cache.size).toBe(0);
    });
  });
});
