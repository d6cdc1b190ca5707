import * as tf from '@tensorflow/tfjs';

/** A graph node as a model.json's modelTopology lists it. */
export interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
  device?: string;
}

/** The node a tensor reference (`name`, `name:k` or a control input `^name`) comes from. */
export const nodeOf = (ref: string): string => ref.replace(/^\^/, '').split(':')[0]!;

/** Bytes per element of a weight as stored (quantized weights take fewer). */
export function storedBytes(spec: tf.io.WeightsManifestEntry): number {
  const q = spec.quantization?.dtype;
  if (q === 'uint8') return 1;
  if (q === 'uint16' || q === 'float16') return 2;
  if (spec.dtype === 'float32' || spec.dtype === 'int32') return 4;
  throw new Error(`graph rewrite: cannot read weight ${spec.name} of type ${spec.dtype}`);
}

/** The graph's int32 constants, read from the weight buffer; new int32 constants appended to it. */
export class GraphConstants {
  private readonly offsets = new Map<string, number>();
  private readonly added: { spec: tf.io.WeightsManifestEntry; data: Int32Array }[] = [];
  private end = 0;
  constructor(private readonly specs: tf.io.WeightsManifestEntry[], private readonly buffer: ArrayBuffer) {
    for (const spec of specs) {
      this.offsets.set(spec.name, this.end);
      this.end += spec.shape.reduce((a, b) => a * b, 1) * storedBytes(spec);
    }
  }

  /** Values of an int32 constant, or null when the name is not one. */
  ints(name: string): number[] | null {
    const mine = this.added.find((a) => a.spec.name === name);
    if (mine) return Array.from(mine.data);
    const spec = this.specs.find((s) => s.name === name);
    if (!spec || spec.dtype !== 'int32' || spec.quantization) return null;
    const n = spec.shape.reduce((a, b) => a * b, 1);
    return Array.from(new Int32Array(this.buffer.slice(this.offsets.get(name)!, this.offsets.get(name)! + n * 4)));
  }

  /** Adds an int32 constant: its Const node for the graph. */
  add(name: string, values: number[], shape: number[]): GraphNode {
    this.added.push({ spec: { name, shape, dtype: 'int32' }, data: Int32Array.from(values) });
    return {
      name, op: 'Const',
      attr: { value: { tensor: { dtype: 'DT_INT32', tensorShape: shape.length ? { dim: shape.map((s) => ({ size: String(s) })) } : {} } }, dtype: { type: 'DT_INT32' } },
    };
  }

  /** The weights, the added constants after the original bytes. */
  result(): { specs: tf.io.WeightsManifestEntry[]; buffer: ArrayBuffer } {
    const extra = this.added.reduce((n, a) => n + a.data.byteLength, 0);
    const out = new Uint8Array(this.buffer.byteLength + extra);
    out.set(new Uint8Array(this.buffer));
    let at = this.buffer.byteLength;
    for (const a of this.added) {
      out.set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), at);
      at += a.data.byteLength;
    }
    return { specs: [...this.specs, ...this.added.map((a) => a.spec)], buffer: out.buffer };
  }
}
