import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { baselineLogits, baselineProbs, meanBaselineProbs } from './baseline';

beforeAll(useCpuBackend);

describe('baseline (independent logistic classifiers)', () => {
  const w = { 'baseline/W': tf.tensor2d([[1, -1], [0.5, 2]]), 'baseline/b': tf.tensor1d([0, 1]) };
  const mean = tf.tensor1d([1, 0]);
  const std = tf.tensor1d([2, 1]);
  const member = { ...w, 'feature/mean': mean, 'feature/std': std };

  it('standardises then applies sigmoid(xW + b)', async () => {
    // x = [3, 1] → standardised [1, 1] → logits [1.5, 2]
    const p = await baselineProbs([member], Float32Array.from([3, 1]));
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 6);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
  });

  it('averages an ensemble\'s probabilities', async () => {
    const other = { ...member, 'baseline/b': tf.tensor1d([-1, 0]) }; // logits [0.5, 1]
    const p = await baselineProbs([member, other], Float32Array.from([3, 1]));
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    expect(p[0]).toBeCloseTo((sig(1.5) + sig(0.5)) / 2, 6);
    expect(p[1]).toBeCloseTo((sig(2) + sig(1)) / 2, 6);
    expect(() => meanBaselineProbs([], tf.tensor2d([[3, 1]]))).toThrow(/at least one member/);
    other['baseline/b'].dispose();
  });

  it('leaks no tensors', async () => {
    await expectNoLeak(() => baselineProbs([member], Float32Array.from([3, 1])));
    const x = tf.tensor2d([[3, 1], [0, 2]]);
    await expectNoLeak(() => meanBaselineProbs([member, member], x), (t) => t.dispose());
    x.dispose();
    const x1 = tf.tensor2d([[3, 1]]);
    await expectNoLeak(() => baselineLogits(w, mean, std, x1), (t) => t.dispose());
    x1.dispose();
  });
});
