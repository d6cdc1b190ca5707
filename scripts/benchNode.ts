import * as tf from '@tensorflow/tfjs';
import { extractRaw } from '../src/model/imageFeatures';
import { FEATURE_DIM, TILE_BOXES } from '../src/model/config';
import { VOC_CLASSES } from '../src/model/labels';
import { decodeJpegFile, loadDetectorsFromDisk } from '../src/train/extract';
import { initNodeBackend } from '../src/train/nodeBackend';
import { disposeBatch, initHeadWeights, makeSequenceBatch, sequenceLoss, DEFAULT_HEAD_CONFIG } from '../src/train/trainHead';
import { readVocSplit, vocImagePath } from '../src/train/voc';

const VOC = '../shared/data/VOC2007';

/** Node-side throughput: feature extraction (as the training command does it) and training steps. */
export async function nodeBench(images: number) {
  await initNodeBackend('wasm');
  const detectors = await loadDetectorsFromDisk();
  const ids = readVocSplit(VOC, 'train').slice(0, images + 1).map((i) => i.id);
  await extractRaw(detectors, decodeJpegFile(vocImagePath(VOC, ids[0]!))); // warm-up
  const t0 = performance.now();
  for (const id of ids.slice(1)) await extractRaw(detectors, decodeJpegFile(vocImagePath(VOC, id)));
  const extractMsPerImage = (performance.now() - t0) / images;
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
  return { extractMsPerImage, msPerPass: extractMsPerImage / (1 + TILE_BOXES.length + 1), trainSequencesPerSecond, images };
}
