import * as tf from '@tensorflow/tfjs';
import type { BaselineWeights } from '../model/head/baseline';
import type { HeadDims, HeadWeights } from '../model/head/cnnRnn';
import type { HeadModel } from '../model/head/headIo';
import { meanAveragePrecision } from './metrics';
import { epochRows, featureStats, labelFrequencyOrder, labelSequence, photoGroups, type FeatureSet } from './dataset';
import { cnnRnnPredictions } from './evaluate';
import { FusedRmsprop } from './fusedRmsprop';
import { droppedInputs, dropViews, matrixNames, memberOf, stackedSequenceLoss, stackHeads, stepRows } from './stackedHead';
import { baselineBatch, DEFAULT_BASELINE_CONFIG, labelPriorLogOdds, type BaselineTrainConfig } from './trainBaseline';
import { disposeBatch, initHeadWeights, makeSequenceBatch, scheduledLearningRate, seededRandom, unknownLabels, shuffledIndices, type HeadTrainConfig } from './trainHead';

/** A trained head, its label order and its baseline, with their best val epochs. */
export interface TrainResult {
  model: HeadModel;
  order: number[];
  head: { bestEpoch: number; bestMap: number; history: { epoch: number; loss: number; valMap: number }[] };
  baseline: { bestEpoch: number; bestMap: number };
}

/**
 * Which epochs decode the members on val: from `from` on, every `every` epochs counted back from
 * the last (which always does). valEpochs(30, 20, 5): 20, 25, 30.
 */
export function valEpochs(epochs: number, from: number, every: number): (epoch: number) => boolean {
  if (!(every >= 1) || !Number.isInteger(every)) throw new Error(`--val-every takes a whole number ≥ 1, got ${every}`);
  return (epoch) => epoch === epochs || (epoch >= from && (epochs - epoch) % every === 0);
}

/** Float32Arrays one after another. */
function concatRows(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Each member's rows of one step, in member order: M × (its permutation's slice). */
function memberRows(perms: readonly number[][], start: number, size: number): number[] {
  return perms.flatMap((p) => p.slice(start, start + size));
}

/** Standardised I of `set` as a [n, F] tensor. */
const standardised = (set: FeatureSet, mean: tf.Tensor1D, std: tf.Tensor1D): tf.Tensor2D => tf.tidy(() => {
  const F = mean.shape[0];
  return tf.div(tf.sub(tf.tensor2d(set.features, [set.ids.length, F]), mean), std) as tf.Tensor2D;
});

/**
 * The baseline of M members at once (trainBaseline.ts, side by side): the same batches for all
 * (they share cfg.seed), each member its own dropout; each keeps its best val epoch.
 */
export async function trainBaselinesStacked(
  train: FeatureSet, val: FeatureSet, mean: Float32Array, std: Float32Array, labels: string[], cfg: BaselineTrainConfig, seeds: readonly number[],
  log: (line: string) => void,
): Promise<{ weights: BaselineWeights; bestEpoch: number; bestMap: number }[]> {
  const F = mean.length;
  const M = seeds.length;
  // each member's own dropout, from its seed (its batches are cfg.seed's, shared)
  const dropRands = seeds.map((seed) => seededRandom(seed ^ 0xba5e));
  const L = labels.length;
  const prior = labelPriorLogOdds(train, L);
  const [W, b] = [tf.zeros([M, F, L]), tf.tidy(() => tf.tile(tf.tensor3d(prior, [1, 1, L]), [M, 1, 1]))].map((value) => {
    const v = tf.variable(value, true);
    value.dispose(); // the variable holds the values
    return v;
  }) as [tf.Variable, tf.Variable];
  const opt = new FusedRmsprop({ W, b }, { learningRate: cfg.learningRate, weightDecay: cfg.weightDecay, decayed: (name) => name === 'W', average: 0 });
  const rand = seededRandom(cfg.seed);
  const groups = photoGroups(train); // one row of each photo an epoch (scale augmentation draws which)
  const n = groups.length;
  const valX = tf.tidy(() => standardised(val, tf.tensor1d(mean), tf.tensor1d(std)));
  const repeated = (a: Float32Array) => { // the M members' copies of a batch's rows
    const out = new Float32Array(M * a.length);
    for (let k = 0; k < M; k++) out.set(a, k * a.length);
    return out;
  };
  const best = Array.from({ length: M }, () => ({ weights: null as BaselineWeights | null, bestEpoch: 0, bestMap: -1 }));
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const order = epochRows(groups, shuffledIndices(n, rand), rand);
    for (let s = 0; s < n; s += cfg.batchSize) {
      const idx = order.slice(s, s + cfg.batchSize);
      const B = idx.length;
      const { x, y, m } = baselineBatch(train, idx, F, L);
      const counted = m.reduce((k, v) => k + (v !== 0 ? 1 : 0), 0);
      const grads = tf.tidy(() => {
        // the rows once per member, standardised, each member's own dropout
        const xs = tf.tensor3d(droppedInputs(repeated(x), F, mean, std, cfg.dropout, (r) => dropRands[Math.floor(r / B)]!), [M, B, F]);
        const ys = tf.tensor3d(repeated(y), [M, B, L]);
        const ms = tf.tensor3d(repeated(m), [M, B, L]);
        // each member's sigmoidCrossEntropy (SUM_BY_NONZERO_WEIGHTS), summed over the members; the
        // weight-decay term's gradient is FusedRmsprop's
        return tf.variableGrads(() => tf.div(
          tf.sum(tf.losses.sigmoidCrossEntropy(ys, tf.add(tf.matMul(xs, W), b), ms, 0, tf.Reduction.NONE)), Math.max(counted, 1),
        ) as tf.Scalar, [W, b]);
      });
      grads.value.dispose();
      opt.apply({ W: grads.grads[W.name]!, b: grads.grads[b.name]! });
    }
    const logits = tf.tidy(() => tf.add(tf.matMul(valX, W), b).dataSync() as Float32Array);
    const maps: string[] = [];
    for (let k = 0; k < M; k++) {
      const scores = val.ids.map((_, i) => logits.subarray((k * val.ids.length + i) * L, (k * val.ids.length + i + 1) * L));
      const { mAP } = meanAveragePrecision(scores, val.truth, labels);
      maps.push(mAP.toFixed(2));
      if (mAP > best[k]!.bestMap) {
        if (best[k]!.weights) tf.dispose(Object.values(best[k]!.weights!));
        best[k] = {
          weights: tf.tidy(() => ({ 'baseline/W': tf.reshape(tf.slice(W, [k], [1]), [F, L]), 'baseline/b': tf.reshape(tf.slice(b, [k], [1]), [L]) })) as BaselineWeights,
          bestEpoch: epoch, bestMap: mAP,
        };
      }
    }
    log(`baseline epoch ${epoch}: val mAP ${maps.join(' ')}`);
  }
  tf.dispose([W, b, valX]);
  return best.map((r) => ({ weights: r.weights!, bestEpoch: r.bestEpoch, bestMap: r.bestMap }));
}

/** The head's dropout: cfg.dropout for every column of I, or cfg.evidenceDropout on the evidence columns. */
export function dropoutRates(F: number, cfg: Pick<HeadTrainConfig, 'dropout' | 'evidenceDropout'>, evidenceColumns: readonly number[]): number | number[] {
  if (cfg.evidenceDropout === undefined) return cfg.dropout;
  if (evidenceColumns.length === 0) throw new Error('evidenceDropout: no columns of I hold class evidence in this layout');
  const rates = new Array<number>(F).fill(cfg.dropout);
  for (const j of evidenceColumns) {
    if (j < 0 || j >= F) throw new Error(`evidenceDropout: column ${j} outside I (${F})`);
    rates[j] = cfg.evidenceDropout;
  }
  return rates;
}

/**
 * Each member's columns of I that it never sees (HeadTrainConfig.subspace): round(share × the
 * columns outside `evidenceColumns`), drawn from the member's seed. Empty lists without a share.
 */
export function subspaceMasks(F: number, share: number | undefined, evidenceColumns: readonly number[], seeds: readonly number[]): number[][] {
  if (!share) return seeds.map(() => []);
  if (!(share > 0 && share < 1)) throw new Error(`subspace: a share between 0 and 1, got ${share}`);
  const evidence = new Set(evidenceColumns);
  const rest = Array.from({ length: F }, (_, j) => j).filter((j) => !evidence.has(j));
  const k = Math.round(share * rest.length);
  return seeds.map((seed) => shuffledIndices(rest.length, seededRandom(seed ^ 0x5b5)).slice(0, k).map((i) => rest[i]!).sort((a, b) => a - b));
}

/** Member weights with the rows of proj/U_I of its hidden columns zeroed (in place of the old tensor). */
function withHiddenColumns(own: Partial<HeadWeights>, hidden: readonly number[]): Partial<HeadWeights> {
  if (!hidden.length) return own;
  const U = own['proj/U_I']!;
  const [F] = U.shape;
  const keep = new Float32Array(F).fill(1);
  for (const j of hidden) keep[j] = 0;
  const masked = tf.tidy(() => tf.mul(U, tf.tensor2d(keep, [F, 1])));
  U.dispose();
  return { ...own, 'proj/U_I': masked as HeadWeights['proj/U_I'] };
}

/**
 * Trains one CNN-RNN head (and its baseline) per seed, stacked: every step runs once for all
 * members (stackedHead.ts), and each member trains as it would in a stack of one (one seed). Each member draws its own batches
 * (its seed's permutation), starts from its seed's weights, keeps its own Polyak average and its own
 * best val epoch. `decodeOnVal` decides after which epochs the members are decoded on val (all by
 * default; valEpochs builds it); the last epoch always is. `evidenceColumns` are I's columns of the
 * detectors' own class evidence (classEvidenceColumns), dropped at cfg.evidenceDropout where it is set;
 * `viewGroups` are the column groups that cfg.viewDropout drops (viewColumns).
 */
export async function trainStacked(
  train: FeatureSet, val: FeatureSet, labels: string[], cfg: HeadTrainConfig, seeds: readonly number[],
  baseCfg: BaselineTrainConfig = DEFAULT_BASELINE_CONFIG, log: (line: string) => void = console.log,
  decodeOnVal: (epoch: number) => boolean = () => true, evidenceColumns: readonly number[] = [],
  viewGroups: readonly (readonly number[])[] = [],
): Promise<TrainResult[]> {
  const M = seeds.length;
  const L = labels.length;
  const F = train.features.length / train.ids.length;
  const dropout = dropoutRates(F, cfg, evidenceColumns);
  // random subspaces: each member its own rates, 1 (never seen) on its hidden columns
  const hidden = subspaceMasks(F, cfg.subspace, evidenceColumns, seeds);
  const memberRates = hidden.map((cols) => {
    if (!cols.length) return dropout;
    const rates = typeof dropout === 'number' ? new Array<number>(F).fill(dropout) : [...dropout];
    for (const j of cols) rates[j] = 1;
    return rates;
  });
  const dims: HeadDims = { numLabels: L, featureDim: F, embedDim: cfg.embedDim, hiddenDim: cfg.hiddenDim, ...(cfg.imageGate && { imageGate: true }) };
  const { mean, std } = featureStats(train);
  const meanT = tf.tensor1d(mean);
  const stdT = tf.tensor1d(std);
  const baselines = await trainBaselinesStacked(train, val, mean, std, labels, { ...baseCfg, epochs: Math.min(baseCfg.epochs, cfg.epochs) }, seeds, log);
  const initial = seeds.map((seed) => initHeadWeights(dims, mean, std, seed, false));
  const w = stackHeads(initial, dims);
  tf.dispose(initial.flatMap((h) => Object.values(h)));
  const frequent = labelFrequencyOrder(train.truth, L);
  const order = cfg.order === 'rare' ? [...frequent].reverse() : frequent;
  const sequences = train.truth.map((t) => labelSequence(t, order, L));
  const unknown = train.truth.map(unknownLabels);
  const decayed = new Set(matrixNames(dims));
  const opt = new FusedRmsprop(w as Record<string, tf.Variable>, {
    learningRate: cfg.learningRate, weightDecay: cfg.weightDecay, decayed: (name) => decayed.has(name), average: cfg.weightAverage,
  });
  const names = Object.keys(w);
  const trainable = names.map((name) => w[name] as tf.Variable);
  const rands = seeds.map((seed) => seededRandom(seed));
  const dropRands = seeds.map((seed) => seededRandom(seed ^ 0xd20f)); // each member's dropout: its own stream
  const viewRands = seeds.map((seed) => seededRandom(seed ^ 0x71e3)); // and its view dropout
  const groups = photoGroups(train); // one row of each photo an epoch (scale augmentation draws which)
  const n = groups.length;
  const histories: TrainResult['head']['history'][] = seeds.map(() => []);
  const best: ({ weights: Partial<HeadWeights>; epoch: number; map: number } | null)[] = seeds.map(() => null);
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const epochStart = Date.now();
    if (cfg.lrSchedule) opt.setLearningRate(scheduledLearningRate(cfg.learningRate, cfg.lrSchedule, epoch, cfg.epochs));
    const perms = rands.map((rand) => epochRows(groups, shuffledIndices(n, rand), rand));
    let lossSum = 0;
    let batches = 0;
    for (let s = 0; s < n; s += cfg.batchSize) {
      // each member's batch, its rows longest sequence first: later steps run on the rows still going
      const { rows, active } = stepRows(memberRows(perms, s, cfg.batchSize), M, (i) => sequences[i]!.length);
      const raw = new Float32Array(rows.length * F);
      rows.forEach((i, r) => raw.set(train.features.subarray(i * F, (i + 1) * F), r * F));
      const B = rows.length / M;
      const x = cfg.subspace
        ? concatRows(seeds.map((_, m) => droppedInputs(raw.subarray(m * B * F, (m + 1) * B * F), F, mean, std, memberRates[m]!, () => dropRands[m]!)))
        : droppedInputs(raw, F, mean, std, dropout, (r) => dropRands[Math.floor(r / B)]!);
      const viewsDropped = !!cfg.viewDropout && epoch <= (cfg.viewDropoutEpochs ?? cfg.epochs);
      // scope 'joint': the image-only scores keep the rows as they were before view dropout
      const everyView = viewsDropped && cfg.viewDropoutScope === 'joint' ? x.slice() : null;
      if (viewsDropped) dropViews(x, F, viewGroups, cfg.viewDropout!, (r) => viewRands[Math.floor(r / B)]!, cfg.viewDropoutInverted);
      const batch = makeSequenceBatch(x, F, rows.map((i) => sequences[i]!), L, rows.map((i) => unknown[i]!));
      if (everyView) batch.imageFeatures = tf.tensor2d(everyView, [rows.length, F]);
      // the loss without its weight-decay term: FusedRmsprop adds that term's gradient itself
      const { value, grads } = tf.variableGrads(
        () => stackedSequenceLoss(w, meanT, stdT, dims, M, batch, cfg.dropout, { pla: cfg.order === 'pla', semantic: cfg.semanticWeight, active, prepared: true }), trainable,
      );
      lossSum += ((await value.data())[0]! + opt.decayTerm()) / M;
      batches++;
      value.dispose();
      disposeBatch(batch);
      opt.apply(Object.fromEntries(names.map((name, k) => [name, grads[trainable[k]!.name]!])));
    }
    const trainSeconds = (Date.now() - epochStart) / 1000;
    if (!decodeOnVal(epoch) && epoch < cfg.epochs) {
      log(`cnn-rnn epoch ${epoch} (${M} heads): loss ${(lossSum / batches).toFixed(4)} (train ${trainSeconds.toFixed(0)} s)`);
      continue;
    }
    const current = opt.averaged();
    const maps: number[] = [];
    for (let k = 0; k < M; k++) {
      const own = withHiddenColumns(memberOf(current, k, dims), hidden[k]!);
      const model: HeadModel = { dims, labels, weights: { ...own, 'feature/mean': meanT, 'feature/std': stdT, ...baselines[k]!.weights } as HeadModel['weights'], meta: {} };
      const preds = await cnnRnnPredictions(model, val.features, { beamWidth: 3, maxLength: L }, true);
      const valMap = meanAveragePrecision(preds.scores, val.truth, labels).mAP;
      maps.push(valMap);
      histories[k]!.push({ epoch, loss: lossSum / batches, valMap });
      if (!best[k] || valMap > best[k]!.map) {
        if (best[k]) tf.dispose(Object.values(best[k]!.weights));
        best[k] = { weights: own, epoch, map: valMap };
      } else tf.dispose(Object.values(own));
    }
    tf.dispose(Object.values(current));
    log(`cnn-rnn epoch ${epoch} (${M} heads): loss ${(lossSum / batches).toFixed(4)}, val mAP ${maps.map((m) => m.toFixed(2)).join(' ')} (train ${trainSeconds.toFixed(0)} s, val ${((Date.now() - epochStart) / 1000 - trainSeconds).toFixed(0)} s)`);
  }
  tf.dispose(trainable);
  const results = seeds.map((_, k): TrainResult => ({
    model: {
      dims, labels, meta: {},
      weights: { ...best[k]!.weights, 'feature/mean': tf.clone(meanT), 'feature/std': tf.clone(stdT), ...baselines[k]!.weights } as HeadModel['weights'],
    },
    order,
    head: { bestEpoch: best[k]!.epoch, bestMap: best[k]!.map, history: histories[k]! },
    baseline: { bestEpoch: baselines[k]!.bestEpoch, bestMap: baselines[k]!.bestMap },
  }));
  tf.dispose([meanT, stdT]);
  return results;
}
