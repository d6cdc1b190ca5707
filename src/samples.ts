/** Sample photos shipped in public/samples (sources and licences in public/samples/SOURCES.md). */
export const SAMPLES = [
  { file: 'person-and-dog.jpg', title: 'Girl and dog' },
  { file: 'jockey-on-horse.jpg', title: 'Jockey on a horse' },
  { file: 'cyclists.jpg', title: 'Two cyclists' },
  { file: 'hiker-and-sheep.jpg', title: 'Hiker and sheep' },
  { file: 'terrace-table.jpg', title: 'Table and chairs' },
  { file: 'cat-chelsea.png', title: 'Cat' },
] as const;

/** Fetches a sample from this site (same origin) as a File. */
export async function loadSample(file: string): Promise<File> {
  const res = await fetch(new URL(`samples/${file}`, document.baseURI));
  if (!res.ok) throw new Error(`Sample ${file} could not be loaded (HTTP ${res.status}).`);
  const sample = new File([await res.blob()], file, { type: res.headers.get('content-type') ?? 'image/png' });
  loaded.set(sample, file);
  return sample;
}

/** Files made by loadSample, with their sample name (a dropped file of the same name is not one). */
const loaded = new WeakMap<File, string>();

/** The sample a file came from, or null for the user's own photos. */
export function sampleName(file: File): string | null {
  return loaded.get(file) ?? null;
}
