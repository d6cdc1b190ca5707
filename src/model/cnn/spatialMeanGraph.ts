import * as tf from '@tensorflow/tfjs';
import { GraphConstants, nodeOf, type GraphNode } from './graphConstants';

/**
 * CenterNet's spatial means run as average pools on WASM.
 *
 * The graph averages NHWC maps over their height and width in 9 places (MobileNetV3's 8
 * squeeze-excite blocks and the head's (S/4)²×128 decoder map). tfjs's WASM Mean reduces only its
 * last axis, so for axes [1, 2] it first transposes the whole map, then sums it in a plain loop:
 * 128 ms for the decoder map of a photo's 5 views, where XNNPACK's global average pool takes 2 ms
 * (`tf.avgPool` with the map's own size as window). The rewrite gives those Mean nodes an op of
 * ours that runs the average pool on WASM and tfjs's Mean on every other backend (WebGPU and WebGL
 * already turn a global pool into a mean, and the CPU backend has no faster pool), so the values on
 * WASM change by float rounding only (the sums are taken in another order).
 */
export const SPATIAL_MEAN_OP = 'BeamsightSpatialMean';

interface Topology { node: GraphNode[] }


/** The mean over axes 1 and 2 of a [B,H,W,C] map, kept as [B,1,1,C]: an average pool on WASM. */
export function spatialMean(x: tf.Tensor4D): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`${SPATIAL_MEAN_OP} takes a [B,H,W,C] map, got rank ${x.rank}`);
  if (tf.getBackend() !== 'wasm') return tf.mean(x, [1, 2], true);
  return tf.avgPool(x, [x.shape[1], x.shape[2]], 1, 'valid');
}

let registered = false;
/** Registers SPATIAL_MEAN_OP with tfjs's graph executor (once; loadBackbone calls it). */
export function registerSpatialMeanOp(): void {
  if (registered) return;
  tf.registerOp(SPATIAL_MEAN_OP, (node) => spatialMean(node.inputs[0] as tf.Tensor4D));
  registered = true;
}

/**
 * Gives every `Mean` over axes [1, 2] with keep_dims the op SPATIAL_MEAN_OP (its axes input is
 * dropped: the op knows them). Returns the rewritten artifacts and how many nodes were rewritten.
 */
export function rewriteSpatialMeans(artifacts: tf.io.ModelArtifacts): { artifacts: tf.io.ModelArtifacts; rewritten: number } {
  const topology = artifacts.modelTopology as Topology;
  const consts = new GraphConstants(artifacts.weightSpecs!, tf.io.CompositeArrayBuffer.join(artifacts.weightData!));
  let rewritten = 0;
  const node = topology.node.map((n) => {
    const keep = (n.attr?.keep_dims as { b?: boolean } | undefined)?.b === true;
    const axes = n.op === 'Mean' && n.input?.length === 2 ? consts.ints(nodeOf(n.input[1]!)) : null;
    if (!keep || !axes || axes.length !== 2 || axes[0] !== 1 || axes[1] !== 2) return n;
    rewritten++;
    return { ...n, op: SPATIAL_MEAN_OP, input: [n.input![0]!], attr: { T: n.attr!.T } };
  });
  return { artifacts: { ...artifacts, modelTopology: { ...topology, node } }, rewritten };
}

/** Wraps a model handler so that the loaded graph's spatial means run as SPATIAL_MEAN_OP. */
export function spatialMeanGraph(handler: tf.io.IOHandler): tf.io.IOHandler {
  registerSpatialMeanOp();
  return { async load() { return rewriteSpatialMeans(await handler.load!()).artifacts; } };
}
