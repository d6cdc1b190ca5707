import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

/** A second val photo (not the dog and person). */
const OTHER = '000005';

test('a single new photo is selected, and shown once classified', async ({ app, page }) => {
  await app.open('?backend=wasm');
  await app.waitReady();
  await app.drop([vocFile(DOG_AND_PERSON)]);
  await app.waitForResult(1);
  await app.drop([vocFile(OTHER)]);
  await expect(page.locator('.gallery li.selected')).toContainText(`${OTHER}.jpg`);
  await expect(page.locator('img.preview')).toHaveAttribute('alt', `${OTHER}.jpg`);
  await app.waitForResult(2);
  await expect(app.labelSet()).toBeVisible();
  await expect(app.tree()).toBeVisible();
});

test.describe('embed mode', () => {
  test.use({ viewport: { width: 900, height: 700 } });

  test('no chooser, no banner (the reason is in the badge tooltip), the tree fits the frame', async ({ app, page }) => {
    await app.open('?embed=1&sample=cat-chelsea.png'); // automatic backend: WASM, because WebGPU is software here
    await app.waitReady();
    await expect(app.tree()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('file-input')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Choose photos…' })).toHaveCount(0);
    await expect(page.getByTestId('backend-banner')).toHaveCount(0);
    await expect(app.badge()).toHaveAttribute('title', /software fallback/);
    const fit = await page.evaluate(() => {
      const svg = document.querySelector('[data-testid="beam-tree"]')!.getBoundingClientRect();
      const drawing = document.querySelector('[data-testid="beam-tree"] > g')!.getBoundingClientRect();
      return { svg, drawing, scroll: document.documentElement.scrollHeight, height: window.innerHeight };
    });
    expect(fit.svg.bottom).toBeLessThanOrEqual(fit.height);
    expect(fit.scroll).toBeLessThanOrEqual(fit.height);
    expect(fit.drawing.top).toBeGreaterThanOrEqual(fit.svg.top - 1);
    expect(fit.drawing.bottom).toBeLessThanOrEqual(fit.svg.bottom + 1);
    expect(fit.drawing.left).toBeGreaterThanOrEqual(fit.svg.left - 1);
    expect(fit.drawing.right).toBeLessThanOrEqual(fit.svg.right + 1);
  });

  test('&drop=1 brings the chooser and drops back', async ({ app, page }) => {
    await app.open('?embed=1&drop=1&backend=wasm');
    await app.waitReady();
    await expect(page.getByTestId('file-input')).toHaveCount(1);
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await expect(app.tree()).toBeVisible({ timeout: 60_000 });
  });
});

test.describe('with a classified photo', () => {
  test.beforeEach(async ({ app }) => {
    await app.open('?backend=wasm');
    await app.waitReady();
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult();
  });

  test('the stop message appears once, inside the tree, short on a small screen', async ({ page }) => {
    await expect(page.getByText(/stopped at step/)).toHaveCount(1);
    await expect(page.getByTestId('stop-marker')).toBeVisible();
    await expect(page.getByTestId('stop-marker-short')).toBeHidden();
    await page.setViewportSize({ width: 480, height: 800 });
    await expect(page.getByTestId('stop-marker')).toBeHidden();
    await expect(page.getByTestId('stop-marker-short')).toBeVisible();
    await expect(page.getByTestId('stop-marker-short')).toHaveText(/^stop @\d+: /);
  });

  test('dark mode follows prefers-color-scheme', async ({ page }) => {
    const colours = () => page.evaluate(() => ({
      page: getComputedStyle(document.documentElement).backgroundColor,
      node: getComputedStyle(document.querySelector('[data-id="root"] rect')!).fill,
    }));
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await colours();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await colours();
    expect(light.page).toBe('rgb(248, 250, 252)');
    expect(dark.page).toBe('rgb(11, 17, 32)');
    expect(dark.node).not.toBe(light.node);
  });
});

test('the URL holds the view, and a link (or an embed) reproduces it', async ({ app, page, context }) => {
  await app.open('?backend=wasm&sample=cat-chelsea.png');
  await app.waitReady();
  await app.waitForResult();
  await page.getByTestId('beam-width').fill('5');
  await expect(page).toHaveURL(/[?&]n=5(&|$)/);
  await page.locator('[data-id="root"]').hover();
  await page.getByTestId('next-distribution').locator('li[data-label="dog"] button').click();
  await expect(page.locator('[data-state="forced"]')).toHaveAttribute('data-id', '11');
  await expect(page).toHaveURL(/[?&]prefix=11(&|$)/);
  const node = page.locator('[data-testid="beam-node"][data-depth="2"]').first();
  const nodeId = (await node.getAttribute('data-id'))!;
  await node.click();
  await expect(page).toHaveURL(new RegExp(`[?&]node=${nodeId}(&|$)`));
  const link = page.url();
  expect(link).toContain('sample=cat-chelsea.png');
  expect(link).toContain('backend=wasm');

  for (const url of [link, link.replace('?', '?embed=1&')]) {
    const other = await context.newPage();
    await other.goto(url);
    await expect(other.getByTestId('beam-width-value')).toHaveText('5', { timeout: 120_000 });
    await expect(other.locator('[data-state="forced"]')).toHaveAttribute('data-id', '11', { timeout: 120_000 });
    await expect(other.locator(`[data-id="${nodeId}"]`)).toHaveClass(/on-path/);
    expect(other.url()).toBe(url);
    await other.close();
  }
});
