import { describe, expect, it } from 'vitest';
import { nameBox, nameClashes, overlapArea, placeNames, separate } from './labelPlacement';

describe('label placement', () => {
  const box = { x0: 0, x1: 100, y0: 0, y1: 100 };

  it('separate parts points that nearly or exactly coincide, and leaves distant ones where they are', () => {
    const out = separate([{ x: 50, y: 50 }, { x: 50, y: 50 }, { x: 52, y: 50 }, { x: 10, y: 90 }], 14, box);
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) {
      expect(Math.hypot(out[i]!.x - out[j]!.x, out[i]!.y - out[j]!.y)).toBeGreaterThanOrEqual(13.9);
    }
    expect(out[3]).toEqual({ x: 10, y: 90 });
    for (const p of out) expect(p.x >= 0 && p.x <= 100 && p.y >= 0 && p.y <= 100).toBe(true);
  });

  it('name boxes grow with the name and follow the anchor', () => {
    const right = nameBox({ x: 10, y: 20, anchor: 'start' }, 'dog');
    const left = nameBox({ x: 10, y: 20, anchor: 'end' }, 'dog');
    expect(right.x0).toBeLessThan(10);
    expect(left.x1).toBeGreaterThan(10);
    expect(right.x1 - right.x0).toBeCloseTo(left.x1 - left.x0, 9);
    expect(nameBox({ x: 0, y: 0, anchor: 'middle' }, 'pottedplant').x1 - nameBox({ x: 0, y: 0, anchor: 'middle' }, 'dog').x1).toBeGreaterThan(20);
    expect(overlapArea(right, left)).toBeGreaterThan(0);
    expect(overlapArea(right, { x0: 200, x1: 210, y0: 0, y1: 10 })).toBe(0);
  });

  it('two points side by side get their names on different sides, and the edge is avoided', () => {
    const { spots, boxes } = placeNames([{ x: 200, y: 50 }, { x: 220, y: 50 }], ['person', 'bottle'], 400, 100);
    expect(nameClashes(boxes)).toEqual([]);
    expect(spots.map((s) => s.anchor).sort()).not.toEqual(['start', 'start']);
    const edge = placeNames([{ x: 395, y: 50 }], ['tvmonitor'], 400, 100);
    expect(edge.boxes[0]!.x1).toBeLessThanOrEqual(400);
  });
});
