import type { BeamResult } from '../search/beamTypes';

/**
 * What a label path P changes about the label set: for every label l not in P, the probability
 * that l ends up in the finished label set, from START ("before") and with P forced as the
 * prefix ("after"), beside the independent baseline's p(l | I). "With a person in the photo, a dog
 * becomes more likely" reads straight off these rows. Pure numbers.
 */
export interface PathEffectRow {
  label: number;
  /** P(label in the label set) of the search from START, 0..1. */
  before: number;
  /** P(label in the label set | P) of the search with P forced, 0..1. */
  after: number;
  /** after − before, −1..1 (× 100: percentage points). */
  change: number;
  /** The independent classifier's p(label | I), or null when unknown. */
  baseline: number | null;
}

/**
 * P(label in the label set) over a search's finished paths (the END candidates): the summed
 * probability of the finished paths that hold the label, divided by the summed probability of
 * all finished paths. Returns Float64Array[numLabels] (all 0 when nothing finished). Sums run in
 * the log domain's scale of the best path, so a forced, improbable prefix does not underflow.
 */
export function labelSetMarginals(result: BeamResult): Float64Array {
  const out = new Float64Array(result.numLabels);
  const byId = new Map(result.nodes.map((n) => [n.id, n]));
  const finished = result.candidates.map((id) => byId.get(id)).filter((n) => n !== undefined);
  if (finished.length === 0) return out;
  const top = Math.max(...finished.map((n) => n.logProb));
  let total = 0;
  for (const n of finished) {
    const w = Math.exp(n.logProb - top);
    total += w;
    for (const l of n.labels) out[l] += w;
  }
  return out.map((v) => v / total);
}

/**
 * Rows for every label 0..L-1 outside `path` with before or after at least `minShown`, most
 * raised first, most lowered last (ties by label). `before` and `after` are labelSetMarginals.
 */
export function pathEffect(
  before: ArrayLike<number>, after: ArrayLike<number>, path: number[], baseline: ArrayLike<number> | null, minShown: number,
): PathEffectRow[] {
  const inPath = new Set(path);
  const rows: PathEffectRow[] = [];
  for (let label = 0; label < before.length; label++) {
    const b = before[label]!;
    const a = after[label]!;
    if (inPath.has(label) || Math.max(a, b) < minShown) continue;
    rows.push({ label, before: b, after: a, change: a - b, baseline: baseline ? baseline[label] ?? null : null });
  }
  return rows.sort((x, y) => y.change - x.change || x.label - y.label);
}
