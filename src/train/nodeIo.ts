import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * A tf.io handler that reads a model.json and its weight shards from disk (Node has no fetch of
 * file:// here, and tfjs-node cannot be installed offline). Loads through tfjs's own decoder.
 */
export function fileModelHandler(jsonPath: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
      const dir = dirname(jsonPath);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(await readFile(join(dir, p)));
      }
      const total = buffers.reduce((n, b) => n + b.byteLength, 0);
      const joined = new Uint8Array(total);
      let offset = 0;
      for (const b of buffers) { joined.set(b, offset); offset += b.byteLength; }
      return tf.io.getModelArtifactsForJSONSync(json, specs, joined.buffer);
    },
  };
}
