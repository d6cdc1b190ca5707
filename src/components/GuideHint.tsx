import type { ReactNode } from 'react';

/** One numbered hint of the first-load guide, laid over the page; it never takes a click (pointer-events: none). */
export function GuideHint({ step, children }: { step: number; children: ReactNode }) {
  return (
    <div className="guide-hint" data-testid="guide-hint" data-step={step} role="note">
      <span className="guide-step" aria-hidden>{step}</span>
      <span>{children}</span>
    </div>
  );
}
