import { deflateSync } from 'node:zlib';
import type { FileSpec } from './fixtures';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A grey PNG of any size and grey level, built row by row (a 12000² one compresses to a few hundred KB). */
export function greyPng(width: number, height: number, level = 128): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 0; // 8-bit greyscale
  const row = Buffer.alloc(width + 1, level);
  row[0] = 0;
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 2-frame animated GIF (2×2 pixels). */
export function animatedGif(): Buffer {
  const header = Buffer.from('GIF89a', 'ascii');
  const lsd = Buffer.from([2, 0, 2, 0, 0x80, 0, 0]); // global colour table of 2 entries
  const palette = Buffer.from([255, 0, 0, 0, 0, 255]);
  const loop = Buffer.from([0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0'), 3, 1, 0, 0, 0]);
  const frame = (colour: number) => Buffer.from([
    0x21, 0xf9, 0x04, 0x00, 10, 0, 0, 0, // graphic control extension, 100 ms
    0x2c, 0, 0, 0, 0, 2, 0, 2, 0, 0, // image descriptor
    2, 2, colour === 0 ? 0x84 : 0x8c, 0x51, 0, // LZW data (min code size 2)
  ]);
  return Buffer.concat([header, lsd, palette, loop, frame(0), frame(1), Buffer.from([0x3b])]);
}

/** The first bytes of a HEIC photo's container (ftyp heic): enough for a browser to refuse it. */
export function heicStub(): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(24, 0);
  b.write('ftypheic', 4, 'ascii');
  b.write('mif1heic', 16, 'ascii');
  return b;
}

export const SVG_FILE: FileSpec = {
  name: 'drawing.svg', mimeType: 'image/svg+xml',
  buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>'),
};
