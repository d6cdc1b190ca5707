import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/** Debian's Chromium where present (CI, no download possible); Playwright's own browser elsewhere. */
const debianChromium = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
export const EXECUTABLE_PATH = process.env.CHROMIUM_PATH ?? debianChromium;

/** WebGPU on the CPU through SwiftShader in headless Chromium; no background network traffic. */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic',
];

/** Ports of the two preview servers; E2E_PORT moves both (e.g. for two checkouts on one machine). */
export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const SUBPATH_PORT = PORT + 1;
export const SUBPATH = '/nested/path/';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://localhost:${PORT}/`,
    trace: 'on-first-retry',
    launchOptions: { executablePath: EXECUTABLE_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    // The built site, served twice: at the root and under a sub-path (relative base works anywhere).
    command: `npx vite build && (npx vite preview --port ${SUBPATH_PORT} --strictPort --base ${SUBPATH} & npx vite preview --port ${PORT} --strictPort)`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
