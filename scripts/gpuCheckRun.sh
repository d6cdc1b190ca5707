#!/usr/bin/env bash
# The GPU machine's single command (copied to .gpu-check/run.sh by scripts/gpu-check.sh):
#   bash .gpu-check/run.sh "$OUT"     # from the repo root; OUT defaults to $OUT, else .gpu-check/out
# Writes gpu-check.json (WebGPU and WASM, same photo, same machine) and gpu-check.log to OUT.
# Needs no network: Node itself, dawn.node, the models and the photo are in the folder. If the
# Vulkan loader is missing it unpacks .gl/*.deb (Debian libvulkan1 …) from the repo root.
# Env: VK_ICD_FILENAMES / VK_DRIVER_FILES pick a driver (default: the NVIDIA ICD if there is one);
# GPU_CHECK_ARGS adds bench arguments (e.g. "--runs 9"); GPU_CHECK_TIMEOUT caps the main run (s).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
OUT_DIR=${1:-${OUT:-$HERE/out}}
mkdir -p "$OUT_DIR"
LOG="$OUT_DIR/gpu-check.log"
JSON="$OUT_DIR/gpu-check.json"
exec > >(tee -a "$LOG") 2>&1
say() { echo "[$(date -u +%H:%M:%S)] $*"; }
RUN=/tmp/gpu-check-run
mkdir -p "$RUN/dist/linux-x64"
say "gpu-check in $HERE, output $OUT_DIR; $(uname -srm); $(nproc) cores"
command -v nvidia-smi >/dev/null && nvidia-smi -L

unxz_to() { # unxz_to <file.xz> <dest>: xz, else Python's lzma
  xz -dc "$1" > "$2.part" 2>/dev/null || python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2],"wb"))' "$1" "$2.part" || return 1
  mv "$2.part" "$2"
}

# 1. Node ≥ 20: the machine's own, else the one in the folder
NODE=node
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  NODE=$RUN/node
  [ -x "$NODE" ] || { unxz_to "$HERE/runtime/node.xz" "$NODE" && chmod +x "$NODE"; } || { say "ERROR: cannot unpack Node (needs xz or python3)"; exit 2; }
fi
say "node: $NODE $($NODE --version)"

# 2. dawn.node beside the bundle (the bundle loads ./dist/linux-x64/dawn.node)
[ -f "$RUN/dist/linux-x64/dawn.node" ] || unxz_to "$HERE/runtime/dawn.node.xz" "$RUN/dist/linux-x64/dawn.node" || { say "ERROR: cannot unpack dawn.node"; exit 2; }
cp "$HERE/bench.mjs" "$RUN/bench.mjs"
# the assets, with their xz-compressed weights unpacked (once)
ASSETS=$RUN/assets
if [ ! -f "$ASSETS/.unpacked" ]; then
  rm -rf "$ASSETS" && cp -r "$HERE/assets" "$ASSETS" || { say "ERROR: cannot copy the assets"; exit 2; }
  for f in $(find "$ASSETS" -name '*.xz'); do unxz_to "$f" "${f%.xz}" && rm "$f" || { say "ERROR: cannot unpack $f"; exit 2; }; done
  touch "$ASSETS/.unpacked"
fi

# 3. The Vulkan loader
# the loader counts as present only if ldconfig or a folder of LD_LIBRARY_PATH really holds it
# (on the NVIDIA machine LD_LIBRARY_PATH is set but holds only the driver's libraries)
has_vulkan() {
  ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' && return 0
  local d; IFS=: read -ra dirs <<< "${LD_LIBRARY_PATH:-}"
  for d in "${dirs[@]}"; do [ -n "$d" ] && [ -e "$d/libvulkan.so.1" ] && return 0; done
  return 1
}
if ! has_vulkan; then
  debs=$(ls "$REPO"/.gl/*.deb "$HERE"/.gl/*.deb 2>/dev/null)
  if [ -n "$debs" ] && [ "$(id -u)" = 0 ]; then
    say "no libvulkan.so.1: unpacking $(echo "$debs" | wc -l) .deb(s) from .gl/"
    for f in $debs; do dpkg -x "$f" /; done; ldconfig
  elif [ -n "$debs" ]; then
    say "no libvulkan.so.1: unpacking .gl/*.deb to $RUN/gl (not root)"
    for f in $debs; do dpkg -x "$f" "$RUN/gl"; done
    export LD_LIBRARY_PATH="$RUN/gl/usr/lib/x86_64-linux-gnu"
  else
    say "WARNING: no libvulkan.so.1 and no .gl/*.deb. WebGPU will fail (WASM still runs). To bring it, on a"
    say "  Debian/Ubuntu machine with network, in the repo root: mkdir -p .gl /tmp/amd64/partial;"
    say "  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64';"
    say "  apt-get \$o update; (cd .gl && apt-get \$o download libvulkan1)  — then carry .gl along."
  fi
fi
say "vulkan loader: $(ldconfig -p 2>/dev/null | grep -o '/[^ ]*libvulkan\.so\.1$' | head -1)${LD_LIBRARY_PATH:+ (LD_LIBRARY_PATH=$LD_LIBRARY_PATH)}"

# 4. The driver: the one asked for, else NVIDIA's ICD
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json \
             /etc/vulkan/icd.d/nvidia_icd.json /usr/local/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd; break; fi
  done
fi
say "vulkan driver: ${VK_DRIVER_FILES:-${VK_ICD_FILENAMES:-none set, the loader default search}}"

# 5. The bench: WASM then WebGPU (app's parallel compile), then a cold process with serial compile
rm -f "$JSON"
say "bench (main): timeout ${GPU_CHECK_TIMEOUT:-360}s"
# shellcheck disable=SC2086
HEAD_ARG=()
[ -d "$ASSETS/head" ] || HEAD_ARG=(--head "$REPO/models/head/model.json") # built with HEAD_FROM_REPO=1
timeout "${GPU_CHECK_TIMEOUT:-360}" "$NODE" "$RUN/bench.mjs" --assets "$ASSETS" --json "$JSON" "${HEAD_ARG[@]}" ${GPU_CHECK_ARGS:-}
rc=$?
say "bench (main) exit $rc"
# the bench done (its JSON says so) is enough: a profile that failed or ran out of time does not skip this
if { [ $rc = 0 ] || grep -q '"status": "done"' "$JSON" 2>/dev/null; } && [ -z "${GPU_CHECK_SKIP_SERIAL:-}" ]; then
  say "cold start with serial compile (the warm-up before parallel compilation), fresh process: timeout 120s"
  timeout 120 "$NODE" "$RUN/bench.mjs" --assets "$ASSETS" --json "$JSON" "${HEAD_ARG[@]}" --compile serial --cold-only --skip-wasm --key coldStartSerialCompile
  say "serial-compile run exit $?"
fi
say "done: $JSON, $LOG"
exit $rc
