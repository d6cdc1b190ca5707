import { describe, expect, it } from 'vitest';
import { VOC_CLASSES } from '../src/train/labels';
import { headContextOf, perBreed, petOf, petTruth } from './buildPetTrainSet';

const at = (truth: Int8Array, cls: string) => truth[VOC_CLASSES.indexOf(cls as (typeof VOC_CLASSES)[number])];

describe('pet training photos', () => {
  it('reads the pet from Oxford-IIIT Pet file names: a capitalised breed is a cat', () => {
    expect(petOf('Abyssinian_12.jpg')).toEqual({ name: 'Abyssinian_12', pet: 'cat' });
    expect(petOf('British_Shorthair_178.jpg')).toEqual({ name: 'British_Shorthair_178', pet: 'cat' });
    expect(petOf('american_bulldog_86.jpg')).toEqual({ name: 'american_bulldog_86', pet: 'dog' });
    expect(petOf('yorkshire_terrier_1.jpg')).toEqual({ name: 'yorkshire_terrier_1', pet: 'dog' });
    expect(petOf('Abyssinian_12.mat')).toBeNull();
    expect(petOf('trimap.jpg')).toBeNull();
  });

  it('labels the pet 1, the other pet and the classes a pet photo never shows -1, the rest unknown', () => {
    const dog = petTruth('dog');
    expect(at(dog, 'dog')).toBe(1);
    expect(at(dog, 'cat')).toBe(-1);
    expect(at(dog, 'sheep')).toBe(-1);
    expect(at(dog, 'train')).toBe(-1);
    expect(at(dog, 'person')).toBe(0);
    expect(at(dog, 'sofa')).toBe(0);
    const cat = petTruth('cat');
    expect([at(cat, 'cat'), at(cat, 'dog')]).toEqual([1, -1]);
    expect([...cat].filter((t) => t === 1)).toHaveLength(1);
  });
});

describe('perBreed', () => {
  it('keeps the lowest-numbered photos of each breed, a face close-up with its photo', () => {
    const photo = (id: string) => ({ id, bytes: Buffer.alloc(0), truth: petTruth('cat'), source: '', licence: '' });
    const ids = ['pets_Bengal_10', 'pets_Bengal_2', 'pets_Bengal_2_head', 'pets_Bengal_7_face', 'pets_Bengal_7', 'pets_pug_3', 'pets_pug_1'];
    expect(perBreed(ids.map(photo), 2).map((p) => p.id)).toEqual(['pets_Bengal_2', 'pets_Bengal_2_head', 'pets_Bengal_7_face', 'pets_Bengal_7', 'pets_pug_3', 'pets_pug_1']);
  });
});

describe('headContextOf', () => {
  it('reads --head-context MIN-MAX, 1.2-1.8 when absent, and refuses an empty or reversed range', () => {
    expect(headContextOf(undefined)).toEqual([1.2, 1.8]);
    expect(headContextOf('0.8-1.1')).toEqual([0.8, 1.1]);
    expect(headContextOf('1-1')).toEqual([1, 1]);
    for (const bad of ['1.1-0.8', '0-1', '0.8', 'a-b', '-1-2']) expect(() => headContextOf(bad)).toThrow(/--head-context/);
  });
});
