import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { readHeadArrays } from './arrayHead';
import { createArrayScorer, projectImageMembers } from './arrayScorer';
import { beamSearch } from '../search/beamSearch';
import type { BeamResult } from '../search/beamTypes';
import { disposeHead } from './headIo';
import { createHeadScorer } from './headScorer';
import { randomHeadModel } from '../../test/testHead';

beforeAll(useCpuBackend);

const dims = { numLabels: 7, featureDim: 9, embedDim: 6, hiddenDim: 5 };
const features = Float32Array.from({ length: 9 }, (_, i) => Math.cos(2 * i + 1) * 3);

/** Node id → step probability, for comparing two searches. */
const probsOf = (r: BeamResult) => Object.fromEntries(r.nodes.map((n) => [n.id, n.stepProb]));

describe('createArrayScorer (the head in plain JS)', () => {
  const cases = [
    ['one head', {}, 1], ['an SR-CNN-RNN head', { conceptInput: true }, 1], ['a head with the image gate', { imageGate: true }, 1],
    ['an ensemble of 3', {}, 3], ['an ensemble of 2 with the image gate', { imageGate: true }, 2],
  ] as const;
  for (const [name, extra, count] of cases) {
    it(`decodes ${name} as createHeadScorer does: same tree, same probabilities, no tfjs call per step`, async () => {
      const d = { ...dims, ...extra };
      const heads = Array.from({ length: count }, (_, i) => randomHeadModel(d, 1 + 17 * i));
      const w = heads.map((h) => h.weights);
      const arrays = await expectNoLeak(() => readHeadArrays(w, d));
      for (const beamWidth of [1, 3, 5]) {
        const reference = createHeadScorer(w, d, features);
        const expected = await beamSearch(reference, { beamWidth, maxLength: 7 });
        reference.dispose();
        const before = tf.memory().numTensors;
        const scorer = createArrayScorer(arrays, d, features);
        const got = await beamSearch(scorer, { beamWidth, maxLength: 7, prefix: [] });
        expect(tf.memory().numTensors).toBe(before);
        expect(scorer.reads).toBe(0);
        expect(got.nodes.map((n) => `${n.id}:${n.status}`)).toEqual(expected.nodes.map((n) => `${n.id}:${n.status}`));
        const p = probsOf(expected);
        for (const n of got.nodes) expect(n.stepProb).toBeCloseTo(p[n.id]!, 5);
        for (const [i, n] of got.nodes.entries()) {
          if (n.next) expect(Array.from(n.next)).toEqual(Array.from(expected.nodes[i]!.next!).map((v) => expect.closeTo(v, 5)));
        }
        expect(got.stop).toEqual({ ...expected.stop, bestOpenLogProb: got.stop.bestOpenLogProb, worstCandidateLogProb: got.stop.worstCandidateLogProb });
      }
      heads.forEach(disposeHead);
    });
  }

  it('starts from an image\'s kept projections as from its features (a re-decode)', async () => {
    const heads = [randomHeadModel(dims, 2), randomHeadModel(dims, 9)];
    const arrays = await readHeadArrays(heads.map((h) => h.weights), dims);
    const fresh = await beamSearch(createArrayScorer(arrays, dims, features), { beamWidth: 3, maxLength: 7 });
    const kept = projectImageMembers(arrays, dims, features);
    const again = await beamSearch(createArrayScorer(arrays, dims, features, kept), { beamWidth: 3, maxLength: 7 });
    expect(again.nodes.map((n) => [n.id, n.stepProb])).toEqual(fresh.nodes.map((n) => [n.id, n.stepProb]));
    expect(() => createArrayScorer(arrays, dims, features, kept.slice(0, 1))).toThrow(/1 projections for 2 members/);
    heads.forEach(disposeHead);
  });

  it('extends rows that share a parent (one W_h h for them) exactly as rows extended one by one', async () => {
    const heads = [randomHeadModel(dims, 4), randomHeadModel(dims, 6)];
    const arrays = await readHeadArrays(heads.map((h) => h.weights), dims);
    const scorer = createArrayScorer(arrays, dims, features);
    const root = await scorer.start();
    const first = await scorer.extend(root.handle, [0, 0, 0], [[2], [5], [0]]);
    // rows 0 and 2 of `first` continue with two children each, row 1 with none
    const shared = await scorer.extend(first.handle, [0, 2, 0, 2], [[2, 1], [0, 3], [2, 6], [0, 1]]);
    const alone = await Promise.all([[2, 1], [0, 3], [2, 6], [0, 1]].map(async (path) => {
      const one = await scorer.extend(root.handle, [0], [[path[0]!]]);
      return (await scorer.extend(one.handle, [0], [path])).probs[0]!;
    }));
    expect(first.probs[0]).not.toEqual(first.probs[2]);
    shared.probs.forEach((p, r) => expect(Array.from(p)).toEqual(Array.from(alone[r]!)));
    heads.forEach(disposeHead);
  });

  it('refuses features of the wrong size and an empty ensemble', async () => {
    const head = randomHeadModel(dims);
    const arrays = await readHeadArrays(head.weights, dims);
    expect(() => createArrayScorer(arrays, dims, new Float32Array(3))).toThrow(/takes 9 image features, got 3/);
    expect(() => createArrayScorer([], dims, features)).toThrow(/at least one member/);
    disposeHead(head);
  });

  it('adds the image gate\'s scores: the gated head decodes otherwise than the same weights without g', async () => {
    const gated = randomHeadModel({ ...dims, imageGate: true }, 5);
    const { ['label/gate']: gate, ...plainWeights } = gated.weights;
    const [withGate] = await readHeadArrays(gated.weights, gated.dims);
    const [without] = await readHeadArrays(plainWeights as typeof gated.weights, dims);
    const first = async (a: typeof withGate) => (await createArrayScorer([a!], a!.gate ? gated.dims : dims, features).start()).probs[0]!;
    const p = await first(withGate), q = await first(without);
    expect(Math.max(...Array.from(p, (v, k) => Math.abs(v - q[k]!)))).toBeGreaterThan(1e-3);
    expect(withGate!.gate).not.toBeNull();
    expect(without!.gate).toBeNull();
    gate!.dispose();
    disposeHead(gated);
  });
});
