import { describe, expect, it } from 'vitest';
import { attributionsOf, csvRow, dogIdOf } from './buildDogBreedSet';

describe('dog-breed training photos', () => {
  it('reads CSV rows with quoted cells, commas and doubled quotes inside them', () => {
    expect(csvRow('Akita,akita.jpg,Pixabay,Unknown,Pixabay License,')).toEqual(['Akita', 'akita.jpg', 'Pixabay', 'Unknown', 'Pixabay License', '']);
    expect(csvRow('"Griffon, Brussels",b.jpg,"say ""hi""",x')).toEqual(['Griffon, Brussels', 'b.jpg', 'say "hi"', 'x']);
  });

  it('keys the attribution list by file name and skips its header and blank lines', () => {
    const list = attributionsOf('Breed Name,Image Filename,Source,Attribution,License,URL\nAkita,akita.jpg,Pixabay,Unknown,Pixabay License,\n\nPug,pug.jpg,Wikipedia,A. B.,Creative Commons,https://x\n');
    expect([...list.keys()]).toEqual(['akita.jpg', 'pug.jpg']);
    expect(list.get('pug.jpg')).toEqual({ breed: 'Pug', file: 'pug.jpg', source: 'Wikipedia', author: 'A. B.', licence: 'Creative Commons', url: 'https://x' });
  });

  it('names photos dogs_<file stem> with letters, digits and underscores only', () => {
    expect(dogIdOf('Afghan_Hound.jpg')).toBe('dogs_Afghan_Hound');
    expect(dogIdOf('Staffordshire Bull Terrier.jpg')).toBe('dogs_Staffordshire_Bull_Terrier');
    expect(dogIdOf('Petit_Basset_Griffon_Vendéen.jpeg')).toBe('dogs_Petit_Basset_Griffon_Vendeen');
  });
});
