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
  return new File([await res.blob()], file, { type: res.headers.get('content-type') ?? 'image/png' });
}
