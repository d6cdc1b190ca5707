import type { EvidenceMap } from '../model/explain/evidencePlacement';

/** Colour stops of the heat overlay (t = evidence / the map's max): dark blue → cyan → yellow → red. */
const STOPS: readonly (readonly [number, number, number, number])[] = [
  [0, 20, 30, 140], [0.35, 0, 190, 230], [0.65, 250, 230, 40], [1, 230, 30, 20],
];

/** RGB of a normalised evidence value t in [0, 1], interpolated between STOPS. */
export function heatColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const i = Math.max(1, STOPS.findIndex((s) => s[0] >= x));
  const [t0, ...a] = STOPS[i - 1]!, [t1, ...b] = STOPS[i]!;
  const f = t1 > t0 ? (x - t0) / (t1 - t0) : 0;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/**
 * An evidence map as RGBA pixels (one per map cell), normalised by its own max; alpha grows with
 * the evidence so cells without any stay transparent over the photo.
 */
export function evidencePixels(map: Pick<EvidenceMap, 'values' | 'max'>): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(map.values.length * 4);
  map.values.forEach((v, i) => {
    const t = map.max > 0 ? v / map.max : 0;
    const [r, g, b] = heatColour(t);
    out.set([r, g, b, Math.round(255 * Math.min(1, 1.5 * t))], i * 4);
  });
  return out;
}
