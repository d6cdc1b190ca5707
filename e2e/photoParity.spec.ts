import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { withExifOrientation } from '../src/test/exifJpeg';
import { decodePhoto } from '../src/train/photoFile';
import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

/** The pixels Chromium decodes from a file, read as the app's worker reads them (createImageBitmap, then a canvas). */
async function browserPixels(page: Page, bytes: Buffer, type: string): Promise<{ width: number; height: number; data: number[] }> {
  return page.evaluate(async ({ b64, type }) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bin], { type }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    return { width: bitmap.width, height: bitmap.height, data: Array.from(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data) };
  }, { b64: bytes.toString('base64'), type });
}

test('npm run eval and training read a photo as the app shows it: the same pixels in Node as in Chromium', async ({ page }) => {
  await page.goto('/');
  const jpeg = vocFile(DOG_AND_PERSON).buffer;
  const upright = decodePhoto(jpeg, 'photo.jpg');
  const png = new PNG({ width: upright.width, height: upright.height });
  png.data.set(upright.data);
  const files: [string, Buffer, string][] = [
    ['a JPEG', jpeg, 'image/jpeg'],
    ['a JPEG turned by its EXIF orientation', Buffer.from(withExifOrientation(jpeg, 6)), 'image/jpeg'],
    ['a PNG', PNG.sync.write(png), 'image/png'],
  ];
  for (const [what, bytes, type] of files) {
    const node = decodePhoto(bytes, what);
    const web = await browserPixels(page, bytes, type);
    expect([node.width, node.height], what).toEqual([web.width, web.height]);
    let worst = 0;
    for (let i = 0; i < web.data.length; i++) worst = Math.max(worst, Math.abs(node.data[i]! - web.data[i]!));
    expect(worst, `${what}: largest difference of a channel`).toBe(0);
  }
});
