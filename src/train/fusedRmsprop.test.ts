import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/tfSetup';
import { FusedRmsprop } from './fusedRmsprop';
import { seededRandom } from './trainHead';
import { WeightAverage } from './weightAverage';
import type { HeadWeights } from '../model/head/cnnRnn';

beforeAll(useCpuBackend);

const rand = seededRandom(21);
const values = (n: number) => Float32Array.from({ length: n }, () => rand() * 2 - 1);
const x = tf.tensor2d(values(5 * 4), [5, 4]);
const target = tf.tensor2d(values(5 * 3), [5, 3]);
/** A small loss of a matrix and a bias, with gradients that change every step. */
const loss = (W: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.sub(tf.tanh(tf.add(tf.matMul(x, W), b)), target))) as tf.Scalar;

describe('FusedRmsprop', () => {
  it('steps as tf.train.rmsprop with λΣw² of the matrices in the loss, and averages as WeightAverage', () => {
    const W0 = values(4 * 3);
    const b0 = values(3);
    const lambda = 0.05;
    // reference: tfjs's optimiser on the loss with the decay term, WeightAverage after every step
    const refW = tf.variable(tf.tensor2d(W0, [4, 3]));
    const refB = tf.variable(tf.tensor1d(b0));
    const opt = tf.train.rmsprop(0.01);
    const avg = new WeightAverage({ W: refW, b: refB } as unknown as HeadWeights, 0.8);
    const refLosses: number[] = [];
    // fused: the loss without the term
    const W = tf.variable(tf.tensor2d(W0, [4, 3]));
    const b = tf.variable(tf.tensor1d(b0));
    const fused = new FusedRmsprop({ W, b }, { learningRate: 0.01, weightDecay: lambda, decayed: (n) => n === 'W', average: 0.8 });
    const losses: number[] = [];
    for (let step = 0; step < 6; step++) {
      const l = opt.minimize(() => tf.add(loss(refW, refB), tf.mul(lambda, tf.sum(tf.square(refW)))) as tf.Scalar, true, [refW, refB])!;
      refLosses.push(l.dataSync()[0]!);
      l.dispose();
      avg.update({ W: refW, b: refB } as unknown as HeadWeights);
      const { value, grads } = tf.variableGrads(() => loss(W, b), [W, b]);
      losses.push(value.dataSync()[0]! + fused.decayTerm());
      value.dispose();
      fused.apply({ W: grads[W.name]!, b: grads[b.name]! });
    }
    losses.forEach((l, i) => expect(l).toBeCloseTo(refLosses[i]!, 4));
    const close = (a: tf.Tensor, e: tf.Tensor) => a.dataSync().forEach((v, i) => expect(v).toBeCloseTo(e.dataSync()[i]!, 5));
    close(W, refW);
    close(b, refB);
    const averaged = fused.averaged();
    const refAveraged = avg.weights as unknown as Record<string, tf.Tensor>;
    close(averaged.W!, refAveraged.W!);
    close(averaged.b!, refAveraged.b!);
    expect(Array.from(averaged.W!.dataSync())).not.toEqual(Array.from(W.dataSync())); // an average, not the weights
    tf.dispose([...Object.values(averaged), refW, refB, W, b]);
    avg.dispose();
    opt.dispose();
  });

  it('gives the current weights when not averaging, and refuses a missing gradient', () => {
    const W = tf.variable(tf.tensor2d(values(4 * 3), [4, 3]));
    const b = tf.variable(tf.tensor1d(values(3)));
    const fused = new FusedRmsprop({ W, b }, { learningRate: 0.01, weightDecay: 0, decayed: () => false, average: 0 });
    const current = fused.averaged();
    expect(Array.from(current.W!.dataSync())).toEqual(Array.from(W.dataSync()));
    tf.dispose(Object.values(current));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => loss(W, b), [W, b]);
    value.dispose();
    fused.apply({ W: grads[W.name]!, b: grads[b.name]! });
    expect(tf.memory().numTensors).toBe(before); // gradients disposed, no tensor left behind
    expect(() => fused.apply({ W: tf.zerosLike(W) })).toThrow(/no gradient for b/);
    tf.dispose([W, b]);
  });

  it('steps with the learning rate set last, as tf.train.rmsprop at that rate', () => {
    const W0 = values(4 * 3);
    const b0 = values(3);
    const run = (rates: number[]) => {
      const W = tf.variable(tf.tensor2d(W0, [4, 3]));
      const b = tf.variable(tf.tensor1d(b0));
      const fused = new FusedRmsprop({ W, b }, { learningRate: rates[0]!, weightDecay: 0, decayed: () => false, average: 0 });
      for (const lr of rates) {
        fused.setLearningRate(lr);
        const { value, grads } = tf.variableGrads(() => loss(W, b), [W, b]);
        value.dispose();
        fused.apply({ W: grads[W.name]!, b: grads[b.name]! });
      }
      const out = Array.from(W.dataSync());
      tf.dispose([W, b]);
      return out;
    };
    // one step from the same start: the change scales with the rate (RMSprop's first step is lr·g/√((1−ρ)g²))
    const start = Array.from(W0);
    const small = run([0.001]).map((v, i) => v - start[i]!);
    const large = run([0.004]).map((v, i) => v - start[i]!);
    small.forEach((d, i) => expect(large[i]!).toBeCloseTo(4 * d, 5));
    expect(run([0.01, 0.001])).not.toEqual(run([0.01, 0.01]));
    const W = tf.variable(tf.tensor2d(W0, [4, 3]));
    const fused = new FusedRmsprop({ W }, { learningRate: 0.01, weightDecay: 0, decayed: () => false, average: 0 });
    expect(() => fused.setLearningRate(0)).toThrow(/above 0/);
    W.dispose();
  });
});
