import * as tf from '@tensorflow/tfjs';
import {
  BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE,
  BACKBONE_KEYPOINTS_NODE, EXTERN_CHANNELS, FEATURE_DIM, TILE_BOXES, VIEW_DIM, VIEW_KEYPOINTS_OFFSET,
} from './config';

/** Decoded pixels, RGBA interleaved, row-major: data.length === width * height * 4. */
export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** Where the CenterNet graph model comes from: a URL (browser) or a tf.io handler (Node, tests). */
export type ModelSource = string | tf.io.IOHandler;

export interface LoadBackboneOptions {
  /** Fraction 0..1 of bytes fetched so far (URL sources only). */
  onProgress?: (fraction: number) => void;
}

/** Loads the frozen CNN (CenterNet-MobileNetV3, COCO). */
export async function loadBackbone(
  source: ModelSource, options: LoadBackboneOptions = {},
): Promise<tf.GraphModel> {
  const model = await tf.loadGraphModel(source, { onProgress: options.onProgress });
  const input = model.inputs[0];
  if (!input || input.name !== BACKBONE_INPUT_NODE) {
    model.dispose();
    throw new Error(`Backbone graph has no input "${BACKBONE_INPUT_NODE}": is this centernet.json?`);
  }
  return model;
}

/** RGBA pixels → float RGB 0..255 tensor [1, H, W, 3]. */
function rgbTensor(image: RgbaImage): tf.Tensor4D {
  if (image.data.length !== image.width * image.height * 4) {
    throw new Error(`Pixel buffer has ${image.data.length} bytes, expected ${image.width}×${image.height}×4`);
  }
  return tf.tidy(() => {
    const rgba = tf.tensor3d(Uint8Array.from(image.data), [image.height, image.width, 4], 'int32');
    return tf.slice(rgba, [0, 0, 0], [image.height, image.width, 3]).toFloat().expandDims(0) as tf.Tensor4D;
  });
}

/**
 * Turns RGBA pixels into the CNN input [1,512,512,3] float RGB 0..255 (bilinear resize of the
 * whole image, aspect not kept, as CenterNet was trained). Shared by Node training and the app.
 */
export function imageToInput(image: RgbaImage): tf.Tensor4D {
  return tf.tidy(() => wholeFromRgb(rgbTensor(image)));
}

/** The four corner tiles (TILE_BOXES), each resized to the CNN input: [4,512,512,3]. */
export function tilesToInput(image: RgbaImage): tf.Tensor4D {
  return tf.tidy(() => tilesFromRgb(rgbTensor(image)));
}

function wholeFromRgb(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.image.resizeBilinear(rgb, [BACKBONE_INPUT_SIZE, BACKBONE_INPUT_SIZE]);
}

function tilesFromRgb(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.image.cropAndResize(
    rgb, TILE_BOXES.map((b) => [...b]), TILE_BOXES.map(() => 0), [BACKBONE_INPUT_SIZE, BACKBONE_INPUT_SIZE], 'bilinear',
  );
}

/**
 * Runs the CNN on one view [1,512,512,3] and pools its maps (layout VIEW_DIM in config.ts).
 * Returns [1, VIEW_DIM]; caller disposes.
 */
export function viewFeatures(model: tf.GraphModel, input: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const [extern, headMean, keypoints] = model.execute(
      { [BACKBONE_INPUT_NODE]: input },
      [BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_KEYPOINTS_NODE],
    ) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const out = tf.concat([
      tf.mean(extern, [1, 2]), tf.max(extern, [1, 2]), tf.reshape(headMean, [1, -1]), tf.max(keypoints, [1, 2]),
    ], 1) as tf.Tensor2D;
    if (out.shape[1] !== VIEW_DIM) throw new Error(`Backbone produced ${out.shape[1]} features, expected ${VIEW_DIM}`);
    return out;
  });
}

/** Tile features pooled over the 4 tiles (layout TILES_DIM in config.ts): [1, TILES_DIM]. */
export function tileFeatures(model: tf.GraphModel, tiles: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const views = tf.concat(TILE_BOXES.map((_, i) => viewFeatures(model, tf.slice(tiles, [i, 0, 0, 0], [1, -1, -1, -1]))), 0);
    const E = EXTERN_CHANNELS;
    return tf.concat([
      tf.mean(tf.slice(views, [0, 0], [-1, E]), 0, true),
      tf.max(tf.slice(views, [0, E], [-1, E]), 0, true),
      tf.max(tf.slice(views, [0, VIEW_KEYPOINTS_OFFSET], [-1, -1]), 0, true),
    ], 1) as tf.Tensor2D;
  });
}

/** The separately cached parts of I: the whole image's view and the pooled tiles. */
export interface ImageViews {
  whole: Float32Array;
  tiles: Float32Array;
}

/** Runs the CNN on the whole image and on the 4 tiles (5 passes, one read-back). */
export async function extractViews(model: tf.GraphModel, image: RgbaImage): Promise<ImageViews> {
  const parts = tf.tidy(() => {
    const rgb = rgbTensor(image); // uploaded once for the whole view and the tiles
    return tf.concat([viewFeatures(model, wholeFromRgb(rgb)), tileFeatures(model, tilesFromRgb(rgb))], 1);
  });
  const v = (await parts.data()) as Float32Array;
  parts.dispose();
  return { whole: v.slice(0, VIEW_DIM), tiles: v.slice(VIEW_DIM) };
}

/** I from its parts: [ whole-image view | tiles ], Float32Array[FEATURE_DIM]. */
export function composeFeatures(views: ImageViews): Float32Array {
  const out = new Float32Array(FEATURE_DIM);
  out.set(views.whole, 0);
  out.set(views.tiles, VIEW_DIM);
  return out;
}

/** Image representation I (Float32Array[FEATURE_DIM]) for one image; the app and training share it. */
export async function extractFeatures(model: tf.GraphModel, image: RgbaImage): Promise<Float32Array> {
  return composeFeatures(await extractViews(model, image));
}
