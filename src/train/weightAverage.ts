import * as tf from '@tensorflow/tfjs';
import type { HeadWeights } from '../model/head/cnnRnn';

/**
 * Polyak averaging of the trainable weights (an exponential moving average, updated after every
 * batch): the averaged weights usually generalise better than the last ones, at no cost in the app
 * (the head keeps its shape; only its values change).
 */
export class WeightAverage {
  private readonly averaged = new Map<string, tf.Tensor>();

  constructor(w: HeadWeights, private readonly decay: number) {
    if (!(decay > 0 && decay < 1)) throw new Error(`weight-average decay must be in (0, 1), got ${decay}`);
    for (const [name, t] of Object.entries(w)) if (t instanceof tf.Variable) this.averaged.set(name, tf.keep(tf.clone(t)));
  }

  /** avg ← decay·avg + (1 − decay)·w, for every trainable weight. */
  update(w: HeadWeights): void {
    const current = w as unknown as Record<string, tf.Tensor>;
    for (const [name, old] of this.averaged) {
      const next = tf.tidy(() => tf.add(tf.mul(old, this.decay), tf.mul(current[name]!, 1 - this.decay)));
      old.dispose();
      this.averaged.set(name, tf.keep(next));
    }
  }

  /** The averaged weights by name (owned by this object; clone to keep them after dispose()). */
  get weights(): Partial<HeadWeights> {
    return Object.fromEntries(this.averaged) as Partial<HeadWeights>;
  }

  dispose(): void {
    tf.dispose([...this.averaged.values()]);
    this.averaged.clear();
  }
}
