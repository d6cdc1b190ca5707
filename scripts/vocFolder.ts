/**
 * What the scripts that build VOCdevkit folders outside git share (buildEverydaySet.ts,
 * buildPetTrainSet.ts): reading photos from bare git snapshots at pinned commits, leaving out the
 * photos that are not plain upright JPEGs, and writing the folder.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { VOC_CLASSES } from '../src/train/labels';
import { exifOrientation } from '../src/train/photoFile';

/** Index of a class name in VOC_CLASSES, or -1. */
export function vocIndexOf(name: string): number {
  return (VOC_CLASSES as readonly string[]).indexOf(name);
}

export interface Photo {
  id: string;
  bytes: Buffer;
  /** Int8Array[20] in VOC_CLASSES order: 1 shown, -1 not shown, 0 unknown. */
  truth: Int8Array;
  source: string;
  licence: string;
}

/** Runs git on a bare snapshot and returns its raw stdout. */
export function git(gitDir: string, args: string[]): Buffer {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], { maxBuffer: 1 << 30 });
}

/** Checks that a snapshot holds the pinned commit, and says how to get it when it does not. */
export function snapshot(gitDir: string, repo: string, commit: string): string {
  try {
    git(gitDir, ['cat-file', '-e', `${commit}^{commit}`]);
  } catch {
    throw new Error(`${gitDir} lacks ${repo} at ${commit}: fetch github:${repo} or pass its git dir`);
  }
  return gitDir;
}

/**
 * Why a photo is left out of a built folder, or null: not a JPEG, not decodable by jpeg-js, or turned
 * by its EXIF orientation. The Node pipeline turns such photos upright as a browser does
 * (photoFile.ts); the builders leave them out all the same, so that a rebuilt folder holds the
 * photos it was first built with.
 */
export function unusable(bytes: Buffer): string | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return 'not a JPEG (convert it first)';
  try {
    jpeg.decode(bytes, { useTArray: true, maxMemoryUsageInMB: 1024 });
  } catch (err) {
    return `jpeg-js cannot decode it (${(err as Error).message})`;
  }
  const orientation = exifOrientation(bytes);
  return orientation > 1 ? `EXIF orientation ${orientation}` : null;
}

/**
 * Writes the VOCdevkit folder: JPEGImages/<id>.jpg, ImageSets/Main/<split>.txt and <class>_<split>.txt
 * for each split (the same photos under every name), and the README, replacing an earlier build of it
 * (one whose README starts with `title`) and nothing else.
 */
export function writeVocFolder(out: string, photos: Photo[], splits: string[], title: string, readme: string): void {
  if (existsSync(out)) {
    const old = join(out, 'README.md');
    if (!existsSync(old) || !readFileSync(old, 'utf8').startsWith(title)) {
      throw new Error(`${out} exists and is not an earlier build of this set: choose another --out`);
    }
    rmSync(out, { recursive: true });
  }
  const main = join(out, 'ImageSets', 'Main');
  mkdirSync(join(out, 'JPEGImages'), { recursive: true });
  mkdirSync(main, { recursive: true });
  for (const p of photos) writeFileSync(join(out, 'JPEGImages', `${p.id}.jpg`), p.bytes);
  for (const split of splits) {
    writeFileSync(join(main, `${split}.txt`), photos.map((p) => `${p.id}\n`).join(''));
    VOC_CLASSES.forEach((cls, c) => {
      writeFileSync(join(main, `${cls}_${split}.txt`), photos.map((p) => `${p.id} ${p.truth[c]}\n`).join(''));
    });
  }
  writeFileSync(join(out, 'README.md'), readme.startsWith(title) ? readme : `${title}\n\n${readme}`);
}

/** The photos' usable ones, each left-out one named with why. */
export function usablePhotos(candidates: Photo[]): Photo[] {
  return candidates.filter((p) => {
    const why = unusable(p.bytes);
    if (why) console.warn(`left out ${p.id}: ${why}`);
    return !why;
  });
}

/** A README's table of photos per class: how many are 1, -1 and 0. */
export function classCountRows(photos: Photo[]): string[] {
  const count = (c: number, v: number) => photos.filter((p) => p.truth[c] === v).length;
  return ['| class | 1 | -1 | 0 |', '| --- | --- | --- | --- |', ...VOC_CLASSES.map((cls, c) => `| ${cls} | ${count(c, 1)} | ${count(c, -1)} | ${count(c, 0)} |`)];
}

const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');

/**
 * A training folder's README: how many photos and the command that rebuilds it, what was left out,
 * its labels and sources (`leftOut`, `labels` and `sources` as lines of text), the photos per class and
 * every photo's licence and source.
 */
export function trainingSetReadme(o: {
  title: string; photos: Photo[]; command: string; held: number; checkSet: string; leftOut: string[]; labels: string[]; sources: string[];
}): string {
  return [
    o.title, '',
    `${o.photos.length} photos, split \`train\` (the same list is written as \`trainval\`). Rebuild with:`, '', `    ${o.command}`, '',
    'For training only: never commit these files, never ship them, never evaluate on them.',
    `The ${o.held} photos of this snapshot that are in the check set (${o.checkSet}) are left out; so are`,
    ...o.leftOut, '',
    '## Labels', '', ...o.labels, '',
    '## Source and licences', '', ...o.sources, '',
    '## Photos per class', '', ...classCountRows(o.photos), '',
    '## Photos', '', '| id | licence | source |', '| --- | --- | --- |',
    ...o.photos.map((p) => `| ${p.id} | ${p.licence} | ${p.source} |`), '',
  ].join('\n');
}

/** A built check set's photo ids and content hashes: photos never to train on. */
function checkSetPhotos(dir: string): { ids: Set<string>; hashes: Set<string> } {
  const images = join(dir, 'JPEGImages');
  if (!existsSync(images)) throw new Error(`${dir} is not a built check set (run scripts/buildEverydaySet.ts first)`);
  const files = readdirSync(images).filter((f) => f.endsWith('.jpg'));
  return {
    ids: new Set(files.map((f) => f.replace(/\.jpg$/, ''))),
    hashes: new Set(files.map((f) => sha1(readFileSync(join(images, f))))),
  };
}

/**
 * Which photos a training folder takes: never one of the check set's (by id or by content), and each
 * photo once however many snapshots hold it. `held` counts the check-set photos left out.
 */
export function trainingPhotoFilter(checkSetDir: string): { held: number; take(id: string, bytes: Buffer): boolean } {
  const check = checkSetPhotos(checkSetDir);
  const seen = new Set<string>();
  const filter = {
    held: 0,
    take(id: string, bytes: Buffer): boolean {
      const hash = sha1(bytes);
      if (check.ids.has(id) || check.hashes.has(hash)) {
        filter.held++;
        return false;
      }
      if (seen.has(id) || seen.has(hash)) return false;
      seen.add(id).add(hash);
      return true;
    },
  };
  return filter;
}

/** A pinned snapshot's git dir under a mirror folder (`<mirror>/<owner>+<name>/repo`), checked. */
export const mirrored = (mirror: string, repo: string, commit: string) => snapshot(join(mirror, repo.replace('/', '+'), 'repo'), repo, commit);

/** The command-line options every training-folder builder takes, with its own default output folder. */
export const trainingSetOptions = (out: string) => ({
  out: { type: 'string', default: out },
  'check-set': { type: 'string', default: '../everyday/VOC-everyday' },
  mirror: { type: 'string', default: '/work/.mirror' },
} as const);
