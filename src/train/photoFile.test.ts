import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../model/cnn/backbone';
import { withExifOrientation as withExif } from '../test/exifJpeg';
import { decodeJpeg, decodePhoto, exifOrientation, orientedPixels } from './photoFile';

/** A w×h photo, each pixel's red its index (a..f for the 3×2 below). */
const indexed = (w: number, h: number): RgbaImage => {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([i, 0, 0, 255], i * 4);
  return { data, width: w, height: h };
};
const grid = (im: RgbaImage) => Array.from({ length: im.height }, (_, y) =>
  Array.from({ length: im.width }, (_, x) => 'abcdef'[im.data[(y * im.width + x) * 4]!]).join('')).join(' ');

describe('orientedPixels', () => {
  // source (3 wide, 2 high): abc / def
  it.each([
    [1, 'abc def'], [2, 'cba fed'], [3, 'fed cba'], [4, 'def abc'],
    [5, 'ad be cf'], [6, 'da eb fc'], [7, 'fc eb da'], [8, 'cf be ad'],
  ])('turns orientation %i upright', (orientation, expected) => {
    expect(grid(orientedPixels(indexed(3, 2), orientation))).toBe(expected);
  });
});

describe('exifOrientation', () => {
  const plain = new Uint8Array(jpeg.encode(indexed(4, 4) as jpeg.RawImageData<Uint8ClampedArray>, 90).data);
  it('reads the tag in either byte order, and 1 without one or with an invalid one', () => {
    expect(exifOrientation(plain)).toBe(1);
    for (const little of [true, false]) {
      for (const o of [1, 3, 6, 8]) expect(exifOrientation(withExif(plain, o, little))).toBe(o);
      expect(exifOrientation(withExif(plain, 0, little))).toBe(1);
    }
  });

  it('reads 1 from an EXIF segment whose offsets point past the file', () => {
    const bytes = withExif(plain, 6, false);
    bytes.set([0x7f, 0xff, 0xff, 0xff], 2 + 4 + 6 + 4); // IFD0's offset, far beyond the end
    expect(exifOrientation(bytes)).toBe(1);
    expect(exifOrientation(bytes.subarray(0, 20))).toBe(1); // cut inside the segment
  });
});

describe('decodePhoto', () => {
  it('turns a JPEG upright by its EXIF orientation, as a browser shows it', () => {
    // 16 wide, 8 high: the left half red, the right half blue
    const im = { data: new Uint8ClampedArray(16 * 8 * 4), width: 16, height: 8 };
    for (let y = 0; y < 8; y++) for (let x = 0; x < 16; x++) im.data.set(x < 8 ? [255, 0, 0, 255] : [0, 0, 255, 255], (y * 16 + x) * 4);
    const bytes = new Uint8Array(jpeg.encode(im as jpeg.RawImageData<Uint8ClampedArray>, 95).data);
    const at = (p: RgbaImage, x: number, y: number) => [...p.data.subarray((y * p.width + x) * 4, (y * p.width + x) * 4 + 3)];
    const upright = decodePhoto(bytes, 'plain.jpg');
    expect([upright.width, upright.height]).toEqual([16, 8]);
    const turned = decodePhoto(withExif(bytes, 6, false), 'turned.jpg'); // 90° clockwise: the left half on top
    expect([turned.width, turned.height]).toEqual([8, 16]);
    const [top, bottom] = [at(turned, 4, 2), at(turned, 4, 13)];
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(50);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(50);
  });

  it('reads a CMYK JPEG, which libjpeg-turbo refuses here, with jpeg-js', () => {
    // 8×8 of RGB (200, 40, 40) saved as Adobe CMYK by Pillow
    const cmyk = Uint8Array.from(atob('/9j/7gAOQWRvYmUAZAAAAAAA/9sAQwADAgIDAgIDAwMDBAMDBAUIBQUEBAUKBwcGCAwKDAwLCgsLDQ4SEA0OEQ4LCxAWEBETFBUVFQwPFxgWFBgSFBUU/8AAFAgACAAIBEMRAE0RAFkRAEsRAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkASwAAPwD7Ar4Ur4Ur9U6//9k='), (c) => c.charCodeAt(0));
    const im = decodeJpeg(cmyk);
    expect([im.width, im.height]).toEqual([8, 8]);
    const [r, g, b] = im.data.subarray(4 * 27, 4 * 27 + 3);
    expect(Math.abs(r! - 200) + Math.abs(g! - 40) + Math.abs(b! - 40)).toBeLessThan(12);
  });

  it('reads a PNG whatever its name says, palette and grey ones as RGBA', () => {
    const png = new PNG({ width: 2, height: 2 });
    png.data.set([10, 20, 30, 255, 40, 50, 60, 128, 70, 80, 90, 255, 0, 0, 0, 0]);
    const rgba = decodePhoto(PNG.sync.write(png), 'photo.jpg');
    expect([rgba.width, rgba.height, ...rgba.data]).toEqual([2, 2, 10, 20, 30, 255, 40, 50, 60, 128, 70, 80, 90, 255, 0, 0, 0, 0]);
    const grey = new PNG({ width: 2, height: 1 });
    grey.data.set([90, 90, 90, 255, 200, 200, 200, 255]);
    const g = decodePhoto(PNG.sync.write(grey, { colorType: 0 }), 'grey.png');
    expect([...g.data]).toEqual([90, 90, 90, 255, 200, 200, 200, 255]);
  });

  it('names the file when it is neither a JPEG nor a PNG', () => {
    expect(() => decodePhoto(new TextEncoder().encode('GIF89a....'), 'anim.jpg')).toThrow(/anim\.jpg: neither a JPEG nor a PNG/);
  });
});
