import { stratify, tree } from 'd3-hierarchy';
import type { BeamNode, BeamResult } from '../model/search/beamTypes';
import { TREE } from './treeConfig';

/** How a node is drawn: its status, or 'best' for the winning path. */
export type DrawState = BeamNode['status'] | 'best';

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  node: BeamNode;
  state: DrawState;
  /** In the frontier of the playback step shown. */
  frontier: boolean;
}

export interface PlacedLink {
  id: string;
  from: { x: number; y: number };
  to: { x: number; y: number };
  stepProb: number;
  state: DrawState;
}

export interface TreeLayout {
  nodes: PlacedNode[];
  links: PlacedLink[];
  width: number;
  height: number;
  /** x of the column where the search stopped. */
  stopX: number;
}

/** Forced labels stay marked as forced (they are on every path, the best one included). */
export function drawState(n: BeamNode): DrawState {
  if (n.status === 'forced' || n.status === 'root') return n.status;
  return n.onBestPath ? 'best' : n.status;
}

/**
 * Places the beam-search tree left to right (one column per step) with d3-hierarchy.
 * `step` limits the drawing to the first steps (playback); null draws everything.
 */
export function layoutBeamTree(result: BeamResult, step: number | null = null): TreeLayout {
  const shown = result.nodes.filter((n) => step === null || n.depth <= step);
  const root = stratify<BeamNode>().id((d) => d.id).parentId((d) => d.parentId)(shown);
  root.sort((a, b) => a.data.rank - b.data.rank);
  const placed = tree<BeamNode>().nodeSize([TREE.rowHeight, TREE.columnWidth])(root);
  let minY = Infinity;
  let maxY = -Infinity;
  placed.each((n) => { minY = Math.min(minY, n.x); maxY = Math.max(maxY, n.x); });
  const dy = TREE.margin + TREE.nodeHeight / 2 - minY;
  const dx = TREE.margin;
  const frontierIds = new Set(step === null || step === 0 ? [] : result.steps[step - 1]?.frontier ?? []);
  const nodes: PlacedNode[] = placed.descendants().map((n) => ({
    id: n.data.id, x: n.y + dx, y: n.x + dy, node: n.data, state: drawState(n.data), frontier: frontierIds.has(n.data.id),
  }));
  const pos = new Map(nodes.map((n) => [n.id, n]));
  const links: PlacedLink[] = nodes.filter((n) => n.node.parentId).map((n) => {
    const p = pos.get(n.node.parentId!)!;
    return { id: n.id, from: { x: p.x, y: p.y }, to: { x: n.x, y: n.y }, stepProb: n.node.stepProb, state: n.state };
  });
  const depth = Math.max(...nodes.map((n) => n.node.depth));
  const stopDepth = step === null ? result.stop.step : Math.min(step, result.stop.step);
  return {
    nodes, links,
    width: dx * 2 + depth * TREE.columnWidth + TREE.nodeWidth,
    height: maxY - minY + 2 * TREE.margin + TREE.nodeHeight,
    stopX: dx + stopDepth * TREE.columnWidth,
  };
}

/** Stroke width of a link by its step probability. */
export function linkWidth(stepProb: number): number {
  return TREE.minStroke + (TREE.maxStroke - TREE.minStroke) * Math.sqrt(Math.max(0, Math.min(1, stepProb)));
}
