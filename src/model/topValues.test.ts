import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { topValuesAlong } from './topValues';

beforeAll(useCpuBackend);

/** tf.topk's values of x [B,N,C] along N, as k tensors [B,C] (the reference). */
function reference(x: tf.Tensor3D, k: number): number[][] {
  return tf.tidy(() => {
    const top = tf.topk(tf.transpose(x, [0, 2, 1]), k).values;
    return Array.from({ length: k }, (_, j) => Array.from(tf.slice(top, [0, 0, j], [-1, -1, 1]).dataSync()));
  });
}

describe('topValuesAlong', () => {
  it('gives tf.topk\'s values, ties and repeated maxima included', () => {
    // rounded to a few levels so that ties are common: many copies of the max, of the 2nd, zeros
    const x = tf.tidy(() => tf.div(tf.round(tf.mul(tf.randomUniform([3, 50, 7], 0, 1, 'float32', 5), 4)), 4)) as tf.Tensor3D;
    const spiky = tf.tensor3d([[[0.9], [0.9], [0.1], [0.9]], [[0.2], [0.5], [0.5], [0]]].map((r) => r), [2, 4, 1]);
    for (const t of [x, spiky]) {
      for (const k of [1, 2, 3]) {
        for (const method of ['reduce', 'topk', 'auto'] as const) {
          const got = topValuesAlong(t, k, method);
          expect(got.map((g) => Array.from(g.dataSync()))).toEqual(reference(t, k));
          tf.dispose(got);
        }
      }
    }
    tf.dispose([x, spiky]);
  });

  it('refuses a k it cannot give and leaks no tensors', async () => {
    const x = tf.randomUniform([1, 4, 2], 0, 1, 'float32', 1) as tf.Tensor3D;
    expect(() => topValuesAlong(x, 5)).toThrow(/1 ≤ k ≤ 4/);
    await expectNoLeak(() => topValuesAlong(x, 3, 'reduce'), (t) => tf.dispose(t));
    await expectNoLeak(() => topValuesAlong(x, 3, 'topk'), (t) => tf.dispose(t));
    x.dispose();
  });
});
