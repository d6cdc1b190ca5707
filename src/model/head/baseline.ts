import * as tf from '@tensorflow/tfjs';
import { meanOf } from './tensorMean';

/**
 * The paper's baseline: one independent logistic classifier per label on the same standardised
 * image representation I. Weights: W [featureDim, L], b [L].
 */
export interface BaselineWeights {
  'baseline/W': tf.Tensor2D;
  'baseline/b': tf.Tensor1D;
}

/** Logits [B, L] from raw features [B, featureDim] (standardised with the head's mean/std). */
export function baselineLogits(
  w: BaselineWeights, mean: tf.Tensor1D, std: tf.Tensor1D, features: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const standard = tf.div(tf.sub(features, mean), std);
    return tf.add(tf.matMul(standard, w['baseline/W']), w['baseline/b']) as tf.Tensor2D;
  });
}

/** A baseline with the standardisation it was trained under (a head's or an ensemble member's weights). */
export type StandardisedBaseline = BaselineWeights & { 'feature/mean': tf.Tensor1D; 'feature/std': tf.Tensor1D };

/**
 * The members' baseline probabilities averaged, [B, L], from raw features [B, featureDim]: an
 * ensemble's independent classifiers (one member: its own σ(logits)).
 */
export function meanBaselineProbs(members: readonly StandardisedBaseline[], features: tf.Tensor2D): tf.Tensor2D {
  if (members.length === 0) throw new Error('A baseline needs at least one member');
  return tf.tidy(() => meanOf(members.map((w) => tf.sigmoid(baselineLogits(w, w['feature/mean'], w['feature/std'], features)))) as tf.Tensor2D);
}

/** Per-label probabilities Float32Array[L] for one image (an ensemble's averaged): one read. */
export async function baselineProbs(members: readonly StandardisedBaseline[], features: Float32Array): Promise<Float32Array> {
  const probs = tf.tidy(() => meanBaselineProbs(members, tf.tensor2d(features, [1, features.length])));
  try {
    return (await probs.data()) as Float32Array;
  } finally {
    probs.dispose();
  }
}
