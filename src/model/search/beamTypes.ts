/** Types of the beam search over label sequences (pure data: no tensors, no DOM). */

/** How a node of the search tree ended up. */
export type BeamNodeStatus =
  | 'root'    // the START of every path
  | 'forced'  // a label the user forced at this position
  | 'kept'    // among the best N at its step: an intermediate path that was extended
  | 'open'    // among the best N when the search stopped, never extended
  | 'pruned'  // among its parent's N best labels, but not among the best N of the step
  | 'end';    // a path that ended in END: a candidate label set

/** One node = one label path (prefix). Its id is the path itself, e.g. "14/11/END". */
export interface BeamNode {
  id: string;
  parentId: string | null;
  /** Label index; numLabels means END; -1 for the root. */
  label: number;
  /** Labels of the path from the root, END excluded. */
  labels: number[];
  /** Step at which the node was created (root 0). */
  depth: number;
  /** p(label | parent path), 0..1. */
  stepProb: number;
  /** log of the product of step probabilities from the root. */
  logProb: number;
  /** Rank of the label in the parent's distribution (0 = most probable). */
  rank: number;
  status: BeamNodeStatus;
  /** True for the nodes of the most probable candidate path (root included). */
  onBestPath: boolean;
  /** Distribution over labels + END after this path: Float32Array[numLabels + 1], if extended. */
  next?: Float32Array;
}

export type StopReason = 'converged' | 'maxLength' | 'exhausted';

/** Where and why the search stopped. */
export interface BeamStop {
  /** Last step that created nodes. */
  step: number;
  reason: StopReason;
  /** Most probable open path at the stop (log), or null when none was open. */
  bestOpenLogProb: number | null;
  /** Least probable candidate at the stop (log), or null when there was none. */
  worstCandidateLogProb: number | null;
}

/** What the search looked like after one step, for playback. */
export interface BeamStepRecord {
  step: number;
  /** Open paths kept for the next step. */
  frontier: string[];
  /** Paths that ended in END at this step and joined the candidate set. */
  finished: string[];
  /** Children proposed at this step that did not make the best N. */
  pruned: string[];
}

export interface BeamResult {
  numLabels: number;
  beamWidth: number;
  maxLength: number;
  /** Every node, in creation order (root first). */
  nodes: BeamNode[];
  /** Candidate (END) node ids, most probable first. */
  candidates: string[];
  /** The most probable candidate, or null if none was found. */
  best: { id: string; labels: number[]; prob: number } | null;
  stop: BeamStop;
  steps: BeamStepRecord[];
  /** Batched scorer calls made (one GPU→CPU read each). */
  scorerCalls: number;
}

/** Options of one search. */
export interface BeamOptions {
  /** N: paths kept per step and labels tried per path, 1..numLabels+1. */
  beamWidth: number;
  /** Most labels in a path (END excluded); a path this long may only end. */
  maxLength: number;
  /** Labels forced at the start of every path (e.g. the user chose them), distinct, END excluded. */
  prefix?: number[];
}

/** Opaque batch of decoder states owned by a scorer. */
export type ScorerHandle = unknown;

/**
 * Computes next-label distributions for a batch of paths in one call (one GPU→CPU read).
 * probs[i] is Float32Array[numLabels + 1] for row i of the returned handle.
 */
export interface BeamScorer {
  readonly numLabels: number;
  /** The distribution after START (one row). */
  start(): Promise<{ probs: Float32Array[]; handle: ScorerHandle }>;
  /** Row i continues row rows[i] of `parent` with the last label of paths[i] (its whole path). */
  extend(parent: ScorerHandle, rows: number[], paths: number[][]): Promise<{ probs: Float32Array[]; handle: ScorerHandle }>;
  release(handle: ScorerHandle): void;
}
