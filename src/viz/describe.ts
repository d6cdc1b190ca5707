import type { BeamResult } from '../model/beamTypes';

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

/** A probability ratio for people: "×40", "×1.5", "÷12" (below 1), "×∞". */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '×∞';
  const r = ratio >= 1 ? ratio : 1 / ratio;
  const text = r >= 10 ? r.toFixed(0) : r.toPrecision(2).replace(/\.0$/, '');
  return `${ratio >= 1 ? '×' : '÷'}${text}`;
}

/** The stop in a few words, for small screens: "stop @3: converged". */
export function describeStopShort(r: BeamResult): string {
  const words = { converged: 'converged', maxLength: `max length ${r.maxLength}`, exhausted: 'all ended' } as const;
  return `stop @${r.stop.step}: ${words[r.stop.reason]}`;
}
