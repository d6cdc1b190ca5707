import { formatProb, labelName } from '../viz/describe';

interface Props {
  probs: Float32Array;
  labels: string[];
  /** Labels the search kept as children here. */
  kept: Set<number>;
  current?: number;
  /** Labels already in the path (masked out). */
  used?: Set<number>;
  onForce?: (label: number) => void;
  testId: string;
}

/** Bars for every label + END, most probable first; kept ones marked. */
export function Distribution({ probs, labels, kept, current, used, onForce, testId }: Props) {
  const order = Array.from(probs, (p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  const END = labels.length;
  return (
    <ul className="distribution" data-testid={testId}>
      {order.map(({ p, i }) => {
        const disabled = used?.has(i) || i === END || !onForce;
        const content = (
          <>
            <span className="dist-label">{labelName(labels, i)}{kept.has(i) ? ' ✓' : ''}</span>
            <span className="dist-bar"><span style={{ width: `${(p * 100).toFixed(2)}%` }} /></span>
            <span className="dist-p">{formatProb(p)}</span>
          </>
        );
        return (
          <li key={i} className={`${kept.has(i) ? 'kept' : ''} ${i === current ? 'current' : ''}`} data-label={labelName(labels, i)} data-p={p}>
            {disabled ? <div className="dist-row">{content}</div> : (
              <button type="button" className="dist-row" onClick={() => onForce!(i)} title={`Force ${labelName(labels, i)} here and re-decode`}>{content}</button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
