import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';
import type { ModelPhase } from '../store/types';

const mb = (b: number) => (b / 1e6).toFixed(1);

const PHASE_TEXT: Partial<Record<ModelPhase, string>> = { download: 'Downloading models…', compile: 'Compiling GPU shaders', warmup: 'Warming up' };

/** One progress bar per model file (bytes), then the compile (WebGPU) and warm-up phases. */
export function LoadProgress() {
  const { files, phase, detail, error } = useStore(useShallow((s) => ({ files: s.files, phase: s.phase, detail: s.phaseDetail, error: s.modelError })));
  if (error) return <div className="banner error" role="alert" data-testid="model-error">{error}</div>;
  return (
    <div className="load-progress" data-testid="load-progress" aria-live="polite">
      <p data-testid="load-phase" data-phase={phase}>{phase === 'compile' || phase === 'warmup' ? `${PHASE_TEXT[phase]} (${detail})…` : PHASE_TEXT[phase] ?? 'Starting…'}</p>
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
