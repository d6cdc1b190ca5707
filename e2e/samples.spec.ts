import { DOG_AND_PERSON, expect, test, vocFile } from './fixtures';

test('a dog next to a person comes out with both (WASM)', async ({ app }) => {
  await app.open('?backend=wasm');
  await app.waitReady();
  await app.drop([vocFile(DOG_AND_PERSON)]);
  await app.waitForResult();
  expect(await app.labels()).toEqual(expect.arrayContaining(['person', 'dog']));
});
