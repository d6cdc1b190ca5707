/**
 * Builds a training folder of PASCAL VOC 2012 photos (VOCdevkit layout, outside git): the photos a
 * public copy of the Animal-Pose dataset holds (VOC 2011 photos with a cat, cow, dog, horse or
 * sheep), labelled with all 20 VOC classes by the image-level label file a public VOC 2012
 * repository derived from the official annotations. It joins VOC 2007's `train` with
 * `npm run train -- --extra <folder>`.
 *
 * Only the photos VOC 2012 added (ids 2008_… to 2012_…) are taken: its `2007_…` photos are VOC 2007
 * photos, some of them VOC 2007 val, and are never read. `--with a,b` keeps the photos that hold one
 * of those classes, `--without c` drops those that hold c.
 *
 * Usage:
 *   npx tsx scripts/buildVoc12Set.ts [--with sheep,cow,horse] [--without cat]
 *     [--out ../everyday/VOC-voc12 (from the project root)] [--check-set ../everyday/VOC-everyday] [--mirror /work/.mirror]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { VOC_CLASSES, vocClassList } from '../src/train/labels';
import { readNpyDict } from './npyDict';
import { git, mirrored, trainingPhotoFilter, trainingSetOptions, trainingSetReadme, usablePhotos, writeVocFolder, type Photo } from './vocFolder';

const TITLE = '# VOC-voc12: PASCAL VOC 2012 photos to train on';

const PHOTOS = { repo: 'mateusrafael4/Atividade_programacao_pose_estimation', commit: 'dab5c74036184926803e5edcf2082b71e0c85c86', folder: 'images' } as const;
const LABELS = { repo: 'YudeWang/SEAM', commit: '3212261b9d008581576b8b5429e32413d892c10b', file: 'voc12/cls_labels.npy' } as const;

/** The VOC 2012 id of a photo's file name, or null for a VOC 2007 photo or anything else. */
export function voc12IdOf(path: string): string | null {
  const m = /(?:^|\/)(20(?:0[89]|1[0-2])_\d{6})\.jpg$/.exec(path);
  return m ? m[1]! : null;
}

/** A label file's 20 values as a photo's truth: 1 shown, -1 not shown (the annotations name every object of the 20 classes). */
export function truthOf(values: readonly number[]): Int8Array {
  if (values.length !== VOC_CLASSES.length) throw new Error(`a label of ${values.length} values, expected ${VOC_CLASSES.length}`);
  return Int8Array.from(values, (v) => (v > 0.5 ? 1 : -1));
}

/** Whether a photo joins: it holds one of `withClasses` (when any are given) and none of `withoutClasses`. */
export function joins(truth: Int8Array, withClasses: readonly number[], withoutClasses: readonly number[]): boolean {
  return (withClasses.length === 0 || withClasses.some((c) => truth[c] === 1)) && !withoutClasses.some((c) => truth[c] === 1);
}

function main(): void {
  const { values } = parseArgs({ options: { ...trainingSetOptions('../everyday/VOC-voc12'), with: { type: 'string' }, without: { type: 'string' } } });
  const withClasses = vocClassList(values.with, 'with');
  const withoutClasses = vocClassList(values.without, 'without');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const filter = trainingPhotoFilter(resolve(root, values['check-set']!));
  const labelDir = mirrored(values.mirror!, LABELS.repo, LABELS.commit);
  const labels = readNpyDict(git(labelDir, ['cat-file', 'blob', `${LABELS.commit}:${LABELS.file}`]));
  const photoDir = mirrored(values.mirror!, PHOTOS.repo, PHOTOS.commit);
  const files = git(photoDir, ['ls-tree', '-r', '--name-only', PHOTOS.commit, `${PHOTOS.folder}/`]).toString().split('\n').filter(Boolean);
  let unlabelled = 0;
  let voc07 = 0;
  const candidates: Photo[] = [];
  for (const path of files) {
    const id = voc12IdOf(path);
    if (!id) {
      if (/(?:^|\/)2007_\d{6}\.jpg$/.test(path)) voc07++;
      continue;
    }
    const label = labels.get(id);
    if (!label) {
      unlabelled++;
      continue;
    }
    const truth = truthOf(label.values);
    if (!joins(truth, withClasses, withoutClasses)) continue;
    const bytes = git(photoDir, ['cat-file', 'blob', `${PHOTOS.commit}:${path}`]);
    if (!filter.take(id, bytes)) continue;
    candidates.push({ id, bytes, truth, source: `${PHOTOS.repo}@${PHOTOS.commit.slice(0, 7)}:${path}`, licence: 'PASCAL VOC terms (Flickr photo)' });
  }
  const photos = usablePhotos(candidates).sort((a, b) => a.id.localeCompare(b.id));
  const names = (cs: number[]) => cs.map((c) => VOC_CLASSES[c]).join(', ');
  const readme = trainingSetReadme({
    title: TITLE, photos, command: ['npx tsx scripts/buildVoc12Set.ts', ...process.argv.slice(2)].join(' '),
    held: filter.held, checkSet: values['check-set']!,
    leftOut: [
      `the ${voc07} VOC 2007 photos (\`2007_…\`) of the snapshot, which are never read, ${unlabelled} VOC 2012 photos the label file does not`,
      `name${withClasses.length ? `, the photos with none of ${names(withClasses)}` : ''}${withoutClasses.length ? `, the photos with ${names(withoutClasses)}` : ''},`,
      'and the photos the Node pipeline would see otherwise than a browser.',
    ],
    labels: [
      `Each of the 20 classes is 1 when the photo's VOC 2012 annotation names an object of it (difficult objects too) and -1`,
      `otherwise, from \`${LABELS.file}\` of github.com/${LABELS.repo} at ${LABELS.commit}, which holds the`,
      'image-level labels of the VOC 2012 segmentation and SBD photos, derived from the official annotations.',
    ],
    sources: [
      `PASCAL VOC 2012 photos (Everingham et al.), from Flickr, under the VOC terms (research use; the photographers keep`,
      `their rights), as the Animal-Pose dataset (Cao et al., ICCV 2019) republishes them: github.com/${PHOTOS.repo}`,
      `at ${PHOTOS.commit}, folder \`${PHOTOS.folder}/\`.`,
    ],
  });
  writeVocFolder(resolve(root, values.out!), photos, ['train', 'trainval'], TITLE, readme);
  console.log(`wrote ${photos.length} photos to ${values.out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
