import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_DIM } from '../model/config';

/**
 * On-disk cache of image representations, one small file per image id:
 * Float32Array[2 × FEATURE_DIM] = [features of the image | features of its mirror].
 * Kept outside git (default `.cache/features`), resumable, and safe for parallel writers.
 */
export class FeatureCache {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private path(id: string): string {
    return join(this.dir, `${id}.f32`);
  }

  has(id: string): boolean {
    return existsSync(this.path(id));
  }

  /** Float32Array[2 × FEATURE_DIM]: plain then mirrored. */
  get(id: string): Float32Array {
    const buf = readFileSync(this.path(id));
    const out = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    if (out.length !== 2 * FEATURE_DIM) {
      throw new Error(`Cached features for ${id} have ${out.length} values, expected ${2 * FEATURE_DIM}: delete ${this.dir}`);
    }
    return out.slice();
  }

  set(id: string, plainAndMirrored: Float32Array): void {
    const tmp = `${this.path(id)}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(plainAndMirrored.buffer, plainAndMirrored.byteOffset, plainAndMirrored.byteLength));
    renameSync(tmp, this.path(id));
  }
}
