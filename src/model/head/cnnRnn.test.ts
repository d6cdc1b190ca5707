import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import {
  decodeStep, embedInputs, headWeightShapes, imageConcepts, imageLogits, labelLogits, lstmCell, lstmStep, projectImage, stepLogits, zeroState, type HeadDims,
  type HeadWeights,
} from './cnnRnn';

beforeAll(useCpuBackend);

const sig = (x: number) => 1 / (1 + Math.exp(-x));

// Tiny head: one label (+ END), E = 1, H = 1, one feature. Every number below is written out so
// the expected values can be followed on paper.
const dims: HeadDims = { numLabels: 1, featureDim: 1, embedDim: 1, hiddenDim: 1 };
function tinyWeights(): HeadWeights {
  return {
    'feature/mean': tf.tensor1d([1]), 'feature/std': tf.tensor1d([2]),
    'label/U_l': tf.tensor2d([[0.5, -1]]), 'label/start': tf.tensor1d([2]),
    'lstm/kernel': tf.tensor2d([[0.1, 0.2, 0.3, 0.4]]), 'lstm/recurrent': tf.tensor2d([[0.5, 0.6, 0.7, 0.8]]),
    'lstm/bias': tf.tensor1d([0, 1, 0, 0]), 'proj/U_o': tf.tensor2d([[2]]), 'proj/U_I': tf.tensor2d([[1.5]]),
    'proj/bias': tf.tensor1d([0.25]),
  };
}

/** The same step in scalar arithmetic (the "hand computation"). */
function byHand(input: number, h0: number, c0: number, feature: number) {
  const i = sig(0.1 * input + 0.5 * h0), f = sig(0.2 * input + 0.6 * h0 + 1);
  const g = Math.tanh(0.3 * input + 0.7 * h0), o = sig(0.4 * input + 0.8 * h0);
  const c = f * c0 + i * g;
  const h = o * Math.tanh(c);
  const x = Math.max(0, 2 * h + 1.5 * ((feature - 1) / 2) + 0.25);
  const s = [0.5 * x, -1 * x];
  const z = Math.log(Math.exp(s[0]!) + Math.exp(s[1]!));
  return { h, c, logProbs: [s[0]! - z, s[1]! - z] };
}

describe('CNN-RNN head', () => {
  it('matches a hand computation for two steps (START, then label 0)', async () => {
    const w = tinyWeights();
    const proj = projectImage(w, tf.tensor2d([[5]]));
    expect(proj.dataSync()[0]).toBeCloseTo(1.5 * 2 + 0.25, 6);
    const s0 = zeroState(dims, 1);
    const first = decodeStep(w, proj, tf.tensor1d([2], 'int32'), s0, tf.zeros([1, 2]));
    const hand1 = byHand(2, 0, 0, 5);
    expect(Array.from(first.logProbs.dataSync())).toEqual(hand1.logProbs.map((v) => expect.closeTo(v, 5)));
    expect(first.state.h.dataSync()[0]).toBeCloseTo(hand1.h, 6);
    const second = decodeStep(w, proj, tf.tensor1d([0], 'int32'), first.state, tf.zeros([1, 2]));
    const hand2 = byHand(0.5, hand1.h, hand1.c, 5); // label 0's embedding is U_l[:, 0] = 0.5
    expect(Array.from(second.logProbs.dataSync())).toEqual(hand2.logProbs.map((v) => expect.closeTo(v, 5)));
  });

  it('masks labels already in the path', () => {
    const w = tinyWeights();
    const proj = projectImage(w, tf.tensor2d([[5]]));
    const out = decodeStep(w, proj, tf.tensor1d([0], 'int32'), zeroState(dims, 1), tf.tensor2d([[1, 0]]));
    const p = tf.exp(out.logProbs).dataSync();
    expect(p[0]).toBeLessThan(1e-12);
    expect(p[1]).toBeCloseTo(1, 6);
  });

  it('leaks no tensors in any public function', async () => {
    const w = tinyWeights();
    const feats = tf.tensor2d([[5]]);
    const proj = projectImage(w, feats);
    const tokens = tf.tensor1d([2], 'int32');
    const used = tf.zeros([1, 2]) as tf.Tensor2D;
    const s0 = zeroState(dims, 1);
    await expectNoLeak(() => projectImage(w, feats, 0.5), (t) => t.dispose());
    await expectNoLeak(() => embedInputs(w, tokens), (t) => t.dispose());
    const emb = embedInputs(w, tokens);
    await expectNoLeak(() => lstmStep(w, emb, s0), (s) => tf.dispose([s.h, s.c]));
    await expectNoLeak(() => labelLogits(w, s0.h, proj), (t) => t.dispose());
    await expectNoLeak(() => decodeStep(w, proj, tokens, s0, used), (o) => tf.dispose([o.logProbs, o.state.h, o.state.c]));
    await expectNoLeak(() => zeroState(dims, 3), (s) => tf.dispose([s.h, s.c]));
  });

  it('with concept input (SR-CNN-RNN) adds U_c σ(W_b Ī + b_b) to the joint projection', async () => {
    const w = { ...tinyWeights(), 'proj/U_c': tf.tensor2d([[3]]), 'baseline/W': tf.tensor2d([[0.8]]), 'baseline/b': tf.tensor1d([-0.5]) };
    expect(headWeightShapes({ ...dims, conceptInput: true })['proj/U_c']).toEqual([1, 1]);
    expect(headWeightShapes(dims)['proj/U_c']).toBeUndefined();
    const proj = projectImage(w, tf.tensor2d([[5]])); // Ī = (5 - 1) / 2 = 2
    expect(proj.dataSync()[0]).toBeCloseTo(1.5 * 2 + 0.25 + 3 * sig(0.8 * 2 - 0.5), 5);
    const standard = tf.tensor2d([[2]]);
    await expectNoLeak(() => imageConcepts(w, standard, 0.5), (t) => t.dispose());
    const five = tf.tensor2d([[5]]);
    await expectNoLeak(() => projectImage(w, five, 0.5, 0.5), (t) => t.dispose());
    const plain = tinyWeights();
    expect(() => imageConcepts(plain, standard)).toThrow(/no baseline weights/);
  });

  it('with the image gate adds g ⊙ U_lᵀ ReLU(U_I^x I) to every step\'s scores (END included)', async () => {
    const w = { ...tinyWeights(), 'label/gate': tf.tensor1d([0.7, -0.4]) };
    expect(headWeightShapes({ ...dims, imageGate: true })['label/gate']).toEqual([2]);
    expect(headWeightShapes(dims)['label/gate']).toBeUndefined();
    const proj = projectImage(w, tf.tensor2d([[5]])); // U_I^x Ī + b = 3.25
    const first = decodeStep(w, proj, tf.tensor1d([2], 'int32'), zeroState(dims, 1), tf.zeros([1, 2]));
    const hand = byHand(2, 0, 0, 5);
    const plain = hand.logProbs; // the ungated scores, up to a constant
    const image = [0.5 * 3.25, -1 * 3.25]; // U_lᵀ ReLU(3.25)
    const s = plain.map((v, k) => v + [0.7, -0.4][k]! * image[k]!);
    const z = Math.log(Math.exp(s[0]!) + Math.exp(s[1]!));
    expect(Array.from(first.logProbs.dataSync())).toEqual(s.map((v) => expect.closeTo(v - z, 5)));
    expect(Array.from(imageLogits(w, proj).dataSync())).toEqual(image.map((v) => expect.closeTo(v, 5)));
    await expectNoLeak(() => imageLogits(w, proj), (t) => t.dispose());
    const h = tf.zeros([1, 1]) as tf.Tensor2D;
    await expectNoLeak(() => labelLogits(w, h, proj), (t) => t.dispose());
  });
});

describe('lstmCell and stepLogits', () => {
  it('give a stack of heads ([M, B, ·]) what each head gives alone ([B, ·]), without leaks', async () => {
    const r = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);
    const [M, B, H, E, K] = [2, 3, 4, 5, 6];
    const t = { x: r([M, B, 4 * H], 1), h: r([M, B, H], 2), c: r([M, B, H], 3), R: r([M, H, 4 * H], 4), b: r([M, 1, 4 * H], 5),
      proj: r([M, B, E], 6), Uo: r([M, H, E], 7), Ul: r([M, E, K], 8), g: r([M, 1, K], 9), img: r([M, B, K], 10) };
    const stacked = lstmCell(t.x, t.h, t.c, t.R, t.b);
    const logits = stepLogits(stacked.h, t.proj, t.Uo, t.Ul, t.g, t.img);
    for (let m = 0; m < M; m++) {
      const at = (x: tf.Tensor) => tf.squeeze(tf.slice(x, [m], [1]), [0]);
      const alone = lstmCell(at(t.x), at(t.h), at(t.c), at(t.R), at(t.b));
      expect(Array.from(alone.c.dataSync())).toEqual(Array.from(at(stacked.c).dataSync()).map((v) => expect.closeTo(v, 6)));
      const own = stepLogits(alone.h, at(t.proj), at(t.Uo), at(t.Ul), at(t.g), at(t.img));
      expect(Array.from(own.dataSync())).toEqual(Array.from(at(logits).dataSync()).map((v) => expect.closeTo(v, 5)));
    }
    await expectNoLeak(() => lstmCell(t.x, t.h, t.c, t.R, t.b), (o) => tf.dispose([o.h, o.c]));
    await expectNoLeak(() => stepLogits(stacked.h, t.proj, t.Uo, t.Ul, t.g, t.img), (o) => o.dispose());
    tf.disposeVariables();
  });
});
