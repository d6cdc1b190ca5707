import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

test('first-load guide: three numbered hints that let clicks through, dismissed for good', async ({ app, page }) => {
  await app.open('?backend=wasm');
  await app.waitReady();
  await expect(app.guideHints()).toHaveCount(0); // nothing to point at yet
  await app.drop([vocFile(DOG_AND_PERSON)]);
  await app.waitForResult();
  await expect(app.guideHints()).toHaveCount(3);
  expect((await app.guideHints().evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).sort()).toEqual(['1', '2', '3']);
  await expect(app.guideHints().filter({ hasText: 'The tree:' })).toHaveAttribute('data-step', '1');
  await expect(app.guideHints().filter({ hasText: 'The evidence:' })).toHaveAttribute('data-step', '2');
  await expect(app.guideHints().filter({ hasText: 'The path effect:' })).toHaveAttribute('data-step', '3');
  for (const hint of await app.guideHints().all()) {
    await expect(hint).toHaveCSS('pointer-events', 'none');
    // whatever lies under a hint gets the click, not the hint
    const box = (await hint.boundingBox())!;
    const hit = await page.evaluate(([x, y]) => !!document.elementFromPoint(x!, y!)?.closest('[data-testid="guide-hint"]'), [box.x + box.width / 2, box.y + box.height / 2]);
    expect(hit).toBe(false);
  }
  // the page works as before under the hints: a node is selected by a click
  const node = page.locator('[data-testid="beam-node"][data-depth="1"][data-state="best"]');
  await node.click();
  await expect(page.getByTestId('selected-path')).toBeVisible();
  await page.getByTestId('guide-dismiss').click();
  await expect(app.guideHints()).toHaveCount(0);
  await expect(page.getByTestId('guide')).toHaveCount(0);
  // remembered: a new visit shows no guide
  await page.reload();
  await app.waitReady();
  await app.drop([vocFile(DOG_AND_PERSON)]);
  await app.waitForResult();
  await expect(app.tree()).toBeVisible();
  await expect(app.guideHints()).toHaveCount(0);
  await expect(page.getByTestId('guide')).toHaveCount(0);
});

test('embed mode shows no guide', async ({ app }) => {
  await app.open('?embed=1&backend=wasm&sample=cat-chelsea.png');
  await app.waitReady();
  await expect(app.tree()).toBeVisible({ timeout: 60_000 });
  await expect(app.guideHints()).toHaveCount(0);
});
