import * as tf from '@tensorflow/tfjs';
import { meanBaselineProbs } from '../model/head/baseline';
import { beamSearch } from '../model/search/beamSearch';
import { LABEL_SCORE_METHODS, labelScores, type LabelScoreMethod } from './labelScores';
import type { BeamOptions } from '../model/search/beamTypes';
import { VIEW_KEYPOINTS_OFFSET } from '../model/config';
import { headMembers, type HeadModel } from '../model/head/headIo';
import { readHeadArrays } from '../model/head/arrayHead';
import { createArrayScorer } from '../model/head/arrayScorer';
import { projectImage } from '../model/head/cnnRnn';
import { VOC_TO_COCO } from './labels';
import { meanAveragePrecision, perClassMetrics, setMetrics, type SetMetrics } from './metrics';
import { progressBar } from './progress';

export type Scores = { mAP: number; ap: Record<string, number> };
/** Per class, in percent (perClassMetrics): precision, recall, and how many photos hold the class. */
export type PerClass = { perClass: Record<string, { P: number; R: number; n: number }> };
export interface EvalReport {
  images: number;
  cnnrnn: Scores & SetMetrics & PerClass & {
    beamWidth: number; maxLength: number; scoreBeamWidth: number; scoreMethod: LabelScoreMethod;
    mAPByScoreMethod?: Record<string, number>;
  };
  baseline: Scores & SetMetrics & PerClass;
  zeroshot: Scores;
}

/** What each photo got: the CNN-RNN's label set and its path probability, and the baseline's set. */
export interface PhotoPrediction { cnnrnn: number[]; pathProb: number; baseline: number[] }

const row = (m: Float32Array, i: number, F: number) => m.subarray(i * F, (i + 1) * F);

/**
 * Every member's U_I^x Ī + bias for each of n images, one product per member on the tfjs backend
 * (XNNPACK on WASM): per image, its members' projections, as the array scorer takes them. In plain JS
 * the scorer spends about as long projecting an image as decoding it. Heads with SR-CNN-RNN concepts:
 * undefined (the scorer projects those itself).
 */
export function projectAll(head: HeadModel, features: Float32Array): Float64Array[][] | undefined {
  if (head.dims.conceptInput) return undefined;
  const { featureDim: F, embedDim: E } = head.dims;
  const n = features.length / F;
  const x = tf.tensor2d(features, [n, F]);
  const byMember = headMembers(head).map((w) => tf.tidy(() => projectImage(w, x).dataSync() as Float32Array));
  x.dispose();
  return Array.from({ length: n }, (_, i) => byMember.map((p) => Float64Array.from(p.subarray(i * E, (i + 1) * E))));
}

/**
 * CNN-RNN on n images: beam-search label sets (width `beam`) and per-label marginal scores (from
 * the same search, or from a search of width `scoreBeam` when given).
 */
export async function cnnRnnPredictions(
  head: HeadModel, features: Float32Array, beam: BeamOptions, quiet = false, scoreBeam?: BeamOptions,
  method: LabelScoreMethod = 'marginal', allMethods = false,
) {
  const F = head.dims.featureDim;
  const n = features.length / F;
  const sets: number[][] = [];
  const pathProbs: number[] = [];
  const scores: Float32Array[] = [];
  const byMethod = Object.fromEntries(LABEL_SCORE_METHODS.map((m) => [m, [] as Float32Array[]])) as Record<LabelScoreMethod, Float32Array[]>;
  const bar = quiet ? null : progressBar('beam search', n);
  const arrays = await readHeadArrays(headMembers(head), head.dims); // the app's decoder: the head in plain JS
  const projected = projectAll(head, features);
  // the search is deterministic: a scoring search with the label-set search's options is that search
  const sameSearch = scoreBeam !== undefined && JSON.stringify(scoreBeam) === JSON.stringify(beam);
  for (let i = 0; i < n; i++) {
    const scorer = createArrayScorer(arrays, head.dims, row(features, i, F), projected?.[i]);
    try {
      const result = await beamSearch(scorer, beam);
      sets.push(result.best?.labels ?? []);
      pathProbs.push(result.best?.prob ?? 0);
      const scored = scoreBeam && !sameSearch ? await beamSearch(scorer, scoreBeam) : result;
      scores.push(labelScores(scored, method));
      if (allMethods) for (const m of LABEL_SCORE_METHODS) byMethod[m].push(labelScores(scored, m));
    } finally {
      scorer.dispose();
    }
    bar?.tick();
  }
  bar?.done();
  return { sets, pathProbs, scores, byMethod };
}

/** Baseline probabilities for n images (an ensemble's averaged): Float32Array[L] each (one batched call). */
export function baselinePredictions(head: HeadModel, features: Float32Array): Float32Array[] {
  const F = head.dims.featureDim;
  const n = features.length / F;
  const L = head.dims.numLabels;
  const flat = tf.tidy(() => meanBaselineProbs(headMembers(head), tf.tensor2d(features, [n, F])).dataSync() as Float32Array);
  return Array.from({ length: n }, (_, i) => flat.slice(i * L, (i + 1) * L));
}

/** Zero-shot: the COCO heat-map maximum of the matching class over the whole image's view. */
export function zeroShotScores(features: Float32Array, featureDim: number): Float32Array[] {
  const n = features.length / featureDim;
  const kp = VIEW_KEYPOINTS_OFFSET; // I starts with the whole view (featureLayout.test.ts)
  return Array.from({ length: n }, (_, i) => Float32Array.from(VOC_TO_COCO, (c) => features[i * featureDim + kp + c]!));
}

/** All metrics of the evaluation command, in percent. */
export async function evaluateHead(
  head: HeadModel, features: Float32Array, truth: Int8Array[], beam: BeamOptions, quiet = false, scoreBeam?: BeamOptions,
  scoreMethod: LabelScoreMethod = 'marginal', compareMethods = false,
): Promise<EvalReport & { predictions: PhotoPrediction[] }> {
  const labels = head.labels;
  const L = labels.length;
  const cnn = await cnnRnnPredictions(head, features, beam, quiet, scoreBeam, scoreMethod, compareMethods);
  const base = baselinePredictions(head, features);
  const baseSets = base.map((p) => Array.from(p).flatMap((v, c) => (v >= 0.5 ? [c] : [])));
  return {
    images: truth.length,
    cnnrnn: {
      ...meanAveragePrecision(cnn.scores, truth, labels), ...setMetrics(cnn.sets, truth, L), perClass: perClassMetrics(cnn.sets, truth, labels),
      beamWidth: beam.beamWidth, maxLength: beam.maxLength, scoreBeamWidth: (scoreBeam ?? beam).beamWidth, scoreMethod,
      ...(compareMethods && {
        mAPByScoreMethod: Object.fromEntries(LABEL_SCORE_METHODS.map((m) => [m, meanAveragePrecision(cnn.byMethod[m], truth, labels).mAP])),
      }),
    },
    baseline: { ...meanAveragePrecision(base, truth, labels), ...setMetrics(baseSets, truth, L), perClass: perClassMetrics(baseSets, truth, labels) },
    zeroshot: meanAveragePrecision(zeroShotScores(features, head.dims.featureDim), truth, labels),
    predictions: cnn.sets.map((set, i) => ({ cnnrnn: set, pathProb: cnn.pathProbs[i]!, baseline: baseSets[i]! })),
  };
}

/** One CSV row per photo: id, truth (present labels), CNN-RNN set, its path probability, baseline set. */
export function predictionsCsv(ids: readonly string[], truth: readonly Int8Array[], predictions: readonly PhotoPrediction[], labels: readonly string[]): string {
  const names = (set: Iterable<number>) => [...set].map((c) => labels[c]).join(' ');
  const present = (t: Int8Array) => names(Array.from(t).flatMap((v, c) => (v > 0 ? [c] : [])));
  const rows = predictions.map((p, i) => [ids[i], present(truth[i]!), names(p.cnnrnn), p.pathProb.toFixed(4), names(p.baseline)].join(','));
  return `${['id', 'truth', 'cnnrnn', 'cnnrnn_path_prob', 'baseline'].join(',')}\n${rows.join('\n')}\n`;
}
