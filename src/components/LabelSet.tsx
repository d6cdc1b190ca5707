import { useStore } from '../store/store';
import type { ImageEntry } from '../store/types';
import { formatPercent, formatProb, labelName, likeliestFirstLabels, runnerUpSets } from '../viz/describe';

/** The CNN-RNN's label set (best END path) beside the independent classifiers' labels (p ≥ 0.5). */
export function LabelSet({ image, labels }: { image: ImageEntry; labels: string[] }) {
  const forcePrefix = useStore((s) => s.forcePrefix);
  const selectNode = useStore((s) => s.selectNode);
  if (!image.beam) return null;
  const best = image.beam.best;
  // an empty set (END first): the labels the model came closest to, each a click from a forced re-decode
  const closest = best && best.labels.length === 0 && image.prefix.length === 0 ? likeliestFirstLabels(image.beam) : [];
  // a set the model was unsure of: the next sets the search ended with, each a click from its path in the tree
  const runnerUps = best && best.labels.length > 0 ? runnerUpSets(image.beam) : [];
  const baseline = (image.baseline ?? []).map((p, i) => ({ p, i })).filter((x) => x.p >= 0.5).sort((a, b) => b.p - a.p);
  return (
    <div className="label-sets">
      <div data-testid="label-set" data-labels={best ? best.labels.map((l) => labelName(labels, l)).join(',') : ''}>
        <h3>CNN-RNN labels</h3>
        {best ? (
          <p>
            {best.labels.length === 0 && <span className="muted">no VOC label (END first)</span>}
            {best.labels.map((l) => <span key={l} className="chip best">{labelName(labels, l)}</span>)}
            <span className="muted"> path p = {formatProb(best.prob)}</span>
          </p>
        ) : <p className="muted">no path ended within the max length</p>}
        {closest.length > 0 && (
          <p className="closest" data-testid="closest-labels">
            <span className="muted">closest (click to force): </span>
            {closest.map(({ label, p }) => (
              <button key={label} type="button" className="chip" title={`Force ${labelName(labels, label)} first and re-decode`} onClick={() => forcePrefix([label])}>
                {labelName(labels, label)} {formatPercent(p)}
              </button>
            ))}
          </p>
        )}
        {runnerUps.length > 0 && (
          <p data-testid="runner-up-sets">
            <span className="muted">next best: </span>
            {runnerUps.map((set) => (
              <button key={set.id} type="button" className="chip" title="Show this path in the tree" onClick={() => selectNode(set.id)}>
                {set.labels.length > 0 ? set.labels.map((l) => labelName(labels, l)).join(', ') : 'no label'} · p {formatProb(set.prob)}
              </button>
            ))}
          </p>
        )}
        {image.prefix.length > 0 && <p className="muted">forced: {image.prefix.map((l) => labelName(labels, l)).join(' → ')}</p>}
      </div>
      <div data-testid="baseline-set">
        <h3>Independent classifiers</h3>
        <p>
          {baseline.length === 0 && <span className="muted">none ≥ 0.5</span>}
          {baseline.map(({ p, i }) => <span key={i} className="chip">{labelName(labels, i)} {formatProb(p)}</span>)}
        </p>
      </div>
      {image.timings && (
        <p className="muted timings" data-testid="timings">
          {image.timings.cnnMs > 0 ? `CNN ${image.timings.cnnMs.toFixed(0)} ms · ` : 'CNN cached · '}beam search {image.timings.beamMs.toFixed(1)} ms
        </p>
      )}
    </div>
  );
}
