import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centernetJsonPath } from '../train/extract';
import { initNodeBackend } from '../train/nodeBackend';
import { fileModelHandler } from '../train/nodeIo';
import { expectNoLeak } from '../test/tfSetup';
import { composeFeatures, extractFeatures, extractViews, imageToInput, loadBackbone, tileFeatures, tilesToInput, viewFeatures } from './backbone';
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
  it('turns RGBA into a 512² RGB input of the whole image', () => {
    const input = imageToInput(halves(64, 32));
    expect(input.shape).toEqual([1, 512, 512, 3]);
    const px = (t: tf.Tensor4D, x: number) => Array.from(t.slice([0, 10, x, 0], [1, 1, 1, 3]).dataSync());
    expect(px(input, 5)).toEqual([255, 0, 0]);
    expect(px(input, 506)).toEqual([0, 0, 255]);
    input.dispose();
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
    const feats = await extractFeatures(model, halves(200, 100));
    expect(feats.length).toBe(FEATURE_DIM);
    expect(feats.every(Number.isFinite)).toBe(true);
    const wholeHeat = feats.subarray(VIEW_KEYPOINTS_OFFSET, VIEW_DIM);
    const tileHeat = feats.subarray(FEATURE_DIM - 80);
    for (const h of [wholeHeat, tileHeat]) expect(h.every((v) => v >= 0 && v <= 1)).toBe(true);
    const views = await extractViews(model, halves(200, 100));
    expect(views.whole.length).toBe(VIEW_DIM);
    expect(views.tiles.length).toBe(TILES_DIM);
    expect(Array.from(composeFeatures(views))).toEqual(Array.from(feats));
    // the tiles see the image differently from the whole view
    expect(Array.from(tileHeat)).not.toEqual(Array.from(wholeHeat));
  });

  it('leaks no tensors', async () => {
    await expectNoLeak(() => extractFeatures(model, halves(50, 40)));
        const input = imageToInput(halves(8, 8));
    await expectNoLeak(() => viewFeatures(model, input), (t) => t.dispose());
    await expectNoLeak(() => extractViews(model, halves(30, 20)));
    await expectNoLeak(() => tilesToInput(halves(8, 8)), (t) => t.dispose());
    const tiles = tilesToInput(halves(8, 8));
    await expectNoLeak(() => tileFeatures(model, tiles), (t) => t.dispose());
    tiles.dispose();
    await expectNoLeak(() => imageToInput(halves(8, 8)), (t) => t.dispose());
    input.dispose();
  });
});
