/**
 * Where a warm CNN pass spends its time, part by part, on the current tfjs backend (the GPU
 * machine's check runs it after the bench, `--profile`): for each part the median wall time of
 * the call itself (JS: building and encoding the dispatches), the time until the device has
 * finished it (one value read back), and how many GPU programs it dispatches; on WebGPU every
 * part again with other WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE values (tfjs's default, 15, first).
 */
import * as tf from '@tensorflow/tfjs';
import { loadBackbone, rgbTensor, type RgbaImage } from '../src/model/cnn/backbone';
import { detectionStats } from '../src/model/cnn/detectionStats';
import { backboneMaps, extractRaw, viewsInput, type Detectors } from '../src/model/cnn/imageFeatures';
import { loadNanodet, nanodetStats } from '../src/model/cnn/nanodet';
import { fileModelHandler } from '../src/train/nodeIo';
import type { BenchFiles } from './benchNodeWebgpu';
import { median } from './benchStats';

/** kernels: GPU programs dispatched (WebGPU only). */
export interface PartTiming { part: string; callMs: number; doneMs: number; kernels: number }
export interface ProfileResult { backend: string; runs: number; bySubmitBatch: Record<string, PartTiming[]> }

/**
 * Waits until the device has run everything queued: reads back one value of the part's first
 * output (a 1-element slice: one tiny kernel, 4 bytes), which the in-order queue runs last.
 * (Dawn's onSubmittedWorkDone never resolves in Node here.)
 */
async function settle(out: tf.Tensor[]): Promise<void> {
  const t = out[0];
  if (!t) return;
  const one = tf.slice(t, t.shape.map(() => 0), t.shape.map(() => 1));
  await one.data();
  one.dispose();
}

/**
 * Runs fn once and counts the GPU programs it dispatches (tfjs-webgpu's runWebGPUProgram calls);
 * NaN on other backends.
 */
function dispatchesOf(fn: () => tf.Tensor[]): number {
  const backend = tf.backend() as unknown as { runWebGPUProgram?: (...a: unknown[]) => unknown };
  const original = backend.runWebGPUProgram;
  if (!original) {
    tf.dispose(fn());
    return NaN;
  }
  let n = 0;
  backend.runWebGPUProgram = function (this: unknown, ...a: unknown[]) { n++; return original.apply(this, a); };
  try {
    tf.dispose(fn());
  } finally {
    backend.runWebGPUProgram = original;
  }
  return n;
}

async function time(part: string, runs: number, fn: () => tf.Tensor[]): Promise<PartTiming> {
  const kernels = dispatchesOf(fn);
  const call: number[] = [];
  const done: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = fn();
    const t1 = performance.now();
    await settle(out);
    const t2 = performance.now();
    tf.dispose(out);
    call.push(t1 - t0);
    done.push(t2 - t0);
  }
  return { part, callMs: median(call), doneMs: median(done), kernels };
}

/** Times every part of I's computation on `image` (models from `files`), `runs` times each. */
export async function profileParts(
  files: BenchFiles, image: RgbaImage, runs: number, log: (l: string) => void, submitBatches: number[] = [100, 1000],
): Promise<ProfileResult> {
  const detectors: Detectors = {
    centernet: await loadBackbone(fileModelHandler(files.centernetJson)), nanodet: await loadNanodet(fileModelHandler(files.nanodetJson)),
  };
  const rgb = rgbTensor(image);
  const views = tf.tidy(() => viewsInput(rgb));
  const maps = backboneMaps(detectors.centernet, views);
  const bySubmitBatch: Record<string, PartTiming[]> = {};
  const webgpu = tf.getBackend() === 'webgpu';
  const original = webgpu ? tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') : 0;
  try {
    await extractRaw(detectors, image); // warm: every pipeline compiled
    for (const batch of webgpu ? [original, ...submitBatches] : [original]) {
      if (webgpu) tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', batch);
      const rows: PartTiming[] = [];
      const add = async (part: string, fn: () => tf.Tensor[]) => {
        rows.push(await time(part, runs, fn));
        const r = rows[rows.length - 1]!;
        log(`profile (submit batch ${batch}): ${part}: call ${r.callMs.toFixed(1)} ms, done ${r.doneMs.toFixed(1)} ms, ${r.kernels} kernels`);
      };
      await add('pixels → 5 views', () => [tf.tidy(() => viewsInput(rgbTensor(image)))]);
      await add('CenterNet, 5 views, one execute()', () => Object.values(backboneMaps(detectors.centernet, views)));
      await add('detection statistics', () => [detectionStats(maps.keypoints, maps.wh)]);
      const perClass = tf.tidy(() => tf.transpose(tf.reshape(maps.keypoints, [5, -1, 80]), [0, 2, 1]));
      await add('of it: top 3 values per class (tf.topk)', () => { const r = tf.topk(perClass, 3); return [r.values, r.indices]; });
      perClass.dispose();
      await add('NanoDet and its statistics', () => [nanodetStats(detectors.nanodet, rgb)]);
      await add('NanoDet execute() only', () => tf.tidy(() => detectors.nanodet.execute(
        tf.transpose(tf.div(tf.image.resizeBilinear(rgb, [416, 416]), 255), [0, 3, 1, 2])) as tf.Tensor[]));
      const whole: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await extractRaw(detectors, image);
        whole.push(performance.now() - t0);
      }
      rows.push({ part: 'everything, read back (extractRaw)', callMs: NaN, doneMs: median(whole), kernels: NaN });
      log(`profile (submit batch ${batch}): extractRaw ${median(whole).toFixed(1)} ms`);
      bySubmitBatch[String(batch)] = rows;
    }
  } finally {
    if (webgpu) tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', original);
    tf.dispose([rgb, views, ...Object.values(maps)]);
    detectors.centernet.dispose();
    detectors.nanodet.dispose();
  }
  return { backend: tf.getBackend(), runs, bySubmitBatch };
}
