import * as tf from '@tensorflow/tfjs';

/**
 * Dispatches tfjs-webgpu records before it submits a command buffer (tfjs's default: 15). A warm
 * pass is ~600 small dispatches and each submit costs CPU time: on an H200 (Node, Dawn → Vulkan)
 * the whole pass took 113 ms with 15 and 90 ms with 1000 (`bash .gpu-check/run.sh`, JSON key
 * `profile`). Buffers are recycled only after a submit, so an unbounded batch holds every
 * intermediate of the pass at once: 100 keeps most of the gain (README, issue 9).
 */
export const WEBGPU_SUBMIT_BATCH = 100;

/** Applies the project's WebGPU settings when the active backend is WebGPU; returns whether it did. */
export function tuneWebgpu(): boolean {
  if (tf.getBackend() !== 'webgpu') return false;
  tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', WEBGPU_SUBMIT_BATCH);
  return true;
}
