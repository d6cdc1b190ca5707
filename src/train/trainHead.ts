import * as tf from '@tensorflow/tfjs';
import { headWeightShapes, type HeadDims, type HeadWeights } from '../model/head/cnnRnn';
import type { EvidenceScope, ViewGroup } from '../model/cnn/featureLayout';

/** Hyper-parameters of head training (recorded in the model card). */
export interface HeadTrainConfig {
  embedDim: number;
  hiddenDim: number;
  learningRate: number;
  batchSize: number;
  epochs: number;
  dropout: number;
  weightDecay: number;
  seed: number;
  /**
   * Label order of the training sequences: the paper's most-frequent-first, rarest first, or
   * 'pla', predicted-label alignment (Yazici et al. 2020): at each step the target is the image's
   * remaining label the model itself finds most probable, and the next input is that label.
   */
  order: 'frequent' | 'rare' | 'pla';
  /**
   * Polyak averaging: decay of an exponential moving average of the weights, updated after every
   * batch; val and the saved head use the averaged weights (0: the plain weights, as the paper).
   */
  weightAverage: number;
  /**
   * Weight λ of semantic regularisation: a binary cross-entropy of every label on the image-only
   * joint point, σ(U_lᵀ ReLU(U_I^x I)) against the image's labels, added to the sequence loss (the
   * decoder is unchanged; 0: none, the paper's loss).
   */
  semanticWeight: number;
  /**
   * An END and labels that see the image directly (HeadDims.imageGate): every step's scores also get
   * the image-only scores U_lᵀ ReLU(U_I^x I), weighted per label by a learned g that starts at 0.
   */
  imageGate: boolean;
  /**
   * Dropout rate of the detectors' own class evidence in I (classEvidenceColumns: CenterNet's
   * heat-map maxima, NanoDet's per-class scores); unset: `dropout`, as for every other value of I.
   * 0 keeps that evidence in every training step, so the head learns to lean on it.
   */
  evidenceDropout?: number;
  /**
   * The learning rate over the epochs: unset or 'constant', learningRate throughout; 'cosine', from
   * learningRate at the first epoch down a half cosine to a tenth of it at the last (set per epoch).
   */
  lrSchedule?: LrSchedule;
  /**
   * Random subspaces: the share of I's columns outside the class evidence that each member never
   * sees (its own draw, from its seed); their weights are zero in the trained head. Unset or 0: none.
   */
  subspace?: number;
  /**
   * View dropout: the chance that a training photo, in a step, loses one of CenterNet's view groups
   * of I (the whole image's view or the tiles', drawn at random), its values set to the training
   * mean, so that the head learns to decide from either. Unset or 0: none.
   */
  viewDropout?: number;
  /** Which view groups view dropout draws from; unset: both. */
  viewGroups?: ViewGroup[];
  /** The last epoch with view dropout (later epochs train on every view); unset: all of them. */
  viewDropoutEpochs?: number;
  /**
   * Where view dropout acts: 'all' (unset) on every use of I; 'joint' on the joint projection of the
   * step scores only, the image-only scores (the image gate's and the semantic term's) seeing every view.
   */
  viewDropoutScope?: ViewDropoutScope;
  /** View dropout as inverted dropout: the groups a photo keeps scaled so that their expected values stay those of every view. */
  viewDropoutInverted?: boolean;
  /** Which columns evidenceDropout applies to (classEvidenceColumns); unset: 'maxima'. */
  evidenceScope?: EvidenceScope;
}

export const LR_SCHEDULES = ['constant', 'cosine'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];
export const VIEW_DROPOUT_SCOPES = ['all', 'joint'] as const;
export type ViewDropoutScope = (typeof VIEW_DROPOUT_SCOPES)[number];

/** Learning rate of epoch `epoch` (1…epochs) under `schedule` (lrSchedule). */
export function scheduledLearningRate(lr: number, schedule: LrSchedule | undefined, epoch: number, epochs: number): number {
  if (!schedule || schedule === 'constant' || epochs <= 1) return lr;
  const floor = 0.1;
  const done = (epoch - 1) / (epochs - 1);
  return lr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * done)));
}

/**
 * Defaults: the paper's CNN-RNN trained with predicted-label alignment (the model orders each
 * image's labels itself; \`order: 'frequent'\` is the paper's reference) and Polyak weight averaging.
 * The shipped head's command sets the rest (models/head/MODEL_CARD.md); the variants that lost, with
 * their commands and commits, are in docs/research-log.md.
 */
export const DEFAULT_HEAD_CONFIG: HeadTrainConfig = {
  embedDim: 128, hiddenDim: 128, learningRate: 3e-4, batchSize: 32, epochs: 30, dropout: 0.7,
  weightDecay: 1e-4, seed: 8, order: 'pla', weightAverage: 0.998, semanticWeight: 0, imageGate: false,
};

/** Small deterministic PRNG (mulberry32) so runs are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function shuffledIndices(n: number, rand: () => number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Fresh trainable weights (Glorot-uniform matrices, LSTM forget bias 1) + fixed standardisation;
 * as plain tensors with `variables` false (tfjs names variables, so only one head's can live at a time).
 */
export function initHeadWeights(d: HeadDims, mean: Float32Array, std: Float32Array, seed: number, variables = true): HeadWeights {
  const trainable = (t: tf.Tensor, name: string): tf.Tensor => (variables ? tf.variable(t, true, name) : t);
  const shapes = headWeightShapes(d);
  const out: Record<string, tf.Tensor> = {};
  let s = seed;
  for (const [name, shape] of Object.entries(shapes)) {
    if (name === 'feature/mean') out[name] = tf.tensor1d(mean);
    else if (name === 'feature/std') out[name] = tf.tensor1d(std);
    else if (name === 'lstm/bias') {
      const b = new Float32Array(shape[0]!);
      b.fill(1, d.hiddenDim, 2 * d.hiddenDim);
      out[name] = trainable(tf.tensor1d(b), name);
    } else if (shape.length === 1) out[name] = trainable(tf.zeros(shape), name);
    else {
      const limit = Math.sqrt(6 / (shape[0]! + shape[1]!));
      out[name] = trainable(tf.randomUniform(shape, -limit, limit, 'float32', s++), name);
    }
  }
  return out as unknown as HeadWeights;
}

/** One batch of teacher-forced sequences: tokens[t] (inputs), targets[t], used[t], mask[t]. */
export interface SequenceBatch {
  features: tf.Tensor2D;
  steps: { tokens: tf.Tensor1D; targets: tf.Tensor1D; used: tf.Tensor2D; mask: tf.Tensor1D }[];
  /** [B, L+1], 1 for each image's labels (END excluded): the set that predicted-label alignment orders. */
  truth: tf.Tensor2D;
  /** [B, L], 0 for the labels whose presence is unknown (ignored by the losses), 1 elsewhere. */
  known: tf.Tensor2D;
  /** Prepared rows of I for the image-only scores, where they differ from `features` (view dropout 'joint'). */
  imageFeatures?: tf.Tensor2D;
}

/**
 * Builds a batch from label sequences (each ends with END); inputs start with START. `unknown[b]`:
 * labels whose presence in row b is unknown (e.g. a crop's partly seen objects). They are masked
 * out of every step's softmax, as labels already in the path are, and out of the semantic
 * regulariser, so the row teaches neither their presence nor their absence.
 */
export function makeSequenceBatch(features: Float32Array, featureDim: number, sequences: number[][], numLabels: number, unknown: readonly (readonly number[])[] = []): SequenceBatch {
  const B = sequences.length;
  const T = Math.max(...sequences.map((s) => s.length));
  const K = numLabels + 1;
  const steps = [];
  for (let t = 0; t < T; t++) {
    const tokens = new Int32Array(B);
    const targets = new Int32Array(B);
    const used = new Float32Array(B * K);
    const mask = new Float32Array(B);
    sequences.forEach((seq, b) => {
      tokens[b] = t === 0 ? numLabels + 1 : seq[t - 1] ?? 0;
      targets[b] = seq[t] ?? 0;
      mask[b] = t < seq.length ? 1 : 0;
      for (let u = 0; u < Math.min(t, seq.length); u++) used[b * K + seq[u]!] = 1;
      for (const l of unknown[b] ?? []) used[b * K + l] = 1;
    });
    steps.push({
      tokens: tf.tensor1d(tokens, 'int32'), targets: tf.tensor1d(targets, 'int32'),
      used: tf.tensor2d(used, [B, K]), mask: tf.tensor1d(mask),
    });
  }
  const truth = new Float32Array(B * K);
  sequences.forEach((seq, b) => seq.forEach((l) => { if (l < numLabels) truth[b * K + l] = 1; }));
  const known = new Float32Array(B * numLabels).fill(1);
  unknown.forEach((labels, b) => labels.forEach((l) => { known[b * numLabels + l] = 0; }));
  return { features: tf.tensor2d(features, [B, featureDim]), steps, truth: tf.tensor2d(truth, [B, K]), known: tf.tensor2d(known, [B, numLabels]) };
}

/** Per image, the labels its truth marks unknown (0: VOC's difficult-only, a crop's partly seen objects). */
export function unknownLabels(truth: Int8Array): number[] {
  const out: number[] = [];
  truth.forEach((t, c) => { if (t === 0) out.push(c); });
  return out;
}

export function disposeBatch(b: SequenceBatch): void {
  tf.dispose([b.features, b.truth, b.known, ...(b.imageFeatures ? [b.imageFeatures] : []), ...b.steps.flatMap((s) => [s.tokens, s.targets, s.used, s.mask])]);
}
