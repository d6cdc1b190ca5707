import { describe, expect, it } from 'vitest';
import { LABEL_MAP } from './explainConfig';
import { layoutLabelMap, separate } from './labelMapLayout';

describe('layoutLabelMap', () => {
  const map = {
    explained: [0.5, 0.3] as [number, number],
    points: [
      { label: 0, x: -1, y: 0, neighbours: [1] }, { label: 1, x: 1, y: 0, neighbours: [0] }, { label: 2, x: 0, y: 1, neighbours: [0] },
    ],
  };

  it('fits labels and trajectory inside the margins with one scale, second axis up', () => {
    const out = layoutLabelMap(map, [{ x: 0, y: -3 }, { x: 0.5, y: 0 }], [1], ['a', 'b']);
    const all = [...out.labels, ...out.trajectory];
    for (const p of all) {
      expect(p.x).toBeGreaterThanOrEqual(LABEL_MAP.margin - 1e-9);
      expect(p.x).toBeLessThanOrEqual(LABEL_MAP.width - LABEL_MAP.margin + 1e-9);
      expect(p.y).toBeGreaterThanOrEqual(LABEL_MAP.margin - 1e-9);
      expect(p.y).toBeLessThanOrEqual(LABEL_MAP.height - LABEL_MAP.margin + 1e-9);
    }
    const [a, b, end] = out.labels;
    expect(end!.name).toBe('END');
    expect(end!.y).toBeLessThan(a!.y); // y = 1 is drawn above y = 0
    expect(b!.x - a!.x).toBeCloseTo(2 * (a!.y - end!.y), 9); // 2 units across = twice 1 unit up
    expect(out.trajectory.map((s) => s.after)).toEqual(['START', 'b']);
    expect(out.labels.map((l) => l.inPath)).toEqual([false, true, false]);
  });
});

describe('separate', () => {
  const box = { x0: 0, x1: 100, y0: 0, y1: 100 };
  it('parts points that nearly or exactly coincide, and leaves distant ones where they are', () => {
    const out = separate([{ x: 50, y: 50 }, { x: 50, y: 50 }, { x: 52, y: 50 }, { x: 10, y: 90 }], 14, box);
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) {
      expect(Math.hypot(out[i]!.x - out[j]!.x, out[i]!.y - out[j]!.y)).toBeGreaterThanOrEqual(13.9);
    }
    expect(out[3]).toEqual({ x: 10, y: 90 });
    for (const p of out) expect(p.x >= 0 && p.x <= 100 && p.y >= 0 && p.y <= 100).toBe(true);
  });
});
