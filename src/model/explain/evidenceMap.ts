import * as tf from '@tensorflow/tfjs';
import { embedInputs, labelLogits, lstmStep, MASKED_LOGIT, membersOf, projectImage, zeroState, type HeadDims, type HeadMembers, type HeadWeights } from '../head/cnnRnn';
import { TILE_BOXES } from '../config';
import { composeFeaturesTensor, FEATURE_LAYOUT, layoutDim, type FeatureSegment } from '../cnn/featureLayout';
import { rawFromPooled, type ImageMaps } from '../cnn/imageFeatures';
import { placeViewMaps, viewMapSize, type EvidenceMap, type EvidenceSource, type EvidenceTarget } from './evidencePlacement';

export type { EvidenceMap, EvidenceSource, EvidenceTarget };

/** Checks that a target is a node of a search: distinct labels in P, k not in P (END allowed). */
function validateTarget(t: EvidenceTarget, numLabels: number): void {
  const ok = (l: number) => Number.isInteger(l) && l >= 0 && l < numLabels;
  if (!t.path.every(ok) || new Set(t.path).size !== t.path.length) {
    throw new Error(`An evidence path must hold distinct labels from 0 to ${numLabels - 1}, got [${t.path}]`);
  }
  if (!(ok(t.label) || t.label === numLabels) || t.path.includes(t.label)) {
    throw new Error(`An evidence label must be 0..${numLabels - 1} or END (${numLabels}) and not already in the path, got ${t.label}`);
  }
}

/**
 * log p(k | P, I) of one node, as a scalar function of I ([1, featureDim]): the head's own
 * lstmStep and labelLogits after START, P, with the labels in P masked as decodeStep masks them.
 * The LSTM does not see I (Wang et al.: I enters at the joint projection), so the gradient flows
 * through U_I^x I only. log p = s_k − logSumExp(s) rather than tf.logSoftmax, whose custom
 * gradient trips tfjs's kernel leak check on WASM in tests. An ensemble's p is its members' mean
 * (as its scorer decodes): log p = logSumExp over members of log p_m − log M. With dims.endScale,
 * END's share is rescaled and the step renormalised, as the scorers decode.
 */
export function nodeLogProb(w: HeadMembers, dims: HeadDims, features: tf.Tensor2D, target: EvidenceTarget): tf.Scalar {
  validateTarget(target, dims.numLabels);
  const members = membersOf(w);
  return tf.tidy(() => {
    // log p(· | P, I) over the labels and END, [L+1]: the members' mean in log space
    const each = members.map((m) => memberLogProbs(m, dims, features, target.path));
    const logProbs = each.length === 1 ? each[0]! : tf.sub(tf.logSumExp(tf.stack(each), 0), Math.log(each.length)) as tf.Tensor1D;
    const at = (k: number) => tf.reshape(tf.slice(logProbs, [k], [1]), []) as tf.Scalar;
    const lp = at(target.label);
    const scale = dims.endScale ?? 1;
    if (scale === 1) return lp;
    // END scaled by w and the step renormalised (scaleEnd): log p' = log p + [k = END] log w − log(1 + (w − 1) p(END))
    const L = dims.numLabels;
    const shifted = target.label === L ? tf.add(lp, Math.log(scale)) : lp;
    return tf.sub(shifted, tf.log1p(tf.mul(scale - 1, tf.exp(at(L))))) as tf.Scalar;
  });
}

/** One member's log p(· | START, P, I), [L+1], the labels in P masked as decodeStep masks them. */
function memberLogProbs(w: HeadWeights, dims: HeadDims, features: tf.Tensor2D, path: readonly number[]): tf.Tensor1D {
  return tf.tidy(() => {
    const L = dims.numLabels;
    let state = zeroState(dims, 1);
    for (const t of [L + 1, ...path]) state = lstmStep(w, embedInputs(w, tf.tensor1d([t], 'int32')), state);
    const logits = labelLogits(w, state.h, projectImage(w, features));
    const used = new Float32Array(L + 1);
    path.forEach((l) => { used[l] = 1; });
    const masked = tf.reshape(tf.where(tf.tensor2d(used, [1, L + 1]).greater(0), tf.fill(logits.shape, MASKED_LOGIT), logits), [L + 1]);
    return tf.sub(masked, tf.logSumExp(masked)) as tf.Tensor1D;
  });
}

/**
 * Where each channel of x [B,h,w,C] takes its spatial max, as weights summing to 1 per channel
 * (ties share): GMP(x) = Σ_xy weights ⊙ x at this x, with the gradient of tf.max (the weights
 * held fixed). tf.max's own gradient goes through tf.equal, ~40× slower than this on WASM.
 */
export function maxCellWeights(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const atMax = tf.sub(1, tf.step(tf.sub(tf.max(x, [1, 2], true), x))); // step(0) = 0: 1 exactly at the max
    return tf.div(atMax, tf.sum(atMax, [1, 2], true)) as tf.Tensor4D;
  });
}

/**
 * log p(k | P, I) as a function of extern1, its spatial maxima (GMP) and the heat-map maxima
 * (rawFromPooled → I → head).
 */
function logProbOfPooled(
  w: HeadMembers, dims: HeadDims, m: ImageMaps, target: EvidenceTarget, layout: readonly FeatureSegment[],
): (extern: tf.Tensor4D, externMax: tf.Tensor2D, heatMax: tf.Tensor2D) => tf.Scalar {
  if (layoutDim(layout) !== dims.featureDim) throw new Error(`The head takes ${dims.featureDim} features, the layout gives ${layoutDim(layout)}`);
  validateTarget(target, dims.numLabels); // before any tensor exists
  return (extern, externMax, heat) => nodeLogProb(
    w, dims, composeFeaturesTensor(rawFromPooled(extern, { extern: externMax, heat }, m.constants), layout), target,
  );
}

/**
 * ∂ log p(k | P, I) / ∂ extern1, [NUM_VIEWS,S/32,S/32,480]: through the head and the pooling only
 * (GAP, GMP, grid → composeFeaturesTensor → head). Detection statistics, NanoDet and the decoder
 * mean are held constant.
 */
export function externGradient(
  w: HeadMembers, dims: HeadDims, m: ImageMaps, target: EvidenceTarget, layout: readonly FeatureSegment[] = FEATURE_LAYOUT,
): tf.Tensor4D {
  const f = logProbOfPooled(w, dims, m, target, layout);
  return tf.tidy(() => {
    const maxCells = maxCellWeights(m.maps.extern);
    // GMP as a weighted sum over the max cells: the same value, a cheap gradient on WASM
    const grad = tf.grad((x: tf.Tensor) => f(x as tf.Tensor4D, tf.sum(tf.mul(x, maxCells), [1, 2]) as tf.Tensor2D, m.maxima.heat));
    return grad(m.maps.extern) as tf.Tensor4D;
  });
}

/**
 * ∂ log p(k | P, I) / ∂ (each view's heat-map maxima), [NUM_VIEWS,80]. The heat-maps enter I only
 * through their spatial max, so this is the gradient with respect to the heat-maps at their
 * maxima (zero at every other cell): taken at the pooled values, it avoids back-propagating
 * through 5 × (S/4)² × 80 cells.
 */
export function heatMaxGradient(
  w: HeadMembers, dims: HeadDims, m: ImageMaps, target: EvidenceTarget, layout: readonly FeatureSegment[] = FEATURE_LAYOUT,
): tf.Tensor2D {
  const f = logProbOfPooled(w, dims, m, target, layout);
  return tf.tidy(() => {
    // extern1 is constant here: its cached maxima stand in for GMP (no max-cell weights to build)
    return tf.grad((x: tf.Tensor) => f(m.maps.extern, m.maxima.extern, x as tf.Tensor2D))(m.maxima.heat) as tf.Tensor2D;
  });
}

/**
 * Each view's linear Grad-CAM map [NUM_VIEWS, h, w] = Σ_c α_c A_c with α_c = Σ_xy ∂ log p / ∂A_xyc:
 * for extern1 the sum of its gradient (GAP + GMP + grid weights), for the heat-maps the gradient
 * at their pooled maxima. No ReLU yet: views are combined first (evidenceMap).
 */
export function viewCams(
  w: HeadMembers, dims: HeadDims, m: ImageMaps, target: EvidenceTarget, source: EvidenceSource,
  layout: readonly FeatureSegment[] = FEATURE_LAYOUT,
): tf.Tensor3D {
  return tf.tidy(() => {
    const A = source === 'features' ? m.maps.extern : m.maps.keypoints;
    const [v, h, wd, c] = A.shape;
    const alpha = source === 'features' ? tf.sum(externGradient(w, dims, m, target, layout), [1, 2]) : heatMaxGradient(w, dims, m, target, layout);
    return tf.reshape(tf.matMul(tf.reshape(A, [v, h * wd, c]), tf.reshape(alpha, [v, c, 1])), [v, h, wd]) as tf.Tensor3D;
  });
}

/** The views' boxes in the photo ([y1, x1, y2, x2] fractions): the whole image, then the tiles. */
export const VIEW_BOXES: readonly (readonly [number, number, number, number])[] = [[0, 0, 1, 1], ...TILE_BOXES];

/**
 * The evidence map of one node over the photo (one GPU→CPU read): per-view Grad-CAM maps put
 * back at their boxes in photo coordinates, averaged where views overlap, then ReLU.
 * `photo` is the photo's size in pixels (for the map's aspect).
 */
export async function evidenceMap(
  w: HeadMembers, dims: HeadDims, m: ImageMaps, target: EvidenceTarget, source: EvidenceSource,
  photo: { width: number; height: number }, layout: readonly FeatureSegment[] = FEATURE_LAYOUT,
): Promise<EvidenceMap> {
  const cams = viewCams(w, dims, m, target, source, layout);
  const [views, h, wd] = cams.shape;
  let flat: Float32Array;
  try {
    flat = (await cams.data()) as Float32Array;
  } finally {
    cams.dispose();
  }
  const size = viewMapSize(photo.width, photo.height);
  const values = placeViewMaps(flat, { views, height: h, width: wd }, VIEW_BOXES, size);
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  return { ...size, values, max, source };
}
