/** A fetch that reports bytes received per file, for per-file progress bars. */
export function progressFetch(
  report: (file: string, loaded: number, total: number) => void,
): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const file = decodeURIComponent(url.split('?')[0]!.split('/').slice(-2).join('/'));
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status} ${response.statusText}`);
    const total = Number(response.headers.get('content-length') ?? 0);
    if (!response.body) return response;
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    report(file, 0, total);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      report(file, loaded, Math.max(total, loaded));
    }
    report(file, loaded, loaded);
    return new Response(new Blob(chunks as BlobPart[]), { status: response.status, headers: response.headers });
  };
}
