import * as tf from '@tensorflow/tfjs';

/** Unit tests run tfjs on its pure-JS CPU backend: exact, deterministic, no WASM files needed. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Asserts that `fn` leaves the live tensor count unchanged; returns fn's result. */
export async function expectNoLeak<T>(fn: () => Promise<T> | T, dispose?: (r: T) => void): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  dispose?.(result);
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`tensor leak: ${before} → ${after} live tensors`);
  return result;
}
