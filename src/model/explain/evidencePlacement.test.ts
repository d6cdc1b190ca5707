import { describe, expect, it } from 'vitest';
import { TILE_BOXES } from '../config';
import { nodeTarget, placeViewMaps, viewMapSize } from './evidencePlacement';

const BOXES = [[0, 0, 1, 1] as const, ...TILE_BOXES];
/** 5 views of 2×2 cells, each filled with one value. */
const filled = (values: number[]) => Float32Array.from(values.flatMap((v) => [v, v, v, v]));
const shape = { views: 5, height: 2, width: 2 };

describe('evidence placement', () => {
  it('sizes the map by the photo aspect, long side 96', () => {
    expect(viewMapSize(500, 375)).toEqual({ width: 96, height: 72 });
    expect(viewMapSize(100, 400)).toEqual({ width: 24, height: 96 });
    expect(viewMapSize(1, 5000)).toEqual({ width: 1, height: 96 });
  });

  it('puts each tile at its box and averages the views that see a cell', () => {
    const out = { width: 10, height: 10 };
    expect(Array.from(placeViewMaps(filled([1, 1, 1, 1, 1]), shape, BOXES, out)).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    const topLeftTile = placeViewMaps(filled([0, 1, 0, 0, 0]), shape, BOXES, out);
    const at = (x: number, y: number) => topLeftTile[y * out.width + x]!;
    expect(at(0, 0)).toBeCloseTo(1 / 2); // seen by the whole view and the top-left tile
    expect(at(5, 5)).toBeCloseTo(1 / 5); // the centre: every view
    expect(at(9, 9)).toBe(0); // bottom-right: the top-left tile does not reach it
    expect(at(9, 0)).toBe(0);
  });

  it('keeps the whole view’s layout (top-left cell stays top-left) and clips negative evidence', () => {
    const maps = new Float32Array(5 * 4);
    maps[0] = 4; // whole view, top-left cell
    maps[3] = -4; // whole view, bottom-right cell
    const out = placeViewMaps(maps, shape, BOXES, { width: 8, height: 8 });
    expect(out[0]).toBeGreaterThan(1);
    expect(out[63]).toBe(0);
    expect(() => placeViewMaps(new Float32Array(3), shape, BOXES, { width: 2, height: 2 })).toThrow(/3 values/);
  });

  it('targets a node by the path before it and its label', () => {
    expect(nodeTarget({ label: 5, labels: [2, 5] }, 20)).toEqual({ path: [2], label: 5 });
    expect(nodeTarget({ label: 20, labels: [2, 5] }, 20)).toEqual({ path: [2, 5], label: 20 });
    expect(nodeTarget({ label: -1, labels: [] }, 20)).toBeNull();
  });
});
