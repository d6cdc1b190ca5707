import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';

const mb = (b: number) => (b / 1e6).toFixed(1);

/** One progress bar per model file (bytes), then the warm-up phase. */
export function LoadProgress() {
  const { files, phase, detail, error } = useStore(useShallow((s) => ({ files: s.files, phase: s.phase, detail: s.phaseDetail, error: s.modelError })));
  if (error) return <div className="banner error" role="alert" data-testid="model-error">{error}</div>;
  return (
    <div className="load-progress" data-testid="load-progress" aria-live="polite">
      <p>{phase === 'warmup' ? `Warming up (${detail})…` : phase === 'download' ? 'Downloading models…' : 'Starting…'}</p>
      {Object.entries(files).map(([file, { loaded, total }]) => (
        <div key={file} className="file-progress">
          <span>{file}</span>
          <progress max={total || 1} value={loaded} aria-label={`${file} download`} />
          <span>{mb(loaded)} / {total ? mb(total) : '?'} MB</span>
        </div>
      ))}
    </div>
  );
}
