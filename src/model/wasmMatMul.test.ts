import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../train/nodeBackend';
import { seededRandom } from '../train/trainHead';
import { registerWasmMatMul, transposeInto, unregisterWasmMatMul } from './wasmMatMul';

beforeAll(async () => {
  await initNodeBackend('wasm'); // registers the kernel
});

const rand = seededRandom(17);
const values = (n: number) => Float32Array.from({ length: n }, () => rand() * 2 - 1);

/** Plain float64 product of row-major [batch][r][c] blocks, with broadcasting of a batch of one. */
function reference(a: Float32Array, b: Float32Array, shapeA: number[], shapeB: number[], ta: boolean, tb: boolean): Float32Array {
  const [ra, ca] = shapeA.slice(-2) as [number, number];
  const [rb, cb] = shapeB.slice(-2) as [number, number];
  const rows = ta ? ca : ra;
  const inner = ta ? ra : ca;
  const cols = tb ? rb : cb;
  const batchA = a.length / (ra * ca);
  const batchB = b.length / (rb * cb);
  const batch = Math.max(batchA, batchB);
  const out = new Float32Array(batch * rows * cols);
  for (let m = 0; m < batch; m++) {
    const oa = (batchA === 1 ? 0 : m) * ra * ca;
    const ob = (batchB === 1 ? 0 : m) * rb * cb;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let k = 0; k < inner; k++) s += a[oa + (ta ? k * ca + i : i * ca + k)]! * b[ob + (tb ? j * cb + k : k * cb + j)]!;
        out[(m * rows + i) * cols + j] = s;
      }
    }
  }
  return out;
}

const CASES: [number[], number[], boolean, boolean][] = [
  [[7, 40], [40, 9], false, false], // the fast case, handed to tfjs's kernel
  [[40, 7], [40, 9], true, false], // a gradient's xᵀ·dy
  [[7, 40], [9, 40], false, true], // a gradient's dy·Wᵀ
  [[40, 7], [9, 40], true, true],
  [[3, 7, 40], [3, 40, 9], false, false], // stacked heads
  [[3, 40, 7], [3, 40, 9], true, false],
  [[3, 7, 40], [3, 9, 40], false, true],
  [[7, 40], [3, 40, 9], false, false], // one left operand for every batch entry
  [[3, 7, 40], [40, 9], false, false], // one right operand for every batch entry
  [[2, 3, 40, 7], [2, 3, 9, 40], true, true], // rank 4
  [[1, 33, 70], [1, 70, 65], false, false], // sizes past the transposition's 32-wide tiles
  [[70, 33], [65, 70], true, true],
];

describe('WASM matMul on XNNPACK (wasmMatMul.ts)', () => {
  it('is registered by the Node backend', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(registerWasmMatMul()).toBe(true);
  });

  for (const [shapeA, shapeB, ta, tb] of CASES) {
    it(`multiplies ${JSON.stringify(shapeA)}${ta ? 'ᵀ' : ''} · ${JSON.stringify(shapeB)}${tb ? 'ᵀ' : ''} as the definition does, without leaks`, () => {
      const a = values(shapeA.reduce((n, d) => n * d, 1));
      const b = values(shapeB.reduce((n, d) => n * d, 1));
      const at = tf.tensor(a, shapeA);
      const bt = tf.tensor(b, shapeB);
      const tensors = tf.memory().numTensors;
      const dataIds = tf.engine().backend.numDataIds();
      const out = tf.matMul(at, bt, ta, tb);
      const want = reference(a, b, shapeA, shapeB, ta, tb);
      const got = out.dataSync();
      expect(got.length).toBe(want.length);
      for (let j = 0; j < want.length; j++) expect(got[j]).toBeCloseTo(want[j]!, 4);
      out.dispose();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.engine().backend.numDataIds()).toBe(dataIds);
      tf.dispose([at, bt]);
    });
  }

  it('gives the output shape of tfjs (broadcast batch dims)', () => {
    const out = tf.matMul(tf.zeros([3, 7, 40]), tf.zeros([40, 9]));
    expect(out.shape).toEqual([3, 7, 9]);
    const two = tf.matMul(tf.zeros([40, 7]), tf.zeros([40, 9]), true, false);
    expect(two.shape).toEqual([7, 9]);
    tf.dispose([out, two]);
  });

  it('gives the gradients of a product (which transpose one side)', () => {
    const a = values(6 * 5);
    const b = values(5 * 4);
    const dy = values(6 * 4);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y))([tf.tensor2d(a, [6, 5]), tf.tensor2d(b, [5, 4])], tf.tensor2d(dy, [6, 4]));
    const wantA = reference(dy, b, [6, 4], [5, 4], false, true);
    const wantB = reference(a, dy, [6, 5], [6, 4], true, false);
    ga!.dataSync().forEach((v, j) => expect(v).toBeCloseTo(wantA[j]!, 4));
    gb!.dataSync().forEach((v, j) => expect(v).toBeCloseTo(wantB[j]!, 4));
  });

  it('transposes blocks of any size', () => {
    const src = Float32Array.from({ length: 2 + 37 * 45 }, (_, i) => i);
    const dst = new Float32Array(37 * 45);
    transposeInto(src, 2, 37, 45, dst, 0);
    for (let r = 0; r < 37; r++) for (let c = 0; c < 45; c++) expect(dst[c * 37 + r]).toBe(src[2 + r * 45 + c]);
  });

  it('can hand tfjs its own kernel back, and take it again', () => {
    const a = values(40 * 7);
    const b = values(40 * 9);
    const product = () => tf.tidy(() => Array.from(tf.matMul(tf.tensor2d(a, [40, 7]), tf.tensor2d(b, [40, 9]), true, false).dataSync()));
    const ours = product();
    unregisterWasmMatMul();
    const stock = product();
    expect(registerWasmMatMul()).toBe(true);
    expect(product()).toEqual(ours);
    stock.forEach((v, j) => expect(v).toBeCloseTo(ours[j]!, 4));
  });

  it('leaves int32 products to tfjs (its own error)', () => {
    expect(() => tf.matMul(tf.ones([2, 2], 'int32'), tf.ones([2, 2], 'int32'), true, false)).toThrow(/float32/);
  });
});
