import * as tf from '@tensorflow/tfjs';

/** Settings of FusedRmsprop: tfjs's RMSprop (momentum 0), L2 weight decay and Polyak averaging. */
export interface FusedRmspropConfig {
  learningRate: number;
  /** Discount of the mean square (tfjs's `decay`, 0.9 by default). */
  rho?: number;
  /** tfjs's default: the backend's epsilon (1e-7 for float32). */
  epsilon?: number;
  /** λ of the loss term λ·Σw² for the weights that `decayed` names (its gradient 2λw is added here). */
  weightDecay: number;
  decayed: (name: string) => boolean;
  /** Decay of the Polyak average, updated after every step (0: none). */
  average: number;
}

interface WeightState { variable: tf.Variable; value: Float32Array; meanSquare: Float32Array; average: Float32Array | null; decayed: boolean }

/**
 * One optimiser step as a single JS pass per weight: tfjs's RMSprop update (momentum 0:
 * ms ← ρ·ms + (1−ρ)·g², w ← w − lr·g/√(ms+ε)), with the gradient of an L2 term λ·Σw² added to g,
 * then the Polyak average avg ← d·avg + (1−d)·w. Where tf.train.rmsprop plus a weight-decay term in
 * the loss plus WeightAverage run some 15 element-wise tensor ops over every weight each step (on
 * WASM ~1 ns an element each, for stacked heads' 4.3 M weights most of a step), this reads each
 * gradient once and writes each weight once. The state lives in JS arrays; the variables get the new
 * values. The arithmetic is done in float64 and stored in float32, so the weights equal those of the
 * tfjs ops (float32 throughout) to float rounding (tested).
 */
export class FusedRmsprop {
  private readonly states = new Map<string, WeightState>();
  private readonly rho: number;
  private readonly epsilon: number;
  private learningRate: number;

  constructor(weights: Record<string, tf.Variable>, private readonly cfg: FusedRmspropConfig) {
    this.rho = cfg.rho ?? 0.9;
    this.epsilon = cfg.epsilon ?? tf.backend().epsilon();
    this.learningRate = cfg.learningRate;
    for (const [name, variable] of Object.entries(weights)) {
      const value = Float32Array.from(variable.dataSync() as Float32Array);
      this.states.set(name, {
        variable, value, meanSquare: new Float32Array(value.length),
        average: cfg.average > 0 ? Float32Array.from(value) : null, decayed: cfg.decayed(name),
      });
    }
  }

  /** λ·Σw² over the decayed weights, at their current values (the loss term the step's gradient includes). */
  decayTerm(): number {
    let sum = 0;
    for (const s of this.states.values()) if (s.decayed) for (const v of s.value) sum += v * v;
    return this.cfg.weightDecay * sum;
  }

  /** The step size of the steps from now on (a learning-rate schedule sets it each epoch). */
  setLearningRate(lr: number): void {
    if (!(lr > 0)) throw new Error(`FusedRmsprop: a learning rate above 0, got ${lr}`);
    this.learningRate = lr;
  }

  /** Applies one step from `grads` (by weight name, as `weights` named them; read and disposed here). */
  apply(grads: Record<string, tf.Tensor>): void {
    const { weightDecay: lambda, average } = this.cfg;
    const lr = this.learningRate;
    const { rho, epsilon } = this;
    for (const [name, s] of this.states) {
      const grad = grads[name];
      if (!grad) throw new Error(`FusedRmsprop: no gradient for ${name}`);
      const g = grad.dataSync() as Float32Array;
      grad.dispose();
      const { value: w, meanSquare: ms, average: avg } = s;
      const l2 = s.decayed ? 2 * lambda : 0; // d(λ·Σw²)/dw
      const a = avg ?? ms; // without averaging the last line writes ms[i] again, unchanged
      const keep = avg ? average : 1;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]! + l2 * w[i]!;
        const m = rho * ms[i]! + (1 - rho) * gi * gi;
        ms[i] = m;
        const wi = w[i]! - (lr * gi) / Math.sqrt(m + epsilon);
        w[i] = wi;
        a[i] = keep * a[i]! + (1 - keep) * wi;
      }
      const next = tf.tensor(this.ownCopy(w), s.variable.shape, 'float32');
      s.variable.assign(next);
      next.dispose();
    }
  }

  /** The Polyak averages (or the current values without averaging) as new tensors, by weight name. */
  averaged(): Record<string, tf.Tensor> {
    return Object.fromEntries([...this.states].map(([name, s]) => [name, tf.tensor(this.ownCopy(s.average ?? s.value), s.variable.shape, 'float32')]));
  }

  /** `values` for a new tensor: the CPU backend keeps the very array it is given (WASM copies it). */
  private ownCopy(values: Float32Array): Float32Array {
    return tf.getBackend() === 'wasm' ? values : values.slice();
  }
}
