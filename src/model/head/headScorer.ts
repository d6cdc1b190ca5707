import * as tf from '@tensorflow/tfjs';
import { scaleEnd } from './endScale';
import { meanOf } from './tensorMean';
import type { BeamScorer, ScorerHandle } from '../search/beamTypes';
import { decodeStep, membersOf, projectImage, zeroState, type HeadDims, type HeadMembers, type LstmState } from './cnnRnn';

/** A BeamScorer that also owns the image's projected features; call dispose() when done. */
export interface HeadScorer extends BeamScorer {
  dispose(): void;
  /** GPU→CPU reads made so far (one per start/extend). */
  readonly reads: number;
}

/** Mask [B, L+1] with 1 where the label is already in that row's path. */
function usedMask(paths: number[][], numLabels: number): tf.Tensor2D {
  const mask = new Float32Array(paths.length * (numLabels + 1));
  paths.forEach((p, row) => p.forEach((l) => { mask[row * (numLabels + 1) + l] = 1; }));
  return tf.tensor2d(mask, [paths.length, numLabels + 1]);
}

/** Splits a [B, K] read-back into B rows (views copy-free). */
function rowsOf(flat: Float32Array, batch: number): Float32Array[] {
  const k = flat.length / batch;
  return Array.from({ length: batch }, (_, i) => flat.subarray(i * k, (i + 1) * k));
}

/**
 * Scores paths of one image with the CNN-RNN head: every step runs all beams as one batched
 * tfjs call and reads the probabilities back once; LSTM states stay on the device.
 * `features` is the image representation I: Float32Array[featureDim]. With several members (an
 * ensemble), each step's distribution is the members' mean, still one read per step; a handle
 * then holds one LSTM state per member.
 */
export function createHeadScorer(weights: HeadMembers, dims: HeadDims, features: Float32Array): HeadScorer {
  const L = dims.numLabels;
  const members = membersOf(weights);
  if (members.length === 0) throw new Error('A head needs at least one member');
  const imageProj = tf.tidy(() => {
    const I = tf.tensor2d(features, [1, dims.featureDim]);
    return members.map((w) => projectImage(w, I));
  });
  let reads = 0;
  const run = async (states: LstmState[], tokens: number[], paths: number[][]) => {
    const out = tf.tidy(() => {
      const prev = tf.tensor1d(tokens, 'int32');
      const used = usedMask(paths, L);
      const steps = members.map((w, m) => decodeStep(w, imageProj[m]!, prev, states[m]!, used));
      const probs = meanOf(steps.map((s) => tf.exp(s.logProbs)));
      return { probs, states: steps.map((s) => ({ h: s.state.h, c: s.state.c })) as unknown as tf.Tensor[] };
    });
    // a copy: on the CPU backend data() can be the tensor's own store
    const flat = scaleEnd(((await out.probs.data()) as Float32Array).slice(), L, dims.endScale);
    reads++;
    out.probs.dispose();
    return { probs: rowsOf(flat, tokens.length), handle: out.states as unknown as LstmState[] as ScorerHandle };
  };
  return {
    numLabels: L,
    get reads() { return reads; },
    async start() {
      const zero = members.map(() => zeroState(dims, 1));
      try {
        return await run(zero, [L + 1], [[]]);
      } finally {
        tf.dispose(zero.flatMap((z) => [z.h, z.c]));
      }
    },
    async extend(parent, rows, paths) {
      const idx = tf.tensor1d(rows, 'int32');
      const states = (parent as LstmState[]).map((p) => ({ h: tf.gather(p.h, idx), c: tf.gather(p.c, idx) }));
      idx.dispose();
      try {
        return await run(states, paths.map((q) => q[q.length - 1]!), paths);
      } finally {
        tf.dispose(states.flatMap((s) => [s.h, s.c]));
      }
    },
    release(handle) {
      for (const s of (handle as LstmState[] | undefined) ?? []) if (!s.h.isDisposed) tf.dispose([s.h, s.c]);
    },
    dispose() { tf.dispose(imageProj); },
  };
}
