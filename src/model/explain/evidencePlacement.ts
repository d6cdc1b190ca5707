/** Evidence maps as plain data, and how the CNN views' maps are put back on the photo (pure, no tensors). */
import type { BeamNode } from '../search/beamTypes';

/** Which CNN maps the evidence is taken from: MobileNetV3's extern1 or the COCO centre heat-maps. */
export type EvidenceSource = 'features' | 'heatmaps';
export const EVIDENCE_SOURCES: readonly EvidenceSource[] = ['features', 'heatmaps'];

/** A node of the search tree: the path P before it and its label k (numLabels = END). */
export interface EvidenceTarget {
  path: number[];
  label: number;
}

/** The target of a tree node (its path before it and its label), or null for the root (no label). */
export function nodeTarget(node: Pick<BeamNode, 'label' | 'labels'>, numLabels: number): EvidenceTarget | null {
  if (node.label < 0) return null;
  return { path: node.label === numLabels ? [...node.labels] : node.labels.slice(0, -1), label: node.label };
}

/** Long side of an evidence map (cells); the short side follows the photo's aspect. */
export const EVIDENCE_MAP_SIDE = 96;

/** One node's evidence over the photo, row-major, photo coordinates (cell (0,0) = top-left). */
export interface EvidenceMap {
  width: number;
  height: number;
  /** Float32Array[width × height], ReLU'd Grad-CAM values (unnormalised, ≥ 0). */
  values: Float32Array;
  /** Largest value (0 when the map is empty: no positive evidence). */
  max: number;
  source: EvidenceSource;
}

/** Size of an evidence map for a photo: EVIDENCE_MAP_SIDE on the long side, the photo's aspect. */
export function viewMapSize(photoWidth: number, photoHeight: number, side = EVIDENCE_MAP_SIDE): { width: number; height: number } {
  const long = Math.max(photoWidth, photoHeight, 1);
  return {
    width: Math.max(1, Math.round((side * Math.max(photoWidth, 1)) / long)),
    height: Math.max(1, Math.round((side * Math.max(photoHeight, 1)) / long)),
  };
}

/** Bilinear sample of one view's map at (fy, fx) in its cell units (cell centres at i + 0.5), edges clamped. */
function sampleView(maps: Float32Array, offset: number, h: number, w: number, fy: number, fx: number): number {
  const y = Math.min(Math.max(fy - 0.5, 0), h - 1), x = Math.min(Math.max(fx - 0.5, 0), w - 1);
  const y0 = Math.floor(y), x0 = Math.floor(x);
  const y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
  const dy = y - y0, dx = x - x0;
  const at = (yy: number, xx: number) => maps[offset + yy * w + xx]!;
  return (at(y0, x0) * (1 - dx) + at(y0, x1) * dx) * (1 - dy) + (at(y1, x0) * (1 - dx) + at(y1, x1) * dx) * dy;
}

/**
 * Puts every view's map back at its box in the photo and averages the views that see each cell
 * (the whole view everywhere, 1–4 tiles besides it where they overlap), then ReLU: the map of
 * Grad-CAM. Averaging rather than summing keeps the centre, seen by every tile, from outweighing
 * the corners just because it is seen more often.
 * @param maps Float32Array[views × height × width]: each view's map, row-major
 * @param boxes per view, [y1, x1, y2, x2] fractions of the photo
 * @returns Float32Array[out.width × out.height]
 */
export function placeViewMaps(
  maps: Float32Array, shape: { views: number; height: number; width: number },
  boxes: readonly (readonly [number, number, number, number])[], out: { width: number; height: number },
): Float32Array {
  const { views, height: h, width: w } = shape;
  if (maps.length !== views * h * w || boxes.length !== views) throw new Error(`placeViewMaps: ${maps.length} values for ${views} views of ${h}×${w} and ${boxes.length} boxes`);
  const result = new Float32Array(out.width * out.height);
  for (let py = 0; py < out.height; py++) {
    const v = (py + 0.5) / out.height;
    for (let px = 0; px < out.width; px++) {
      const u = (px + 0.5) / out.width;
      let sum = 0, count = 0;
      boxes.forEach(([y1, x1, y2, x2], i) => {
        if (v < y1 || v > y2 || u < x1 || u > x2) return;
        sum += sampleView(maps, i * h * w, h, w, ((v - y1) / (y2 - y1)) * h, ((u - x1) / (x2 - x1)) * w);
        count++;
      });
      result[py * out.width + px] = count ? Math.max(0, sum / count) : 0;
    }
  }
  return result;
}
