import * as tf from '@tensorflow/tfjs';
import { decodeStep, embedInputs, lstmStep, projectImage, zeroState, type HeadDims, type HeadWeights } from './cnnRnn';
import { TILE_BOXES } from './config';
import { composeFeaturesTensor, FEATURE_LAYOUT, layoutDim, type FeatureSegment } from './featureLayout';
import { rawFromMaps, type ImageMaps } from './imageFeatures';
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
 * decodeStep after START, P (labels already in P masked, as in the beam search). The LSTM does
 * not see I (Wang et al.: I enters at the joint projection), so the gradient flows through
 * U_I^x I only.
 */
export function nodeLogProb(w: HeadWeights, dims: HeadDims, features: tf.Tensor2D, target: EvidenceTarget): tf.Scalar {
  validateTarget(target, dims.numLabels);
  return tf.tidy(() => {
    const L = dims.numLabels;
    const tokens = [L + 1, ...target.path];
    let state = zeroState(dims, 1);
    for (const t of tokens.slice(0, -1)) state = lstmStep(w, embedInputs(w, tf.tensor1d([t], 'int32')), state);
    const used = new Float32Array(L + 1);
    target.path.forEach((l) => { used[l] = 1; });
    const step = decodeStep(w, projectImage(w, features), tf.tensor1d([tokens[tokens.length - 1]!], 'int32'), state, tf.tensor2d(used, [1, L + 1]));
    return tf.reshape(tf.slice(step.logProbs, [0, target.label], [1, 1]), []) as tf.Scalar;
  });
}

/**
 * ∂ log p(k | P, I) / ∂ map, through the head and the pooling only (rawFromMaps →
 * composeFeaturesTensor → head): [NUM_VIEWS, h, w, C], the shape of `m.maps[source]`
 * (features: extern1; heatmaps: the COCO keypoint heat-maps). Detection statistics, NanoDet and
 * the decoder mean are held constant.
 */
export function mapGradient(
  w: HeadWeights, dims: HeadDims, m: ImageMaps, target: EvidenceTarget, source: EvidenceSource,
  layout: readonly FeatureSegment[] = FEATURE_LAYOUT,
): tf.Tensor4D {
  if (layoutDim(layout) !== dims.featureDim) throw new Error(`The head takes ${dims.featureDim} features, the layout gives ${layoutDim(layout)}`);
  return tf.tidy(() => {
    const logProb = (x: tf.Tensor) => {
      const t = x as tf.Tensor4D;
      const maps = source === 'features' ? { extern: t, keypoints: m.maps.keypoints } : { extern: m.maps.extern, keypoints: t };
      return nodeLogProb(w, dims, composeFeaturesTensor(rawFromMaps(maps, m.constants), layout), target);
    };
    return tf.grad(logProb)(source === 'features' ? m.maps.extern : m.maps.keypoints) as tf.Tensor4D;
  });
}

/**
 * Each view's linear Grad-CAM map [NUM_VIEWS, h, w] = Σ_c α_c A_c, α_c = Σ_xy ∂ log p / ∂A_xyc
 * (the gradient at the pooled maxima for the heat-maps; GAP + GMP + grid weights for extern1).
 * No ReLU yet: views are combined first (evidenceMap).
 */
export function viewCams(
  w: HeadWeights, dims: HeadDims, m: ImageMaps, target: EvidenceTarget, source: EvidenceSource,
  layout: readonly FeatureSegment[] = FEATURE_LAYOUT,
): tf.Tensor3D {
  return tf.tidy(() => {
    const A = source === 'features' ? m.maps.extern : m.maps.keypoints;
    const [v, h, wd, c] = A.shape;
    const alpha = tf.sum(mapGradient(w, dims, m, target, source, layout), [1, 2]);
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
  w: HeadWeights, dims: HeadDims, m: ImageMaps, target: EvidenceTarget, source: EvidenceSource,
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
