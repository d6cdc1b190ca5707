import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../../test/tfSetup';
import { assertFiniteWeights, bytesPerValue, float32ToFloat16Bits, quantizeWeights } from './weightQuantization';

beforeAll(useCpuBackend);

describe('float32ToFloat16Bits', () => {
  it('gives the IEEE half bits, rounding to nearest even', () => {
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(0)).toBe(0);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff); // largest half
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00); // overflow → ∞
    expect(float32ToFloat16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(1); // smallest subnormal
    expect(float32ToFloat16Bits(2 ** -26)).toBe(0); // under half of it
    // 1 + 2⁻¹¹ lies halfway between 1 and 1 + 2⁻¹⁰: to even (1); 1 + 3·2⁻¹¹: to even (1 + 2·2⁻¹⁰)
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });
});

describe('quantizeWeights', () => {
  const named = () => ({
    w: tf.tensor2d(Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.7) * 0.3), [6, 10]),
    bias: tf.tensor1d([0.1234567, -7.654321, 3]),
  });

  for (const mode of ['float16', 'uint8'] as const) {
    it(`${mode}: matrices shrink, vectors stay float32, tfjs decodes them back close`, async () => {
      const tensors = named();
      const { data, specs } = await tf.io.encodeWeights(tensors);
      const q = quantizeWeights(data as ArrayBuffer, specs, mode);
      expect(q.specs.map((s) => s.quantization?.dtype ?? 'none')).toEqual([mode, 'none']);
      expect(q.data.byteLength).toBe(60 * (mode === 'float16' ? 2 : 1) + 3 * 4);
      expect(q.specs.reduce((n, s) => n + bytesPerValue(s) * s.shape.reduce((a, b) => a * b, 1), 0)).toBe(q.data.byteLength);
      const back = tf.io.decodeWeights(q.data, q.specs);
      const w = tensors.w.dataSync();
      const bw = back.w!.dataSync();
      const tolerance = mode === 'float16' ? 0.3 * 2 ** -11 : 0.6 / 255 / 2 + 1e-7;
      expect(Math.max(...Array.from(w, (v, i) => Math.abs(v - bw[i]!)))).toBeLessThanOrEqual(tolerance);
      expect(Math.max(...Array.from(w, (v, i) => Math.abs(v - bw[i]!)))).toBeGreaterThan(0); // really quantized
      expect(Array.from(back.bias!.dataSync())).toEqual(Array.from(tensors.bias.dataSync()));
      tf.dispose([...Object.values(tensors), ...Object.values(back)]);
    });
  }

  it('refuses what is already quantized', async () => {
    const tensors = named();
    const { data, specs } = await tf.io.encodeWeights(tensors);
    const q = quantizeWeights(data as ArrayBuffer, specs, 'uint8');
    expect(() => quantizeWeights(q.data, q.specs, 'float16')).toThrow(/only unquantized float32/);
    tf.dispose(Object.values(tensors));
  });
});

describe('assertFiniteWeights', () => {
  it('finds non-finite values in float32, float16 and uint8 storage', async () => {
    const tensors = { w: tf.tensor2d([1, 2, 3, 4], [2, 2]), b: tf.tensor1d([1, 2]) };
    const { data, specs } = await tf.io.encodeWeights(tensors);
    for (const mode of [undefined, 'float16', 'uint8'] as const) {
      const q = mode ? quantizeWeights(data as ArrayBuffer, specs, mode) : { data: data as ArrayBuffer, specs };
      expect(() => assertFiniteWeights(q.data, q.specs)).not.toThrow();
      const bytes = new Uint8Array(q.data.slice(0));
      if (mode === 'float16') new DataView(bytes.buffer).setUint16(2, 0x7e00, true);
      else if (mode === undefined) new DataView(bytes.buffer).setFloat32(4, Number.POSITIVE_INFINITY, true);
      const badSpecs = mode === 'uint8' ? q.specs.map((s, i) => (i === 0 ? { ...s, quantization: { ...s.quantization!, scale: Number.NaN } } : s)) : q.specs;
      expect(() => assertFiniteWeights(bytes.buffer, badSpecs)).toThrow(/Head weight w holds a non-finite value/);
    }
    tf.dispose(Object.values(tensors));
  });
});
