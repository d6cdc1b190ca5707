import * as tf from '@tensorflow/tfjs';
import { backboneInputSize, rgbTensor, type RgbaImage } from './backbone';
import {
  BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE, BACKBONE_KEYPOINTS_NODE,
  BACKBONE_WH_NODE, NANODET_DIM, NUM_VIEWS, RAW_DIM, RAW_VIEW_DIM, TILE_BOXES,
} from '../config';
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
  /** [B,S/32,S/32,480] MobileNetV3 extern1 (S: the side the CNN was loaded for, BACKBONE_INPUT_SIZE in the app). */
  extern: tf.Tensor4D;
  /** [B,1,1,128] decoder mean. */
  headMean: tf.Tensor4D;
  /** [B,S/4,S/4,80] per-class centre heat-maps. */
  keypoints: tf.Tensor4D;
  /** [B,S/4,S/4,4] box extents. */
  wh: tf.Tensor4D;
}

/**
 * The photo's 4 tiles [4,S,S,3] (TILE_BOXES, S the CNN's input side), the same on every backend. A box edge at 1
 * samples the last pixel row (column) exactly at its centre, and WASM's float32 arithmetic lands a
 * hair beyond it for most photo sizes: it then fills that whole output row with the extrapolation
 * value 0, where CPU and WebGPU sample the pixels. So the crop reads a copy of the photo with its
 * last row and column repeated once, through boxes rescaled to address the same pixel positions:
 * the far edges then sit one pixel inside the copy, on every backend.
 */
export function tilesInput(rgb: tf.Tensor4D, S = BACKBONE_INPUT_SIZE): tf.Tensor4D {
  return tf.tidy(() => {
    const [, H, W] = rgb.shape;
    const rows = tf.concat([rgb, tf.slice(rgb, [0, H - 1, 0, 0], [1, 1, W, 3])], 1);
    const padded = tf.concat([rows, tf.slice(rows, [0, 0, W - 1, 0], [1, H + 1, 1, 3])], 2) as tf.Tensor4D;
    const sy = (H - 1) / H, sx = (W - 1) / W;
    const boxes = TILE_BOXES.map(([y1, x1, y2, x2]) => [y1 * sy, x1 * sx, y2 * sy, x2 * sx]);
    return tf.image.cropAndResize(padded, boxes, TILE_BOXES.map(() => 0), [S, S], 'bilinear');
  });
}

/** The photo's 5 CNN views, [NUM_VIEWS,S,S,3]: the whole image (aspect not kept), then the 4 tiles (S: the CNN's input side). */
export function viewsInput(rgb: tf.Tensor4D, S = BACKBONE_INPUT_SIZE): tf.Tensor4D {
  return tf.tidy(() => {
    // the whole view with resizeBilinear (not a [0,0,1,1] crop, which samples differently)
    const whole = tf.image.resizeBilinear(rgb, [S, S]);
    return tf.concat([whole, tilesInput(rgb, S)], 0);
  });
}

/** Runs CenterNet once on a batch of views [B,S,S,3]. Caller disposes the maps. */
export function backboneMaps(model: tf.GraphModel, views: tf.Tensor4D): BackboneMaps {
  const [extern, headMean, keypoints, wh] = model.execute(
    { [BACKBONE_INPUT_NODE]: views },
    [BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_KEYPOINTS_NODE, BACKBONE_WH_NODE],
  ) as tf.Tensor4D[];
  return { extern: extern!, headMean: headMean!, keypoints: keypoints!, wh: wh! };
}

/** The maps I is pooled from differentiably (the evidence maps take gradients with respect to them). */
export interface SpatialMaps {
  /** [NUM_VIEWS,S/32,S/32,480] MobileNetV3 extern1 of each view. */
  extern: tf.Tensor4D;
  /** [NUM_VIEWS,S/4,S/4,80] per-class centre heat-maps of each view. */
  keypoints: tf.Tensor4D;
}

/**
 * The raw features that are held constant (not differentiated): computed once per photo, from
 * argmax/topk/counts (detection statistics), NanoDet, and the 1×1 decoder mean.
 */
export interface RawConstants {
  /** [NUM_VIEWS,128] decoder mean. */
  headMean: tf.Tensor2D;
  /** [NUM_VIEWS, DETECTION_STATS_DIM] detectionStats of each view. */
  detection: tf.Tensor2D;
  /** [1, NANODET_DIM] nanodetStats of the photo. */
  nanodet: tf.Tensor2D;
}

/** A photo's CNN maps and constants: everything its raw features (and their gradients) need. Caller disposes. */
export interface ImageMaps {
  maps: SpatialMaps;
  /** The maps' spatial maxima, pooled once (5 × (S/4)² × 80 heat-map cells are costly to reduce per node). */
  maxima: PooledMaxima;
  constants: RawConstants;
}

/** [B, RAW_VIEW_DIM]: [ GAP(extern1) | GMP(extern1) | head mean | heat-map max | detection stats ]. */
function viewRawOf(extern: tf.Tensor4D, maxima: PooledMaxima, headMean: tf.Tensor2D, detection: tf.Tensor2D): tf.Tensor2D {
  return tf.concat([tf.mean(extern, [1, 2]), maxima.extern, headMean, maxima.heat, detection], 1) as tf.Tensor2D;
}

/** Each view's spatial maxima: of extern1 (GMP) [B, 480] and of the heat-maps [B, 80]. */
export interface PooledMaxima {
  extern: tf.Tensor2D;
  heat: tf.Tensor2D;
}

/** Each view's heat-map maxima, [B, 80] (the only way the heat-maps themselves enter I). */
export function heatMaxima(keypoints: tf.Tensor4D): tf.Tensor2D {
  return tf.max(keypoints, [1, 2]);
}

/**
 * Each view's raw features [B, RAW_VIEW_DIM]:
 * [ GAP(extern1) 480 | GMP(extern1) 480 | head mean 128 | heat-map max 80 | detection stats 560 ].
 */
export function viewRaw(maps: BackboneMaps): tf.Tensor2D {
  return tf.tidy(() => viewRawOf(
    maps.extern, { extern: tf.max(maps.extern, [1, 2]), heat: heatMaxima(maps.keypoints) },
    tf.reshape(maps.headMean, [maps.headMean.shape[0], -1]), detectionStats(maps.keypoints, maps.wh),
  ));
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

/**
 * One photo's raw features [1, RAW_DIM] from extern1 [NUM_VIEWS,S/32,S/32,480] (GAP, grid) and the
 * views' maxima: differentiable in all of them, `constants` held fixed. The only path to raw
 * features: extractRaw and the evidence maps both use it (the latter forms the maxima so that
 * their gradient is cheap on WASM, see evidenceMap.ts).
 */
export function rawFromPooled(extern: tf.Tensor4D, maxima: PooledMaxima, constants: RawConstants): tf.Tensor2D {
  return tf.tidy(() => {
    const views = viewRawOf(extern, maxima, constants.headMean, constants.detection);
    const whole = tf.slice(extern, [0, 0, 0, 0], [1, -1, -1, -1]);
    return tf.concat([tf.reshape(views, [1, NUM_VIEWS * RAW_VIEW_DIM]), gridRaw(whole), constants.nanodet], 1) as tf.Tensor2D;
  });
}

/** One photo's raw features [1, RAW_DIM] from its views' maps (rawFromPooled of their spatial maxima). */
export function rawFromMaps(maps: SpatialMaps, constants: RawConstants): tf.Tensor2D {
  return tf.tidy(() => rawFromPooled(maps.extern, { extern: tf.max(maps.extern, [1, 2]), heat: heatMaxima(maps.keypoints) }, constants));
}

/**
 * Runs both CNNs once on a photo and keeps what its raw features are computed from (caller disposes).
 * `nanodet`: the photo's NanoDet statistics when already known (they do not depend on CenterNet's
 * input side: training's scale augmentation reuses them), so NanoDet does not run again.
 */
export function imageMaps(detectors: Detectors, image: RgbaImage, nanodet?: Float32Array): ImageMaps {
  if (nanodet && nanodet.length !== NANODET_DIM) throw new Error(`NanoDet statistics hold ${nanodet.length} values, expected ${NANODET_DIM}`);
  return tf.tidy(() => {
    const rgb = rgbTensor(image);
    const m = backboneMaps(detectors.centernet, viewsInput(rgb, backboneInputSize(detectors.centernet)));
    return {
      maps: { extern: m.extern, keypoints: m.keypoints },
      maxima: { extern: tf.max(m.extern, [1, 2]) as tf.Tensor2D, heat: heatMaxima(m.keypoints) },
      constants: {
        headMean: tf.reshape(m.headMean, [m.headMean.shape[0], -1]) as tf.Tensor2D,
        detection: detectionStats(m.keypoints, m.wh),
        nanodet: nanodet ? tf.tensor2d(nanodet, [1, NANODET_DIM]) : nanodetStats(detectors.nanodet, rgb),
      },
    };
  });
}

/** Frees an ImageMaps' tensors. */
export function disposeImageMaps(m: ImageMaps): void {
  tf.dispose([m.maps.extern, m.maps.keypoints, m.maxima.extern, m.maxima.heat, m.constants.headMean, m.constants.detection, m.constants.nanodet]);
}

/** extractRaw's tensor work, unread: [1, RAW_DIM] (WebGPU's compile-only warm-up runs just this). */
export function rawFeaturesTensor(detectors: Detectors, image: RgbaImage): tf.Tensor2D {
  return tf.tidy(() => {
    const m = imageMaps(detectors, image);
    return rawFromPooled(m.maps.extern, m.maxima, m.constants);
  });
}

/** Reads a photo's raw features back: Float32Array[RAW_DIM] (layout in config.ts). */
export async function readRaw(m: ImageMaps): Promise<Float32Array> {
  const raw = rawFromPooled(m.maps.extern, m.maxima, m.constants);
  const v = (await raw.data()) as Float32Array;
  raw.dispose();
  if (v.length !== RAW_DIM) throw new Error(`The CNNs produced ${v.length} values, expected ${RAW_DIM}`);
  return v;
}

/**
 * Everything both CNNs give for one photo, Float32Array[RAW_DIM] (layout in config.ts): one
 * upload of the pixels, one CenterNet `execute()` for all 5 views, one NanoDet pass (none when its
 * statistics are given: imageMaps), one read-back.
 */
export async function extractRaw(detectors: Detectors, image: RgbaImage, nanodet?: Float32Array): Promise<Float32Array> {
  const m = imageMaps(detectors, image, nanodet);
  try {
    return await readRaw(m);
  } finally {
    disposeImageMaps(m);
  }
}

/** Image representation I (Float32Array[FEATURE_DIM]) for one photo; the app and training share it. */
export async function extractFeatures(detectors: Detectors, image: RgbaImage): Promise<Float32Array> {
  return composeFeatures(await extractRaw(detectors, image));
}
