import * as tf from '@tensorflow/tfjs';
import { BACKBONE_INPUT_NODE } from '../config';
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
}

/**
 * Loads the frozen CNN (CenterNet-MobileNetV3, COCO). Its graph declares a batch of 1, but every
 * op up to the maps we read is batch-agnostic, so the input is re-declared as [-1,512,512,3]: the
 * photo's 5 views then run as one batch, one `execute()`. Its spatial means run as average pools on
 * WASM (spatialMeanGraph.ts: the same values to float rounding, 60× faster there).
 */
export async function loadBackbone(
  source: ModelSource, options: LoadBackboneOptions = {},
): Promise<tf.GraphModel> {
  const handler = typeof source === 'string' ? tf.io.http(source, { onProgress: options.onProgress }) : source;
  const model = await tf.loadGraphModel(spatialMeanGraph(withAnyBatch(handler, BACKBONE_INPUT_NODE)));
  const input = model.inputs[0];
  if (!input || input.name !== BACKBONE_INPUT_NODE) {
    model.dispose();
    throw new Error(`Backbone graph has no input "${BACKBONE_INPUT_NODE}": is this centernet.json?`);
  }
  return model;
}

interface TensorShapeJson { dim?: { size: string | number }[] }

/** Wraps a model handler so that the named input's batch dimension is declared free (-1). */
export function withAnyBatch(handler: tf.io.IOHandler, inputName: string): tf.io.IOHandler {
  return {
    async load() {
      const artifacts = await handler.load!();
      const topology = artifacts.modelTopology as { node?: { name: string; attr?: { shape?: { shape?: TensorShapeJson } } }[] } | undefined;
      const node = topology?.node?.find((n) => n.name === inputName);
      const nodeDims = node?.attr?.shape?.shape?.dim;
      if (nodeDims?.[0]) nodeDims[0].size = '-1';
      const sig = (artifacts as { signature?: { inputs?: Record<string, { tensorShape?: TensorShapeJson }> } }).signature;
      const sigDims = sig?.inputs?.[inputName]?.tensorShape?.dim;
      if (sigDims?.[0]) sigDims[0].size = '-1';
      return artifacts;
    },
  };
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
