import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when the image representation changes, so stale caches are never read. */
export const FEATURE_VERSION = 'raw-centernet5views384-stats-grid-nanodet-v5';

/** Cache folder for one VOCdevkit folder (ids repeat across datasets, so the path is in the key). */
export function featureCacheDir(vocDir: string, root = '.cache/features'): string {
  const key = createHash('sha1').update(`${realpathSync(vocDir)}\n${FEATURE_VERSION}`).digest('hex').slice(0, 12);
  return join(root, key);
}
