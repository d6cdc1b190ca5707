import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { labelFrequencyOrder, labelSequence } from './dataset';
import { sequenceLoss } from './stackedHead';
import { disposeBatch, initHeadWeights, makeSequenceBatch, scheduledLearningRate, seededRandom, shuffledIndices } from './trainHead';

beforeAll(useCpuBackend);

describe('training pieces', () => {
  it('orders labels by training frequency and ends sequences with END', () => {
    const truth = [Int8Array.from([1, 1, -1]), Int8Array.from([-1, 1, 0]), Int8Array.from([1, 1, 1])];
    const order = labelFrequencyOrder(truth, 3);
    expect(order).toEqual([1, 0, 2]);
    expect(labelSequence(truth[0]!, order, 3)).toEqual([1, 0, 3]);
    expect(labelSequence(truth[1]!, order, 3)).toEqual([1, 3]); // difficult (0) is not a target
  });

  it('shuffles into a permutation, deterministically per seed', () => {
    const a = shuffledIndices(50, seededRandom(3));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffledIndices(50, seededRandom(3))).toEqual(a);
    expect(shuffledIndices(50, seededRandom(4))).not.toEqual(a);
  });

  it('builds teacher-forced batches (START first, used labels masked) and learns a tiny set', async () => {
    const dims = { numLabels: 3, featureDim: 2, embedDim: 8, hiddenDim: 8 };
    const w = initHeadWeights(dims, new Float32Array(2), new Float32Array(2).fill(1), 1);
    const batch = makeSequenceBatch(Float32Array.from([1, 0, 0, 1]), 2, [[0, 2, 3], [1, 3]], 3);
    expect(Array.from(batch.steps[0]!.tokens.dataSync())).toEqual([4, 4]);
    expect(Array.from(batch.steps[1]!.tokens.dataSync())).toEqual([0, 1]);
    expect(Array.from(batch.steps[2]!.used.dataSync())).toEqual([1, 0, 1, 0, 0, 1, 0, 1]); // row 2 is past its END (masked out below)
    expect(Array.from(batch.steps[2]!.mask.dataSync())).toEqual([1, 0]);
    const trainable = Object.values(w).filter((t) => t instanceof tf.Variable) as tf.Variable[];
    const opt = tf.train.rmsprop(0.01);
    const first = tf.tidy(() => sequenceLoss(w, dims, batch, 0).dataSync()[0]!);
    for (let i = 0; i < 60; i++) opt.minimize(() => sequenceLoss(w, dims, batch, 0), false, trainable);
    const last = tf.tidy(() => sequenceLoss(w, dims, batch, 0).dataSync()[0]!);
    expect(last).toBeLessThan(first / 5);
    await expectNoLeak(() => sequenceLoss(w, dims, batch, 0.5), (t) => t.dispose());
    await expectNoLeak(() => sequenceLoss(w, dims, batch, 0, { pla: true, semantic: 0.3 }), (t) => {
      expect(Number.isFinite(t.dataSync()[0])).toBe(true);
      t.dispose();
    });
    disposeBatch(batch);
    opt.dispose();
    tf.dispose(Object.values(w));
  });
});

describe('predicted-label alignment', () => {
  it("targets, at each step, the image's remaining label the model rates highest, then END", async () => {
    const { createHeadScorer } = await import('../model/head/headScorer');
    const { randomHeadModel } = await import('../test/testHead');
    const dims = { numLabels: 3, featureDim: 2, embedDim: 4, hiddenDim: 4 };
    const head = randomHeadModel(dims, 5);
    const x = Float32Array.from([0.3, -0.7]);
    const batch = makeSequenceBatch(x, 2, [[0, 2, 3]], 3); // labels {0, 2} in frequency order, then END
    // the same path chosen by hand with the beam-search scorer
    const s = createHeadScorer(head.weights, head.dims, x);
    const p0 = await s.start();
    const a = p0.probs[0]![0]! >= p0.probs[0]![2]! ? 0 : 2;
    const b = a === 0 ? 2 : 0;
    const p1 = await s.extend(p0.handle, [0], [[a]]);
    const p2 = await s.extend(p1.handle, [0], [[a, b]]);
    const expected = -(Math.log(p0.probs[0]![a]!) + Math.log(p1.probs[0]![b]!) + Math.log(p2.probs[0]![3]!)) / 3;
    [p0, p1, p2].forEach((p) => s.release(p.handle));
    s.dispose();
    await expectNoLeak(() => sequenceLoss(head.weights, dims, batch, 0, { pla: true }), (t) => t.dispose());
    const loss = sequenceLoss(head.weights, dims, batch, 0, { pla: true });
    const fixed = sequenceLoss(head.weights, dims, batch, 0);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
    // this head prefers label 2 first, so the alignment differs from the frequency order
    expect(a).toBe(2);
    expect(Math.abs(fixed.dataSync()[0]! - loss.dataSync()[0]!)).toBeGreaterThan(1e-3);
    tf.dispose([loss, fixed]);
    // and it trains: gradients reach the weights, none through the choice of targets
    const { initHeadWeights } = await import('./trainHead');
    const w = initHeadWeights(dims, new Float32Array(2), new Float32Array(2).fill(1), 3);
    const { value, grads } = tf.variableGrads(() => sequenceLoss(w, dims, batch, 0, { pla: true }));
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    expect(Math.max(...Array.from(grads['proj/U_o']!.dataSync(), Math.abs))).toBeGreaterThan(0);
    tf.dispose([value, ...Object.values(grads), ...Object.values(w)]);
    disposeBatch(batch);
    tf.dispose(Object.values(head.weights));
  });
  it('adds the semantic regularisation: every label\'s BCE on the image-only joint point, with gradients to U_l', async () => {
    const { projectImage } = await import('../model/head/cnnRnn');
    const dims = { numLabels: 3, featureDim: 2, embedDim: 4, hiddenDim: 4 };
    const w = initHeadWeights(dims, new Float32Array(2), new Float32Array(2).fill(1), 3);
    const x = Float32Array.from([0.3, -0.7, 1.1, 0.2]);
    const batch = makeSequenceBatch(x, 2, [[0, 3], [1, 2, 3]], 3);
    const proj = projectImage(w, batch.features);
    // by hand: σ-BCE of U_lᵀ ReLU(proj) for labels 0..2 (END left out)
    const P = proj.arraySync() as number[][];
    const U = (w['label/U_l'] as tf.Tensor2D).arraySync();
    const truth = [[1, 0, 0], [0, 1, 1]];
    let bce = 0;
    for (let b = 0; b < 2; b++) for (let k = 0; k < 3; k++) {
      const z = P[b]!.reduce((a, v, e) => a + Math.max(v, 0) * U[e]![k]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      bce -= truth[b]![k]! ? Math.log(p) : Math.log(1 - p);
    }
    const plain = sequenceLoss(w, dims, batch, 0, { pla: true });
    const withIt = sequenceLoss(w, dims, batch, 0, { pla: true, semantic: 0.5 });
    expect(withIt.dataSync()[0]).toBeCloseTo(plain.dataSync()[0]! + 0.5 * (bce / 6), 5);
    await expectNoLeak(() => sequenceLoss(w, dims, batch, 0, { semantic: 0.5 }), (t) => t.dispose());
    // the term alone has a gradient for U_l (the shared label embedding)
    const { grads } = tf.variableGrads(() => tf.sub(sequenceLoss(w, dims, batch, 0, { semantic: 1 }), sequenceLoss(w, dims, batch, 0)) as tf.Scalar);
    expect(Math.max(...Array.from(grads['label/U_l']!.dataSync(), Math.abs))).toBeGreaterThan(0);
    tf.dispose([plain, withIt, proj, ...Object.values(grads), ...Object.values(w)]);
    disposeBatch(batch);
  });
  it('ignores unknown labels: masked from every step and from the semantic term, where they made a difference before', async () => {
    const { projectImage } = await import('../model/head/cnnRnn');
    type HeadWeights = import('../model/head/cnnRnn').HeadWeights;
    const dims = { numLabels: 3, featureDim: 2, embedDim: 4, hiddenDim: 4 };
    const w = initHeadWeights(dims, new Float32Array(2), new Float32Array(2).fill(1), 3);
    const x = Float32Array.from([0.3, -0.7, 1.1, 0.2]);
    const seqs = [[0, 3], [1, 3]];
    const masked = makeSequenceBatch(x, 2, seqs, 3, [[2], []]);
    const plain = makeSequenceBatch(x, 2, seqs, 3);
    expect(masked.steps.map((s) => s.used.arraySync()[0]![2])).toEqual([1, 1]);
    expect(masked.known.arraySync()).toEqual([[1, 1, 0], [1, 1, 1]]);
    // label 2 is never an input here, so its column of U_l only scores it: moving it matters unless masked
    const moved = { ...w, 'label/U_l': tf.tidy(() => tf.add(w['label/U_l']!, tf.oneHot(tf.fill([4], 2, 'int32'), 4).mul(3))) } as HeadWeights;
    const lossOf = (weights: HeadWeights, batch: typeof plain) => tf.tidy(() => sequenceLoss(weights, dims, batch, 0, { semantic: 0.5 }).dataSync()[0]!);
    const rowOnly = (batch: typeof plain) => [lossOf(w, batch), lossOf(moved, batch)];
    const rowMasked = makeSequenceBatch(x.slice(0, 2), 2, [seqs[0]!], 3, [[2]]);
    const rowPlain = makeSequenceBatch(x.slice(0, 2), 2, [seqs[0]!], 3);
    const [a, b] = rowOnly(rowMasked);
    expect(a).toBeCloseTo(b!, 6);
    const [c, d] = rowOnly(rowPlain);
    expect(Math.abs(c! - d!)).toBeGreaterThan(1e-3);
    disposeBatch(rowMasked);
    disposeBatch(rowPlain);
    // the semantic term: the mean over the known labels only
    const proj = projectImage(w, masked.features);
    const all = tf.losses.sigmoidCrossEntropy(masked.truth.slice([0, 0], [-1, 3]), tf.matMul(tf.relu(proj), w['label/U_l']!).slice([0, 0], [-1, 3]), undefined, undefined, tf.Reduction.NONE).arraySync() as number[][];
    const byHand = (all.flat().reduce((s, v) => s + v, 0) - all[0]![2]!) / 5;
    const term = tf.tidy(() => tf.sub(sequenceLoss(w, dims, masked, 0, { semantic: 1 }), sequenceLoss(w, dims, masked, 0)).dataSync()[0]!);
    expect(term).toBeCloseTo(byHand, 5);
    tf.dispose([proj, moved['label/U_l'], ...Object.values(w)]);
    disposeBatch(masked);
    disposeBatch(plain);
  });
  it('trains the image gate from zero: the sequence loss has a gradient for g, and g = 0 is the plain head', async () => {
    const dims = { numLabels: 3, featureDim: 2, embedDim: 4, hiddenDim: 4 };
    const batch = makeSequenceBatch(Float32Array.from([0.3, -0.7, 1.1, 0.2]), 2, [[0, 3], [1, 2, 3]], 3);
    const lossOf = (imageGate: boolean) => {
      const d = { ...dims, imageGate };
      const w = initHeadWeights(d, new Float32Array(2), new Float32Array(2).fill(1), 3);
      const loss = sequenceLoss(w, d, batch, 0, { pla: true });
      const value = loss.dataSync()[0]!;
      const { grads } = tf.variableGrads(() => sequenceLoss(w, d, batch, 0, { pla: true }));
      const gate = w['label/gate'];
      const out = { value, gate: gate ? Array.from(gate.dataSync()) : null, gateGrad: grads['label/gate'] ? Array.from(grads['label/gate'].dataSync()) : null };
      tf.dispose([loss, ...Object.values(grads), ...Object.values(w)]);
      return out;
    };
    const gated = lossOf(true);
    const plain = lossOf(false);
    expect(gated.gate).toEqual([0, 0, 0, 0]);
    expect(gated.value).toBeCloseTo(plain.value, 6); // the same matrices (same seed), g = 0
    expect(Math.max(...gated.gateGrad!.map(Math.abs))).toBeGreaterThan(0);
    expect(plain.gateGrad).toBeNull();
    disposeBatch(batch);
  });
});

describe('learning-rate schedules', () => {
  it('keeps the rate without a schedule, and halves a cosine from the rate to a tenth of it', () => {
    for (const e of [1, 15, 30]) {
      expect(scheduledLearningRate(6e-4, undefined, e, 30)).toBe(6e-4);
      expect(scheduledLearningRate(6e-4, 'constant', e, 30)).toBe(6e-4);
    }
    expect(scheduledLearningRate(6e-4, 'cosine', 1, 30)).toBeCloseTo(6e-4, 12);
    expect(scheduledLearningRate(6e-4, 'cosine', 30, 30)).toBeCloseTo(6e-5, 12);
    expect(scheduledLearningRate(1, 'cosine', 3, 5)).toBeCloseTo(0.55, 12); // half way: (1 + 0.1) / 2
    const rates = Array.from({ length: 30 }, (_, k) => scheduledLearningRate(1, 'cosine', k + 1, 30));
    rates.slice(1).forEach((r, k) => expect(r).toBeLessThan(rates[k]!));
    expect(scheduledLearningRate(1, 'cosine', 1, 1)).toBe(1);
  });
});
