/** A JPEG's bytes with an EXIF segment holding `orientation` put right after its start marker (tests). */
export function withExifOrientation(jpegBytes: Uint8Array, orientation: number, little = false): Uint8Array {
  const u16 = (v: number) => (little ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]);
  const u32 = (v: number) => (little ? [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24] : [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);
  const tiff = [
    ...(little ? [0x49, 0x49] : [0x4d, 0x4d]), ...u16(42), ...u32(8), // header, IFD0 at 8
    ...u16(2), // two entries: a make tag first, then the orientation
    ...u16(0x010f), ...u16(2), ...u32(4), 0x61, 0x62, 0x63, 0,
    ...u16(0x0112), ...u16(3), ...u32(1), ...u16(orientation), 0, 0,
    ...u32(0),
  ];
  const body = [...'Exif\0\0'].map((ch) => ch.charCodeAt(0)).concat(tiff);
  const length = body.length + 2;
  const app1 = [0xff, 0xe1, length >> 8, length & 0xff, ...body];
  return Uint8Array.from([...jpegBytes.subarray(0, 2), ...app1, ...jpegBytes.subarray(2)]);
}
