import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmMatMul } from '../model/wasmMatMul';
import { fallbackMessage, planBackends, type WebGpuAdapterKind } from './backendChoice';
import type { BackendName } from './protocol';

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; architecture?: string; vendor?: string; description?: string };
}

/** Looks at the WebGPU adapter: none, a software fallback (SwiftShader), or real hardware. */
export async function probeWebGpu(): Promise<WebGpuAdapterKind> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) return 'none';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'none';
    const info = adapter.info ?? {};
    const text = `${info.architecture ?? ''} ${info.vendor ?? ''} ${info.description ?? ''}`;
    if (adapter.isFallbackAdapter || info.isFallbackAdapter || /swiftshader/i.test(text)) return 'software';
    return 'hardware';
  } catch {
    return 'none';
  }
}

/**
 * Starts the first backend of the plan that really starts. tf.setBackend's result is checked:
 * after a failed setBackend('webgpu'), tf.getBackend() can still say 'webgpu'.
 */
export async function startBackend(forced: BackendName | null, wasmPath: string): Promise<{ backend: BackendName; fallback: string | null }> {
  setWasmPaths(wasmPath);
  // Single-threaded WASM on purpose: tried with a cross-origin-isolated page (COOP/COEP), tfjs's
  // threaded build crashes the worker here: its pthread workers cannot load the Vite-bundled module
  // worker script (Emscripten pthreads vs bundlers, a known incompatibility).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerWasmMatMul(); // the evidence maps' gradients: transposed products on XNNPACK
  const plan = planBackends(await probeWebGpu(), forced);
  const errors: string[] = [];
  for (const name of plan.order) {
    let ok = false;
    try {
      ok = await tf.setBackend(name);
      await tf.ready();
    } catch (e) {
      errors.push((e as Error).message);
    }
    if (ok && tf.getBackend() === name) {
      const first = plan.order[0]!;
      const fallback = name === first ? plan.reason : fallbackMessage(first, name, errors[0] ?? 'it failed to initialise');
      return { backend: name, fallback };
    }
    if (!ok && errors.length < plan.order.indexOf(name) + 1) errors.push('it failed to initialise');
  }
  throw new Error(`No tfjs backend could start (${errors.join('; ')}).`);
}

/** Calls back once if the WebGPU device is lost (driver reset, GPU removed, tab in background…). */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const backend = tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string; reason?: string }> } };
  void backend.device?.lost?.then((info) => onLost(info.message || info.reason || 'device lost'));
}

/** Test hook: destroys the WebGPU device, as a GPU reset would. */
export function destroyWebGpuDevice(): boolean {
  const backend = tf.backend() as unknown as { device?: { destroy?: () => void } };
  if (tf.getBackend() !== 'webgpu' || !backend.device?.destroy) return false;
  backend.device.destroy();
  return true;
}
