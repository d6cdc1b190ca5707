import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

test('a dog next to a person comes out with both (WASM)', async ({ app }) => {
  await app.open('?backend=wasm');
  await app.waitReady();
  await app.drop([vocFile(DOG_AND_PERSON)]);
  await app.waitForResult();
  expect(await app.labels()).toEqual(expect.arrayContaining(['person', 'dog']));
});

test('the cat sample, a face filling the frame, comes out "cat" and not "dog" (WASM)', async ({ app }) => {
  await app.open('?backend=wasm&sample=cat-chelsea.png');
  await app.waitReady();
  await app.waitForResult();
  const labels = await app.labels();
  expect(labels).toContain('cat');
  expect(labels).not.toContain('dog');
});
