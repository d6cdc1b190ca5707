import * as tf from '@tensorflow/tfjs';
import { GraphConstants, nodeOf, type GraphNode } from './graphConstants';

interface TensorShapeJson { dim?: { size: string | number }[] }
interface Topology { node: GraphNode[] }
type Signature = { inputs?: Record<string, { tensorShape?: TensorShapeJson }> };

/**
 * Re-declares a graph's image input as [-1, size, size, C] and makes the graph compute at that size.
 *
 * - The batch becomes free: CenterNet declares a batch of 1, but every op up to the maps we read is
 *   batch-agnostic, so a photo's views run as one batch, one `execute()`.
 * - The side becomes `size`. CenterNet's decoder upsamples by ResizeBilinear to sizes the converter
 *   folded into constants for its own 512² input; each is scaled by size / 512, so every map keeps
 *   its stride (extern1 at 1/32 of the side, the heat-maps at 1/4). At the graph's own side nothing
 *   but the batch changes.
 */
export function rewriteInputSize(artifacts: tf.io.ModelArtifacts, inputName: string, size: number): tf.io.ModelArtifacts {
  const topology = artifacts.modelTopology as Topology;
  const placeholder = topology.node.find((n) => n.name === inputName);
  const dims = (placeholder?.attr?.shape as { shape?: TensorShapeJson } | undefined)?.shape?.dim;
  if (!placeholder || dims?.length !== 4) throw new Error(`inputSizeGraph: no 4-D input "${inputName}"`);
  const native = Number(dims[1]!.size);
  if (!(native > 0) || Number(dims[2]!.size) !== native) throw new Error(`inputSizeGraph: input "${inputName}" is not a fixed square`);
  const scale = size / native;
  const shape = (d: TensorShapeJson['dim']) => d && [-1, size, size, d[3]!.size].map((s) => ({ size: String(s) }));
  let node = topology.node.map((n) => (n === placeholder
    ? { ...n, attr: { ...n.attr, shape: { shape: { dim: shape(dims) } } } }
    : n));
  let weights = { specs: artifacts.weightSpecs!, buffer: tf.io.CompositeArrayBuffer.join(artifacts.weightData!) };
  if (size !== native) {
    const consts = new GraphConstants(weights.specs, weights.buffer);
    const added: GraphNode[] = [];
    node = node.map((n) => {
      if (n.op !== 'ResizeBilinear' && n.op !== 'ResizeNearestNeighbor') return n;
      const to = consts.ints(nodeOf(n.input![1]!));
      if (!to || to.length !== 2) throw new Error(`inputSizeGraph: ${n.name} resizes to a size that is not a constant`);
      const scaled = to.map((s) => s * scale);
      if (!scaled.every(Number.isInteger)) throw new Error(`inputSizeGraph: ${n.name} cannot scale ${to} by ${size}/${native}`);
      const k = consts.add(`${n.name}/size${size}`, scaled, [2]);
      added.push(k);
      return { ...n, input: [n.input![0]!, k.name, ...n.input!.slice(2)] };
    });
    node.push(...added);
    weights = consts.result();
  }
  const sig = artifacts.signature as Signature | undefined;
  const sigDims = sig?.inputs?.[inputName]?.tensorShape?.dim;
  const signature = sigDims
    ? { ...sig, inputs: { ...sig!.inputs, [inputName]: { ...sig!.inputs![inputName], tensorShape: { dim: shape(sigDims) } } } }
    : artifacts.signature;
  return { ...artifacts, modelTopology: { ...topology, node }, weightSpecs: weights.specs, weightData: weights.buffer, signature };
}

/** Wraps a model handler so that the loaded graph runs batches of `size`² images (rewriteInputSize). */
export function inputSizeGraph(handler: tf.io.IOHandler, inputName: string, size: number): tf.io.IOHandler {
  return { async load() { return rewriteInputSize(await handler.load!(), inputName, size); } };
}
