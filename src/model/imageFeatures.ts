import * as tf from '@tensorflow/tfjs';
import { rgbTensor, type RgbaImage } from './backbone';
import {
  BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE, BACKBONE_KEYPOINTS_NODE,
  BACKBONE_WH_NODE, NUM_VIEWS, RAW_DIM, RAW_VIEW_DIM, TILE_BOXES,
} from './config';
import { detectionStats } from './detectionStats';
import { composeFeatures } from './featureLayout';
import { nanodetStats } from './nanodet';

/** The frozen CNNs that I is computed from. */
export interface Detectors {
  /** CenterNet-MobileNetV3 (loadBackbone). */
  centernet: tf.GraphModel;
  /** NanoDet (loadNanodet). */
  nanodet: tf.GraphModel;
}

/** CenterNet's spatial maps for a batch of views, as one `execute()`. */
export interface BackboneMaps {
  /** [B,16,16,480] MobileNetV3 extern1. */
  extern: tf.Tensor4D;
  /** [B,1,1,128] decoder mean. */
  headMean: tf.Tensor4D;
  /** [B,128,128,80] per-class centre heat-maps. */
  keypoints: tf.Tensor4D;
  /** [B,128,128,4] box extents. */
  wh: tf.Tensor4D;
}

/** The photo's 5 CNN views, [NUM_VIEWS,512,512,3]: the whole image (aspect not kept), then the 4 tiles. */
export function viewsInput(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const S = BACKBONE_INPUT_SIZE;
    // the whole view with resizeBilinear (not a [0,0,1,1] crop, which samples differently)
    const whole = tf.image.resizeBilinear(rgb, [S, S]);
    const tiles = tf.image.cropAndResize(rgb, TILE_BOXES.map((b) => [...b]), TILE_BOXES.map(() => 0), [S, S], 'bilinear');
    return tf.concat([whole, tiles], 0);
  });
}

/** Runs CenterNet once on a batch of views [B,512,512,3]. Caller disposes the maps. */
export function backboneMaps(model: tf.GraphModel, views: tf.Tensor4D): BackboneMaps {
  const [extern, headMean, keypoints, wh] = model.execute(
    { [BACKBONE_INPUT_NODE]: views },
    [BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_KEYPOINTS_NODE, BACKBONE_WH_NODE],
  ) as tf.Tensor4D[];
  return { extern: extern!, headMean: headMean!, keypoints: keypoints!, wh: wh! };
}

/**
 * Each view's raw features [B, RAW_VIEW_DIM]:
 * [ GAP(extern1) 480 | GMP(extern1) 480 | head mean 128 | heat-map max 80 | detection stats 560 ].
 */
export function viewRaw(maps: BackboneMaps): tf.Tensor2D {
  return tf.tidy(() => tf.concat([
    tf.mean(maps.extern, [1, 2]), tf.max(maps.extern, [1, 2]), tf.reshape(maps.headMean, [maps.headMean.shape[0], -1]),
    tf.max(maps.keypoints, [1, 2]), detectionStats(maps.keypoints, maps.wh),
  ], 1) as tf.Tensor2D);
}

/** The whole view's extern1 averaged over each quarter (row-major 2×2 grid): [1, GRID_DIM]. */
export function gridRaw(externWhole: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const [, h, w, c] = externWhole.shape;
    const hh = h / 2, hw = w / 2;
    const q = (y: number, x: number) => tf.mean(tf.slice(externWhole, [0, y * hh, x * hw, 0], [1, hh, hw, c]), [1, 2]);
    return tf.concat([q(0, 0), q(0, 1), q(1, 0), q(1, 1)], 1) as tf.Tensor2D;
  });
}

/** extractRaw's tensor work, unread: [1, RAW_DIM] (WebGPU's compile-only warm-up runs just this). */
export function rawFeaturesTensor(detectors: Detectors, image: RgbaImage): tf.Tensor2D {
  return tf.tidy(() => {
    const rgb = rgbTensor(image);
    const maps = backboneMaps(detectors.centernet, viewsInput(rgb));
    const views = viewRaw(maps);
    const whole = tf.slice(maps.extern, [0, 0, 0, 0], [1, -1, -1, -1]);
    return tf.concat([tf.reshape(views, [1, NUM_VIEWS * RAW_VIEW_DIM]), gridRaw(whole), nanodetStats(detectors.nanodet, rgb)], 1) as tf.Tensor2D;
  });
}

/**
 * Everything both CNNs give for one photo, Float32Array[RAW_DIM] (layout in config.ts): one
 * upload of the pixels, one CenterNet `execute()` for all 5 views, one NanoDet pass, one read-back.
 */
export async function extractRaw(detectors: Detectors, image: RgbaImage): Promise<Float32Array> {
  const raw = rawFeaturesTensor(detectors, image);
  const v = (await raw.data()) as Float32Array;
  raw.dispose();
  if (v.length !== RAW_DIM) throw new Error(`The CNNs produced ${v.length} values, expected ${RAW_DIM}`);
  return v;
}

/** Image representation I (Float32Array[FEATURE_DIM]) for one photo; the app and training share it. */
export async function extractFeatures(detectors: Detectors, image: RgbaImage): Promise<Float32Array> {
  return composeFeatures(await extractRaw(detectors, image));
}
