import { describe, expect, it } from 'vitest';
import { VOC_CLASSES } from './labels';
import { cropPixels, cropTruth, grownBox, insideShare, parseVocBoxes, planCrops, type Box } from './crops';

const c = (name: string) => VOC_CLASSES.indexOf(name as (typeof VOC_CLASSES)[number]);
const photoTruth = (present: string[], difficult: string[] = []) => {
  const t = new Int8Array(VOC_CLASSES.length).fill(-1);
  present.forEach((n) => { t[c(n)] = 1; });
  difficult.forEach((n) => { t[c(n)] = 0; });
  return t;
};

describe('parseVocBoxes', () => {
  it('reads names and 1-based boxes as 0-based, skipping unknown names and empty boxes', () => {
    const xml = '<annotation><object><name>dog</name><bndbox><xmin>11</xmin><ymin>21</ymin><xmax>50</xmax><ymax>60</ymax></bndbox></object>'
      + '<object><name>unicorn</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>'
      + '<object><name>cat</name><bndbox><xmin>9</xmin><ymin>9</ymin><xmax>9</xmax><ymax>20</ymax></bndbox></object></annotation>';
    expect(parseVocBoxes(xml)).toEqual([{ cls: c('dog'), x0: 10, y0: 20, x1: 50, y1: 60 }]);
  });
});

describe('cropTruth', () => {
  const person: Box = { cls: c('person'), x0: 0, y0: 0, x1: 100, y1: 200 };
  const dog: Box = { cls: c('dog'), x0: 200, y0: 100, x1: 300, y1: 200 };
  it('marks a box mostly inside present, partly inside unknown, outside absent', () => {
    const t = cropTruth([person, dog], { x0: 180, y0: 80, x1: 320, y1: 220 }, photoTruth(['person', 'dog']));
    expect(t[c('dog')]).toBe(1);
    expect(t[c('person')]).toBe(-1);
    const partly = cropTruth([person, dog], { x0: 60, y0: 80, x1: 320, y1: 220 }, photoTruth(['person', 'dog']));
    expect(insideShare(person, { x0: 60, y0: 80, x1: 320, y1: 220 })).toBeCloseTo(0.24, 5);
    expect(partly[c('person')]).toBe(0);
    expect(partly[c('cat')]).toBe(-1);
  });
  it('leaves a class the photo holds but no box shows unknown, never absent', () => {
    const t = cropTruth([dog], { x0: 180, y0: 80, x1: 320, y1: 220 }, photoTruth(['person', 'dog'], ['chair']));
    expect(t[c('person')]).toBe(0);
    expect(t[c('chair')]).toBe(0);
    expect(t[c('dog')]).toBe(1);
    expect(t[c('sofa')]).toBe(-1);
  });
  it('keeps present when another box of the class is only partly inside', () => {
    const dog2: Box = { ...dog, x0: 290, x1: 400 };
    expect(cropTruth([dog, dog2], { x0: 180, y0: 80, x1: 320, y1: 220 }, photoTruth(['dog']))[c('dog')]).toBe(1);
  });
});

describe('planCrops', () => {
  const seq = (...values: number[]) => { let i = 0; return () => values[i++ % values.length]!; };
  it('crops the largest box, then another class, grown and clipped, at most perPhoto', () => {
    const boxes: Box[] = [
      { cls: c('person'), x0: 10, y0: 10, x1: 110, y1: 210 },
      { cls: c('person'), x0: 300, y0: 10, x1: 340, y1: 60 },
      { cls: c('dog'), x0: 200, y0: 140, x1: 280, y1: 230 },
      { cls: c('cat'), x0: 400, y0: 150, x1: 480, y1: 230 },
    ];
    const plans = planCrops(boxes, 500, 300, photoTruth(['person', 'dog', 'cat']), seq(0, 0.9), { ...planDefaults(), perPhoto: 2 });
    expect(plans).toHaveLength(2);
    expect(plans[0]!.rect).toEqual(grownBox(boxes[0]!, 1.1, 500, 300));
    expect(plans[0]!.flip).toBe(false);
    expect(plans[1]!.truth[c('dog')]).toBe(1);
    expect(plans[1]!.truth[c('cat')]).toBe(-1);
  });
  it('skips boxes that are too small, and crops that are nearly the whole photo', () => {
    const tiny: Box = { cls: c('bottle'), x0: 10, y0: 10, x1: 30, y1: 80 };
    const whole: Box = { cls: c('sofa'), x0: 5, y0: 5, x1: 495, y1: 295 };
    expect(planCrops([tiny, whole], 500, 300, photoTruth(['bottle', 'sofa']), seq(0.5))).toEqual([]);
  });
});

describe('cropPixels', () => {
  it('cuts the rectangle and mirrors it', () => {
    const data = new Uint8Array(3 * 2 * 4).map((_, i) => (i % 4 === 3 ? 255 : Math.floor(i / 4)));
    const image = { data, width: 3, height: 2 };
    const plain = cropPixels(image, { x0: 1, y0: 0, x1: 3, y1: 2 }, false);
    expect(Array.from(plain.data.filter((_, i) => i % 4 === 0))).toEqual([1, 2, 4, 5]);
    const mirrored = cropPixels(image, { x0: 1, y0: 0, x1: 3, y1: 2 }, true);
    expect(Array.from(mirrored.data.filter((_, i) => i % 4 === 0))).toEqual([2, 1, 5, 4]);
    expect(mirrored.width).toBe(2);
  });
});

function planDefaults() {
  return { perPhoto: 2, minContext: 1.1, maxContext: 1.8, minSide: 40, maxArea: 0.7, present: 0.5, partial: 0.15 };
}
