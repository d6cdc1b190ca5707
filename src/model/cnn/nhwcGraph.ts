import * as tf from '@tensorflow/tfjs';
import { GraphConstants as Constants, nodeOf, storedBytes, type GraphNode } from './graphConstants';

/**
 * Rewrites a graph model exported from PyTorch through ONNX (NanoDet) so that it runs in NHWC.
 *
 * The export keeps PyTorch's NCHW layout and wraps every convolution in a pair of transposes:
 * Pad (NCHW) → Transpose to NHWC → Conv2D → Add bias → Transpose to NCHW → LeakyRelu. On WebGPU each
 * transpose is a dispatch, and NanoDet runs 83 of them. The rewrite sinks those transposes:
 * - every tensor known to be `Transpose(x, NHWC→NCHW)` is tracked as x;
 * - layout-free ops (LeakyRelu, Sigmoid, Add, Pad, ConcatV2, SplitV) on such tensors are re-made on
 *   x, with their paddings or axis moved to NHWC, and a transpose back to NHWC of one cancels;
 * - `Reshape(NCHW [1,C,H,W] → [1,C,HW])` then `Transpose [0,2,1]` becomes `Reshape(x, [1,-1,C])`;
 * - the input is declared NHWC ([1,H,W,3]), so the caller needs no transpose either;
 * - any other consumer gets one explicit transpose back to NCHW (none in NanoDet).
 * Then each zero Pad feeding a VALID Conv2D becomes the convolution's explicit padding, and
 * Conv2D + bias Add (+ LeakyRelu) become one `_FusedConv2D`, as the TF.js converter fuses them.
 * The arithmetic is the same; only the order of memory and the number of kernels change.
 */

interface Topology { node: GraphNode[] }
interface TensorShapeJson { dim?: { size: string | number }[] }
interface Signature { inputs?: Record<string, { name?: string; tensorShape?: TensorShapeJson }>; outputs?: Record<string, { name?: string }> }

const TO_NHWC = [0, 2, 3, 1];
const TO_NCHW = [0, 3, 1, 2];
const UNARY = new Set(['LeakyRelu', 'Sigmoid', 'Relu', 'Relu6']);
const BINARY = new Set(['Add', 'AddV2', 'Mul', 'Sub']);
const b64 = (s: string) => (typeof btoa === 'function' ? btoa(s) : Buffer.from(s, 'latin1').toString('base64'));
const unb64 = (s: string) => (typeof atob === 'function' ? atob(s) : Buffer.from(s, 'base64').toString('latin1'));

const same = (a: number[] | null, b: number[]) => a !== null && a.length === b.length && a.every((v, i) => v === b[i]);
const strAttr = (n: GraphNode, key: string) => {
  const v = (n.attr?.[key] as { s?: string } | undefined)?.s;
  return v === undefined ? undefined : unb64(v);
};

/** Nodes in an order where every node comes after its inputs (Kahn). */
function topological(nodes: GraphNode[]): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const out: GraphNode[] = [];
  const visit = (n: GraphNode) => {
    const stack: [GraphNode, number][] = [[n, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      if (seen.has(node.name)) { stack.pop(); continue; }
      const inputs = node.input ?? [];
      if (i < inputs.length) {
        top[1]++;
        const dep = byName.get(nodeOf(inputs[i]!));
        if (dep && !seen.has(dep.name)) stack.push([dep, 0]);
        continue;
      }
      seen.add(node.name);
      out.push(node);
      stack.pop();
    }
  };
  nodes.forEach(visit);
  return out;
}

/** Rewrites an NCHW-exported graph to NHWC (see the file comment). `inputName` becomes [1,H,W,C]. */
export function rewriteNchwGraph(artifacts: tf.io.ModelArtifacts, inputName: string): tf.io.ModelArtifacts {
  const topology = artifacts.modelTopology as Topology;
  const buffer = tf.io.CompositeArrayBuffer.join(artifacts.weightData!);
  const consts = new Constants(artifacts.weightSpecs!, buffer);
  const nodes = topological(topology.node.map((n) => ({ ...n, input: n.input ? [...n.input] : undefined, attr: n.attr ? { ...n.attr } : undefined })));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const consumers = new Map<string, GraphNode[]>();
  for (const n of nodes) for (const i of n.input ?? []) consumers.set(nodeOf(i), [...(consumers.get(nodeOf(i)) ?? []), n]);
  const constInts = (ref: string) => (byName.get(nodeOf(ref))?.op === 'Const' ? consts.ints(nodeOf(ref)) : null);

  /** tensor ref (name or name:k) → ref of the same values in NHWC, for tensors that are NCHW views of it */
  const nhwc = new Map<string, string>();
  /** channels of NHWC tensors, where known (for reshapes) */
  const channels = new Map<string, number>();
  /** references to replace: a removed transpose → the tensor it equals */
  const alias = new Map<string, string>();
  const added: GraphNode[] = [];
  const resolve = (ref: string): string => {
    let r = ref.replace(/:0$/, '');
    while (alias.has(r)) r = alias.get(r)!;
    return r;
  };
  const layoutOf = (ref: string) => nhwc.get(resolve(ref));
  const clone = (n: GraphNode, input: string[], extra: Record<string, unknown> = {}): GraphNode => {
    const c: GraphNode = { ...n, name: `${n.name}/nhwc`, input, attr: { ...n.attr, ...extra } };
    added.push(c);
    return c;
  };

  // the input, declared NHWC
  const placeholder = byName.get(inputName);
  const dims = (placeholder?.attr?.shape as { shape?: TensorShapeJson } | undefined)?.shape?.dim;
  if (!placeholder || dims?.length !== 4) throw new Error(`nhwcGraph: no 4-D input "${inputName}"`);
  const nchwDims = dims.map((d) => d.size);
  (placeholder.attr!.shape as { shape: TensorShapeJson }).shape.dim = TO_NHWC.map((p) => ({ size: nchwDims[p]! }));
  nhwc.set(inputName, inputName);
  channels.set(inputName, Number(nchwDims[1]));

  for (const n of nodes) {
    if (n.op === 'Const' || n.op === 'Placeholder') continue;
    const inputs = (n.input ?? []).filter((i) => !i.startsWith('^'));
    const x = inputs[0] ? layoutOf(inputs[0]) : undefined;
    if (n.op === 'Transpose') {
      const perm = constInts(inputs[1]!);
      if (x !== undefined && same(perm, TO_NHWC)) { alias.set(n.name, x); continue; }
      if (same(perm, TO_NCHW)) { nhwc.set(n.name, resolve(inputs[0]!)); continue; }
      if (x === undefined) continue;
    }
    if (x !== undefined && UNARY.has(n.op)) {
      const c = clone(n, [x]);
      nhwc.set(n.name, c.name);
      if (channels.has(x)) channels.set(c.name, channels.get(x)!);
      continue;
    }
    if (BINARY.has(n.op) && inputs.length === 2 && inputs.every((i) => layoutOf(i) !== undefined)) {
      const c = clone(n, inputs.map((i) => layoutOf(i)!));
      nhwc.set(n.name, c.name);
      continue;
    }
    if ((n.op === 'Pad' || n.op === 'PadV2') && x !== undefined) {
      const p = constInts(inputs[1]!);
      if (p && p.length === 8) {
        const moved = TO_NHWC.flatMap((axis) => [p[axis * 2]!, p[axis * 2 + 1]!]);
        const k = consts.add(`${n.name}/nhwc/paddings`, moved, [4, 2]);
        added.push(k);
        const c = clone(n, [x, k.name, ...inputs.slice(2)]);
        nhwc.set(n.name, c.name);
        if (channels.has(x)) channels.set(c.name, channels.get(x)!);
        continue;
      }
    }
    if (n.op === 'ConcatV2') {
      const axis = constInts(inputs[inputs.length - 1]!);
      const data = inputs.slice(0, -1);
      if (axis && (axis[0] === 1 || axis[0] === -3) && data.every((i) => layoutOf(i) !== undefined)) {
        const k = consts.add(`${n.name}/nhwc/axis`, [3], []);
        added.push(k);
        const c = clone(n, [...data.map((i) => layoutOf(i)!), k.name]);
        nhwc.set(n.name, c.name);
        continue;
      }
    }
    if (n.op === 'SplitV' && x !== undefined) {
      const sizes = constInts(inputs[1]!);
      const axis = constInts(inputs[2]!);
      if (sizes && axis && (axis[0] === 1 || axis[0] === -3)) {
        const k = consts.add(`${n.name}/nhwc/axis`, [3], []);
        added.push(k);
        const c = clone(n, [x, inputs[1]!, k.name]);
        sizes.forEach((size, j) => {
          nhwc.set(j === 0 ? n.name : `${n.name}:${j}`, j === 0 ? c.name : `${c.name}:${j}`);
          channels.set(j === 0 ? c.name : `${c.name}:${j}`, size);
        });
        continue;
      }
    }
    if (n.op === 'Reshape' && x !== undefined && channels.has(x)) {
      // Reshape(NCHW → [1, C, H·W]) then Transpose [0,2,1] is Reshape(NHWC → [1, H·W, C])
      const next = consumers.get(n.name) ?? [];
      const t = next[0];
      if (next.length === 1 && t!.op === 'Transpose' && same(constInts(t!.input![1]!), [0, 2, 1])) {
        const k = consts.add(`${n.name}/nhwc/shape`, [1, -1, channels.get(x)!], [3]);
        added.push(k);
        const c = clone(n, [x, k.name]);
        alias.set(t!.name, c.name);
        continue;
      }
    }
    // any other op: its NCHW inputs made explicit from their NHWC tensors
    n.input = (n.input ?? []).map((ref) => {
      const r = resolve(ref);
      const src = nhwc.get(r);
      if (src === undefined || byName.get(nodeOf(r))?.op === 'Transpose') return r === ref.replace(/:0$/, '') ? ref : r;
      const name = `${r.replace(':', '_')}/nchw`;
      if (!added.some((a) => a.name === name)) {
        const perm = consts.add(`${name}/perm`, TO_NCHW, [4]);
        added.push(perm, { name, op: 'Transpose', input: [src, perm.name], attr: { T: { type: 'DT_FLOAT' }, Tperm: { type: 'DT_INT32' } } });
      }
      return name;
    });
  }

  let all = [...nodes, ...added];
  for (const n of all) if (n.input) n.input = n.input.map((i) => (i.startsWith('^') ? i : resolve(i)));
  const signature = (artifacts as { signature?: Signature }).signature;
  const outputs = Object.values(signature?.outputs ?? {}).map((o) => nodeOf(o.name!));
  // fusing leaves the pads' paddings and the transposes' perms unused: prune again after it
  all = liveNodes(fuseConvolutions(liveNodes(all, outputs), consts), outputs);
  const sigInput = signature?.inputs?.[`${inputName}:0`] ?? signature?.inputs?.[inputName];
  if (sigInput?.tensorShape?.dim) sigInput.tensorShape.dim = TO_NHWC.map((p) => ({ size: nchwDims[p]! }));
  const weights = consts.result();
  const live = new Set(all.map((n) => n.name));
  return { ...artifacts, modelTopology: { ...topology, node: all }, ...pruneWeights(weights, weights.specs.filter((s) => live.has(s.name))) };
}

/** The nodes that the outputs need (placeholders kept). */
function liveNodes(nodes: GraphNode[], outputs: string[]): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const live = new Set<string>();
  const stack = [...outputs];
  while (stack.length) {
    const name = stack.pop()!;
    if (live.has(name)) continue;
    live.add(name);
    for (const i of byName.get(name)?.input ?? []) stack.push(nodeOf(i));
  }
  return nodes.filter((n) => live.has(n.name) || n.op === 'Placeholder');
}

/** Keeps only the weights of live Const nodes, in order, with their bytes. */
function pruneWeights(weights: { specs: tf.io.WeightsManifestEntry[]; buffer: ArrayBuffer }, keep: tf.io.WeightsManifestEntry[]): { weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer } {
  const wanted = new Set(keep.map((s) => s.name));
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const spec of weights.specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1) * storedBytes(spec);
    if (wanted.has(spec.name)) parts.push(new Uint8Array(weights.buffer, at, size));
    at += size;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.byteLength; }
  return { weightSpecs: keep, weightData: out.buffer };
}

/** Zero Pad → VALID Conv2D becomes explicit padding; Conv2D + bias Add (+ LeakyRelu/Relu) one _FusedConv2D. */
function fuseConvolutions(nodes: GraphNode[], consts: Constants): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const uses = (name: string) => nodes.filter((n) => (n.input ?? []).some((i) => nodeOf(i) === name));
  const removed = new Set<string>();
  const out: GraphNode[] = [];
  for (const n of nodes) {
    if (removed.has(n.name)) continue;
    if (n.op !== 'Conv2D' || (strAttr(n, 'data_format') ?? 'NHWC') !== 'NHWC') { out.push(n); continue; }
    const conv: GraphNode = { ...n, input: [...n.input!], attr: { ...n.attr } };
    const pad = byName.get(nodeOf(conv.input![0]!));
    if (pad?.op === 'Pad' && strAttr(conv, 'padding') === 'VALID' && uses(pad.name).length === 1) {
      const p = consts.ints(nodeOf(pad.input![1]!));
      if (p && p.length === 8 && p[0] === 0 && p[1] === 0 && p[6] === 0 && p[7] === 0) {
        conv.input![0] = pad.input![0]!;
        conv.attr!.padding = { s: b64('EXPLICIT') };
        conv.attr!.explicit_paddings = { list: { i: p.map(String) } };
        removed.add(pad.name);
        const at = out.indexOf(pad);
        if (at >= 0) out.splice(at, 1);
      }
    }
    let last = conv;
    const fused: string[] = [];
    const add = uses(conv.name);
    const bias = add.length === 1 && (add[0]!.op === 'Add' || add[0]!.op === 'BiasAdd' || add[0]!.op === 'AddV2') ? add[0]! : undefined;
    const biasRef = bias?.input?.find((i) => nodeOf(i) !== conv.name);
    if (bias && biasRef && byName.get(nodeOf(biasRef))?.op === 'Const' && bias.input!.length === 2) {
      fused.push('BiasAdd');
      removed.add(bias.name);
      last = bias;
      const act = uses(bias.name);
      if (act.length === 1 && (act[0]!.op === 'LeakyRelu' || act[0]!.op === 'Relu')) {
        fused.push(act[0]!.op);
        removed.add(act[0]!.name);
        last = act[0]!;
      }
    }
    if (fused.length === 0) { out.push(conv); continue; }
    const alpha = (last.attr?.alpha as { f?: number } | undefined)?.f;
    out.push({
      name: last.name, op: '_FusedConv2D', input: [...conv.input!, biasRef!], device: conv.device,
      attr: {
        ...conv.attr, fused_ops: { list: { s: fused.map(b64) } }, num_args: { i: '1' },
        ...(fused.includes('LeakyRelu') && { leakyrelu_alpha: { f: alpha ?? 0.2 } }),
      },
    });
  }
  return out;
}

/** Wraps a model handler so that the loaded graph is rewritten to NHWC (see rewriteNchwGraph). */
export function nhwcGraph(handler: tf.io.IOHandler, inputName: string): tf.io.IOHandler {
  return { async load() { return rewriteNchwGraph(await handler.load!(), inputName); } };
}
