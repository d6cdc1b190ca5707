import { useMemo } from 'react';
import type { LabelMap as LabelMapData } from '../model/explain/labelEmbedding';
import { useStore } from '../store/store';
import { LABEL_MAP } from './explainConfig';
import { labelName } from './describe';
import { layoutLabelMap } from './labelMapLayout';

interface Props {
  map: LabelMapData;
  /** What each x_t scores (PathExplanation.stepProbs). */
  stepProbs: Float32Array[];
  path: number[];
  labels: string[];
}

/**
 * U_l's columns (20 labels + END) placed by cosine similarity, with the path's x_t as a trajectory:
 * each x_t at the p-weighted mean of the labels it scores.
 */
export function LabelMap({ map, stepProbs, path, labels }: Props) {
  const hovered = useStore((s) => s.mapHoverLabel);
  const hover = useStore((s) => s.hoverMapLabel);
  const layout = useMemo(() => layoutLabelMap(map, stepProbs, path, labels), [map, stepProbs, path, labels]);
  const focus = layout.labels.find((p) => p.label === hovered) ?? null;
  const near = new Set(focus?.neighbours ?? []);
  return (
    <figure className="label-map-wrap">
      <svg
        className="label-map" data-testid="label-map" viewBox={`0 0 ${layout.width} ${layout.height}`} width="100%"
        role="group" aria-label="Label map: the 20 labels and END placed by how alike U_l scores them, with the selected path's steps"
        xmlns="http://www.w3.org/2000/svg"
      >
        <defs>
          <marker id="label-map-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" className="trajectory-arrow" />
          </marker>
        </defs>
        {focus && focus.neighbours.map((n) => {
          const to = layout.labels[n]!;
          return <line key={n} className="neighbour-link" x1={focus.x} y1={focus.y} x2={to.x} y2={to.y} />;
        })}
        {layout.trajectory.slice(1).map((p, i) => {
          const from = layout.trajectory[i]!;
          return <line key={i} className="trajectory" x1={from.x} y1={from.y} x2={p.x} y2={p.y} markerEnd="url(#label-map-arrow)" />;
        })}
        {layout.trajectory.map((p, t) => (
          <g key={`x${t}`} className="trajectory-point" data-testid="trajectory-point" data-step={t + 1} transform={`translate(${p.x},${p.y})`}>
            <circle r={LABEL_MAP.trajectoryRadius} />
            <text x={-6} y={-6} textAnchor="end">{`x${t + 1}`}</text>
            <title>{`x_${t + 1}, after ${p.after}: at the mean of the labels it scores, weighted by p; heads for ${labelName(labels, p.top)}`}</title>
          </g>
        ))}
        {layout.labels.map((p) => (
          <g
            key={p.label} className={`map-point${p.inPath ? ' in-path' : ''}${near.has(p.label) ? ' neighbour' : ''}${p.label === hovered ? ' hovered' : ''}`}
            transform={`translate(${p.x},${p.y})`} data-label={p.name} tabIndex={0}
            onMouseEnter={() => hover(p.label)} onMouseLeave={() => hover(null)} onFocus={() => hover(p.label)} onBlur={() => hover(null)}
          >
            <circle r={LABEL_MAP.pointRadius} />
            <text x={p.text.x - p.x} y={p.text.y - p.y} textAnchor={p.text.anchor}>{p.name}</text>
            <title>{`${p.name}: nearest ${p.neighbours.map((n) => layout.labels[n]!.name).join(', ')}`}</title>
          </g>
        ))}
      </svg>
      <figcaption className="muted" data-testid="map-caption">
        <span>
          Labels close together are scored alike by the head (cosine similarity of U_l's columns). Arrows: the path's
          steps x_t, each at the mean of the labels it scores weighted by their p, so it heads for the next label.
        </span>
        {/* one line whatever is hovered, so the page does not move under the pointer */}
        <span className="map-hover-line">
          {focus
            ? <>Nearest to <b>{focus.name}</b> in U_l: <span data-testid="map-neighbours">{focus.neighbours.map((n) => layout.labels[n]!.name).join(', ')}</span></>
            : 'Hover a label for its nearest labels in U_l.'}
        </span>
      </figcaption>
    </figure>
  );
}
