import { describe, expect, it } from 'vitest';
import { beamSearch } from '../model/search/beamSearch';
import type { BeamScorer } from '../model/search/beamTypes';
import { describeStop, formatProb } from './describe';
import { layoutBeamTree, linkWidth } from './treeLayout';
import { TREE } from './treeConfig';

const table: Record<string, number[]> = {
  root: [0.5, 0.3, 0.1, 0.1], '0': [0, 0.2, 0.1, 0.7], '1': [0.6, 0, 0.1, 0.3], '1/0': [0, 0, 0.2, 0.8],
};
const scorer: BeamScorer = {
  numLabels: 3,
  start: async () => ({ probs: [Float32Array.from(table.root!)], handle: null }),
  extend: async (_p, _r, paths) => ({ probs: paths.map((p) => Float32Array.from(table[p.join('/')]!)), handle: null }),
  release: () => {},
};

describe('layoutBeamTree', () => {
  it('puts one column per step, keeps ids stable, and marks the best path', async () => {
    const r = await beamSearch(scorer, { beamWidth: 2, maxLength: 3 });
    const l = layoutBeamTree(r);
    expect(l.nodes).toHaveLength(r.nodes.length);
    const byId = Object.fromEntries(l.nodes.map((n) => [n.id, n]));
    expect(byId['0']!.x - byId.root!.x).toBe(TREE.columnWidth);
    expect(byId['0/END']!.x - byId.root!.x).toBe(2 * TREE.columnWidth);
    expect(byId['0/END']!.state).toBe('best');
    expect(byId['1/END']!.state).toBe('pruned');
    expect(l.links.find((k) => k.id === '1/0')!.stepProb).toBeCloseTo(0.6, 6);
    expect(Math.min(...l.nodes.map((n) => n.y))).toBeGreaterThanOrEqual(TREE.margin);
    expect(l.stopX).toBe(byId['0/END']!.x);
  });

  it('shows only the first steps during playback, with that step\'s frontier', async () => {
    const r = await beamSearch(scorer, { beamWidth: 2, maxLength: 3 });
    const l = layoutBeamTree(r, 1);
    expect(l.nodes.map((n) => n.id).sort()).toEqual(['0', '1', 'root']);
    expect(l.nodes.filter((n) => n.frontier).map((n) => n.id).sort()).toEqual(['0', '1']);
  });

  it('describes the stop in words and scales links by probability', async () => {
    const r = await beamSearch(scorer, { beamWidth: 2, maxLength: 3 });
    expect(describeStop(r)).toBe('stopped at step 2: best open path 0.18 < every finished path (lowest 0.35)');
    expect(formatProb(0.0004)).toBe('4.0e-4');
    expect(linkWidth(1)).toBe(TREE.maxStroke);
    expect(linkWidth(0)).toBe(TREE.minStroke);
  });
});
