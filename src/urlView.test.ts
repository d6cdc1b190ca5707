import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSample } from './samples';
import { useStore } from './store/store';
import { readUrlView, urlViewOf, writeUrlView } from './urlView';

const initial = useStore.getState();
afterEach(() => { useStore.setState(initial, true); vi.unstubAllGlobals(); });

describe('the view in the URL', () => {
  it('round-trips sample, N, max length, prefix and node, keeping other parameters', () => {
    const view = { sample: 'cat-chelsea.png', beamWidth: 5, maxLength: 4, prefix: [14, 4], node: '14/4/11/END' };
    const search = writeUrlView('?embed=1&backend=wasm&n=2', view);
    expect(search).toBe('?embed=1&backend=wasm&sample=cat-chelsea.png&n=5&len=4&prefix=14/4&node=14/4/11/END');
    expect(readUrlView(search)).toEqual(view);
    expect(writeUrlView('?n=2', { sample: null, beamWidth: null, maxLength: null, prefix: [], node: null })).toBe('');
  });

  it('leaves out what is malformed', () => {
    expect(readUrlView('?sample=../x&n=-1&len=abc&prefix=3/3&node=<script>')).toEqual({
      sample: null, beamWidth: null, maxLength: null, prefix: [], node: null,
    });
    expect(readUrlView('?node=root').node).toBe('root');
  });

  it('links prefix and node only for a sample, never for a dropped photo', async () => {
    vi.stubGlobal('document', { baseURI: 'http://localhost/' });
    vi.stubGlobal('fetch', async () => new Response(new Blob([new Uint8Array([1])], { type: 'image/png' })));
    const sample = await loadSample('cyclists.jpg');
    const own = new File([new Uint8Array([1])], 'cyclists.jpg', { type: 'image/png' });
    const entry = (id: string, file: File) => ({
      id, name: file.name, file, url: null, status: 'done' as const, error: null, notes: [], beam: null, baseline: null,
      prefix: [3], timings: null, size: null,
    });
    useStore.setState({ images: [entry('a', sample), entry('b', own)], selectedId: 'a', selectedNodeId: '3/END', beamWidth: 6 });
    expect(urlViewOf(useStore.getState())).toEqual({ sample: 'cyclists.jpg', beamWidth: 6, maxLength: null, prefix: [3], node: '3/END' });
    useStore.setState({ selectedId: 'b' });
    expect(urlViewOf(useStore.getState())).toEqual({ sample: null, beamWidth: 6, maxLength: null, prefix: [], node: null });
  });
});
