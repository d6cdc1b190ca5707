/**
 * Builds VOC-pets-train, extra training photos in everyday framings (pets, close-ups, one subject), a
 * VOCdevkit folder kept outside git, from Oxford-IIIT Pet photos (Parkhi et al. 2012) read straight
 * from public git snapshots at pinned commits. It joins VOC's `train` with
 * `npm run train -- --extra ../everyday/VOC-pets-train`.
 *
 * Labels per photo (Oxford's naming: a breed with a capital is a cat, otherwise a dog):
 * - the pet's class is 1;
 * - the classes an Oxford pet photo does not show are -1: the other animals (the other pet included:
 *   each photo is of one pet) and the large vehicles (aeroplane, boat, bus, train);
 * - every other class is 0, unknown (a person, a sofa or a car may be in the picture), so left out of
 *   every loss.
 *
 * No photo of the check set (`--check-set`, by name or by content) is ever taken, and a photo published
 * twice is taken once.
 *
 * Usage:
 *   npx tsx scripts/buildPetTrainSet.ts [--out ../everyday/VOC-pets-train (from the project root)]
 *     [--check-set ../everyday/VOC-everyday] [--mirror /work/.mirror] [--heads none|with|only] [--per-breed N] [--dogs-per-breed N]
 *     [--head-context MIN-MAX] [--sources oxford|more]
 *
 * `--heads with` adds a close-up of each pet's face where Oxford annotates its head box: the box
 * grown by a random 1.2–1.8× and mirrored at random (id `pets_<name>_head`); `--heads only` keeps
 * just those close-ups. `--per-breed N` keeps N photos of each breed at most (the lowest numbers);
 * `--dogs-per-breed N` sets another cap for the dog breeds. `--head-context 0.8-1.1` draws the
 * factor from another range (below 1 the crop is tighter than the head box: a face filling the frame);
 * crops made with any `--head-context` are named `pets_<name>_face`, so such a folder can join one of
 * the default close-ups. `--sources more` reads two further snapshots instead (MORE_SOURCES), leaving
 * out the photos the default ones hold.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import { VOC_CLASSES } from '../src/train/labels';
import { cropPixels, grownBox, parseVocBoxes } from '../src/train/crops';
import { seededRandom } from '../src/train/trainHead';
import { classCountRows, git, mirrored, trainingPhotoFilter, trainingSetOptions, usablePhotos, vocIndexOf, writeVocFolder, type Photo } from './vocFolder';

const TITLE = '# VOC-pets-train: Oxford-IIIT Pet photos to train on';

const LICENCE = 'CC BY-SA 4.0 (Oxford-IIIT Pet, Parkhi et al. 2012; copyright stays with the photos\' owners)';

/** The snapshots the photos come from, pinned so that the same command always gives the same folder. */
const SOURCES = [
  { repo: 'Naveen-Dodda/Sample_Pets_dataset', commit: '9281626a62066c09f278b9b41ac4bad3683d7541', dir: 'images', heads: 'annotations/xmls' },
  { repo: 'simonhansen1999/PetClassification', commit: '1b52994357192034951537a9e53372bcfe4def97', dir: 'data/images' },
  { repo: 'LTSACH/AILearningHub', commit: '38c4dfa48f34344f2e73eebbb93974928943a8c8', dir: 'datasets/oxford-pets/data/sample_images' },
] as const;

/**
 * `--sources more`: two smaller snapshots with Oxford-IIIT Pet photos that SOURCES lack (Siamese, Sphynx,
 * British Shorthair, Maine Coon among the cats); photos SOURCES also hold are left out.
 */
const MORE_SOURCES = [
  { repo: 'MarinaNasser/The-Oxford-IIIT-Pet', commit: 'b5f3495f77969c4078f6ee632edd1dfe90657e26', dir: 'tests/images' },
  { repo: 'StanCDev/oxford-pet-segmentation', commit: '498232a51cec25bd150e65268dace4d40bb81a6f', dir: 'test/res' },
] as const;

/** Classes an Oxford pet photo does not show besides its pet. */
const ABSENT = ['bird', 'cat', 'cow', 'dog', 'horse', 'sheep', 'aeroplane', 'boat', 'bus', 'train'];

/** A pet photo's labels: its pet 1, the ABSENT classes -1, the rest 0. */
export function petTruth(pet: 'cat' | 'dog'): Int8Array {
  const truth = new Int8Array(VOC_CLASSES.length);
  for (const cls of ABSENT) truth[vocIndexOf(cls)] = -1;
  truth[vocIndexOf(pet)] = 1;
  return truth;
}

/** Oxford-IIIT Pet's file names: `<breed>_<n>.jpg`, a cat breed's name capitalised. */
export function petOf(file: string): { name: string; pet: 'cat' | 'dog' } | null {
  const match = /^(([A-Za-z]+(?:_[A-Za-z]+)*)_\d+)\.jpg$/.exec(file);
  if (!match) return null;
  return { name: match[1]!, pet: /^[A-Z]/.test(match[2]!) ? 'cat' : 'dog' };
}

/** At most `n` photos of each breed (the lowest numbers; a face close-up goes with its photo). */
export function perBreed(photos: Photo[], n: number): Photo[] {
  const key = (p: Photo) => /^pets_(.+)_(\d+)(_head|_face)?$/.exec(p.id)!;
  const byBreed = new Map<string, number[]>();
  for (const p of photos) {
    const [, breed, num] = key(p);
    byBreed.set(breed!, [...new Set([...(byBreed.get(breed!) ?? []), Number(num)])]);
  }
  const kept = new Map([...byBreed].map(([breed, nums]) => [breed, new Set(nums.sort((a, b) => a - b).slice(0, n))]));
  return photos.filter((p) => {
    const [, breed, num] = key(p);
    return kept.get(breed!)!.has(Number(num));
  });
}

/** Head boxes are grown by a factor drawn from this range (scale jitter), and mirrored half the time. */
const HEAD_CONTEXT = [1.2, 1.8] as const;

/** `--head-context MIN-MAX`: the range of head-box factors, e.g. "0.8-1.1". */
export function headContextOf(flag: string | undefined): readonly [number, number] {
  if (flag === undefined) return HEAD_CONTEXT;
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(flag);
  const range = m ? [Number(m[1]), Number(m[2])] as const : null;
  if (!range || range[0] <= 0 || range[1] < range[0]) throw new Error(`--head-context: MIN-MAX with 0 < MIN <= MAX, got "${flag}"`);
  return range;
}

/**
 * A close-up of the pet's face: its head box (Oxford's annotation, VOC format) grown by a random
 * factor, mirrored at random, as a JPEG; null when the photo has no head box.
 */
function headCrop(photo: Buffer, xml: string, random: () => number, context: readonly [number, number]): Buffer | null {
  const box = parseVocBoxes(xml)[0];
  if (!box) return null;
  const image = jpeg.decode(photo, { useTArray: true, maxMemoryUsageInMB: 1024 });
  const factor = context[0] + random() * (context[1] - context[0]);
  const pixels = cropPixels(image, grownBox(box, factor, image.width, image.height), random() < 0.5);
  return Buffer.from(jpeg.encode({ ...pixels, data: Buffer.from(pixels.data.buffer) }, 92).data);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      ...trainingSetOptions('../everyday/VOC-pets-train'),
      heads: { type: 'string', default: 'none' },
      'per-breed': { type: 'string' },
      'dogs-per-breed': { type: 'string' },
      'head-context': { type: 'string' },
      sources: { type: 'string', default: 'oxford' },
    },
  });
  if (values.sources !== 'oxford' && values.sources !== 'more') throw new Error('--sources: oxford or more');
  const sources: readonly { repo: string; commit: string; dir: string; heads?: string }[] = values.sources === 'more' ? MORE_SOURCES : SOURCES;
  const heads = values.heads as 'none' | 'with' | 'only';
  if (!['none', 'with', 'only'].includes(heads)) throw new Error('--heads: none, with or only');
  const context = headContextOf(values['head-context']);
  const headSuffix = values['head-context'] === undefined ? '_head' : '_face';
  const random = seededRandom(1);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const filter = trainingPhotoFilter(resolve(root, values['check-set']!));
  const photos: Photo[] = [];
  const listed = (gitDir: string, commit: string, dir: string) =>
    git(gitDir, ['ls-tree', '-r', '--name-only', commit, '--', dir]).toString().split('\n');
  // with --sources more, the names the default snapshots hold are taken already
  const taken = new Set(values.sources === 'more'
    ? SOURCES.flatMap((s) => listed(mirrored(values.mirror!, s.repo, s.commit), s.commit, s.dir).map((p) => p.slice(p.lastIndexOf('/') + 1)))
    : []);
  for (const source of sources) {
    const gitDir = mirrored(values.mirror!, source.repo, source.commit);
    const list = (dir: string) => listed(gitDir, source.commit, dir);
    const paths = list(source.dir).filter((p) => p.endsWith('.jpg')).sort();
    const headBoxes = new Set(heads !== 'none' && source.heads ? list(source.heads) : []);
    for (const path of paths) {
      const file = path.slice(path.lastIndexOf('/') + 1);
      const pet = petOf(file);
      if (!pet) throw new Error(`Unexpected pet photo path ${path}`);
      if (taken.has(file)) continue;
      const bytes = git(gitDir, ['cat-file', 'blob', `${source.commit}:${path}`]);
      if (!filter.take(`pets_${pet.name}`, bytes)) continue;
      const at = `${source.repo}@${source.commit.slice(0, 12)}`;
      if (heads !== 'only') photos.push({ id: `pets_${pet.name}`, bytes, truth: petTruth(pet.pet), source: `${at}:${path}`, licence: LICENCE });
      const xmlPath = source.heads ? `${source.heads}/${pet.name}.xml` : null;
      if (!xmlPath || !headBoxes.has(xmlPath)) continue;
      const crop = headCrop(bytes, git(gitDir, ['cat-file', 'blob', `${source.commit}:${xmlPath}`]).toString(), random, context);
      if (crop) photos.push({ id: `pets_${pet.name}${headSuffix}`, bytes: crop, truth: petTruth(pet.pet), source: `${at}:${path}, head box ${xmlPath}`, licence: LICENCE });
    }
  }
  const cap = (flag: string | undefined) => (flag === undefined ? Infinity : Number(flag));
  const isCat = (p: Photo) => p.truth[vocIndexOf('cat')] === 1;
  const all = usablePhotos(photos);
  const kept = new Set([
    ...perBreed(all.filter(isCat), cap(values['per-breed'])),
    ...perBreed(all.filter((p) => !isCat(p)), cap(values['dogs-per-breed'] ?? values['per-breed'])),
  ]);
  const usable = all.filter((p) => kept.has(p));
  const command = ['npx tsx scripts/buildPetTrainSet.ts', ...process.argv.slice(2)].join(' ');
  const readme = [
    TITLE, '',
    `${usable.length} photos, split \`train\` (the same list is written as \`trainval\`). Rebuild with:`, '', `    ${command}`, '',
    'For training only: never commit these files, never ship them, never evaluate on them.',
    `The ${filter.held} photos of these snapshots that are in the check set (${values['check-set']}) are left out.`, '',
    '## Labels', '',
    'Per class: 1 shown, -1 not shown, 0 unknown (left out of every loss). The pet (a capitalised breed is a cat,',
    `otherwise a dog) is 1; ${ABSENT.join(', ')} are -1 unless they are the pet (one pet a photo, and no large`,
    'vehicle or farm animal in these pet photos); every other class is 0.', '',
    '## Sources and licence', '',
    `All photos are Oxford-IIIT Pet photos: ${LICENCE}. They were read from:`,
    ...sources.map((s) => `- github.com/${s.repo} at ${s.commit} (${s.dir}): ${usable.filter((p) => p.source.startsWith(`${s.repo}@`)).length} photos`), '',
    '## Photos per class', '', ...classCountRows(usable), '',
    '## Photos', '', '| id | pet | source |', '| --- | --- | --- |',
    ...usable.map((p) => `| ${p.id} | ${p.truth[vocIndexOf('cat')] === 1 ? 'cat' : 'dog'} | ${p.source} |`), '',
  ].join('\n');
  const out = resolve(root, values.out!);
  writeVocFolder(out, usable, ['train', 'trainval'], TITLE, readme);
  const cats = usable.filter((p) => p.truth[vocIndexOf('cat')] === 1).length;
  console.log(`${usable.length} photos (${cats} cats, ${usable.length - cats} dogs) in ${out}; ${filter.held} check-set photos left out`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
