/**
 * `npx tsx research/benchTraining.ts [--steps 6] [--json out.json]` — not a test: what one training
 * step of the CNN-RNN head costs on WASM in Node, side by side in one process, on random I (3,728
 * values) and VOC-like label sets (1 label 60%, 2 25%, 3 10%, 4–6 5%):
 * - products of the head's sizes with tfjs's BatchMatMul kernel and with wasmMatMul.ts (median ms);
 * - ms per head per 32 images for: one head trained as trainAll does (tfjs ops, tf.train.rmsprop,
 *   the weight-decay term in the loss, WeightAverage) with either kernel; and 9 heads stacked
 *   (trainStacked's step: droppedInputs, rows longest first, FusedRmsprop) with batches of 32 and 128.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { median, ratio, table } from '../scripts/benchStats';
import type { HeadDims, HeadWeights } from '../src/model/head/cnnRnn';
import { registerWasmMatMul, unregisterWasmMatMul } from '../src/model/wasmMatMul';
import { FusedRmsprop } from '../src/train/fusedRmsprop';
import { initNodeBackend } from '../src/train/nodeBackend';
import { droppedInputs, matrixNames, sequenceLoss, stackedSequenceLoss, stackHeads, stepRows } from '../src/train/stackedHead';
import { disposeBatch, initHeadWeights, makeSequenceBatch, seededRandom } from '../src/train/trainHead';
import { WeightAverage } from '../src/train/weightAverage';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '6' }, json: { type: 'string' } } });
const STEPS = Number(values.steps);
await initNodeBackend('wasm');
const F = 3728;
const L = 20;
const dims: HeadDims = { numLabels: L, featureDim: F, embedDim: 128, hiddenDim: 128, imageGate: true };
const rand = seededRandom(1);
const labelCount = () => { const u = rand(); return u < 0.6 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4 + Math.floor(rand() * 3); };
const sequence = () => { const s = new Set<number>(); const k = labelCount(); while (s.size < k) s.add(Math.floor(rand() * L)); return [...s, L]; };
const mean = new Float32Array(F);
const std = new Float32Array(F).fill(1);

/** Median ms of `run` over `reps` calls after one warm-up call. */
function timed(run: () => void, reps: number): number {
  run();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

// 1. products
const products: { name: string; a: number[]; b: number[]; ta: boolean; tb: boolean }[] = [
  { name: 'I·U_I (forward)', a: [32, F], b: [F, 128], ta: false, tb: false },
  { name: 'Iᵀ·dy (U_I gradient)', a: [32, F], b: [32, 128], ta: true, tb: false },
  { name: 'dy·Wᵀ (LSTM input gradient)', a: [32, 512], b: [128, 512], ta: false, tb: true },
  { name: '9 stacked: I·U_I, batch 128', a: [9, 128, F], b: [9, F, 128], ta: false, tb: false },
  { name: '9 stacked: Iᵀ·dy, batch 128', a: [9, 128, F], b: [9, 128, 128], ta: true, tb: false },
];
const productRows = products.map((p) => {
  const a = tf.randomNormal(p.a);
  const b = tf.randomNormal(p.b);
  const run = () => tf.tidy(() => { tf.matMul(a, b, p.ta, p.tb).dataSync(); });
  unregisterWasmMatMul();
  const stock = timed(run, 10);
  registerWasmMatMul();
  const ours = timed(run, 10);
  tf.dispose([a, b]);
  return { name: p.name, stock, ours };
});
console.log(table(['product', 'tfjs kernel ms', 'wasmMatMul ms', 'ratio'], productRows.map((r) => [r.name, r.stock, r.ours, ratio(r.stock, r.ours)])));

// 2. training steps
/** ms per head per 32 images of trainAll's step (one head, tfjs ops). */
function singleHead(): number {
  const w = initHeadWeights(dims, mean, std, 7);
  const trainable = Object.values(w).filter((t) => t instanceof tf.Variable) as tf.Variable[];
  const opt = tf.train.rmsprop(3e-4);
  const average = new WeightAverage(w, 0.998);
  const x = Float32Array.from({ length: 32 * F }, () => rand() * 2 - 1);
  const ms = timed(() => {
    const batch = makeSequenceBatch(x, F, Array.from({ length: 32 }, sequence), L);
    const loss = opt.minimize(() => tf.add(
      sequenceLoss(w, dims, batch, 0.7, { pla: true, semantic: 0.3 }),
      tf.mul(1e-4, tf.addN(trainable.filter((v) => v.rank === 2).map((v) => tf.sum(tf.square(v))))),
    ) as tf.Scalar, true, trainable)!;
    loss.dataSync();
    loss.dispose();
    disposeBatch(batch);
    average.update(w);
  }, STEPS);
  opt.dispose();
  average.dispose();
  tf.dispose(Object.values(w));
  return ms;
}

/** ms per head per 32 images of trainStacked's step (M heads, batches of B). */
function stackedHeads(M: number, B: number): number {
  const initial = Array.from({ length: M }, (_, m) => initHeadWeights(dims, mean, std, 7 + m, false));
  const w = stackHeads(initial, dims);
  tf.dispose(initial.flatMap((h) => Object.values(h) as tf.Tensor[]));
  const names = Object.keys(w);
  const trainable = names.map((n) => w[n] as tf.Variable);
  const decayed = new Set(matrixNames(dims));
  const opt = new FusedRmsprop(w as Record<string, tf.Variable>, { learningRate: 6e-4, weightDecay: 1e-4, decayed: (n) => decayed.has(n), average: 0.992 });
  const raw = Float32Array.from({ length: M * B * F }, () => rand() * 2 - 1);
  const meanT = tf.tensor1d(mean);
  const stdT = tf.tensor1d(std);
  const streams = Array.from({ length: M }, (_, m) => seededRandom(100 + m));
  const ms = timed(() => {
    const seqs = Array.from({ length: M * B }, sequence);
    const { rows, active } = stepRows(seqs.map((_, i) => i), M, (i) => seqs[i]!.length);
    const x = droppedInputs(raw, F, mean, std, 0.7, (r) => streams[Math.floor(r / B)]!);
    const batch = makeSequenceBatch(x, F, rows.map((i) => seqs[i]!), L);
    const { value, grads } = tf.variableGrads(
      () => stackedSequenceLoss(w, meanT, stdT, dims, M, batch, 0.7, { pla: true, semantic: 0.3, active, prepared: true }), trainable,
    );
    value.dataSync();
    value.dispose();
    disposeBatch(batch);
    opt.apply(Object.fromEntries(names.map((n, k) => [n, grads[trainable[k]!.name]!])));
  }, STEPS);
  tf.dispose([...trainable, meanT, stdT]);
  return ms / M / (B / 32);
}

unregisterWasmMatMul();
const singleStock = singleHead();
registerWasmMatMul();
const single = singleHead();
const stacked32 = stackedHeads(9, 32);
const stacked128 = stackedHeads(9, 128);
const steps = [
  { name: 'one head, tfjs ops, tfjs BatchMatMul kernel', ms: singleStock },
  { name: 'one head, tfjs ops, wasmMatMul', ms: single },
  { name: '9 heads stacked, batches of 32', ms: stacked32 },
  { name: '9 heads stacked, batches of 128', ms: stacked128 },
];
console.log(`\n${table(['training step (WASM, Node)', 'ms per head per 32 images', 'ratio to the first'], steps.map((s) => [s.name, s.ms, ratio(singleStock, s.ms)]))}`);
if (values.json) writeFileSync(values.json, `${JSON.stringify({ command: `npx tsx research/benchTraining.ts ${process.argv.slice(2).join(' ')}`.trim(), date: new Date().toISOString(), products: productRows, steps }, null, 1)}\n`);
