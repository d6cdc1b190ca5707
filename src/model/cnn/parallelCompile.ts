import * as tf from '@tensorflow/tfjs';

/**
 * tfjs-backend-webgpu flag: while true, every op only creates its pipeline, asynchronously
 * (`createComputePipelineAsync`, so the driver compiles them in parallel), and dispatches nothing.
 */
export const COMPILE_ONLY_FLAG = 'WEBGPU_ENGINE_COMPILE_ONLY';

interface CompilingBackend {
  /** Resolves once every pipeline created so far is compiled. */
  checkCompileCompletionAsync(): Promise<void>;
}

/**
 * Compiles the GPU pipelines that `build` needs without running them (WebGPU only). `build`'s
 * outputs hold no valid data in this mode and are disposed unread (reading them can throw).
 * On any other backend nothing runs and the result is false: warm those up with a real pass.
 */
export async function compileInParallel(build: () => tf.TensorContainer): Promise<boolean> {
  if (tf.getBackend() !== 'webgpu') return false;
  const backend = tf.backend() as unknown as CompilingBackend;
  tf.env().set(COMPILE_ONLY_FLAG, true);
  try {
    tf.dispose(tf.tidy(build));
  } finally {
    // even if build threw: pipelines left pending in the cache would make every later run throw
    try {
      await backend.checkCompileCompletionAsync();
    } finally {
      tf.env().set(COMPILE_ONLY_FLAG, false);
    }
  }
  return true;
}
