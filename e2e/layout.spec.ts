import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES } from '../src/samples';
import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

test.describe('room for the photo and its evidence', () => {
  test.use({ viewport: { width: 1440, height: 1000 } });

  test('at 1440 px the photo is ≥ 360 px wide and pinned maps sit side by side, each as large as the photo', async ({ app, page }) => {
    await app.open('?backend=wasm');
    await app.waitReady();
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult();
    const first = page.locator('[data-testid="beam-node"][data-depth="1"][data-state="best"]');
    await first.click();
    const photo = (await app.photo().boundingBox())!;
    expect(photo.width).toBeGreaterThanOrEqual(360);
    await page.locator('[data-testid="beam-node"][data-depth="1"]:not([data-state="best"])').first().click();
    const pins = page.getByTestId('evidence-pin');
    await expect(pins).toHaveCount(2);
    const [a, b] = [(await pins.nth(0).locator('img').boundingBox())!, (await pins.nth(1).locator('img').boundingBox())!];
    for (const pin of [a, b]) {
      expect(Math.abs(pin.width - photo.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(pin.height - photo.height)).toBeLessThanOrEqual(1);
    }
    expect(Math.abs(a.y - b.y)).toBeLessThanOrEqual(1); // side by side
    expect(b.x).toBeGreaterThanOrEqual(a.x + a.width);
  });

  test('at least 6 samples, each a modest file the site serves', async ({ app, page }) => {
    await app.open('?backend=wasm');
    await expect(app.samples()).toHaveCount(SAMPLES.length);
    expect(SAMPLES.length).toBeGreaterThanOrEqual(6);
    const files = await app.samples().evaluateAll((els) => els.map((e) => e.getAttribute('data-sample')!));
    expect(files).toContain('cat-chelsea.png');
    for (const file of files) {
      const res = await page.request.get(`samples/${file}`);
      expect(res.ok(), file).toBe(true);
      expect(statSync(join('public', 'samples', file)).size, file).toBeLessThanOrEqual(300 * 1024);
    }
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a 390 px screen has no sideways scroll, loading or with a path explained', async ({ app, page }) => {
    await app.open('?backend=wasm');
    const fits = async () => {
      const { scrollWidth, innerWidth } = await app.overflow();
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    };
    await expect(page.getByTestId('load-progress')).toBeVisible();
    await fits();
    await app.waitReady();
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult();
    const node = page.locator('[data-testid="beam-node"][data-depth="1"][data-state="best"]');
    await node.click();
    await expect(page.getByTestId('explain')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('label-map')).toBeVisible();
    await fits();
  });
});
