import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHeadArrays } from '../model/arrayHead';
import { projectImageMembers } from '../model/arrayScorer';
import { assembleEnsemble, headMembers } from '../model/headIo';
import { randomHeadModel } from '../model/testHead';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { projectAll } from './evaluate';

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
