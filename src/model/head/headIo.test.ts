import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { assembleEnsemble, decodeHead, disposeHead, encodeHead, headMembers, loadHead, quantizedCopy } from './headIo';
import { randomHeadModel } from '../../test/testHead';

beforeAll(useCpuBackend);

const dims = { numLabels: 3, featureDim: 5, embedDim: 4, hiddenDim: 2 };

async function artifacts(mutate?: (json: tf.io.ModelJSON, bin: Uint8Array) => Uint8Array | void) {
  const model = randomHeadModel(dims);
  const { json, bin } = await encodeHead(model);
  disposeHead(model);
  const copy = JSON.parse(JSON.stringify(json)) as tf.io.ModelJSON;
  const data = mutate?.(copy, bin) ?? bin;
  return tf.io.getModelArtifactsForJSONSync(copy, copy.weightsManifest[0]!.weights, data.slice().buffer);
}

describe('head weights I/O', () => {
  it('round-trips every tensor exactly in tfjs weights format', async () => {
    const model = randomHeadModel(dims);
    const { json, bin } = await encodeHead(model);
    expect(json.weightsManifest[0]!.paths).toEqual(['head.bin']);
    const back = await loadHead(tf.io.fromMemory(tf.io.getModelArtifactsForJSONSync(json, json.weightsManifest[0]!.weights, bin.slice().buffer)));
    expect(back.dims).toEqual(dims);
    expect(back.labels).toEqual(model.labels);
    for (const [name, t] of Object.entries(model.weights)) {
      expect(Array.from((back.weights as unknown as Record<string, tf.Tensor>)[name]!.dataSync())).toEqual(Array.from(t.dataSync()));
    }
    disposeHead(model);
    disposeHead(back);
  });

  it('round-trips an ensemble: members in one file, member 0 under the plain names', async () => {
    const model = assembleEnsemble([randomHeadModel(dims, 1), randomHeadModel(dims, 20), randomHeadModel(dims, 40)]);
    const { json, bin } = await encodeHead(model);
    const names = json.weightsManifest[0]!.weights.map((w) => w.name);
    expect(names).toContain('lstm/kernel');
    expect(names).toContain('member2/lstm/kernel');
    const back = await expectNoLeak(
      () => loadHead(tf.io.fromMemory(tf.io.getModelArtifactsForJSONSync(json, json.weightsManifest[0]!.weights, bin.slice().buffer))),
      disposeHead,
    );
    const again = await loadHead(tf.io.fromMemory(tf.io.getModelArtifactsForJSONSync(json, json.weightsManifest[0]!.weights, bin.slice().buffer)));
    expect(headMembers(again)).toHaveLength(3);
    expect(headMembers(again)[0]).toBe(again.weights);
    headMembers(model).forEach((m, i) => {
      for (const [name, t] of Object.entries(m)) {
        expect(Array.from((headMembers(again)[i] as unknown as Record<string, tf.Tensor>)[name]!.dataSync())).toEqual(Array.from((t as tf.Tensor).dataSync()));
      }
    });
    disposeHead(again);
    const broken = JSON.parse(JSON.stringify(json)) as tf.io.ModelJSON;
    broken.weightsManifest[0]!.weights.find((w) => w.name === 'member1/proj/U_o')!.name = 'member1/proj/U_x';
    expect(() => decodeHead(tf.io.getModelArtifactsForJSONSync(broken, broken.weightsManifest[0]!.weights, bin.slice().buffer))).toThrow(/Ensemble member 1: Head weights are missing proj\/U_o/);
    expect(() => assembleEnsemble([randomHeadModel(dims), randomHeadModel({ ...dims, hiddenDim: 3 })])).toThrow(/Head 1 has dims/);
    disposeHead(model);
  });

  it('mixes heads with and without the image gate: the ungated ones get g = 0 and score as before', async () => {
    const { createHeadScorer } = await import('./headScorer');
    const plain = randomHeadModel(dims, 3);
    const features = Float32Array.from([0.5, -1, 2, 0.3, 1.1]);
    const alone = createHeadScorer(plain.weights, plain.dims, features);
    const before = (await alone.start()).probs[0]!;
    alone.dispose();
    const mixed = assembleEnsemble([plain, randomHeadModel({ ...dims, imageGate: true }, 9)]);
    expect(mixed.dims.imageGate).toBe(true);
    const member0 = headMembers(mixed)[0]!;
    expect(Array.from(member0['label/gate']!.dataSync())).toEqual([0, 0, 0, 0]);
    const inside = createHeadScorer(member0, mixed.dims, features);
    const after = (await inside.start()).probs[0]!;
    inside.dispose();
    expect(Array.from(after)).toEqual(Array.from(before).map((v) => expect.closeTo(v, 6)));
    const { json, bin } = await encodeHead(mixed);
    const back = await loadHead(tf.io.fromMemory(tf.io.getModelArtifactsForJSONSync(json, json.weightsManifest[0]!.weights, bin.slice().buffer)));
    expect(headMembers(back)).toHaveLength(2);
    disposeHead(back);
    disposeHead(mixed);
  });

  for (const mode of ['float16', 'uint8'] as const) {
    it(`stores the matrices as ${mode} in tfjs's quantized format, and reads them back close`, async () => {
      const model = assembleEnsemble([randomHeadModel(dims, 1), randomHeadModel(dims, 20)]);
      const plain = await encodeHead(model);
      const { json, bin } = await encodeHead(model, 'head.bin', mode);
      const specs = json.weightsManifest[0]!.weights;
      expect(specs.find((w) => w.name === 'member1/proj/U_I')!.quantization?.dtype).toBe(mode);
      expect(specs.find((w) => w.name === 'lstm/bias')!.quantization).toBeUndefined();
      expect(bin.byteLength).toBeLessThan(plain.bin.byteLength * (mode === 'float16' ? 0.7 : 0.5));
      const back = await expectNoLeak(() => decodeHead(tf.io.getModelArtifactsForJSONSync(json, specs, bin.slice().buffer)), disposeHead);
      const again = decodeHead(tf.io.getModelArtifactsForJSONSync(json, specs, bin.slice().buffer));
      headMembers(model).forEach((m, i) => {
        for (const [name, t] of Object.entries(m)) {
          const a = (t as tf.Tensor).dataSync();
          const b = (headMembers(again)[i] as unknown as Record<string, tf.Tensor>)[name]!.dataSync();
          const range = Math.max(...Array.from(a, Math.abs));
          const err = Math.max(...Array.from(a, (v, j) => Math.abs(v - b[j]!)));
          expect(err).toBeLessThanOrEqual(mode === 'float16' ? range * 2 ** -11 : (2 * range) / 255);
        }
      });
      disposeHead(again);
      // quantizedCopy gives the same head as that file, leaving the original alone, with no leak
      await expectNoLeak(() => quantizedCopy(model, mode), disposeHead);
      const viaFile = decodeHead(tf.io.getModelArtifactsForJSONSync(json, specs, bin.slice().buffer));
      const copyAgain = await quantizedCopy(model, mode);
      expect(Array.from(copyAgain.weights['proj/U_I'].dataSync())).toEqual(Array.from(viaFile.weights['proj/U_I'].dataSync()));
      expect(model.weights['proj/U_I'].isDisposed).toBe(false);
      disposeHead(viaFile);
      disposeHead(copyAgain);
      // a truncated quantized file is still caught
      expect(() => decodeHead(tf.io.getModelArtifactsForJSONSync(json, specs, bin.slice(0, bin.byteLength - 1).buffer))).toThrow(/truncated/);
      disposeHead(model);
    });
  }

  it('says what is wrong with a truncated file', async () => {
    const a = await artifacts((_, bin) => bin.slice(0, 100));
    expect(() => decodeHead(a)).toThrow(/bytes, expected .* \(truncated or wrong file\)/);
  });

  it('says which weight is missing or mis-shaped', async () => {
    const missing = await artifacts((json) => { json.weightsManifest[0]!.weights.find((w) => w.name === 'lstm/bias')!.name = 'lstm/bias_renamed'; });
    expect(() => decodeHead(missing)).toThrow(/missing lstm\/bias/);
    const shaped = await artifacts((json) => {
      const w = json.weightsManifest[0]!.weights.find((x) => x.name === 'proj/U_o')!;
      w.shape = [w.shape[1]!, w.shape[0]!];
    });
    expect(() => decodeHead(shaped)).toThrow(/proj\/U_o has shape \[4,2\], expected \[2,4\]/);
  });

  it('rejects corrupt values and files of another kind', async () => {
    const nan = await artifacts((_, bin) => { const b = bin.slice(); new Float32Array(b.buffer)[3] = Number.NaN; return b; });
    expect(() => decodeHead(nan)).toThrow(/non-finite/);
    const other = await artifacts((json) => { json.format = 'graph-model'; });
    expect(() => decodeHead(other)).toThrow(/Not a Beamsight head/);
    await expect(loadHead({ load: async () => { throw new Error('404 Not Found'); } })).rejects.toThrow(/Could not load the head weights: 404/);
  });

  it('leaks no tensors, also when a load fails', async () => {
    const good = await artifacts();
    await expectNoLeak(() => decodeHead(good), disposeHead);
    const model = randomHeadModel(dims);
    await expectNoLeak(() => encodeHead(model));
    disposeHead(model);
    const nan = await artifacts((_, bin) => { const b = bin.slice(); new Float32Array(b.buffer)[3] = Number.NaN; return b; });
    await expectNoLeak(() => { try { decodeHead(nan); } catch { /* expected */ } });
  });
});
