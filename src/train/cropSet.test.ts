import { describe, expect, it } from 'vitest';
import { VOC_CLASSES } from './labels';
import { cropJoins, cropOf } from './cropSet';

const truth = (present: string[]) => Int8Array.from(VOC_CLASSES, (c) => (present.includes(c) ? 1 : -1));
const chair = VOC_CLASSES.indexOf('chair');
const sheep = VOC_CLASSES.indexOf('sheep');

describe('crops joining the training set', () => {
  it('reads the photo and the index from a crop id', () => {
    expect(cropOf('000012_c1')).toEqual({ photo: '000012', index: 1 });
    expect(cropOf('000012')).toBeNull();
  });

  it('takes the first crops of the training photos only', () => {
    const photos = new Set(['000012']);
    expect(cropJoins('000012_c0', truth(['person']), photos, 1)).toBe(true);
    expect(cropJoins('000012_c1', truth(['person']), photos, 1)).toBe(false);
    expect(cropJoins('000012_c1', truth(['person']), photos, 2)).toBe(true);
    expect(cropJoins('000017_c0', truth(['person']), photos, 2)).toBe(false);
    expect(cropJoins('000012', truth(['person']), photos, 2)).toBe(false);
  });

  it('with classes named, takes only the crops that hold one of them', () => {
    const photos = new Set(['000012']);
    expect(cropJoins('000012_c0', truth(['person', 'chair']), photos, 2, [chair, sheep])).toBe(true);
    expect(cropJoins('000012_c0', truth(['person']), photos, 2, [chair, sheep])).toBe(false);
    // a class that is unknown in the crop (0) does not count as held
    const partial = truth(['person']);
    partial[sheep] = 0;
    expect(cropJoins('000012_c0', partial, photos, 2, [chair, sheep])).toBe(false);
  });
});
