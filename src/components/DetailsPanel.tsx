import { useShallow } from 'zustand/react/shallow';
import type { BeamNode } from '../model/search/beamTypes';
import { useStore } from '../store/store';
import type { ImageEntry } from '../store/types';
import { formatProb, labelName } from '../viz/describe';
import { Distribution } from './Distribution';
import { ModelVariant } from './ModelVariant';

/** Side panel: the hovered/selected node's distribution, its path, and forcing a label there. */
export function DetailsPanel({ image, labels }: { image: ImageEntry; labels: string[] }) {
  const { hoverId, selectedId, forcePrefix, maxLength } = useStore(useShallow((s) => ({
    hoverId: s.hoverNodeId, selectedId: s.selectedNodeId, forcePrefix: s.forcePrefix, maxLength: s.maxLength,
  })));
  const beam = image.beam!;
  const byId = new Map(beam.nodes.map((n) => [n.id, n]));
  const focus = byId.get(hoverId ?? '') ?? byId.get(selectedId ?? '') ?? byId.get('root')!;
  const parent = focus.parentId ? byId.get(focus.parentId) : undefined;
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const keptChildren = (n: BeamNode) => new Set(beam.nodes.filter((c) => c.parentId === n.id && c.status !== 'pruned').map((c) => c.label));
  return (
    <aside className="details" data-testid="details">
      <h3>{focus.id === 'root' ? 'Step 1: first label after START' : `${pathText(focus, labels)} — step ${focus.depth}`}</h3>
      {parent?.next && (
        <>
          <p className="muted">Distribution at this step (p of each label after {pathText(parent, labels)}); this node: <b>{labelName(labels, focus.label)}</b>, p {formatProb(focus.stepProb)}, path p {formatProb(Math.exp(focus.logProb))}, {focus.status}</p>
          <Distribution probs={parent.next} labels={labels} kept={keptChildren(parent)} current={focus.label} testId="step-distribution" />
        </>
      )}
      {focus.next && (
        <>
          <h4>Next label after this path{focus.labels.length < maxLength ? ' — click one to force it' : ''}</h4>
          <Distribution
            probs={focus.next} labels={labels} kept={keptChildren(focus)} used={new Set(focus.labels)} testId="next-distribution"
            onForce={focus.labels.length < maxLength ? (l) => forcePrefix([...focus.labels, l]) : undefined}
          />
        </>
      )}
      {!focus.next && focus.label !== labels.length && focus.status !== 'root' && (
        <button type="button" data-testid="expand-node" onClick={() => forcePrefix(focus.labels)}>Expand this path (force {pathText(focus, labels)})</button>
      )}
      {selected && (
        <div data-testid="selected-path">
          <h4>Selected path</h4>
          <ol>{pathNodes(selected, byId).map((n) => <li key={n.id}>{labelName(labels, n.label)} <span className="muted">p {formatProb(n.stepProb)}</span></li>)}</ol>
          <p>path p = {formatProb(Math.exp(selected.logProb))}</p>
        </div>
      )}
      <ModelVariant />
    </aside>
  );
}

function pathNodes(n: BeamNode, byId: Map<string, BeamNode>): BeamNode[] {
  const out: BeamNode[] = [];
  for (let c: BeamNode | undefined = n; c && c.parentId; c = byId.get(c.parentId)) out.unshift(c);
  return out;
}

function pathText(n: BeamNode, labels: string[]): string {
  const parts = n.labels.map((l) => labelName(labels, l));
  if (n.label === labels.length) parts.push('END');
  return parts.length ? parts.join(' → ') : 'START';
}
