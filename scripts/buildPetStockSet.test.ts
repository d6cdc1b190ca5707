import { describe, expect, it } from 'vitest';
import { breedSlugOf, creditedEntry, petsOf, stockIdOf, trainableLicence } from './buildPetStockSet';

describe('stock pet training photos', () => {
  it('takes the breed folders\' hero and gallery photos and nothing else of the site', () => {
    expect(breedSlugOf('breeds/labrador-retriever-cost/hero.jpg')).toBe('labrador-retriever');
    expect(breedSlugOf('breeds/persian-cat-cost/gallery/04.jpg')).toBe('persian-cat');
    expect(breedSlugOf('breeds/labrador-retriever-cost/hero-original.jpg')).toBeNull();
    expect(breedSlugOf('breeds/labrador-retriever-cost/hero.webp')).toBeNull();
    expect(breedSlugOf('breeds/labrador-retriever-cost-in-texas/index.html')).toBeNull();
    expect(breedSlugOf('breeds/pug-cost/card.png')).toBeNull();
  });

  it('accepts the free licences the site records and refuses non-commercial, no-derivatives or missing ones', () => {
    for (const l of ['Pexels License (free for commercial use, attribution appreciated)', 'Pexels Content License', 'Unsplash License',
      'CC0', 'CC0 Public Domain', 'Public domain', 'CC BY 2.0', 'CC BY-SA 4.0']) expect(trainableLicence(l), l).toBe(true);
    for (const l of [undefined, '', 'CC BY-NC 4.0', 'CC BY-NC-SA 2.0', 'CC BY-ND 3.0', 'Free Stock (Pexels/Unsplash/Pixabay/Rawpixel)', 'All rights reserved'])
      expect(trainableLicence(l), String(l)).toBe(false);
  });

  it('takes a gallery photo only when the site credits it to a Pexels photographer with its page', () => {
    const credited = { file: '01.jpg', source: 'Pexels — Alex Qian', artist: 'Alex Qian', license: 'Pexels License', source_url: 'https://www.pexels.com/photo/x-1/' };
    expect(creditedEntry(credited)).toBe(credited);
    expect(creditedEntry({ file: '02.jpg', source: 'Free Stock (Pexels/Unsplash/Pixabay/Rawpixel)' })).toBeNull();
    expect(creditedEntry({ ...credited, source_url: undefined })).toBeNull();
    expect(creditedEntry({ ...credited, license: 'CC BY-NC 4.0' })).toBeNull();
  });

  it('names photos stock_<breed>_<hero|NN> with letters, digits and underscores only', () => {
    expect(stockIdOf('labrador-retriever', 'hero.jpg')).toBe('stock_labrador_retriever_hero');
    expect(stockIdOf('persian-cat', '04.jpg')).toBe('stock_persian_cat_04');
  });

  it('keeps the pets --pets names and refuses anything else', () => {
    expect([...petsOf('dog,cat')].sort()).toEqual(['cat', 'dog']);
    expect([...petsOf('cat')]).toEqual(['cat']);
    expect([...petsOf(' dog ')]).toEqual(['dog']);
    for (const bad of ['', 'cats', 'dog,bird', ',']) expect(() => petsOf(bad), bad).toThrow(/--pets/);
  });
});
