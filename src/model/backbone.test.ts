import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centernetJsonPath } from '../train/extract';
import { initNodeBackend } from '../train/nodeBackend';
import { fileModelHandler } from '../train/nodeIo';
import { expectNoLeak } from '../test/tfSetup';
import { composeFeatures, extractFeatures, extractViews, imageToInput, loadBackbone, tilesToInput, viewFeatures } from './backbone';
import { FEATURE_DIM, TILES_DIM, VIEW_DIM, VIEW_KEYPOINTS_OFFSET } from './config';

/** A synthetic RGBA image: left half red, right half blue. */
function halves(width: number, height: number, swap = false) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = (y * width + x) * 4;
    const left = (x < width / 2) !== swap;
    data[i] = left ? 255 : 0; data[i + 2] = left ? 0 : 255; data[i + 3] = 255;
  }
  return { data, width, height };
}

let model: tf.GraphModel;
beforeAll(async () => {
  await initNodeBackend('wasm');
  model = await loadBackbone(fileModelHandler(centernetJsonPath()));
});
afterAll(() => model?.dispose());

describe('backbone (real CenterNet graph, WASM)', () => {
  it('turns RGBA into a 512² RGB input, mirrored on request', () => {
    const input = imageToInput(halves(64, 32));
    const mirrored = imageToInput(halves(64, 32), true);
    expect(input.shape).toEqual([1, 512, 512, 3]);
    const px = (t: tf.Tensor4D, x: number) => Array.from(t.slice([0, 10, x, 0], [1, 1, 1, 3]).dataSync());
    expect(px(input, 5)).toEqual([255, 0, 0]);
    expect(px(mirrored, 5)).toEqual([0, 0, 255]);
    tf.dispose([input, mirrored]);
    expect(() => imageToInput({ data: new Uint8Array(10), width: 4, height: 4 })).toThrow(/expected 4×4×4/);
  });

  it('cuts four overlapping corner tiles at full CNN resolution', () => {
    const tiles = tilesToInput(halves(100, 50));
    expect(tiles.shape).toEqual([4, 512, 512, 3]);
    const px = (i: number, x: number) => Array.from(tiles.slice([i, 10, x, 0], [1, 1, 1, 3]).dataSync());
    expect(px(0, 5)).toEqual([255, 0, 0]); // top-left tile starts on the red half
    expect(px(1, 506)).toEqual([0, 0, 255]); // top-right tile ends on the blue half
    tiles.dispose();
  });

  it('pools CNN maps into I with the documented layout', async () => {
    const feats = await extractFeatures(model, halves(200, 100), { flipAverage: true });
    expect(feats.length).toBe(FEATURE_DIM);
    const heat = feats.subarray(VIEW_KEYPOINTS_OFFSET, VIEW_DIM);
    expect(heat.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(feats.every(Number.isFinite)).toBe(true);
    // flip averaging makes the whole-image view (nearly) mirror-invariant; tfjs's legacy bilinear resize is not exactly
    // symmetric, so the two agree to a few hundredths, not bit for bit: they correlate
    const ofMirror = await extractFeatures(model, halves(200, 100, true), { flipAverage: true });
    const mean = (v: Float32Array) => v.reduce((a, b) => a + b, 0) / v.length;
    const [va, vb] = [feats.subarray(0, VIEW_DIM), ofMirror.subarray(0, VIEW_DIM)];
    const [ma, mb] = [mean(va), mean(vb)];
    let ab = 0, aa = 0, bb = 0;
    va.forEach((a, i) => { const b = vb[i]!; ab += (a - ma) * (b - mb); aa += (a - ma) ** 2; bb += (b - mb) ** 2; });
    expect(ab / Math.sqrt(aa * bb)).toBeGreaterThan(0.99);
    const views = await extractViews(model, halves(200, 100), true);
    expect(views.tiles.length).toBe(TILES_DIM);
    expect(Array.from(composeFeatures(views.plain, views.tiles))).not.toEqual(Array.from(feats));
    expect(Array.from(composeFeatures(views.plain, views.tiles, views.mirrored))).toEqual(Array.from(feats));
  });

  it('leaks no tensors', async () => {
    await expectNoLeak(() => extractFeatures(model, halves(50, 40)));
    await expectNoLeak(() => extractFeatures(model, halves(50, 40), { flipAverage: false }));
    const input = imageToInput(halves(8, 8));
    await expectNoLeak(() => viewFeatures(model, input), (t) => t.dispose());
    await expectNoLeak(() => extractViews(model, halves(30, 20), true));
    await expectNoLeak(() => tilesToInput(halves(8, 8)), (t) => t.dispose());
    await expectNoLeak(() => imageToInput(halves(8, 8)), (t) => t.dispose());
    input.dispose();
  });
});
