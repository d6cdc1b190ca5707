import { memo } from 'react';
import { formatProb, labelName } from './describe';
import type { PlacedNode } from './treeLayout';
import { TREE } from './treeConfig';

interface Props {
  placed: PlacedNode;
  labels: string[];
  onPath: boolean;
  onHover: (id: string | null) => void;
  onSelect: (id: string) => void;
  onKey: (e: React.KeyboardEvent, id: string) => void;
}

/** One node of the beam tree: label, step p and path p; state shown by class (CSS). */
export const TreeNode = memo(function TreeNode({ placed, labels, onPath, onHover, onSelect, onKey }: Props) {
  const n = placed.node;
  const name = labelName(labels, n.label);
  const pathP = Math.exp(n.logProb);
  return (
    <g
      className={`node state-${placed.state}${onPath ? ' on-path' : ''}${placed.frontier ? ' frontier' : ''}`}
      transform={`translate(${placed.x},${placed.y})`} tabIndex={0} role="treeitem"
      aria-label={`${name}, step p ${formatProb(n.stepProb)}, path p ${formatProb(pathP)}, ${placed.state}`}
      data-testid="beam-node" data-id={n.id} data-label={name} data-step-p={n.stepProb} data-path-p={pathP} data-state={placed.state}
      data-depth={n.depth}
      onMouseEnter={() => onHover(n.id)} onMouseLeave={() => onHover(null)} onFocus={() => onHover(n.id)}
      onClick={() => onSelect(n.id)} onKeyDown={(e) => onKey(e, n.id)}
    >
      <rect x={0} y={-TREE.nodeHeight / 2} width={TREE.nodeWidth} height={TREE.nodeHeight} rx={6} />
      <text x={8} y={n.status === 'root' ? 4 : -2} className="node-label">{name}</text>
      {n.status !== 'root' && (
        <>
          <text x={TREE.nodeWidth - 6} y={-2} className="node-p" textAnchor="end">{formatProb(n.stepProb)}</text>
          <text x={8} y={12} className="node-path-p">path {formatProb(pathP)}</text>
        </>
      )}
      <title>{`${name}: step p ${formatProb(n.stepProb)}, path p ${formatProb(pathP)} (${placed.state})`}</title>
    </g>
  );
});
