import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

/** VOC images are read from ../shared at test time, never committed. */
export const VOC_DIR = process.env.VOC_DIR ?? join(process.cwd(), '..', 'shared', 'data', 'VOC2007');
/** A val photo with a dog and a person in it. */
export const DOG_AND_PERSON = '000021';
/** A val photo with one small cow far off, for which the shipped head ends with no label. */
export const SMALL_COW = '009586';

export interface FileSpec { name: string; mimeType: string; buffer: Buffer }

export function vocFile(id: string): FileSpec {
  return { name: `${id}.jpg`, mimeType: 'image/jpeg', buffer: readFileSync(join(VOC_DIR, 'JPEGImages', `${id}.jpg`)) };
}

/** Page object for the app. */
export class AppPage {
  readonly requests: string[] = [];

  constructor(readonly page: Page) {
    page.on('request', (r) => this.requests.push(r.url()));
  }

  /** Opens the app with the test hook (window.__beamsight), which a page has only when its URL asks. */
  async open(query = '', path = '/'): Promise<void> {
    await this.page.goto(`${path}${query}${query.includes('?') ? '&' : '?'}testhook=1`);
    await this.page.waitForFunction(() => '__beamsight' in window);
  }

  badge() { return this.page.getByTestId('backend-badge'); }
  labelSet() { return this.page.getByTestId('label-set'); }
  tree() { return this.page.getByTestId('beam-tree'); }
  nodes() { return this.page.getByTestId('beam-node'); }
  notices() { return this.page.getByTestId('notice'); }
  /** The selected photo (not a pinned copy). */
  photo() { return this.page.getByTestId('photo'); }
  samples() { return this.page.getByTestId('sample'); }
  guideHints() { return this.page.getByTestId('guide-hint'); }

  /** Width of the page's content against the window's: more means a sideways scroll. */
  overflow(): Promise<{ scrollWidth: number; innerWidth: number }> {
    return this.page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  }

  /** Waits until the worker said ready (models loaded and warmed up). */
  async waitReady(timeout = 120_000): Promise<void> {
    await expect(this.badge()).toHaveAttribute('data-phase', 'ready', { timeout });
  }

  /** Drops files on the drop zone the way a browser does (a real DataTransfer with File objects). */
  async drop(files: FileSpec[]): Promise<void> {
    const payload = files.map((f) => ({ name: f.name, type: f.mimeType, data: f.buffer.toString('base64') }));
    await this.page.getByTestId('drop-zone').evaluate((zone, items) => {
      const dt = new DataTransfer();
      for (const it of items) {
        const bin = Uint8Array.from(atob(it.data), (c) => c.charCodeAt(0));
        dt.items.add(new File([bin], it.name, { type: it.type }));
      }
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, payload);
  }

  /** Labels of the CNN-RNN's best path, as shown. */
  async labels(): Promise<string[]> {
    const v = await this.labelSet().getAttribute('data-labels');
    return v ? v.split(',') : [];
  }

  async waitForResult(count = 1, timeout = 120_000): Promise<void> {
    await expect(this.page.locator('[data-testid="gallery-item"][data-status="done"]')).toHaveCount(count, { timeout });
  }

  /** Worker memory as reported through the test hook. */
  memory(): Promise<{ numTensors: number; numBytes: number; cachedImages: number; cnnRuns: number }> {
    return this.page.evaluate(() => (window as unknown as { __beamsight: { memory(): Promise<never> } }).__beamsight.memory());
  }

  /** Every node's data attributes, for consistency checks. */
  nodeData(): Promise<{ id: string; label: string; stepP: number; pathP: number; state: string; depth: number }[]> {
    return this.nodes().evaluateAll((els) => els.map((e) => ({
      id: e.getAttribute('data-id')!, label: e.getAttribute('data-label')!, stepP: Number(e.getAttribute('data-step-p')),
      pathP: Number(e.getAttribute('data-path-p')), state: e.getAttribute('data-state')!, depth: Number(e.getAttribute('data-depth')),
    })));
  }

  /** Requests that left the page's origin (blob: and data: URLs stay in the browser). */
  foreignRequests(origin: string): string[] {
    return this.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  }
}

export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use) => { await use(new AppPage(page)); },
});
export { expect };
