import { describe, expect, it } from 'vitest';
import { ImageInputError, precheck } from './imageDecode';

const bytes = (...v: number[]) => Uint8Array.from(v);
const text = (s: string) => new TextEncoder().encode(s);

describe('precheck', () => {
  it('rejects empty files, SVG and HEIC with a message that says what to do', () => {
    expect(() => precheck(new Uint8Array(0), 'a.jpg', 'image/jpeg')).toThrow(/empty \(0 bytes\)/);
    expect(() => precheck(text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.png', '')).toThrow(/SVG.*export it as PNG/);
    const heic = new Uint8Array(32); heic.set(text('ftypheic'), 4);
    expect(() => precheck(heic, 'IMG_1.HEIC', '')).toThrow(ImageInputError);
    expect(() => precheck(heic, 'IMG_1.HEIC', '')).toThrow(/convert it to JPEG/);
  });
  it('notes a truncated JPEG and accepts a complete one', () => {
    expect(precheck(bytes(0xff, 0xd8, 0xff, 0xe0, 1, 2), 'a.jpg', 'image/jpeg')[0]).toMatch(/truncated/);
    expect(precheck(bytes(0xff, 0xd8, 0xff, 0xe0, 0xff, 0xd9), 'a.jpg', 'image/jpeg')).toEqual([]);
  });
  it('notes an animated GIF', () => {
    const frame = [0x00, 0x21, 0xf9, 0x04, 0, 0, 0, 0, 0, 0];
    const gif = Uint8Array.from([...text('GIF89a'), ...frame, ...frame, 0x3b]);
    expect(precheck(gif, 'a.gif', 'image/gif')).toEqual(['Animated GIF: the first frame was classified.']);
  });
});
