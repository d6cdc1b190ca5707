import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../../test/tfSetup';
import { loadDetectorsFromDisk } from '../../train/extract';
import { initNodeBackend } from '../../train/nodeBackend';
import { backboneInputSize, rgbTensor } from './backbone';
import {
  BACKBONE_KEYPOINTS_NODE, BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE, FEATURE_DIM, GRID_DIM, NANODET_DIM, NUM_VIEWS, RAW_DIM, RAW_VIEW_DIM,
  VIEW_DIM, VIEW_KEYPOINTS_OFFSET,
} from '../config';
import { composeFeatures } from './featureLayout';
import {
  backboneMaps, disposeImageMaps, extractFeatures, extractRaw, gridRaw, imageMaps, rawFromMaps, readRaw, viewRaw, viewsInput,
  type Detectors,
} from './imageFeatures';
import { nanodetStats } from './nanodet';

/** A synthetic RGBA image: left half red, right half blue. */
function halves(width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = (y * width + x) * 4;
    const left = x < width / 2;
    data[i] = left ? 255 : 0; data[i + 2] = left ? 0 : 255; data[i + 3] = 255;
  }
  return { data, width, height };
}

let detectors: Detectors;
beforeAll(async () => {
  await initNodeBackend('wasm');
  detectors = await loadDetectorsFromDisk();
});
afterAll(() => { detectors?.centernet.dispose(); detectors?.nanodet.dispose(); });

describe('image features (real CenterNet and NanoDet graphs, WASM)', () => {
  it('cuts the whole image and four overlapping corner tiles at full CNN resolution', () => {
    const rgb = rgbTensor(halves(100, 50));
    const views = viewsInput(rgb);
    expect(views.shape).toEqual([NUM_VIEWS, BACKBONE_INPUT_SIZE, BACKBONE_INPUT_SIZE, 3]);
    const px = (i: number, x: number) => Array.from(views.slice([i, 10, x, 0], [1, 1, 1, 3]).dataSync());
    expect(px(0, 5)).toEqual([255, 0, 0]);
    expect(px(0, BACKBONE_INPUT_SIZE - 6)).toEqual([0, 0, 255]);
    expect(px(1, 5)).toEqual([255, 0, 0]); // top-left tile starts on the red half
    expect(px(2, BACKBONE_INPUT_SIZE - 6)).toEqual([0, 0, 255]); // top-right tile ends on the blue half
    tf.dispose([rgb, views]);
    expect(() => rgbTensor({ data: new Uint8Array(10), width: 4, height: 4 })).toThrow(/expected 4×4×4/);
  });

  it('runs the 5 views as one batch with the same maps as 5 single passes', () => {
    const rgb = rgbTensor(halves(120, 90));
    const views = viewsInput(rgb);
    const batched = backboneMaps(detectors.centernet, views);
    const single = detectors.centernet.execute({ [BACKBONE_INPUT_NODE]: views.slice([3, 0, 0, 0], [1, -1, -1, -1]) }, BACKBONE_KEYPOINTS_NODE) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(single, batched.keypoints.slice([3, 0, 0, 0], [1, -1, -1, -1])))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([rgb, views, single, ...Object.values(batched)]);
  });

  it('gives raw features with the documented layout, and I from them', async () => {
    const raw = await extractRaw(detectors, halves(200, 100));
    expect(raw.length).toBe(RAW_DIM);
    expect(raw.every(Number.isFinite)).toBe(true);
    const heat = raw.subarray(VIEW_KEYPOINTS_OFFSET, VIEW_DIM);
    expect(heat.every((v) => v >= 0 && v <= 1)).toBe(true);
    const second = raw.subarray(VIEW_DIM, VIEW_DIM + 80); // 2nd peak never above the maximum
    second.forEach((v, c) => expect(v).toBeLessThanOrEqual(heat[c]! + 1e-6));
    const tileHeat = raw.subarray(RAW_VIEW_DIM + VIEW_KEYPOINTS_OFFSET, RAW_VIEW_DIM + VIEW_DIM);
    expect(Array.from(tileHeat)).not.toEqual(Array.from(heat)); // the tiles see the photo differently
    const nano = raw.subarray(RAW_DIM - NANODET_DIM);
    expect(nano.subarray(0, 240).every((v) => v >= 0 && v <= 1)).toBe(true);
    const feats = await extractFeatures(detectors, halves(200, 100));
    expect(feats.length).toBe(FEATURE_DIM);
    expect(Array.from(composeFeatures(raw))).toEqual(Array.from(feats));
  });

  it('extracts at another CNN input side when loaded for it (training\'s scale augmentation), boxes still as fractions', async () => {
    const small = await loadDetectorsFromDisk(256);
    try {
      expect(backboneInputSize(small.centernet)).toBe(256);
      expect(backboneInputSize(detectors.centernet)).toBe(BACKBONE_INPUT_SIZE);
      const photo = halves(200, 100);
      const [raw, at256] = [await extractRaw(detectors, photo), await extractRaw(small, photo)];
      expect(at256.length).toBe(RAW_DIM);
      expect(at256.every(Number.isFinite)).toBe(true);
      expect(Array.from(at256.subarray(0, VIEW_DIM))).not.toEqual(Array.from(raw.subarray(0, VIEW_DIM)));
      const boxes = (r: Float32Array) => r.subarray(VIEW_DIM + 5 * 80, VIEW_DIM + 7 * 80); // best box width, height
      expect(boxes(at256).every((v) => v >= 0 && v <= 2)).toBe(true);
      expect(Array.from(await extractRaw(small, photo))).toEqual(Array.from(at256)); // deterministic
      expect(Array.from(raw.subarray(RAW_DIM - NANODET_DIM))).toEqual(Array.from(at256.subarray(RAW_DIM - NANODET_DIM))); // NanoDet untouched
      // NanoDet's statistics given (as the scale augmentation copies them): the same features, NanoDet not run
      expect(Array.from(await extractRaw(small, photo, raw.slice(RAW_DIM - NANODET_DIM)))).toEqual(Array.from(at256));
      await expect(extractRaw(small, photo, new Float32Array(3))).rejects.toThrow(/NanoDet statistics hold 3 values/);
    } finally {
      small.centernet.dispose();
      small.nanodet.dispose();
    }
  });

  it('leaks no tensors', async () => {
    await expectNoLeak(() => extractRaw(detectors, halves(50, 40)));
    await expectNoLeak(() => extractFeatures(detectors, halves(30, 20)));
    const rgb = rgbTensor(halves(16, 16));
    await expectNoLeak(() => viewsInput(rgb), (t) => t.dispose());
    await expectNoLeak(() => nanodetStats(detectors.nanodet, rgb), (t) => t.dispose());
    const views = viewsInput(rgb);
    const maps = backboneMaps(detectors.centernet, views);
    await expectNoLeak(() => viewRaw(maps), (t) => t.dispose());
    const whole = maps.extern.slice([0, 0, 0, 0], [1, -1, -1, -1]);
    await expectNoLeak(() => gridRaw(whole), (t) => { expect(t.shape).toEqual([1, GRID_DIM]); t.dispose(); });
    tf.dispose([rgb, views, whole, ...Object.values(maps)]);
    await expectNoLeak(() => imageMaps(detectors, halves(24, 18)), disposeImageMaps);
    const m = imageMaps(detectors, halves(24, 18));
    await expectNoLeak(() => rawFromMaps(m.maps, m.constants), (t) => { expect(t.shape).toEqual([1, RAW_DIM]); t.dispose(); });
    await expectNoLeak(() => readRaw(m));
    disposeImageMaps(m);
  });

  it('keeps a photo\'s maps with the same raw features as extractRaw (one code path)', async () => {
    const m = imageMaps(detectors, halves(90, 60));
    expect(m.maps.extern.shape).toEqual([NUM_VIEWS, BACKBONE_INPUT_SIZE / 32, BACKBONE_INPUT_SIZE / 32, 480]);
    expect(m.maps.keypoints.shape).toEqual([NUM_VIEWS, BACKBONE_INPUT_SIZE / 4, BACKBONE_INPUT_SIZE / 4, 80]);
    expect(Array.from(await readRaw(m))).toEqual(Array.from(await extractRaw(detectors, halves(90, 60))));
    disposeImageMaps(m);
  });
});
