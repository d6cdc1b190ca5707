/** Worker CLI: `tsx src/train/extractCli.ts --voc DIR --cache DIR (--splits a,b | --ids FILE) --shard k --shards n [--size S --nanodet-from DIR --mirrored]`. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FeatureCache } from './featureCache';
import { extractToCache } from './extract';
import { initNodeBackend } from './nodeBackend';
import { readVocSplit } from './voc';

const { values } = parseArgs({
  options: {
    voc: { type: 'string' }, cache: { type: 'string' }, splits: { type: 'string', default: 'train,val' },
    shard: { type: 'string', default: '0' }, shards: { type: 'string', default: '1' },
    limit: { type: 'string' }, ids: { type: 'string' }, size: { type: 'string' }, 'nanodet-from': { type: 'string' },
    mirrored: { type: 'boolean', default: false },
  },
});
if (!values.voc || !values.cache) throw new Error('usage: --voc DIR --cache DIR [--splits a,b] [--shard k --shards n]');
await initNodeBackend('wasm');
const limit = values.limit ? Number(values.limit) : Infinity;
/** The ids to extract: those listed in --ids, or the splits' interleaved (a partly filled cache then holds the first images of each). */
function idsToExtract(): string[] {
  if (values.ids) return readFileSync(values.ids, 'utf8').split('\n').filter(Boolean);
  const lists = values.splits!.split(',').map((s) => readVocSplit(values.voc!, s).slice(0, limit).map((im) => im.id));
  return Array.from({ length: Math.max(...lists.map((l) => l.length)) }, (_, i) => lists.flatMap((l) => (i < l.length ? [l[i]!] : []))).flat();
}
const ids = idsToExtract();
const n = await extractToCache({
  vocDir: values.voc, ids, cache: new FeatureCache(values.cache),
  shard: Number(values.shard), shards: Number(values.shards), ...(values.size && { inputSize: Number(values.size) }),
  ...(values['nanodet-from'] && { nanodetFrom: new FeatureCache(values['nanodet-from']) }), mirrored: values.mirrored,
});
process.stderr.write(`shard ${values.shard}/${values.shards}: extracted ${n} images\n`);
