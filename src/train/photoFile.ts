import { readFileSync } from 'node:fs';
import { decode as turboDecode } from '@cwasm/jpeg-turbo';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from '../model/cnn/backbone';

/**
 * Photo files as the Node tools (training, `npm run eval`) read them: RGBA pixels the way a browser
 * shows the file, so a folder's figures are the app's. A JPEG is decoded by libjpeg-turbo (compiled to
 * WASM: the decoder Chromium uses, to the same pixels) and turned upright by its EXIF orientation as
 * browsers do; jpeg-js reads the few it cannot (CMYK). A PNG is read by pngjs. The file name's
 * extension is not trusted.
 */

const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/** A JPEG's EXIF orientation tag (1–8), or 1 when it has none (or an invalid or cut-short one). */
export function exifOrientation(bytes: Uint8Array): number {
  try {
    return readOrientation(bytes);
  } catch {
    return 1; // an offset past the file's end: a malformed segment turns nothing
  }
}

function readOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  for (let at = 2; at + 4 < bytes.length && bytes[at] === 0xff;) {
    const marker = bytes[at + 1]!;
    const length = view.getUint16(at + 2);
    if (marker === 0xe1 && text(at + 4, at + 10) === 'Exif\0\0') {
      const tiff = at + 10;
      const little = text(tiff, tiff + 2) === 'II';
      const ifd = tiff + view.getUint32(tiff + 4, little);
      const entries = view.getUint16(ifd, little);
      for (let e = 0; e < entries; e++) {
        if (view.getUint16(ifd + 2 + 12 * e, little) === 0x0112) {
          const value = view.getUint16(ifd + 2 + 12 * e + 8, little);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    if (marker === 0xda) break; // the pixels start: no EXIF before them
    at += 2 + length;
  }
  return 1;
}

/**
 * The pixels turned upright for an EXIF orientation (1–8): 2 mirrored, 3 turned 180°, 4 flipped,
 * 5 transposed, 6 turned 90° clockwise, 7 transversed, 8 turned 90° anticlockwise.
 */
export function orientedPixels(im: RgbaImage, orientation: number): RgbaImage {
  if (orientation <= 1 || orientation > 8) return im;
  const { width: W, height: H } = im;
  const swap = orientation >= 5; // 5–8 exchange the axes
  const [w, h] = swap ? [H, W] : [W, H];
  // whether the source's x and y run backwards
  const mirrorX = orientation === 2 || orientation === 3 || orientation === 7 || orientation === 8;
  const mirrorY = orientation === 3 || orientation === 4 || orientation === 6 || orientation === 7;
  // one RGBA pixel a word (a copy only where the bytes do not start on a word)
  const bytes = im.data.byteOffset % 4 === 0 ? im.data : new Uint8Array(im.data);
  const src = new Uint32Array(bytes.buffer, bytes.byteOffset, W * H);
  const out = new Uint32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = swap ? y : x, v = swap ? x : y;
      out[y * w + x] = src[(mirrorY ? H - 1 - v : v) * W + (mirrorX ? W - 1 - u : u)]!;
    }
  }
  return { data: new Uint8ClampedArray(out.buffer), width: w, height: h };
}

/** A JPEG's pixels as stored (before any EXIF turn): libjpeg-turbo's, or jpeg-js's where it fails. */
export function decodeJpeg(bytes: Uint8Array): RgbaImage {
  try {
    const { data, width, height } = turboDecode(bytes);
    return { data, width, height };
  } catch {
    const raw = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return { data: raw.data, width: raw.width, height: raw.height };
  }
}

/** A photo file's bytes as RGBA pixels, upright; `name` only names it in errors. */
export function decodePhoto(bytes: Uint8Array, name: string): RgbaImage {
  if (isJpeg(bytes)) return orientedPixels(decodeJpeg(bytes), exifOrientation(bytes));
  if (isPng(bytes)) {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)); // RGBA, 8 bits a channel
    return { data: png.data, width: png.width, height: png.height };
  }
  throw new Error(`${name}: neither a JPEG nor a PNG file (convert it to JPEG)`);
}

/** Reads and decodes a photo file (JPEG or PNG, whatever its extension). */
export function decodePhotoFile(path: string): RgbaImage {
  return decodePhoto(readFileSync(path), path);
}
