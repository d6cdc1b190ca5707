/** Layout constants of the beam-tree drawing (one place for every magic number). */
export const TREE = {
  /** Horizontal distance between steps (px). */
  columnWidth: 170,
  /** Vertical distance between sibling nodes (px). */
  rowHeight: 44,
  nodeWidth: 128,
  nodeHeight: 36,
  margin: 24,
  /** Link stroke width at probability 1 (px); scaled by the step probability. */
  maxStroke: 7,
  minStroke: 0.75,
  /** Rough width of a character of the 12 px stop text (px), to keep it inside the drawing. */
  stopCharWidth: 6.5,
} as const;
