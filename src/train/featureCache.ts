import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RAW_DIM } from '../model/config';

/**
 * On-disk cache of what the CNNs give for each photo, outside git (`.cache/features/…`),
 * resumable and safe for parallel writers: `<id>.raw.f32` = Float32Array[RAW_DIM] (layout in
 * src/model/config.ts). I is composed from it (featureLayout.ts), so trying another I needs no
 * new CNN pass.
 */
export class FeatureCache {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private path(id: string): string {
    return join(this.dir, `${id}.raw.f32`);
  }

  has(id: string): boolean {
    return existsSync(this.path(id));
  }

  /** The photo's raw features, Float32Array[RAW_DIM]. */
  get(id: string): Float32Array {
    const buf = readFileSync(this.path(id));
    const out = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4).slice();
    if (out.length !== RAW_DIM) {
      throw new Error(`Cached features of ${id} have ${out.length} values, expected ${RAW_DIM}: delete ${this.dir}`);
    }
    return out;
  }

  set(id: string, values: Float32Array): void {
    const target = this.path(id);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    renameSync(tmp, target);
  }
}
