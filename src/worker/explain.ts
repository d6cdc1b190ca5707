import { pathId } from '../model/search/beamSearch';
import type { BeamOptions, BeamResult } from '../model/search/beamTypes';
import { headMembers, type HeadModel } from '../model/head/headIo';
import { labelEmbeddingColumns, labelMap, type LabelMap } from '../model/explain/labelEmbedding';
import { labelSetMarginals, pathEffect, type PathEffectRow } from '../model/explain/pathEffect';
import { memberEmbeddings } from '../model/explain/pathTrace';
import type { PathExplanation } from './protocol';

/** One label map per head and neighbour count: U_l (an ensemble's stacked) does not change while a head is loaded. */
const maps = new WeakMap<HeadModel, Map<number, Promise<LabelMap>>>();

function mapOf(head: HeadModel, neighbours: number): Promise<LabelMap> {
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

/** A beam search of one image with the shown tree's width and max length, `prefix` forced. */
export type PrefixSearch = (prefix: number[]) => Promise<BeamResult>;

/**
 * What P changes about the label set: P(label in the set) of the search from START against the
 * search with P forced (both of `search`), rows with either value ≥ `minShown`; and the
 * distributions along P (the forced search's p(· | START, l_1..l_t), t = 0..k). `ms`: the time
 * all this took, which is what selecting a node adds.
 */
export async function pathEffectOf(
  search: PrefixSearch, path: number[], baseline: number[], minShown: number,
): Promise<{ effect: PathEffectRow[]; stepProbs: Float32Array[]; ms: number }> {
  const t0 = performance.now();
  const fromStart = await search([]);
  const forced = path.length ? await search(path) : fromStart;
  const effect = path.length ? pathEffect(labelSetMarginals(fromStart), labelSetMarginals(forced), path, baseline, minShown) : [];
  const ms = performance.now() - t0;
  const byId = new Map(forced.nodes.map((n) => [n.id, n]));
  const stepProbs = Array.from({ length: path.length + 1 }, (_, t) => byId.get(pathId(path.slice(0, t), forced.numLabels))!.next!);
  return { effect, stepProbs, ms };
}

/** Explains the path P of one image: the label map, the distributions along P, and P's effect on the label set. */
export async function explainPath(
  head: HeadModel, request: { imageId: string; path: number[]; neighbours: number; beam: BeamOptions; minShown: number },
  baseline: number[], search: PrefixSearch,
): Promise<PathExplanation> {
  const { imageId, path, neighbours, beam, minShown } = request;
  const map = await mapOf(head, neighbours);
  const { effect, stepProbs, ms } = await pathEffectOf(search, path, baseline, minShown);
  return { imageId, path, beamWidth: beam.beamWidth, maxLength: beam.maxLength, map, stepProbs, effect, effectMs: ms };
}
