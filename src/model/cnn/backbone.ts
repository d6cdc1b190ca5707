import * as tf from '@tensorflow/tfjs';
import { BACKBONE_INPUT_NODE, BACKBONE_INPUT_SIZE } from '../config';
import { inputSizeGraph } from './inputSizeGraph';
import { spatialMeanGraph } from './spatialMeanGraph';

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
  /** The views' side in pixels (BACKBONE_INPUT_SIZE unless training sees the photos at another scale). */
  inputSize?: number;
}

/**
 * Loads the frozen CNN (CenterNet-MobileNetV3, COCO) to run on batches of BACKBONE_INPUT_SIZE²
 * views (inputSizeGraph.ts: a photo's 5 views run as one batch, one `execute()`). Its spatial means
 * run as average pools on WASM (spatialMeanGraph.ts: the same values to float rounding, 60× faster there).
 */
export async function loadBackbone(
  source: ModelSource, options: LoadBackboneOptions = {},
): Promise<tf.GraphModel> {
  const handler = typeof source === 'string' ? tf.io.http(source, { onProgress: options.onProgress }) : source;
  const model = await tf.loadGraphModel(spatialMeanGraph(inputSizeGraph(handler, BACKBONE_INPUT_NODE, options.inputSize ?? BACKBONE_INPUT_SIZE)));
  const input = model.inputs[0];
  if (!input || input.name !== BACKBONE_INPUT_NODE) {
    model.dispose();
    throw new Error(`Backbone graph has no input "${BACKBONE_INPUT_NODE}": is this centernet.json?`);
  }
  return model;
}

/** The side of the square views a loaded CenterNet runs on (its declared input, [-1, S, S, 3]). */
export function backboneInputSize(model: tf.GraphModel): number {
  const side = model.inputs[0]?.shape?.[1];
  if (typeof side !== 'number' || side <= 0) throw new Error('The backbone graph declares no input size');
  return side;
}

/** RGBA pixels → float RGB 0..255 tensor [1, H, W, 3], uploaded once for every view. */
export function rgbTensor(image: RgbaImage): tf.Tensor4D {
  if (image.data.length !== image.width * image.height * 4) {
    throw new Error(`Pixel buffer has ${image.data.length} bytes, expected ${image.width}×${image.height}×4`);
  }
  return tf.tidy(() => {
    const rgba = tf.tensor3d(Uint8Array.from(image.data), [image.height, image.width, 4], 'int32');
    return tf.slice(rgba, [0, 0, 0], [image.height, image.width, 3]).toFloat().expandDims(0) as tf.Tensor4D;
  });
}
