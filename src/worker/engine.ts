import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../model/backbone';
import { baselineProbs } from '../model/baseline';
import { beamSearch } from '../model/beamSearch';
import type { BeamOptions, BeamResult } from '../model/beamTypes';
import { FEATURE_DIM } from '../model/config';
import { extractFeatures, extractRaw, type Detectors } from '../model/imageFeatures';
import { disposeHead, type HeadModel } from '../model/headIo';
import { createHeadScorer } from '../model/headScorer';

/** Backend-independent inference state: the two models and per-image cached features. */
export class InferenceEngine {
  private readonly features = new Map<string, Float32Array>();
  private readonly baselines = new Map<string, number[]>();
  /** CNN passes run so far (re-decoding must not add to it). */
  cnnRuns = 0;

  constructor(private readonly detectors: Detectors, readonly head: HeadModel) {
    if (head.dims.featureDim !== FEATURE_DIM) {
      throw new Error(`The head expects ${head.dims.featureDim} image features but this app computes ${FEATURE_DIM}: it was trained for another version (re-run npm run train).`);
    }
  }

  /** Runs the CNN once for an image and caches I and the baseline's probabilities. */
  async addImage(imageId: string, image: RgbaImage): Promise<{ cnnMs: number }> {
    const t0 = performance.now();
    const feats = await extractFeatures(this.detectors, image);
    this.cnnRuns++;
    const w = this.head.weights;
    const base = await baselineProbs(w, w['feature/mean'], w['feature/std'], feats);
    this.features.set(imageId, feats);
    this.baselines.set(imageId, Array.from(base));
    return { cnnMs: performance.now() - t0 };
  }

  /** Cached image representation I and baseline probabilities of an image (throws if absent). */
  cached(imageId: string): { features: Float32Array; baseline: number[] } {
    const features = this.features.get(imageId);
    if (!features) throw new Error(`No features for image ${imageId}: classify it first.`);
    return { features, baseline: this.baselines.get(imageId)! };
  }

  has(imageId: string): boolean {
    return this.features.has(imageId);
  }

  /** Beam search on the cached features of an image (never re-runs the CNN). */
  async decode(imageId: string, beam: BeamOptions): Promise<{ beam: BeamResult; baseline: number[]; beamMs: number }> {
    const { features, baseline } = this.cached(imageId);
    const t0 = performance.now();
    const scorer = createHeadScorer(this.head.weights, this.head.dims, features);
    try {
      const result = await beamSearch(scorer, beam);
      return { beam: result, baseline, beamMs: performance.now() - t0 };
    } finally {
      scorer.dispose();
    }
  }

  /** Times warm CNN runs and beam searches (the benchmark); caches nothing new. */
  async benchmark(image: RgbaImage, cnnRuns: number, beamRuns: number, widths: number[]) {
    const cnnMs: number[] = [];
    let feats: Float32Array | null = null;
    for (let i = 0; i < cnnRuns; i++) {
      const t0 = performance.now();
      feats = await extractFeatures(this.detectors, image);
      cnnMs.push(performance.now() - t0);
    }
    const beam = [];
    for (const beamWidth of widths) {
      const ms: number[] = [];
      let steps = 0;
      let reads = 0;
      for (let i = 0; i < beamRuns; i++) {
        const scorer = createHeadScorer(this.head.weights, this.head.dims, feats!);
        const t0 = performance.now();
        const r = await beamSearch(scorer, { beamWidth, maxLength: this.head.dims.numLabels });
        ms.push(performance.now() - t0);
        steps = r.steps.length;
        reads = scorer.reads;
        scorer.dispose();
      }
      beam.push({ beamWidth, ms, steps, reads, readsPerStep: reads / steps });
    }
    return { cnnMs, beam };
  }

  forget(imageId: string): void {
    this.features.delete(imageId);
    this.baselines.delete(imageId);
  }

  get cachedImages(): number {
    return this.features.size;
  }

  /**
   * Compiles kernels / shaders before the UI says ready: both CNNs on a small blank photo (every
   * view has the CNN's input shape whatever the photo's size) and a short beam search.
   */
  async warmup(): Promise<void> {
    await extractRaw(this.detectors, { data: new Uint8Array(32 * 32 * 4), width: 32, height: 32 });
    const scorer = createHeadScorer(this.head.weights, this.head.dims, new Float32Array(this.head.dims.featureDim));
    try {
      await beamSearch(scorer, { beamWidth: 3, maxLength: 3 });
    } finally {
      scorer.dispose();
    }
  }

  dispose(): void {
    this.detectors.centernet.dispose();
    this.detectors.nanodet.dispose();
    disposeHead(this.head);
    this.features.clear();
    this.baselines.clear();
  }
}
