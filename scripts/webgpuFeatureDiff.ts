/**
 * `VK_ICD_FILENAMES=… LD_LIBRARY_PATH=… npx tsx scripts/webgpuFeatureDiff.ts [VOC id]` — not a test:
 * I of one VOC photo on WASM and on WebGPU in Node (Dawn), compared by kind of value (the
 * `diffByKind` of the Node WebGPU bench) without the bench's timings. On SwiftShader one WebGPU
 * pass takes minutes.
 */
import { diffByKind, maxAbsDiff } from './benchNodeWebgpu';
import { startNodeWebgpu } from './nodeWebgpu';
import { extractFeatures } from '../src/model/cnn/imageFeatures';
import { loadDetectorsFromDisk } from '../src/train/extract';
import { decodePhotoFile } from '../src/train/photoFile';
import { initNodeBackend } from '../src/train/nodeBackend';
import { vocImagePath } from '../src/train/voc';

const id = process.argv[2] ?? '000021';
const image = decodePhotoFile(vocImagePath('../shared/data/VOC2007', id));
await initNodeBackend('wasm');
let detectors = await loadDetectorsFromDisk();
const wasm = await extractFeatures(detectors, image);
detectors.centernet.dispose();
detectors.nanodet.dispose();
const adapter = await startNodeWebgpu();
detectors = await loadDetectorsFromDisk();
const t = performance.now();
const gpu = await extractFeatures(detectors, image);
const scale = wasm.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const max = maxAbsDiff(gpu, wasm);
console.log(`${id} on ${adapter.description}: WebGPU pass ${((performance.now() - t) / 1000).toFixed(1)} s; max |ΔI| ${max.toExponential(2)} = ${(max / scale).toExponential(2)} of max |I| ${scale.toFixed(2)}`);
console.log(JSON.stringify(diffByKind(gpu, wasm, scale), null, 1));
process.exit(0);
