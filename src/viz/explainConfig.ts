/** Layout constants of the path explanation (label map drawing, path-effect table). */
export const LABEL_MAP = {
  width: 440,
  height: 360,
  /** Room around the points for their names (px). */
  margin: 40,
  pointRadius: 5,
  /** Label points closer than this (px) are nudged apart, so each one can be hovered. */
  minSeparation: 14,
  trajectoryRadius: 4,
} as const;

/** Rows of the path-effect table: this many most raised, and as many most lowered, labels. */
export const PATH_EFFECT_ROWS = 5;
