import { FEATURE_LAYOUT, type FeatureSegment } from '../model/cnn/featureLayout';

/** Offsets inside one view's raw features (see detectionStats.ts and imageFeatures.ts). */
const V = {
  gap: [0, 480], gmp: [480, 960], headMean: [960, 1088], heat: [1088, 1168], stats: [1168, 1728],
} as const;

const seg = (source: FeatureSegment['source'], [from, to]: readonly [number, number]): FeatureSegment => ({ source, from, to });

/** The first image representation: whole view + tiles pooled (2208 values). */
const BASE: FeatureSegment[] = [
  seg('whole', [0, 1168]), seg('tilesMean', V.gap), seg('tilesMax', V.gmp), seg('tilesMax', V.heat),
];
const STATS: FeatureSegment[] = [seg('whole', V.stats), seg('tilesMax', V.stats)];
const NANODET: FeatureSegment[] = [seg('nanodet', [0, 400])];
const GRID: FeatureSegment[] = [seg('grid', [0, 1920])];
/** STATS and NANODET with their peak and anchor counts as log(1 + count). */
const log1p = (s: FeatureSegment): FeatureSegment => ({ ...s, transform: 'log1p' });
const STATS_LOG: FeatureSegment[] = (['whole', 'tilesMax'] as const).flatMap((source) => [
  seg(source, [V.stats[0], V.stats[0] + 160]), log1p(seg(source, [V.stats[0] + 160, V.stats[0] + 320])), seg(source, [V.stats[0] + 320, V.stats[1]]),
]);
const NANODET_LOG: FeatureSegment[] = [seg('nanodet', [0, 320]), log1p(seg('nanodet', [320, 400]))];

/** Candidate image representations, compared by `npm run probe` and `npm run train -- --layout`. */
export const LAYOUTS: Record<string, readonly FeatureSegment[]> = {
  shipped: FEATURE_LAYOUT,
  base: BASE,
  'base+stats': [...BASE, ...STATS],
  'base+nanodet': [...BASE, ...NANODET],
  'base+grid': [...BASE, ...GRID],
  'base+stats+nanodet': [...BASE, ...STATS, ...NANODET],
  'base+stats+nanodet+grid': [...BASE, ...STATS, ...NANODET, ...GRID],
  'base+stats+nanodet+logcounts': [...BASE, ...STATS_LOG, ...NANODET_LOG], // = shipped (layouts.test.ts)
  /** No tiles: only the whole view (a fifth of the CenterNet cost) and NanoDet. */
  'whole+stats+nanodet+logcounts': [seg('whole', [0, 1168]), ...STATS_LOG.filter((s) => s.source === 'whole'), ...NANODET_LOG],
  /** The shipped I without the tiles' pooled feature maps: the tiles give only their heat-maps and statistics (2768 values). */
  'tileheat+stats+nanodet+logcounts': [seg('whole', [0, 1168]), seg('tilesMax', V.heat), ...STATS_LOG, ...NANODET_LOG],
};

/** A layout by name; throws listing the valid names. */
export function layoutByName(name: string): readonly FeatureSegment[] {
  const layout = LAYOUTS[name];
  if (!layout) throw new Error(`Unknown layout "${name}": use one of ${Object.keys(LAYOUTS).join(', ')}`);
  return layout;
}
