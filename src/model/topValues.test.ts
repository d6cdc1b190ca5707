import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { topValuesAlong } from './topValues';

beforeAll(useCpuBackend);

/** The k largest of each (b, c) column of x [B,N,C], sorted by hand in JS (the reference). */
function reference(x: tf.Tensor3D, k: number): number[][] {
  const [B, N, C] = x.shape;
  const v = x.dataSync();
  const out = Array.from({ length: k }, () => [] as number[]);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      const col = Array.from({ length: N }, (_, n) => v[(b * N + n) * C + c]!).sort((p, q) => q - p);
      for (let j = 0; j < k; j++) out[j]!.push(col[j]!);
    }
  }
  return out;
}

describe('topValuesAlong', () => {
  it('gives the k largest values of each column, ties and repeated maxima included', () => {
    // rounded to a few levels so that ties are common: many copies of the max, of the 2nd, zeros
    const x = tf.tidy(() => tf.div(tf.round(tf.mul(tf.randomUniform([3, 50, 7], 0, 1, 'float32', 5), 4)), 4)) as tf.Tensor3D;
    const spiky = tf.tensor3d([[[0.9], [0.9], [0.1], [0.9]], [[0.2], [0.5], [0.5], [0]]].map((r) => r), [2, 4, 1]);
    for (const t of [x, spiky]) {
      for (const k of [1, 2, 3]) {
        const got = topValuesAlong(t, k);
        expect(got.map((g) => Array.from(g.dataSync()))).toEqual(reference(t, k));
        tf.dispose(got);
      }
    }
    tf.dispose([x, spiky]);
  });

  it('refuses a k it cannot give and leaks no tensors', async () => {
    const x = tf.randomUniform([1, 4, 2], 0, 1, 'float32', 1) as tf.Tensor3D;
    expect(() => topValuesAlong(x, 5)).toThrow(/1 ≤ k ≤ 4/);
    await expectNoLeak(() => topValuesAlong(x, 3), (t) => tf.dispose(t));
    x.dispose();
  });
});
