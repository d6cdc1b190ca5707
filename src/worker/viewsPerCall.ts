import * as tf from '@tensorflow/tfjs';
import { rgbTensor, type RgbaImage } from '../model/cnn/backbone';
import { backboneMaps, gridRaw, viewRaw, viewsInput, type Detectors } from '../model/cnn/imageFeatures';
import { nanodetStats } from '../model/cnn/nanodet';

/**
 * Benchmark only, never on the app's path: extractRaw with the photo's views run as separate
 * CenterNet `execute()` calls, one per view (the layout before batching), to measure what the
 * batch saves. Same upload, same single read-back, same Float32Array[RAW_DIM].
 */
export async function extractRawPerView(detectors: Detectors, image: RgbaImage): Promise<Float32Array> {
  const raw = tf.tidy(() => {
    const rgb = rgbTensor(image);
    const all = viewsInput(rgb);
    const views = tf.split(all, all.shape[0]);
    const perView = views.map((v) => {
      const maps = backboneMaps(detectors.centernet, v as tf.Tensor4D);
      return { raw: viewRaw(maps), extern: maps.extern };
    });
    const rows = tf.concat(perView.map((p) => p.raw), 1);
    return tf.concat([rows, gridRaw(perView[0]!.extern), nanodetStats(detectors.nanodet, rgb)], 1);
  });
  const v = (await raw.data()) as Float32Array;
  raw.dispose();
  return v;
}
