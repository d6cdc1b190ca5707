/** Sample photos shipped in public/samples (sources and licences in public/samples/SOURCES.md). */
export const SAMPLES = [
  { file: 'cat-chelsea.png', title: 'Cat (CC0)' },
  { file: 'astronaut-eileen-collins.png', title: 'Astronaut (public domain)' },
  { file: 'coffee.png', title: 'Coffee (CC0)' },
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
