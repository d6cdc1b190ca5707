import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { BACKBONE_INPUT_SIZE } from '../model/config';

/**
 * The raw features' version at a CNN input side: bump the suffix when the representation changes, so
 * stale caches are never read (v6: JPEGs decoded by libjpeg-turbo, the browser's pixels, not jpeg-js's).
 */
export function featureVersion(inputSize: number = BACKBONE_INPUT_SIZE, mirrored = false): string {
  return `raw-centernet5views${inputSize}-stats-grid-nanodet-v6${mirrored ? '-mirrored' : ''}`;
}

/** The app's: CenterNet at BACKBONE_INPUT_SIZE. */
export const FEATURE_VERSION = featureVersion();

/**
 * Cache folder for one VOCdevkit folder (ids repeat across datasets, so the path is in the key), of
 * the features computed with CenterNet at `inputSize` (the app's unless given), of the photos as they
 * are or `mirrored` left to right.
 */
export function featureCacheDir(vocDir: string, root = '.cache/features', inputSize: number = BACKBONE_INPUT_SIZE, mirrored = false): string {
  const key = createHash('sha1').update(`${realpathSync(vocDir)}\n${featureVersion(inputSize, mirrored)}`).digest('hex').slice(0, 12);
  return join(root, key);
}
