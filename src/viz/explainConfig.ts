/** Layout constants of the path explanation (label map drawing, path-effect table). */
export const LABEL_MAP = {
  /** The drawing (px at 1:1; the map is shown at most this wide, so on a desktop at exactly this size). */
  width: 520,
  height: 400,
  /** Label points stay this far inside the drawing's edges (px); names may use the rest. */
  margin: 22,
  pointRadius: 5,
  /** No two label points closer than this (px), so each one can be hovered. */
  minSeparation: 18,
  /** x_t is a ring this big, drawn under the label points: a step that sits on a label rings it. */
  trajectoryRadius: 8,
  /** The names' font size (px); keep in step with `.map-point text` in styles.css. */
  fontSize: 11,
  /**
   * A generous width per character of a name, in font sizes (system fonts run 0.5–0.6; bold for
   * the hovered label's neighbours adds a little), so names that do not touch here do not on screen.
   */
  charWidth: 0.64,
  /** Gap between a point and its name, and around each name (px). */
  nameGap: 3,
  namePadding: 1.5,
  /** Rounds of pushing points apart until no two names overlap. */
  spreadRounds: 80,
} as const;
