import * as tf from '@tensorflow/tfjs';

/**
 * How topValuesAlong finds the values: 'topk' transposes to [B, C, N] and calls tf.topk (on WebGPU
 * a bitonic sort of dozens of passes); 'reduce' takes k rounds of reductions along N (no
 * transpose, no sort; on WASM its broadcast comparisons are slow, ~2 s each for a photo's maps).
 * 'auto': 'reduce' on WebGPU, 'topk' elsewhere. Both give the same values.
 */
export type TopValuesMethod = 'auto' | 'topk' | 'reduce';

/**
 * The k largest values of x [B, N, C] along N, each [B, C], largest first, ties counted as
 * tf.topk counts them (the values are the same as tf.topk's of x transposed to [B, C, N]).
 */
export function topValuesAlong(x: tf.Tensor3D, k: number, method: TopValuesMethod = 'auto'): tf.Tensor2D[] {
  if (!Number.isInteger(k) || k < 1 || k > x.shape[1]) throw new Error(`topValuesAlong needs 1 ≤ k ≤ ${x.shape[1]}, got ${k}`);
  const how = method === 'auto' ? (tf.getBackend() === 'webgpu' ? 'reduce' : 'topk') : method;
  if (how === 'topk') {
    return tf.tidy(() => {
      const top = tf.topk(tf.transpose(x, [0, 2, 1]), k).values; // [B, C, k]
      return Array.from({ length: k }, (_, j) => tf.squeeze(tf.slice(top, [0, 0, j], [-1, -1, 1]), [2]) as tf.Tensor2D);
    });
  }
  return tf.tidy(() => {
    // comparisons as step() of differences: exact for finite floats (x − v > 0 ⟺ x > v), genuine
    // float32 results (a cast bool transposed for a reduction along N breaks tfjs-webgpu's shaders),
    // and no broadcast comparison (slow on WASM)
    const countOf = (v: tf.Tensor2D) => tf.sum(tf.sub(1, tf.step(tf.abs(tf.sub(x, tf.expandDims(v, 1))))), 1) as tf.Tensor2D;
    let current = tf.max(x, 1) as tf.Tensor2D;
    let left = tf.sub(countOf(current), 1) as tf.Tensor2D; // copies of `current` not yet given out
    const out = [current];
    for (let j = 1; j < k; j++) {
      const more = tf.step(left); // 1 while copies are left
      const keep = tf.step(tf.sub(tf.expandDims(current, 1), x)); // 1 where x < current
      const below = tf.max(tf.sub(tf.mul(x, keep), tf.mul(tf.sub(1, keep), BELOW_EVERYTHING)), 1) as tf.Tensor2D;
      const next = tf.add(tf.mul(more, current), tf.mul(tf.sub(1, more), below)) as tf.Tensor2D;
      left = tf.add(tf.mul(more, tf.sub(left, 1)), tf.mul(tf.sub(1, more), tf.sub(countOf(below), 1))) as tf.Tensor2D;
      current = next;
      out.push(current);
    }
    return out;
  });
}

/** Stands in for "no value" among the candidates (x is far above it: heat-map scores, 0..1). */
const BELOW_EVERYTHING = 1e30;
