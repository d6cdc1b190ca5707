import type { PathEffectRow } from '../model/pathEffect';
import { strongestEffects } from '../model/pathEffect';
import { formatProb, formatRatio, labelName } from '../viz/describe';
import { PATH_EFFECT_ROWS } from '../viz/explainConfig';

/** The labels a path raised or lowered most: p(label | P) against p(label | START), baseline beside. */
export function PathEffect({ rows, labels, pathName }: { rows: PathEffectRow[]; labels: string[]; pathName: string }) {
  const { raised, lowered } = strongestEffects(rows, PATH_EFFECT_ROWS);
  const row = (r: PathEffectRow) => (
    <tr key={r.label} data-label={labelName(labels, r.label)} data-ratio={r.ratio} className={r.ratio > 1 ? 'raised' : 'lowered'}>
      <th scope="row">{labelName(labels, r.label)}</th>
      <td className="ratio">{formatRatio(r.ratio)}</td>
      <td>{formatProb(r.start)} → {formatProb(r.given)}</td>
      <td>{r.baseline === null ? '–' : formatProb(r.baseline)}</td>
    </tr>
  );
  return (
    <div className="path-effect">
      <h4>What “{pathName}” changed</h4>
      <table data-testid="path-effect">
        <thead>
          <tr><th scope="col">label</th><th scope="col">×</th><th scope="col">p after START → after path</th><th scope="col">baseline p</th></tr>
        </thead>
        <tbody>
          {raised.map(row)}
          {lowered.map(row)}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">Select a node below START: at START nothing has changed yet.</p>}
      <p className="muted">× is p(label | path) / p(label | START): the label dependencies the LSTM learned. The baseline sees the image only.</p>
    </div>
  );
}
