import * as tf from '@tensorflow/tfjs';
import { decodeStep, headWeightShapes, imageLogits, projectImage, zeroState, type HeadDims, type HeadWeights } from '../model/cnnRnn';

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
  /** SR-CNN-RNN (Liu et al. 2017): the baseline's concepts feed the joint projection. */
  concept: boolean;
  /** Dropout on the concepts' input during training (the baseline's own training dropout). */
  conceptDropout: number;
  /**
   * Label order of the training sequences: the paper's most-frequent-first, rarest first, or
   * 'pla', predicted-label alignment (Yazici et al. 2020): at each step the target is the image's
   * remaining label the model itself finds most probable, and the next input is that label.
   */
  order: 'frequent' | 'rare' | 'pla';
  /** Label smoothing ε of each step's target distribution (0: the paper's one-hot). */
  labelSmoothing: number;
  /**
   * Share of each step's target spread over all the image's labels not yet in the path (the
   * orderless set target), the rest on the next label in order (0: the paper's target).
   */
  setTargetMix: number;
  /**
   * Polyak averaging: decay of an exponential moving average of the weights, updated after every
   * batch; val and the saved head use the averaged weights (0: the plain weights, as the paper).
   */
  weightAverage: number;
  /** Share of each step's target taken from the teacher heads' mean distribution (distill.ts; 0: none). */
  distill: number;
  /**
   * Scheduled sampling (Bengio et al. 2015) on top of predicted-label alignment: the probability that
   * a step's next input is drawn from the model's own distribution over the labels still allowed,
   * a wrong label included, rather than the aligned label (0: never, the plain PLA training). It
   * rises linearly over the first third of the epochs.
   */
  scheduledSampling: number;
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
}

/**
 * The shipped model's settings: the paper's CNN-RNN trained with predicted-label alignment (the
 * model orders each image's labels itself; `order: 'frequent'` is the paper's reference), chosen
 * on val against the frequency order, SR-CNN-RNN, set-target and distilled variants (every variant
 * is in the model card), with Polyak weight averaging (a smooth val curve: the epoch is not luck).
 * The shipped ensemble also used the semantic regulariser, `--semantic 0.3`; it stays off by default
 * so that the commands recorded for earlier variants still train what they trained.
 */
export const DEFAULT_HEAD_CONFIG: HeadTrainConfig = {
  embedDim: 128, hiddenDim: 128, learningRate: 3e-4, batchSize: 32, epochs: 30, dropout: 0.7,
  weightDecay: 1e-4, seed: 8, concept: false, conceptDropout: 0.5, order: 'pla', labelSmoothing: 0, setTargetMix: 0,
  weightAverage: 0.998, distill: 0, scheduledSampling: 0, semanticWeight: 0, imageGate: false,
};

/** Refuses settings that contradict each other: distillation follows the fixed label order, PLA does not. */
export function checkHeadConfig(cfg: HeadTrainConfig): void {
  if (cfg.scheduledSampling > 0 && (cfg.order !== 'pla' || cfg.labelSmoothing > 0 || cfg.setTargetMix > 0)) {
    throw new Error('--scheduled-sampling extends predicted-label alignment: it needs --order pla and no --label-smoothing or --set-target-mix');
  }
  if (cfg.order === 'pla' && cfg.distill > 0) {
    throw new Error('--order pla orders the labels itself: it cannot be combined with --distill, which follows the fixed order');
  }
}

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
  /** remaining[t]: [B, L+1], 1 for the image's labels not yet in the path at step t (END when none). */
  steps: { tokens: tf.Tensor1D; targets: tf.Tensor1D; used: tf.Tensor2D; remaining: tf.Tensor2D; mask: tf.Tensor1D }[];
  /** [B, L+1], 1 for each image's labels (END excluded): the set that predicted-label alignment orders. */
  truth: tf.Tensor2D;
  /** [B, L], 0 for the labels whose presence is unknown (ignored by the losses), 1 elsewhere. */
  known: tf.Tensor2D;
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
    const remaining = new Float32Array(B * K);
    const mask = new Float32Array(B);
    sequences.forEach((seq, b) => {
      tokens[b] = t === 0 ? numLabels + 1 : seq[t - 1] ?? 0;
      targets[b] = seq[t] ?? 0;
      mask[b] = t < seq.length ? 1 : 0;
      for (let u = 0; u < Math.min(t, seq.length); u++) used[b * K + seq[u]!] = 1;
      for (const l of unknown[b] ?? []) used[b * K + l] = 1;
      const rest = seq.slice(t, -1);
      for (const l of rest.length ? rest : [numLabels]) remaining[b * K + l] = 1;
    });
    steps.push({
      tokens: tf.tensor1d(tokens, 'int32'), targets: tf.tensor1d(targets, 'int32'),
      used: tf.tensor2d(used, [B, K]), remaining: tf.tensor2d(remaining, [B, K]), mask: tf.tensor1d(mask),
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
  tf.dispose([b.features, b.truth, b.known, ...b.steps.flatMap((s) => [s.tokens, s.targets, s.used, s.remaining, s.mask])]);
}

/** Mean cross-entropy per step of the teacher-forced sequences (a scalar). */
export function sequenceLoss(
  w: HeadWeights, d: HeadDims, batch: SequenceBatch, dropout: number,
  opts: {
    conceptDropout?: number; labelSmoothing?: number; setTargetMix?: number; teacher?: tf.Tensor2D[]; distill?: number;
    /** Predicted-label alignment: targets and inputs follow the model's own preference among the image's labels. */
    pla?: boolean;
    /** With `pla`: scheduled sampling's probability and its random source (see HeadTrainConfig). */
    scheduledSampling?: number; random?: () => number;
    /** Weight of the semantic regularisation (see HeadTrainConfig.semanticWeight). */
    semantic?: number;
  } = {},
): tf.Scalar {
  if (opts.pla && (opts.scheduledSampling ?? 0) > 0) {
    return sampledPlaLoss(w, d, batch, dropout, opts.scheduledSampling!, opts.random ?? Math.random, opts.conceptDropout ?? 0, opts.semantic ?? 0);
  }
  return tf.tidy(() => {
    const proj = projectImage(w, batch.features, dropout, opts.conceptDropout ?? 0);
    const semantic = opts.semantic ?? 0;
    const regulariser = semantic > 0 ? tf.mul(semantic, semanticLoss(w, proj, batch.truth, d.numLabels, batch.known)) : tf.scalar(0);
    const eps = opts.labelSmoothing ?? 0;
    let state = zeroState(d, batch.features.shape[0]);
    let total: tf.Tensor = tf.scalar(0);
    let count: tf.Tensor = tf.scalar(0);
    const K = d.numLabels + 1;
    let plaTokens: tf.Tensor1D | null = null;
    let plaUsed: tf.Tensor2D | null = null;
    for (const [t, s] of batch.steps.entries()) {
      const tokens = plaTokens ?? s.tokens;
      const used = plaUsed ?? s.used;
      const out = decodeStep(w, proj, tokens, state, used);
      state = out.state;
      let targets = s.targets;
      let remainingSet = (): tf.Tensor2D => s.remaining;
      if (opts.pla) {
        // the image's remaining label the model rates highest (END once none is left); the choice is read
        // back and re-made as a constant, so no gradient flows through it (tfjs has no stopGradient)
        const remaining = tf.mul(batch.truth, tf.sub(1, used));
        const choice = tf.argMax(tf.where(tf.greater(remaining, 0), out.logProbs, tf.fill([tokens.shape[0], K], -1e30)), 1);
        const left = tf.greater(tf.sum(remaining, 1), 0);
        const chosen = tf.where(left, choice, tf.fill([tokens.shape[0]], d.numLabels, 'int32'));
        // the set target under PLA: the labels the model has not emitted yet (END when none is left)
        remainingSet = () => tf.where(tf.expandDims(left, 1).tile([1, K]), remaining, tf.oneHot(tf.fill([tokens.shape[0]], d.numLabels, 'int32'), K)) as tf.Tensor2D;
        targets = tf.tensor1d(chosen.dataSync() as Int32Array, 'int32');
        plaTokens = targets;
        plaUsed = tf.minimum(1, tf.add(used, tf.oneHot(targets, K))) as tf.Tensor2D; // from constants only: no read-back needed
      }
      let target: tf.Tensor = tf.oneHot(targets, K);
      const mix = opts.setTargetMix ?? 0;
      if (mix > 0) {
        const set = remainingSet();
        target = tf.add(tf.mul(target, 1 - mix), tf.mul(mix, tf.div(set, tf.sum(set, 1, true))));
      }
      const teacher = opts.teacher?.[t];
      const distill = opts.distill ?? 0;
      if (teacher && distill > 0) target = tf.add(tf.mul(target, 1 - distill), tf.mul(teacher, distill));
      if (eps > 0) {
        // smoothing mass spread over the tokens still allowed at this step (not already in the path)
        const allowed = tf.sub(1, used);
        target = tf.add(tf.mul(target, 1 - eps), tf.mul(eps, tf.div(allowed, tf.sum(allowed, 1, true))));
      }
      const picked = tf.sum(tf.mul(tf.maximum(out.logProbs, -1e4), target), 1);
      total = tf.sub(total, tf.sum(tf.mul(picked, s.mask)));
      count = tf.add(count, tf.sum(s.mask));
    }
    return tf.add(tf.div(total, count), regulariser) as tf.Scalar;
  });
}

/**
 * Semantic regularisation: mean binary cross-entropy of the L labels scored on the image-only joint
 * point, U_lᵀ ReLU(U_I^x I) (no LSTM output), against the image's labels `truth` ([B, L+1], END
 * column ignored). Pulls the image projection and the label embeddings toward a per-label classifier.
 */
export function semanticLoss(w: HeadWeights, imageProj: tf.Tensor2D, truth: tf.Tensor2D, numLabels: number, known?: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const logits = imageLogits(w, imageProj).slice([0, 0], [-1, numLabels]);
    // with `known`: the mean over the known labels only
    return tf.losses.sigmoidCrossEntropy(truth.slice([0, 0], [-1, numLabels]), logits, known) as tf.Scalar;
  });
}

/** Steps a sampled path may take beyond its labels and END (its wrong labels), before it is cut. */
const EXTRA_SAMPLED_STEPS = 3;

/**
 * Predicted-label alignment with scheduled sampling. Each step's target is the image's remaining
 * label the model rates highest (END once none is left), as in PLA; the next input is that label,
 * or with probability `rate` a label drawn from the model's distribution over the labels not yet in
 * the path (END excluded). A drawn wrong label stays in the path, so the model learns to go on, and
 * to end, after its own mistakes; a drawn right label leaves the remaining set. Rows stop once END
 * was the target. The choices are made on read-back values (no gradient flows through them).
 * `semantic` adds the semantic regulariser, as in sequenceLoss.
 */
export function sampledPlaLoss(
  w: HeadWeights, d: HeadDims, batch: SequenceBatch, dropout: number, rate: number, random: () => number, conceptDropout = 0, semantic = 0,
): tf.Scalar {
  return tf.tidy(() => {
    const proj = projectImage(w, batch.features, dropout, conceptDropout);
    const regulariser = semantic > 0 ? tf.mul(semantic, semanticLoss(w, proj, batch.truth, d.numLabels, batch.known)) : tf.scalar(0);
    const B = batch.features.shape[0];
    const L = d.numLabels;
    const K = L + 1;
    const truth = batch.truth.dataSync();
    const used = new Float32Array(B * K);
    const active = new Uint8Array(B).fill(1);
    let tokens = new Int32Array(B).fill(L + 1);
    let state = zeroState(d, B);
    let total: tf.Tensor = tf.scalar(0);
    let count = 0;
    const maxSteps = batch.steps.length + EXTRA_SAMPLED_STEPS;
    for (let t = 0; t < maxSteps && active.some((a) => a); t++) {
      const out = decodeStep(w, proj, tf.tensor1d(tokens, 'int32'), state, tf.tensor2d(used, [B, K]));
      state = out.state;
      const lp = out.logProbs.dataSync();
      const targets = new Int32Array(B);
      const mask = new Float32Array(B);
      const next = new Int32Array(B);
      for (let b = 0; b < B; b++) {
        if (!active[b]) continue;
        mask[b] = 1;
        count++;
        let choice = L;
        for (let k = 0; k < L; k++) {
          if (truth[b * K + k]! > 0 && used[b * K + k] === 0 && (choice === L || lp[b * K + k]! > lp[b * K + choice]!)) choice = k;
        }
        targets[b] = choice;
        if (choice === L) { active[b] = 0; continue; }
        let input = choice;
        if (random() < rate) {
          let mass = 0;
          for (let k = 0; k < L; k++) if (used[b * K + k] === 0) mass += Math.exp(lp[b * K + k]!);
          let u = random() * mass;
          for (let k = 0; k < L; k++) {
            if (used[b * K + k] !== 0) continue;
            input = k;
            u -= Math.exp(lp[b * K + k]!);
            if (u <= 0) break;
          }
        }
        next[b] = input;
        used[b * K + input] = 1;
      }
      tokens = next;
      const picked = tf.sum(tf.mul(tf.maximum(out.logProbs, -1e4), tf.oneHot(tf.tensor1d(targets, 'int32'), K)), 1);
      total = tf.sub(total, tf.sum(tf.mul(picked, tf.tensor1d(mask))));
    }
    return tf.add(tf.div(total, Math.max(1, count)), regulariser) as tf.Scalar;
  });
}
