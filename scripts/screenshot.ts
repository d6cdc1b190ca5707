/**
 * `npx tsx scripts/screenshot.ts [--sample person-and-dog.jpg] [--out docs/screenshot.jpg] [--no-build]`
 * The README's picture: the built site in Chromium (WASM) at 1440×1000, a sample's tree with the
 * evidence map of the best path's first label, saved as a JPEG.
 */
import { execSync, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, EXECUTABLE_PATH } from '../playwright.config';

const { values } = parseArgs({
  options: {
    sample: { type: 'string', default: 'person-and-dog.jpg' }, out: { type: 'string', default: 'docs/screenshot.jpg' },
    port: { type: 'string', default: '4191' }, 'no-build': { type: 'boolean', default: false },
  },
});
if (!values['no-build']) execSync('npx vite build', { stdio: 'inherit' });
const server = spawn('npx', ['vite', 'preview', '--port', values.port!, '--strictPort'], { stdio: 'ignore', detached: true });
try {
  await new Promise((r) => setTimeout(r, 2500));
  const browser = await chromium.launch({ executablePath: EXECUTABLE_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`http://localhost:${values.port}/?backend=wasm&sample=${values.sample}`);
  await page.locator('[data-testid="gallery-item"][data-status="done"]').waitFor({ timeout: 300_000 });
  // the first-load guide dismissed, as for a returning visitor
  const dismiss = page.getByRole('button', { name: /got it/i });
  if (await dismiss.count()) await dismiss.first().click();
  const first = page.locator('[data-testid="beam-node"][data-depth="1"][data-state="best"]').first();
  await first.click();
  await page.locator('[data-testid="evidence-map"]').first().waitFor({ timeout: 300_000 });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: values.out!, type: 'jpeg', quality: 80 });
  await browser.close();
  console.log(`wrote ${values.out}`);
} finally {
  try { process.kill(-server.pid!); } catch { /* already gone */ }
}
