import { describe, expect, it } from 'vitest';
import { vocClassList } from '../src/train/labels';
import { joins, truthOf, voc12IdOf } from './buildVoc12Set';

describe('VOC 2012 training photos', () => {
  it('takes only the photos VOC 2012 added, never a VOC 2007 one', () => {
    expect(voc12IdOf('images/2008_000008.jpg')).toBe('2008_000008');
    expect(voc12IdOf('images/2011_003276.jpg')).toBe('2011_003276');
    expect(voc12IdOf('2012_000001.jpg')).toBe('2012_000001');
    expect(voc12IdOf('images/2007_000032.jpg')).toBeNull();
    expect(voc12IdOf('images/000021.jpg')).toBeNull();
    expect(voc12IdOf('images/co12.jpeg')).toBeNull();
    expect(voc12IdOf('images/2013_000001.jpg')).toBeNull();
    expect(voc12IdOf('images/x2008_000008.jpg')).toBeNull();
  });

  it('reads a label of 20 values as shown or not shown', () => {
    const values = Array(20).fill(0);
    values[12] = 1;
    values[14] = 1;
    const truth = truthOf(values);
    expect(truth[12]).toBe(1);
    expect(truth[14]).toBe(1);
    expect([...truth].filter((v) => v === -1)).toHaveLength(18);
    expect(() => truthOf([1, 0])).toThrow(/2 values/);
  });

  it('keeps a photo with one of the wanted classes and none of the unwanted', () => {
    const [sheep, cow, cat, person] = vocClassList('sheep,cow,cat,person', 'with');
    const truth = (...cs: number[]) => Int8Array.from({ length: 20 }, (_, c) => (cs.includes(c) ? 1 : -1));
    expect(joins(truth(sheep!, person!), [sheep!, cow!], [cat!])).toBe(true);
    expect(joins(truth(person!), [sheep!, cow!], [cat!])).toBe(false);
    expect(joins(truth(cow!, cat!), [sheep!, cow!], [cat!])).toBe(false);
    expect(joins(truth(person!), [], [])).toBe(true);
    expect(() => vocClassList('sheep,unicorn', 'with')).toThrow(/--with: unicorn is not a VOC class/);
  });
});
