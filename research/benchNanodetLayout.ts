/**
 * `npx tsx research/benchNanodetLayout.ts [--backend wasm|cpu] [--runs 9] [--webgpu]` — not a test:
 * NanoDet as shipped by the npm package (NCHW, 83 layout transposes) against the same graph
 * rewritten to NHWC at load (`src/model/cnn/nhwcGraph.ts`), in one process on one photo, runs
 * interleaved: kernels per pass (tf.profile), the first pass (on WebGPU: its shader compiles, and
 * how many pipelines it created), median time per pass, and the largest output difference. With `--webgpu` (Dawn in Node; on SwiftShader set VK_ICD_FILENAMES and
 * LD_LIBRARY_PATH as for the Node WebGPU bench) it runs on WebGPU instead.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { median, ratio, table } from '../scripts/benchStats';
import { startNodeWebgpu } from '../scripts/nodeWebgpu';
import { rgbTensor } from '../src/model/cnn/backbone';
import { NANODET_INPUT_NODE, NANODET_INPUT_SIZE } from '../src/model/config';
import { nhwcGraph } from '../src/model/cnn/nhwcGraph';
import { nanodetJsonPath } from '../src/train/extract';
import { decodePhotoFile } from '../src/train/photoFile';
import { initNodeBackend } from '../src/train/nodeBackend';
import { fileModelHandler } from '../src/train/nodeIo';
import { vocImagePath } from '../src/train/voc';

const { values } = parseArgs({
  options: { backend: { type: 'string', default: 'wasm' }, runs: { type: 'string', default: '9' }, webgpu: { type: 'boolean', default: false }, id: { type: 'string', default: '000021' } },
});
const adapter = values.webgpu ? (await startNodeWebgpu()).description : null;
if (!values.webgpu) await initNodeBackend(values.backend as 'wasm' | 'cpu');
const original = await tf.loadGraphModel(fileModelHandler(nanodetJsonPath()));
const rewritten = await tf.loadGraphModel(nhwcGraph(fileModelHandler(nanodetJsonPath()), NANODET_INPUT_NODE));
const rgb = rgbTensor(decodePhotoFile(vocImagePath('../shared/data/VOC2007', values.id!)));
const nhwc = tf.div(tf.image.resizeBilinear(rgb, [NANODET_INPUT_SIZE, NANODET_INPUT_SIZE]), 255);
const names = original.outputs.map((o) => o.name);
const variants = [
  { name: 'NCHW as shipped (input transposed)', run: () => tf.tidy(() => original.execute(tf.transpose(nhwc, [0, 3, 1, 2]), names) as tf.Tensor[]) },
  { name: 'NHWC rewrite', run: () => rewritten.execute(nhwc, names) as tf.Tensor[] },
];
/** One pass, read back: ms. */
async function timed(run: () => tf.Tensor[]): Promise<number> {
  const t = performance.now();
  const out = run();
  await Promise.all(out.map((o) => o.data()));
  tf.dispose(out);
  return performance.now() - t;
}
/** Pipelines the WebGPU backend has created so far (0 elsewhere). */
const pipelines = () => Object.keys((tf.backend() as unknown as { pipelineCache?: object }).pipelineCache ?? {}).length;
// first passes, the rewrite first, so that a program both share is compiled in its pass, not the original's
const first: { ms: number; pipelines: number }[] = [];
for (const v of [...variants].reverse()) {
  const before = pipelines();
  const ms = await timed(v.run);
  first.unshift({ ms, pipelines: pipelines() - before });
}
const a = variants[0]!.run();
const b = variants[1]!.run();
const diffs = a.map((t, i) => tf.max(tf.abs(tf.sub(t, b[i]!))));
const maxDiff = Math.max(...(await Promise.all(diffs.map(async (d) => (await d.data())[0]!)))); // no dataSync: WebGPU in Node has no canvas
tf.dispose(diffs);
tf.dispose([...a, ...b]);
const kernels: number[] = [];
for (const v of variants) { // one profile at a time: tf.profile is not re-entrant
  const info = await tf.profile(() => v.run() as unknown as tf.Tensor);
  kernels.push(info.kernels.filter((k) => !k.name.endsWith('__op')).length);
}
const times: number[][] = variants.map(() => []);
for (let r = 0; r < Number(values.runs); r++) for (const [i, v] of variants.entries()) times[i]!.push(await timed(v.run));
const ms = times.map(median);
console.log(`NanoDet, photo ${values.id}, backend ${tf.getBackend()}${adapter ? ` (${adapter})` : ''}, median of ${values.runs} interleaved runs; max |Δ| of the outputs ${maxDiff.toExponential(2)}`);
console.log(table(['graph', 'kernels', 'first pass ms', 'new pipelines', 'ms per pass', 'vs NCHW'], variants.map((v, i) => [v.name, String(kernels[i]), first[i]!.ms, String(first[i]!.pipelines), ms[i]!, ratio(ms[i]!, ms[0]!)])));
process.exit(0);
