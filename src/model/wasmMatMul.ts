import * as tf from '@tensorflow/tfjs';

/**
 * tfjs's WASM BatchMatMul, kept on XNNPACK for transposed and batched products.
 *
 * tfjs-backend-wasm runs a product on XNNPACK's fully-connected operator only when neither side is
 * transposed and both have a batch of one; every other product (each gradient of a matMul, whose
 * formulas transpose one side, and every rank-3 product) goes to a plain blocked loop without SIMD:
 * 7–15× slower here (`[32,3728]ᵀ·[32,128]`: 14 ms against 2 ms). This kernel makes such a product
 * a series of the fast ones: per batch entry it copies (and, where asked, transposes) the operands
 * in JS into rank-2 tensors, runs tfjs's own kernel on them, and copies the result into place. The
 * values change by float rounding only (XNNPACK sums in another order). Untransposed products of a
 * batch of one are handed to tfjs's kernel as they are.
 */

/** The parts of tfjs-backend-wasm's backend that the kernel uses. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): boolean;
}

const product = (dims: readonly number[]): number => dims.reduce((n, d) => n * d, 1);

/** dst[i, k] = src[k, i]: a [rows, cols] block of src copied transposed into dst ([cols, rows]). */
export function transposeInto(src: Float32Array, srcOffset: number, rows: number, cols: number, dst: Float32Array, dstOffset: number): void {
  const tile = 32;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(r0 + tile, rows);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(c0 + tile, cols);
      for (let r = r0; r < r1; r++) {
        const from = srcOffset + r * cols;
        for (let c = c0; c < c1; c++) dst[dstOffset + c * rows + r] = src[from + c]!;
      }
    }
  }
}

/** The batch entry of an operand that the fast kernel reads: the tensor itself, or a copy made here. */
interface Operand { info: tf.TensorInfo; copied: boolean }

function makeKernel(stock: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const backend = args.backend as unknown as WasmBackendLike;
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = product(outerA);
    const batchB = product(outerB);
    const plain = !transposeA && !transposeB && batchA === 1 && batchB === 1;
    // the fast kernel's case, other dtypes (its error message), and batch shapes that broadcast
    // other than one-against-many: tfjs's own kernel
    if (plain || a.dtype !== 'float32' || b.dtype !== 'float32' || (batchA !== batchB && batchA !== 1 && batchB !== 1)) {
      return stock.kernelFunc(args);
    }
    const ra = a.shape.length;
    const rb = b.shape.length;
    const rows = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
    const inner = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
    const innerB = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
    const cols = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
    if (inner !== innerB) return stock.kernelFunc(args); // its error message
    const batch = Math.max(batchA, batchB);
    const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB), rows, cols];

    /** Operand x's entry m as a [r, c] tensor (x holds [r, c] blocks, or [c, r] ones when transposed). */
    const entry = (x: tf.TensorInfo, xBatch: number, m: number, transposed: boolean, r: number, c: number): Operand => {
      if (!transposed && xBatch === 1) return { info: x, copied: false };
      const info = backend.makeOutput([r, c], 'float32');
      const src = backend.typedArrayFromHeap(x); // views after the allocation: it may grow the heap
      const dst = backend.typedArrayFromHeap(info);
      const offset = (xBatch === 1 ? 0 : m) * r * c;
      if (transposed) transposeInto(src, offset, c, r, dst, 0);
      else dst.set(src.subarray(offset, offset + r * c));
      return { info, copied: true };
    };
    const run = (m: number): tf.TensorInfo => {
      const left = entry(a, batchA, m, transposeA, rows, inner);
      const right = entry(b, batchB, m, transposeB, inner, cols);
      const result = stock.kernelFunc({ ...args, inputs: { a: left.info, b: right.info }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as tf.TensorInfo;
      for (const o of [left, right]) if (o.copied) backend.disposeData(o.info.dataId);
      return result;
    };
    if (batch === 1) {
      const result = run(0);
      return { ...result, shape: outShape };
    }
    const out = backend.makeOutput(outShape, 'float32');
    const block = rows * cols;
    for (let m = 0; m < batch; m++) {
      const result = run(m);
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(result).subarray(0, block), m * block);
      backend.disposeData(result.dataId);
    }
    return out;
  };
}

/** tfjs's own kernel while ours is registered. */
let stockKernel: tf.KernelConfig | null = null;

/**
 * Replaces the WASM backend's BatchMatMul kernel with the one above (once; a no-op where the WASM
 * backend is not registered). Every later tf.matMul on WASM, and every matMul gradient, uses it.
 */
export function registerWasmMatMul(): boolean {
  if (stockKernel) return true;
  const stock = tf.getKernel('BatchMatMul', 'wasm');
  if (!stock) return false;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: makeKernel(stock) });
  stockKernel = stock;
  return true;
}

/** Puts tfjs's own kernel back (benchmarks compare the two in one process). */
export function unregisterWasmMatMul(): void {
  if (!stockKernel) return;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(stockKernel);
  stockKernel = null;
}
