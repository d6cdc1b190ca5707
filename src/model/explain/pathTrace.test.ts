import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { beamSearch } from '../search/beamSearch';
import { createHeadScorer } from '../head/headScorer';
import { memberEmbeddings, pathTraceTensors, tracePath } from './pathTrace';
import { randomHeadModel } from '../../test/testHead';

beforeAll(useCpuBackend);

const dims = { numLabels: 6, featureDim: 5, embedDim: 4, hiddenDim: 3 };
const features = Float32Array.from({ length: dims.featureDim }, (_, i) => Math.sin(i + 1));

describe('pathTrace', () => {
  it('gives the beam search its own distributions along a path', async () => {
    const head = randomHeadModel(dims, 3);
    const scorer = createHeadScorer(head.weights, dims, features);
    const beam = await beamSearch(scorer, { beamWidth: 3, maxLength: 3 });
    scorer.dispose();
    const kept = beam.nodes.filter((n) => n.next && n.labels.length === 2)[0]!;
    const trace = await tracePath(head.weights, dims, features, kept.labels);
    expect(trace.probs).toHaveLength(3);
    expect(trace.joint).toHaveLength(3);
    const root = beam.nodes[0]!;
    expect(Array.from(trace.probs[0]!)).toEqual(Array.from(root.next!).map((p) => expect.closeTo(p, 5)));
    expect(Array.from(trace.probs[2]!)).toEqual(Array.from(kept.next!).map((p) => expect.closeTo(p, 5)));
    for (const l of kept.labels) expect(trace.probs[2]![l]).toBeLessThan(1e-9);
  });

  it('with END scaled (dims.endScale), still the beam search\'s own distributions', async () => {
    const heads = [randomHeadModel(dims, 3), randomHeadModel(dims, 30)];
    const w = heads.map((h) => h.weights);
    const scaled = { ...dims, endScale: 1.6 };
    const scorer = createHeadScorer(w, scaled, features);
    const beam = await beamSearch(scorer, { beamWidth: 3, maxLength: 3 });
    scorer.dispose();
    const kept = beam.nodes.filter((n) => n.next && n.labels.length === 1)[0]!;
    const trace = await expectNoLeak(() => tracePath(w, scaled, features, kept.labels));
    const plain = await tracePath(w, dims, features, kept.labels);
    expect(Array.from(trace.probs[1]!)).toEqual(Array.from(kept.next!).map((p) => expect.closeTo(p, 5)));
    expect(trace.probs[1]![dims.numLabels]!).toBeGreaterThan(plain.probs[1]![dims.numLabels]!);
    expect(Array.from(trace.joint[1]!)).toEqual(Array.from(plain.joint[1]!));
  });

  it('x_t gives the scores: softmax(U_l^T x_t) is the step distribution (START row, nothing masked)', async () => {
    const head = randomHeadModel(dims, 5);
    const trace = await tracePath(head.weights, dims, features, [2]);
    expect(trace.joint[0]!.every((v) => v >= 0)).toBe(true); // ReLU
    const probs = tf.tidy(() => tf.softmax(tf.matMul(tf.tensor2d(trace.joint[0]!, [1, dims.embedDim]), head.weights['label/U_l'])).dataSync());
    expect(Array.from(trace.probs[0]!)).toEqual(Array.from(probs).map((p) => expect.closeTo(p, 5)));
  });

  it('an ensemble: the members\' mean distribution, x_t side by side, and x_t·w_k sums the members\' scores', async () => {
    const heads = [randomHeadModel(dims, 3), randomHeadModel(dims, 30), randomHeadModel(dims, 60)];
    const w = heads.map((h) => h.weights);
    const trace = await tracePath(w, dims, features, [2, 0]);
    const alone = await Promise.all(heads.map((h) => tracePath(h.weights, dims, features, [2, 0])));
    for (let t = 0; t < 3; t++) {
      expect(Array.from(trace.probs[t]!)).toEqual(Array.from(trace.probs[t]!, (_, k) => expect.closeTo(alone.reduce((a, x) => a + x.probs[t]![k]!, 0) / 3, 6)));
      expect(Array.from(trace.joint[t]!)).toEqual(alone.flatMap((x) => Array.from(x.joint[t]!)).map((v) => expect.closeTo(v, 6)));
    }
    const scores = tf.tidy(() => {
      const uL = memberEmbeddings(w);
      expect(uL.shape).toEqual([3 * dims.embedDim, dims.numLabels + 1]);
      return tf.matMul(tf.tensor2d(trace.joint[0]!, [1, 3 * dims.embedDim]), uL).dataSync();
    });
    const summed = heads.map((h, m) => tf.tidy(() => tf.matMul(tf.tensor2d(alone[m]!.joint[0]!, [1, dims.embedDim]), h.weights['label/U_l']).dataSync()));
    expect(Array.from(scores)).toEqual(Array.from(scores, (_, k) => expect.closeTo(summed.reduce((a, s) => a + s[k]!, 0), 4)));
    await expectNoLeak(() => tracePath(w, dims, features, [1]));
    await expectNoLeak(() => memberEmbeddings(w), (t) => t.dispose());
  });

  it('refuses paths with repeated labels or END', () => {
    const head = randomHeadModel(dims);
    expect(() => pathTraceTensors(head.weights, dims, features, [1, 1])).toThrow(/distinct labels from 0 to 5/);
    expect(() => pathTraceTensors(head.weights, dims, features, [6])).toThrow(/distinct labels/);
  });

  it('leaks no tensors', async () => {
    const head = randomHeadModel(dims);
    await expectNoLeak(() => tracePath(head.weights, dims, features, [0, 3]));
    await expectNoLeak(() => tracePath(head.weights, dims, features, []));
    await expectNoLeak(() => pathTraceTensors(head.weights, dims, features, [4]), (t) => tf.dispose([t.joint, t.probs]));
    await expectNoLeak(() => { try { pathTraceTensors(head.weights, dims, features, [9]); } catch { /* expected */ } });
  });
});
