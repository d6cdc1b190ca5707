/**
 * Builds the everyday check set, a VOCdevkit folder kept outside git, from two public photo sets read
 * straight from their git snapshots (bare git dirs, at pinned commits):
 * - Oxford-IIIT Pet photos (10 per breed, as sampled in LTSACH/AILearningHub): the breed's animal
 *   (cat or dog) is 1, every other class 0 (unknown: a pet photo may also show a person or a sofa);
 * - COCO val2017 photos with their COCO instance annotations (lizhogn/tiny_coco_dataset): a VOC class
 *   with at least one COCO annotation is 1, otherwise -1; COCO classes outside VOC are ignored.
 *   `--coco-train` adds that repository's COCO train2017 photos too (the detectors saw those in training).
 *
 * Usage:
 *   npx tsx scripts/buildEverydaySet.ts [--out ../everyday/VOC-everyday (from the project root)] [--mirror /work/.mirror]
 *     [--pets-git <git dir>] [--coco-git <git dir>] [--cats-per-breed 10] [--dogs-per-breed 6] [--coco-train]
 *
 * Writes JPEGImages/<id>.jpg (bytes as published), ImageSets/Main/{test,val}.txt and
 * <class>_{test,val}.txt (the same lists under both names), and README.md (each photo's source,
 * licence and labels). Selection is fixed: per breed, the photos with the lowest numbers; all COCO
 * photos of the chosen splits. Photos jpeg-js cannot decode, or whose EXIF turns them, are left out.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { VOC_CLASSES } from '../src/train/labels';
import { cocoJsonPhotos, type CocoSplit } from './cocoPhotos';
import { classCountRows, git, snapshot, usablePhotos, vocIndexOf, writeVocFolder, type Photo } from './vocFolder';

const TITLE = '# VOC-everyday: an everyday check set outside PASCAL VOC';

/** The two sources, pinned so that the same command always gives the same folder. */
const PETS = {
  repo: 'LTSACH/AILearningHub', commit: '38c4dfa48f34344f2e73eebbb93974928943a8c8',
  dir: 'datasets/oxford-pets/data/sample_images', folders: { cats: 'cat', dogs: 'dog' } as Record<string, string>,
  licence: 'CC BY-SA 4.0 (Oxford-IIIT Pet, Parkhi et al. 2012; copyright stays with the photos\' owners)',
};
const COCO = {
  repo: 'lizhogn/tiny_coco_dataset', commit: '68523ddd6c27f9ba5d2f0caf7f6fe95cc2c99311', root: 'tiny_coco',
};

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '../everyday/VOC-everyday' },
    mirror: { type: 'string', default: '/work/.mirror' },
    'pets-git': { type: 'string' }, 'coco-git': { type: 'string' },
    'cats-per-breed': { type: 'string', default: '10' }, 'dogs-per-breed': { type: 'string', default: '6' },
    'coco-train': { type: 'boolean', default: false },
  },
});

/** Oxford-IIIT Pet photos: per breed (file name less its number), the `perBreed` lowest numbers. */
function petPhotos(gitDir: string, perBreed: Record<string, number>): Photo[] {
  const paths = git(gitDir, ['ls-tree', '-r', '--name-only', PETS.commit, '--', PETS.dir])
    .toString().split('\n').filter((p) => p.endsWith('.jpg'));
  const byBreed = new Map<string, { path: string; n: number; cls: string }[]>();
  for (const path of paths) {
    const [folder, file] = path.slice(PETS.dir.length + 1).split('/') as [string, string];
    const match = /^(.+)_(\d+)\.jpg$/.exec(file);
    const cls = PETS.folders[folder];
    if (!match || !cls) throw new Error(`Unexpected pet photo path ${path}`);
    const key = `${cls}/${match[1]}`;
    byBreed.set(key, [...(byBreed.get(key) ?? []), { path, n: Number(match[2]), cls }]);
  }
  const photos: Photo[] = [];
  for (const key of [...byBreed.keys()].sort()) {
    const chosen = byBreed.get(key)!.sort((a, b) => a.n - b.n).slice(0, perBreed[key.split('/')[0]!]);
    for (const { path, cls } of chosen) {
      const truth = new Int8Array(VOC_CLASSES.length);
      truth[vocIndexOf(cls)] = 1;
      const name = path.slice(path.lastIndexOf('/') + 1, -'.jpg'.length);
      photos.push({
        id: `pets_${name}`, bytes: git(gitDir, ['cat-file', 'blob', `${PETS.commit}:${path}`]), truth,
        source: `${PETS.repo}@${PETS.commit.slice(0, 12)}:${path}`, licence: PETS.licence,
      });
    }
  }
  return photos;
}

/** The README: what the set is, its counts per class, and every photo's source, licence and labels. */
function readme(photos: Photo[], command: string): string {
  const labels = (p: Photo) => {
    const shown = VOC_CLASSES.filter((_, c) => p.truth[c] === 1).join(', ') || '(none of the 20)';
    return p.truth.includes(0) ? `${shown} (other classes unknown)` : shown;
  };
  return [
    TITLE, '',
    `${photos.length} photos, split \`test\` (the same lists are written as \`val\`). Rebuild with:`, '', `    ${command}`, '',
    'Labels per class: 1 shown, -1 not shown, 0 unknown (ignored by the AP). Never commit these files.', '',
    '## Sources and licences', '',
    `- Oxford-IIIT Pet photos, sampled by github.com/${PETS.repo} at ${PETS.commit} (${PETS.dir}): ${PETS.licence}.`,
    '  The sampling repository asks for attribution and academic or educational use only.',
    '  The breed\'s animal is 1, every other class 0.',
    `- COCO 2017 photos and instance annotations, from github.com/${COCO.repo} at ${COCO.commit} (${COCO.root}):`,
    '  annotations CC BY 4.0 (COCO Consortium); each photo under its own Flickr licence, listed below.',
    '  A VOC class with a COCO annotation is 1, otherwise -1.', '',
    '## Photos per class', '', ...classCountRows(photos), '',
    '## Photos', '', '| id | labels | source | licence |', '| --- | --- | --- | --- |',
    ...photos.map((p) => `| ${p.id} | ${labels(p)} | ${p.source} | ${p.licence} |`), '',
  ].join('\n');
}

const perBreed = { cat: Number(values['cats-per-breed']), dog: Number(values['dogs-per-breed']) };
const petsGit = snapshot(values['pets-git'] ?? join(values.mirror!, 'LTSACH+AILearningHub', 'repo'), PETS.repo, PETS.commit);
/** COCO photos of one split with their VOC labels from the split's instance annotations. */
const cocoPhotos = (gitDir: string, split: CocoSplit) =>
  cocoJsonPhotos({ ...COCO, gitDir }, `${COCO.root}/annotations/instances_${split}.json`, `${COCO.root}/${split}`, split);
const cocoGit = snapshot(values['coco-git'] ?? join(values.mirror!, 'lizhogn+tiny_coco_dataset', 'repo'), COCO.repo, COCO.commit);
const candidates = [
  ...petPhotos(petsGit, perBreed),
  ...cocoPhotos(cocoGit, 'val2017'),
  ...(values['coco-train'] ? cocoPhotos(cocoGit, 'train2017') : []),
];
const photos = usablePhotos(candidates);
const command = ['npx tsx scripts/buildEverydaySet.ts', ...process.argv.slice(2)].join(' ');
const out = resolve(fileURLToPath(new URL('..', import.meta.url)), values.out!); // relative to the project root
writeVocFolder(out, photos, ['test', 'val'], TITLE, readme(photos, command));
console.log(`${photos.length} photos in ${out}`);
VOC_CLASSES.forEach((cls, c) => console.log(`${cls.padEnd(12)} ${photos.filter((p) => p.truth[c] === 1).length}`));
