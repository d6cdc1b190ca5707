import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressFetch } from './progressFetch';

afterEach(() => vi.unstubAllGlobals());

describe('progressFetch', () => {
  it('reports bytes per file as they arrive and returns the whole body', async () => {
    const body = new Uint8Array(10).map((_, i) => i);
    vi.stubGlobal('fetch', async () => new Response(new Blob([body.subarray(0, 4), body.subarray(4)]).stream(), { headers: { 'content-length': '10' } }));
    const seen: [string, number, number][] = [];
    const res = await progressFetch((f, l, t) => seen.push([f, l, t]))('http://h/models/head/head.bin?v=1');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(body);
    expect(seen[0]).toEqual(['head/head.bin', 0, 10]);
    expect(seen.at(-1)).toEqual(['head/head.bin', 10, 10]);
  });

  it('fails with the file and HTTP status on an error response', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 404, statusText: 'Not Found' }));
    await expect(progressFetch(() => undefined)('http://h/models/head/head.bin')).rejects.toThrow('head/head.bin: HTTP 404 Not Found');
  });
});
