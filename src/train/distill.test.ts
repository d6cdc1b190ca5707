import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHeadScorer } from '../model/headScorer';
import { randomHeadModel } from '../model/testHead';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { checkTeachers, teacherTargets } from './distill';
import { disposeBatch, makeSequenceBatch, sequenceLoss } from './trainHead';

beforeAll(useCpuBackend);

const dims = { numLabels: 3, featureDim: 2, embedDim: 4, hiddenDim: 4 };

describe('distillation targets', () => {
  it("are the teachers' mean next-label distributions along the teacher-forced path", async () => {
    const a = randomHeadModel(dims, 1);
    const b = randomHeadModel(dims, 2);
    const batch = makeSequenceBatch(Float32Array.from([0.5, -1]), 2, [[2, 0, 3]], 3);
    await expectNoLeak(() => teacherTargets([a, b], batch), (t) => tf.dispose(t));
    const targets = teacherTargets([a, b], batch);
    const got = targets.map((t) => Array.from(t.dataSync()));
    // the same distributions as each teacher's beam-search scorer gives after START, then after label 2
    const expected: number[][] = [[], []];
    for (const h of [a, b]) {
      const s = createHeadScorer(h.weights, h.dims, Float32Array.from([0.5, -1]));
      const start = await s.start();
      const next = await s.extend(start.handle, [0], [[2]]);
      start.probs[0]!.forEach((p, i) => { expected[0]![i] = (expected[0]![i] ?? 0) + p / 2; });
      next.probs[0]!.forEach((p, i) => { expected[1]![i] = (expected[1]![i] ?? 0) + p / 2; });
      s.release(start.handle); s.release(next.handle); s.dispose();
    }
    for (let t = 0; t < 2; t++) got[t]!.forEach((v, i) => expect(v).toBeCloseTo(expected[t]![i]!, 5));
    expect(got[1]![2]).toBe(0); // label 2 is in the path: masked for the teachers too
    // mixed into the student's target, they change the loss (and only when distill > 0)
    const student = randomHeadModel(dims, 3).weights;
    const plain = sequenceLoss(student, dims, batch, 0);
    const same = sequenceLoss(student, dims, batch, 0, { teacher: targets, distill: 0 });
    const mixed = sequenceLoss(student, dims, batch, 0, { teacher: targets, distill: 0.5 });
    expect(same.dataSync()[0]).toBeCloseTo(plain.dataSync()[0]!, 6);
    expect(Math.abs(mixed.dataSync()[0]! - plain.dataSync()[0]!)).toBeGreaterThan(1e-4);
    tf.dispose([plain, same, mixed, ...targets]);
    disposeBatch(batch);
  });

  it('refuses teachers that read another I', () => {
    const other = randomHeadModel({ ...dims, featureDim: 5 }, 1);
    expect(() => checkTeachers([other], 2, other.labels)).toThrow(/features/);
  });
});
