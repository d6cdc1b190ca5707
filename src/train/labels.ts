/** The 20 PASCAL VOC classes, in the devkit's order. Index = label id in the head. */
export const VOC_CLASSES = [
  'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train',
  'tvmonitor',
] as const;

export type VocClass = (typeof VOC_CLASSES)[number];

/** A comma list of VOC class names as indices into VOC_CLASSES, each checked (errors name `flag`). */
export function vocClassList(list: string | undefined, flag: string): number[] {
  return (list ?? '').split(',').filter(Boolean).map((name) => {
    const c = VOC_CLASSES.indexOf(name as VocClass);
    if (c < 0) throw new Error(`--${flag}: ${name} is not a VOC class`);
    return c;
  });
}

/**
 * Index into CenterNet's 80 COCO heat-map channels for each VOC class (same order as VOC_CLASSES).
 * COCO order: 0 person, 1 bicycle, 2 car, 3 motorcycle, 4 airplane, 5 bus, 6 train, 8 boat, 14 bird,
 * 15 cat, 16 dog, 17 horse, 18 sheep, 19 cow, 39 bottle, 56 chair, 57 couch, 58 potted plant,
 * 60 dining table, 62 tv.
 */
export const VOC_TO_COCO: readonly number[] = [
  4, 1, 14, 8, 39, 5, 2, 15, 56, 19, 60, 16, 17, 3, 0, 58, 18, 57, 6, 62,
];

/** Human-readable names for the UI. */
export const VOC_DISPLAY: Record<VocClass, string> = {
  aeroplane: 'aeroplane', bicycle: 'bicycle', bird: 'bird', boat: 'boat', bottle: 'bottle',
  bus: 'bus', car: 'car', cat: 'cat', chair: 'chair', cow: 'cow', diningtable: 'dining table',
  dog: 'dog', horse: 'horse', motorbike: 'motorbike', person: 'person',
  pottedplant: 'potted plant', sheep: 'sheep', sofa: 'sofa', train: 'train', tvmonitor: 'tv monitor',
};
