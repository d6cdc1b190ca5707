import { useStore } from '../store/store';

/** The line that goes with the first-load guide's hints, with the button that hides them for good. */
export function GuideBar() {
  const dismiss = useStore((s) => s.dismissGuide);
  return (
    <p className="guide-bar" data-testid="guide">
      <span>New here? Three numbered hints point at what to try first: the tree, the evidence, the path effect.</span>
      <button type="button" data-testid="guide-dismiss" onClick={dismiss}>Got it, hide the hints</button>
    </p>
  );
}
