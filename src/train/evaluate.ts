import * as tf from '@tensorflow/tfjs';
import { baselineLogits } from '../model/baseline';
import { beamSearch, labelMarginals } from '../model/beamSearch';
import type { BeamOptions } from '../model/beamTypes';
import { FEATURE_DIM, VIEW_KEYPOINTS_OFFSET } from '../model/config';
import type { HeadModel } from '../model/headIo';
import { createHeadScorer } from '../model/headScorer';
import { VOC_TO_COCO } from '../model/labels';
import { meanAveragePrecision, setMetrics, type SetMetrics } from '../model/metrics';
import { progressBar } from './progress';

export type Scores = { mAP: number; ap: Record<string, number> };
export interface EvalReport {
  images: number;
  cnnrnn: Scores & SetMetrics & { beamWidth: number; maxLength: number; scoreBeamWidth: number };
  baseline: Scores & SetMetrics;
  zeroshot: Scores;
}

const row = (m: Float32Array, i: number) => m.subarray(i * FEATURE_DIM, (i + 1) * FEATURE_DIM);

/**
 * CNN-RNN on n images: beam-search label sets (width `beam`) and per-label marginal scores (from
 * the same search, or from a search of width `scoreBeam` when given).
 */
export async function cnnRnnPredictions(head: HeadModel, features: Float32Array, beam: BeamOptions, quiet = false, scoreBeam?: BeamOptions) {
  const n = features.length / FEATURE_DIM;
  const sets: number[][] = [];
  const scores: Float32Array[] = [];
  const bar = quiet ? null : progressBar('beam search', n);
  for (let i = 0; i < n; i++) {
    const scorer = createHeadScorer(head.weights, head.dims, row(features, i));
    try {
      const result = await beamSearch(scorer, beam);
      sets.push(result.best?.labels ?? []);
      scores.push(labelMarginals(scoreBeam ? await beamSearch(scorer, scoreBeam) : result));
    } finally {
      scorer.dispose();
    }
    bar?.tick();
  }
  bar?.done();
  return { sets, scores };
}

/** Baseline probabilities for n images: Float32Array[L] each (one batched call). */
export function baselinePredictions(head: HeadModel, features: Float32Array): Float32Array[] {
  const n = features.length / FEATURE_DIM;
  const L = head.dims.numLabels;
  const flat = tf.tidy(() => tf.sigmoid(baselineLogits(
    head.weights, head.weights['feature/mean'], head.weights['feature/std'], tf.tensor2d(features, [n, FEATURE_DIM]),
  )).dataSync() as Float32Array);
  return Array.from({ length: n }, (_, i) => flat.slice(i * L, (i + 1) * L));
}

/** Zero-shot: the COCO heat-map maximum of the matching class over the whole image's view. */
export function zeroShotScores(features: Float32Array): Float32Array[] {
  const n = features.length / FEATURE_DIM;
  const kp = VIEW_KEYPOINTS_OFFSET;
  return Array.from({ length: n }, (_, i) => Float32Array.from(VOC_TO_COCO, (c) => features[i * FEATURE_DIM + kp + c]!));
}

/** All metrics of the evaluation command, in percent. */
export async function evaluateHead(
  head: HeadModel, features: Float32Array, truth: Int8Array[], beam: BeamOptions, quiet = false, scoreBeam?: BeamOptions,
): Promise<EvalReport> {
  const labels = head.labels;
  const L = labels.length;
  const cnn = await cnnRnnPredictions(head, features, beam, quiet, scoreBeam);
  const base = baselinePredictions(head, features);
  const baseSets = base.map((p) => Array.from(p).flatMap((v, c) => (v >= 0.5 ? [c] : [])));
  return {
    images: truth.length,
    cnnrnn: {
      ...meanAveragePrecision(cnn.scores, truth, labels), ...setMetrics(cnn.sets, truth, L),
      beamWidth: beam.beamWidth, maxLength: beam.maxLength, scoreBeamWidth: (scoreBeam ?? beam).beamWidth,
    },
    baseline: { ...meanAveragePrecision(base, truth, labels), ...setMetrics(baseSets, truth, L) },
    zeroshot: meanAveragePrecision(zeroShotScores(features), truth, labels),
  };
}
