import { describe, expect, it } from 'vitest';
import { mirroredImage } from './extract';

describe('mirroredImage', () => {
  it('mirrors each row left to right, RGBA kept together, and leaves the photo as it was', () => {
    // 3 × 2 pixels, pixel (x, y) = [10y + x, 100 + x, 200 + y, 255]
    const px = (x: number, y: number) => [10 * y + x, 100 + x, 200 + y, 255];
    const data = new Uint8Array([0, 1, 2].flatMap((x) => px(x, 0)).concat([0, 1, 2].flatMap((x) => px(x, 1))));
    const before = data.slice();
    const m = mirroredImage({ data, width: 3, height: 2 });
    expect(m.width).toBe(3);
    expect(m.height).toBe(2);
    expect(Array.from(m.data)).toEqual([2, 1, 0].flatMap((x) => px(x, 0)).concat([2, 1, 0].flatMap((x) => px(x, 1))));
    expect(data).toEqual(before);
    // twice is the photo again
    expect(mirroredImage(m).data).toEqual(data);
  });
});
