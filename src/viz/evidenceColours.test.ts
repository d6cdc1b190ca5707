import { describe, expect, it } from 'vitest';
import { evidencePixels, heatColour } from './evidenceColours';

describe('evidence colours', () => {
  it('maps 0 to dark blue and 1 to red, clamping the rest', () => {
    expect(heatColour(0)).toEqual([20, 30, 140]);
    expect(heatColour(1)).toEqual([230, 30, 20]);
    expect(heatColour(7)).toEqual(heatColour(1));
    expect(heatColour(Number.NaN)).toEqual(heatColour(0));
  });

  it('normalises by the map max; no evidence is transparent', () => {
    const px = evidencePixels({ values: Float32Array.from([0, 2, 4]), max: 4 });
    expect(px[3]).toBe(0);
    expect(Array.from(px.subarray(8, 12))).toEqual([230, 30, 20, 255]);
    expect(Array.from(evidencePixels({ values: Float32Array.from([0, 0]), max: 0 })).every((v, i) => i % 4 !== 3 || v === 0)).toBe(true);
  });
});
