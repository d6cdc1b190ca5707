import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BeamResult } from '../model/search/beamTypes';
import { useStore } from '../store/store';
import { StopText } from './StopText';
import { TreeNode } from './TreeNode';
import { layoutBeamTree, linkWidth } from './treeLayout';
import { TREE } from './treeConfig';

/** The beam-search tree as SVG: zoom/pan, hover for distributions, click to follow a path. */
export function BeamTree({ result, labels }: { result: BeamResult; labels: string[] }) {
  const { step, selectedId, hover, selectNode } = useStore(useShallow((s) => ({
    step: s.playbackStep, selectedId: s.selectedNodeId, hover: s.hoverNode, selectNode: s.selectNode,
  })));
  const layout = useMemo(() => layoutBeamTree(result, step), [result, step]);
  const svgRef = useRef<SVGSVGElement>(null);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const behaviour = zoom<SVGSVGElement, unknown>().scaleExtent([0.2, 4]).on('zoom', (e: { transform: ZoomTransform }) => setTransform(e.transform));
    select(svg).call(behaviour).on('dblclick.zoom', null);
    return () => { select(svg).on('.zoom', null); };
  }, []);

  const onPath = useMemo(() => {
    const ids = new Set<string>();
    const byId = new Map(result.nodes.map((n) => [n.id, n]));
    for (let n = selectedId ? byId.get(selectedId) : undefined; n; n = n.parentId ? byId.get(n.parentId) : undefined) ids.add(n.id);
    return ids;
  }, [result, selectedId]);

  const onKey = useCallback((e: React.KeyboardEvent, id: string) => {
    const target = neighbour(layout, id, e.key);
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectNode(id); return; }
    if (!target) return;
    e.preventDefault();
    svgRef.current?.querySelector<SVGGElement>(`[data-id="${CSS.escape(target)}"]`)?.focus();
  }, [layout, selectNode]);

  return (
    <div className="tree-wrap">
      <svg
        ref={svgRef} className="beam-tree" data-testid="beam-tree" role="tree" aria-label="Beam-search tree"
        viewBox={`0 0 ${Math.max(layout.width, 400)} ${Math.max(layout.height, 200)}`}
        width="100%" height={Math.min(Math.max(layout.height, 240), 640)} xmlns="http://www.w3.org/2000/svg"
      >
        <g transform={transform.toString()}>
          <line className="stop-line" x1={layout.stopX - 12} x2={layout.stopX - 12} y1={0} y2={layout.height} />
          <StopText result={result} stopX={layout.stopX} />
          {layout.links.map((l) => (
            <path
              key={l.id} className={`link state-${l.state}${onPath.has(l.id) ? ' on-path' : ''}`}
              d={`M${l.from.x + TREE.nodeWidth},${l.from.y} C${l.from.x + TREE.nodeWidth + 24},${l.from.y} ${l.to.x - 24},${l.to.y} ${l.to.x},${l.to.y}`}
              strokeWidth={linkWidth(l.stepProb)} strokeOpacity={0.25 + 0.75 * l.stepProb}
            />
          ))}
          {layout.nodes.map((p) => (
            <TreeNode key={p.id} placed={p} labels={labels} onPath={onPath.has(p.id)} onHover={hover} onSelect={selectNode} onKey={onKey} />
          ))}
        </g>
      </svg>
      <p className="legend muted">
        <span className="key best">best path</span> <span className="key kept">kept</span> <span className="key open">open at stop</span>{' '}
        <span className="key end">ended (END)</span> <span className="key pruned">pruned</span> <span className="key forced">forced</span>
        · hover for a node's distribution, click to pin it · scroll to zoom, drag to pan, arrows to move, Enter to select
      </p>
    </div>
  );
}

/** Keyboard navigation: ← parent, → first child, ↑/↓ previous/next sibling. */
function neighbour(layout: ReturnType<typeof layoutBeamTree>, id: string, key: string): string | null {
  const node = layout.nodes.find((n) => n.id === id);
  if (!node) return null;
  if (key === 'ArrowLeft') return node.node.parentId;
  const children = layout.nodes.filter((n) => n.node.parentId === id).sort((a, b) => a.y - b.y);
  if (key === 'ArrowRight') return children[0]?.id ?? null;
  const siblings = layout.nodes.filter((n) => n.node.parentId === node.node.parentId).sort((a, b) => a.y - b.y);
  const i = siblings.findIndex((n) => n.id === id);
  if (key === 'ArrowDown') return siblings[i + 1]?.id ?? null;
  if (key === 'ArrowUp') return siblings[i - 1]?.id ?? null;
  return null;
}
