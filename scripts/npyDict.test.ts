import { describe, expect, it } from 'vitest';
import { readNpyDict } from './npyDict';

// np.save(f, {'2008_000008': np.array([0, 1, 0.5], 'f4'), '2009_000001': np.array([1, 0, 0], 'f4')}),
// pickled with protocol 2 (as the public label files are) and 4 (NumPy 2's default)
const PROTOCOL_2 = 'k05VTVBZAQA3AHsnZGVzY3InOiAnfE8nLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoKSwgfQqAAmNudW1weS5fY29yZS5tdWx0aWFycmF5Cl9yZWNvbnN0cnVjdApxAGNudW1weQpuZGFycmF5CnEBSwCFcQJjX2NvZGVjcwplbmNvZGUKcQNYAQAAAGJxBFgGAAAAbGF0aW4xcQWGcQZScQeHcQhScQkoSwEpY251bXB5CmR0eXBlCnEKWAIAAABPOHELiYiHcQxScQ0oSwNYAQAAAHxxDk5OTkr/////Sv////9LP3RxD2KJXXEQfXERKFgLAAAAMjAwOF8wMDAwMDhxEmgAaAFLAIVxE2gHh3EUUnEVKEsBSwOFcRZoClgCAAAAZjRxF4mIh3EYUnEZKEsDWAEAAAA8cRpOTk5K/////0r/////SwB0cRtiiWgDWA0AAAAAAAAAAADCgD8AAAA/cRxoBYZxHVJxHnRxH2JYCwAAADIwMDlfMDAwMDAxcSBoAGgBSwCFcSFoB4dxIlJxIyhLAUsDhXEkaBmJaANYDQAAAAAAwoA/AAAAAAAAAABxJWgFhnEmUnEndHEoYnVhdHEpYi4=';
const PROTOCOL_4 = 'k05VTVBZAQB2AHsnZGVzY3InOiAnfE8nLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqABJUeAQAAAAAAAIwWbnVtcHkuX2NvcmUubXVsdGlhcnJheZSMDF9yZWNvbnN0cnVjdJSTlIwFbnVtcHmUjAduZGFycmF5lJOUSwCFlEMBYpSHlFKUKEsBKWgDjAVkdHlwZZSTlIwCTziUiYiHlFKUKEsDjAF8lE5OTkr/////Sv////9LP3SUYoldlH2UKIwLMjAwOF8wMDAwMDiUaAJoBUsAhZRoB4eUUpQoSwFLA4WUaAuMAmY0lImIh5RSlChLA4wBPJROTk5K/////0r/////SwB0lGKJQwwAAAAAAACAPwAAAD+UdJRijAsyMDA5XzAwMDAwMZRoAmgFSwCFlGgHh5RSlChLAUsDhZRoGolDDAAAgD8AAAAAAAAAAJR0lGJ1YXSUYi4=';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe('readNpyDict', () => {
  it.each([['2', PROTOCOL_2], ['4', PROTOCOL_4]])('reads a dict of float32 arrays pickled with protocol %s', (_, b64) => {
    const dict = readNpyDict(bytes(b64));
    expect([...dict.keys()]).toEqual(['2008_000008', '2009_000001']);
    expect(dict.get('2008_000008')).toEqual({ shape: [3], dtype: 'f4', values: [0, 1, 0.5] });
    expect(dict.get('2009_000001')!.values).toEqual([1, 0, 0]);
  });

  it('refuses a file that is not .npy', () => {
    expect(() => readNpyDict(new TextEncoder().encode('not numpy at all'))).toThrow(/not a \.npy file/);
  });

  it('refuses a pickle that calls anything else', () => {
    const b = bytes(PROTOCOL_2);
    const text = Buffer.from(b).toString('latin1').replace('_codecs\nencode', '_codecs\nEVILXX');
    expect(() => readNpyDict(new Uint8Array(Buffer.from(text, 'latin1')))).toThrow(/_codecs\.EVILXX, which is not read/);
  });

  it('refuses a cut-off file', () => {
    const b = bytes(PROTOCOL_4);
    expect(() => readNpyDict(b.subarray(0, b.length - 40))).toThrow();
  });
});
