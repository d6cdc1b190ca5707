import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';
import { formatProb, labelName, labelSetText } from '../viz/describe';

/** All added images with their predicted label sets; click one to explore it. */
export function Gallery() {
  const { images, selectedId, select, remove, labels } = useStore(useShallow((s) => ({
    images: s.images, selectedId: s.selectedId, select: s.select, remove: s.removeImage, labels: s.labels,
  })));
  if (images.length === 0) return null;
  return (
    <aside className="gallery" aria-label="Images">
      <h2>Images ({images.length})</h2>
      <ul>
        {images.map((img) => (
          <li key={img.id} className={img.id === selectedId ? 'selected' : ''} data-testid="gallery-item" data-status={img.status}>
            <button type="button" className="gallery-pick" onClick={() => select(img.id)} aria-current={img.id === selectedId}>
              {img.url ? <img src={img.url} alt="" /> : <span className="thumb-missing">?</span>}
              <span className="gallery-text">
                <strong>{img.name}</strong>
                <small>
                  {img.status === 'done' && img.beam?.best
                    ? `${labelSetText(img.beam, labels, img.beam.best.labels)} · p ${formatProb(img.beam.best.prob)}`
                    : img.status === 'error' ? 'could not classify' : img.status === 'running' ? 'classifying…' : 'queued'}
                </small>
                {img.baseline && (
                  <small className="baseline-line" data-testid="gallery-baseline">
                    baseline: {img.baseline.flatMap((p, i) => (p >= 0.5 ? [labelName(labels, i)] : [])).join(', ') || '(none)'}
                  </small>
                )}
              </span>
            </button>
            <button type="button" className="remove" aria-label={`Remove ${img.name}`} onClick={() => remove(img.id)}>×</button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
