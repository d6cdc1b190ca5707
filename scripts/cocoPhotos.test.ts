import { describe, expect, it } from 'vitest';
import { VOC_CLASSES } from '../src/train/labels';
import { vocIndexOfCoco, yoloTruth } from './cocoPhotos';
import { yoloNames } from './buildCocoTrainSet';

const COCO_NAMES = ['person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat'];

describe('COCO labels as VOC labels', () => {
  it('maps COCO names onto VOC classes, and classes outside VOC onto none', () => {
    expect(VOC_CLASSES[vocIndexOfCoco('motorcycle')]).toBe('motorbike');
    expect(VOC_CLASSES[vocIndexOfCoco('couch')]).toBe('sofa');
    expect(VOC_CLASSES[vocIndexOfCoco('dog')]).toBe('dog');
    expect(vocIndexOfCoco('truck')).toBe(-1);
  });

  it('reads a YOLO label file: each object\'s class is 1, every other VOC class -1', () => {
    const truth = yoloTruth('0 0.5 0.5 0.2 0.2\n3 0.1 0.1 0.1 0.1\n7 0.3 0.3 0.1 0.1\n\n0 0.2 0.2 0.1 0.1\n', COCO_NAMES);
    expect(VOC_CLASSES.filter((_, c) => truth[c] === 1)).toEqual(['motorbike', 'person']);
    expect([...truth].filter((t) => t === 0)).toHaveLength(0);
    expect(() => yoloTruth('12 0.5 0.5 0.1 0.1', COCO_NAMES)).toThrow(/YOLO class 12/);
  });

  it('reads the class list of a YOLO config', () => {
    expect(yoloNames('path: .\nnames:\n  0: person\n  1: bicycle\n  2: \'traffic light\'\n')).toEqual(['person', 'bicycle', 'traffic light']);
    expect(() => yoloNames('names:\n  0: person\n  2: car\n')).toThrow(/names/);
  });
});
