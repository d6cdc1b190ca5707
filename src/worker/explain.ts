import { headMembers, type HeadModel } from '../model/headIo';
import { labelEmbeddingColumns, labelMap, projectPoint, type EmbeddingProjection, type LabelMap } from '../model/labelEmbedding';
import { pathEffect } from '../model/pathEffect';
import { memberEmbeddings, tracePath } from '../model/pathTrace';
import type { PathExplanation } from './protocol';

/** One label map per head and neighbour count: U_l (an ensemble's stacked) does not change while a head is loaded. */
const maps = new WeakMap<HeadModel, Map<number, Promise<{ map: LabelMap; projection: EmbeddingProjection }>>>();

function mapOf(head: HeadModel, neighbours: number) {
  let byCount = maps.get(head);
  if (!byCount) maps.set(head, (byCount = new Map()));
  let entry = byCount.get(neighbours);
  if (!entry) {
    const uL = memberEmbeddings(headMembers(head));
    entry = labelEmbeddingColumns(uL).finally(() => uL.dispose()).then((cols) => labelMap(cols, neighbours));
    byCount.set(neighbours, entry);
  }
  return entry;
}

/**
 * Explains the path P of one image: the label map, the path's joint-space points x_t on it, and
 * p(label | P) against p(label | START) with the baseline beside them.
 */
export async function explainPath(
  head: HeadModel, imageId: string, image: { features: Float32Array; baseline: number[] }, path: number[], neighbours: number,
): Promise<PathExplanation> {
  const { map, projection } = await mapOf(head, neighbours);
  const trace = await tracePath(headMembers(head), head.dims, image.features, path);
  return {
    imageId, path, map,
    trajectory: trace.joint.map((x) => projectPoint(projection, x)),
    effect: path.length ? pathEffect(trace.probs[0]!, trace.probs[path.length]!, path, image.baseline) : [],
  };
}
