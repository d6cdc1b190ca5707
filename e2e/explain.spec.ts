import { ExplainPanel } from './explainPage';
import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

test.describe('what the path does to the label set, and the label map', () => {
  test.use({ viewport: { width: 1440, height: 1000 } });

  test.beforeEach(async ({ app }) => {
    await app.open('?backend=wasm');
    await app.waitReady();
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult();
  });

  test('path effect: P(label in the set) before and after the first label of the best path, from the tree', async ({ app, page }) => {
    const explain = new ExplainPanel(page);
    const node = page.locator('[data-testid="beam-node"][data-depth="1"][data-state="best"]');
    const id = (await node.getAttribute('data-id'))!;
    const name = (await node.getAttribute('data-label'))!;
    await node.click();
    await explain.waitFor(id);
    const rows = await explain.rows();
    // how many rows depends on how sure the model is: the dog at least (the shipped head gives 2 here)
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.map((r) => r.label)).toContain('dog');
    // "before" is the shown tree's own answer: the finished paths holding the label, over all finished paths
    const nodes = await app.nodeData();
    const finished = nodes.filter((n) => n.label === 'END' && n.state !== 'pruned');
    const total = finished.reduce((s, n) => s + n.pathP, 0);
    const labelsOf = (n: { id: string }) => n.id.split('/').slice(0, -1);
    const indexOf = new Map(nodes.filter((n) => n.label !== 'END' && n.id !== 'root').map((n) => [n.label, n.id.split('/').at(-1)!]));
    // and no row is missing: every label of the tree's finished paths with before ≥ 1% has its row
    for (const [label, index] of indexOf) {
      const before = finished.filter((n) => labelsOf(n).includes(index)).reduce((s, n) => s + n.pathP, 0) / total;
      if (label !== name && before >= 0.01) expect(rows.map((r) => r.label)).toContain(label);
    }
    for (const r of rows) {
      expect(r.label).not.toBe(name);
      expect(r.label).not.toBe('END');
      expect(Math.max(r.before, r.after)).toBeGreaterThanOrEqual(0.01);
      for (const v of [r.before, r.after]) expect(v >= 0 && v <= 1).toBe(true);
      const index = indexOf.get(r.label);
      if (index === undefined) { expect(r.before).toBe(0); continue; } // never in the tree: in no finished path
      const expected = finished.filter((n) => labelsOf(n).includes(index)).reduce((s, n) => s + n.pathP, 0) / total;
      expect(r.before).toBeCloseTo(expected, 6);
    }
    // most raised first
    const changes = rows.map((r) => r.after - r.before);
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    await expect(page.getByTestId('path-effect-meaning')).toContainText('Chance that each label ends up in the predicted set');
    await expect(explain.effect().locator('thead')).toContainText(/before.*after.*change.*baseline p/);
    await expect(explain.effectRows().first().locator('td').last()).toHaveText(/^[\d.e-]+$/);
    // START itself changes nothing
    await page.locator('[data-id="root"]').click();
    await explain.waitFor('');
    await expect(explain.effectRows()).toHaveCount(0);
  });

  test('label map at 1440×1000: 21 points ≥ 14 px apart, no two names overlapping, x_t inside the points’ box', async ({ page }) => {
    const explain = new ExplainPanel(page);
    const node = page.locator('[data-testid="beam-node"][data-depth="1"][data-state="best"]');
    await node.click();
    await explain.waitFor((await node.getAttribute('data-id'))!);
    await page.mouse.move(0, 0); // nothing hovered: no name drawn bold
    await expect(explain.mapPoints()).toHaveCount(21);
    const { points, names, steps } = await explain.geometry();
    expect(points).toHaveLength(21);
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        expect(Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y), `points ${i} and ${j}`).toBeGreaterThanOrEqual(14);
        const [a, b] = [names[i]!, names[j]!];
        const overlap = Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
        expect(overlap, `names ${i} and ${j}`).toBe(false);
      }
    }
    expect(steps).toHaveLength(2);
    const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
    for (const s of steps) {
      expect(s.x).toBeGreaterThanOrEqual(Math.min(...xs) - 0.5);
      expect(s.x).toBeLessThanOrEqual(Math.max(...xs) + 0.5);
      expect(s.y).toBeGreaterThanOrEqual(Math.min(...ys) - 0.5);
      expect(s.y).toBeLessThanOrEqual(Math.max(...ys) + 0.5);
    }
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
