import type { BeamNode } from '../model/search/beamTypes';
import type { EvidenceEntry } from '../store/evidenceSlice';
import { formatProb, labelName } from '../viz/describe';
import { EvidenceCanvas } from '../viz/EvidenceCanvas';

interface Props {
  url: string;
  alt: string;
  node: BeamNode | undefined;
  entry: EvidenceEntry | undefined;
  labels: string[];
  opacity: number;
  /** The main photo (data-testid="photo"), not a pinned copy. */
  main?: boolean;
}

/** "person after START → dog": the node's label and the path before it. */
export function evidenceCaption(node: BeamNode, labels: string[]): string {
  const before = node.label === labels.length ? node.labels : node.labels.slice(0, -1);
  const path = ['START', ...before.map((l) => labelName(labels, l))].join(' → ');
  return `${labelName(labels, node.label)} after ${path} (p ${formatProb(node.stepProb)})`;
}

/** The photo with one node's evidence map over it, and a line saying what it shows. */
export function EvidenceFrame({ url, alt, node, entry, labels, opacity, main = false }: Props) {
  const status = !node ? 'Hover a node of the tree to see where its label’s evidence lies; click to pin it.'
    : node.label < 0 ? 'START has no label: hover a label node.'
      : !entry ? `computing the evidence for ${evidenceCaption(node, labels)}…`
        : 'error' in entry ? `No evidence map: ${entry.error}`
          : `evidence for ${evidenceCaption(node, labels)}${entry.map.max > 0 ? '' : ' — none positive'} · ${entry.ms.toFixed(0)} ms`;
  return (
    <figure className="evidence-frame">
      <div className="photo-frame">
        <img className="preview" src={url} alt={alt} data-testid={main ? 'photo' : undefined} />
        {node && entry && 'map' in entry && (
          <EvidenceCanvas map={entry.map} nodeId={node.id} opacity={opacity} label={`Evidence map: ${evidenceCaption(node, labels)}`} />
        )}
      </div>
      <figcaption className="muted" data-testid="evidence-caption">{status}</figcaption>
    </figure>
  );
}
