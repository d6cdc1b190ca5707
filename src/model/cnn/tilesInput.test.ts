import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectNoLeak } from '../../test/tfSetup';
import { initNodeBackend } from '../../train/nodeBackend';
import { BACKBONE_INPUT_SIZE, TILE_BOXES } from '../config';
import { tilesInput } from './imageFeatures';

const S = BACKBONE_INPUT_SIZE;

/** Deterministic pseudo-random pixels [1,h,w,3] in 0..255. */
function noise(h: number, w: number): tf.Tensor4D {
  const v = new Float32Array(h * w * 3);
  let a = 12345;
  for (let i = 0; i < v.length; i++) { a = (a * 1103515245 + 12345) >>> 0; v[i] = (a >>> 16) % 256; }
  return tf.tensor4d(v, [1, h, w, 3]);
}

/** The tiles' last row and last column, per tile: Float32Array[(S + S) * 3]. */
function farEdges(tiles: tf.Tensor4D): Float32Array[] {
  return TILE_BOXES.map((_, t) => tf.tidy(() => tf.concat([
    tf.reshape(tf.slice(tiles, [t, S - 1, 0, 0], [1, 1, S, 3]), [-1]),
    tf.reshape(tf.slice(tiles, [t, 0, S - 1, 0], [1, S, 1, 3]), [-1]),
  ]).dataSync() as Float32Array));
}

describe('tilesInput: the 4 corner tiles, the same on every backend', () => {
  // 333×500 is the commonest VOC size; WASM's plain cropAndResize zeroed the far row and column there
  it('fills the far row and column of every tile with the photo on WASM, where cropAndResize alone leaves zeros', async () => {
    await initNodeBackend('wasm');
    const grey = tf.fill([1, 333, 500, 3], 200) as tf.Tensor4D;
    const plain = tf.image.cropAndResize(grey, TILE_BOXES.map((b) => [...b]), TILE_BOXES.map(() => 0), [S, S]);
    expect(farEdges(plain).some((e) => e.some((v) => v === 0))).toBe(true); // the defect the fix is for
    await expectNoLeak(() => tilesInput(grey), (t) => t.dispose());
    const tiles = tilesInput(grey);
    expect(tiles.shape).toEqual([4, S, S, 3]);
    for (const edge of farEdges(tiles)) expect(edge.every((v) => Math.abs(v - 200) < 1e-3)).toBe(true);
    tf.dispose([grey, plain, tiles]);
  });

  it('gives WASM and the CPU backend the same tiles to float rounding, far edges included', async () => {
    const read = async (backend: 'wasm' | 'cpu') => {
      await initNodeBackend(backend);
      const rgb = noise(333, 500);
      const tiles = tilesInput(rgb);
      const out = { all: tiles.dataSync() as Float32Array, edges: farEdges(tiles) };
      tf.dispose([rgb, tiles]);
      return out;
    };
    const wasm = await read('wasm');
    const cpu = await read('cpu');
    let worst = 0;
    for (let i = 0; i < wasm.all.length; i++) worst = Math.max(worst, Math.abs(wasm.all[i]! - cpu.all[i]!));
    expect(worst).toBeLessThan(0.05); // of 255: interpolation weights in float32 vs float64
    wasm.edges.forEach((e, t) => e.forEach((v, i) => expect(Math.abs(v - cpu.edges[t]![i]!)).toBeLessThan(0.05)));
  });

  it('samples the pixels the plain boxes address: the top-left tile, which never reached a far edge, is unchanged', async () => {
    await initNodeBackend('wasm');
    const rgb = noise(120, 90);
    const plain = tf.image.cropAndResize(rgb, [[...TILE_BOXES[0]!]], [0], [S, S]);
    const tiles = tilesInput(rgb);
    const first = tf.slice(tiles, [0, 0, 0, 0], [1, -1, -1, -1]);
    expect(tf.max(tf.abs(tf.sub(plain, first))).dataSync()[0]).toBeLessThan(0.05);
    tf.dispose([rgb, plain, tiles, first]);
  });
});
