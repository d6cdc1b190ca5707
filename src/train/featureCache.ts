import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageViews } from '../model/backbone';
import { TILES_DIM, VIEW_DIM } from '../model/config';

/**
 * On-disk cache of the parts of I, small files per image id, outside git (`.cache/features/…`),
 * resumable and safe for parallel writers:
 * - `<id>.f32`: Float32Array[VIEW_DIM] = the whole image's view;
 * - `<id>.tiles.f32`: Float32Array[TILES_DIM] = the 4 tiles, pooled.
 */
export class FeatureCache {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private path(id: string, part: 'views' | 'tiles'): string {
    return join(this.dir, part === 'views' ? `${id}.f32` : `${id}.tiles.f32`);
  }

  has(id: string, part: 'views' | 'tiles'): boolean {
    return existsSync(this.path(id, part));
  }

  /** The whole image's view and the pooled tiles. */
  get(id: string): ImageViews {
    return { whole: this.read(id, 'views', VIEW_DIM), tiles: this.read(id, 'tiles', TILES_DIM) };
  }

  private read(id: string, part: 'views' | 'tiles', length: number): Float32Array {
    const buf = readFileSync(this.path(id, part));
    const out = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4).slice();
    if (out.length !== length) {
      throw new Error(`Cached ${part} of ${id} have ${out.length} values, expected ${length}: delete ${this.dir}`);
    }
    return out;
  }

  set(id: string, part: 'views' | 'tiles', values: Float32Array): void {
    const target = this.path(id, part);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    renameSync(tmp, target);
  }
}
