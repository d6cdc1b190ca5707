import { SUBPATH, SUBPATH_PORT } from '../playwright.config';
import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

test('embed mode shows image and tree with minimal chrome', async ({ app, page }) => {
  await app.open('?embed=1&backend=wasm&sample=cat-chelsea.png');
  await app.waitReady();
  await expect(app.tree()).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.gallery')).toHaveCount(0);
  await expect(page.getByTestId('details')).toHaveCount(0);
  // the label set is the best path drawn in the tree
  const labels = await app.labels();
  expect(labels.length).toBeGreaterThan(0);
  const best = await page.locator('[data-state="best"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
  expect(best.filter((l) => l !== 'END')).toEqual(labels);
});

test('works from a sub-path of any host', async ({ app, page }) => {
  const origin = `http://localhost:${SUBPATH_PORT}`;
  await page.goto(`${origin}${SUBPATH}?backend=wasm`);
  await app.waitReady();
  // the tests' hook is not part of the page unless its URL asks for it
  expect(await page.evaluate(() => '__beamsight' in window)).toBe(false);
  await app.drop([vocFile(DOG_AND_PERSON)]);
  await app.waitForResult();
  const own = app.requests.filter((u) => u.startsWith(origin));
  expect(own.length).toBeGreaterThan(5);
  expect(own.every((u) => u.startsWith(`${origin}${SUBPATH}`))).toBe(true);
  expect(app.foreignRequests(origin)).toEqual([]);
});

test.describe('missing or corrupt weights', () => {
  test('missing head weights: a clear error, the page keeps working', async ({ app, page, context }) => {
    await context.route('**/models/head/head.bin', (r) => r.fulfill({ status: 404, body: 'not here' }));
    await app.open('?backend=wasm');
    await expect(page.getByTestId('model-error')).toContainText(/Could not load the head weights: .*404/);
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await expect(page.getByTestId('gallery-item')).toHaveCount(1);
    await expect(page.getByTestId('gallery-item')).toHaveAttribute('data-status', 'queued');
  });

  test('corrupt head weights: the error names the problem', async ({ app, page, context }) => {
    await context.route('**/models/head/head.bin', (r) => r.fulfill({ status: 200, body: Buffer.alloc(1000, 7) }));
    await app.open('?backend=wasm');
    await expect(page.getByTestId('model-error')).toContainText(/truncated or wrong file/);
  });

  test('corrupt CNN graph: a clear error', async ({ app, page, context }) => {
    await context.route('**/models/centernet/centernet.json', (r) => r.fulfill({ status: 200, body: '{"not": "a model"' }));
    await app.open('?backend=wasm');
    await expect(page.getByTestId('model-error')).toContainText(/Could not load the CNN/);
  });
});
