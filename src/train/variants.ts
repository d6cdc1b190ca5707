import { existsSync, readFileSync } from 'node:fs';
import type { FeatureSegment } from '../model/cnn/featureLayout';
import type { EvalReport } from './evaluate';

/** One trained variant of the head, as its training run's metrics.json recorded it. */
export interface VariantRow {
  name: string;
  command: string;
  trainImages: number;
  valImages: number;
  val: EvalReport;
}

const f = (v: number) => v.toFixed(1);

/** Reads `models/head/variants.json` (a list of rows) if present. */
export function readVariants(path: string): VariantRow[] {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as VariantRow[]) : [];
}

/** A row from a training run's metrics.json. */
export function variantFromMetrics(name: string, metricsPath: string): VariantRow {
  const m = JSON.parse(readFileSync(metricsPath, 'utf8')) as VariantRow;
  return { name, command: m.command, trainImages: m.trainImages, valImages: m.valImages, val: m.val };
}

/** Markdown table: mAP, C-F1, O-F1, C-P, per-class AP of every variant, with its command. */
export function variantsTable(rows: VariantRow[]): string {
  if (rows.length === 0) return '(no variants recorded)';
  const classes = Object.keys(rows[0]!.val.cnnrnn.ap);
  const head = ['variant', 'train/val images', 'mAP', 'C-F1', 'O-F1', 'C-P', 'baseline mAP / C-F1 / O-F1', ...classes, 'command'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const c = r.val.cnnrnn;
    const b = r.val.baseline;
    lines.push(`| ${[
      r.name, `${r.trainImages}/${r.valImages}`, f(c.mAP), f(c.CF1), f(c.OF1), f(c.CP), `${f(b.mAP)} / ${f(b.CF1)} / ${f(b.OF1)}`,
      ...classes.map((k) => f(c.ap[k]!)), `\`${r.command}\``,
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Words for one part of I. */
export function describeSegment(s: FeatureSegment): string {
  const covered = (parts: [number, number, string][]) => parts.filter(([a, b]) => a < s.to && b > s.from).map(([, , n]) => n).join(', ');
  const inView = () => covered([
    [0, 480, 'GAP of extern1'], [480, 960, 'GMP of extern1'], [960, 1088, 'decoder mean'], [1088, 1168, 'heat-map maxima'],
    [1168, 1328, 'detection statistics: 2nd and 3rd peak after a 3×3 NMS'], [1328, 1488, 'detection statistics: peak counts > 0.1 and > 0.3'],
    [1488, 1728, 'detection statistics: heat-map mean, best box width and height'],
  ]);
  const text = (() => {
    switch (s.source) {
      case 'whole': return `whole image: ${inView()}`;
      case 'tilesMean': return `tiles, mean over the 4: ${inView()}`;
      case 'tilesMax': return `tiles, max over the 4: ${inView()}`;
      case 'grid': return 'whole image: extern1 averaged over a 2×2 grid';
      case 'nanodet': return `NanoDet: ${covered([[0, 240, 'per-class max score at strides 8/16/32'], [240, 320, '2nd best anchor'], [320, 400, 'anchors > 0.3']])}`;
    }
  })();
  return s.transform === 'log1p' ? `${text}, as log(1 + count)` : text;
}
