import { useEffect, useMemo } from 'react';
import type { BeamNode, BeamResult } from '../model/search/beamTypes';
import { useStore } from '../store/store';
import type { ImageEntry } from '../store/types';
import { labelName } from '../viz/describe';
import { LabelMap } from '../viz/LabelMap';
import { PathEffect } from './PathEffect';

/** The node explained: the selected one, else the best path's END, else START. */
export function explainedNode(beam: BeamResult, selectedId: string | null): BeamNode {
  const byId = new Map(beam.nodes.map((n) => [n.id, n]));
  return byId.get(selectedId ?? '') ?? byId.get(beam.best?.id ?? '') ?? beam.nodes[0]!;
}

/** What the selected path does to the label set (learned label dependencies) and its trajectory on the label map. */
export function PathExplainer({ image, labels }: { image: ImageEntry; labels: string[] }) {
  const selectedId = useStore((s) => s.selectedNodeId);
  const explainPath = useStore((s) => s.explainPath);
  const explanation = useStore((s) => s.explanation);
  const error = useStore((s) => s.explainError);
  const beam = image.beam!;
  const node = explainedNode(beam, selectedId);
  const key = `${image.id}:${node.labels.join('/')}:${beam.beamWidth}:${beam.maxLength}`;
  useEffect(() => { void explainPath(image.id, node.labels, { beamWidth: beam.beamWidth, maxLength: beam.maxLength }); }, [key]);
  const current = explanation && `${explanation.imageId}:${explanation.path.join('/')}:${explanation.beamWidth}:${explanation.maxLength}` === key ? explanation : null;
  const pathName = useMemo(() => ['START', ...node.labels.map((l) => labelName(labels, l))].join(' → '), [node, labels]);
  return (
    <section className="explain" aria-label="What the selected path does to the label set" data-testid="explain" data-path={node.labels.join('/')} data-ready={current !== null}>
      {error && <p className="error-text" role="alert">{error}</p>}
      {current && (
        <>
          <PathEffect rows={current.effect} labels={labels} pathName={pathName} ms={current.effectMs} />
          <LabelMap map={current.map} stepProbs={current.stepProbs} path={current.path} labels={labels} />
        </>
      )}
      {!current && !error && <p className="muted">Explaining {pathName}…</p>}
    </section>
  );
}
