import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadDims, HeadWeights } from '../model/head/cnnRnn';
import { expectNoLeak, useCpuBackend } from '../test/tfSetup';
import { initNodeBackend } from './nodeBackend';
import { droppedInputs, dropViews, memberOf, sequenceLoss, stackedSequenceLoss, stackHeads, stepRows, matrixNames, type StackedWeights } from './stackedHead';
import { disposeBatch, initHeadWeights, makeSequenceBatch, seededRandom } from './trainHead';

const dims: HeadDims = { numLabels: 4, featureDim: 6, embedDim: 5, hiddenDim: 3, imageGate: true };
const F = dims.featureDim;
const rand = seededRandom(5);
const mean = Float32Array.from({ length: F }, () => rand() - 0.5);
const std = Float32Array.from({ length: F }, () => 0.5 + rand());
// each member's own rows; sequences of different lengths, END (4) last; some labels unknown
const rows = [
  { x: Float32Array.from({ length: 3 * F }, () => rand() * 2 - 1), seqs: [[0, 2, 4], [1, 4], [3, 1, 0, 4]], unknown: [[3], [], [2]] },
  { x: Float32Array.from({ length: 3 * F }, () => rand() * 2 - 1), seqs: [[2, 4], [0, 1, 3, 4], [1, 4]], unknown: [[], [2], [0, 3]] },
];
let members: HeadWeights[];
let stacked: StackedWeights;
let meanT: tf.Tensor1D;
let stdT: tf.Tensor1D;
const stackedBatch = () => makeSequenceBatch(Float32Array.from([...rows[0]!.x, ...rows[1]!.x]), F, [...rows[0]!.seqs, ...rows[1]!.seqs], dims.numLabels);

/** Two members (and them stacked) made on the current backend. */
function makeFixture(): void {
  members = [initHeadWeights(dims, mean, std, 11, false), initHeadWeights(dims, mean, std, 29, false)];
  // the gate starts at 0: give it values so that the test sees it
  members.forEach((w, m) => {
    w['label/gate']!.dispose();
    w['label/gate'] = tf.randomUniform([dims.numLabels + 1], -0.5, 0.5, 'float32', 3 + m);
  });
  stacked = stackHeads(members, dims);
  meanT = tf.tensor1d(mean);
  stdT = tf.tensor1d(std);
}
const disposeFixture = () => tf.dispose([...members.flatMap((w) => Object.values(w)), ...Object.values(stacked), meanT, stdT]);

beforeAll(async () => {
  await useCpuBackend();
  makeFixture();
});
afterAll(disposeFixture);

/** The members' losses and gradients one by one, and stacked. */
function compare(opts: { pla?: boolean; semantic?: number }, sortRows = false) {
  const single = members.map((w, m) => {
    const batch = makeSequenceBatch(rows[m]!.x, F, rows[m]!.seqs, dims.numLabels, rows[m]!.unknown);
    const named = Object.entries(w).filter(([n]) => !n.startsWith('feature/')) as [string, tf.Tensor][];
    const loss = (...ts: tf.Tensor[]) => sequenceLoss({ ...w, ...Object.fromEntries(named.map(([n], k) => [n, ts[k]!])) } as HeadWeights, dims, batch, 0, opts);
    const { value, grads } = tf.valueAndGrads(loss)(named.map(([, t]) => t));
    const out = { loss: value.dataSync()[0]!, grads: Object.fromEntries(named.map(([n], k) => [n, grads[k]!.dataSync()])) };
    tf.dispose([value, ...grads]);
    disposeBatch(batch);
    return out;
  });
  // each member's rows, optionally longest sequence first with the steps run on the rows still going
  const all = [0, 1, 2, 3, 4, 5];
  const seqOf = (r: number) => rows[Math.floor(r / 3)]!.seqs[r % 3]!;
  const order = sortRows ? stepRows(all, 2, (r) => seqOf(r).length) : { rows: all, active: undefined };
  const x = new Float32Array(6 * F);
  order.rows.forEach((r, k) => x.set(rows[Math.floor(r / 3)]!.x.subarray((r % 3) * F, (r % 3 + 1) * F), k * F));
  const batch = makeSequenceBatch(x, F, order.rows.map(seqOf), dims.numLabels, order.rows.map((r) => rows[Math.floor(r / 3)]!.unknown[r % 3]!));
  const names = Object.keys(stacked);
  const { value, grads } = tf.variableGrads(
    () => stackedSequenceLoss(stacked, meanT, stdT, dims, 2, batch, 0, { ...opts, active: order.active }), names.map((n) => stacked[n] as tf.Variable),
  );
  const loss = value.dataSync()[0]!;
  const stackedGrads = Object.fromEntries(names.map((n) => [n, grads[(stacked[n] as tf.Variable).name]!.dataSync()]));
  tf.dispose([value, ...Object.values(grads)]);
  disposeBatch(batch);
  return { single, loss, stackedGrads };
}

// on the CPU backend and on WASM, whose kernels differ (its OneHot asked for float32 writes int bits;
// its products of rank 3 run through wasmMatMul.ts)
describe.each(['cpu', 'wasm'] as const)('stacked heads on %s', (backend) => {
  beforeAll(async () => {
    disposeFixture();
    await initNodeBackend(backend);
    makeFixture(); // on this backend: tensors moved between backends upset tfjs's leak check
    // tfjs's per-kernel leak check (IS_TEST) misfires on WASM for any gradient through logSoftmax
    // (1 data id "leaked" by logSoftmax__op while the tape records, with tfjs's own kernels too)
    if (backend === 'wasm') tf.env().set('IS_TEST', false);
  });
  afterAll(async () => {
    tf.env().set('IS_TEST', true);
    disposeFixture();
    await useCpuBackend();
    makeFixture();
  });
  for (const [opts, sortRows] of [[{}, false], [{ pla: true, semantic: 0.3 }, false], [{ pla: true }, false], [{ semantic: 1 }, false], [{ pla: true, semantic: 0.3 }, true], [{}, true]] as const) {
    it(`give the sum of the members' losses and each member's own gradients (${JSON.stringify(opts)}${sortRows ? ', rows longest first, steps on the rows still going' : ''})`, () => {
      const { single, loss, stackedGrads } = compare(opts, sortRows);
      expect(loss).toBeCloseTo(single[0]!.loss + single[1]!.loss, 4);
      for (const [name, g] of Object.entries(stackedGrads)) {
        const half = g.length / 2;
        single.forEach((s, m) => {
          const own = s.grads[name]!;
          expect(own.length, name).toBe(half);
          for (let j = 0; j < half; j++) expect(g[m * half + j], `${name}[${m}][${j}]`).toBeCloseTo(own[j]!, 4);
        });
      }
    });
  }
});

describe('stacked heads', () => {
  it('reads each member back as it went in', () => {
    members.forEach((w, m) => {
      const back = memberOf(stacked, m, dims) as Record<string, tf.Tensor>;
      for (const [name, t] of Object.entries(back)) {
        const own = (w as unknown as Record<string, tf.Tensor>)[name]!;
        expect(t.shape, name).toEqual(own.shape);
        expect(Array.from(t.dataSync()), name).toEqual(Array.from(own.dataSync()));
      }
      tf.dispose(Object.values(back));
    });
  });

  it('names the matrices (the weights that weight decay applies to)', () => {
    expect(matrixNames(dims).sort()).toEqual(['label/U_l', 'lstm/kernel', 'lstm/recurrent', 'proj/U_I', 'proj/U_o']);
  });

  it('does not leak, with dropout on', async () => {
    const batch = stackedBatch();
    await expectNoLeak(() => stackedSequenceLoss(stacked, meanT, stdT, dims, 2, batch, 0.5, { pla: true, semantic: 0.3 }), (t) => {
      expect(Number.isFinite(t.dataSync()[0])).toBe(true);
      t.dispose();
    });
    disposeBatch(batch);
  });
});

describe('trainStacked', () => {
  it('trains each member as a stack of one trains it alone (no dropout: the same weights, epochs and val mAPs)', async () => {
    const { trainStacked } = await import('./trainStacked');
    const { DEFAULT_HEAD_CONFIG } = await import('./trainHead');
    const r = seededRandom(9);
    const L = 4;
    const set = (n: number) => {
      const truth = Array.from({ length: n }, () => Int8Array.from({ length: L }, () => (r() < 0.35 ? 1 : r() < 0.1 ? 0 : -1)));
      // features that carry the labels, plus noise
      const features = Float32Array.from({ length: n * F }, (_, j) => (truth[Math.floor(j / F)]![j % L]! > 0 ? 1 : 0) + r() - 0.5);
      return { ids: truth.map((_, i) => `im${i}`), truth, features };
    };
    const train = set(40);
    const val = set(16);
    const labels = ['a', 'b', 'c', 'd'];
    const cfg = {
      ...DEFAULT_HEAD_CONFIG, embedDim: 5, hiddenDim: 3, batchSize: 8, epochs: 3, dropout: 0, order: 'pla' as const,
      semanticWeight: 0.3, imageGate: true, weightAverage: 0.9, learningRate: 0.01,
    };
    const baseCfg = { learningRate: 0.01, epochs: 3, batchSize: 8, weightDecay: 1e-4, dropout: 0, seed: 11 };
    const quiet = () => {};
    const before = tf.memory().numTensors;
    const stacked = await trainStacked(train, val, labels, cfg, [3, 4], baseCfg, quiet);
    const leaked = tf.memory().numTensors - before - stacked.reduce((n, s) => n + Object.keys(s.model.weights).length, 0);
    const alone: Awaited<ReturnType<typeof trainStacked>> = [];
    for (const seed of [3, 4]) alone.push(...(await trainStacked(train, val, labels, cfg, [seed], baseCfg, quiet)));
    for (const [k, seed] of [3, 4].entries()) {
      const mine = stacked[k]!;
      expect(mine.head.bestEpoch).toBe(alone[k]!.head.bestEpoch);
      expect(mine.baseline.bestEpoch).toBe(alone[k]!.baseline.bestEpoch);
      mine.head.history.forEach((h, e) => {
        expect(h.valMap).toBeCloseTo(alone[k]!.head.history[e]!.valMap, 3);
        // the logged loss is the members' mean
        expect(h.loss).toBeCloseTo((alone[0]!.head.history[e]!.loss + alone[1]!.head.history[e]!.loss) / 2, 3);
      });
      for (const [name, t] of Object.entries(alone[k]!.model.weights)) {
        const got = (mine.model.weights as unknown as Record<string, tf.Tensor>)[name]!;
        expect(got.shape, name).toEqual(t.shape);
        const a = got.dataSync();
        const b = t.dataSync();
        for (let j = 0; j < a.length; j++) expect(a[j], `${name}[${j}] seed ${seed}`).toBeCloseTo(b[j]!, 5);
      }
    }
    tf.dispose(alone.flatMap((r) => Object.values(r.model.weights)));
    tf.dispose(stacked.flatMap((s) => Object.values(s.model.weights)));
    expect(leaked).toBe(0);
  }, 60_000);
});

/** A train set of 24 and a val set of 8 photos, 4 labels, whose first 4 columns of I tell the labels. */
function tinySets(seed: number) {
  const r = seededRandom(seed);
  const L = 4;
  const set = (n: number) => {
    const truth = Array.from({ length: n }, () => Int8Array.from({ length: L }, () => (r() < 0.35 ? 1 : -1)));
    const features = Float32Array.from({ length: n * F }, (_, j) => (truth[Math.floor(j / F)]![j % L]! > 0 ? 1 : 0) + r() - 0.5);
    return { ids: truth.map((_, i) => `im${i}`), truth, features };
  };
  return [set(24), set(8)] as const;
}

describe('random subspaces', () => {
  it('hides a share of the columns outside the evidence, its own draw for each seed', async () => {
    const { subspaceMasks } = await import('./trainStacked');
    expect(subspaceMasks(10, undefined, [0], [1, 2])).toEqual([[], []]);
    expect(subspaceMasks(10, 0, [0], [1, 2])).toEqual([[], []]);
    const [a, b] = subspaceMasks(41, 0.5, [0, 1, 2, 3, 4], [1, 2]);
    expect(a).toHaveLength(18); // round(0.5 × 36)
    expect(b).toHaveLength(18);
    expect(a!.some((j) => j < 5) || b!.some((j) => j < 5)).toBe(false);
    expect(new Set(a).size).toBe(18);
    expect(a).not.toEqual(b);
    expect(subspaceMasks(41, 0.5, [0, 1, 2, 3, 4], [1])[0]).toEqual(a); // from the seed alone
    expect(() => subspaceMasks(10, 1, [], [1])).toThrow(/between 0 and 1/);
  });

  it('trains members that never read their hidden columns: zero weights there, as a stack or alone', async () => {
    const { trainStacked, subspaceMasks } = await import('./trainStacked');
    const { DEFAULT_HEAD_CONFIG } = await import('./trainHead');
    const [train, val] = tinySets(5);
    const cfg = { ...DEFAULT_HEAD_CONFIG, embedDim: 5, hiddenDim: 3, batchSize: 8, epochs: 2, dropout: 0.3, learningRate: 0.01, subspace: 0.5 };
    const baseCfg = { learningRate: 0.01, epochs: 2, batchSize: 8, weightDecay: 1e-4, dropout: 0, seed: 11 };
    const evidence = [0, 1];
    const quiet = () => {};
    const before = tf.memory().numTensors;
    const stacked = await trainStacked(train, val, ['a', 'b', 'c', 'd'], cfg, [3, 4], baseCfg, quiet, () => true, evidence);
    expect(tf.memory().numTensors - before).toBe(stacked.reduce((n, s) => n + Object.keys(s.model.weights).length, 0)); // only the heads' weights
    const alone = await trainStacked(train, val, ['a', 'b', 'c', 'd'], cfg, [4], baseCfg, quiet, () => true, evidence);
    const hidden = subspaceMasks(F, 0.5, evidence, [3, 4]);
    for (const [k, member] of stacked.entries()) {
      const U = member.model.weights['proj/U_I'].arraySync() as number[][];
      U.forEach((row, j) => {
        if (hidden[k]!.includes(j)) expect(row.every((v) => v === 0), `row ${j}`).toBe(true);
        else expect(row.some((v) => v !== 0), `row ${j}`).toBe(true);
      });
    }
    const a = stacked[1]!.model.weights['proj/U_I'].dataSync();
    alone[0]!.model.weights['proj/U_I'].dataSync().forEach((v, j) => expect(a[j]).toBeCloseTo(v, 5));
    tf.dispose([...stacked, ...alone].flatMap((s) => Object.values(s.model.weights)));
  }, 60_000);
});

describe('view dropout in training', () => {
  it('trains with view dropout: each member as it trains alone, unlike without, and no tensor left behind', async () => {
    const { trainStacked } = await import('./trainStacked');
    const { DEFAULT_HEAD_CONFIG } = await import('./trainHead');
    const [train, val] = tinySets(6);
    const cfg = { ...DEFAULT_HEAD_CONFIG, embedDim: 5, hiddenDim: 3, batchSize: 8, epochs: 2, dropout: 0.3, learningRate: 0.01 };
    const baseCfg = { learningRate: 0.01, epochs: 2, batchSize: 8, weightDecay: 1e-4, dropout: 0, seed: 11 };
    const groups = [[0, 1], [2, 3]];
    const quiet = () => {};
    const train2 = (c: typeof cfg & { viewDropout?: number }, seeds: number[]) => trainStacked(train, val, ['a', 'b', 'c', 'd'], c, seeds, baseCfg, quiet, () => true, [], groups);
    const before = tf.memory().numTensors;
    const stacked = await train2({ ...cfg, viewDropout: 0.5 }, [3, 4]);
    expect(tf.memory().numTensors - before).toBe(stacked.reduce((n, s) => n + Object.keys(s.model.weights).length, 0));
    const alone = await train2({ ...cfg, viewDropout: 0.5 }, [4]);
    const plain = await train2(cfg, [4]);
    const U = (t: typeof stacked[number]) => t.model.weights['proj/U_I'].dataSync();
    const a = U(stacked[1]!);
    U(alone[0]!).forEach((v, j) => expect(a[j]).toBeCloseTo(v, 5));
    expect(Math.max(...U(plain[0]!).map((v, j) => Math.abs(v - a[j]!)))).toBeGreaterThan(1e-4);
    // view dropout in the first epoch only: unlike both, and the same as the full run when it covers every epoch
    const first = await train2({ ...cfg, viewDropout: 0.5, viewDropoutEpochs: 1 }, [4]);
    const every = await train2({ ...cfg, viewDropout: 0.5, viewDropoutEpochs: 2 }, [4]);
    const loss = (t: typeof stacked[number]) => t.head.history.map((h) => h.loss); // each epoch's training loss
    expect(loss(first[0]!)[0]).toBe(loss(alone[0]!)[0]); // epoch 1 alike
    expect(loss(first[0]!)[1]).not.toBe(loss(alone[0]!)[1]); // epoch 2 without it
    expect(loss(first[0]!)[1]).not.toBe(loss(plain[0]!)[1]);
    expect(loss(every[0]!)).toEqual(loss(alone[0]!));
    expect(U(every[0]!)).toEqual(U(alone[0]!));
    tf.dispose([...stacked, ...alone, ...plain, ...first, ...every].flatMap((s) => Object.values(s.model.weights)));
  }, 60_000);

  it("scope 'joint' keeps every view for the image-only scores: a change only where the gate or the semantic term reads them", async () => {
    const { trainStacked } = await import('./trainStacked');
    const { DEFAULT_HEAD_CONFIG } = await import('./trainHead');
    const [train, val] = tinySets(6);
    const cfg = { ...DEFAULT_HEAD_CONFIG, embedDim: 5, hiddenDim: 3, batchSize: 8, epochs: 2, dropout: 0.3, learningRate: 0.01, viewDropout: 0.5 };
    const baseCfg = { learningRate: 0.01, epochs: 2, batchSize: 8, weightDecay: 1e-4, dropout: 0, seed: 11 };
    const run = (c: typeof cfg, seeds = [4]) => trainStacked(train, val, ['a', 'b', 'c', 'd'], c, seeds, baseCfg, () => {}, () => true, [], [[0, 1], [2, 3]]);
    const U = (t: Awaited<ReturnType<typeof run>>[number]) => Array.from(t.model.weights['proj/U_I'].dataSync());
    const gated = { ...cfg, imageGate: true, semanticWeight: 0.5 };
    const before = tf.memory().numTensors;
    const joint = await run({ ...gated, viewDropoutScope: 'joint' }, [3, 4]);
    expect(tf.memory().numTensors - before).toBe(joint.reduce((n, s) => n + Object.keys(s.model.weights).length, 0));
    const jointAlone = await run({ ...gated, viewDropoutScope: 'joint' });
    U(jointAlone[0]!).forEach((v, j) => expect(U(joint[1]!)[j]).toBeCloseTo(v, 5));
    const all = await run(gated);
    expect(U(await run({ ...gated, viewDropoutScope: 'all' }).then((r) => r[0]!))).toEqual(U(all[0]!));
    expect(Math.max(...U(all[0]!).map((v, j) => Math.abs(v - U(jointAlone[0]!)[j]!)))).toBeGreaterThan(1e-4);
    // no gate, no semantic term: nothing reads the image-only scores, so the scope changes nothing
    const plainAll = await run(cfg);
    const plainJoint = await run({ ...cfg, viewDropoutScope: 'joint' });
    expect(U(plainJoint[0]!)).toEqual(U(plainAll[0]!));
    tf.dispose([...joint, ...jointAlone, ...all, ...plainAll, ...plainJoint].flatMap((s) => Object.values(s.model.weights)));
  }, 60_000);
});

describe('dropoutRates', () => {
  it('is the one rate unless the evidence has its own, then that rate on the evidence columns only', async () => {
    const { dropoutRates } = await import('./trainStacked');
    expect(dropoutRates(4, { dropout: 0.7 }, [1, 2])).toBe(0.7);
    expect(dropoutRates(4, { dropout: 0.7, evidenceDropout: 0 }, [1, 2])).toEqual([0.7, 0, 0, 0.7]);
    expect(() => dropoutRates(4, { dropout: 0.7, evidenceDropout: 0 }, [])).toThrow(/no columns/);
    expect(() => dropoutRates(4, { dropout: 0.7, evidenceDropout: 0 }, [4])).toThrow(/outside I/);
  });
});

describe('valEpochs', () => {
  it('decodes from an epoch on, every k epochs counted back from the last, and always at the last', async () => {
    const { valEpochs } = await import('./trainStacked');
    const pick = (f: (e: number) => boolean) => Array.from({ length: 30 }, (_, i) => i + 1).filter(f);
    expect(pick(valEpochs(30, 20, 5))).toEqual([20, 25, 30]);
    expect(pick(valEpochs(30, 1, 1))).toHaveLength(30);
    expect(pick(valEpochs(30, 31, 1))).toEqual([30]);
    expect(pick(valEpochs(30, 18, 4))).toEqual([18, 22, 26, 30]);
    expect(() => valEpochs(30, 1, 0)).toThrow(/val-every/);
  });
});

describe('stepRows', () => {
  it('sorts each member\'s rows longest first (stable) and counts the rows still going per step', () => {
    const len: Record<number, number> = { 10: 2, 11: 4, 12: 2, 13: 3, 20: 2, 21: 2, 22: 5, 23: 2 };
    const { rows, active } = stepRows([10, 11, 12, 13, 20, 21, 22, 23], 2, (r) => len[r]!);
    expect(rows).toEqual([11, 13, 10, 12, 22, 20, 21, 23]);
    // step 0 and 1: all 4; step 2: member 0 has 2 (lengths 4, 3), member 1 has 1; then 1 and 1
    expect(active).toEqual([4, 4, 2, 1, 1]);
  });
});

describe('dropViews', () => {
  const groups = [[0, 1], [3, 4, 5]];
  it('at rate r, clears one whole group in about r of the rows, each group as often, and nothing else', () => {
    const n = 6000;
    const x = Float32Array.from({ length: n * F }, () => rand() + 1); // no value is 0 before
    const got = dropViews(Float32Array.from(x), F, groups, 0.4, (r) => seededRandom(100 + r));
    const cleared = [0, 0];
    for (let r = 0; r < n; r++) {
      const row = got.subarray(r * F, (r + 1) * F);
      const zero = [...row.keys()].filter((j) => row[j] === 0);
      if (zero.length === 0) continue;
      const g = groups.findIndex((cols) => cols.join() === zero.join());
      expect(g, `row ${r} cleared ${zero.join()}`).toBeGreaterThanOrEqual(0);
      cleared[g]!++;
      row.forEach((v, j) => { if (!zero.includes(j)) expect(v).toBe(x[r * F + j]); });
    }
    expect((cleared[0]! + cleared[1]!) / n).toBeGreaterThan(0.38);
    expect((cleared[0]! + cleared[1]!) / n).toBeLessThan(0.42);
    expect(Math.abs(cleared[0]! - cleared[1]!) / n).toBeLessThan(0.03);
    // the same sources give the same rows
    expect(dropViews(Float32Array.from(x), F, groups, 0.4, (r) => seededRandom(100 + r))).toEqual(got);
  });

  it('inverted: drops the same groups, scales the groups a row keeps by 1 / (1 − r / groups), keeps each column\'s mean', () => {
    const n = 6000;
    const x = Float32Array.from({ length: n * F }, () => rand() + 1);
    const plain = dropViews(Float32Array.from(x), F, groups, 0.4, (r) => seededRandom(100 + r));
    const inv = dropViews(Float32Array.from(x), F, groups, 0.4, (r) => seededRandom(100 + r), true);
    const scale = 1 / (1 - 0.4 / 2);
    const inGroups = new Set(groups.flat());
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < F; j++) {
        const k = r * F + j;
        if (plain[k] === 0) expect(inv[k]).toBe(0);
        else if (inGroups.has(j)) expect(inv[k]).toBeCloseTo(x[k]! * scale, 5);
        else expect(inv[k]).toBe(x[k]); // columns of no group are left alone
      }
    }
    for (const j of inGroups) {
      let before = 0;
      let after = 0;
      for (let r = 0; r < n; r++) { before += x[r * F + j]!; after += inv[r * F + j]!; }
      expect(Math.abs(after - before) / before, `column ${j}`).toBeLessThan(0.03);
    }
  });

  it('keeps every value at rate 0 and refuses a rate of 1 or no groups', () => {
    const x = Float32Array.from({ length: 50 * F }, () => rand() + 1);
    expect(dropViews(Float32Array.from(x), F, groups, 0, (r) => seededRandom(r))).toEqual(x);
    expect(() => dropViews(x, F, groups, 1, () => seededRandom(1))).toThrow(/rate/);
    expect(() => dropViews(x, F, [], 0.3, () => seededRandom(1))).toThrow(/groups/);
  });
});

describe('droppedInputs', () => {
  it('standardises as the tensor ops do, and without dropout keeps every value', () => {
    const x = Float32Array.from({ length: 4 * F }, () => rand() * 4 - 2);
    const got = droppedInputs(x, F, mean, std, 0, () => () => 0.5);
    const want = tf.tidy(() => tf.div(tf.sub(tf.tensor2d(x, [4, F]), tf.tensor1d(mean)), tf.tensor1d(std)).dataSync());
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
  });

  it('drops each value with probability rate, scales the rest by 1/(1 − rate), row r from its own source', () => {
    const n = 4000;
    const x = Float32Array.from({ length: n * F }, () => rand() + 1); // standardised values away from 0
    const ones = new Float32Array(F).fill(1);
    const zeros = new Float32Array(F);
    const streams = [seededRandom(1), seededRandom(2)];
    const got = droppedInputs(x, F, zeros, ones, 0.7, (r) => streams[r % 2]!);
    const dropped = got.filter((v) => v === 0).length / got.length;
    expect(dropped).toBeGreaterThan(0.68);
    expect(dropped).toBeLessThan(0.72);
    got.forEach((v, i) => { if (v !== 0) expect(v).toBeCloseTo(x[i]! / 0.3, 4); });
    // the same sources give the same mask
    const again = droppedInputs(x, F, zeros, ones, 0.7, (r) => [seededRandom(1), seededRandom(2)][r % 2]!);
    expect(again.slice(0, 2 * F)).toEqual(got.slice(0, 2 * F));
  });

  it('takes a rate per column: a column at 0 is never dropped, the others draw as with one rate', () => {
    const n = 2000;
    const x = Float32Array.from({ length: n * F }, () => rand() + 1);
    const ones = new Float32Array(F).fill(1);
    const zeros = new Float32Array(F);
    const rates = Array.from({ length: F }, (_, j) => (j === 1 ? 0 : 0.7));
    const one = droppedInputs(x, F, zeros, ones, 0.7, () => seededRandom(5));
    const per = droppedInputs(x, F, zeros, ones, rates, () => seededRandom(5));
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < F; j++) {
        const i = r * F + j;
        if (j === 1) expect(per[i]).toBeCloseTo(x[i]!, 6);
        else expect(per[i]).toBe(one[i]);
      }
    }
    expect(() => droppedInputs(x, F, zeros, ones, [0.7], () => seededRandom(5))).toThrow(/rates for/);
  });
});
