import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

// WebGPU runs on the CPU through SwiftShader here: correct but ~70× slower than WASM.
test.describe('WebGPU', () => {
  test.setTimeout(300_000);

  test('forced WebGPU compiles its shaders as a phase of its own, classifies a photo and shows an evidence map', async ({ app, page }) => {
    await app.open('?backend=webgpu');
    await expect(page.getByTestId('load-phase')).toHaveAttribute('data-phase', 'compile', { timeout: 60_000 });
    await expect(page.getByTestId('load-phase')).toContainText('Compiling GPU shaders');
    await app.waitReady(240_000);
    await expect(app.badge()).toHaveText('webgpu');
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult(1, 240_000);
    expect(await app.labels()).toEqual(expect.arrayContaining(['dog', 'person']));
    await expect(app.nodes().first()).toBeVisible();
    // one evidence map on WebGPU: gradients through the head and pooling on the GPU backend
    const node = page.locator('[data-testid="beam-node"][data-depth="1"]').first();
    await node.hover();
    await expect(page.locator('[data-testid="evidence-photo"] > figure [data-testid="evidence-map"]'))
      .toHaveAttribute('data-node', (await node.getAttribute('data-id'))!, { timeout: 120_000 });
  });

  test('a lost WebGPU device restarts the worker on WASM and keeps working', async ({ app, page }) => {
    await app.open('?backend=webgpu');
    await app.waitReady(240_000);
    await expect(app.badge()).toHaveText('webgpu');
    expect(await page.evaluate(() => (window as unknown as { __beamsight: { loseDevice(): Promise<boolean> } }).__beamsight.loseDevice())).toBe(true);
    await expect(page.getByTestId('backend-banner')).toContainText(/WebGPU device lost/);
    await expect(app.badge()).toHaveText('wasm', { timeout: 60_000 });
    await app.drop([vocFile(DOG_AND_PERSON)]);
    await app.waitForResult(1, 60_000);
  });

  test('automatic choice prefers WASM over a software WebGPU adapter and says why', async ({ app, page }) => {
    await app.open();
    await app.waitReady();
    await expect(app.badge()).toHaveText('wasm');
    await expect(page.getByTestId('backend-banner')).toContainText(/software fallback/);
  });
});

