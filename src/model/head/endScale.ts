/**
 * END's share of a step distribution rescaled (HeadDims.endScale): p(END) × w, then the row
 * renormalised, i.e. log w added to END's score in the members' mean. w > 1 ends the search sooner.
 * `probs` holds rows of L+1 probabilities (END last); changed in place and returned.
 */
export function scaleEnd<T extends Float32Array | Float64Array>(probs: T, numLabels: number, w: number | undefined): T {
  if (w === undefined || w === 1) return probs;
  if (!(w > 0)) throw new Error(`END scale must be > 0, got ${w}`);
  const K = numLabels + 1;
  for (let at = 0; at < probs.length; at += K) {
    const end = probs[at + numLabels]!;
    const z = 1 + (w - 1) * end; // the row summed to 1 before
    for (let k = 0; k < K; k++) probs[at + k] = probs[at + k]! / z;
    probs[at + numLabels] = (end * w) / z;
  }
  return probs;
}
