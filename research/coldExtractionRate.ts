/**
 * `npx tsx research/coldExtractionRate.ts [VOC_DIR] [SPLIT] [N] [SIZES]` — not a test: the cold
 * feature extraction rate of the first N photos of a VOCdevkit split (defaults: ../shared/data/VOC2007,
 * train, 200), through `ensureFeatures` exactly as `npm run train` extracts (one process per core),
 * into empty temporary caches that are removed afterwards. SIZES (default: the app's side) lists
 * CenterNet input sides, each measured in turn; a side written `320+` is measured as training's
 * scale augmentation extracts it, NanoDet's statistics copied from the app side's cache (which then
 * comes first: list the app's side before it). Also run it in two checkouts alternately to compare
 * CNN settings on the same machine (the figures in docs/benchmarks.md).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKBONE_INPUT_SIZE } from '../src/model/config';
import { ensureFeatures } from '../src/train/ensureFeatures';
import { FeatureCache } from '../src/train/featureCache';
import { readVocSplit } from '../src/train/voc';

const [dir = '../shared/data/VOC2007', split = 'train', n = '200', sizes = String(BACKBONE_INPUT_SIZE)] = process.argv.slice(2);
const ids = readVocSplit(dir, split).slice(0, Number(n)).map((im) => im.id);
const caches: string[] = [];
let appCache: FeatureCache | undefined;
try {
  for (const entry of sizes.split(',')) {
    const size = Number(entry.replace(/\+$/, ''));
    const reuse = entry.endsWith('+');
    if (reuse && !appCache) throw new Error(`${entry}: measure the app's side (${BACKBONE_INPUT_SIZE}) before it`);
    const cacheDir = join(tmpdir(), `beamsight-coldrate-${process.pid}-${entry}`);
    rmSync(cacheDir, { recursive: true, force: true });
    caches.push(cacheDir);
    const cache = new FeatureCache(cacheDir);
    const t0 = Date.now();
    await ensureFeatures(dir, [split], undefined, cache, ids, size, reuse ? appCache : undefined);
    const s = (Date.now() - t0) / 1000;
    if (size === BACKBONE_INPUT_SIZE) appCache = cache;
    console.log(`CNN at ${size}²${reuse ? ', NanoDet copied' : ''}: ${ids.length} photos of ${dir} ${split} in ${s.toFixed(1)} s, ${(s / ids.length).toFixed(3)} s a photo`);
  }
} finally {
  for (const c of caches) rmSync(c, { recursive: true, force: true });
}
