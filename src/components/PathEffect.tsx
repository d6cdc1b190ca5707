import type { PathEffectRow } from '../model/explain/pathEffect';
import { formatPercent, formatPoints, formatProb, labelName } from '../viz/describe';

/**
 * How a path changes the label set: for each label outside it, the chance it ends up in the set
 * from START (before) and with the path forced (after), in percent, the change in percentage
 * points, and the independent baseline's p beside.
 */
export function PathEffect({ rows, labels, pathName, ms }: { rows: PathEffectRow[]; labels: string[]; pathName: string; ms: number }) {
  return (
    <div className="path-effect">
      <h4>What “{pathName}” does to the label set</h4>
      <p className="muted" data-testid="path-effect-meaning">
        Chance that each label ends up in the predicted set: before = from START, after = with this path forced first
        (finished paths of the same beam search, weighted by their probability).
      </p>
      <table data-testid="path-effect">
        <thead>
          <tr><th scope="col">label</th><th scope="col">before</th><th scope="col">after</th><th scope="col">change (pp)</th><th scope="col">baseline p</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.label} data-label={labelName(labels, r.label)} data-before={r.before} data-after={r.after}
              className={r.change > 0.005 ? 'raised' : r.change < -0.005 ? 'lowered' : 'same'}
            >
              <th scope="row">{labelName(labels, r.label)}</th>
              <td>{formatPercent(r.before)}</td>
              <td>{formatPercent(r.after)}</td>
              <td className="change">{formatPoints(r.change)}</td>
              <td>{r.baseline === null ? '–' : formatProb(r.baseline)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pathName === 'START'
        ? <p className="muted">Select a node below START: at START nothing has changed yet.</p>
        : rows.length === 0 && <p className="muted">No label outside the path reaches 1% before or after.</p>}
      <p className="muted">Labels under 1% both before and after are left out. The baseline sees the image only · {ms.toFixed(0)} ms</p>
    </div>
  );
}
