import * as tf from '@tensorflow/tfjs';
import { baselineLogits, type BaselineWeights } from '../model/head/baseline';
import { meanAveragePrecision } from './metrics';
import { epochRows, photoGroups, type FeatureSet } from './dataset';
import { seededRandom, shuffledIndices } from './trainHead';

export interface BaselineTrainConfig { learningRate: number; epochs: number; batchSize: number; weightDecay: number; dropout: number; seed: number }
export const DEFAULT_BASELINE_CONFIG: BaselineTrainConfig = {
  learningRate: 3e-4, epochs: 30, batchSize: 32, weightDecay: 1e-4, dropout: 0.5, seed: 11,
};

/**
 * Each label's log prior odds in `train` (Laplace-smoothed): the biases' start. With a zero bias every
 * probability starts at 0.5, and RMSprop's small steps leave the classifiers badly calibrated for a
 * 0.5 threshold.
 */
export function labelPriorLogOdds(train: FeatureSet, L: number): number[] {
  return Array.from({ length: L }, (_, c) => {
    const pos = train.truth.filter((t) => t[c]! > 0).length;
    const p = (pos + 1) / (train.truth.length + 2);
    return Math.log(p / (1 - p));
  });
}

/** A batch of rows `idx`: raw I [B·F], targets y [B·L] and weights m [B·L] (0 for difficult labels). */
export function baselineBatch(train: FeatureSet, idx: readonly number[], F: number, L: number): { x: Float32Array; y: Float32Array; m: Float32Array } {
  const x = new Float32Array(idx.length * F);
  const y = new Float32Array(idx.length * L);
  const m = new Float32Array(idx.length * L);
  idx.forEach((i, r) => {
    x.set(train.features.subarray(i * F, (i + 1) * F), r * F);
    for (let c = 0; c < L; c++) { y[r * L + c] = train.truth[i]![c]! > 0 ? 1 : 0; m[r * L + c] = train.truth[i]![c] === 0 ? 0 : 1; }
  });
  return { x, y, m };
}

/**
 * Independent per-label logistic classifiers (sigmoid + binary cross-entropy, RMSprop) on the
 * standardised features; keeps the epoch with the best val mAP. Difficult labels are skipped.
 */
export async function trainBaseline(
  train: FeatureSet, val: FeatureSet, mean: tf.Tensor1D, std: tf.Tensor1D, labels: string[],
  cfg: BaselineTrainConfig, log: (line: string) => void,
): Promise<{ weights: BaselineWeights; bestEpoch: number; bestMap: number }> {
  const F = mean.shape[0];
  const L = labels.length;
  const W = tf.variable(tf.zeros([F, L]), true, 'baseline/W') as tf.Variable<tf.Rank.R2>;
  const b = tf.variable(tf.tensor1d(labelPriorLogOdds(train, L)), true, 'baseline/b') as tf.Variable<tf.Rank.R1>;
  const w = { 'baseline/W': W, 'baseline/b': b } as unknown as BaselineWeights;
  const opt = tf.train.rmsprop(cfg.learningRate);
  const rand = seededRandom(cfg.seed);
  const groups = photoGroups(train); // one row of each photo an epoch (scale augmentation draws which)
  const n = groups.length;
  let best = { weights: { 'baseline/W': W.clone(), 'baseline/b': b.clone() } as BaselineWeights, bestEpoch: 0, bestMap: -1 };
  const valX = tf.tensor2d(val.features, [val.ids.length, F]);
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const order = epochRows(groups, shuffledIndices(n, rand), rand);
    for (let s = 0; s < n; s += cfg.batchSize) {
      const idx = order.slice(s, s + cfg.batchSize);
      const { x, y, m } = baselineBatch(train, idx, F, L);
      tf.tidy(() => {
        const xs = tf.dropout(tf.tensor2d(x, [idx.length, F]).sub(mean).div(std), cfg.dropout).mul(std).add(mean) as tf.Tensor2D;
        const ys = tf.tensor2d(y, [idx.length, L]);
        const ms = tf.tensor2d(m, [idx.length, L]);
        opt.minimize(() => {
          const logits = baselineLogits(w, mean, std, xs);
          const bce = tf.losses.sigmoidCrossEntropy(ys, logits, ms);
          return tf.add(bce, tf.mul(cfg.weightDecay, tf.sum(tf.square(W)))) as tf.Scalar;
        });
      });
    }
    const probs = tf.tidy(() => baselineLogits(w, mean, std, valX).dataSync() as Float32Array);
    const scores = val.ids.map((_, i) => probs.subarray(i * L, (i + 1) * L));
    const { mAP } = meanAveragePrecision(scores, val.truth, labels);
    log(`baseline epoch ${epoch}: val mAP ${mAP.toFixed(2)}`);
    if (mAP > best.bestMap) {
      tf.dispose(Object.values(best.weights));
      best = { weights: { 'baseline/W': W.clone(), 'baseline/b': b.clone() } as BaselineWeights, bestEpoch: epoch, bestMap: mAP };
    }
  }
  tf.dispose([W, b, valX]);
  opt.dispose();
  return best;
}
