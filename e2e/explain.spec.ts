import { ExplainPanel } from './explainPage';
import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

test.describe('what the path changed, and the label map', () => {
  test.beforeEach(async ({ app }) => {
    await app.open('?backend=wasm');
    await app.waitReady();
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult();
  });

  test('path effect: p(label | P) / p(label | START) for the selected node, consistent with the tree', async ({ page }) => {
    const explain = new ExplainPanel(page);
    // p(label | START) from the root's next-label distribution
    await page.locator('[data-id="root"]').hover();
    const startP = await pDistribution(page);
    // select the kept first-step node of the best path
    const node = page.locator('[data-testid="beam-node"][data-depth="1"][data-state="best"]');
    const id = (await node.getAttribute('data-id'))!;
    const name = (await node.getAttribute('data-label'))!;
    await node.click();
    await explain.waitFor(id);
    await node.hover();
    const givenP = await pDistribution(page);
    const rows = await explain.rows();
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.length).toBeLessThanOrEqual(10);
    for (const r of rows) {
      expect(r.label).not.toBe(name);
      expect(r.label).not.toBe('END');
      // the tree is decoded in JS (doubles), the path effect by tfjs (float32): equal to 1e-4, relative
      // (ratios of tiny probabilities reach 1e8)
      const expected = givenP[r.label]! / startP[r.label]!;
      expect(Math.abs(r.ratio - expected) / expected).toBeLessThan(1e-4);
    }
    // most raised first; lowered ones (if any) after every raised one
    const ratios = rows.map((r) => r.ratio);
    const firstLowered = ratios.findIndex((r) => r < 1);
    if (firstLowered >= 0) expect(ratios.slice(firstLowered).every((r) => r < 1)).toBe(true);
    expect(ratios[0]).toBeGreaterThan(1);
    await expect(explain.effectRows().first().locator('.ratio')).toHaveText(/^×/);
    // the baseline's probability sits beside each label
    await expect(explain.effectRows().first().locator('td').last()).toHaveText(/^[\d.e-]+$/);
    // START itself changed nothing
    await page.locator('[data-id="root"]').click();
    await explain.waitFor('');
    await expect(explain.effectRows()).toHaveCount(0);
  });

  test('label map: 20 labels and END, the path as a trajectory, nearest neighbours on hover', async ({ page }) => {
    const explain = new ExplainPanel(page);
    const best = await page.locator('[data-state="best"][data-label="END"]').getAttribute('data-id');
    const path = best!.replace(/\/?END$/, '');
    await explain.waitFor(path); // nothing selected: the best path is explained
    await expect(explain.mapPoints()).toHaveCount(21);
    const names = await explain.mapPoints().evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    expect(names).toEqual(expect.arrayContaining(['person', 'dog', 'END']));
    await expect(explain.trajectory()).toHaveCount(path.split('/').length + 1);
    await explain.map().locator('[data-label="person"] circle').hover();
    const near = (await page.getByTestId('map-neighbours').textContent())!.split(', ');
    expect(near).toHaveLength(3);
    expect(near).not.toContain('person');
    // a deeper selection draws a longer trajectory
    const deep = page.locator('[data-testid="beam-node"][data-depth="2"]').first();
    const deepId = (await deep.getAttribute('data-id'))!;
    await deep.click();
    await explain.waitFor(deepId.replace(/\/?END$/, ''));
    await expect(explain.trajectory()).toHaveCount(deepId.replace(/\/?END$/, '').split('/').filter(Boolean).length + 1);
  });
});

/** p of each label in the side panel's next-label distribution. */
async function pDistribution(page: import('@playwright/test').Page): Promise<Record<string, number>> {
  const rows = page.getByTestId('next-distribution').locator('li');
  await expect(rows).toHaveCount(21);
  return Object.fromEntries(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-label')!, Number(e.getAttribute('data-p'))])));
}
