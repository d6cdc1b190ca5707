import { useShallow } from 'zustand/react/shallow';
import { EVIDENCE_SOURCES, type EvidenceSource } from '../model/explain/evidencePlacement';
import { useStore } from '../store/store';

const SOURCE_NAMES: Record<EvidenceSource, string> = { features: 'feature map (extern1)', heatmaps: 'COCO heat-maps' };

/** Opacity of the evidence overlay and which CNN maps it is taken from. */
export function EvidenceControls() {
  const { opacity, setOpacity, source, setSource } = useStore(useShallow((s) => ({
    opacity: s.evidenceOpacity, setOpacity: s.setEvidenceOpacity, source: s.evidenceSource, setSource: s.setEvidenceSource,
  })));
  return (
    <div className="evidence-controls">
      <label>
        overlay opacity{' '}
        <input
          type="range" min={0} max={1} step={0.05} value={opacity} data-testid="evidence-opacity"
          onChange={(e) => setOpacity(Number(e.target.value))}
        />
      </label>
      <fieldset className="evidence-source" data-testid="evidence-source">
        <legend>evidence from</legend>
        {EVIDENCE_SOURCES.map((s) => (
          <label key={s}>
            <input type="radio" name="evidence-source" value={s} checked={source === s} onChange={() => setSource(s)} /> {SOURCE_NAMES[s]}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
