/**
 * `npm run train -- --voc ../shared/data/VOC2007 [--out models/head] [--epochs 30] [--limit n]`
 * Extracts + caches CNN features, trains the CNN-RNN head and the baseline on `train`, keeps the
 * best epoch on `val`, evaluates, and writes the shipped model + model card.
 * `--seeds 7,8,9` trains one head per seed (the rest of the flags alike; `--jobs n` child processes
 * at a time, one per core by default, each writing its head to `.cache/members/…/seed-S`) and writes
 * them as one ensemble head; `--members dir,dir,…` assembles heads trained earlier (each dir a training run's
 * --out) into one ensemble head, evaluated and carded the same way, without training.
 * `--quantize float16|uint8` writes the head's matrices quantized (tfjs's format); the head is then
 * evaluated and carded as read back, so its metrics are those of the shipped file.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assembleEnsemble, disposeHead, encodeHead, loadHead, quantizedCopy, type HeadModel } from '../model/headIo';
import { WEIGHT_QUANTIZATIONS, type WeightQuantization } from '../model/weightQuantization';
import { fileModelHandler } from './nodeIo';
import { featureCacheDir } from './cacheDir';
import { VOC_CLASSES } from '../model/labels';
import { concatFeatureSets, loadFeatureSet } from './dataset';
import { buildCropSet, CROP_SEED, cropOf, cropSetDir } from './cropSet';
import { DEFAULT_CROP_OPTIONS } from './crops';
import { ensureFeatures } from './ensureFeatures';
import { evaluateHead } from './evaluate';
import { FeatureCache } from './featureCache';
import { writeModelCard } from './modelCard';
import { initNodeBackend } from './nodeBackend';
import { trainAll } from './train';
import { DEFAULT_HEAD_CONFIG } from './trainHead';
import { DEFAULT_BASELINE_CONFIG } from './trainBaseline';
import { layoutByName } from './layouts';
import { groupArgs, memberArgs, seedGroups } from './memberArgs';
import { stackable, trainStacked, valEpochs } from './trainStacked';
import type { TrainResult } from './train';
import type { LabelScoreMethod } from '../model/labelScores';
import { readVocSplit } from './voc';

const { values } = parseArgs({
  options: {
    voc: { type: 'string', default: '../shared/data/VOC2007' }, out: { type: 'string', default: 'models/head' },
    cache: { type: 'string' }, epochs: { type: 'string' }, limit: { type: 'string' },
    'train-split': { type: 'string', default: 'train' }, 'val-split': { type: 'string', default: 'val' },
    backend: { type: 'string', default: 'wasm' }, 'hidden': { type: 'string' }, 'embed': { type: 'string' },
    lr: { type: 'string' }, dropout: { type: 'string' }, 'weight-decay': { type: 'string' }, seed: { type: 'string' },
    batch: { type: 'string' }, 'card-only': { type: 'boolean', default: false }, layout: { type: 'string', default: 'shipped' },
    concept: { type: 'string' }, 'concept-dropout': { type: 'string' }, order: { type: 'string' },
    'label-smoothing': { type: 'string' }, 'set-target-mix': { type: 'string' }, score: { type: 'string' }, 'score-beam': { type: 'string' },
    'weight-average': { type: 'string' }, teachers: { type: 'string' }, distill: { type: 'string' },
    seeds: { type: 'string' }, members: { type: 'string' }, jobs: { type: 'string' }, 'scheduled-sampling': { type: 'string' },
    semantic: { type: 'string' }, quantize: { type: 'string' }, 'image-gate': { type: 'string' },
    crops: { type: 'string' }, 'check-set': { type: 'string' }, stack: { type: 'string' }, 'member-dirs': { type: 'string' }, 'val-from': { type: 'string' }, 'val-every': { type: 'string' }, 'baseline-epochs': { type: 'string' },
  },
});
const quantize = values.quantize as WeightQuantization | undefined;
if (quantize !== undefined && !WEIGHT_QUANTIZATIONS.includes(quantize)) throw new Error(`--quantize: use one of ${WEIGHT_QUANTIZATIONS.join(', ')}`);
if (values['card-only']) {
  // Re-renders MODEL_CARD.md from the metrics.json the training run wrote (no retraining).
  const metrics = JSON.parse(readFileSync(join(resolve(values.out!), 'metrics.json'), 'utf8'));
  writeModelCard(join(resolve(values.out!), 'MODEL_CARD.md'), metrics);
  console.log(`rewrote ${values.out}/MODEL_CARD.md from metrics.json`);
  process.exit(0);
}
const started = Date.now();
const backend = await initNodeBackend(values.backend as 'wasm' | 'cpu');
const limit = values.limit ? Number(values.limit) : undefined;
const trainImages = readVocSplit(values.voc!, values['train-split']!).slice(0, limit);
const valImages = readVocSplit(values.voc!, values['val-split']!).slice(0, limit);
const cache = new FeatureCache(values.cache ?? featureCacheDir(values.voc!));
await ensureFeatures(values.voc!, [values['train-split']!, values['val-split']!], limit, cache, [...trainImages, ...valImages].map((i) => i.id));
const layout = layoutByName(values.layout!);
const val = loadFeatureSet(valImages, cache, layout);
/**
 * `--crops N`: the train photos' object-centred crops join the training set, the first N of each
 * photo's (crops.ts: around its largest box, then around each further class's). They are written
 * once as a VOCdevkit folder of their own under .cache/crops, their features cached like any
 * photo's. Val stays the photos as they are.
 */
const cropsPerPhoto = Number(values.crops ?? 0);
if (cropsPerPhoto > DEFAULT_CROP_OPTIONS.perPhoto) throw new Error(`--crops: at most ${DEFAULT_CROP_OPTIONS.perPhoto} a photo`);
let train = loadFeatureSet(trainImages, cache, layout);
const photoCount = train.ids.length;
if (cropsPerPhoto > 0) {
  const dir = cropSetDir(values.voc!, values['train-split']!, CROP_SEED);
  buildCropSet(values.voc!, values['train-split']!, dir, CROP_SEED);
  const photos = new Set(trainImages.map((im) => im.id));
  const cropImages = readVocSplit(dir, 'train').filter((im) => {
    const crop = cropOf(im.id);
    return crop !== null && photos.has(crop.photo) && crop.index < cropsPerPhoto;
  });
  const cropCache = new FeatureCache(featureCacheDir(dir));
  await ensureFeatures(dir, ['train'], undefined, cropCache, cropImages.map((im) => im.id));
  train = concatFeatureSets(train, loadFeatureSet(cropImages, cropCache, layout));
}
const cfg = {
  ...DEFAULT_HEAD_CONFIG,
  ...(values.epochs && { epochs: Number(values.epochs) }), ...(values.hidden && { hiddenDim: Number(values.hidden) }),
  ...(values.embed && { embedDim: Number(values.embed) }), ...(values.lr && { learningRate: Number(values.lr) }),
  ...(values.dropout && { dropout: Number(values.dropout) }),
  ...(values['weight-decay'] && { weightDecay: Number(values['weight-decay']) }), ...(values.seed && { seed: Number(values.seed) }),
  ...(values.batch && { batchSize: Number(values.batch) }), ...(values.concept !== undefined && { concept: values.concept !== 'false' && values.concept !== '0' }),
  ...(values['concept-dropout'] && { conceptDropout: Number(values['concept-dropout']) }),
  ...(values.order && { order: values.order as 'frequent' | 'rare' | 'pla' }),
  ...(values['label-smoothing'] && { labelSmoothing: Number(values['label-smoothing']) }),
  ...(values['set-target-mix'] && { setTargetMix: Number(values['set-target-mix']) }),
  ...(values['weight-average'] && { weightAverage: Number(values['weight-average']) }),
  ...(values.distill && { distill: Number(values.distill) }),
  ...(values['scheduled-sampling'] && { scheduledSampling: Number(values['scheduled-sampling']) }),
  ...(values.semantic && { semanticWeight: Number(values.semantic) }),
  ...(values['image-gate'] !== undefined && { imageGate: values['image-gate'] !== 'false' && values['image-gate'] !== '0' }),
};
/** The baseline's training: its defaults, `--baseline-epochs` fewer epochs (it keeps its best val epoch). */
const baseCfg = { ...DEFAULT_BASELINE_CONFIG, ...(values['baseline-epochs'] && { epochs: Number(values['baseline-epochs']) }) };
// distillation teachers: trained heads (directories with model.json), e.g. earlier runs' --out
const teachers = await Promise.all((values.teachers ? values.teachers.split(',') : []).map((d) => loadHead(fileModelHandler(resolve(d, 'model.json')))));
if (cfg.distill > 0 && teachers.length === 0) throw new Error('--distill needs --teachers dir1,dir2,…');
const labels = [...VOC_CLASSES];
const scoreMethod = (values.score ?? 'marginal') as LabelScoreMethod;
const scoreBeamWidth = Number(values['score-beam'] ?? 3);
const command = `npm run train -- ${process.argv.slice(2).join(' ')}`.trim();
/** The head's val metrics (the per-photo predictions left out: they are eval's `--predictions`). */
const evaluate = async (model: HeadModel) => {
  const { predictions: _, ...report } = await evaluateHead(
    model, val.features, val.truth, { beamWidth: 3, maxLength: labels.length }, false,
    { beamWidth: scoreBeamWidth, maxLength: labels.length }, scoreMethod, true,
  );
  return report;
};
type History = { epoch: number; loss: number; valMap: number }[];

/** The head's metrics on the `test` split of another VOCdevkit folder (its features cached like val's). */
async function checkSetReport(model: HeadModel, dir: string) {
  const images = readVocSplit(dir, 'test');
  const setCache = new FeatureCache(featureCacheDir(dir));
  await ensureFeatures(dir, ['test'], undefined, setCache, images.map((im) => im.id));
  const set = loadFeatureSet(images, setCache, layout);
  const { predictions: _, ...report } = await evaluateHead(
    model, set.features, set.truth, { beamWidth: 3, maxLength: labels.length }, true,
    { beamWidth: scoreBeamWidth, maxLength: labels.length }, scoreMethod,
  );
  return { name: basename(resolve(dir)), split: 'test', report };
}

/** A trained head evaluated on val, its meta saying how it was made (`extra`: how it was trained). */
async function describeMember(result: TrainResult, seed: number, seconds: number, extra: Record<string, unknown> = {}): Promise<{ model: HeadModel; history: History }> {
  const memberCfg = { ...cfg, seed };
  const report = await evaluate(result.model);
  result.model.meta = {
    command, backend, ...(teachers.length && { teachers: values.teachers!.split(',') }), scoreMethod, scoreBeamWidth, featureLayout: { name: values.layout, segments: layout }, trainImages: photoCount, ...(cropsPerPhoto > 0 && { trainCrops: train.ids.length - photoCount, cropsPerPhoto }), valImages: val.ids.length, labelOrder: result.order.map((c) => labels[c]),
    config: memberCfg, baselineConfig: baseCfg, bestEpoch: result.head.bestEpoch, baselineBestEpoch: result.baseline.bestEpoch,
    val: report, trainedAt: new Date().toISOString(), seconds: Math.round(seconds), ...extra,
  };
  console.log(`member seed ${seed}: val CNN-RNN mAP ${report.cnnrnn.mAP.toFixed(2)}, baseline ${report.baseline.mAP.toFixed(2)}`);
  return { model: result.model, history: result.head.history };
}

/** Trains one head with `seed` (cfg's otherwise) and evaluates it. */
async function trainMember(seed: number): Promise<{ model: HeadModel; history: History }> {
  const memberStarted = Date.now();
  const result = await trainAll(train, val, labels, { ...cfg, seed }, baseCfg, undefined, teachers);
  return describeMember(result, seed, (Date.now() - memberStarted) / 1000);
}

/**
 * Whether several seeds train stacked (trainStacked.ts: one process runs all its members' steps as
 * one): the default where the recipe allows it; `--stack false` trains them one by one.
 */
const stacking = values.stack !== 'false' && values.stack !== '0' && stackable(cfg) && teachers.length === 0;
/**
 * `--val-from E --val-every K`: stacked members are decoded on val (to keep their best epoch) at
 * epochs E…last every K epochs counted back from the last (which always is); by default every epoch.
 */
const valEpoch = valEpochs(cfg.epochs, Number(values['val-from'] ?? 1), Number(values['val-every'] ?? 1));

/** Trains heads for `seedList` in this process: stacked where it can, else one after another. */
async function trainSeeds(seedList: number[]): Promise<{ model: HeadModel; history: History }[]> {
  if (!stacking || seedList.length < 2) {
    const out = [];
    for (const seed of seedList) out.push(await trainMember(seed));
    return out;
  }
  const groupStarted = Date.now();
  const results = await trainStacked(train, val, labels, cfg, seedList, baseCfg, console.log, valEpoch);
  const seconds = (Date.now() - groupStarted) / 1000;
  const out = [];
  // each member's share of the group's time, and the group it trained with
  for (const [k, r] of results.entries()) out.push(await describeMember(r, seedList[k]!, seconds / seedList.length, { stackedWith: seedList }));
  return out;
}

/** A trained head read back from a run's --out, with its per-epoch history. */
async function loadMember(dir: string): Promise<{ model: HeadModel; history: History }> {
  const model = await loadHead(fileModelHandler(resolve(dir, 'model.json')));
  const metrics = JSON.parse(readFileSync(resolve(dir, 'metrics.json'), 'utf8')) as { history?: History };
  return { model, history: metrics.history ?? [] };
}

const memberDirs: string[] = values.members ? values.members.split(',') : [];
const assembling = memberDirs.length > 0;
const seeds = values.seeds ? values.seeds.split(',').map(Number) : [];
if (memberDirs.length && seeds.length) throw new Error('Give --seeds (train the members) or --members (assemble trained ones), not both');
/** Runs this CLI in a child process with `args`. */
function runChild(args: string[], what: string): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  return new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`training ${what} exited with ${code}`))));
  });
}

/**
 * Trains the seeds' heads in `jobs` child processes (WASM runs one thread per process in Node, so
 * one per core): stacked, a group of seeds per process (`--seeds … --member-dirs …`), or else one
 * process per seed (`--seed S --out DIR`), `jobs` at a time. Returns each seed's directory.
 */
async function trainMembersInParallel(seedList: number[], jobs: number): Promise<string[]> {
  // outside --out, which may be models/head: the members' own files are not shipped
  const root = join('.cache', 'members', `${basename(resolve(values.out!))}-${createHash('sha1').update(resolve(values.out!)).digest('hex').slice(0, 8)}`);
  const dirOf = (seed: number) => resolve(root, `seed-${seed}`);
  const argv = process.argv.slice(2);
  if (stacking) {
    await Promise.all(seedGroups(seedList, jobs).map((group) => runChild(groupArgs(argv, group, group.map(dirOf)), `seeds ${group.join(',')}`)));
    return seedList.map(dirOf);
  }
  let next = 0;
  const worker = async () => {
    while (next < seedList.length) {
      const seed = seedList[next++]!;
      await runChild(memberArgs(argv, seed, dirOf(seed)), `seed ${seed}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, seedList.length) }, worker));
  return seedList.map(dirOf);
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

const ownDirs = values['member-dirs']?.split(',');
if (ownDirs) {
  // a child of a --seeds run: its group of members, each written to its directory
  if (ownDirs.length !== seeds.length) throw new Error('--member-dirs: one directory per --seeds entry');
  const members = await trainSeeds(seeds);
  for (const [k, m] of members.entries()) await writeRun(ownDirs[k]!, m.model, m.history);
  process.exit(0);
}
const jobs = Number(values.jobs ?? availableParallelism());
if (seeds.length > 1 && jobs > 1) memberDirs.push(...(await trainMembersInParallel(seeds, jobs)));
const trained = await Promise.all(memberDirs.map(loadMember));
if (trained.length === 0) trained.push(...(await trainSeeds(seeds.length ? seeds : [cfg.seed])));
/** The head as it reads back from a file with its matrices quantized (the float32 head disposed). */
async function quantized(head: HeadModel, mode: WeightQuantization): Promise<HeadModel> {
  const copy = await quantizedCopy(head, mode);
  disposeHead(head);
  return copy;
}
let model: HeadModel;
let history: History;
if (trained.length === 1) {
  ({ model, history } = trained[0]!);
  if (quantize) {
    model = await quantized(model, quantize);
    model.meta = { ...model.meta, command, quantization: quantize, val: await evaluate(model) };
  }
} else {
  model = assembleEnsemble(trained.map((t) => t.model));
  if (quantize) model = await quantized(model, quantize);
  const report = await evaluate(model);
  const first = trained[0]!.model.meta;
  model.meta = {
    ...first, command, trainedAt: new Date().toISOString(), val: report, ...(quantize && { quantization: quantize }),
    // --seeds: this run trained them all; --members: their own runs plus this evaluation
    seconds: Math.round((Date.now() - started) / 1000) + (assembling ? trained.reduce((n, t) => n + Number(t.model.meta.seconds ?? 0), 0) : 0),
    ensemble: trained.map((t, i) => ({
      member: i, command: t.model.meta.command, seed: (t.model.meta.config as { seed?: number }).seed, bestEpoch: t.model.meta.bestEpoch,
      seconds: t.model.meta.seconds, val: t.model.meta.val, history: t.history, ...(t.model.meta.stackedWith !== undefined && { stackedWith: t.model.meta.stackedWith }),
    })),
  };
  history = trained[0]!.history;
}
/**
 * `--check-set DIR`: the final head's metrics on a VOCdevkit folder outside VOC (split \`test\`, e.g. the
 * everyday set of scripts/buildEverydaySet.ts), for the card only: never trained on, never used to choose.
 */
if (values['check-set']) model.meta.checkSet = await checkSetReport(model, values['check-set']);
const out = resolve(values.out!);
await writeRun(out, model, history, quantize);
const report = model.meta.val as Awaited<ReturnType<typeof evaluate>>;
console.log(`wrote ${out} in ${model.meta.seconds}s: val CNN-RNN mAP ${report.cnnrnn.mAP.toFixed(2)}, baseline ${report.baseline.mAP.toFixed(2)}, zero-shot ${report.zeroshot.mAP.toFixed(2)}`);
