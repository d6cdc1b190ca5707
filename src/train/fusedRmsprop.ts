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
 * values. Every operation is rounded to float32 in tfjs's order, so the weights equal those of the
 * tfjs ops (tested).
 */
export class FusedRmsprop {
  private readonly states = new Map<string, WeightState>();
  private readonly rho: number;
  private readonly epsilon: number;

  constructor(weights: Record<string, tf.Variable>, private readonly cfg: FusedRmspropConfig) {
    this.rho = cfg.rho ?? 0.9;
    this.epsilon = cfg.epsilon ?? tf.backend().epsilon();
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

  /** Applies one step from `grads` (by weight name, as `weights` named them; read and disposed here). */
  apply(grads: Record<string, tf.Tensor>): void {
    // every operation rounded to float32 as tfjs's tensor ops round it (f = Math.fround), in their
    // order: the same weights as tf.train.rmsprop + the loss term + WeightAverage, not just close
    const f = Math.fround;
    const lr = f(this.cfg.learningRate);
    const lambda = f(this.cfg.weightDecay);
    const rho = f(this.rho);
    const rest = f(1 - this.rho);
    const epsilon = f(this.epsilon);
    const keep = f(this.cfg.average);
    const blend = f(1 - this.cfg.average);
    for (const [name, s] of this.states) {
      const grad = grads[name];
      if (!grad) throw new Error(`FusedRmsprop: no gradient for ${name}`);
      const g = grad.dataSync() as Float32Array;
      grad.dispose();
      const { value: w, meanSquare: ms, average: avg } = s;
      for (let i = 0; i < w.length; i++) {
        // d(λ·Σw²)/dw as tfjs's gradients of mul, sum and square give it: λ·(2w)
        const gi = s.decayed ? f(g[i]! + f(lambda * f(w[i]! * 2))) : g[i]!;
        const m = f(f(ms[i]! * rho) + f(f(gi * gi) * rest));
        ms[i] = m;
        w[i] = f(w[i]! - f(f(gi * lr) / f(Math.sqrt(f(m + epsilon)))));
      }
      if (avg) for (let i = 0; i < w.length; i++) avg[i] = f(f(avg[i]! * keep) + f(w[i]! * blend));
      const next = tf.tensor(w.slice(), s.variable.shape, 'float32'); // a copy: the CPU backend keeps the array it is given
      s.variable.assign(next);
      next.dispose();
    }
  }

  /** The Polyak averages (or the current values without averaging) as new tensors, by weight name. */
  averaged(): Record<string, tf.Tensor> {
    return Object.fromEntries([...this.states].map(([name, s]) => [name, tf.tensor((s.average ?? s.value).slice(), s.variable.shape, 'float32')]));
  }
}
