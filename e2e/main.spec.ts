import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

test.describe('main flow on WASM', () => {
  test('drop a photo of a dog with a person: labels and a consistent tree', async ({ app, page, baseURL }) => {
    await app.open('?backend=wasm');
    await app.waitReady();
    await expect(app.badge()).toHaveText('wasm');
    // per-file download progress, in bytes, reached each file's full size
    const files = await page.evaluate(() => (window as unknown as { __beamsight: { state(): { files: Record<string, { loaded: number; total: number }> } } }).__beamsight.state().files);
    expect(Object.keys(files).sort()).toEqual([
      'centernet/centernet.bin', 'centernet/centernet.json', 'head/head.bin', 'head/model.json', 'nanodet/nanodet.bin', 'nanodet/nanodet.json',
    ]);
    for (const f of Object.values(files)) expect(f.loaded).toBe(f.total);
    expect(files['centernet/centernet.bin']!.total).toBeGreaterThan(4_000_000);
    expect(files['nanodet/nanodet.bin']!.total).toBeGreaterThan(7_000_000);
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult();
    const labels = await app.labels();
    expect(labels).toEqual(expect.arrayContaining(['dog', 'person']));
    // the details panel names the shipped variant, from the head's own training metadata
    await expect(page.getByTestId('model-variant')).toContainText(/image gate.*predicted-label alignment.*an ensemble of 18 such heads \(seeds 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24\) decoded as one.*I: base\+stats\+nanodet\+logcounts, 3728 values \(CNN at 384²\); val mAP \d+\.\d/);
    await expect(app.tree()).toBeVisible();
    await expect(page.getByTestId('stop-marker')).toContainText('stopped at step');

    const nodes = await app.nodeData();
    expect(nodes.length).toBeGreaterThan(3);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const n of nodes) {
      if (n.id === 'root') continue;
      const parentId = n.id.includes('/') ? n.id.slice(0, n.id.lastIndexOf('/')) : 'root';
      const parent = byId.get(parentId)!;
      expect(parent, `parent of ${n.id}`).toBeDefined();
      expect(n.pathP).toBeCloseTo(parent.pathP * n.stepP, 5);
    }
    for (const p of nodes) {
      const kids = nodes.filter((n) => n.id !== 'root' && (n.id.includes('/') ? n.id.slice(0, n.id.lastIndexOf('/')) : 'root') === p.id);
      expect(kids.reduce((a, k) => a + k.stepP, 0)).toBeLessThanOrEqual(1 + 1e-6);
    }
    expect(nodes.filter((n) => n.state === 'best').map((n) => n.label)).toEqual(expect.arrayContaining(labels));
    expect(app.foreignRequests(new URL(baseURL!).origin)).toEqual([]);
  });

  test('beam width and max length re-decode without re-running the CNN', async ({ app, page }) => {
    await app.open('?backend=wasm');
    await app.waitReady();
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult();
    const before = await app.memory();
    expect(before.cnnRuns).toBe(1);
    const count3 = await app.nodes().count();
    await page.getByTestId('beam-width').fill('6');
    await expect(page.getByTestId('beam-width-value')).toHaveText('6');
    await expect.poll(() => app.nodes().count()).toBeGreaterThan(count3);
    await page.getByTestId('max-length').fill('1');
    await expect(page.getByTestId('stop-marker')).toContainText(/max length 1 reached|every kept path ended/);
    expect(Math.max(...(await app.nodeData()).map((n) => n.depth))).toBeLessThanOrEqual(2);
    const after = await app.memory();
    expect(after.cnnRuns).toBe(1);
    await expect(page.getByTestId('timings')).toContainText('CNN cached');
  });
});
