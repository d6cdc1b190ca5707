import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FeatureCache } from './featureCache';
import { isCached } from './extract';

/**
 * Makes sure every id has cached features, extracting the missing ones in parallel worker
 * processes (one per core: the WASM backend runs one thread per process in Node), CenterNet at
 * `inputSize` (the app's BACKBONE_INPUT_SIZE unless given; the cache must be that size's). With
 * `nanodetFrom`, a complete cache of the same photos at another side, NanoDet does not run again:
 * its statistics do not depend on CenterNet's side and are copied from there. `mirrored`: the photos
 * are mirrored left to right before the CNNs see them (the cache must be the mirrored one).
 */
export async function ensureFeatures(
  vocDir: string, splits: string[], limit: number | undefined, cache: FeatureCache, ids: string[], inputSize?: number,
  nanodetFrom?: FeatureCache, mirrored = false,
): Promise<void> {
  const todo = ids.filter((id) => !isCached(cache, id));
  const missing = todo.length;
  if (missing === 0) return;
  // exactly these ids, in this order (a split may hold more than the caller needs)
  const idsFile = join(cache.dir, `.todo-${process.pid}.txt`);
  writeFileSync(idsFile, todo.join('\n'));
  const shards = Math.max(1, Math.min(availableParallelism(), missing));
  process.stderr.write(`extracting features of ${missing} images in ${shards} processes → ${cache.dir}\n`);
  const script = fileURLToPath(new URL('./extractCli.ts', import.meta.url));
  const args = (k: number) => [
    '--import', 'tsx', script, '--voc', vocDir, '--cache', cache.dir, '--splits', splits.join(','),
    '--shard', String(k), '--shards', String(shards), '--ids', idsFile, ...(limit ? ['--limit', String(limit)] : []),
    ...(inputSize ? ['--size', String(inputSize)] : []), ...(nanodetFrom ? ['--nanodet-from', nanodetFrom.dir] : []),
    ...(mirrored ? ['--mirrored'] : []),
  ];
  await Promise.all(Array.from({ length: shards }, (_, k) => new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args(k), { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`feature extraction shard ${k} exited with ${code}`))));
  })));
  rmSync(idsFile, { force: true });
  const still = ids.filter((id) => !isCached(cache, id));
  if (still.length) throw new Error(`features still missing for ${still.length} images (first: ${still[0]})`);
}
