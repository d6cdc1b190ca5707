/**
 * Builds VOC-dog-breeds, extra training photos of dogs of many breeds in everyday framings (lawns,
 * faces, white backgrounds, a person's legs beside them), a VOCdevkit folder kept outside git. The
 * photos are a dog-breed website's breed pictures (one or two a breed, about 290 breeds), read straight
 * from its public git snapshot at a pinned commit. It joins VOC's `train` with
 * `npm run train -- --extra ../everyday/VOC-dog-breeds`.
 *
 * Each photo's licence is the one the website's own attribution list (`public/breed-image-attributions.csv`)
 * gives it; photos the list does not name, or names with a licence that does not allow training
 * (stock-agency or unknown), are left out. Labels are those of an Oxford-IIIT Pet dog photo
 * (buildPetTrainSet.ts: the dog 1, the other animals and the large vehicles -1, the rest unknown).
 *
 * No photo of the check set (by content) is ever taken, and a photo published twice is taken once.
 *
 * Usage:
 *   npx tsx scripts/buildDogBreedSet.ts [--out ../everyday/VOC-dog-breeds (from the project root)]
 *     [--check-set ../everyday/VOC-everyday] [--mirror /work/.mirror]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { petTruth } from './buildPetTrainSet';
import { git, mirrored, trainingPhotoFilter, trainingSetOptions, trainingSetReadme, usablePhotos, writeVocFolder, type Photo } from './vocFolder';

const TITLE = '# VOC-dog-breeds: dog photos of many breeds to train on';

const SOURCE = {
  repo: 'm4ttgit/dog-website', commit: '6ba1778b84eef00184daa0cfd15911e23486f856',
  dir: 'public/images/breeds', attributions: 'public/breed-image-attributions.csv',
} as const;

/** Licences (as the attribution list names them) that allow using a photo to train a model's weights. */
const TRAINABLE = ['Pixabay License', 'Pexels License', 'Unsplash License', 'Creative Commons', 'CC BY-SA 4.0'];

/** One row of a CSV text, quotes honoured. */
export function csvRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
    else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

export interface Attribution { breed: string; file: string; source: string; author: string; licence: string; url: string }

/** The attribution list: one entry per image file name (header row skipped). */
export function attributionsOf(csv: string): Map<string, Attribution> {
  const rows = csv.split(/\r?\n/).filter((l) => l.trim() !== '').slice(1).map(csvRow);
  return new Map(rows.filter((r) => r.length >= 5).map(([breed, file, source, author, licence, url]) =>
    [file!, { breed: breed!, file: file!, source: source!, author: author!, licence: licence!, url: url ?? '' }]));
}

/** A photo id from its file name: `dogs_<name>`, letters, digits and underscores only. */
export function dogIdOf(file: string): string {
  const stem = file.replace(/\.[^.]+$/, '').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return `dogs_${stem.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
}

/** A blob's bytes, or null where the snapshot lists the file but lacks its content (its largest files). */
function blobOrNull(gitDir: string, spec: string): Buffer | null {
  try {
    return git(gitDir, ['cat-file', 'blob', spec]);
  } catch {
    return null;
  }
}

function main(): void {
  const { values } = parseArgs({ options: trainingSetOptions('../everyday/VOC-dog-breeds') });
  const root = fileURLToPath(new URL('..', import.meta.url));
  const filter = trainingPhotoFilter(resolve(root, values['check-set']!));
  const gitDir = mirrored(values.mirror!, SOURCE.repo, SOURCE.commit);
  const attributions = attributionsOf(git(gitDir, ['cat-file', 'blob', `${SOURCE.commit}:${SOURCE.attributions}`]).toString());
  const paths = git(gitDir, ['ls-tree', '-r', '-z', '--name-only', SOURCE.commit, '--', SOURCE.dir]).toString().split('\0')
    .filter((p) => /\.jpe?g$/i.test(p)).sort();
  const photos: Photo[] = [];
  let unlisted = 0;
  let untrainable = 0;
  let absent = 0;
  for (const path of paths) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    const a = attributions.get(file);
    if (!a) { unlisted++; continue; }
    if (!TRAINABLE.includes(a.licence)) { untrainable++; continue; }
    const bytes = blobOrNull(gitDir, `${SOURCE.commit}:${path}`);
    if (!bytes) { absent++; continue; }
    const id = dogIdOf(file);
    if (!filter.take(id, bytes)) continue;
    const by = [a.source, a.author !== 'Unknown' ? a.author : '', a.url].filter(Boolean).join(', ');
    photos.push({ id, bytes, truth: petTruth('dog'), source: `${SOURCE.repo}@${SOURCE.commit.slice(0, 12)}:${path}`, licence: `${a.licence} (${by}; breed: ${a.breed})` });
  }
  const usable = usablePhotos(photos);
  const command = ['npx tsx scripts/buildDogBreedSet.ts', ...process.argv.slice(2)].join(' ');
  const readme = trainingSetReadme({
    title: TITLE, photos: usable, command, held: filter.held, checkSet: values['check-set']!,
    leftOut: [
      `${unlisted} photos the attribution list does not name, ${untrainable} whose licence it gives as a stock agency's or unknown`,
      `and ${absent} the snapshot lacks (files over its size limit).`,
    ],
    labels: [
      'Per class: 1 shown, -1 not shown, 0 unknown (left out of every loss). The dog is 1; the other animals and the large',
      'vehicles are -1 (each photo shows dogs, checked by eye on a contact sheet of every photo); every other class is 0.',
    ],
    sources: [
      `github.com/${SOURCE.repo} at ${SOURCE.commit} (${SOURCE.dir}). Each photo's licence, source and author are`,
      `as the website's attribution list (${SOURCE.attributions}) gives them; most name no author. Pixabay, Pexels`,
      'and Unsplash photos are under those sites\' own licences (free use, commercial included, no attribution needed);',
      '"Creative Commons" photos are from Wikimedia Commons or Wikipedia, the exact licence not recorded there.',
    ],
  });
  const out = resolve(root, values.out!);
  writeVocFolder(out, usable, ['train', 'trainval'], TITLE, readme);
  console.log(`${usable.length} dog photos in ${out}; left out: ${filter.held} check-set, ${unlisted} unlisted, ${untrainable} with a stock or unknown licence, ${absent} absent from the snapshot`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
