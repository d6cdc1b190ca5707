/** What a head's training metadata says about the shipped variant, in words for the UI. */
export interface HeadVariant {
  /** e.g. "CNN-RNN with semantic concepts (SR-CNN-RNN), most-frequent-first order". */
  sequenceModel: string;
  /** e.g. "I: base+stats+nanodet, 3728 values". */
  features: string;
  /** e.g. "val mAP 86.4 (baseline 87.0)", or null when the head has no metrics. */
  metrics: string | null;
}

interface Meta {
  endScale?: number;
  config?: { concept?: boolean; order?: string; labelSmoothing?: number; setTargetMix?: number; weightAverage?: number; distill?: number; scheduledSampling?: number; semanticWeight?: number; imageGate?: boolean };
  teachers?: string[];
  ensemble?: { seed?: number }[];
  featureLayout?: { name?: string; segments?: { from: number; to: number }[] };
  cnnInputSize?: number;
  val?: { cnnrnn?: { mAP?: number; OF1?: number }; baseline?: { mAP?: number; OF1?: number } };
}

/** Reads the variant from a head's meta (model.json userDefinedMetadata.meta). Never throws. */
export function headVariant(meta: Record<string, unknown>): HeadVariant {
  const m = meta as Meta;
  const c = m.config ?? {};
  const parts = [c.concept ? 'CNN-RNN with semantic concepts (SR-CNN-RNN, Liu et al. 2017)'
    : c.imageGate ? 'CNN-RNN whose every step is also scored on the image alone (image gate)' : 'CNN-RNN as in the paper'];
  parts.push(c.order === 'rare' ? 'rarest-first label order'
    : c.order === 'pla' ? 'predicted-label alignment (Yazici et al. 2020)' : 'most-frequent-first label order');
  if (c.labelSmoothing) parts.push(`label smoothing ${c.labelSmoothing}`);
  if (c.setTargetMix) parts.push(`set-target mix ${c.setTargetMix}`);
  if (c.distill && m.teachers?.length) parts.push(`distilled from ${m.teachers.length} trained heads (share ${c.distill})`);
  if (c.scheduledSampling) parts.push(`scheduled sampling ${c.scheduledSampling}`);
  if (c.semanticWeight) parts.push(`semantic regularisation λ ${c.semanticWeight}`);
  if (c.weightAverage) parts.push('averaged weights');
  if (m.endScale !== undefined && m.endScale !== 1) parts.push(`END × ${m.endScale} when decoding`);
  if (m.ensemble && m.ensemble.length > 1) {
    const seeds = m.ensemble.map((e) => e.seed).filter((x) => x !== undefined);
    parts.push(`an ensemble of ${m.ensemble.length} such heads${seeds.length ? ` (seeds ${seeds.join(', ')})` : ''} decoded as one`);
  }
  const segs = m.featureLayout?.segments ?? [];
  const dim = segs.reduce((n, s) => n + s.to - s.from, 0);
  const cnnSize = m.cnnInputSize ? ` (CNN at ${m.cnnInputSize}²)` : '';
  const features = m.featureLayout?.name ? `I: ${m.featureLayout.name}, ${dim} values${cnnSize}` : 'I: base layout';
  const cnn = m.val?.cnnrnn;
  const base = m.val?.baseline;
  const metrics = cnn?.mAP !== undefined
    ? `val mAP ${cnn.mAP.toFixed(1)}, O-F1 ${cnn.OF1?.toFixed(1)} (independent baseline ${base?.mAP?.toFixed(1)}, ${base?.OF1?.toFixed(1)})`
    : null;
  return { sequenceModel: parts.join(', '), features, metrics };
}
