/**
 * Builds VOC-coco-train, extra training photos of everyday scenes, a VOCdevkit folder kept outside
 * git: COCO 2017 photos (val2017 and train2017) with their COCO labels mapped to the VOC classes
 * (scripts/cocoPhotos.ts), read straight from public git snapshots at pinned commits. It joins VOC's
 * `train` with `npm run train -- --extra ../everyday/VOC-coco-train`.
 *
 * No photo of the check set (`--check-set`, by COCO id or by content) is ever taken, and a photo
 * published by several repositories is taken once.
 *
 * Usage:
 *   npx tsx scripts/buildCocoTrainSet.ts [--out ../everyday/VOC-coco-train (from the project root)]
 *     [--check-set ../everyday/VOC-everyday] [--mirror /work/.mirror]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { VOC_CLASSES } from '../src/train/labels';
import { cocoJsonPhotos, cocoYoloPhotos, type CocoSplit, type Snapshot } from './cocoPhotos';
import { classCountRows, git, mirrored, trainingPhotoFilter, trainingSetOptions, usablePhotos, writeVocFolder, type Photo } from './vocFolder';

const TITLE = '# VOC-coco-train: COCO photos to train on';

const SPLITS: CocoSplit[] = ['val2017', 'train2017'];

/** The snapshots, pinned so that the same command always gives the same folder, and how each lays out its photos. */
const SOURCES = [
  { repo: 'Obmutescence/COCO-MINI', commit: '644f29e7c1d2eefd9c4412d39bc5b0ee6fd0afd4', kind: 'json', ann: (s: CocoSplit) => `annotations/instances_${s}.json`, images: (s: CocoSplit) => s },
  { repo: 'zzowenzz/COCO_Tiny', commit: 'e7a689f7d6d1a1908df287c3e79eccdadfdba1fe', kind: 'json', ann: (s: CocoSplit) => `annotations/instances_${s}.json`, images: (s: CocoSplit) => s },
  { repo: 'lightly-ai/coco128_yolo', commit: '6d6f7a059ea63efffdbe48aca2d52c04d4c510e9', kind: 'yolo', ann: (s: CocoSplit) => `object_detection/labels/${s}`, images: (s: CocoSplit) => `images/${s}` },
] as const;

/** The class names of a YOLO config.yaml (`names:` then `  <index>: <name>` lines), in index order. */
export function yoloNames(yaml: string): string[] {
  const names: string[] = [];
  for (const m of yaml.matchAll(/^\s+(\d+):\s*(.+?)\s*$/gm)) names[Number(m[1])] = m[2]!.replace(/^['"]|['"]$/g, '');
  if (names.length === 0 || [...names].includes(undefined as never)) throw new Error('YOLO config: no complete names list');
  return names;
}

/** One source's photos of one split. */
function photosOf(source: (typeof SOURCES)[number], s: Snapshot, split: CocoSplit): Photo[] {
  if (source.kind === 'json') return cocoJsonPhotos(s, source.ann(split), source.images(split), split);
  const names = yoloNames(git(s.gitDir, ['cat-file', 'blob', `${s.commit}:object_detection/config.yaml`]).toString());
  return cocoYoloPhotos(s, source.ann(split), source.images(split), split, names, `panoptic_segmentation/annotations/panoptic_${split}.json`);
}

function main(): void {
  const { values } = parseArgs({
    options: trainingSetOptions('../everyday/VOC-coco-train'),
  });
  const root = fileURLToPath(new URL('..', import.meta.url));
  const filter = trainingPhotoFilter(resolve(root, values['check-set']!));
  const photos: Photo[] = [];
  for (const source of SOURCES) {
    const s = { ...source, gitDir: mirrored(values.mirror!, source.repo, source.commit) };
    for (const split of SPLITS) photos.push(...photosOf(source, s, split).filter((p) => filter.take(p.id, p.bytes)));
  }
  const held = filter.held;
  const usable = usablePhotos(photos);
  const command = ['npx tsx scripts/buildCocoTrainSet.ts', ...process.argv.slice(2)].join(' ');
  const count = (prefix: string) => usable.filter((p) => p.id.startsWith(prefix)).length;
  const readme = [
    TITLE, '',
    `${usable.length} photos (${count('cocoval_')} COCO val2017, ${count('cocotrain_')} train2017), split \`train\` (the same list is written as`,
    '`trainval`). Rebuild with:', '', `    ${command}`, '',
    'For training only: never commit these files, never ship them, never evaluate on them.',
    `The ${held} photos of these snapshots that are in the check set (${values['check-set']}) are left out.`,
    'The CNNs were trained on COCO train2017, so they see those photos more surely than new ones.', '',
    '## Labels', '',
    'A VOC class with a COCO object in the photo is 1, otherwise -1; COCO classes outside VOC are ignored.', '',
    '## Sources and licences', '',
    'COCO 2017 (Lin et al. 2014): annotations CC BY 4.0 (COCO Consortium); each photo under its own Flickr licence,',
    'listed below. They were read from:',
    ...SOURCES.map((s) => `- github.com/${s.repo} at ${s.commit}: ${usable.filter((p) => p.source.startsWith(`${s.repo}@`)).length} photos`), '',
    '## Photos per class', '', ...classCountRows(usable), '',
    '## Photos', '', '| id | labels | source | licence |', '| --- | --- | --- | --- |',
    ...usable.map((p) => `| ${p.id} | ${VOC_CLASSES.filter((_, c) => p.truth[c] === 1).join(', ') || '(none of the 20)'} | ${p.source} | ${p.licence} |`), '',
  ].join('\n');
  const out = resolve(root, values.out!);
  writeVocFolder(out, usable, ['train', 'trainval'], TITLE, readme);
  console.log(`${usable.length} photos in ${out}; ${held} check-set photos left out`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
