/**
 * WebGPU in Node through Dawn (npm `webgpu`): provides `navigator.gpu`, then starts
 * tfjs-backend-webgpu on it, so src/model runs unchanged. Which Vulkan driver Dawn reaches is
 * the environment's choice: VK_ICD_FILENAMES / VK_DRIVER_FILES (SwiftShader here, NVIDIA there).
 */
import * as tf from '@tensorflow/tfjs';

/** What the adapter says about itself. */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter (SwiftShader, a CPU): numbers from it say nothing about a GPU. */
  software: boolean;
}

interface AdapterInfoLike { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean }
interface AdapterLike { info?: AdapterInfoLike; isFallbackAdapter?: boolean }
interface GpuLike { requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null> }

/** How to reach a Vulkan driver, for error messages. */
export const VULKAN_HINT = 'Dawn found no Vulkan adapter. Needs libvulkan.so.1 (Debian: libvulkan1) and a Vulkan driver; '
  + 'on a machine without a GPU: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium';

/** Adapter info → summary (pure: the software test is shared with the bench's run counts). */
export function summarizeAdapter(adapter: AdapterLike): AdapterSummary {
  const info = adapter.info ?? {};
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const description = info.description || info.device || '';
  const software = !!(adapter.isFallbackAdapter || info.isFallbackAdapter) || /swiftshader|llvmpipe|lavapipe/i.test(`${vendor} ${architecture} ${description}`);
  return { vendor, architecture, description, software };
}

/** Installs navigator.gpu from Dawn (once) and returns it. */
async function nodeGpu(): Promise<GpuLike> {
  const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (existing) return existing;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals); // GPUBufferUsage, GPUMapMode… that tfjs reads as globals
  const gpu = create([]) as GpuLike;
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  return gpu;
}

/**
 * Starts tfjs's WebGPU backend on Dawn's adapter. The backend module registers itself only if
 * navigator.gpu exists when it is first imported, hence the import after installing it.
 */
export async function startNodeWebgpu(): Promise<AdapterSummary> {
  const adapter = await (await nodeGpu()).requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error(VULKAN_HINT);
  await import('@tensorflow/tfjs-backend-webgpu');
  tf.env().set('PROD', true);
  const ok = await tf.setBackend('webgpu');
  if (!ok || tf.getBackend() !== 'webgpu') throw new Error(`tfjs-backend-webgpu did not start on ${JSON.stringify(summarizeAdapter(adapter))}`);
  await tf.ready();
  return summarizeAdapter(adapter);
}
