import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';

/** Shows the tfjs backend in use, and why it is not WebGPU when it is not. */
export function BackendBadge() {
  const { backend, note, phase } = useStore(useShallow((s) => ({ backend: s.backend, note: s.backendNote, phase: s.phase })));
  return (
    <span className={`badge badge-${backend ?? 'none'}`} data-testid="backend-badge" title={note ?? undefined} data-phase={phase}>
      {backend ?? (phase === 'error' ? 'no backend' : 'starting…')}
    </span>
  );
}
