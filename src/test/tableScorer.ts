import { pathId } from '../model/search/beamSearch';
import type { BeamScorer } from '../model/search/beamTypes';

/** A scorer that reads next-label distributions (labels 0..2, END = 3) from a table keyed by path. */
export function tableScorer(table: Record<string, number[]>, fallback?: number[]): BeamScorer & { calls: number } {
  const dist = (p: number[]) => {
    const row = table[pathId(p, 3)] ?? fallback;
    if (!row) throw new Error(`test table has no row for ${pathId(p, 3)}`);
    return Float32Array.from(row);
  };
  const s = {
    numLabels: 3,
    calls: 0,
    async start() { s.calls++; return { probs: [dist([])], handle: [[]] as number[][] }; },
    async extend(_parent: unknown, _rows: number[], paths: number[][]) {
      s.calls++;
      return { probs: paths.map(dist), handle: paths };
    },
    release() {},
  };
  return s;
}

