import { labelMarginals } from '../model/search/beamSearch';
import type { BeamResult } from '../model/search/beamTypes';

/**
 * Per-label scores of one image from its beam-search tree, for ranking (AP). All are Float32Array[L].
 * - marginal: Σ over the tree's expanded paths P of p(P)·p(k | P): the probability mass the search
 *   saw flow into k (a lower bound of P(k ∈ set)).
 * - step1: p(k | START), the first step's distribution.
 * - bestPath: the most probable explored path that contains k or emits k next.
 * - candidates: the share of the END paths' probability whose label set holds k, plus the marginal
 *   scaled below any candidate share, so that labels outside every candidate stay ranked.
 */
export type LabelScoreMethod = 'marginal' | 'step1' | 'bestPath' | 'candidates';

export const LABEL_SCORE_METHODS: readonly LabelScoreMethod[] = ['marginal', 'step1', 'bestPath', 'candidates'];

/** Scores of every label of one search result by `method`. */
export function labelScores(result: BeamResult, method: LabelScoreMethod): Float32Array {
  const L = result.numLabels;
  switch (method) {
    case 'marginal': return labelMarginals(result);
    case 'step1': return Float32Array.from(result.nodes[0]!.next!.subarray(0, L));
    case 'bestPath': return bestPathScores(result);
    case 'candidates': return candidateScores(result);
  }
}

function bestPathScores(result: BeamResult): Float32Array {
  const L = result.numLabels;
  const out = new Float32Array(L);
  for (const node of result.nodes) {
    const p = Math.exp(node.logProb);
    for (const k of node.labels) out[k] = Math.max(out[k]!, p);
    if (!node.next) continue;
    for (let k = 0; k < L; k++) if (!node.labels.includes(k)) out[k] = Math.max(out[k]!, p * node.next[k]!);
  }
  return out;
}

function candidateScores(result: BeamResult): Float32Array {
  const L = result.numLabels;
  const byId = new Map(result.nodes.map((n) => [n.id, n]));
  const share = new Float32Array(L);
  let total = 0;
  for (const id of result.candidates) {
    const node = byId.get(id)!;
    const p = Math.exp(node.logProb);
    total += p;
    for (const k of node.labels) share[k] += p;
  }
  const marginal = labelMarginals(result);
  const maxMarginal = Math.max(1e-12, ...marginal);
  return share.map((s, k) => (total > 0 ? s / total : 0) + 1e-3 * (marginal[k]! / maxMarginal));
}
