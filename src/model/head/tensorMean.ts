import * as tf from '@tensorflow/tfjs';

/**
 * The element-wise mean of same-shaped tensors, summed in pairs. Not `tf.addN`: on WebGPU its
 * one program binds every input at once, and past 7 inputs (an ensemble of 9 heads) that exceeds
 * the default 8 storage buffers per shader stage, so the pipeline is invalid and the result garbage.
 */
export function meanOf<T extends tf.Tensor>(tensors: readonly T[]): T {
  if (tensors.length === 0) throw new Error('meanOf needs at least one tensor');
  return tf.tidy(() => {
    let level: tf.Tensor[] = [...tensors];
    while (level.length > 1) {
      const next: tf.Tensor[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? tf.add(level[i]!, level[i + 1]!) : level[i]!);
      level = next;
    }
    return (tensors.length === 1 ? tf.clone(level[0]!) : tf.div(level[0]!, tensors.length)) as T;
  });
}
