import * as tf from '@tensorflow/tfjs';
import { rgbTensor } from '../src/model/cnn/backbone';
import { detectionStats } from '../src/model/cnn/detectionStats';
import { backboneMaps, extractRaw, viewsInput, type BackboneMaps, type Detectors } from '../src/model/cnn/imageFeatures';
import { nanodetStats } from '../src/model/cnn/nanodet';
import { FEATURE_DIM, TILE_BOXES } from '../src/model/config';
import { VOC_CLASSES } from '../src/train/labels';
import { loadDetectorsFromDisk } from '../src/train/extract';
import { decodePhotoFile } from '../src/train/photoFile';
import { initNodeBackend } from '../src/train/nodeBackend';
import { sequenceLoss } from '../src/train/stackedHead';
import { disposeBatch, initHeadWeights, makeSequenceBatch, DEFAULT_HEAD_CONFIG } from '../src/train/trainHead';
import { readVocSplit, vocImagePath } from '../src/train/voc';

const VOC = '../shared/data/VOC2007';

/** Where extraction time goes, ms per image: CenterNet's 5-view batch, the detection statistics, NanoDet. */
async function extractionParts(detectors: Detectors, ids: string[]) {
  const sum = { centernet: 0, detectionStats: 0, nanodet: 0 };
  /** Runs f, waits for its result (the timed work) and adds the ms to `key`; returns what f made. */
  const timed = async <T extends tf.Tensor | BackboneMaps>(key: keyof typeof sum, f: () => T, done: (r: T) => tf.Tensor): Promise<T> => {
    const t = performance.now();
    const out = f();
    await done(out).data();
    sum[key] += performance.now() - t;
    return out;
  };
  for (const id of ids) {
    const rgb = rgbTensor(decodePhotoFile(vocImagePath(VOC, id)));
    const views = viewsInput(rgb);
    // reading the smallest output forces the whole pass (WASM runs ops eagerly)
    const m = await timed('centernet', () => backboneMaps(detectors.centernet, views), (r) => r.headMean);
    tf.dispose(await timed('detectionStats', () => detectionStats(m.keypoints, m.wh), (r) => r));
    tf.dispose(await timed('nanodet', () => nanodetStats(detectors.nanodet, rgb), (r) => r));
    tf.dispose([rgb, views, m.extern, m.headMean, m.keypoints, m.wh]);
  }
  return { centernetMs: sum.centernet / ids.length, detectionStatsMs: sum.detectionStats / ids.length, nanodetMs: sum.nanodet / ids.length };
}

/** Node-side throughput: feature extraction (as the training command does it) and training steps. */
export async function nodeBench(images: number) {
  await initNodeBackend('wasm');
  const detectors = await loadDetectorsFromDisk();
  const ids = readVocSplit(VOC, 'train').slice(0, images + 1).map((i) => i.id);
  await extractRaw(detectors, decodePhotoFile(vocImagePath(VOC, ids[0]!))); // warm-up
  const t0 = performance.now();
  for (const id of ids.slice(1)) await extractRaw(detectors, decodePhotoFile(vocImagePath(VOC, id)));
  const extractMsPerImage = (performance.now() - t0) / images;
  const parts = await extractionParts(detectors, ids.slice(1));
  detectors.centernet.dispose();
  detectors.nanodet.dispose();
  const L = VOC_CLASSES.length;
  const cfg = DEFAULT_HEAD_CONFIG;
  const dims = { numLabels: L, featureDim: FEATURE_DIM, embedDim: cfg.embedDim, hiddenDim: cfg.hiddenDim };
  const w = initHeadWeights(dims, new Float32Array(FEATURE_DIM), new Float32Array(FEATURE_DIM).fill(1), 1);
  const opt = tf.train.rmsprop(cfg.learningRate);
  const seqs = Array.from({ length: cfg.batchSize }, (_, i) => [i % L, (i + 3) % L, L]);
  const batches = 10;
  const t1 = performance.now();
  for (let b = 0; b < batches; b++) {
    const batch = makeSequenceBatch(new Float32Array(cfg.batchSize * FEATURE_DIM).fill(0.5), FEATURE_DIM, seqs, L);
    opt.minimize(() => sequenceLoss(w, dims, batch, cfg.dropout))?.dispose();
    disposeBatch(batch);
  }
  const trainSequencesPerSecond = (batches * cfg.batchSize) / ((performance.now() - t1) / 1000);
  tf.dispose(Object.values(w));
  opt.dispose();
  return { extractMsPerImage, parts, msPerPass: extractMsPerImage / (1 + TILE_BOXES.length + 1), trainSequencesPerSecond, images };
}
