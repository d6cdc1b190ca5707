/** Multi-label metrics (pure). Ground truth per class: 1 present, -1 absent, 0 difficult (ignored). */

/**
 * VOC2007 average precision (11-point interpolated, as the devkit's VOCevalcls with the 2007
 * flag): mean over recall levels 0, 0.1, …, 1 of the best precision at recall ≥ that level.
 * Returns a fraction 0..1 (NaN when the class has no positive).
 */
export function voc07AveragePrecision(scores: ArrayLike<number>, truth: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i)
    .filter((i) => truth[i] !== 0)
    .sort((a, b) => scores[b]! - scores[a]! || a - b);
  const positives = order.filter((i) => truth[i]! > 0).length;
  if (positives === 0) return Number.NaN;
  const precision: number[] = [];
  const recall: number[] = [];
  let tp = 0;
  order.forEach((i, rank) => {
    if (truth[i]! > 0) tp++;
    precision.push(tp / (rank + 1));
    recall.push(tp / positives);
  });
  let ap = 0;
  for (let t = 0; t <= 10; t++) {
    let best = 0;
    for (let j = 0; j < recall.length; j++) if (recall[j]! >= t / 10 - 1e-12) best = Math.max(best, precision[j]!);
    ap += best;
  }
  return ap / 11;
}

/** Per-class AP and their mean, in percent. scores[i][c], truth[i][c]. */
export function meanAveragePrecision(
  scores: ArrayLike<number>[], truth: ArrayLike<number>[], classes: readonly string[],
): { mAP: number; ap: Record<string, number> } {
  const ap: Record<string, number> = {};
  classes.forEach((cls, c) => {
    ap[cls] = 100 * voc07AveragePrecision(scores.map((s) => s[c]!), truth.map((t) => t[c]!));
  });
  const valid = Object.values(ap).filter((v) => !Number.isNaN(v));
  return { mAP: valid.reduce((a, b) => a + b, 0) / valid.length, ap };
}

/** The paper's set metrics, in percent: per-class (C-) and overall (O-) precision, recall, F1. */
export interface SetMetrics { CP: number; CR: number; CF1: number; OP: number; OR: number; OF1: number }

const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/** Per class: true positives, false positives and positives of predicted label sets (truth 0 ignored). */
function classCounts(predicted: number[][], truth: ArrayLike<number>[], numClasses: number) {
  const tp = new Array<number>(numClasses).fill(0);
  const fp = new Array<number>(numClasses).fill(0);
  const pos = new Array<number>(numClasses).fill(0);
  truth.forEach((t, i) => {
    const pred = new Set(predicted[i]);
    for (let c = 0; c < numClasses; c++) {
      if (t[c] === 0) continue;
      if (t[c]! > 0) pos[c]++;
      if (pred.has(c)) (t[c]! > 0 ? tp : fp)[c]++;
    }
  });
  const cp = tp.map((v, c) => (v + fp[c]! > 0 ? v / (v + fp[c]!) : 0));
  const cr = tp.map((v, c) => (pos[c]! > 0 ? v / pos[c]! : 0));
  return { tp, fp, pos, cp, cr };
}

/**
 * Precision/recall/F1 of predicted label sets (predicted[i] = label indices). Difficult pairs
 * (truth 0) are ignored; a class never predicted has precision 0.
 */
export function setMetrics(predicted: number[][], truth: ArrayLike<number>[], numClasses: number): SetMetrics {
  const { tp, fp, pos, cp, cr } = classCounts(predicted, truth, numClasses);
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const CP = sum(cp) / numClasses;
  const CR = sum(cr) / numClasses;
  const OP = sum(tp) + sum(fp) > 0 ? sum(tp) / (sum(tp) + sum(fp)) : 0;
  const OR = sum(pos) > 0 ? sum(tp) / sum(pos) : 0;
  return { CP: 100 * CP, CR: 100 * CR, CF1: 100 * f1(CP, CR), OP: 100 * OP, OR: 100 * OR, OF1: 100 * f1(OP, OR) };
}

/**
 * Per class, in percent: P, the share of the class's predictions that are right (0 when it is never
 * predicted), and R, the share of its photos whose set holds it (0 when no photo holds it); `n` is
 * how many photos hold it. Truth 0 is ignored, as in setMetrics.
 */
export function perClassMetrics(predicted: number[][], truth: ArrayLike<number>[], labels: readonly string[]): Record<string, { P: number; R: number; n: number }> {
  const { pos, cp, cr } = classCounts(predicted, truth, labels.length);
  return Object.fromEntries(labels.map((l, c) => [l, { P: 100 * cp[c]!, R: 100 * cr[c]!, n: pos[c]! }]));
}
