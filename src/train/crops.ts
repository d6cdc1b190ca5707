import { VOC_CLASSES } from './labels';

/** An object's box in pixels of its photo, 0-based, [x0, x1) × [y0, y1). */
export interface Box {
  cls: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A rectangle of a photo in pixels, [x0, x1) × [y0, y1). */
export type Rect = Omit<Box, 'cls'>;

/** One extra training example cut from a photo: where, mirrored or not, and its labels. */
export interface CropPlan {
  rect: Rect;
  flip: boolean;
  /** Int8Array[20]: 1 present, -1 absent, 0 unknown (ignored in training). */
  truth: Int8Array;
}

/** How crops are chosen; the defaults are the shipped recipe's. */
export interface CropOptions {
  /** Crops per photo at most: the largest object, then objects of other classes by size. */
  perPhoto: number;
  /** The crop is the box grown by a factor drawn from [minContext, maxContext] on each side's length. */
  minContext: number;
  maxContext: number;
  /** Boxes whose shorter side is below this many pixels are not cropped around. */
  minSide: number;
  /** A crop covering at least this share of the photo's area is the photo again: skipped. */
  maxArea: number;
  /** A box with at least this share of its area inside the crop makes its class present. */
  present: number;
  /** A box with more than this share inside but under `present` makes its class unknown. */
  partial: number;
}

export const DEFAULT_CROP_OPTIONS: CropOptions = {
  perPhoto: 2, minContext: 1.1, maxContext: 1.8, minSide: 40, maxArea: 0.7, present: 0.5, partial: 0.15,
};

/** The objects of a VOC annotation file (`<object><name>…<bndbox>…`), boxes made 0-based. */
export function parseVocBoxes(xml: string): Box[] {
  const boxes: Box[] = [];
  for (const [, body] of xml.matchAll(/<object>([\s\S]*?)<\/object>/g)) {
    const name = /<name>\s*([^<]+?)\s*<\/name>/.exec(body!)?.[1];
    const cls = name === undefined ? -1 : VOC_CLASSES.indexOf(name as (typeof VOC_CLASSES)[number]);
    if (cls < 0) continue;
    const num = (tag: string) => Number(new RegExp(`<${tag}>\\s*([-\\d.]+)\\s*</${tag}>`).exec(body!)?.[1]);
    const [xmin, ymin, xmax, ymax] = ['xmin', 'ymin', 'xmax', 'ymax'].map(num) as [number, number, number, number];
    if ([xmin, ymin, xmax, ymax].some((v) => !Number.isFinite(v)) || xmax <= xmin || ymax <= ymin) continue;
    boxes.push({ cls, x0: xmin - 1, y0: ymin - 1, x1: xmax, y1: ymax });
  }
  return boxes;
}

const area = (r: Rect) => Math.max(0, r.x1 - r.x0) * Math.max(0, r.y1 - r.y0);

/** Share of `box`'s area that lies inside `rect`. */
export function insideShare(box: Rect, rect: Rect): number {
  const overlap = area({ x0: Math.max(box.x0, rect.x0), y0: Math.max(box.y0, rect.y0), x1: Math.min(box.x1, rect.x1), y1: Math.min(box.y1, rect.y1) });
  return overlap / area(box);
}

/**
 * A crop's labels. A class is present when one of its boxes lies mostly inside the crop, unknown
 * when one lies partly inside, or when the photo's labels (`photoTruth`, the ImageSets) mark it
 * present or difficult but it has no box at all (the boxes are incomplete); absent otherwise.
 */
export function cropTruth(boxes: readonly Box[], rect: Rect, photoTruth: Int8Array, opts: Pick<CropOptions, 'present' | 'partial'> = DEFAULT_CROP_OPTIONS): Int8Array {
  const truth = new Int8Array(photoTruth.length).fill(-1);
  photoTruth.forEach((t, c) => { if (t >= 0 && !boxes.some((b) => b.cls === c)) truth[c] = 0; });
  for (const b of boxes) {
    const share = insideShare(b, rect);
    if (share >= opts.present) truth[b.cls] = 1;
    else if (share > opts.partial && truth[b.cls] !== 1) truth[b.cls] = 0;
  }
  return truth;
}

/** The box grown by `factor` about its centre (each side's length), clipped to the photo. */
export function grownBox(box: Rect, factor: number, width: number, height: number): Rect {
  const cx = (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  const hw = ((box.x1 - box.x0) * factor) / 2;
  const hh = ((box.y1 - box.y0) * factor) / 2;
  return {
    x0: Math.max(0, Math.floor(cx - hw)), y0: Math.max(0, Math.floor(cy - hh)),
    x1: Math.min(width, Math.ceil(cx + hw)), y1: Math.min(height, Math.ceil(cy + hh)),
  };
}

/**
 * The object-centred crops of one photo: around its largest box, then around the largest box of
 * each further class, up to `perPhoto`; each grown by a random context factor (scale jitter) and
 * mirrored with probability ½. Boxes too small to crop, and crops that are nearly the whole photo,
 * are left out. `random` gives [0, 1) (seeded by the caller, so the plan is reproducible).
 */
export function planCrops(
  boxes: readonly Box[], width: number, height: number, photoTruth: Int8Array, random: () => number,
  opts: CropOptions = DEFAULT_CROP_OPTIONS,
): CropPlan[] {
  const bySize = [...boxes].sort((a, b) => area(b) - area(a) || a.cls - b.cls);
  const plans: CropPlan[] = [];
  const classes = new Set<number>();
  for (const box of bySize) {
    if (plans.length >= opts.perPhoto) break;
    if (classes.has(box.cls)) continue;
    classes.add(box.cls);
    const factor = opts.minContext + random() * (opts.maxContext - opts.minContext);
    const flip = random() < 0.5;
    if (Math.min(box.x1 - box.x0, box.y1 - box.y0) < opts.minSide) continue;
    const rect = grownBox(box, factor, width, height);
    if (area(rect) >= opts.maxArea * width * height) continue;
    plans.push({ rect, flip, truth: cropTruth(boxes, rect, photoTruth, opts) });
  }
  return plans;
}

/** RGBA pixels, as ImageData and jpeg-js hold them. */
export interface Pixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** The pixels inside `rect`, mirrored left to right when `flip`. */
export function cropPixels(image: Pixels, rect: Rect, flip: boolean): Pixels {
  const width = rect.x1 - rect.x0;
  const height = rect.y1 - rect.y0;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = ((rect.y0 + y) * image.width + rect.x0) * 4;
    if (!flip) {
      data.set(image.data.subarray(row, row + width * 4), y * width * 4);
      continue;
    }
    for (let x = 0; x < width; x++) {
      const from = row + (width - 1 - x) * 4;
      const to = (y * width + x) * 4;
      data[to] = image.data[from]!; data[to + 1] = image.data[from + 1]!; data[to + 2] = image.data[from + 2]!; data[to + 3] = 255;
    }
  }
  return { data, width, height };
}
