import { useEffect, type CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { evidenceKey } from '../store/evidenceSlice';
import { useStore } from '../store/store';
import type { ImageEntry } from '../store/types';
import { EvidenceControls } from './EvidenceControls';
import { EvidenceFrame } from './EvidenceFrame';

/**
 * The selected photo with the evidence map of the hovered (or focused) node over it, else of the
 * last pinned one; clicking a node pins it, and pins are shown side by side, each as large as the
 * photo (styles.css puts them after the label sets, or on a row of their own below).
 */
export function EvidencePhoto({ image, labels }: { image: ImageEntry; labels: string[] }) {
  const s = useStore(useShallow((st) => ({
    hover: st.hoverNodeId, selected: st.selectedNodeId, pins: st.evidencePins, source: st.evidenceSource,
    opacity: st.evidenceOpacity, maps: st.evidenceMaps, request: st.requestEvidence, pin: st.pinEvidence, unpin: st.unpinEvidence,
  })));
  const { pin, request } = s;
  useEffect(() => { if (s.selected) pin(image.id, s.selected); }, [s.selected, image.id, pin]);
  const byId = new Map(image.beam?.nodes.map((n) => [n.id, n]));
  const pinned = s.pins.filter((p) => p.imageId === image.id && byId.has(p.nodeId)).map((p) => p.nodeId);
  const shown = s.hover && byId.has(s.hover) ? s.hover : pinned.at(-1) ?? null;
  const wanted = [shown, ...pinned].filter((id): id is string => !!id && (byId.get(id)?.label ?? -1) >= 0);
  const wantedKey = wanted.join(',');
  useEffect(() => {
    if (image.beam) wantedKey.split(',').filter(Boolean).forEach((id) => request(image.id, id));
  }, [wantedKey, image.id, image.beam, s.source, request]);
  if (!image.url) return null;
  const entry = (id: string | null) => (id ? s.maps[evidenceKey(image.id, s.source, id)] : undefined);
  // a portrait photo is drawn narrower, so that no frame is taller than styles.css allows
  const aspect = image.size && image.size.height > 0 ? ({ '--aspect': image.size.width / image.size.height } as CSSProperties) : undefined;
  return (
    <>
      <div className="evidence" data-testid="evidence-photo" style={aspect}>
        <EvidenceFrame
          url={image.url} alt={image.name} node={shown ? byId.get(shown) : undefined} entry={entry(shown)} labels={labels}
          opacity={s.opacity} main
        />
        {image.beam && <EvidenceControls />}
      </div>
      {pinned.length > 0 && (
        <div className="evidence-compare" data-testid="evidence-compare" style={aspect}>
          {pinned.map((id) => (
            <div key={id} className="evidence-pin" data-testid="evidence-pin" data-node={id}>
              <EvidenceFrame url={image.url!} alt="" node={byId.get(id)} entry={entry(id)} labels={labels} opacity={s.opacity} />
              <button type="button" className="unpin" aria-label="Unpin this map" onClick={() => s.unpin(id)}>unpin</button>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
