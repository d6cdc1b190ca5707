import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';
import { BACKEND_ORDER, type BackendName } from '../worker/protocol';
import { BackendBadge } from './BackendBadge';

/** Title, backend badge and the backend selector. */
export function Header({ embed }: { embed: boolean }) {
  const { requested, initModel, phase } = useStore(useShallow((s) => ({ requested: s.requestedBackend, initModel: s.initModel, phase: s.phase })));
  const busy = phase !== 'ready' && phase !== 'error';
  return (
    <header className="header">
      <h1>Beamsight{!embed && <span className="subtitle"> — CNN-RNN multi-label classification, with its beam search in view</span>}</h1>
      <div className="header-right">
        <BackendBadge />
        {!embed && (
          <label className="backend-select">
            Backend{' '}
            <select
              aria-label="Backend" value={requested ?? 'auto'} disabled={busy}
              onChange={(e) => void initModel(e.target.value === 'auto' ? null : (e.target.value as BackendName))}
            >
              <option value="auto">automatic</option>
              {BACKEND_ORDER.map((b) => <option key={b} value={b}>{b}</option>)}
            </select>
          </label>
        )}
      </div>
    </header>
  );
}
