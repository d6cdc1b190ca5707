/**
 * `npm run train -- --voc ../shared/data/VOC2007 [--out models/head] [--seeds 7,8,9] [--crops 1] …`
 * (every flag: trainOptions.ts). Extracts and caches the CNN features, trains the CNN-RNN heads and
 * their baselines on `train` (one per seed, stacked: trainStacked.ts; `--jobs` child processes, a
 * group of seeds each, one per core by default), keeps each one's best epoch on `val`, assembles
 * them into one ensemble head, evaluates it and writes the head with its model card.
 * `--members dir,dir,…` assembles heads trained earlier instead. `--quantize float16|uint8` stores
 * the matrices quantized; the head is then evaluated and carded as read back.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleEnsemble, disposeHead, encodeHead, loadHead, quantizedCopy, type HeadModel } from '../model/head/headIo';
import { classEvidenceColumns, viewGroupColumns, type FeatureSegment } from '../model/cnn/featureLayout';
import { BACKBONE_INPUT_SIZE } from '../model/config';
import { VOC_CLASSES } from './labels';
import type { WeightQuantization } from '../model/head/weightQuantization';
import { featureCacheDir } from './cacheDir';
import { buildCropSet, CROP_SEED, cropJoins, cropSetDir } from './cropSet';
import { concatFeatureSets, loadFeatureSet, photoGroups, withScaledCopies, type FeatureSet } from './dataset';
import { ensureFeatures } from './ensureFeatures';
import { evaluateHead } from './evaluate';
import { FeatureCache } from './featureCache';
import { layoutByName } from './layouts';
import { groupArgs, seedGroups } from './memberArgs';
import { writeModelCard } from './modelCard';
import { initNodeBackend } from './nodeBackend';
import { fileModelHandler } from './nodeIo';
import { parseTrainOptions, type TrainOptions } from './trainOptions';
import { trainStacked, valEpochs, type TrainResult } from './trainStacked';
import { readVocSplit, type VocImage } from './voc';

type History = { epoch: number; loss: number; valMap: number }[];
type Trained = { model: HeadModel; history: History };

const labels = [...VOC_CLASSES];

/** I of some photos of one split of a VOCdevkit folder, their features cached per folder (extracted where missing). */
async function folderFeatures(dir: string, split: string, images: VocImage[], layout: readonly FeatureSegment[]): Promise<FeatureSet> {
  const cache = new FeatureCache(featureCacheDir(dir));
  await ensureFeatures(dir, [split], undefined, cache, images.map((im) => im.id));
  return loadFeatureSet(images, cache, layout);
}

/**
 * Scale augmentation (--scales): the same photos as CenterNet sees them at other input sides (mirrored
 * left to right with --mirror-scaled), their features cached per side; training draws one side of each
 * photo an epoch.
 */
async function withScales(
  o: TrainOptions, dir: string, split: string, images: VocImage[], set: FeatureSet, appCache: FeatureCache, layout: readonly FeatureSegment[],
): Promise<FeatureSet> {
  if (o.scales.length === 0) return set;
  const copies: FeatureSet[] = [];
  for (const size of o.scales) {
    const cache = new FeatureCache(featureCacheDir(dir, undefined, size, o.mirrorScaled));
    // NanoDet's statistics come from the app-side cache (filled first): NanoDet does not see CenterNet's
    // side (with --mirror-scaled they are the photo's as it is, to keep the extraction's cost)
    await ensureFeatures(dir, [split], undefined, cache, images.map((im) => im.id), size, appCache, o.mirrorScaled);
    copies.push(loadFeatureSet(images, cache, layout));
  }
  return withScaledCopies(set, copies);
}

/** The `train` split of each --extra folder as I of the chosen layout (at each --scales side too). */
async function loadExtra(o: TrainOptions, layout: readonly FeatureSegment[]): Promise<FeatureSet[]> {
  const sets: FeatureSet[] = [];
  for (const dir of o.extra) {
    const images = readVocSplit(dir, 'train').slice(0, o.limit);
    sets.push(await withScales(o, dir, 'train', images, await folderFeatures(dir, 'train', images, layout), new FeatureCache(featureCacheDir(dir)), layout));
  }
  return sets;
}

/** The training and val sets as I of the chosen layout, the train photos' crops and --extra photos included. */
async function loadData(o: TrainOptions, layout: readonly FeatureSegment[]): Promise<{ train: FeatureSet; val: FeatureSet; photos: number; extraPhotos: number; extraSets: { name: string; photos: number }[] }> {
  const data = await loadVocData(o, layout);
  const extra = await loadExtra(o, layout);
  const extraSets = extra.map((set, k) => ({ name: basename(resolve(o.extra[k]!)), photos: photoGroups(set).length }));
  return { ...data, train: extra.reduce(concatFeatureSets, data.train), extraPhotos: extraSets.reduce((n, set) => n + set.photos, 0), extraSets };
}

/** VOC's training and val sets, the train photos' crops included. */
async function loadVocData(o: TrainOptions, layout: readonly FeatureSegment[]): Promise<{ train: FeatureSet; val: FeatureSet; photos: number }> {
  const trainImages = readVocSplit(o.voc, o.trainSplit).slice(0, o.limit);
  const valImages = readVocSplit(o.voc, o.valSplit).slice(0, o.limit);
  const cache = new FeatureCache(o.cache ?? featureCacheDir(o.voc));
  await ensureFeatures(o.voc, [o.trainSplit, o.valSplit], o.limit, cache, [...trainImages, ...valImages].map((i) => i.id));
  const val = loadFeatureSet(valImages, cache, layout);
  const photos = trainImages.length;
  // val stays at the app's input side
  const train = await withScales(o, o.voc, o.trainSplit, trainImages, loadFeatureSet(trainImages, cache, layout), cache, layout);
  if (o.crops === 0) return { train, val, photos };
  // the first o.crops crops of each train photo (crops.ts), a VOCdevkit folder of their own under
  // .cache/crops, their features cached like any photo's; val stays the photos as they are
  const dir = cropSetDir(o.voc, o.trainSplit, CROP_SEED);
  buildCropSet(o.voc, o.trainSplit, dir, CROP_SEED);
  const ids = new Set(trainImages.map((im) => im.id));
  const cropImages = readVocSplit(dir, 'train').filter((im) => cropJoins(im.id, im.truth, ids, o.crops, o.cropClasses));
  return { train: concatFeatureSets(train, await folderFeatures(dir, 'train', cropImages, layout)), val, photos };
}

/** Runs this CLI in a child process with `args`. */
function runChild(args: string[], what: string): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  return new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`training ${what} exited with ${code}`))));
  });
}

/** Writes a head as a training run's output: model.json, head.bin, metrics.json and MODEL_CARD.md. */
async function writeRun(dir: string, model: HeadModel, history: History, mode?: WeightQuantization): Promise<void> {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const { json, bin } = await encodeHead(model, 'head.bin', mode);
  writeFileSync(join(out, 'model.json'), `${JSON.stringify(json, null, 1)}\n`);
  writeFileSync(join(out, 'head.bin'), bin);
  writeFileSync(join(out, 'metrics.json'), `${JSON.stringify({ ...model.meta, history }, null, 1)}\n`);
  writeModelCard(join(out, 'MODEL_CARD.md'), model.meta);
}

/** A trained head read back from a run's --out, with its per-epoch history. */
async function loadMember(dir: string): Promise<Trained> {
  const model = await loadHead(fileModelHandler(resolve(dir, 'model.json')));
  const metrics = JSON.parse(readFileSync(resolve(dir, 'metrics.json'), 'utf8')) as { history?: History };
  return { model, history: metrics.history ?? [] };
}

/** The head decoding with END's probability scaled by `w` (HeadDims.endScale); unset: as trained. */
function withEndScale(head: HeadModel, w: number | undefined): HeadModel {
  return w === undefined ? head : { ...head, dims: { ...head.dims, endScale: w } };
}

/** The head as it reads back from a file with its matrices quantized (the float32 head disposed). */

async function quantized(head: HeadModel, mode: WeightQuantization): Promise<HeadModel> {
  const copy = await quantizedCopy(head, mode);
  disposeHead(head);
  return copy;
}

/** A head's metrics on a set (the per-photo predictions left out: they are eval's `--predictions`). */
async function reportOf(model: HeadModel, set: FeatureSet, o: TrainOptions, quiet = false) {
  const beam = { beamWidth: 3, maxLength: labels.length };
  const scoreBeam = { beamWidth: o.scoreBeamWidth, maxLength: labels.length };
  const { predictions: _, ...report } = await evaluateHead(model, set.features, set.truth, beam, quiet, scoreBeam, o.scoreMethod, !quiet);
  return report;
}

/**
 * A head's metrics on the `test` split of a VOCdevkit folder outside VOC (e.g. the everyday set), for
 * the card only: never trained on, never used to choose.
 */
async function checkSetReport(model: HeadModel, dir: string, layout: readonly FeatureSegment[], o: TrainOptions) {
  const set = await folderFeatures(dir, 'test', readVocSplit(dir, 'test'), layout);
  return { name: basename(resolve(dir)), split: 'test', report: await reportOf(model, set, o, true) };
}

export async function main(o: TrainOptions): Promise<void> {
  if (o.cardOnly) {
    // re-renders MODEL_CARD.md from the metrics.json the training run wrote (no retraining); with
    // --check-set, the head in --out is evaluated on that folder first and metrics.json gets it
    const metricsPath = join(resolve(o.out), 'metrics.json');
    const metrics = JSON.parse(readFileSync(metricsPath, 'utf8'));
    if (o.checkSet) {
      await initNodeBackend(o.backend);
      const head = await loadHead(fileModelHandler(resolve(o.out, 'model.json')));
      const layout = (head.meta.featureLayout as { segments: FeatureSegment[] }).segments;
      metrics.checkSet = await checkSetReport(head, o.checkSet, layout, o);
      writeFileSync(metricsPath, `${JSON.stringify(metrics, null, 1)}\n`);
    }
    writeModelCard(join(resolve(o.out), 'MODEL_CARD.md'), metrics);
    console.log(`rewrote ${o.out}/MODEL_CARD.md from metrics.json`);
    return;
  }
  const started = Date.now();
  const backend = await initNodeBackend(o.backend);
  const layout = layoutByName(o.layout);
  const { train, val, photos, extraPhotos, extraSets } = await loadData(o, layout);
  const evaluate = (model: HeadModel, set: FeatureSet) => reportOf(model, set, o);

  /** Trains the seeds' heads stacked in this process and evaluates each on val. */
  async function trainSeeds(seeds: number[]): Promise<Trained[]> {
    const groupStarted = Date.now();
    const valEpoch = valEpochs(o.head.epochs, o.valFrom, o.valEvery);
    const results: TrainResult[] = await trainStacked(train, val, labels, o.head, seeds, o.baseline, console.log, valEpoch, classEvidenceColumns(layout, o.head.evidenceScope), viewGroupColumns(layout, o.head.viewGroups));
    const seconds = (Date.now() - groupStarted) / 1000 / seeds.length; // each member's share of the group's time
    const out: Trained[] = [];
    for (const [k, r] of results.entries()) {
      const report = await evaluate(r.model, val);
      r.model.meta = {
        command: o.command, backend, scoreMethod: o.scoreMethod, scoreBeamWidth: o.scoreBeamWidth, featureLayout: { name: o.layout, segments: layout },
        cnnInputSize: BACKBONE_INPUT_SIZE,
        trainImages: photos, ...(o.scales.length > 0 && { trainScales: o.scales }), ...(o.mirrorScaled && { trainScalesMirrored: true }),
        ...(o.crops > 0 && { trainCrops: train.ids.length - (photos + extraPhotos) * (1 + o.scales.length), cropsPerPhoto: o.crops, ...(o.cropClasses.length > 0 && { cropClasses: o.cropClasses.map((c) => VOC_CLASSES[c]) }) }),
        ...(extraPhotos > 0 && { extraImages: extraPhotos, extraSets }), valImages: val.ids.length,
        labelOrder: r.order.map((c) => labels[c]), config: { ...o.head, seed: seeds[k] }, baselineConfig: o.baseline,
        bestEpoch: r.head.bestEpoch, baselineBestEpoch: r.baseline.bestEpoch, val: report, trainedAt: new Date().toISOString(),
        seconds: Math.round(seconds), stackedWith: seeds,
      };
      console.log(`member seed ${seeds[k]}: val CNN-RNN mAP ${report.cnnrnn.mAP.toFixed(2)}, baseline ${report.baseline.mAP.toFixed(2)}`);
      out.push({ model: r.model, history: r.head.history });
    }
    return out;
  }

  if (o.memberDirs) {
    // a child of a --seeds run: its group of members, each written to its directory
    if (o.memberDirs.length !== o.seeds.length) throw new Error('--member-dirs: one directory per --seeds entry');
    const members = await trainSeeds(o.seeds);
    for (const [k, m] of members.entries()) await writeRun(o.memberDirs[k]!, m.model, m.history);
    return;
  }

  const memberDirs = [...o.members];
  const seeds = o.seeds.length ? o.seeds : [o.head.seed];
  if (memberDirs.length === 0 && seeds.length > 1 && o.jobs > 1) {
    // a group of seeds per child process (WASM runs one thread per process in Node: one per core);
    // the members' own files go outside --out (which may be models/head): they are not shipped
    const root = join('.cache', 'members', `${basename(resolve(o.out))}-${createHash('sha1').update(resolve(o.out)).digest('hex').slice(0, 8)}`);
    const dirOf = (seed: number) => resolve(root, `seed-${seed}`);
    const argv = process.argv.slice(2);
    await Promise.all(seedGroups(seeds, o.jobs).map((group) => runChild(groupArgs(argv, group, group.map(dirOf)), `seeds ${group.join(',')}`)));
    memberDirs.push(...seeds.map(dirOf));
  }
  const trained = memberDirs.length ? await Promise.all(memberDirs.map(loadMember)) : await trainSeeds(seeds);

  let model: HeadModel;
  const history = trained[0]!.history;
  if (trained.length === 1) {
    model = withEndScale(trained[0]!.model, o.endScale);
    if (o.quantize || o.endScale !== undefined) {
      if (o.quantize) model = await quantized(model, o.quantize);
      model.meta = { ...model.meta, command: o.command, ...(o.quantize && { quantization: o.quantize }), ...(o.endScale !== undefined && { endScale: o.endScale }), val: await evaluate(model, val) };
    }
  } else {
    model = withEndScale(assembleEnsemble(trained.map((t) => t.model)), o.endScale);
    if (o.quantize) model = await quantized(model, o.quantize);
    const first = trained[0]!.model.meta;
    model.meta = {
      ...first, command: o.command, trainedAt: new Date().toISOString(), val: await evaluate(model, val), ...(o.quantize && { quantization: o.quantize }), ...(o.endScale !== undefined && { endScale: o.endScale }),
      // --seeds: this run trained them all; --members: their own runs plus this evaluation
      seconds: Math.round((Date.now() - started) / 1000) + (o.members.length ? trained.reduce((n, t) => n + Number(t.model.meta.seconds ?? 0), 0) : 0),
      ensemble: trained.map((t, i) => ({
        member: i, command: t.model.meta.command, seed: (t.model.meta.config as { seed?: number }).seed, bestEpoch: t.model.meta.bestEpoch,
        seconds: t.model.meta.seconds, val: t.model.meta.val, history: t.history, ...(t.model.meta.stackedWith !== undefined && { stackedWith: t.model.meta.stackedWith }),
      })),
    };
  }
  if (o.checkSet) model.meta.checkSet = await checkSetReport(model, o.checkSet, layout, o);
  await writeRun(o.out, model, history, o.quantize);
  const report = model.meta.val as Awaited<ReturnType<typeof evaluate>>;
  console.log(`wrote ${resolve(o.out)} in ${model.meta.seconds}s: val CNN-RNN mAP ${report.cnnrnn.mAP.toFixed(2)}, baseline ${report.baseline.mAP.toFixed(2)}, zero-shot ${report.zeroshot.mAP.toFixed(2)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(parseTrainOptions(process.argv.slice(2), availableParallelism()));
}
