/**
 * COCO photos with their labels mapped to the 20 VOC classes, read from bare git snapshots: from a
 * COCO instances JSON (a subset of instances_{train,val}2017.json) or from YOLO label files whose
 * class indices follow COCO's 80 classes. A VOC class with at least one COCO object is 1, otherwise
 * -1; COCO classes outside VOC are ignored. Ids are `coco<split>_<file name>`, so one COCO photo has
 * one id whichever repository holds it.
 */
import { VOC_CLASSES } from '../src/train/labels';
import { git, vocIndexOf, type Photo } from './vocFolder';

/** COCO category names whose VOC name differs; the other VOC names are COCO names as they are. */
const COCO_TO_VOC: Record<string, string> = {
  airplane: 'aeroplane', motorcycle: 'motorbike', 'dining table': 'diningtable', 'potted plant': 'pottedplant',
  couch: 'sofa', tv: 'tvmonitor',
};

/** COCO 2017's image licences by id, for annotation files that leave the list out. */
const COCO_LICENCES: Record<number, string> = {
  1: 'CC BY-NC-SA 2.0', 2: 'CC BY-NC 2.0', 3: 'CC BY-NC-ND 2.0', 4: 'CC BY 2.0', 5: 'CC BY-SA 2.0', 6: 'CC BY-ND 2.0',
  7: 'No known copyright restrictions', 8: 'United States Government Work',
};

/** A pinned snapshot of a public repository. */
export interface Snapshot { repo: string; commit: string; gitDir: string }

export type CocoSplit = 'val2017' | 'train2017';

/** The VOC index of a COCO category name, or -1. */
export const vocIndexOfCoco = (name: string) => vocIndexOf(COCO_TO_VOC[name] ?? name);

/** Short name of a COCO image licence, e.g. "CC BY-NC-SA 2.0", from its URL. */
function licenceName(licence: { url: string; name: string }): string {
  const cc = /creativecommons\.org\/licenses\/([a-z-]+)\/([\d.]+)/.exec(licence.url.replaceAll('\\/', '/'));
  return cc ? `CC ${cc[1]!.toUpperCase()} ${cc[2]}` : licence.name;
}

interface CocoJson {
  images: { id: number; file_name: string; license: number; flickr_url?: string }[];
  annotations?: { image_id: number; category_id: number }[];
  categories?: { id: number; name: string }[];
  licenses?: { id: number; url: string; name: string }[];
}

const readJson = <T>(s: Snapshot, path: string): T => JSON.parse(git(s.gitDir, ['cat-file', 'blob', `${s.commit}:${path}`]).toString()) as T;

const idOf = (split: CocoSplit, file: string) => `${split === 'val2017' ? 'cocoval' : 'cocotrain'}_${file.replace(/\.jpg$/, '')}`;

/** Each image's licence and Flickr address as a README cell. */
function licenceCells(ann: CocoJson): Map<string, string> {
  const names = new Map(Object.entries(COCO_LICENCES).map(([id, name]) => [Number(id), name]));
  for (const l of ann.licenses ?? []) names.set(l.id, licenceName(l));
  return new Map(ann.images.map((im) => [im.file_name,
    `${names.get(im.license) ?? `COCO licence ${im.license}`}${im.flickr_url ? `, ${im.flickr_url.replaceAll('\\/', '/')}` : ''}`]));
}

/** The photos an instances JSON lists (and only those: a photo it leaves out has no labels), by file name. */
export function cocoJsonPhotos(s: Snapshot, annPath: string, imageDir: string, split: CocoSplit): Photo[] {
  const ann = readJson<CocoJson>(s, annPath);
  const vocIndex = new Map((ann.categories ?? []).map((c) => [c.id, vocIndexOfCoco(c.name)]));
  const truths = new Map(ann.images.map((im) => [im.id, new Int8Array(VOC_CLASSES.length).fill(-1)]));
  for (const a of ann.annotations ?? []) {
    const c = vocIndex.get(a.category_id) ?? -1;
    if (c >= 0) truths.get(a.image_id)![c] = 1;
  }
  const licences = licenceCells(ann);
  return [...ann.images].sort((a, b) => a.file_name.localeCompare(b.file_name)).map((im) => {
    const path = `${imageDir}/${im.file_name}`;
    return {
      id: idOf(split, im.file_name), truth: truths.get(im.id)!,
      bytes: git(s.gitDir, ['cat-file', 'blob', `${s.commit}:${path}`]),
      source: `${s.repo}@${s.commit.slice(0, 12)}:${path} (COCO ${split} ${im.id})`,
      licence: licences.get(im.file_name)!,
    };
  });
}

/** VOC labels from one YOLO label file's text: each line's first number is a class index into `names`. */
export function yoloTruth(text: string, names: readonly string[]): Int8Array {
  const truth = new Int8Array(VOC_CLASSES.length).fill(-1);
  for (const line of text.split('\n')) {
    const k = line.trim().split(/\s+/)[0];
    if (!k) continue;
    const name = names[Number(k)];
    if (name === undefined) throw new Error(`YOLO class ${k} is not one of the ${names.length} classes`);
    const c = vocIndexOfCoco(name);
    if (c >= 0) truth[c] = 1;
  }
  return truth;
}

/**
 * The photos of a YOLO-labelled COCO folder that have both a photo and a label file. `names` is the YOLO config's
 * class list; `licencesJson`, a COCO JSON of the same photos that lists their licences, where the
 * repository has one.
 */
export function cocoYoloPhotos(s: Snapshot, labelDir: string, imageDir: string, split: CocoSplit, names: readonly string[], licencesJson?: string): Photo[] {
  const licences = licencesJson ? licenceCells(readJson<CocoJson>(s, licencesJson)) : new Map<string, string>();
  const list = (dir: string) => git(s.gitDir, ['ls-tree', '--name-only', s.commit, `${dir}/`]).toString().split('\n');
  const images = new Set(list(imageDir).map((p) => p.slice(p.lastIndexOf('/') + 1)));
  const fileOf = (labelPath: string) => `${labelPath.slice(labelPath.lastIndexOf('/') + 1, -'.txt'.length)}.jpg`;
  const files = list(labelDir).filter((p) => p.endsWith('.txt') && images.has(fileOf(p))).sort();
  return files.map((labelPath) => {
    const file = fileOf(labelPath);
    const path = `${imageDir}/${file}`;
    return {
      id: idOf(split, file), truth: yoloTruth(git(s.gitDir, ['cat-file', 'blob', `${s.commit}:${labelPath}`]).toString(), names),
      bytes: git(s.gitDir, ['cat-file', 'blob', `${s.commit}:${path}`]),
      source: `${s.repo}@${s.commit.slice(0, 12)}:${path} (COCO ${split} ${Number(file.replace(/\.jpg$/, ''))})`,
      licence: licences.get(file) ?? 'COCO image (Flickr licence not listed by the source)',
    };
  });
}
