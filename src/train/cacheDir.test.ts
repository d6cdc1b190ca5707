import { describe, expect, it } from 'vitest';
import { BACKBONE_INPUT_SIZE } from '../model/config';
import { FEATURE_VERSION, featureCacheDir, featureVersion } from './cacheDir';

describe('featureCacheDir', () => {
  it('keys a folder\'s cache by its path and the CNN input side, the app\'s by default', () => {
    expect(FEATURE_VERSION).toBe(featureVersion(BACKBONE_INPUT_SIZE));
    expect(featureVersion(320)).not.toBe(FEATURE_VERSION);
    const app = featureCacheDir('src', 'R');
    expect(app).toMatch(/^R\/[0-9a-f]{12}$/);
    expect(featureCacheDir('src', 'R', BACKBONE_INPUT_SIZE)).toBe(app);
    expect(featureCacheDir('src', 'R', 320)).not.toBe(app);
    expect(featureCacheDir('e2e', 'R')).not.toBe(app);
    // the photos mirrored: a cache of their own at every side
    expect(featureVersion(320, true)).not.toBe(featureVersion(320));
    expect(featureCacheDir('src', 'R', 320, true)).not.toBe(featureCacheDir('src', 'R', 320));
    expect(featureCacheDir('src', 'R', BACKBONE_INPUT_SIZE, true)).not.toBe(app);
  });
});
