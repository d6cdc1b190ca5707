import type { RgbaImage } from '../model/cnn/backbone';
import { baselineProbs } from '../model/head/baseline';
import { beamSearch } from '../model/search/beamSearch';
import type { BeamOptions, BeamResult } from '../model/search/beamTypes';
import { BACKBONE_INPUT_SIZE, FEATURE_DIM } from '../model/config';
import { evidenceMap } from '../model/explain/evidenceMap';
import { EVIDENCE_SOURCES, type EvidenceMap, type EvidenceSource, type EvidenceTarget } from '../model/explain/evidencePlacement';
import { composeFeatures, FEATURE_LAYOUT, segmentKey, type FeatureSegment } from '../model/cnn/featureLayout';
import { disposeHead, headMembers, type HeadModel } from '../model/head/headIo';
import { readHeadArrays, type HeadArrays } from '../model/head/arrayHead';
import { createArrayScorer, projectImageMembers } from '../model/head/arrayScorer';
import { createHeadScorer, type HeadScorer } from '../model/head/headScorer';
import { disposeImageMaps, imageMaps, rawFeaturesTensor, readRaw, type Detectors } from '../model/cnn/imageFeatures';
import { compileInParallel } from '../model/cnn/parallelCompile';
import { MapCache } from './mapCache';

/** The warm-up photo: small and blank (every CNN view has the CNN's input shape whatever its size). */
const WARMUP_IMAGE = { data: new Uint8Array(32 * 32 * 4), width: 32, height: 32 };

/** Backend-independent inference state: the two models and per-image cached features. */
export class InferenceEngine {
  private readonly features = new Map<string, Float32Array>();
  private readonly baselines = new Map<string, number[]>();
  /** The last few photos' CNN maps, for evidence maps without re-running the CNN. */
  private readonly maps = new MapCache();
  /** The head's weights as plain arrays (read once): the beam search decodes in JS (arrayScorer.ts). */
  private arrays: Promise<HeadArrays[]> | null = null;
  /** Each image's projection U_I^x I per member, kept with its features: a re-decode starts from it. */
  private readonly projections = new WeakMap<Float32Array, Float64Array[]>();
  /** CNN passes run so far (re-decoding must not add to it). */
  cnnRuns = 0;

  /** The head's members (one, or an ensemble's), as the scorer, baseline and evidence maps take them. */
  readonly members: HeadModel['weights'][];

  constructor(readonly detectors: Detectors, readonly head: HeadModel) {
    this.members = headMembers(head);
    if (head.dims.featureDim !== FEATURE_DIM) {
      throw new Error(`The head expects ${head.dims.featureDim} image features but this app computes ${FEATURE_DIM}: it was trained for another version (re-run npm run train).`);
    }
    const trained = (head.meta as { featureLayout?: { segments?: FeatureSegment[] } }).featureLayout?.segments;
    if (trained && trained.map(segmentKey).join() !== FEATURE_LAYOUT.map(segmentKey).join()) {
      throw new Error('The head was trained on another image representation than this app computes (same size, other parts): re-run npm run train.');
    }
    const cnnSize = (head.meta as { cnnInputSize?: number }).cnnInputSize;
    if (cnnSize !== undefined && cnnSize !== BACKBONE_INPUT_SIZE) {
      throw new Error(`The head was trained on the CNN's features at ${cnnSize}² but this app runs the CNN at ${BACKBONE_INPUT_SIZE}²: re-run npm run train.`);
    }
  }

  /** Runs the CNN once for an image and caches I, the baseline's probabilities and the CNN maps. */
  async addImage(imageId: string, image: RgbaImage): Promise<{ cnnMs: number }> {
    const t0 = performance.now();
    const feats = composeFeatures(await this.cacheMaps(imageId, image));
    const base = await baselineProbs(this.members, feats);
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

  /**
   * A scorer of one image: the head in plain JS on its arrays (no tfjs call, no GPU read per step;
   * the image's projection kept for its next decode), or with `onDevice` the tfjs scorer (one
   * batched call and one read per step; the bench compares).
   */
  async scorer(features: Float32Array, onDevice = false): Promise<HeadScorer> {
    if (onDevice) return createHeadScorer(this.members, this.head.dims, features);
    this.arrays ??= readHeadArrays(this.members, this.head.dims);
    const arrays = await this.arrays;
    let projected = this.projections.get(features);
    if (!projected) this.projections.set(features, (projected = projectImageMembers(arrays, this.head.dims, features)));
    return createArrayScorer(arrays, this.head.dims, features, projected);
  }

  /** Beam search on the cached features of an image (never re-runs the CNN). */
  async decode(imageId: string, beam: BeamOptions): Promise<{ beam: BeamResult; baseline: number[]; beamMs: number }> {
    const { features, baseline } = this.cached(imageId);
    const t0 = performance.now();
    const scorer = await this.scorer(features);
    try {
      const result = await beamSearch(scorer, beam);
      return { beam: result, baseline, beamMs: performance.now() - t0 };
    } finally {
      scorer.dispose();
    }
  }

  /** Runs the CNN on a photo and keeps its maps (bounded cache); returns its raw features. */
  private async cacheMaps(imageId: string, image: RgbaImage): Promise<Float32Array> {
    const m = imageMaps(this.detectors, image);
    this.cnnRuns++;
    this.maps.set(imageId, { maps: m, width: image.width, height: image.height });
    return readRaw(m);
  }

  /**
   * The evidence map of one node of an image's search. Uses the cached CNN maps; when they were
   * evicted, `reload` gives the photo back and the CNN runs once to re-create them (cnnMs > 0).
   */
  async evidence(
    imageId: string, target: EvidenceTarget, source: EvidenceSource, reload: () => Promise<RgbaImage>,
  ): Promise<{ map: EvidenceMap; ms: number; cnnMs: number }> {
    if (!this.features.has(imageId)) throw new Error(`No features for image ${imageId}: classify it first.`);
    let cnnMs = 0;
    if (!this.maps.get(imageId)) {
      const t0 = performance.now();
      await this.cacheMaps(imageId, await reload());
      cnnMs = performance.now() - t0;
    }
    const t1 = performance.now();
    const cached = this.maps.get(imageId)!;
    const map = await evidenceMap(this.members, this.head.dims, cached.maps, target, source, cached);
    return { map, ms: performance.now() - t1, cnnMs };
  }

  get cachedMaps(): number {
    return this.maps.size;
  }

  forget(imageId: string): void {
    this.features.delete(imageId);
    this.baselines.delete(imageId);
    this.maps.delete(imageId);
  }

  get cachedImages(): number {
    return this.features.size;
  }

  /**
   * WebGPU: compiles both CNNs' pipelines in parallel without running them (compileInParallel),
   * so that warmup() can skip the CNN. Elsewhere does nothing and returns false.
   */
  async compile(): Promise<boolean> {
    return compileInParallel(() => rawFeaturesTensor(this.detectors, WARMUP_IMAGE));
  }

  /**
   * Compiles kernels / shaders before the UI says ready: both CNNs on the blank warm-up photo and an
   * evidence map of each source, so the first hover is as fast as the next (unless `cnn: false`,
   * after compile()), and a short beam search.
   */
  async warmup(options: { cnn?: boolean } = {}): Promise<void> {
    if (options.cnn ?? true) {
      const m = imageMaps(this.detectors, WARMUP_IMAGE);
      try {
        await readRaw(m);
        for (const source of EVIDENCE_SOURCES) await evidenceMap(this.members, this.head.dims, m, { path: [], label: 0 }, source, WARMUP_IMAGE);
      } finally {
        disposeImageMaps(m);
      }
    }
    const scorer = await this.scorer(new Float32Array(this.head.dims.featureDim));
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
    this.maps.clear();
  }
}
