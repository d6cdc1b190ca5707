import * as tf from '@tensorflow/tfjs';
import type { BaselineWeights } from './baseline';
import { headWeightShapes, type HeadDims, type HeadWeights } from './cnnRnn';
import { assertFiniteWeights, bytesPerValue, quantizeWeights, type WeightQuantization } from './weightQuantization';

/** Everything the app needs besides the CNN: the CNN-RNN head, the baseline and their metadata. */
export interface HeadModel {
  dims: HeadDims;
  labels: string[];
  weights: HeadWeights & BaselineWeights;
  /**
   * An ensemble's members (members[0] is `weights`), each trained alike with its own seed; absent
   * for a single head. Decoding averages their step distributions, the baseline their probabilities.
   */
  members?: (HeadWeights & BaselineWeights)[];
  /** Free-form facts written by training (metrics, command, feature layout). */
  meta: Record<string, unknown>;
}

/** Format tag written into model.json so a wrong file is recognised. */
export const HEAD_FORMAT = 'beamsight-cnnrnn-head/1';

/** A head's members: the ensemble's, or the head alone. */
export function headMembers(model: HeadModel): (HeadWeights & BaselineWeights)[] {
  return model.members?.length ? model.members : [model.weights];
}

/** Saved-name prefix of member i's tensors (member 0 has none, so a single head reads as before). */
export function memberPrefix(i: number): string {
  return i === 0 ? '' : `member${i}/`;
}

/** Expected shape of every saved tensor (head + baseline). */
export function allWeightShapes(d: HeadDims): Record<string, number[]> {
  return { ...headWeightShapes(d), 'baseline/W': [d.featureDim, d.numLabels], 'baseline/b': [d.numLabels] };
}

/** Checks a decoded weight map against the dims: names, shapes, dtype (metadata only); throws a clear error. */
export function validateWeights(map: tf.NamedTensorMap, d: HeadDims): void {
  const shapes = allWeightShapes(d);
  const missing = Object.keys(shapes).filter((k) => !(k in map));
  if (missing.length) throw new Error(`Head weights are missing ${missing.join(', ')}`);
  for (const [name, shape] of Object.entries(shapes)) {
    const t = map[name]!;
    if (t.dtype !== 'float32') throw new Error(`Head weight ${name} is ${t.dtype}, expected float32`);
    if (t.shape.join('x') !== shape.join('x')) {
      throw new Error(`Head weight ${name} has shape [${t.shape}], expected [${shape}]`);
    }
  }
}

/**
 * Serialises a head into tfjs's weights format: a model.json (weights manifest) and one .bin;
 * with `quantize`, its matrices stored as float16 or uint8 (weightQuantization.ts).
 */
export async function encodeHead(
  model: HeadModel, binName = 'head.bin', quantize?: WeightQuantization,
): Promise<{ json: tf.io.ModelJSON; bin: Uint8Array }> {
  const members = headMembers(model);
  const named: tf.NamedTensorMap = {};
  members.forEach((m, i) => {
    for (const [k, t] of Object.entries(m)) named[memberPrefix(i) + k] = t as tf.Tensor;
  });
  const encoded = await tf.io.encodeWeights(named);
  const float32 = encoded.data instanceof ArrayBuffer ? encoded.data : tf.io.concatenateArrayBuffers(encoded.data);
  const { data: buffer, specs } = quantize ? quantizeWeights(float32, encoded.specs, quantize) : { data: float32, specs: encoded.specs };
  const json: tf.io.ModelJSON = {
    modelTopology: {},
    format: HEAD_FORMAT,
    generatedBy: 'beamsight train',
    convertedBy: null,
    weightsManifest: [{ paths: [binName], weights: specs }],
    userDefinedMetadata: { dims: model.dims, labels: model.labels, members: members.length, meta: model.meta } as unknown as Record<string, object>,
  };
  return { json, bin: new Uint8Array(buffer) };
}

/**
 * Turns loaded artifacts into a validated HeadModel; every failure says what is wrong. Quantized
 * weights (float16, uint8) are decoded to float32 by tfjs's own decoder.
 */
export function decodeHead(artifacts: tf.io.ModelArtifacts): HeadModel {
  if (artifacts.format !== HEAD_FORMAT) {
    throw new Error(`Not a Beamsight head (format "${artifacts.format ?? 'none'}", expected "${HEAD_FORMAT}")`);
  }
  const user = artifacts.userDefinedMetadata as { dims?: HeadDims; labels?: string[]; members?: number; meta?: Record<string, unknown> } | undefined;
  const dims = user?.dims;
  if (!dims || !user?.labels || user.labels.length !== dims.numLabels) {
    throw new Error('Head model.json has no valid dims/labels metadata');
  }
  if (!artifacts.weightSpecs || !artifacts.weightData) throw new Error('Head model.json lists no weights');
  const expected = artifacts.weightSpecs.reduce((n, s) => n + bytesPerValue(s) * s.shape.reduce((a, b) => a * b, 1), 0);
  const data = artifacts.weightData instanceof ArrayBuffer
    ? artifacts.weightData : tf.io.concatenateArrayBuffers(artifacts.weightData);
  if (data.byteLength !== expected) {
    throw new Error(`Head weights file has ${data.byteLength} bytes, expected ${expected} (truncated or wrong file)`);
  }
  assertFiniteWeights(data, artifacts.weightSpecs);
  const count = user.members ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`Head model.json declares ${String(user.members)} members`);
  const map = tf.io.decodeWeights(data, artifacts.weightSpecs);
  const members: tf.NamedTensorMap[] = Array.from({ length: count }, () => ({}));
  try {
    for (const [name, t] of Object.entries(map)) {
      const m = /^member(\d+)\/(.*)$/.exec(name);
      const i = m ? Number(m[1]) : 0;
      if (i >= count) throw new Error(`Head weight ${name} belongs to member ${i}, but the head has ${count}`);
      members[i]![m ? m[2]! : name] = t;
    }
    members.forEach((m, i) => {
      try {
        validateWeights(m, dims);
      } catch (e) {
        throw count > 1 ? new Error(`Ensemble member ${i}: ${(e as Error).message}`) : e;
      }
    });
  } catch (e) {
    tf.dispose(Object.values(map));
    throw e;
  }
  const weights = members as unknown as HeadModel['weights'][];
  return { dims, labels: user.labels, weights: weights[0]!, ...(count > 1 && { members: weights }), meta: user.meta ?? {} };
}

/**
 * A copy of a head as it reads back from a file with its matrices stored as `mode` (what shipping
 * it so gives); the head itself is left as it is.
 */
export async function quantizedCopy(model: HeadModel, mode: WeightQuantization): Promise<HeadModel> {
  const { json, bin } = await encodeHead(model, 'head.bin', mode);
  return decodeHead(tf.io.getModelArtifactsForJSONSync(json, json.weightsManifest[0]!.weights, bin.slice().buffer));
}

/** Loads a head from a URL (browser) or any tf.io handler (Node files, memory). */
export async function loadHead(
  source: string | tf.io.IOHandler, onProgress?: (fraction: number) => void,
): Promise<HeadModel> {
  const handler = typeof source === 'string' ? tf.io.http(source, { onProgress }) : source;
  if (!handler.load) throw new Error('Head source cannot load');
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (e) {
    throw new Error(`Could not load the head weights: ${(e as Error).message}`);
  }
  return decodeHead(artifacts);
}

/**
 * Heads trained alike (same dims, labels and I layout) as one ensemble head; the heads' tensors
 * become its members' (do not dispose the heads separately). Throws if they do not match. Heads
 * with and without the image gate mix: the ungated ones get g = 0, which scores exactly as they do.
 */
export function assembleEnsemble(input: readonly HeadModel[]): HeadModel {
  const gated = input.some((h) => h.dims.imageGate);
  const heads = gated ? input.map(withImageGate) : input;
  const first = heads[0];
  if (!first) throw new Error('An ensemble needs at least one head');
  const layoutOf = (h: HeadModel) => JSON.stringify((h.meta as { featureLayout?: { segments?: unknown } }).featureLayout?.segments ?? null);
  heads.forEach((h, i) => {
    if (JSON.stringify(h.dims) !== JSON.stringify(first.dims)) throw new Error(`Head ${i} has dims ${JSON.stringify(h.dims)}, head 0 ${JSON.stringify(first.dims)}`);
    if (h.labels.join() !== first.labels.join()) throw new Error(`Head ${i} has other labels than head 0`);
    if (layoutOf(h) !== layoutOf(first)) throw new Error(`Head ${i} was trained on another image representation than head 0`);
    if (h.members && h.members.length > 1) throw new Error(`Head ${i} is itself an ensemble`);
  });
  const members = heads.map((h) => h.weights);
  return { dims: first.dims, labels: first.labels, weights: members[0]!, ...(members.length > 1 && { members }), meta: { ...first.meta } };
}

/** The head with the image gate: as it is if it has one, else with g = 0 (the same scores). */
function withImageGate(h: HeadModel): HeadModel {
  if (h.dims.imageGate) return h;
  if (h.members && h.members.length > 1) throw new Error('An ensemble cannot be given the image gate');
  const weights = { ...h.weights, 'label/gate': tf.zeros([h.dims.numLabels + 1]) as tf.Tensor1D };
  return { ...h, dims: { ...h.dims, imageGate: true }, weights };
}

/** Frees a head's tensors. */
export function disposeHead(model: HeadModel): void {
  tf.dispose(headMembers(model).flatMap((m) => Object.values(m)));
}
