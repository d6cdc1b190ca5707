import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { baselineLogits, baselineProbs } from './baseline';

beforeAll(useCpuBackend);

describe('baseline (independent logistic classifiers)', () => {
  const w = { 'baseline/W': tf.tensor2d([[1, -1], [0.5, 2]]), 'baseline/b': tf.tensor1d([0, 1]) };
  const mean = tf.tensor1d([1, 0]);
  const std = tf.tensor1d([2, 1]);

  it('standardises then applies sigmoid(xW + b)', async () => {
    // x = [3, 1] → standardised [1, 1] → logits [1.5, 2]
    const p = await baselineProbs(w, mean, std, Float32Array.from([3, 1]));
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 6);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
  });

  it('leaks no tensors', async () => {
    await expectNoLeak(() => baselineProbs(w, mean, std, Float32Array.from([3, 1])));
    const x = tf.tensor2d([[3, 1]]);
    await expectNoLeak(() => baselineLogits(w, mean, std, x), (t) => t.dispose());
    x.dispose();
  });
});
