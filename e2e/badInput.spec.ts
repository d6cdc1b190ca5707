import { animatedGif, greyPng, heicStub, SVG_FILE } from './badFiles';
import { DOG_AND_PERSON, expect, test, vocFile, type FileSpec } from './fixtures';

test.describe('bad input: a clear message, the app alive, earlier results kept', () => {
  test.beforeEach(async ({ app }) => {
    await app.open('?backend=wasm');
    await app.waitReady();
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult(1);
  });

  const cases: [string, () => FileSpec, RegExp][] = [
    ['a non-image file', () => ({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, not a photo') }), /not an image this browser can decode/],
    ['a 0-byte file', () => ({ name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) }), /empty \(0 bytes\)/],
    ['an SVG', () => SVG_FILE, /SVG \(vector\) image/],
    ['a HEIC photo', () => ({ name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: heicStub() }), /HEIC\/HEIF photo/],
  ];
  for (const [what, make, message] of cases) {
    test(`${what}`, async ({ app, page }) => {
      const labelsBefore = await app.labels();
      await app.drop([make()]);
      await expect(app.notices().filter({ hasText: message })).toBeVisible();
      await expect(page.locator('[data-testid="gallery-item"][data-status="error"]')).toHaveCount(1);
      // the earlier result is still there and still explorable
      await page.locator('[data-testid="gallery-item"]').first().getByRole('button').first().click();
      expect(await app.labels()).toEqual(labelsBefore);
      await expect(app.tree()).toBeVisible();
    });
  }

  test('a truncated JPEG is named as such', async ({ app, page }) => {
    const full = vocFile(DOG_AND_PERSON);
    await app.drop([{ ...full, name: 'cut.jpg', buffer: full.buffer.subarray(0, Math.floor(full.buffer.length * 0.6)) }]);
    // Chromium refuses to decode a JPEG cut short; if a browser decodes it, the user is warned instead.
    await expect(app.notices().filter({ hasText: /truncated/ })).toBeVisible();
    await expect(page.getByTestId('gallery-item')).toHaveCount(2);
    await expect(page.locator('[data-testid="gallery-item"][data-status="running"], [data-testid="gallery-item"][data-status="queued"]')).toHaveCount(0);
    await page.locator('[data-testid="gallery-item"]').first().getByRole('button').first().click(); // the new file was selected
    expect(await app.labels()).toEqual(expect.arrayContaining(['person']));
  });

  test('an animated GIF uses its first frame', async ({ app }) => {
    await app.drop([{ name: 'anim.gif', mimeType: 'image/gif', buffer: animatedGif() }]);
    await expect(app.notices().filter({ hasText: /Animated GIF: the first frame/ })).toBeVisible();
    await app.waitForResult(2);
  });

  test('a 12000×12000 image is downscaled and classified', async ({ app }) => {
    await app.drop([{ name: 'huge.png', mimeType: 'image/png', buffer: greyPng(12000, 12000) }]);
    await expect(app.notices().filter({ hasText: /12000×12000\) downscaled/ })).toBeVisible({ timeout: 60_000 });
    await app.waitForResult(2);
  });

  test('100 files dropped at once are all handled', async ({ app, page }) => {
    test.setTimeout(360_000);
    const small = greyPng(64, 48);
    const files = Array.from({ length: 100 }, (_, i) => (i % 10 === 9
      ? { name: `bad-${i}.txt`, mimeType: 'text/plain', buffer: Buffer.from('nope') }
      : { name: `grey-${i}.png`, mimeType: 'image/png', buffer: small }));
    await app.drop(files);
    await expect(page.getByTestId('gallery-item')).toHaveCount(101);
    await app.waitForResult(91, 300_000);
    await expect(page.locator('[data-testid="gallery-item"][data-status="error"]')).toHaveCount(10);
    expect((await app.memory()).cnnRuns).toBe(91);
  });
});
