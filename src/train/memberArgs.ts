/**
 * Flags of `npm run train` that --seeds children must not inherit: each child gets its own
 * (--quantize applies to the assembled head only: members stay float32 in the cache; --check-set
 * is the assembled head's too).
 */
const OWN_FLAGS = ['--seeds', '--seed', '--out', '--jobs', '--quantize', '--member-dirs', '--check-set'];

/** The parent's flags, less the children's own (as `--flag value` or `--flag=value`). */
function sharedArgs(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (OWN_FLAGS.includes(arg)) i++; // its value too
    else if (!OWN_FLAGS.some((f) => arg.startsWith(`${f}=`))) kept.push(arg);
  }
  return kept;
}

/**
 * The argument list of the child process that trains a group of members stacked (trainStacked.ts):
 * the parent's shared flags, then `--seeds S,… --member-dirs DIR,… --jobs 1` (member k to DIR k).
 */
export function groupArgs(argv: readonly string[], seeds: readonly number[], dirs: readonly string[]): string[] {
  if (seeds.length !== dirs.length) throw new Error('one member directory per seed');
  return [...sharedArgs(argv), '--seeds', seeds.join(','), '--member-dirs', dirs.join(','), '--jobs', '1'];
}

/** `seeds` dealt into `groups` groups of near-equal size, in order (7,8,9,10,11 in 2: 7,8,9 | 10,11). */
export function seedGroups(seeds: readonly number[], groups: number): number[][] {
  const g = Math.max(1, Math.min(groups, seeds.length));
  const out: number[][] = [];
  let start = 0;
  for (let k = 0; k < g; k++) {
    const size = Math.floor(seeds.length / g) + (k < seeds.length % g ? 1 : 0);
    out.push(seeds.slice(start, start + size));
    start += size;
  }
  return out;
}
