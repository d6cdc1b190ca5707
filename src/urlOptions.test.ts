import { describe, expect, it } from 'vitest';
import { readUrlOptions } from './urlOptions';

describe('readUrlOptions', () => {
  it('reads backend, embed, drop and a safe sample name', () => {
    expect(readUrlOptions('?backend=wasm&embed=1&drop=true&sample=dog.jpg')).toMatchObject({ backend: 'wasm', embed: true, drop: true, sample: 'dog.jpg' });
    expect(readUrlOptions('?sample=../x').sample).toBeNull();
  });

  it('warms WebGPU up in parallel unless the benchmark asks for the serial way', () => {
    expect(readUrlOptions('').warmup).toBe('parallel');
    expect(readUrlOptions('?warmup=serial').warmup).toBe('serial');
    expect(readUrlOptions('?warmup=anything').warmup).toBe('parallel');
  });

  it('installs the test hook only when the URL asks for it', () => {
    expect(readUrlOptions('').testHook).toBe(false);
    expect(readUrlOptions('?backend=wasm&testhook=1').testHook).toBe(true);
  });
});
