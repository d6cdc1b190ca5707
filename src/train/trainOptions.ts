import { parseArgs } from 'node:util';
import { BACKBONE_INPUT_SIZE } from '../model/config';
import { LABEL_SCORE_METHODS, type LabelScoreMethod } from './labelScores';
import { WEIGHT_QUANTIZATIONS, type WeightQuantization } from '../model/head/weightQuantization';
import { DEFAULT_CROP_OPTIONS } from './crops';
import { vocClassList } from './labels';
import { EVIDENCE_SCOPES, VIEW_GROUPS, type EvidenceScope, type ViewGroup } from '../model/cnn/featureLayout';
import { DEFAULT_BASELINE_CONFIG, type BaselineTrainConfig } from './trainBaseline';
import { DEFAULT_HEAD_CONFIG, LR_SCHEDULES, VIEW_DROPOUT_SCOPES, type HeadTrainConfig, type LrSchedule, type ViewDropoutScope } from './trainHead';

/** Everything `npm run train` is told, typed (parseTrainOptions reads it from the command line). */
export interface TrainOptions {
  /** The VOCdevkit folder, its train and val split names, and where its features are cached. */
  voc: string;
  trainSplit: string;
  valSplit: string;
  cache?: string;
  /** The first n photos of each split only (quick runs). */
  limit?: number;
  /** Where the head is written (model.json, head.bin, metrics.json, MODEL_CARD.md). */
  out: string;
  backend: 'wasm' | 'cpu';
  /** Which parts of the raw features make I (layouts.ts). */
  layout: string;
  head: HeadTrainConfig;
  baseline: BaselineTrainConfig;
  /** One head per seed, stacked (one seed: a stack of one); empty: the head config's seed. */
  seeds: number[];
  /** Child processes for the seeds, a group of seeds each. */
  jobs: number;
  /** In a child: one output folder per seed. */
  memberDirs?: string[];
  /** Heads trained earlier (folders) to assemble instead of training. */
  members: string[];
  /** Val decodes from this epoch on, every `valEvery` epochs counted back from the last. */
  valFrom: number;
  valEvery: number;
  /** The first N object-centred crops of each train photo join the training set (0: none). */
  crops: number;
  /** Only the crops that hold one of these classes (VOC class indices) join; empty: every crop. */
  cropClasses: number[];
  /**
   * VOCdevkit folders outside VOC whose `train` split joins the training set (e.g. pet photos: the pet
   * 1, every other class 0, unknown, so left out of every loss). Never the check set.
   */
  extra: string[];
  /**
   * Scale augmentation: every training photo (VOC's and --extra's; not the crops) is also seen as
   * CenterNet sees it at each of these input sides (pixels; the app runs it at BACKBONE_INPUT_SIZE),
   * features cached per side; each epoch trains on one side of each photo, drawn at random.
   */
  scales: number[];
  /** The photos at the --scales sides enter mirrored left to right (flip and scale augmentation in one). */
  mirrorScaled: boolean;
  /** A VOCdevkit folder outside VOC whose `test` split the final head is evaluated on, for the card. */
  checkSet?: string;
  quantize?: WeightQuantization;
  /**
   * END's probability in every step's distribution of the trained head multiplied by this (and the
   * step renormalised) when it decodes: HeadDims.endScale. The members are trained and chosen without it.
   */
  endScale?: number;
  /** How the CNN-RNN scores labels for AP, from a beam of this width. */
  scoreMethod: LabelScoreMethod;
  scoreBeamWidth: number;
  /** Re-render MODEL_CARD.md from the metrics.json in `out`, nothing else. */
  cardOnly: boolean;
  /** The command as typed, recorded in the head. */
  command: string;
}

const FLAGS = {
  voc: { type: 'string', default: '../shared/data/VOC2007' }, out: { type: 'string', default: 'models/head' },
  cache: { type: 'string' }, limit: { type: 'string' },
  'train-split': { type: 'string', default: 'train' }, 'val-split': { type: 'string', default: 'val' },
  backend: { type: 'string', default: 'wasm' }, layout: { type: 'string', default: 'shipped' },
  epochs: { type: 'string' }, hidden: { type: 'string' }, embed: { type: 'string' }, lr: { type: 'string' },
  dropout: { type: 'string' }, 'weight-decay': { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' },
  order: { type: 'string' }, 'weight-average': { type: 'string' }, semantic: { type: 'string' }, 'image-gate': { type: 'string' },
  'baseline-epochs': { type: 'string' }, 'evidence-dropout': { type: 'string' }, 'evidence-scope': { type: 'string' }, 'lr-schedule': { type: 'string' }, subspace: { type: 'string' }, 'view-dropout': { type: 'string' }, 'view-groups': { type: 'string' }, 'view-dropout-epochs': { type: 'string' }, 'view-dropout-scope': { type: 'string' }, 'view-dropout-inverted': { type: 'string' },
  seeds: { type: 'string' }, jobs: { type: 'string' }, 'member-dirs': { type: 'string' }, members: { type: 'string' },
  'val-from': { type: 'string' }, 'val-every': { type: 'string' },
  crops: { type: 'string' }, 'crop-classes': { type: 'string' }, extra: { type: 'string' }, scales: { type: 'string' }, 'mirror-scaled': { type: 'boolean', default: false }, 'check-set': { type: 'string' }, quantize: { type: 'string' }, 'end-scale': { type: 'string' },
  score: { type: 'string' }, 'score-beam': { type: 'string' }, 'card-only': { type: 'boolean', default: false },
  // in the shipped head's recorded command, at the values that turn them off (the variants they
  // turned on lost: docs/research-log.md); other values are refused
  concept: { type: 'string' }, 'set-target-mix': { type: 'string' },
} as const;

const ORDERS = ['frequent', 'rare', 'pla'] as const;

/** A number flag, refused when it does not parse. */
function num(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name}: expected a number, got "${value}"`);
  return n;
}

/** A yes/no flag given as a word: 'false' and '0' are no, anything else yes; unset stays unset. */
function yes(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value !== 'false' && value !== '0';
}

/** Drops the undefined entries (so that defaults stay where a flag was not given). */
const given = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Reads `npm run train`'s flags (unknown flags are refused, naming them) into TrainOptions. */
export function parseTrainOptions(argv: readonly string[], defaultJobs = 2): TrainOptions {
  const { values: v } = parseArgs({ args: [...argv], options: FLAGS, strict: true });
  const order = v.order as HeadTrainConfig['order'] | undefined;
  if (order !== undefined && !ORDERS.includes(order)) throw new Error(`--order: use one of ${ORDERS.join(', ')}`);
  const quantize = v.quantize as WeightQuantization | undefined;
  if (quantize !== undefined && !WEIGHT_QUANTIZATIONS.includes(quantize)) throw new Error(`--quantize: use one of ${WEIGHT_QUANTIZATIONS.join(', ')}`);
  const scoreMethod = (v.score ?? 'marginal') as LabelScoreMethod;
  if (!LABEL_SCORE_METHODS.includes(scoreMethod)) throw new Error(`--score: use one of ${LABEL_SCORE_METHODS.join(', ')}`);
  if (v.backend !== 'wasm' && v.backend !== 'cpu') throw new Error('--backend: use wasm or cpu');
  if (yes(v.concept)) throw new Error('--concept: SR-CNN-RNN concepts are retired (docs/research-log.md); only --concept false is taken');
  if (v['set-target-mix'] !== undefined && Number(v['set-target-mix']) !== 0) throw new Error('--set-target-mix: the set target is retired (docs/research-log.md); only 0 is taken');
  const crops = num('crops', v.crops) ?? 0;
  if (crops < 0 || crops > DEFAULT_CROP_OPTIONS.perPhoto || !Number.isInteger(crops)) throw new Error(`--crops: 0 to ${DEFAULT_CROP_OPTIONS.perPhoto} a photo`);
  const cropClasses = vocClassList(v['crop-classes'], 'crop-classes');
  if (cropClasses.length && crops === 0) throw new Error('--crop-classes: give the crops per photo with --crops');
  const head: HeadTrainConfig = {
    ...DEFAULT_HEAD_CONFIG,
    ...given({
      epochs: num('epochs', v.epochs), hiddenDim: num('hidden', v.hidden), embedDim: num('embed', v.embed),
      learningRate: num('lr', v.lr), dropout: num('dropout', v.dropout), weightDecay: num('weight-decay', v['weight-decay']),
      seed: num('seed', v.seed), batchSize: num('batch', v.batch), order, weightAverage: num('weight-average', v['weight-average']),
      semanticWeight: num('semantic', v.semantic), evidenceDropout: num('evidence-dropout', v['evidence-dropout']),
      evidenceScope: v['evidence-scope'] as EvidenceScope | undefined,
      lrSchedule: v['lr-schedule'] as LrSchedule | undefined, subspace: num('subspace', v.subspace), viewDropout: num('view-dropout', v['view-dropout']),
      viewDropoutEpochs: num('view-dropout-epochs', v['view-dropout-epochs']),
      viewDropoutScope: v['view-dropout-scope'] as ViewDropoutScope | undefined,
      viewDropoutInverted: yes(v['view-dropout-inverted']),
      viewGroups: v['view-groups']?.split(',').filter(Boolean) as ViewGroup[] | undefined,
      imageGate: yes(v['image-gate']),
    }),
  };
  if (head.evidenceDropout !== undefined && !(head.evidenceDropout >= 0 && head.evidenceDropout < 1)) throw new Error('--evidence-dropout: a rate from 0 to below 1');
  if (head.subspace !== undefined && !(head.subspace >= 0 && head.subspace < 1)) throw new Error('--subspace: a share from 0 to below 1');
  if (head.viewDropout !== undefined && !(head.viewDropout >= 0 && head.viewDropout < 1)) throw new Error('--view-dropout: a rate from 0 to below 1');
  if (head.viewDropoutEpochs !== undefined) {
    if (!(Number.isInteger(head.viewDropoutEpochs) && head.viewDropoutEpochs >= 1)) throw new Error('--view-dropout-epochs: a whole number of epochs, 1 or more');
    if (!head.viewDropout) throw new Error('--view-dropout-epochs: give the rate with --view-dropout');
  }
  if (head.viewGroups !== undefined) {
    if (!head.viewGroups.length || head.viewGroups.some((g) => !VIEW_GROUPS.includes(g))) throw new Error(`--view-groups: one or more of ${VIEW_GROUPS.join(', ')}`);
    if (!head.viewDropout) throw new Error('--view-groups: give the rate with --view-dropout');
  }
  if (head.viewDropoutScope !== undefined) {
    if (!VIEW_DROPOUT_SCOPES.includes(head.viewDropoutScope)) throw new Error(`--view-dropout-scope: one of ${VIEW_DROPOUT_SCOPES.join(', ')}`);
    if (!head.viewDropout) throw new Error('--view-dropout-scope: give the rate with --view-dropout');
  }
  if (head.viewDropoutInverted && !head.viewDropout) throw new Error('--view-dropout-inverted: give the rate with --view-dropout');
  if (head.lrSchedule !== undefined && !LR_SCHEDULES.includes(head.lrSchedule)) throw new Error(`--lr-schedule: use one of ${LR_SCHEDULES.join(', ')}`);
  if (head.evidenceScope !== undefined) {
    if (!EVIDENCE_SCOPES.includes(head.evidenceScope)) throw new Error(`--evidence-scope: use one of ${EVIDENCE_SCOPES.join(', ')}`);
    if (head.evidenceDropout === undefined) throw new Error('--evidence-scope: give the rate with --evidence-dropout');
  }
  const list = (s: string | undefined) => (s ? s.split(',').filter(Boolean) : []);
  const seeds = list(v.seeds).map((s) => num('seeds', s)!);
  const members = list(v.members);
  const extra = list(v.extra);
  const scales = list(v.scales).map((s) => num('scales', s)!);
  for (const s of scales) {
    // the 2×2 grid halves extern1 (S/32 a side): S must be a multiple of 64
    if (!Number.isInteger(s) || s % 64 !== 0 || s < 128 || s > 1024) throw new Error(`--scales: input sides are multiples of 64 from 128 to 1024, got ${s}`);
    if (s === BACKBONE_INPUT_SIZE) throw new Error(`--scales: ${s} is the app's own input side, already trained on`);
  }
  if (v['mirror-scaled'] && scales.length === 0) throw new Error('--mirror-scaled: give the sides to mirror with --scales');
  if (v['check-set'] && extra.some((dir) => dir.replace(/\/+$/, '') === v['check-set']!.replace(/\/+$/, ''))) throw new Error('--extra: the check set is never trained on');
  const endScale = num('end-scale', v['end-scale']);
  if (endScale !== undefined && !(endScale > 0 && endScale <= 10)) throw new Error('--end-scale: a factor above 0, at most 10 (1: END as trained)');
  if (members.length && seeds.length) throw new Error('Give --seeds (train the members) or --members (assemble trained ones), not both');
  return {
    voc: v.voc, trainSplit: v['train-split'], valSplit: v['val-split'], ...given({ cache: v.cache, limit: num('limit', v.limit) }),
    out: v.out, backend: v.backend, layout: v.layout, head,
    baseline: { ...DEFAULT_BASELINE_CONFIG, ...given({ epochs: num('baseline-epochs', v['baseline-epochs']) }) },
    seeds, jobs: num('jobs', v.jobs) ?? defaultJobs, ...given({ memberDirs: v['member-dirs']?.split(',') }), members,
    valFrom: num('val-from', v['val-from']) ?? 1, valEvery: num('val-every', v['val-every']) ?? 1,
    crops, cropClasses, extra, scales, mirrorScaled: v['mirror-scaled'] ?? false, ...given({ checkSet: v['check-set'], quantize, endScale }), scoreMethod, scoreBeamWidth: num('score-beam', v['score-beam']) ?? 3,
    cardOnly: v['card-only'], command: `npm run train -- ${argv.join(' ')}`.trim(),
  };
}
