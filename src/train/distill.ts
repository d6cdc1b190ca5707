import * as tf from '@tensorflow/tfjs';
import { decodeStep, projectImage, zeroState } from '../model/cnnRnn';
import type { HeadModel } from '../model/headIo';
import type { SequenceBatch } from './trainHead';

/**
 * Knowledge distillation for sequence models (word-level KD, Kim & Rush 2016): trained CNN-RNN
 * heads (the teachers) read the same teacher-forced prefixes as the student, and their next-label
 * distributions, averaged, become part of the student's target at each step. The student stays one
 * CNN-RNN decoded by the paper's beam search; it learns the ensemble's smoother distributions.
 * @returns per step of the batch, the teachers' mean distribution [B, L+1] (caller disposes)
 */
export function teacherTargets(teachers: readonly HeadModel[], batch: SequenceBatch): tf.Tensor2D[] {
  if (teachers.length === 0) throw new Error('distillation needs at least one teacher head');
  return tf.tidy(() => {
    const perTeacher = teachers.map((t) => {
      const proj = projectImage(t.weights, batch.features);
      let state = zeroState(t.dims, batch.features.shape[0]);
      return batch.steps.map((s) => {
        const out = decodeStep(t.weights, proj, s.tokens, state, s.used);
        state = out.state;
        return tf.exp(out.logProbs);
      });
    });
    return batch.steps.map((_, i) => tf.div(tf.addN(perTeacher.map((p) => p[i]!)), teachers.length) as tf.Tensor2D);
  });
}

/** Teachers must read the same I and score the same labels as the student. */
export function checkTeachers(teachers: readonly HeadModel[], featureDim: number, labels: readonly string[]): void {
  for (const [i, t] of teachers.entries()) {
    if (t.dims.featureDim !== featureDim) throw new Error(`teacher ${i + 1} reads ${t.dims.featureDim} features, the student ${featureDim}: train it on the same --layout`);
    if (t.labels.join() !== labels.join()) throw new Error(`teacher ${i + 1} has other labels`);
  }
}
