/**
 * What a label path P changed: for every label not in P, p(label | P) against p(label | START),
 * beside the independent baseline's p(label | I). These ratios are the label dependencies the
 * LSTM learned ("after person: bottle ×40"). Pure numbers.
 */
export interface PathEffectRow {
  label: number;
  /** p(label | START, P). */
  given: number;
  /** p(label | START). */
  start: number;
  /** given / start (> 1: the path raised it). */
  ratio: number;
  /** The independent classifier's p(label | I), or null when unknown. */
  baseline: number | null;
}

/**
 * Every label 0..L-1 outside `path`, most raised first, most lowered last. `start` and `given` are
 * distributions over labels + END (Float32Array[L+1] or plain arrays); END itself is left out.
 */
export function pathEffect(
  start: ArrayLike<number>, given: ArrayLike<number>, path: number[], baseline: ArrayLike<number> | null,
): PathEffectRow[] {
  const inPath = new Set(path);
  const rows: PathEffectRow[] = [];
  for (let label = 0; label < start.length - 1; label++) {
    if (inPath.has(label)) continue;
    const s = start[label]!;
    const g = given[label]!;
    const ratio = s > 0 ? g / s : g > 0 ? Infinity : 1;
    rows.push({ label, given: g, start: s, ratio, baseline: baseline ? baseline[label] ?? null : null });
  }
  return rows.sort((a, b) => b.ratio - a.ratio || a.label - b.label);
}

/** The `count` most raised (ratio > 1) and `count` most lowered (ratio < 1) rows of pathEffect. */
export function strongestEffects(rows: PathEffectRow[], count: number): { raised: PathEffectRow[]; lowered: PathEffectRow[] } {
  return {
    raised: rows.filter((r) => r.ratio > 1).slice(0, count),
    lowered: rows.filter((r) => r.ratio < 1).reverse().slice(0, count),
  };
}
