import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { beamSearch } from '../search/beamSearch';
import { decodeStep, projectImage, zeroState } from './cnnRnn';
import { disposeHead } from './headIo';
import { createHeadScorer } from './headScorer';
import { randomHeadModel } from '../../test/testHead';

beforeAll(useCpuBackend);

const dims = { numLabels: 6, featureDim: 8, embedDim: 5, hiddenDim: 4 };
const features = Float32Array.from({ length: 8 }, (_, i) => Math.sin(i + 1));

describe('createHeadScorer', () => {
  it('gives the same distributions as stepping the head by hand', async () => {
    const head = randomHeadModel(dims);
    const scorer = createHeadScorer(head.weights, dims, features);
    const start = await scorer.start();
    const next = await scorer.extend(start.handle, [0, 0], [[2], [4]]);
    const expected = tf.tidy(() => {
      const proj = projectImage(head.weights, tf.tensor2d(features, [1, 8]));
      const s1 = decodeStep(head.weights, proj, tf.tensor1d([7], 'int32'), zeroState(dims, 1), tf.zeros([1, 7]));
      const used = tf.tensor2d([[0, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0]]);
      const state = { h: tf.concat([s1.state.h, s1.state.h]), c: tf.concat([s1.state.c, s1.state.c]) } ;
      const s2 = decodeStep(head.weights, proj, tf.tensor1d([2, 4], 'int32'), state as never, used);
      return [tf.exp(s1.logProbs).dataSync(), tf.exp(s2.logProbs).dataSync()] as const;
    });
    expect(Array.from(start.probs[0]!)).toEqual(Array.from(expected[0]).map((v) => expect.closeTo(v, 6)));
    expect(Array.from(next.probs[1]!)).toEqual(Array.from(expected[1].slice(7)).map((v) => expect.closeTo(v, 6)));
    expect(next.probs[0]![2]).toBeLessThan(1e-9);
    scorer.release(start.handle);
    scorer.release(next.handle);
    scorer.dispose();
    disposeHead(head);
  });

  it('an ensemble: each step is the members\' mean distribution, one read per step, no leak', async () => {
    const heads = [randomHeadModel(dims, 1), randomHeadModel(dims, 20), randomHeadModel(dims, 40)];
    const w = heads.map((h) => h.weights);
    const scorer = createHeadScorer(w, dims, features);
    const start = await scorer.start();
    const next = await scorer.extend(start.handle, [0, 0], [[2], [4]]);
    const alone = await Promise.all(heads.map(async (h) => {
      const s = createHeadScorer(h.weights, dims, features);
      const a = await s.start();
      const b = await s.extend(a.handle, [0, 0], [[2], [4]]);
      s.release(a.handle);
      s.release(b.handle);
      s.dispose();
      return [a.probs[0]!, b.probs[1]!];
    }));
    expect(Array.from(start.probs[0]!)).toEqual(Array.from(start.probs[0]!, (_, k) => expect.closeTo(alone.reduce((x, a) => x + a[0]![k]!, 0) / 3, 6)));
    expect(Array.from(next.probs[1]!)).toEqual(Array.from(next.probs[1]!, (_, k) => expect.closeTo(alone.reduce((x, a) => x + a[1]![k]!, 0) / 3, 6)));
    scorer.release(start.handle);
    scorer.release(next.handle);
    scorer.dispose();
    const result = await expectNoLeak(async () => {
      const s = createHeadScorer(w, dims, features);
      const r = await beamSearch(s, { beamWidth: 3, maxLength: 6 });
      s.dispose();
      return { r, reads: s.reads };
    });
    expect(result.reads).toBe(result.r.steps.length);
    expect(() => createHeadScorer([], dims, features)).toThrow(/at least one member/);
    heads.forEach(disposeHead);
  });

  it('reads back once per beam step and leaks no tensors over a whole search', async () => {
    const head = randomHeadModel(dims);
    for (const beamWidth of [1, 3, 7]) {
      const result = await expectNoLeak(async () => {
        const scorer = createHeadScorer(head.weights, dims, features);
        const r = await beamSearch(scorer, { beamWidth, maxLength: 6 });
        scorer.dispose();
        return { r, reads: scorer.reads };
      });
      expect(result.reads).toBe(result.r.scorerCalls);
      expect(result.r.scorerCalls).toBe(result.r.steps.length);
    }
    disposeHead(head);
  });
});
