import { expect, type Page } from '@playwright/test';

/** Centre and box of an element on the page, in CSS px. */
export interface PageBox { x: number; y: number; left: number; right: number; top: number; bottom: number }

/** Page object for the path explanation: what the selected path does to the label set, and the label map. */
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

  /** Rows of the path-effect table as plain values: P(label in the set) before and after the path. */
  rows(): Promise<{ label: string; before: number; after: number }[]> {
    return this.effectRows().evaluateAll((els) => els.map((e) => ({
      label: e.getAttribute('data-label')!, before: Number(e.getAttribute('data-before')), after: Number(e.getAttribute('data-after')),
    })));
  }

  /** The label points' circles and names, and the x_t marks' circles, as boxes on the page. */
  geometry(): Promise<{ points: PageBox[]; names: PageBox[]; steps: PageBox[] }> {
    return this.map().evaluate((svg) => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      return {
        points: Array.from(svg.querySelectorAll('[data-label] circle'), box),
        names: Array.from(svg.querySelectorAll('[data-label] text'), box),
        steps: Array.from(svg.querySelectorAll('[data-testid="trajectory-point"] circle'), box),
      };
    });
  }
}
