import type {
  BeamNode, BeamOptions, BeamResult, BeamScorer, BeamStepRecord, BeamStop, ScorerHandle,
} from './beamTypes';

/** Id of a path: labels joined by '/', END spelled "END"; the root is "root". */
export function pathId(labels: number[], numLabels: number, ended = false): string {
  if (labels.length === 0 && !ended) return 'root';
  const parts = labels.map(String);
  if (ended) parts.push('END');
  return parts.join('/');
}

/** Checks beam options against the label count; throws an Error that lists the valid values. */
export function validateBeamOptions(o: BeamOptions, numLabels: number): void {
  const maxWidth = numLabels + 1;
  if (!Number.isInteger(o.beamWidth) || o.beamWidth < 1 || o.beamWidth > maxWidth) {
    throw new Error(`beamWidth must be an integer from 1 to ${maxWidth}, got ${o.beamWidth}`);
  }
  if (!Number.isInteger(o.maxLength) || o.maxLength < 1 || o.maxLength > numLabels) {
    throw new Error(`maxLength must be an integer from 1 to ${numLabels}, got ${o.maxLength}`);
  }
  const prefix = o.prefix ?? [];
  if (new Set(prefix).size !== prefix.length || prefix.some((l) => !Number.isInteger(l) || l < 0 || l >= numLabels)) {
    throw new Error(`prefix must hold distinct labels from 0 to ${numLabels - 1} (END cannot be forced)`);
  }
  if (prefix.length > o.maxLength) throw new Error(`prefix is longer than maxLength (${o.maxLength})`);
}

/** The N most probable next labels of a path (END included, labels already in it excluded). */
export function topChoices(probs: Float32Array, used: number[], n: number, endOnly: boolean): number[] {
  const END = probs.length - 1;
  if (endOnly) return [END];
  const banned = new Set(used);
  const options: number[] = [];
  for (let k = 0; k < probs.length; k++) if (!banned.has(k)) options.push(k);
  options.sort((a, b) => probs[b]! - probs[a]! || a - b);
  return options.slice(0, n);
}

function makeChild(parent: BeamNode, label: number, probs: Float32Array, rank: number, numLabels: number): BeamNode {
  const ended = label === numLabels;
  const labels = ended ? parent.labels : [...parent.labels, label];
  const stepProb = probs[label]!;
  return {
    id: pathId(labels, numLabels, ended), parentId: parent.id, label, labels, depth: parent.depth + 1,
    stepProb, logProb: parent.logProb + Math.log(stepProb), rank, status: 'pruned', onBestPath: false,
  };
}

/** Orders nodes most probable first; ties by id so the search is deterministic. */
function byLogProb(a: BeamNode, b: BeamNode): number {
  return b.logProb - a.logProb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Beam search of Wang et al.: each of the N open paths is extended by its N most probable labels,
 * the best N of those become the next open paths, paths ending in END join the candidates; stop
 * when every open path is less probable than every candidate (or no path is open). Returns the
 * whole tree. One scorer call per step.
 */
export async function beamSearch(scorer: BeamScorer, options: BeamOptions): Promise<BeamResult> {
  const L = scorer.numLabels;
  validateBeamOptions(options, L);
  const { beamWidth: N, maxLength } = options;
  const nodes: BeamNode[] = [];
  const steps: BeamStepRecord[] = [];
  const candidates: BeamNode[] = [];
  let calls = 1;
  let { probs, handle } = await scorer.start();
  const root: BeamNode = {
    id: 'root', parentId: null, label: -1, labels: [], depth: 0, stepProb: 1, logProb: 0, rank: 0,
    status: 'root', onBestPath: false, next: probs[0],
  };
  nodes.push(root);
  let frontier: BeamNode[] = [root];
  let handleRef: ScorerHandle = handle;
  try {
    for (const label of options.prefix ?? []) {
      const parent = frontier[0]!;
      const rank = topChoices(parent.next!, parent.labels, L + 1, false).indexOf(label);
      const child = makeChild(parent, label, parent.next!, rank, L);
      child.status = 'forced';
      nodes.push(child);
      const out = await scorer.extend(handleRef, [0], [child.labels]);
      calls++;
      scorer.release(handleRef);
      handleRef = out.handle;
      child.next = out.probs[0];
      frontier = [child];
    }
    let step = root.depth + (options.prefix?.length ?? 0);
    let hitMaxLength = false;
    let stop: BeamStop | null = null;
    while (!stop) {
      step++;
      const proposed: BeamNode[] = [];
      const parentRow = new Map<BeamNode, number>();
      frontier.forEach((parent, row) => {
        const endOnly = parent.labels.length >= maxLength;
        hitMaxLength ||= endOnly;
        topChoices(parent.next!, parent.labels, N, endOnly).forEach((label, rank) => {
          const child = makeChild(parent, label, parent.next!, rank, L);
          parentRow.set(child, row);
          proposed.push(child);
        });
      });
      proposed.sort(byLogProb);
      const chosen = proposed.slice(0, N);
      const open = chosen.filter((n) => n.label !== L);
      const finished = chosen.filter((n) => n.label === L);
      finished.forEach((n) => { n.status = 'end'; });
      open.forEach((n) => { n.status = 'open'; });
      nodes.push(...proposed);
      candidates.push(...finished);
      steps.push({
        step, frontier: open.map((n) => n.id), finished: finished.map((n) => n.id),
        pruned: proposed.slice(N).map((n) => n.id),
      });
      stop = stopRule(step, open, candidates, hitMaxLength);
      if (stop) break;
      const rows = open.map((n) => parentRow.get(n)!);
      const out = await scorer.extend(handleRef, rows, open.map((n) => n.labels));
      calls++;
      scorer.release(handleRef);
      handleRef = out.handle;
      open.forEach((n, i) => { n.status = 'kept'; n.next = out.probs[i]; });
      frontier = open;
    }
    candidates.sort(byLogProb);
    const best = candidates[0] ?? null;
    markBestPath(nodes, best);
    return {
      numLabels: L, beamWidth: N, maxLength, nodes, candidates: candidates.map((n) => n.id),
      best: best && { id: best.id, labels: best.labels, prob: Math.exp(best.logProb) },
      stop, steps, scorerCalls: calls,
    };
  } finally {
    scorer.release(handleRef);
  }
}

/** The paper's stop rule, plus the two ways a search runs out of open paths. */
function stopRule(step: number, open: BeamNode[], candidates: BeamNode[], hitMaxLength: boolean): BeamStop | null {
  const bestOpen = open.length ? Math.max(...open.map((n) => n.logProb)) : null;
  const worstCandidate = candidates.length ? Math.min(...candidates.map((n) => n.logProb)) : null;
  const at = { step, bestOpenLogProb: bestOpen, worstCandidateLogProb: worstCandidate };
  if (bestOpen === null) return { ...at, reason: hitMaxLength ? 'maxLength' : 'exhausted' };
  if (worstCandidate !== null && bestOpen < worstCandidate) return { ...at, reason: 'converged' };
  return null;
}

function markBestPath(nodes: BeamNode[], best: BeamNode | null): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (let n = best ?? undefined; n; n = n.parentId ? byId.get(n.parentId) : undefined) n.onBestPath = true;
}

/**
 * Per-label score for ranking (AP): the probability that the label appears in the sequence,
 * summed over the paths the search extended: Σ_paths p(path) · p(label | path). The events are
 * disjoint (a label is emitted at most once), so this is a lower bound of the true marginal.
 * Returns Float32Array[numLabels].
 */
export function labelMarginals(result: BeamResult): Float32Array {
  const out = new Float32Array(result.numLabels);
  for (const node of result.nodes) {
    if (!node.next) continue;
    const p = Math.exp(node.logProb);
    const used = new Set(node.labels);
    for (let k = 0; k < result.numLabels; k++) if (!used.has(k)) out[k] += p * node.next[k]!;
  }
  return out;
}
