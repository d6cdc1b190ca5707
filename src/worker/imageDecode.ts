import type { RgbaImage } from '../model/cnn/backbone';

/** Longest side the CNN input is computed from; larger photos are downscaled first (it sees BACKBONE_INPUT_SIZE², 384²). */
export const DECODE_MAX_SIDE = 2048;
/** Refuse files above this size before touching them. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Refuse images with more pixels than this (a decoded 250 MP image alone needs 1 GB). */
export const MAX_PIXELS = 250_000_000;

/** A user-facing problem with an input file: the message says what happened and what to do. */
export class ImageInputError extends Error {}

function extension(name: string): string {
  return name.toLowerCase().split('.').pop() ?? '';
}

/** Checks the bytes before decoding; returns notes for the user or throws ImageInputError. */
export function precheck(bytes: Uint8Array, name: string, mime: string): string[] {
  const ext = extension(name);
  if (bytes.length === 0) throw new ImageInputError(`"${name}" is empty (0 bytes).`);
  if (bytes.length > MAX_FILE_BYTES) throw new ImageInputError(`"${name}" is ${(bytes.length / 1e6).toFixed(0)} MB; the limit is ${MAX_FILE_BYTES / 1e6} MB.`);
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).toLowerCase();
  if (mime === 'image/svg+xml' || ext === 'svg' || head.includes('<svg')) {
    throw new ImageInputError(`"${name}" is an SVG (vector) image: export it as PNG or JPEG to classify it.`);
  }
  const ftyp = new TextDecoder().decode(bytes.subarray(4, 12));
  if (mime === 'image/heic' || mime === 'image/heif' || ext === 'heic' || ext === 'heif' || /ftyp(heic|heix|mif1|msf1|hevc)/.test(ftyp)) {
    throw new ImageInputError(`"${name}" is a HEIC/HEIF photo, which this browser cannot decode: convert it to JPEG or PNG.`);
  }
  const notes: string[] = [];
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (isJpeg && !(bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9)) {
    notes.push('JPEG looks truncated (no end marker): the missing part is blank, so labels may be unreliable.');
  }
  if (head.startsWith('gif8') && countGifFrames(bytes) > 1) notes.push('Animated GIF: the first frame was classified.');
  return notes;
}

/** Counts GIF image descriptors roughly (enough to tell animated from still). */
function countGifFrames(bytes: Uint8Array): number {
  let frames = 0;
  for (let i = 0; i + 9 < bytes.length && frames < 2; i++) {
    if (bytes[i] === 0x00 && bytes[i + 1] === 0x21 && bytes[i + 2] === 0xf9 && bytes[i + 3] === 0x04) frames++;
  }
  return frames;
}

/** Decodes an image file into RGBA pixels (first frame; downscaled to DECODE_MAX_SIDE). */
export async function decodeImage(file: Blob, name: string): Promise<{ image: RgbaImage; notes: string[]; width: number; height: number }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const notes = precheck(bytes, name, file.type);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: file.type }));
  } catch {
    if (notes.some((n) => n.startsWith('JPEG looks truncated'))) {
      throw new ImageInputError(`"${name}" is a truncated JPEG (the file ends early) that cannot be decoded: copy or download it again.`);
    }
    throw new ImageInputError(`"${name}" is not an image this browser can decode (JPEG, PNG, GIF, WebP, BMP and AVIF work).`);
  }
  const { width, height } = bitmap;
  if (width * height > MAX_PIXELS) {
    bitmap.close();
    throw new ImageInputError(`"${name}" is ${width}×${height} pixels (${Math.round(width * height / 1e6)} MP); the limit is ${MAX_PIXELS / 1e6} MP.`);
  }
  const scale = Math.min(1, DECODE_MAX_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  if (scale < 1) notes.push(`Large image (${width}×${height}) downscaled to ${w}×${h} before the CNN.`);
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageInputError('This browser cannot draw images off-screen (no OffscreenCanvas 2D).');
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const data = ctx.getImageData(0, 0, w, h).data;
  return { image: { data, width: w, height: h }, notes, width, height };
}
