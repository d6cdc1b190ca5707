import * as tf from '@tensorflow/tfjs';
import { headWeightShapes, lstmCell, MASKED_LOGIT, stepLogits, type HeadDims, type HeadWeights } from '../model/head/cnnRnn';
import type { SequenceBatch } from './trainHead';

/**
 * M heads of one recipe trained side by side as one set of tensors (each weight stacked on a new
 * leading axis: matrices [M, a, b], vectors [M, 1, n]), so that every op of a training step runs
 * once for all members instead of once per member. The loss is the sum of the members' own losses
 * (each on its own batch, with its own dropout), so each member's gradient, its RMSprop state
 * (element-wise) and its Polyak average are what training it alone would give.
 */
export type StackedWeights = Record<string, tf.Tensor>;

/** Weight names that are matrices in a single head (weight decay applies to them). */
export function matrixNames(d: HeadDims): string[] {
  return Object.entries(headWeightShapes(d)).filter(([n, s]) => s!.length === 2 && !n.startsWith('feature/')).map(([n]) => n);
}

/** The trainable weights of `members` stacked as variables (the shared feature/mean and std are left out). */
export function stackHeads(members: readonly HeadWeights[], d: HeadDims): StackedWeights {
  const out: StackedWeights = {};
  for (const [name, shape] of Object.entries(headWeightShapes(d))) {
    if (name.startsWith('feature/')) continue;
    const parts = members.map((w) => (w as unknown as Record<string, tf.Tensor>)[name]!);
    const value = tf.tidy(() => {
      const stacked = tf.stack(parts);
      return shape!.length === 1 ? tf.expandDims(stacked, 1) : stacked;
    });
    out[name] = tf.variable(value, true);
    value.dispose(); // the variable holds the values
  }
  return out;
}

/** Member m's weights as a single head's tensors (new tensors; shapes as headWeightShapes). */
export function memberOf(stacked: Record<string, tf.Tensor>, m: number, d: HeadDims): Partial<HeadWeights> {
  const shapes = headWeightShapes(d);
  return Object.fromEntries(Object.entries(stacked).map(([name, t]) => [
    name, tf.tidy(() => tf.reshape<tf.Rank>(tf.slice(t, [m], [1]), shapes[name as keyof HeadWeights]!)),
  ])) as Partial<HeadWeights>;
}

/**
 * One-hot rows [M, B, depth] (float32) of indices [M, B]. Made int32 and cast: tfjs-backend-wasm's
 * OneHot asked for float32 writes the ones' int32 bits (1.4e-45).
 */
function oneHotRows(indices: tf.Tensor, depth: number): tf.Tensor {
  return tf.cast(tf.oneHot(tf.cast(indices, 'int32') as tf.Tensor2D, depth), 'float32');
}

/**
 * Standardised I with dropout, made in one JS pass (tf.dropout draws its mask with tfjs's JS random
 * source and takes several tensor passes: on WASM most of a stacked step's element-wise time):
 * (x − mean)/std, each value kept with probability 1 − rate and then scaled by 1/(1 − rate), as
 * tf.dropout does. `x` holds rows of F values; row r draws from random(r). `rate` is one rate for
 * every value, or one a column (F of them); every column draws alike, whatever its rate.
 */
export function droppedInputs(
  x: Float32Array, F: number, mean: Float32Array, std: Float32Array, rate: number | readonly number[], random: (row: number) => () => number,
): Float32Array {
  const out = new Float32Array(x.length);
  const rates = typeof rate === 'number' ? new Float64Array(F).fill(rate) : Float64Array.from(rate);
  if (rates.length !== F) throw new Error(`droppedInputs: ${rates.length} rates for ${F} columns`);
  const inv = new Float32Array(F); // 1/std, and with the kept values' scale
  const scaled = new Float32Array(F);
  const threshold = new Float64Array(F);
  for (let j = 0; j < F; j++) {
    inv[j] = 1 / std[j]!;
    scaled[j] = 1 / (1 - rates[j]!) / std[j]!;
    threshold[j] = rates[j]! * 4294967296;
  }
  const any = rates.some((r) => r > 0);
  // the mask's draws: xorshift32 inline, seeded per row from that row's source (a call per value costs
  // more than the rest of the pass)
  for (let r = 0, base = 0; base < x.length; r++, base += F) {
    if (any) {
      let state = (Math.floor(random(r)() * 4294967296) | 1) >>> 0;
      for (let j = 0; j < F; j++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        out[base + j] = (state >>> 0) < threshold[j]! ? 0 : (x[base + j]! - mean[j]!) * scaled[j]!;
      }
    } else for (let j = 0; j < F; j++) out[base + j] = (x[base + j]! - mean[j]!) * inv[j]!;
  }
  return out;
}

/**
 * View dropout (HeadTrainConfig.viewDropout), in place on standardised rows of F values: each row,
 * with probability `rate`, loses one of `groups` (drawn uniformly), its columns set to 0, the
 * training photos' mean. Row r draws from random(r), two draws a row, whatever the rate.
 * `inverted` (as inverted dropout does): every group a row keeps is scaled by 1 / (1 − rate / groups),
 * so that each group's expected values are those the head sees when every view is there.
 */
export function dropViews(x: Float32Array, F: number, groups: readonly (readonly number[])[], rate: number, random: (row: number) => () => number, inverted = false): Float32Array {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropViews: a rate from 0 to below 1, got ${rate}`);
  if (!groups.length || groups.some((g) => !g.length)) throw new Error('dropViews: no view groups of I');
  const keptScale = 1 / (1 - rate / groups.length);
  for (let r = 0, base = 0; base < x.length; r++, base += F) {
    const rand = random(r);
    const u = rand();
    const pick = rand(); // drawn whether or not the row loses a group: the same draws at every rate
    const dropped = u < rate ? Math.min(groups.length - 1, Math.floor(pick * groups.length)) : -1;
    groups.forEach((g, k) => {
      if (k === dropped) for (const j of g) x[base + j] = 0;
      else if (inverted) for (const j of g) x[base + j] *= keptScale;
    });
  }
  return x;
}

/** The first n rows (axis 1) of [M, B, …]. */
function firstRows(x: tf.Tensor, n: number): tf.Tensor {
  if (x.shape[1] === n) return x;
  return tf.slice(x, x.shape.map(() => 0), [x.shape[0]!, n, ...x.shape.slice(2)]);
}

/**
 * Sorts each member's rows by sequence length, longest first (stable), and counts the rows per member
 * still in their sequence at each step (the most over the members): stackedSequenceLoss's `active`.
 * `rows` holds M blocks of B image indices; lengths are the sequences' (END included).
 */
export function stepRows(rows: readonly number[], M: number, length: (row: number) => number): { rows: number[]; active: number[] } {
  const B = rows.length / M;
  const sorted: number[] = [];
  const active: number[] = [];
  for (let m = 0; m < M; m++) {
    const block = rows.slice(m * B, (m + 1) * B).map((r, k) => ({ r, k, len: length(r) }));
    block.sort((a, b) => b.len - a.len || a.k - b.k);
    sorted.push(...block.map((x) => x.r));
    for (let t = 0, k = block.length; t < (block[0]?.len ?? 0); t++) {
      while (k > 0 && block[k - 1]!.len <= t) k--; // sorted longest first: the rows still going are a prefix
      active[t] = Math.max(active[t] ?? 0, k);
    }
  }
  return { rows: sorted, active };
}

/**
 * A single head's weights as a stack of one ([1, …], vectors [1, 1, n]): views that keep the
 * gradient to the head's own tensors, so that one head trains through the stacked loss.
 */
export function asStack(w: HeadWeights, d: HeadDims): StackedWeights {
  const out: StackedWeights = {};
  for (const [name, shape] of Object.entries(headWeightShapes(d))) {
    if (name.startsWith('feature/')) continue;
    const t = (w as unknown as Record<string, tf.Tensor>)[name]!;
    out[name] = shape!.length === 1 ? tf.reshape(t, [1, 1, shape![0]!]) : tf.expandDims(t, 0);
  }
  return out;
}

/**
 * The mean cross-entropy per step of one head's teacher-forced sequences (+ the semantic term):
 * stackedSequenceLoss with a stack of one, the one definition of the training loss.
 */
export function sequenceLoss(w: HeadWeights, d: HeadDims, batch: SequenceBatch, dropout: number, opts: { pla?: boolean; semantic?: number } = {}): tf.Scalar {
  return tf.tidy(() => stackedSequenceLoss(asStack(w, d), w['feature/mean'], w['feature/std'], d, 1, batch, dropout, opts));
}

/** [M·B, …] → [M, B, …]. */
const byMember = <T extends tf.Tensor>(t: T, M: number): tf.Tensor => tf.reshape(t, [M, t.shape[0]! / M, ...t.shape.slice(1)]);

/**
 * Sum over the M members of each one's mean cross-entropy per step of its sequences, for the
 * paper's fixed order or predicted-label alignment (`pla`), plus `semantic` × the semantic regulariser. `batch` holds M·B rows, member m's in rows m·B…m·B+B−1;
 * `mean`/`std` standardise I for all members.
 */
export function stackedSequenceLoss(
  w: StackedWeights, mean: tf.Tensor1D, std: tf.Tensor1D, d: HeadDims, M: number, batch: SequenceBatch, dropout: number,
  opts: {
    pla?: boolean; semantic?: number;
    /**
     * batch.features (and batch.imageFeatures, used only then) are already standardised and dropped
     * out (droppedInputs): mean, std and dropout unused.
     */
    prepared?: boolean;
    /**
     * Rows per member still in their sequence at each step, when each member's rows are sorted by
     * sequence length, longest first (stepRows): later steps then run on those rows only, since the
     * others are masked out of the loss anyway. Without it every step runs on all B rows.
     */
    active?: readonly number[];
  } = {},
): tf.Scalar {
  if (d.conceptInput) throw new Error('stacked training does not take SR-CNN-RNN concepts: train such heads one by one');
  return tf.tidy(() => {
    const L = d.numLabels;
    const K = L + 1;
    const x = byMember(batch.features, M);
    const standard = opts.prepared ? x : tf.div(tf.sub(x, mean), std);
    const seen = !opts.prepared && dropout > 0 ? tf.dropout(standard, dropout) : standard;
    let proj = tf.add(tf.matMul(seen, w['proj/U_I']!), w['proj/bias']!); // [M, B, E]
    const U = w['label/U_l']!;
    // [M, B, K]: the regulariser's and the gate's, from their own rows of I where the batch has them
    const imageProj = opts.prepared && batch.imageFeatures ? tf.add(tf.matMul(byMember(batch.imageFeatures, M), w['proj/U_I']!), w['proj/bias']!) : proj;
    let imageScores = tf.matMul(tf.relu(imageProj), U);
    let truth = byMember(batch.truth, M);
    let loss: tf.Tensor = tf.scalar(0);
    if ((opts.semantic ?? 0) > 0) {
      const labels = tf.slice(truth, [0, 0, 0], [-1, -1, L]);
      const logits = tf.slice(imageScores, [0, 0, 0], [-1, -1, L]);
      const bce = tf.losses.sigmoidCrossEntropy(labels, logits, undefined, undefined, tf.Reduction.NONE);
      // the mean over each member's known labels (unknown ones are masked out)
      const known = byMember(batch.known, M);
      loss = tf.mul(opts.semantic!, tf.sum(tf.div(tf.sum(tf.mul(bce, known), [1, 2]), tf.maximum(1, tf.sum(known, [1, 2])))));
    }
    const table = tf.concat([tf.transpose(U, [0, 2, 1]), w['label/start']!], 1); // [M, K+1, E]: labels, END, START
    // the input kernel's product with every token's embedding, once: a step then picks rows of it
    const inputGates = tf.matMul(table, w['lstm/kernel']!); // [M, K+1, 4H]
    const B = x.shape[1]!;
    let h: tf.Tensor = tf.zeros([M, B, d.hiddenDim]);
    let c: tf.Tensor = tf.zeros([M, B, d.hiddenDim]);
    let total: tf.Tensor = tf.zeros([M]);
    let count: tf.Tensor = tf.zeros([M]);
    let tokens: tf.Tensor | null = null;
    let used: tf.Tensor | null = null;
    let rows = B;
    for (const [t, s] of batch.steps.entries()) {
      const n = opts.active?.[t] ?? B;
      const ofStep = (x: tf.Tensor) => firstRows(byMember(x, M), n);
      if (n < rows) {
        // the rows past n ended their sequences: drop them from the state and the per-row tensors
        [h, c, proj, imageScores, truth] = [h, c, proj, imageScores, truth].map((x) => firstRows(x, n)) as tf.Tensor[];
        if (tokens) tokens = firstRows(tokens, n);
        if (used) used = firstRows(used, n);
        rows = n;
      }
      const inTokens = tokens ?? ofStep(s.tokens);
      const inUsed: tf.Tensor = used ?? ofStep(s.used);
      ({ h, c } = lstmCell(tf.matMul(oneHotRows(inTokens, K + 1), inputGates), h, c, w['lstm/recurrent']!, w['lstm/bias']!));
      const logits = stepLogits(h, proj, w['proj/U_o']!, U, w['label/gate'], imageScores);
      const logProbs = tf.logSoftmax(tf.where(tf.greater(inUsed, 0), tf.fill(logits.shape, MASKED_LOGIT), logits));
      let targets = ofStep(s.targets);
      if (opts.pla) {
        // the member's own preference among the image's remaining labels (END once none is left),
        // read back and re-made as a constant: no gradient flows through the choice
        const remaining = tf.mul(truth, tf.sub(1, inUsed));
        const choice = tf.argMax(tf.where(tf.greater(remaining, 0), logProbs, tf.fill(logProbs.shape, -1e30)), 2);
        const chosen = tf.where(tf.greater(tf.sum(remaining, 2), 0), choice, tf.fill(choice.shape, L, 'int32'));
        targets = tf.tensor(chosen.dataSync() as Int32Array, chosen.shape, 'int32');
        tokens = targets;
        used = tf.minimum(1, tf.add(inUsed, oneHotRows(targets, K)));
      }
      const picked = tf.sum(tf.mul(tf.maximum(logProbs, -1e4), oneHotRows(targets, K)), 2);
      const mask = ofStep(s.mask);
      total = tf.sub(total, tf.sum(tf.mul(picked, mask), 1));
      count = tf.add(count, tf.sum(mask, 1));
    }
    return tf.add(tf.sum(tf.div(total, count)), loss) as tf.Scalar;
  });
}
