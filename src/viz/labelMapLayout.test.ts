import { describe, expect, it } from 'vitest';
import { labelMap } from '../model/explain/labelEmbedding';
import { VOC_CLASSES } from '../train/labels';
import { LABEL_MAP } from './explainConfig';
import { fitPoints, layoutLabelMap, weightedSpot } from './labelMapLayout';
import { nameBox, nameClashes } from './labelPlacement';

const labels = [...VOC_CLASSES];

/** 21 columns (20 labels + END) in 16-D, a few of them nearly the same direction (the hard case). */
function columns(seed: number): number[][] {
  let s = seed;
  const rand = () => { s = (s * 16807) % 2147483647; return s / 2147483647 - 0.5; };
  const cols = Array.from({ length: 21 }, () => Array.from({ length: 16 }, rand));
  for (const [a, b] of [[14, 11], [8, 10], [17, 19], [4, 8]] as const) cols[b] = cols[a]!.map((v) => v + 0.01 * rand());
  return cols;
}

function expectReadable(out: ReturnType<typeof layoutLabelMap>): void {
  const { width, height, margin, minSeparation } = LABEL_MAP;
  const pts = out.labels;
  for (let i = 0; i < pts.length; i++) {
    expect(pts[i]!.x).toBeGreaterThanOrEqual(margin - 1e-9);
    expect(pts[i]!.x).toBeLessThanOrEqual(width - margin + 1e-9);
    expect(pts[i]!.y).toBeGreaterThanOrEqual(margin - 1e-9);
    expect(pts[i]!.y).toBeLessThanOrEqual(height - margin + 1e-9);
    for (let j = i + 1; j < pts.length; j++) expect(Math.hypot(pts[i]!.x - pts[j]!.x, pts[i]!.y - pts[j]!.y)).toBeGreaterThanOrEqual(minSeparation - 1e-6);
  }
  const boxes = pts.map((p) => nameBox(p.text, p.name));
  expect(nameClashes(boxes)).toEqual([]);
  for (const b of boxes) expect(b.x0 >= 0 && b.x1 <= width && b.y0 >= 0 && b.y1 <= height).toBe(true);
}

describe('layoutLabelMap', () => {
  it('spreads 21 labels with no two names overlapping and every pair of points apart', () => {
    for (const seed of [1, 2, 3]) {
      const out = layoutLabelMap(labelMap(columns(seed), 3), [], [], labels);
      expect(out.labels).toHaveLength(21);
      expect(out.labels[20]!.name).toBe('END');
      expectReadable(out);
    }
  });

  it('stays readable when every label sits on the same spot', () => {
    const map = { explained: [0, 0] as [number, number], points: Array.from({ length: 21 }, (_, label) => ({ label, x: 0, y: 0, neighbours: [] })) };
    expectReadable(layoutLabelMap(map, [], [], labels));
  });

  it('draws x_t at the p-weighted mean of the label points, inside their bounding box', () => {
    const map = labelMap(columns(4), 3);
    const oneHot = Float32Array.from({ length: 21 }, (_, k) => (k === 11 ? 1 : 0));
    const spread = Float32Array.from({ length: 21 }, (_, k) => (k === 14 ? 0 : (k + 1) / 230));
    const out = layoutLabelMap(map, [oneHot, spread], [14], labels);
    const dog = out.labels[11]!;
    expect(out.trajectory[0]).toMatchObject({ x: expect.closeTo(dog.x, 9), y: expect.closeTo(dog.y, 9), after: 'START', top: 11 });
    expect(out.trajectory[1]!.after).toBe('person');
    const xs = out.labels.map((p) => p.x), ys = out.labels.map((p) => p.y);
    for (const s of out.trajectory) {
      expect(s.x).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-9);
      expect(s.x).toBeLessThanOrEqual(Math.max(...xs) + 1e-9);
      expect(s.y).toBeGreaterThanOrEqual(Math.min(...ys) - 1e-9);
      expect(s.y).toBeLessThanOrEqual(Math.max(...ys) + 1e-9);
    }
    expect(out.labels.map((l) => l.inPath).filter(Boolean)).toHaveLength(1);
    expect(out.labels[14]!.inPath).toBe(true);
  });
});

describe('fitPoints and weightedSpot', () => {
  it('one scale for both axes, second axis up; the centroid when nothing scores', () => {
    const [a, b, c] = fitPoints([{ x: -1, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }], { x0: 0, x1: 100, y0: 0, y1: 100 });
    expect(c!.y).toBeLessThan(a!.y);
    expect(b!.x - a!.x).toBeCloseTo(2 * (a!.y - c!.y), 9);
    expect(weightedSpot([{ x: 0, y: 0 }, { x: 4, y: 2 }], [0, 0])).toEqual({ x: 2, y: 1 });
    expect(weightedSpot([{ x: 0, y: 0 }, { x: 4, y: 2 }], [1, 3])).toEqual({ x: 3, y: 1.5 });
  });
});
