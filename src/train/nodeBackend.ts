import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmMatMul } from '../model/wasmMatMul';

/** Backends the Node CLI can use: WASM (fast, default) or tfjs's pure-JS CPU backend. */
export type NodeBackendName = 'wasm' | 'cpu';

/** Selects a tfjs backend in Node; the WASM binaries come from node_modules, never the network. */
export async function initNodeBackend(name: NodeBackendName = 'wasm'): Promise<string> {
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${dist}/`);
    registerWasmMatMul(); // transposed and batched products on XNNPACK: every gradient of training
  }
  tf.env().set('PROD', true); // no debug checks, no "install tfjs-node" advice in CLI output
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs backend "${name}" could not start`);
  await tf.ready();
  return tf.getBackend();
}
