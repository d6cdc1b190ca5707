import * as tf from '@tensorflow/tfjs';
import type { BeamScorer, ScorerHandle } from './beamTypes';
import { decodeStep, projectImage, zeroState, type HeadDims, type HeadWeights, type LstmState } from './cnnRnn';

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
 * `features` is the image representation I: Float32Array[featureDim].
 */
export function createHeadScorer(w: HeadWeights, dims: HeadDims, features: Float32Array): HeadScorer {
  const L = dims.numLabels;
  const imageProj = tf.tidy(() => projectImage(w, tf.tensor2d(features, [1, dims.featureDim])));
  let reads = 0;
  const run = async (state: LstmState, tokens: number[], paths: number[][]) => {
    const out = tf.tidy(() => {
      const step = decodeStep(w, imageProj, tf.tensor1d(tokens, 'int32'), state, usedMask(paths, L));
      return { probs: tf.exp(step.logProbs), h: step.state.h, c: step.state.c };
    });
    const flat = (await out.probs.data()) as Float32Array;
    reads++;
    out.probs.dispose();
    return { probs: rowsOf(flat, tokens.length), handle: { h: out.h, c: out.c } as ScorerHandle };
  };
  return {
    numLabels: L,
    get reads() { return reads; },
    async start() {
      const zero = zeroState(dims, 1);
      try {
        return await run(zero, [L + 1], [[]]);
      } finally {
        tf.dispose([zero.h, zero.c]);
      }
    },
    async extend(parent, rows, paths) {
      const p = parent as LstmState;
      const idx = tf.tensor1d(rows, 'int32');
      const state = { h: tf.gather(p.h, idx), c: tf.gather(p.c, idx) };
      idx.dispose();
      try {
        return await run(state, paths.map((q) => q[q.length - 1]!), paths);
      } finally {
        tf.dispose([state.h, state.c]);
      }
    },
    release(handle) {
      const s = handle as LstmState | undefined;
      if (s && !s.h.isDisposed) tf.dispose([s.h, s.c]);
    },
    dispose() { imageProj.dispose(); },
  };
}
