import * as tf from '@tensorflow/tfjs';

/**
 * The CNN-RNN head of Wang et al. (CVPR 2016), written once for training and inference.
 *
 * Vocabulary: labels 0..L-1, END = L. Inputs additionally use START = L+1 (never an output).
 * - label embedding  w_k = U_l e_k             (U_l: [E, L+1], shared with the output layer)
 * - recurrent layer  o(t), r(t) = LSTM(r(t-1), w_k(t))
 * - joint projection x_t = ReLU(U_o^x o(t) + U_I^x I)
 * - scores           s(t) = U_l^T x_t, softmax over the L labels + END.
 * Optional (dims.conceptInput), the semantic regularisation of Liu et al. (CVPR 2017, SR-CNN-RNN):
 * the image reaches the joint space also through its semantic concepts c = σ(W_b Ī + b_b), the
 * BCE-trained per-label classifier (the baseline), x_t = ReLU(U_o^x o(t) + U_I^x Ī + U_c c).
 * Optional (dims.imageGate), an END and labels that see the image directly: every step's scores
 * also get the image-only joint point's scores, per label weighted by a learned g (zero at the
 * start of training): s(t) = U_l^T x_t + g ⊙ U_l^T ReLU(U_I^x I). The image-only scores are those
 * the semantic regulariser trains as per-label classifiers, so a label the photo does not show is
 * held down at every step whatever the path before it, and END rises once the labels it does show
 * are in the path.
 */
export interface HeadDims {
  /** Number of real labels L (END is L, START is L+1). */
  numLabels: number;
  /** Length of the image representation I. */
  featureDim: number;
  /** Embedding / joint space size E. */
  embedDim: number;
  /** LSTM state size H. */
  hiddenDim: number;
  /** SR-CNN-RNN: the baseline's label probabilities feed the joint projection through U_c. */
  conceptInput?: boolean;
  /** Each step's scores also get the image-only scores, weighted per label by 'label/gate'. */
  imageGate?: boolean;
  /**
   * END's probability in every step's distribution (an ensemble's: the members' mean) multiplied by
   * this, then renormalised (endScale.ts); absent: 1. Set after training (`--end-scale`).
   */
  endScale?: number;
}

/** Weight tensors of the head, keyed by the names they are saved under. */
export interface HeadWeights {
  /** [featureDim] mean and std used to standardise I before U_I^x. */
  'feature/mean': tf.Tensor1D;
  'feature/std': tf.Tensor1D;
  /** U_l: [E, L+1] label embedding, also the output layer. */
  'label/U_l': tf.Tensor2D;
  /** Embedding of the START input: [E]. */
  'label/start': tf.Tensor1D;
  /** g: [L+1], the weight of the image-only scores in every step's scores (dims.imageGate only). */
  'label/gate'?: tf.Tensor1D;
  /** LSTM: input kernel [E, 4H], recurrent kernel [H, 4H], bias [4H]; gate order i, f, g, o. */
  'lstm/kernel': tf.Tensor2D;
  'lstm/recurrent': tf.Tensor2D;
  'lstm/bias': tf.Tensor1D;
  /** U_o^x: [H, E] and U_I^x: [featureDim, E], with the joint bias [E]. */
  'proj/U_o': tf.Tensor2D;
  'proj/U_I': tf.Tensor2D;
  'proj/bias': tf.Tensor1D;
  /** U_c: [L, E], only with dims.conceptInput (then the baseline's W_b, b_b are read too). */
  'proj/U_c'?: tf.Tensor2D;
  'baseline/W'?: tf.Tensor2D;
  'baseline/b'?: tf.Tensor1D;
}

export type HeadWeightName = keyof HeadWeights;

/**
 * One head, or an ensemble of heads trained alike (same dims and I) that decode as one: each
 * step's distribution is the members' mean (headScorer.ts), so the paper's beam search is unchanged.
 */
export type HeadMembers = HeadWeights | readonly HeadWeights[];

/** The members of a head or ensemble, as a list (a single head is an ensemble of one). */
export function membersOf(w: HeadMembers): readonly HeadWeights[] {
  return Array.isArray(w) ? w : [w as HeadWeights];
}

/** Expected shape of every head weight, for initialisation and load-time validation. */
export function headWeightShapes(d: HeadDims): Partial<Record<HeadWeightName, number[]>> {
  const K = d.numLabels + 1;
  return {
    ...(d.conceptInput ? { 'proj/U_c': [d.numLabels, d.embedDim] } : {}),
    ...(d.imageGate ? { 'label/gate': [K] } : {}),
    'feature/mean': [d.featureDim],
    'feature/std': [d.featureDim],
    'label/U_l': [d.embedDim, K],
    'label/start': [d.embedDim],
    'lstm/kernel': [d.embedDim, 4 * d.hiddenDim],
    'lstm/recurrent': [d.hiddenDim, 4 * d.hiddenDim],
    'lstm/bias': [4 * d.hiddenDim],
    'proj/U_o': [d.hiddenDim, d.embedDim],
    'proj/U_I': [d.featureDim, d.embedDim],
    'proj/bias': [d.embedDim],
  };
}

/** LSTM state r(t) for a batch of paths: h and c, each [B, H]. */
export interface LstmState {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
}

/** Zero LSTM state for `batch` paths. */
export function zeroState(d: HeadDims, batch: number): LstmState {
  return { h: tf.zeros([batch, d.hiddenDim]), c: tf.zeros([batch, d.hiddenDim]) };
}

/**
 * U_I^x I (+ U_c c with concept input) (+ joint bias) once per image: [B, E]. `features` is raw I,
 * [B, featureDim]; training may drop out standardised features (dropoutRate > 0), and the
 * concepts' input separately (conceptDropout > 0), as the baseline was trained.
 */
export function projectImage(w: HeadWeights, features: tf.Tensor2D, dropoutRate = 0, conceptDropout = 0): tf.Tensor2D {
  return tf.tidy(() => {
    const standard = tf.div(tf.sub(features, w['feature/mean']), w['feature/std']) as tf.Tensor2D;
    const seen = dropoutRate > 0 ? tf.dropout(standard, dropoutRate) : standard;
    const proj = tf.add(tf.matMul(seen, w['proj/U_I']), w['proj/bias']) as tf.Tensor2D;
    if (!w['proj/U_c']) return proj;
    return tf.add(proj, tf.matMul(imageConcepts(w, standard, conceptDropout), w['proj/U_c'])) as tf.Tensor2D;
  });
}

/** Semantic concepts c = σ(W_b Ī + b_b): [B, L], from standardised I (SR-CNN-RNN input). */
export function imageConcepts(w: HeadWeights, standard: tf.Tensor2D, dropoutRate = 0): tf.Tensor2D {
  const W = w['baseline/W'];
  const b = w['baseline/b'];
  if (!W || !b) throw new Error('This head feeds concepts to the RNN but has no baseline weights');
  return tf.tidy(() => {
    const x = dropoutRate > 0 ? tf.dropout(standard, dropoutRate) : standard;
    return tf.sigmoid(tf.add(tf.matMul(x, W), b)) as tf.Tensor2D;
  });
}

/** Embeddings w_k of input tokens (labels or START): [B, E]. */
export function embedInputs(w: HeadWeights, tokens: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const table = tf.concat([tf.transpose(w['label/U_l']), tf.expandDims(w['label/start'], 0)], 0);
    // one-hot × table rather than gather: its gradient needs no UnsortedSegmentSum (absent on WASM)
    return tf.matMul(tf.oneHot(tokens.toInt(), table.shape[0]).toFloat(), table) as tf.Tensor2D;
  });
}

/**
 * The LSTM cell, written once for every tfjs caller: from the input's share of the gates
 * (w(t) U_kernel, precomputed or not) and the state (h, c), the new state. Any leading axes: [B, ·]
 * here, [M, B, ·] for the stacked heads that training runs side by side. Gate order i, f, g, o.
 */
export function lstmCell<T extends tf.Tensor>(inputGates: T, h: T, c: T, recurrent: tf.Tensor, bias: tf.Tensor): { h: T; c: T } {
  return tf.tidy(() => {
    const gates = tf.add(tf.add(inputGates, tf.matMul(h, recurrent)), bias);
    const [i, f, g, o] = tf.split(gates, 4, -1);
    const next = tf.add(tf.mul(tf.sigmoid(f!), c), tf.mul(tf.sigmoid(i!), tf.tanh(g!))) as T;
    return { h: tf.mul(tf.sigmoid(o!), tf.tanh(next)) as T, c: next };
  });
}

/** One LSTM step: o(t), r(t) = LSTM(r(t-1), w(t)). Returns the new state (o(t) is its h). */
export function lstmStep(w: HeadWeights, input: tf.Tensor2D, state: LstmState): LstmState {
  return tf.tidy(() => lstmCell<tf.Tensor2D>(tf.matMul(input, w['lstm/kernel']), state.h, state.c, w['lstm/recurrent'], w['lstm/bias']));
}

/**
 * s(t) = U_l^T ReLU(U_o^x o(t) + U_I^x I) (+ g ⊙ the image-only scores), written once for every tfjs
 * caller: `output` o(t), `imageProj` U_I^x I + bias, `imageScores` U_l^T ReLU(U_I^x I) where there is
 * a gate. Any leading axes, as lstmCell.
 */
export function stepLogits<T extends tf.Tensor>(
  output: T, imageProj: tf.Tensor, U_o: tf.Tensor, U_l: tf.Tensor, gate?: tf.Tensor, imageScores?: tf.Tensor,
): T {
  return tf.tidy(() => {
    const logits = tf.matMul(tf.relu(tf.add(tf.matMul(output, U_o), imageProj)), U_l) as T;
    return gate && imageScores ? tf.add(logits, tf.mul(gate, imageScores)) as T : logits;
  });
}

/**
 * Scores s(t) = U_l^T ReLU(U_o^x o(t) + U_I^x I): logits [B, L+1] over labels + END (with
 * dims.imageGate, + g ⊙ U_l^T ReLU(U_I^x I)). `imageProj` is projectImage's [B, E] (or [1, E],
 * broadcast over the beams of one image).
 */
export function labelLogits(w: HeadWeights, output: tf.Tensor2D, imageProj: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const gate = w['label/gate'];
    return stepLogits(output, imageProj, w['proj/U_o'], w['label/U_l'], gate, gate && imageLogits(w, imageProj));
  });
}

/** The image-only joint point's scores U_l^T ReLU(U_I^x I): [B, L+1] (the semantic regulariser's classifier). */
export function imageLogits(w: HeadWeights, imageProj: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(tf.relu(imageProj), w['label/U_l']) as tf.Tensor2D);
}

/** Joint-space points x_t = ReLU(U_o^x o(t) + U_I^x I): [B, E], in the space of U_l's columns. */
export function jointProjection(w: HeadWeights, output: tf.Tensor2D, imageProj: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.relu(tf.add(tf.matMul(output, w['proj/U_o']), imageProj)) as tf.Tensor2D);
}

/** Large negative logit used to forbid a label (already in the path) without NaNs. */
export const MASKED_LOGIT = -1e9;

/**
 * One full decoding step for a batch of paths: embed the previous token, advance the LSTM and
 * return log-probabilities [B, L+1] with the labels in `used` ([B, L+1], 1 = already in the path)
 * masked out, plus the new state. Used by the beam-search scorer and by training.
 */
export function decodeStep(
  w: HeadWeights, imageProj: tf.Tensor2D, prevTokens: tf.Tensor1D, state: LstmState, used: tf.Tensor2D,
): { logProbs: tf.Tensor2D; state: LstmState } {
  const out = tf.tidy(() => {
    const next = lstmStep(w, embedInputs(w, prevTokens), state);
    const logits = labelLogits(w, next.h, imageProj);
    const masked = tf.where(tf.greater(used, 0), tf.fill(logits.shape, MASKED_LOGIT), logits);
    return { logProbs: tf.logSoftmax(masked) as tf.Tensor2D, h: next.h, c: next.c };
  });
  return { logProbs: out.logProbs, state: { h: out.h, c: out.c } };
}
