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
  /** dims.imageGate only: g [L+1], the weight of the image-only scores in every step's scores. */
  gate: Float64Array | null;
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
    // every read in flight at once (on a GPU each is a round trip)
    if (dims.imageGate && !w['label/gate']) throw new Error('This head scores with the image gate but has no label/gate weights');
    const gate = dims.imageGate ? read(w['label/gate']!) : Promise.resolve(null);
    const [featureMean, featureStd, uI, projBias, tokenGates, recurrent, uO, uL, uC, W, b] = await Promise.all([
      w['feature/mean'], w['feature/std'], w['proj/U_I'], w['proj/bias'], gates, w['lstm/recurrent'], w['proj/U_o'], w['label/U_l'],
      ...(dims.conceptInput ? [w['proj/U_c']!, w['baseline/W']!, w['baseline/b']!] : []),
    ].map(read));
    return {
      featureMean: featureMean!, featureStd: featureStd!, uI: uI!, projBias: projBias!,
      concept: dims.conceptInput ? { uC: uC!, W: W!, b: b! } : null,
      tokenGates: tokenGates!, recurrent: recurrent!, uO: uO!, uL: uL!, gate: await gate,
    };
  } finally {
    gates.dispose();
  }
}

/** Every member's arrays (an ensemble's, or one head's), read once; no tensor is left behind. */
export async function readHeadArrays(weights: HeadMembers, dims: HeadDims): Promise<HeadArrays[]> {
  return Promise.all(membersOf(weights).map((w) => readMember(w, dims)));
}
