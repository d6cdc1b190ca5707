import { expect, type Page } from '@playwright/test';

/** Page object for the path explanation: what the selected path changed, and the label map. */
export class ExplainPanel {
  constructor(readonly page: Page) {}

  root() { return this.page.getByTestId('explain'); }
  effect() { return this.page.getByTestId('path-effect'); }
  effectRows() { return this.effect().locator('tbody tr'); }
  map() { return this.page.getByTestId('label-map'); }
  mapPoints() { return this.map().locator('[data-label]'); }
  trajectory() { return this.map().getByTestId('trajectory-point'); }

  /** Waits until the panel explains `path` (label indices joined by '/'). */
  async waitFor(path: string): Promise<void> {
    await expect(this.root()).toHaveAttribute('data-path', path);
    await expect(this.root()).toHaveAttribute('data-ready', 'true');
  }

  /** Rows of the path-effect table as plain values. */
  rows(): Promise<{ label: string; ratio: number }[]> {
    return this.effectRows().evaluateAll((els) => els.map((e) => ({ label: e.getAttribute('data-label')!, ratio: Number(e.getAttribute('data-ratio')) })));
  }
}
