import * as tf from '@tensorflow/tfjs';
import { membersOf, type HeadDims, type HeadMembers, type HeadWeights } from './cnnRnn';

/**
 * One head member's weights as plain arrays, for decoding without tfjs (arrayScorer.ts). The
 * beam search's steps are tiny (a few beams × one LSTM step): on WebGPU each tfjs step costs
 * dozens of dispatches and a GPU→CPU read, so the decode runs in plain JS on these copies.
 * All row-major.
 */
export interface HeadArrays {
  /** I standardisation, [F] each. */
  featureMean: Float64Array;
  featureStd: Float64Array;
  /** U_I^x [F × E] and the joint bias [E]. */
  uI: Float64Array;
  projBias: Float64Array;
  /** SR-CNN-RNN only: U_c [L × E] and the concepts' classifier W_b [F × L], b_b [L]. */
  concept: { uC: Float64Array; W: Float64Array; b: Float64Array } | null;
  /** Input gates of every token, w_k · kernel + bias: [(L+2) × 4H], row L+1 = START. */
  tokenGates: Float64Array;
  /** LSTM recurrent kernel [H × 4H] (gate order i, f, g, o). */
  recurrent: Float64Array;
  /** U_o^x [H × E]. */
  uO: Float64Array;
  /** U_l [E × (L+1)]. */
  uL: Float64Array;
}

/** Read back as doubles: the decoder's arithmetic is in doubles, and mixed float32 × double loops run ~2× slower in V8. */
async function read(t: tf.Tensor): Promise<Float64Array> {
  return Float64Array.from((await t.data()) as Float32Array);
}

/** Reads a member's arrays back once (the token gates are computed with tfjs first, as embedInputs does). */
async function readMember(w: HeadWeights, dims: HeadDims): Promise<HeadArrays> {
  const gates = tf.tidy(() => {
    const table = tf.concat([tf.transpose(w['label/U_l']), tf.expandDims(w['label/start'], 0)], 0); // [(L+2), E]
    return tf.add(tf.matMul(table, w['lstm/kernel']), w['lstm/bias']);
  });
  try {
    const concept = dims.conceptInput
      ? { uC: await read(w['proj/U_c']!), W: await read(w['baseline/W']!), b: await read(w['baseline/b']!) }
      : null;
    return {
      featureMean: await read(w['feature/mean']), featureStd: await read(w['feature/std']),
      uI: await read(w['proj/U_I']), projBias: await read(w['proj/bias']), concept,
      tokenGates: await read(gates), recurrent: await read(w['lstm/recurrent']),
      uO: await read(w['proj/U_o']), uL: await read(w['label/U_l']),
    };
  } finally {
    gates.dispose();
  }
}

/** Every member's arrays (an ensemble's, or one head's), read once; no tensor is left behind. */
export async function readHeadArrays(weights: HeadMembers, dims: HeadDims): Promise<HeadArrays[]> {
  const out: HeadArrays[] = [];
  for (const w of membersOf(weights)) out.push(await readMember(w, dims));
  return out;
}
