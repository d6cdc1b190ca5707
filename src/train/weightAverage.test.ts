import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HeadWeights } from '../model/head/cnnRnn';
import { useCpuBackend } from '../test/tfSetup';
import { WeightAverage } from './weightAverage';

beforeAll(useCpuBackend);

describe('WeightAverage', () => {
  it('keeps an exponential moving average of the trainable weights only', async () => {
    const v = tf.variable(tf.tensor1d([0, 10]));
    const fixed = tf.tensor1d([5]);
    const w = { 'lstm/bias': v, 'feature/mean': fixed } as unknown as HeadWeights;
    const before = tf.memory().numTensors;
    const avg = new WeightAverage(w, 0.5);
    tf.tidy(() => v.assign(tf.tensor1d([4, 2])));
    avg.update(w); // 0.5·[0,10] + 0.5·[4,2]
    tf.tidy(() => v.assign(tf.tensor1d([8, 2])));
    avg.update(w); // 0.5·[2,6] + 0.5·[8,2]
    expect(Object.keys(avg.weights)).toEqual(['lstm/bias']);
    expect(Array.from(await avg.weights['lstm/bias']!.data())).toEqual([5, 4]);
    expect(Array.from(await v.data())).toEqual([8, 2]); // the trained weights are untouched
    avg.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([v, fixed]);
  });

  it('refuses a decay outside (0, 1)', () => {
    const w = { 'lstm/bias': tf.variable(tf.zeros([1])) } as unknown as HeadWeights;
    expect(() => new WeightAverage(w, 1)).toThrow(/decay/);
    expect(() => new WeightAverage(w, 0)).toThrow(/decay/);
    tf.dispose(Object.values(w));
  });
});
