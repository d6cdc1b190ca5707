/**
 * Flags of `npm run train` that --seeds children must not inherit: each child gets its own
 * (--quantize applies to the assembled head only: members stay float32 in the cache).
 */
const OWN_FLAGS = ['--seeds', '--seed', '--out', '--jobs', '--quantize'];

/**
 * The argument list of the child process that trains one member of a `--seeds` run: the parent's
 * flags, less --seeds / --seed / --out / --jobs / --quantize (as `--flag value` or `--flag=value`), then the
 * member's own `--seed S --out DIR`.
 */
export function memberArgs(argv: readonly string[], seed: number, out: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (OWN_FLAGS.includes(arg)) i++; // its value too
    else if (!OWN_FLAGS.some((f) => arg.startsWith(`${f}=`))) kept.push(arg);
  }
  return [...kept, '--seed', String(seed), '--out', out];
}
