import type { BeamResult } from '../model/search/beamTypes';

/** A probability for people: 3 significant digits, scientific below 0.001. */
export function formatProb(p: number): string {
  if (p === 0) return '0';
  if (p < 0.001) return p.toExponential(1);
  const s = p.toPrecision(3);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Says in words where and why the search stopped. */
export function describeStop(r: BeamResult): string {
  const { step, reason, bestOpenLogProb, worstCandidateLogProb } = r.stop;
  if (reason === 'converged') {
    return `stopped at step ${step}: best open path ${formatProb(Math.exp(bestOpenLogProb!))} < every finished path (lowest ${formatProb(Math.exp(worstCandidateLogProb!))})`;
  }
  if (reason === 'maxLength') return `stopped at step ${step}: max length ${r.maxLength} reached, so every path had to end`;
  return `stopped at step ${step}: every kept path ended in END`;
}

/** Name of a label index (END for numLabels). */
export function labelName(labels: string[], index: number): string {
  return index === labels.length ? 'END' : index < 0 ? 'START' : labels[index] ?? `#${index}`;
}

/** A probability as a percentage for people: "83.5%", "1.2%", "0%" and "100%" (no decimals at the ends). */
export function formatPercent(p: number): string {
  if (p >= 0.9995) return '100%';
  if (p < 0.0005) return '0%';
  return `${(100 * p).toFixed(1).replace(/\.0$/, '')}%`;
}

/** A change of probability in percentage points, signed: "+12.3", "−0.4" (a true minus sign), "0". */
export function formatPoints(change: number): string {
  const text = Math.abs(100 * change).toFixed(1);
  if (text === '0.0') return '0';
  return `${change > 0 ? '+' : '−'}${text}`;
}

/** The stop in a few words, for small screens: "stop @3: converged". */
export function describeStopShort(r: BeamResult): string {
  const words = { converged: 'converged', maxLength: `max length ${r.maxLength}`, exhausted: 'all ended' } as const;
  return `stop @${r.stop.step}: ${words[r.stop.reason]}`;
}

/**
 * The labels most probable as the first step, most probable first: at most `count`, each at least
 * `min` (END left out). What the app offers to force when the label set is empty.
 */
export function likeliestFirstLabels(r: BeamResult, count = 3, min = 0.05): { label: number; p: number }[] {
  const first = r.nodes.find((n) => n.id === 'root')?.next;
  if (!first) return [];
  return Array.from(first.subarray(0, r.numLabels), (p, label) => ({ label, p }))
    .filter((x) => x.p >= min)
    .sort((a, b) => b.p - a.p)
    .slice(0, count);
}

/** A label set in a few words: "dog, person", or for an empty one "(none; closest aeroplane 46.5%)". */
export function labelSetText(r: BeamResult, labels: string[], set: readonly number[]): string {
  if (set.length > 0) return set.map((l) => labelName(labels, l)).join(', ');
  const [closest] = likeliestFirstLabels(r, 1);
  return closest ? `(none; closest ${labelName(labels, closest.label)} ${formatPercent(closest.p)})` : '(none)';
}

/** A label set the search also ended with: its END node, its labels in path order, its path probability. */
export interface RunnerUpSet {
  id: string;
  labels: number[];
  prob: number;
}

/**
 * The label sets that came next after the best one: END paths whose labels, order aside, differ from
 * the best path's and from every set listed before them; most probable first, at most `count`, each
 * with a path probability of at least `min`. What the app shows beside a label set the model was
 * unsure of ("dog, p 0.43; next: cat, p 0.31").
 */
export function runnerUpSets(r: BeamResult, count = 2, min = 0.05): RunnerUpSet[] {
  const byId = new Map(r.nodes.map((n) => [n.id, n]));
  const key = (labels: readonly number[]) => [...labels].sort((a, b) => a - b).join(',');
  const seen = new Set(r.best ? [key(r.best.labels)] : []);
  const out: RunnerUpSet[] = [];
  for (const id of r.candidates) {
    if (out.length >= count) break;
    const node = byId.get(id);
    if (!node) break;
    const prob = Math.exp(node.logProb);
    if (prob < min) break; // candidates are most probable first
    const set = key(node.labels);
    if (seen.has(set)) continue;
    seen.add(set);
    out.push({ id, labels: node.labels, prob });
  }
  return out;
}
