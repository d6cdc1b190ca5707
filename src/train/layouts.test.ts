import { describe, expect, it } from 'vitest';
import { FEATURE_LAYOUT, layoutDim, segmentKey } from '../model/cnn/featureLayout';
import { LAYOUTS, layoutByName } from './layouts';

describe('layouts', () => {
  it('the shipped I is the log-count layout chosen on val', () => {
    expect(layoutByName('base+stats+nanodet+logcounts').map(segmentKey)).toEqual(FEATURE_LAYOUT.map(segmentKey));
    // same parts as without log counts, only the counts transformed
    expect(layoutDim(LAYOUTS['base+stats+nanodet']!)).toBe(layoutDim(FEATURE_LAYOUT));
    expect(FEATURE_LAYOUT.filter((s) => s.transform === 'log1p').map(segmentKey)).toEqual([
      'whole:1328-1488:log1p', 'tilesMax:1328-1488:log1p', 'nanodet:320-400:log1p',
    ]);
  });

  it('names the valid layouts when given an unknown one', () => {
    expect(() => layoutByName('nope')).toThrow(/use one of shipped, base/);
  });
});
