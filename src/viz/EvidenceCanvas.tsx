import { useEffect, useRef } from 'react';
import type { EvidenceMap } from '../model/explain/evidencePlacement';
import { evidencePixels } from './evidenceColours';

interface Props {
  map: EvidenceMap;
  nodeId: string;
  opacity: number;
  /** What the map shows, for screen readers. */
  label: string;
}

/** One evidence map as a heat overlay: a canvas of the map's cells, stretched over the photo by CSS. */
export function EvidenceCanvas({ map, nodeId, opacity, label }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(evidencePixels(map), map.width, map.height), 0, 0);
  }, [map]);
  return (
    <canvas
      ref={ref} className="evidence-canvas" width={map.width} height={map.height} style={{ opacity }}
      data-testid="evidence-map" data-node={nodeId} data-source={map.source} data-max={map.max} role="img" aria-label={label}
    />
  );
}
