/**
 * Builds VOC-pet-stock, extra training photos of dogs and cats as stock photographers take them
 * (faces close up, puppies on blankets, dogs on beaches and paths, studio backgrounds), a VOCdevkit
 * folder kept outside git. The photos are a pet-cost website's breed pictures (a hero photo and a
 * gallery per breed, about 70 breeds), read straight from its public git snapshot at a pinned commit.
 * It joins VOC's `train` with `npm run train -- --extra ../everyday/VOC-pet-stock`.
 *
 * Only photos whose licence the site records one by one are taken: a breed's hero photo with its
 * `credit.json` (Pexels, Unsplash, CC0, public domain, CC BY, CC BY-SA) and the gallery photos that
 * the breed's `gallery/attribution.json` credits to a Pexels photographer with the photo's page.
 * Gallery photos it labels only "Free Stock" are left out. Labels are those of an Oxford-IIIT Pet
 * photo (buildPetTrainSet.ts: the pet 1, the other animals and the large vehicles -1, the rest unknown).
 *
 * No photo of the check set (by content) is ever taken, and a photo published twice is taken once.
 *
 * Usage:
 *   npx tsx scripts/buildPetStockSet.ts [--out ../everyday/VOC-pet-stock (from the project root)]
 *     [--pets dog,cat] [--check-set ../everyday/VOC-everyday] [--mirror /work/.mirror]
 * `--pets cat` keeps the cats only (e.g. `--pets cat --out ../everyday/VOC-pet-stock-cats`).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { petTruth } from './buildPetTrainSet';
import { git, mirrored, trainingPhotoFilter, trainingSetOptions, trainingSetReadme, usablePhotos, vocIndexOf, writeVocFolder, type Photo } from './vocFolder';

/** The folder README's title: the default build's, or the pets kept. */
const titleOf = (pets: Set<'dog' | 'cat'>) =>
  pets.size === 2 ? '# VOC-pet-stock: stock photos of dogs and cats to train on' : `# VOC-pet-stock-${[...pets][0]}s: stock photos of ${[...pets][0]}s to train on`;

const SOURCE = { repo: 'mlanon7/petplanwise', commit: '1b033e78c6c139309cc7d49c60d544c3ac35e9d0', dir: 'breeds' } as const;

/** The site's cat breeds (folder `<slug>-cost`); every other breed folder is a dog's. */
const CAT_SLUGS = new Set([
  'abyssinian', 'american-shorthair', 'bengal-cat', 'birman', 'british-shorthair-cat', 'burmese', 'devon-rex',
  'domestic-shorthair', 'exotic-shorthair', 'maine-coon-cat', 'munchkin', 'norwegian-forest-cat', 'oriental-shorthair',
  'persian-cat', 'ragdoll-cat', 'russian-blue', 'savannah-cat', 'scottish-fold-cat', 'siamese-cat', 'siberian-cat', 'sphynx-cat',
]);

/** The pets `--pets` names (dog, cat or both, comma-separated). */
export function petsOf(arg: string): Set<'dog' | 'cat'> {
  const pets = arg.split(',').map((x) => x.trim()).filter(Boolean);
  if (!pets.length || pets.some((x) => x !== 'dog' && x !== 'cat')) throw new Error(`--pets: dog, cat or dog,cat (got "${arg}")`);
  return new Set(pets as ('dog' | 'cat')[]);
}

/** Photos left out after a look at every one on a contact sheet, with why. */
const LEFT_OUT = new Map<string, string>([
  ...['02', '03', '04', '05'].map((n) => [`stock_savannah_cat_${n}`, 'a serval, not a house cat'] as [string, string]),
  ['stock_dachshund_hero', 'the same photo as stock_dachshund_01, resized'],
]);

/** Whether a photo id (stockIdOf) is of a cat breed. */
const isCatId = (id: string) => [...CAT_SLUGS].some((slug) => id.startsWith(stockIdOf(slug, '')));

/** A hero photo's credit (`<slug>-cost/credit.json`). */
export interface Credit { license?: string; artist?: string; source_url?: string }

/** One gallery entry of `gallery/attribution.json`. */
export interface GalleryEntry { file: string; source?: string; artist?: string; license?: string; source_url?: string }

/** A breed folder's slug from a path `breeds/<slug>-cost/…`, or null for the site's other pages. */
export function breedSlugOf(path: string): string | null {
  const m = /^breeds\/([a-z0-9-]+)-cost\/(?:hero\.jpg|gallery\/\d+\.jpg)$/.exec(path);
  return m ? m[1]! : null;
}

/** Whether a credit names a licence that allows training on the photo. */
export function trainableLicence(licence: string | undefined): boolean {
  return !!licence && /^(Pexels|Unsplash|CC0|CC BY(-SA)? [0-9.]+|Public domain)/i.test(licence) && !/NC|ND/.test(licence);
}

/** A gallery entry the site credits one by one (a photographer, a licence and the photo's page), or null. */
export function creditedEntry(entry: GalleryEntry): GalleryEntry | null {
  return entry.source?.startsWith('Pexels') && entry.artist && entry.source_url && trainableLicence(entry.license) ? entry : null;
}

/** A photo id: `stock_<slug>_<hero|NN>`, letters, digits and underscores only. */
export function stockIdOf(slug: string, file: string): string {
  return `stock_${slug}_${file.replace(/\.jpg$/, '')}`.replace(/[^A-Za-z0-9]+/g, '_');
}

function main(): void {
  const { values } = parseArgs({ options: { ...trainingSetOptions('../everyday/VOC-pet-stock'), pets: { type: 'string', default: 'dog,cat' } } });
  const pets = petsOf(values.pets!);
  const title = titleOf(pets);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const filter = trainingPhotoFilter(resolve(root, values['check-set']!));
  const gitDir = mirrored(values.mirror!, SOURCE.repo, SOURCE.commit);
  const at = `${SOURCE.repo}@${SOURCE.commit.slice(0, 12)}`;
  const files = git(gitDir, ['ls-tree', '-r', '-z', '--name-only', SOURCE.commit, '--', SOURCE.dir]).toString().split('\0');
  const listed = new Set(files);
  // each breed folder's credits are read once, however many of its photos ask
  const read = new Map<string, unknown>();
  const jsonOrNull = <T>(path: string): T | null => {
    if (!read.has(path)) read.set(path, listed.has(path) ? JSON.parse(git(gitDir, ['cat-file', 'blob', `${SOURCE.commit}:${path}`]).toString()) : null);
    return read.get(path) as T | null;
  };
  const paths = files.filter((p) => breedSlugOf(p) !== null).sort();
  const photos: Photo[] = [];
  let uncredited = 0;
  for (const path of paths) {
    const slug = breedSlugOf(path)!;
    const folder = `${SOURCE.dir}/${slug}-cost`;
    const file = path.slice(path.lastIndexOf('/') + 1);
    let credit: { licence: string; by: string; url: string } | null = null;
    if (file === 'hero.jpg') {
      const c = jsonOrNull<Credit>(`${folder}/credit.json`);
      // a hero that is also a credited gallery photo is taken once, as the gallery's
      const gallery = jsonOrNull<{ files: GalleryEntry[] }>(`${folder}/gallery/attribution.json`)?.files ?? [];
      const again = gallery.some((e) => creditedEntry(e) && e.source_url === c?.source_url);
      if (c && trainableLicence(c.license) && !again) credit = { licence: c.license!, by: c.artist ?? '', url: c.source_url ?? '' };
    } else {
      const entries = jsonOrNull<{ files: GalleryEntry[] }>(`${folder}/gallery/attribution.json`)?.files ?? [];
      const e = entries.find((x) => x.file === file);
      const ok = e && creditedEntry(e);
      if (ok) credit = { licence: ok.license!, by: ok.artist!, url: ok.source_url! };
    }
    const id = stockIdOf(slug, file);
    const pet = CAT_SLUGS.has(slug) ? 'cat' : 'dog';
    if (!pets.has(pet)) continue;
    if (!credit) { uncredited++; continue; }
    if (LEFT_OUT.has(id)) continue;
    const bytes = git(gitDir, ['cat-file', 'blob', `${SOURCE.commit}:${path}`]);
    if (!filter.take(id, bytes)) continue;
    photos.push({ id, bytes, truth: petTruth(pet), source: `${at}:${path}`, licence: `${credit.licence} (${[credit.by, credit.url].filter(Boolean).join(', ')}; breed: ${slug})` });
  }
  const usable = usablePhotos(photos);
  const command = ['npx tsx scripts/buildPetStockSet.ts', ...process.argv.slice(2)].join(' ');
  const readme = trainingSetReadme({
    title, photos: usable, command, held: filter.held, checkSet: values['check-set']!,
    leftOut: [
      `${uncredited} photos whose licence the site does not record one by one, and these after a look at every photo:`,
      ...[...LEFT_OUT].filter(([id]) => pets.has(isCatId(id) ? 'cat' : 'dog')).map(([id, why]) => `- ${id}: ${why}`),
    ],
    labels: [
      'Per class: 1 shown, -1 not shown, 0 unknown (left out of every loss). The breed\'s animal is 1; the other animals and',
      'the large vehicles are -1 (each photo shows that pet only, checked by eye on a contact sheet of every photo); every',
      'other class is 0.',
    ],
    sources: [
      `github.com/${SOURCE.repo} at ${SOURCE.commit} (${SOURCE.dir}/<breed>-cost/). Each photo's licence, photographer`,
      'and page are as the site records them: a hero photo\'s in `credit.json`, a gallery photo\'s in',
      '`gallery/attribution.json`. Pexels and Unsplash photos are under those sites\' own licences (free use, commercial',
      'included, no attribution needed); the others are under CC0, public domain, CC BY or CC BY-SA (Wikimedia Commons,',
      'Public Domain Pictures).',
    ],
  });
  const out = resolve(root, values.out!);
  writeVocFolder(out, usable, ['train', 'trainval'], title, readme);
  console.log(`${usable.length} photos (${usable.filter((p) => p.truth[vocIndexOf('dog')] === 1).length} dogs) in ${out}; left out: ${filter.held} check-set, ${uncredited} not credited one by one`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
