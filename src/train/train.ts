import * as tf from '@tensorflow/tfjs';
import type { HeadDims, HeadWeights } from '../model/cnnRnn';
import type { HeadModel } from '../model/headIo';
import { meanAveragePrecision } from '../model/metrics';
import { labelFrequencyOrder, labelSequence, type FeatureSet } from './dataset';
import { cnnRnnPredictions } from './evaluate';
import { DEFAULT_BASELINE_CONFIG, trainBaseline, type BaselineTrainConfig } from './trainBaseline';
import { WeightAverage } from './weightAverage';
import { checkTeachers, teacherTargets } from './distill';
import {
  checkHeadConfig, disposeBatch, initHeadWeights, makeSequenceBatch, seededRandom, unknownLabels, sequenceLoss, shuffledIndices, type HeadTrainConfig,
} from './trainHead';

/** Mean and std (floored) of every feature over the training images. */
export function featureStats(train: FeatureSet): { mean: Float32Array; std: Float32Array } {
  const n = train.ids.length;
  const F = train.features.length / n;
  const rows = [train.features];
  const mean = new Float32Array(F);
  const sq = new Float32Array(F);
  for (const m of rows) for (let i = 0; i < m.length; i++) { mean[i % F] += m[i]!; sq[i % F] += m[i]! * m[i]!; }
  const std = new Float32Array(F);
  for (let j = 0; j < F; j++) {
    mean[j] /= n;
    std[j] = Math.max(Math.sqrt(Math.max(sq[j]! / n - mean[j]! * mean[j]!, 0)), 1e-3);
  }
  return { mean, std };
}

export interface TrainResult {
  model: HeadModel;
  order: number[];
  head: { bestEpoch: number; bestMap: number; history: { epoch: number; loss: number; valMap: number }[] };
  baseline: { bestEpoch: number; bestMap: number };
}

/** Trains the CNN-RNN head (RMSprop, cross-entropy per step) and the baseline; best val epochs. */
export async function trainAll(
  train: FeatureSet, val: FeatureSet, labels: string[], cfg: HeadTrainConfig,
  baseCfg: BaselineTrainConfig = DEFAULT_BASELINE_CONFIG, log: (line: string) => void = console.log,
  teachers: readonly HeadModel[] = [],
): Promise<TrainResult> {
  const L = labels.length;
  const F = train.features.length / train.ids.length;
  const dims: HeadDims = {
    numLabels: L, featureDim: F, embedDim: cfg.embedDim, hiddenDim: cfg.hiddenDim, ...(cfg.concept && { conceptInput: true }),
    ...(cfg.imageGate && { imageGate: true }),
  };
  checkHeadConfig(cfg);
  if (cfg.distill > 0) checkTeachers(teachers, F, labels);
  const { mean, std } = featureStats(train);
  const w = initHeadWeights(dims, mean, std, cfg.seed);
  const baseline = await trainBaseline(train, val, w['feature/mean'], w['feature/std'], labels, { ...baseCfg, epochs: Math.min(baseCfg.epochs, cfg.epochs) }, log);
  if (cfg.concept) Object.assign(w, baseline.weights); // frozen concepts: plain tensors, not variables
  const frequent = labelFrequencyOrder(train.truth, L);
  const order = cfg.order === 'rare' ? [...frequent].reverse() : frequent;
  const sequences = train.truth.map((t) => labelSequence(t, order, L));
  const unknown = train.truth.map(unknownLabels);
  const opt = tf.train.rmsprop(cfg.learningRate);
  const trainable = Object.entries(w).filter(([, t]) => t instanceof tf.Variable).map(([, t]) => t as tf.Variable);
  const rand = seededRandom(cfg.seed);
  const sampleRandom = seededRandom(cfg.seed ^ 0x5eed); // its own stream: the batches stay those of the unsampled run
  const n = train.ids.length;
  const history: TrainResult['head']['history'] = [];
  let best: { weights: HeadWeights; epoch: number; map: number } | null = null;
  const average = cfg.weightAverage > 0 ? new WeightAverage(w, cfg.weightAverage) : null;
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const epochStart = Date.now();
    const perm = shuffledIndices(n, rand);
    let lossSum = 0;
    let batches = 0;
    for (let s = 0; s < n; s += cfg.batchSize) {
      const idx = perm.slice(s, s + cfg.batchSize);
      const x = new Float32Array(idx.length * F);
      idx.forEach((i, r) => x.set(train.features.subarray(i * F, (i + 1) * F), r * F));
      const batch = makeSequenceBatch(x, F, idx.map((i) => sequences[i]!), L, idx.map((i) => unknown[i]!));
      const teacher = cfg.distill > 0 ? teacherTargets(teachers, batch) : undefined;
      const loss = opt.minimize(() => tf.add(
        sequenceLoss(w, dims, batch, cfg.dropout, {
          conceptDropout: cfg.conceptDropout, labelSmoothing: cfg.labelSmoothing, setTargetMix: cfg.setTargetMix, teacher, distill: cfg.distill,
          pla: cfg.order === 'pla',
          scheduledSampling: cfg.scheduledSampling * Math.min(1, epoch / Math.max(1, Math.round(cfg.epochs / 3))), random: sampleRandom,
          semantic: cfg.semanticWeight,
        }),
        tf.mul(cfg.weightDecay, tf.addN(trainable.filter((v) => v.rank === 2).map((v) => tf.sum(tf.square(v))))),
      ) as tf.Scalar, true, trainable);
      lossSum += (await loss!.data())[0]!;
      batches++;
      loss!.dispose();
      disposeBatch(batch);
      if (teacher) tf.dispose(teacher);
      average?.update(w);
    }
    const trainSeconds = (Date.now() - epochStart) / 1000;
    const current = { ...w, ...average?.weights } as HeadWeights;
    const model: HeadModel = { dims, labels, weights: { ...current, ...baseline.weights } as HeadModel['weights'], meta: {} };
    const preds = await cnnRnnPredictions(model, val.features, { beamWidth: 3, maxLength: L }, true);
    const valMap = meanAveragePrecision(preds.scores, val.truth, labels).mAP;
    history.push({ epoch, loss: lossSum / batches, valMap });
    log(`cnn-rnn epoch ${epoch}: loss ${(lossSum / batches).toFixed(4)}, val mAP ${valMap.toFixed(2)} (train ${trainSeconds.toFixed(0)} s, val ${((Date.now() - epochStart) / 1000 - trainSeconds).toFixed(0)} s)`);
    if (!best || valMap > best.map) {
      if (best) tf.dispose(Object.values(best.weights));
      const snapshot = Object.fromEntries(Object.entries(current).filter(([k]) => !k.startsWith('baseline/')).map(([k, t]) => [k, tf.clone(t)]));
      best = { weights: snapshot as unknown as HeadWeights, epoch, map: valMap };
    }
  }
  opt.dispose();
  average?.dispose();
  tf.dispose(trainable);
  tf.dispose([w['feature/mean'], w['feature/std']]);
  return {
    model: { dims, labels, weights: { ...best!.weights, ...baseline.weights }, meta: {} },
    order,
    head: { bestEpoch: best!.epoch, bestMap: best!.map, history },
    baseline: { bestEpoch: baseline.bestEpoch, bestMap: baseline.bestMap },
  };
}
