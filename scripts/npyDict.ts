/**
 * Reads a NumPy `.npy` file that holds one Python dict of small numeric arrays, as written by
 * `np.save(path, {key: np.array([...])})` (a 0-d object array, pickled with protocol 2 to 4): the layout
 * of the image-level label files (`cls_labels.npy`) that public VOC 2012 repositories publish.
 *
 * Only the pickle opcodes such a file uses are understood, and only the callables it names
 * (`numpy.core.multiarray._reconstruct`, `numpy.dtype`, `_codecs.encode`); anything else is refused
 * with its name, so a file of another shape fails loudly instead of being misread.
 */

/** One numeric array of the dict: its shape and its values, as numbers. */
export interface NpyArray {
  shape: number[];
  dtype: string;
  values: number[];
}

type Value = unknown;
interface Global { global: string }
interface Reduced { call: string; args: Value[]; state?: Value }
const MARK = Symbol('mark');

const NUMERIC: Record<string, { bytes: number; read: (v: DataView, at: number) => number }> = {
  f4: { bytes: 4, read: (v, at) => v.getFloat32(at, true) },
  f8: { bytes: 8, read: (v, at) => v.getFloat64(at, true) },
  i4: { bytes: 4, read: (v, at) => v.getInt32(at, true) },
  i8: { bytes: 8, read: (v, at) => Number(v.getBigInt64(at, true)) },
  u1: { bytes: 1, read: (v, at) => v.getUint8(at) },
  b1: { bytes: 1, read: (v, at) => v.getUint8(at) },
};

/** NumPy's array rebuilder, under its NumPy 1 and NumPy 2 module names. */
const RECONSTRUCT = 'numpy.core.multiarray._reconstruct';
const globalName = (module: string, name: string) => `${module === 'numpy._core.multiarray' ? 'numpy.core.multiarray' : module}.${name}`;

const isReduced = (v: Value): v is Reduced => typeof v === 'object' && v !== null && 'call' in v;

/** The array a `_reconstruct` + BUILD pair stands for (numeric, or a list for an object array). */
function toArray(r: Reduced): NpyArray | Value[] {
  const state = r.state as Value[] | undefined;
  if (!Array.isArray(state) || state.length !== 5) throw new Error('npy: an ndarray without its state');
  const [, shapeV, dtypeV, , data] = state;
  const shape = shapeV as number[];
  if (!isReduced(dtypeV) || dtypeV.call !== 'numpy.dtype') throw new Error('npy: an ndarray without a dtype');
  const dtype = String(dtypeV.args[0]);
  if (dtype === 'O8') return data as Value[];
  const kind = NUMERIC[dtype];
  if (!kind) throw new Error(`npy: dtype ${dtype} is not read`);
  const order = (dtypeV.state as Value[] | undefined)?.[1];
  if (order === '>') throw new Error('npy: big-endian arrays are not read');
  if (!(data instanceof Uint8Array)) throw new Error('npy: an ndarray whose data is not bytes');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n * kind.bytes !== data.byteLength) throw new Error(`npy: ${data.byteLength} bytes for shape ${shape.join('×')} of ${dtype}`);
  return { shape, dtype, values: Array.from({ length: n }, (_, i) => kind.read(view, i * kind.bytes)) };
}

/** What a callable gives for its arguments. */
function call(fn: Value, args: Value[]): Value {
  const name = (fn as Global).global;
  if (name === '_codecs.encode') {
    const [text, codec] = args as [string, string];
    if (codec !== 'latin1') throw new Error(`npy: _codecs.encode with ${codec}`);
    return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
  }
  if (name === RECONSTRUCT || name === 'numpy.dtype') return { call: name, args } satisfies Reduced;
  throw new Error(`npy: the pickle calls ${name}, which is not read`);
}

/** Runs the pickle stream and returns the object it builds. */
function unpickle(bytes: Uint8Array): Value {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number, n: number) => new TextDecoder().decode(bytes.subarray(at, at + n));
  const stack: Value[] = [];
  const memo = new Map<number, Value>();
  const popMark = (): Value[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) throw new Error('npy: no mark on the stack');
    return stack.splice(at).slice(1);
  };
  let i = 0;
  for (;;) {
    const op = bytes[i++];
    switch (op) {
      case 0x80: i += 1; break; // PROTO
      case 0x63: { // GLOBAL "module\nname\n"
        const end1 = bytes.indexOf(10, i), end2 = bytes.indexOf(10, end1 + 1);
        stack.push({ global: globalName(text(i, end1 - i), text(end1 + 1, end2 - end1 - 1)) } satisfies Global);
        i = end2 + 1;
        break;
      }
      case 0x95: i += 8; break; // FRAME
      case 0x93: { const name = stack.pop() as string; const module = stack.pop() as string; stack.push({ global: globalName(module, name) } satisfies Global); break; } // STACK_GLOBAL
      case 0x94: memo.set(memo.size, stack.at(-1)); break; // MEMOIZE
      case 0x8c: { const n = bytes[i]!; stack.push(text(i + 1, n)); i += 1 + n; break; } // SHORT_BINUNICODE
      case 0x71: memo.set(bytes[i]!, stack.at(-1)); i += 1; break; // BINPUT
      case 0x72: memo.set(view.getUint32(i, true), stack.at(-1)); i += 4; break; // LONG_BINPUT
      case 0x68: stack.push(memo.get(bytes[i]!)); i += 1; break; // BINGET
      case 0x6a: stack.push(memo.get(view.getUint32(i, true))); i += 4; break; // LONG_BINGET
      case 0x4b: stack.push(bytes[i]!); i += 1; break; // BININT1
      case 0x4d: stack.push(view.getUint16(i, true)); i += 2; break; // BININT2
      case 0x4a: stack.push(view.getInt32(i, true)); i += 4; break; // BININT
      case 0x58: { const n = view.getUint32(i, true); stack.push(text(i + 4, n)); i += 4 + n; break; } // BINUNICODE
      case 0x43: { const n = bytes[i]!; stack.push(bytes.slice(i + 1, i + 1 + n)); i += 1 + n; break; } // SHORT_BINBYTES
      case 0x42: { const n = view.getUint32(i, true); stack.push(bytes.slice(i + 4, i + 4 + n)); i += 4 + n; break; } // BINBYTES
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x7d: stack.push(new Map<Value, Value>()); break; // EMPTY_DICT
      case 0x28: stack.push(MARK); break; // MARK
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push(stack.splice(-1)); break; // TUPLE1
      case 0x86: stack.push(stack.splice(-2)); break; // TUPLE2
      case 0x87: stack.push(stack.splice(-3)); break; // TUPLE3
      case 0x52: { const args = stack.pop() as Value[]; const fn = stack.pop(); stack.push(call(fn, args)); break; } // REDUCE
      case 0x62: { const state = stack.pop(); const obj = stack.at(-1); if (!isReduced(obj)) throw new Error('npy: BUILD on a plain value'); obj.state = state; break; } // BUILD
      case 0x61: { const v = stack.pop(); (stack.at(-1) as Value[]).push(v); break; } // APPEND
      case 0x65: { const vs = popMark(); (stack.at(-1) as Value[]).push(...vs); break; } // APPENDS
      case 0x73: { const v = stack.pop(); const k = stack.pop(); (stack.at(-1) as Map<Value, Value>).set(k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const kv = popMark();
        const dict = stack.at(-1) as Map<Value, Value>;
        for (let k = 0; k < kv.length; k += 2) dict.set(kv[k], kv[k + 1]);
        break;
      }
      case 0x2e: return stack.pop(); // STOP
      default: throw new Error(`npy: pickle opcode 0x${(op ?? 0).toString(16)} at byte ${i - 1} is not read`);
    }
  }
}

/** The dict of a `.npy` file (see the file's comment), each value a numeric array. */
export function readNpyDict(file: Uint8Array): Map<string, NpyArray> {
  if (new TextDecoder('latin1').decode(file.subarray(0, 6)) !== '\x93NUMPY') throw new Error('npy: not a .npy file');
  const major = file[6];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 + headerLength : 12 + headerLength;
  const header = new TextDecoder('latin1').decode(file.subarray(major === 1 ? 10 : 12, start));
  if (!header.includes("'descr': '|O'") || !header.includes("'shape': ()")) throw new Error('npy: not a single pickled object');
  const root = unpickle(file.subarray(start));
  if (!isReduced(root)) throw new Error('npy: the pickle does not hold an array');
  const items = toArray(root);
  const dict = Array.isArray(items) ? items[0] : undefined;
  if (!(dict instanceof Map)) throw new Error('npy: the object array does not hold a dict');
  const out = new Map<string, NpyArray>();
  for (const [k, v] of dict) {
    if (!isReduced(v)) throw new Error(`npy: the value of ${String(k)} is not an array`);
    const arr = toArray(v);
    if (Array.isArray(arr)) throw new Error(`npy: the value of ${String(k)} is an object array`);
    out.set(String(k), arr);
  }
  return out;
}
