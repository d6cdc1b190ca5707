import * as tf from '@tensorflow/tfjs';
import {
  BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE,
  BACKBONE_KEYPOINTS_NODE, FEATURE_DIM,
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

/**
 * Turns RGBA pixels into the CNN input [1,512,512,3] float RGB 0..255 (bilinear resize of the
 * whole image, aspect not kept, as CenterNet was trained). Shared by Node training and the app.
 */
export function imageToInput(image: RgbaImage, flip = false): tf.Tensor4D {
  if (image.data.length !== image.width * image.height * 4) {
    throw new Error(`Pixel buffer has ${image.data.length} bytes, expected ${image.width}×${image.height}×4`);
  }
  return tf.tidy(() => {
    const rgba = tf.tensor3d(Uint8Array.from(image.data), [image.height, image.width, 4], 'int32');
    const rgb = tf.slice(rgba, [0, 0, 0], [image.height, image.width, 3]).toFloat();
    const resized = tf.image.resizeBilinear(rgb, [BACKBONE_INPUT_SIZE, BACKBONE_INPUT_SIZE]);
    const batch = resized.expandDims(0) as tf.Tensor4D;
    return flip ? tf.reverse(batch, 2) : batch;
  });
}

/**
 * Runs the CNN and pools its maps into the image representation I (layout in config.ts).
 * Returns a [batch, FEATURE_DIM] tensor; caller disposes.
 */
export function featuresFromInput(model: tf.GraphModel, input: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const [extern, headMean, keypoints] = model.execute(
      { [BACKBONE_INPUT_NODE]: input },
      [BACKBONE_EXTERN_NODE, BACKBONE_HEAD_MEAN_NODE, BACKBONE_KEYPOINTS_NODE],
    ) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const batch = input.shape[0];
    const gap = tf.mean(extern, [1, 2]);
    const gmp = tf.max(extern, [1, 2]);
    const head = tf.reshape(headMean, [batch, -1]);
    const kpMax = tf.max(keypoints, [1, 2]);
    const out = tf.concat([gap, gmp, head, kpMax], 1) as tf.Tensor2D;
    if (out.shape[1] !== FEATURE_DIM) {
      throw new Error(`Backbone produced ${out.shape[1]} features, expected ${FEATURE_DIM}`);
    }
    return out;
  });
}

/**
 * Image representation I for one image: features of the image and of its mirror, averaged
 * (test-time augmentation the head was trained with). Returns Float32Array[FEATURE_DIM].
 */
export async function extractFeatures(
  model: tf.GraphModel, image: RgbaImage, options: { flipAverage?: boolean } = {},
): Promise<Float32Array> {
  const flipAverage = options.flipAverage ?? true;
  const feats = tf.tidy(() => {
    const input = imageToInput(image);
    const plain = featuresFromInput(model, input);
    if (!flipAverage) return plain;
    const mirrored = featuresFromInput(model, tf.reverse(input, 2));
    return tf.div(tf.add(plain, mirrored), 2);
  });
  try {
    return (await feats.data()) as Float32Array;
  } finally {
    feats.dispose();
  }
}
