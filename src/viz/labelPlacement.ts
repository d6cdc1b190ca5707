import { LABEL_MAP } from './explainConfig';

/** A point of the drawing (px). */
export interface Spot {
  x: number;
  y: number;
}

/** An axis-aligned box of the drawing (px). */
export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Where a point's name is drawn: SVG text at (x, y), y the baseline. */
export interface NameSpot {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

/** The box a name's glyphs take at `spot` (estimated from its length; LABEL_MAP.charWidth errs wide). */
export function nameBox(spot: NameSpot, name: string): Box {
  const { fontSize, charWidth, namePadding: pad } = LABEL_MAP;
  const w = name.length * charWidth * fontSize;
  const x0 = spot.anchor === 'start' ? spot.x : spot.anchor === 'end' ? spot.x - w : spot.x - w / 2;
  return { x0: x0 - pad, x1: x0 + w + pad, y0: spot.y - 0.95 * fontSize - pad, y1: spot.y + 0.3 * fontSize + pad };
}

/** Where a name may go around its point, most preferred first: right, left, above, below, then the diagonals. */
export function nameSpots(p: Spot): NameSpot[] {
  const { pointRadius: r, nameGap: gap, fontSize: fs } = LABEL_MAP;
  const mid = p.y + 0.33 * fs;
  const above = p.y - r - gap - 0.3 * fs;
  const below = p.y + r + gap + 0.95 * fs;
  return [
    { x: p.x + r + gap, y: mid, anchor: 'start' }, { x: p.x - r - gap, y: mid, anchor: 'end' },
    { x: p.x, y: above, anchor: 'middle' }, { x: p.x, y: below, anchor: 'middle' },
    { x: p.x + r, y: above, anchor: 'start' }, { x: p.x + r, y: below, anchor: 'start' },
    { x: p.x - r, y: above, anchor: 'end' }, { x: p.x - r, y: below, anchor: 'end' },
  ];
}

/** Area two boxes share (0 when apart). */
export function overlapArea(a: Box, b: Box): number {
  return Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
}

const pointBox = (p: Spot): Box => {
  const r = LABEL_MAP.pointRadius + 1;
  return { x0: p.x - r, x1: p.x + r, y0: p.y - r, y1: p.y + r };
};

/** Area of a box outside the drawing. */
const outside = (b: Box, width: number, height: number) => (b.x1 - b.x0) * (b.y1 - b.y0)
  - overlapArea(b, { x0: 0, x1: width, y0: 0, y1: height });

/**
 * Puts each name at the first of its spots that touches no name placed before, no other point
 * and no edge, else where it overlaps least. Crowded points choose first. Deterministic.
 */
export function placeNames(points: Spot[], names: string[], width: number, height: number): { spots: NameSpot[]; boxes: Box[] } {
  const crowding = points.map((p) => points.filter((q) => Math.hypot(q.x - p.x, q.y - p.y) < 80).length);
  const order = points.map((_, i) => i).sort((a, b) => crowding[b]! - crowding[a]! || a - b);
  const dots = points.map(pointBox);
  const spots: NameSpot[] = new Array(points.length);
  const boxes: Box[] = new Array(points.length);
  const placed: Box[] = [];
  for (const i of order) {
    let best: { spot: NameSpot; box: Box; cost: number } | null = null;
    for (const spot of nameSpots(points[i]!)) {
      const box = nameBox(spot, names[i]!);
      const cost = placed.reduce((s, b) => s + overlapArea(box, b), 0)
        + dots.reduce((s, d, j) => s + (j === i ? 0 : overlapArea(box, d)), 0) + 4 * outside(box, width, height);
      if (!best || cost < best.cost) best = { spot, box, cost };
      if (cost === 0) break;
    }
    spots[i] = best!.spot;
    boxes[i] = best!.box;
    placed.push(best!.box);
  }
  return { spots, boxes };
}

/** Pairs of points whose name boxes overlap. */
export function nameClashes(boxes: Box[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlapArea(boxes[i]!, boxes[j]!) > 0) out.push([i, j]);
  return out;
}

/**
 * Nudges points apart until no two are closer than `min` (or 100 rounds pass), staying inside
 * `box`: labels whose embeddings nearly coincide stay side by side instead of one hiding the other.
 * Points already far enough apart do not move. Deterministic (coincident points part along a
 * direction given by their indices).
 */
export function separate(points: Spot[], min: number, box: Box): Spot[] {
  const out = points.map((p) => ({ ...p }));
  for (let round = 0; round < 100; round++) {
    let moved = false;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!, b = out[j]!;
        let dx = b.x - a.x, dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= min) continue;
        if (d < 1e-6) { const t = (i * 7 + j * 13) % 360 * (Math.PI / 180); dx = Math.cos(t); dy = Math.sin(t); d = 1; }
        const push = (min - Math.hypot(b.x - a.x, b.y - a.y)) / 2 + 0.01;
        a.x -= (dx / d) * push; a.y -= (dy / d) * push;
        b.x += (dx / d) * push; b.y += (dy / d) * push;
        moved = true;
      }
    }
    clampAll(out, box);
    if (!moved) break;
  }
  return out;
}

function clampAll(points: Spot[], box: Box): void {
  for (const p of points) { p.x = Math.min(box.x1, Math.max(box.x0, p.x)); p.y = Math.min(box.y1, Math.max(box.y0, p.y)); }
}

/**
 * Readable label points: at least `min` apart, and names placed so that none overlaps another.
 * Where names still clash, the two points move apart along the axis where their names overlap
 * least, and the names are placed again (LABEL_MAP.spreadRounds at most).
 */
export function spreadLabels(points: Spot[], names: string[], min: number, box: Box, width: number, height: number): { points: Spot[]; names: NameSpot[] } {
  let at = separate(points, min, box);
  let placed = placeNames(at, names, width, height);
  for (let round = 0; round < LABEL_MAP.spreadRounds; round++) {
    const clashes = nameClashes(placed.boxes);
    if (clashes.length === 0) break;
    for (const [i, j] of clashes) {
      const a = placed.boxes[i]!, b = placed.boxes[j]!;
      const ox = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const oy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      const p = at[i]!, q = at[j]!;
      if (oy <= ox) {
        const s = Math.sign(q.y - p.y) || (i < j ? 1 : -1);
        p.y -= (s * (oy + 1)) / 2; q.y += (s * (oy + 1)) / 2;
      } else {
        const s = Math.sign(q.x - p.x) || (i < j ? 1 : -1);
        p.x -= (s * (ox + 1)) / 2; q.x += (s * (ox + 1)) / 2;
      }
    }
    clampAll(at, box);
    at = separate(at, min, box);
    placed = placeNames(at, names, width, height);
  }
  return { points: at, names: placed.spots };
}
