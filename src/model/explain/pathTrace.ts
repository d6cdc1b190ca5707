import * as tf from '@tensorflow/tfjs';
import { meanOf } from '../head/tensorMean';
import { decodeStep, jointProjection, membersOf, projectImage, zeroState, type HeadDims, type HeadMembers, type HeadWeights } from '../head/cnnRnn';

/**
 * What the head computes along one label path P = (l_1..l_k) of one image, as plain numbers.
 * Row t (0..k) is the step that follows START, l_1, …, l_t: row 0 predicts l_1, row k predicts
 * what comes after the whole path.
 */
export interface PathTrace {
  /**
   * Joint-space points x_t, k+1 rows of Float32Array[E] (the space of U_l's columns); for an
   * ensemble the members' points side by side, [M·E] (the space of memberEmbeddings' columns).
   */
  joint: Float32Array[];
  /**
   * p(· | START, l_1..l_t), k+1 rows of Float32Array[L+1] (an ensemble's mean, END scaled by
   * dims.endScale as the scorers decode); labels already in the path are 0.
   */
  probs: Float32Array[];
}

/** Throws unless `path` holds distinct labels 0..L-1 (END cannot be inside a path). */
export function validatePath(path: number[], numLabels: number): void {
  if (new Set(path).size !== path.length || path.some((l) => !Number.isInteger(l) || l < 0 || l >= numLabels)) {
    throw new Error(`A path must hold distinct labels from 0 to ${numLabels - 1}, got [${path.join(', ')}]`);
  }
}

/**
 * Runs the head along `path` on image features I (Float32Array[featureDim]): x_t [k+1, E] (an
 * ensemble: [k+1, M·E]) and p(· | prefix) [k+1, L+1] (the members' mean) as tensors (the caller
 * disposes them).
 */
export function pathTraceTensors(
  w: HeadMembers, dims: HeadDims, features: Float32Array, path: number[],
): { joint: tf.Tensor2D; probs: tf.Tensor2D } {
  validatePath(path, dims.numLabels);
  const members = membersOf(w);
  return tf.tidy(() => {
    const each = members.map((m) => memberTrace(m, dims, features, path));
    const joint = each.length === 1 ? each[0]!.joint : tf.concat(each.map((e) => e.joint), 1) as tf.Tensor2D;
    const probs = each.length === 1 ? each[0]!.probs : meanOf(each.map((e) => e.probs));
    return { joint, probs: endScaled(probs, dims) };
  });
}

/** The rows with END's probability scaled by dims.endScale and renormalised, as the scorers decode (scaleEnd). */
function endScaled(probs: tf.Tensor2D, dims: HeadDims): tf.Tensor2D {
  const w = dims.endScale ?? 1;
  if (w === 1) return probs;
  const L = dims.numLabels;
  const scale = new Float32Array(L + 1).fill(1);
  scale[L] = w;
  const end = tf.slice(probs, [0, L], [-1, 1]);
  return tf.div(tf.mul(probs, tf.tensor1d(scale)), tf.add(1, tf.mul(w - 1, end))) as tf.Tensor2D;
}

function memberTrace(w: HeadWeights, dims: HeadDims, features: Float32Array, path: number[]): { joint: tf.Tensor2D; probs: tf.Tensor2D } {
  const L = dims.numLabels;
  return tf.tidy(() => {
    const imageProj = projectImage(w, tf.tensor2d(features, [1, dims.featureDim]));
    let state = zeroState(dims, 1);
    const joint: tf.Tensor2D[] = [];
    const probs: tf.Tensor2D[] = [];
    const tokens = [L + 1, ...path];
    tokens.forEach((token, t) => {
      // built on the CPU side: ops on empty tensors (oneHot of no labels) are unreliable on WASM
      const mask = new Float32Array(L + 1);
      path.slice(0, t).forEach((l) => { mask[l] = 1; });
      const used = tf.tensor2d(mask, [1, L + 1]);
      const step = decodeStep(w, imageProj, tf.tensor1d([token], 'int32'), state, used);
      state = step.state;
      joint.push(jointProjection(w, state.h, imageProj));
      probs.push(tf.exp(step.logProbs));
    });
    return { joint: tf.concat(joint, 0) as tf.Tensor2D, probs: tf.concat(probs, 0) as tf.Tensor2D };
  });
}

/**
 * The label embedding the map is drawn from, [M·E, L+1]: U_l, or an ensemble's members' U_l
 * stacked, so that a label's point is its members' columns side by side and x_t·w_k is the sum of
 * the members' scores s_k (caller disposes).
 */
export function memberEmbeddings(w: HeadMembers): tf.Tensor2D {
  const members = membersOf(w);
  return tf.tidy(() => (members.length === 1 ? tf.clone(members[0]!['label/U_l']) : tf.concat(members.map((m) => m['label/U_l']), 0)) as tf.Tensor2D);
}

/** pathTraceTensors read back to plain numbers (two reads), leaving no tensor behind. */
export async function tracePath(w: HeadMembers, dims: HeadDims, features: Float32Array, path: number[]): Promise<PathTrace> {
  const t = pathTraceTensors(w, dims, features, path);
  try {
    const [joint, probs] = await Promise.all([t.joint.data(), t.probs.data()]);
    return { joint: rowsOf(joint as Float32Array, path.length + 1), probs: rowsOf(probs as Float32Array, path.length + 1) };
  } finally {
    tf.dispose([t.joint, t.probs]);
  }
}

function rowsOf(flat: Float32Array, rows: number): Float32Array[] {
  const k = flat.length / rows;
  return Array.from({ length: rows }, (_, i) => flat.slice(i * k, (i + 1) * k));
}
