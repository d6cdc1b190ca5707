import type * as tf from '@tensorflow/tfjs';

/**
 * Storage of a head's weight matrices in tfjs's own quantized weight format (what the converter's
 * `--quantize_float16` / `--quantize_uint8` write, and `tf.io.decodeWeights` reads back):
 * - float16: IEEE half precision, round to nearest even (relative error ≤ 2⁻¹¹);
 * - uint8: per tensor, v ≈ min + q·scale with q in 0..255 (error ≤ scale / 2).
 * Only the matrices (rank 2, most of the bytes) are quantized; vectors (biases, the feature
 * standardisation) stay float32, since an error there shifts every value after it.
 */
export type WeightQuantization = 'float16' | 'uint8';

export const WEIGHT_QUANTIZATIONS: readonly WeightQuantization[] = ['float16', 'uint8'];

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** One float32 as IEEE-754 half-precision bits, rounded to nearest even (overflow → ±∞, NaN kept). */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal
    const m = mant | 0x800000;
    const shift = 14 - e;
    let half = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++; // a carry into the exponent is still right
  return sign | half;
}

/** Whether a saved tensor is quantized: float32 matrices only. */
export function isQuantized(spec: tf.io.WeightsManifestEntry): boolean {
  return spec.dtype === 'float32' && spec.shape.length === 2;
}

/**
 * Float32 weights as tfjs encodes them (`tf.io.encodeWeights`: one buffer, specs in order) → the
 * same weights with their matrices quantized, and specs that say so (`quantization` entries).
 */
export function quantizeWeights(
  data: ArrayBuffer, specs: readonly tf.io.WeightsManifestEntry[], mode: WeightQuantization,
): { data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] } {
  const parts: Uint8Array[] = [];
  const out: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32' || spec.quantization) throw new Error(`Weight ${spec.name}: only unquantized float32 weights can be quantized`);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(data, offset, n);
    offset += 4 * n;
    if (!isQuantized(spec)) {
      parts.push(new Uint8Array(values.slice().buffer));
      out.push({ ...spec });
    } else if (mode === 'float16') {
      parts.push(new Uint8Array(Uint16Array.from(values, float32ToFloat16Bits).buffer));
      out.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (const v of values) { min = Math.min(min, v); max = Math.max(max, v); }
      if (!Number.isFinite(min) || !Number.isFinite(max)) throw new Error(`Weight ${spec.name} holds a non-finite value`);
      const scale = max > min ? (max - min) / 255 : 1;
      parts.push(Uint8Array.from(values, (v) => Math.round((v - min) / scale)));
      out.push({ ...spec, quantization: { dtype: 'uint8', min, scale } });
    }
  }
  const bytes = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.byteLength; }
  return { data: bytes.buffer, specs: out };
}

/** Bytes one value of a saved tensor takes (its quantized size when quantized). */
export function bytesPerValue(spec: tf.io.WeightsManifestEntry): number {
  switch (spec.quantization?.dtype) {
    case 'float16': case 'uint16': return 2;
    case 'uint8': return 1;
    default: return 4;
  }
}

/**
 * Throws if a saved tensor would decode to NaN or ±∞: float32 values, float16 bits with an
 * all-ones exponent, a non-finite uint8 min or scale. Reads the bytes only (no tensor exists yet).
 */
export function assertFiniteWeights(data: ArrayBuffer, specs: readonly tf.io.WeightsManifestEntry[]): void {
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const size = n * bytesPerValue(spec);
    const bad = () => new Error(`Head weight ${spec.name} holds a non-finite value (corrupt file?)`);
    const q = spec.quantization;
    if (!q) {
      const values = new Float32Array(data.slice(offset, offset + size));
      for (const v of values) if (!Number.isFinite(v)) throw bad();
    } else if (q.dtype === 'float16') {
      const bits = new Uint16Array(data.slice(offset, offset + size));
      for (const b of bits) if ((b & 0x7c00) === 0x7c00) throw bad();
    } else if (!Number.isFinite(q.min) || !Number.isFinite(q.scale)) {
      throw bad();
    }
    offset += size;
  }
}
