import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';

/** The backend banner (fallback, device loss; not in embeds: the badge's tooltip says it) and messages about inputs. */
export function Notices({ embed = false }: { embed?: boolean }) {
  const { notices, dismiss, backendNote } = useStore(useShallow((s) => ({ notices: s.notices, dismiss: s.dismissNotice, backendNote: s.backendNote })));
  return (
    <div className="notices">
      {backendNote && !embed && <div className="banner info" data-testid="backend-banner">{backendNote}</div>}
      {notices.map((n) => (
        <div key={n.id} className={`banner ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span>{n.text}</span>
          <button type="button" onClick={() => dismiss(n.id)} aria-label="Dismiss">×</button>
        </div>
      ))}
    </div>
  );
}
