import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { randomHeadModel } from '../../test/testHead';
import { beamSearch } from '../search/beamSearch';
import { readHeadArrays } from './arrayHead';
import { createArrayScorer } from './arrayScorer';
import { scaleEnd } from './endScale';
import { disposeHead } from './headIo';
import { createHeadScorer } from './headScorer';

beforeAll(useCpuBackend);

describe('scaleEnd', () => {
  it('multiplies END by w and renormalises each row, the labels keeping their ratios', () => {
    const rows = Float64Array.from([0.5, 0.3, 0.2, 0.1, 0.1, 0.8]); // two rows of L = 2 labels + END
    const got = scaleEnd(rows.slice(), 2, 1.5);
    expect(got[0]! + got[1]! + got[2]!).toBeCloseTo(1, 12);
    expect(got[3]! + got[4]! + got[5]!).toBeCloseTo(1, 12);
    expect(got[2]! / got[0]!).toBeCloseTo((1.5 * 0.2) / 0.5, 12);
    expect(got[0]! / got[1]!).toBeCloseTo(0.5 / 0.3, 12);
    expect(got[5]).toBeCloseTo(1.2 / 1.4, 12);
    expect(got[5]!).toBeGreaterThan(0.8);
  });

  it('leaves the rows as they are at w 1 or unset, and refuses w ≤ 0', () => {
    const rows = Float32Array.from([0.25, 0.25, 0.5]);
    expect(Array.from(scaleEnd(rows.slice(), 2, 1))).toEqual(Array.from(rows));
    expect(Array.from(scaleEnd(rows.slice(), 2, undefined))).toEqual(Array.from(rows));
    for (const w of [0, -1, Number.NaN]) expect(() => scaleEnd(rows.slice(), 2, w)).toThrow(/END scale must be > 0/);
  });
});

describe('a head with dims.endScale', () => {
  const dims = { numLabels: 6, featureDim: 8, embedDim: 5, hiddenDim: 4, imageGate: true };
  const features = Float32Array.from({ length: 8 }, (_, i) => Math.sin(3 * i + 1) * 2);

  it('decodes with END scaled in the members\' mean, in plain JS and in tfjs alike', async () => {
    const heads = [randomHeadModel(dims, 4), randomHeadModel(dims, 21)];
    const w = heads.map((h) => h.weights);
    const scaled = { ...dims, endScale: 1.4 };
    const arrays = await readHeadArrays(w, dims);
    const plain = await createArrayScorer(arrays, dims, features).start();
    const js = await createArrayScorer(arrays, scaled, features).start();
    const onDevice = await expectNoLeak(async () => {
      const s = createHeadScorer(w, scaled, features);
      const r = await s.start();
      s.release(r.handle);
      s.dispose();
      return r;
    });
    const expected = scaleEnd(Float64Array.from(plain.probs[0]!), dims.numLabels, 1.4);
    expect(js.probs[0]![dims.numLabels]!).toBeGreaterThan(plain.probs[0]![dims.numLabels]!);
    expect(Array.from(js.probs[0]!)).toEqual(Array.from(expected).map((p) => expect.closeTo(p, 6)));
    expect(Array.from(onDevice.probs[0]!)).toEqual(Array.from(expected).map((p) => expect.closeTo(p, 5)));
    // a larger END ends paths sooner: the best path is never longer
    const long = await beamSearch(createArrayScorer(arrays, dims, features), { beamWidth: 3, maxLength: 6 });
    const short = await beamSearch(createArrayScorer(arrays, { ...dims, endScale: 50 }, features), { beamWidth: 3, maxLength: 6 });
    expect(short.best!.labels.length).toBeLessThanOrEqual(long.best!.labels.length);
    heads.forEach(disposeHead);
  });
});
