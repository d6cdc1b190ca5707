/**
 * Entry of the GPU-machine folder (scripts/gpu-check.sh bundles it with esbuild): the Node WebGPU
 * bench against WASM on one photo, from files beside it, no node_modules, no network.
 * `node bench.mjs --assets <dir> --json <file> [--head <model.json, default assets/head/>] [--runs 5 --slow-runs 1 --per-view auto|yes|no
 *  --compile parallel|serial --cold-only --skip-wasm --skip-profile --key nodeWebgpu]`; after the bench, unless
 *  --skip-profile, the warm pass part by part (scripts/gpuProfile.ts, JSON key `profile`). Progress lines go to stdout with times.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodePhotoFile } from '../src/train/photoFile';
import { nodeWebgpuBench, type NodeWebgpuResult } from './benchNodeWebgpu';
import { nodeWebgpuRows } from './nodeWebgpuTable';
import { profileParts } from './gpuProfile';

const { values } = parseArgs({
  options: {
    assets: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), 'assets') },
    json: { type: 'string', default: 'bench/results/gpu-check.json' }, image: { type: 'string' }, head: { type: 'string' },
    runs: { type: 'string', default: '5' }, 'slow-runs': { type: 'string', default: '1' },
    'per-view': { type: 'string', default: 'auto' }, compile: { type: 'string', default: 'parallel' },
    'cold-only': { type: 'boolean', default: false }, 'skip-wasm': { type: 'boolean', default: false },
    key: { type: 'string', default: 'nodeWebgpu' }, 'skip-profile': { type: 'boolean', default: false },
  },
});
const assets = values.assets!;
const image = values.image ?? join(assets, 'photo.jpg');
const t0 = Date.now();
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
const header = { date: new Date().toISOString(), host: hostname(), cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, image, argv: process.argv.slice(2) };
const key = values.key!;
/** Writes {header, status, [key]: result}; a second run (another --key) adds its part to the same file. */
function write(body: { status: string; result?: object; error?: string }): void {
  const previous = key !== 'nodeWebgpu' && existsSync(values.json!) ? JSON.parse(readFileSync(values.json!, 'utf8')) as object : header;
  const part = key === 'nodeWebgpu' ? { status: body.status, error: body.error, nodeWebgpu: body.result } : { [key]: { ...header, ...body } };
  writeFileSync(values.json!, `${JSON.stringify({ ...previous, ...part }, null, 1)}\n`);
}

log(`gpu-check: ${header.cores}× ${header.cpu}, Node ${header.node}, photo ${image}`);
write({ status: 'started' });
let partial: object | undefined; // what a failure leaves: the WASM numbers, say
try {
  const result: NodeWebgpuResult = await nodeWebgpuBench({
    files: {
      centernetJson: join(assets, 'centernet.json'), nanodetJson: join(assets, 'nanodet.json'),
      headJson: values.head ?? join(assets, 'head', 'model.json'), wasmDir: join(assets, 'wasm'),
    },
    image: decodePhotoFile(image), runs: Number(values.runs), slowRuns: Number(values['slow-runs']),
    perView: values['per-view'] as 'auto' | 'yes' | 'no', compile: values.compile as 'parallel' | 'serial',
    coldOnly: values['cold-only']!, skipWasm: values['skip-wasm']!, log,
    onPartial: (p) => { partial = p; write({ status: 'partial', result: p }); },
  });
  write({ status: 'done', result });
  for (const [what, value] of nodeWebgpuRows(result)) console.log(`${what.padEnd(44)} ${value}`);
  if (!values['skip-profile'] && !values['cold-only']) {
    // where the warm pass's time goes, on the WebGPU backend the bench left selected
    const files = { centernetJson: join(assets, 'centernet.json'), nanodetJson: join(assets, 'nanodet.json'), headJson: '', wasmDir: '' };
    const soft = result.adapter.software;
    let profile: object;
    try {
      profile = await profileParts(files, decodePhotoFile(image), soft ? 1 : Number(values.runs), log, soft ? [] : [100, 1000]);
    } catch (e) {
      log(`profile FAILED (the bench's numbers stand): ${(e as Error).stack ?? e}`);
      profile = { error: String((e as Error).message ?? e) };
    }
    const json = JSON.parse(readFileSync(values.json!, 'utf8')) as object;
    writeFileSync(values.json!, `${JSON.stringify({ ...json, profile }, null, 1)}\n`);
  }
  log(`wrote ${values.json}`);
  process.exit(0); // Dawn's instance would keep the process alive
} catch (e) {
  log(`FAILED: ${(e as Error).stack ?? e}`);
  write({ status: 'failed', error: String((e as Error).message ?? e), result: partial });
  process.exit(1);
}
