import { CHROMIUM_ARGS, EXECUTABLE_PATH } from '../playwright.config';
import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

// A browser without WebGPU: no unsafe-WebGPU flag and the feature switched off.
test.use({ launchOptions: { executablePath: EXECUTABLE_PATH, args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), '--disable-features=WebGPU'] } });

test('falls back to WASM with a clear banner and still works', async ({ app, page }) => {
  await app.open('?backend=webgpu');
  await app.waitReady();
  await expect(app.badge()).toHaveText('wasm');
  await expect(page.getByTestId('backend-banner')).toContainText(/WebGPU could not start .*running on WASM/);
  await app.drop([vocFile(DOG_AND_PERSON)]);
  await app.waitForResult();
});
