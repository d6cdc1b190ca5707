import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHeadArrays } from '../model/head/arrayHead';
import { projectImageMembers } from '../model/head/arrayScorer';
import { assembleEnsemble, headMembers } from '../model/head/headIo';
import { randomHeadModel } from '../test/testHead';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { beamSearch } from '../model/search/beamSearch';
import { createArrayScorer } from '../model/head/arrayScorer';
import { evaluateHead, predictionsCsv, projectAll } from './evaluate';

beforeAll(useCpuBackend);

describe('projectAll', () => {
  it('gives every image the projections the array scorer makes itself, member by member, without leaks', async () => {
    const dims = { numLabels: 4, featureDim: 7, embedDim: 5, hiddenDim: 3, imageGate: true };
    const head = assembleEnsemble([randomHeadModel(dims, 3), randomHeadModel(dims, 4)]);
    const features = Float32Array.from({ length: 3 * 7 }, (_, i) => Math.sin(i) * 2);
    const all = (await expectNoLeak(() => projectAll(head, features)))!;
    const arrays = await readHeadArrays(headMembers(head), head.dims);
    expect(all).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      const own = projectImageMembers(arrays, head.dims, features.subarray(i * 7, (i + 1) * 7));
      expect(all[i]).toHaveLength(2);
      own.forEach((p, m) => p.forEach((v, e) => expect(all[i]![m]![e]).toBeCloseTo(v, 5)));
    }
    tf.dispose(headMembers(head).flatMap((w) => Object.values(w)));
  });

  it('leaves heads with SR-CNN-RNN concepts to the scorer', () => {
    const head = randomHeadModel({ numLabels: 4, featureDim: 7, embedDim: 5, hiddenDim: 3, conceptInput: true }, 5);
    expect(projectAll(head, new Float32Array(7))).toBeUndefined();
    tf.dispose(Object.values(head.weights));
  });
});

describe('evaluateHead', () => {
  it('reports per-class P/R and each photo\'s sets, path probability included, as the CSV writes them', async () => {
    const dims = { numLabels: 3, featureDim: 4, embedDim: 5, hiddenDim: 3 };
    const head = randomHeadModel(dims, 7);
    const features = Float32Array.from({ length: 4 * 4 }, (_, i) => Math.cos(i) * 2);
    const truth = [[1, -1, -1], [-1, 1, 0], [1, 1, -1], [-1, -1, 1]].map((t) => Int8Array.from(t));
    const beam = { beamWidth: 2, maxLength: 3 };
    const report = await evaluateHead(head, features, truth, beam, true);
    expect(Object.keys(report.cnnrnn.perClass)).toEqual(head.labels);
    expect(report.predictions).toHaveLength(4);
    // the photo's path probability is that of the search's best path
    const arrays = await readHeadArrays(headMembers(head), head.dims);
    const scorer = createArrayScorer(arrays, head.dims, features.subarray(4, 8));
    const best = (await beamSearch(scorer, beam)).best!;
    scorer.dispose();
    expect(report.predictions[1]!.cnnrnn).toEqual(best.labels);
    expect(report.predictions[1]!.pathProb).toBeCloseTo(best.prob, 6); // projected in float32 by projectAll
    // recall of a class from the sets, by hand
    const holds = (c: number) => truth.flatMap((t, i) => (t[c] === 1 ? [report.predictions[i]!.cnnrnn.includes(c)] : []));
    const r0 = holds(0);
    expect(report.cnnrnn.perClass[head.labels[0]!]!.R).toBeCloseTo((100 * r0.filter(Boolean).length) / r0.length, 10);
    const csv = predictionsCsv(['a', 'b', 'c', 'd'], truth, report.predictions, head.labels).trim().split('\n');
    expect(csv[0]).toBe('id,truth,cnnrnn,cnnrnn_path_prob,baseline');
    expect(csv[2]!.split(',').slice(0, 4)).toEqual(['b', head.labels[1], best.labels.map((c) => head.labels[c]).join(' '), best.prob.toFixed(4)]);
    tf.dispose(Object.values(head.weights));
  });
});
