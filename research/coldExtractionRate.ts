/**
 * `npx tsx research/coldExtractionRate.ts [VOC_DIR] [SPLIT] [N]` — not a test: the cold feature
 * extraction rate of the first N photos of a VOCdevkit split (defaults: ../shared/data/VOC2007,
 * train, 200), through `ensureFeatures` exactly as `npm run train` extracts (one process per core),
 * into an empty temporary cache that is removed afterwards. Run it in two checkouts alternately to
 * compare CNN settings on the same machine (the figures in docs/benchmarks.md).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKBONE_INPUT_SIZE } from '../src/model/config';
import { ensureFeatures } from '../src/train/ensureFeatures';
import { FeatureCache } from '../src/train/featureCache';
import { readVocSplit } from '../src/train/voc';

const [dir = '../shared/data/VOC2007', split = 'train', n = '200'] = process.argv.slice(2);
const cacheDir = join(tmpdir(), `beamsight-coldrate-${process.pid}`);
rmSync(cacheDir, { recursive: true, force: true });
const ids = readVocSplit(dir, split).slice(0, Number(n)).map((im) => im.id);
const t0 = Date.now();
try {
  await ensureFeatures(dir, [split], undefined, new FeatureCache(cacheDir), ids);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
const s = (Date.now() - t0) / 1000;
console.log(`CNN at ${BACKBONE_INPUT_SIZE}²: ${ids.length} photos of ${dir} ${split} in ${s.toFixed(1)} s, ${(s / ids.length).toFixed(3)} s a photo`);
