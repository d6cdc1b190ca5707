import type { ScorerHandle } from '../search/beamTypes';
import type { HeadArrays } from './arrayHead';
import { MASKED_LOGIT, type HeadDims } from './cnnRnn';
import type { HeadScorer } from './headScorer';
import { scaleEnd } from './endScale';

/** LSTM states of a batch of B paths, one per member: h and c, [B × H] each. */
interface ArrayState { h: Float64Array; c: Float64Array }

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** U_I^x Ī (+ U_c c) + bias for one image: [E] (projectImage, in plain JS). */
export function projectImageArrays(a: HeadArrays, dims: HeadDims, features: ArrayLike<number>): Float64Array {
  const { featureDim: F, embedDim: E, numLabels: L } = dims;
  if (features.length !== F) throw new Error(`The head takes ${F} image features, got ${features.length}`);
  const standard = new Float64Array(F);
  for (let f = 0; f < F; f++) standard[f] = (features[f]! - a.featureMean[f]!) / a.featureStd[f]!;
  const out = Float64Array.from(a.projBias);
  for (let f = 0; f < F; f++) {
    const s = standard[f]!;
    if (s === 0) continue;
    const row = f * E;
    for (let e = 0; e < E; e++) out[e] += s * a.uI[row + e]!;
  }
  if (a.concept) {
    const { uC, W, b } = a.concept;
    for (let l = 0; l < L; l++) {
      let z = b[l]!;
      for (let f = 0; f < F; f++) z += standard[f]! * W[f * L + l]!;
      const c = sigmoid(z);
      for (let e = 0; e < E; e++) out[e] += c * uC[l * E + e]!;
    }
  }
  return out;
}

/**
 * One decoding step of one member for B rows (decodeStep in plain JS): the LSTM reads each row's
 * previous token, then x = ReLU(U_o h + proj), s = U_lᵀ x (+ g ⊙ U_lᵀ ReLU(proj) with the image
 * gate), labels in `used` masked, softmax.
 * Row r continues the path of `prev` row parentOf[r]: rows with the same parent (the beam keeps
 * several children of one path, and every child of the root) share its recurrent product W_h h,
 * computed once per parent. Writes probabilities into probs [B × (L+1)] scaled by `weight`
 * (added: the ensemble's mean).
 */
function stepMember(
  a: HeadArrays, dims: HeadDims, proj: Float64Array, prev: ArrayState, parentOf: readonly number[], tokens: readonly number[],
  used: Uint8Array, probs: Float64Array, weight: number,
): ArrayState {
  const { hiddenDim: H, embedDim: E, numLabels: L } = dims;
  const G = 4 * H;
  const K = L + 1;
  const B = tokens.length;
  const P = prev.h.length / H;
  const h = new Float64Array(B * H);
  const c = new Float64Array(B * H);
  const recur = new Float64Array(P * G);
  const gates = new Float64Array(B * G);
  const x = new Float64Array(E);
  const s = new Float64Array(K);
  const needed = new Uint8Array(P);
  for (const p of parentOf) needed[p] = 1;
  // what every row's scores start from: 0, or with the image gate g ⊙ U_lᵀ ReLU(proj) (labelLogits)
  const imageScores = new Float64Array(K);
  if (a.gate) {
    for (let e = 0; e < E; e++) {
      const v = proj[e]! > 0 ? proj[e]! : 0;
      if (v === 0) continue;
      const row = e * K;
      for (let k = 0; k < K; k++) imageScores[k] += v * a.uL[row + k]!;
    }
    for (let k = 0; k < K; k++) imageScores[k] *= a.gate[k]!;
  }
  // W_h h of each parent that has a child, one recurrent row at a time (it stays in cache across parents)
  for (let i = 0; i < H; i++) {
    const row = i * G;
    for (let p = 0; p < P; p++) {
      const v = needed[p] ? prev.h[p * H + i]! : 0;
      if (v === 0) continue;
      const at = p * G;
      for (let j = 0; j < G; j++) recur[at + j] += v * a.recurrent[row + j]!;
    }
  }
  for (let r = 0; r < B; r++) {
    const tg = tokens[r]! * G;
    const rp = parentOf[r]! * G;
    for (let j = 0; j < G; j++) gates[r * G + j] = a.tokenGates[tg + j]! + recur[rp + j]!;
  }
  for (let r = 0; r < B; r++) {
    const g = r * G;
    for (let i = 0; i < H; i++) {
      const cell = sigmoid(gates[g + H + i]!) * prev.c[parentOf[r]! * H + i]! + sigmoid(gates[g + i]!) * Math.tanh(gates[g + 2 * H + i]!);
      c[r * H + i] = cell;
      h[r * H + i] = sigmoid(gates[g + 3 * H + i]!) * Math.tanh(cell);
    }
    x.set(proj);
    for (let i = 0; i < H; i++) {
      const v = h[r * H + i]!;
      const row = i * E;
      for (let e = 0; e < E; e++) x[e] += v * a.uO[row + e]!;
    }
    s.set(imageScores);
    for (let e = 0; e < E; e++) {
      const v = x[e]! > 0 ? x[e]! : 0;
      if (v === 0) continue;
      const row = e * K;
      for (let k = 0; k < K; k++) s[k] += v * a.uL[row + k]!;
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      if (used[r * K + k]) s[k] = MASKED_LOGIT;
      if (s[k]! > max) max = s[k]!;
    }
    let z = 0;
    for (let k = 0; k < K; k++) z += Math.exp(s[k]! - max);
    for (let k = 0; k < K; k++) probs[r * K + k] += weight * (Math.exp(s[k]! - max) / z);
  }
  return { h, c };
}

/** Every member's U_I^x Ī (+ U_c c) + bias for one image: what a scorer of that image starts from. */
export function projectImageMembers(members: readonly HeadArrays[], dims: HeadDims, features: ArrayLike<number>): Float64Array[] {
  return members.map((a) => projectImageArrays(a, dims, features));
}

/**
 * The CNN-RNN head as a BeamScorer in plain JS, from arrays read once (readHeadArrays): the same
 * distributions as createHeadScorer (to float rounding), with no tfjs call and no GPU→CPU read per
 * step. An ensemble's step distribution is its members' mean. `features` is I; `projected`, that
 * image's projectImageMembers if kept from an earlier search (a re-decode then skips it).
 */
export function createArrayScorer(
  members: readonly HeadArrays[], dims: HeadDims, features: ArrayLike<number>, projected?: readonly Float64Array[],
): HeadScorer {
  if (members.length === 0) throw new Error('A head needs at least one member');
  const { hiddenDim: H, numLabels: L } = dims;
  const K = L + 1;
  if (projected && projected.length !== members.length) throw new Error(`${projected.length} projections for ${members.length} members`);
  const proj = projected ?? projectImageMembers(members, dims, features);
  const run = (states: ArrayState[], parentOf: readonly number[], tokens: number[], paths: number[][]) => {
    const B = tokens.length;
    const used = new Uint8Array(B * K);
    paths.forEach((p, r) => p.forEach((l) => { used[r * K + l] = 1; }));
    const probs = new Float64Array(B * K);
    const next = members.map((a, m) => stepMember(a, dims, proj[m]!, states[m]!, parentOf, tokens, used, probs, 1 / members.length));
    scaleEnd(probs, L, dims.endScale);
    const rows = Array.from({ length: B }, (_, r) => Float32Array.from(probs.subarray(r * K, (r + 1) * K)));
    return { probs: rows, handle: next as ScorerHandle };
  };
  return {
    numLabels: L,
    reads: 0,
    async start() {
      return run(members.map(() => ({ h: new Float64Array(H), c: new Float64Array(H) })), [0], [L + 1], [[]]);
    },
    async extend(parent, rows, paths) {
      return run(parent as ArrayState[], rows, paths.map((q) => q[q.length - 1]!), paths);
    },
    release() { /* plain arrays: the garbage collector frees them */ },
    dispose() { /* nothing on the device */ },
  };
}
