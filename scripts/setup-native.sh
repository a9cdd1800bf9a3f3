#!/usr/bin/env bash
# Makes @tensorflow/tfjs-node (the native TensorFlow backend) work in this checkout, without
# Google's storage bucket: the shared libraries and C headers of the PyPI wheel tensorflow-cpu
# are staged as the libtensorflow tarball tfjs-node's installer expects, served from a loopback
# HTTP server (TFJS_NODE_BASE_URI), and tfjs-node is (re)installed so its N-API addon is built
# against them. Idempotent: does nothing when tfjs-node already loads; the staged tarball is
# cached under .tools/tfjs-native/ keyed by versions, so after `npm ci` only the addon is rebuilt.
# Prints one line "[setup-native] ok: ..." or "[setup-native] FAILED: ..." (exit 1); on failure
# the project keeps working on the wasm backend. Details go to .tools/tfjs-native/setup.log.
# Usage: bash scripts/setup-native.sh [--quiet: only the last line]   (npm run setup:native)
set -uo pipefail

TENSORFLOW_CPU_VERSION="2.21.0"  # PyPI wheel whose libraries stand in for libtensorflow (2.15.1 also works)
TFJS_NODE_VERSION="4.22.0"
LIBTENSORFLOW_VERSION="2.9.1"    # the file name tfjs-node 4.22.0 downloads (scripts/deps-constants.js)

quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools/tfjs-native"
cache="$tools/tensorflow-cpu-$TENSORFLOW_CPU_VERSION"
tarball_name="libtensorflow-cpu-linux-x86_64-$LIBTENSORFLOW_VERSION.tar.gz"
tarball="$cache/$tarball_name"
log_file="$tools/setup.log"
started=$SECONDS
server_pid=""

say() { $quiet || echo "[setup-native] $*"; }
finish_failed() {
  echo "[setup-native] FAILED: $* — the wasm backend stays in use (details: $log_file)" >&2
  exit 1
}
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -f "$tools/server.port"
}
trap cleanup EXIT

check() { (cd "$root" && node scripts/native/check-tfjs-node.cjs); }

if status="$(check 2>/dev/null)"; then
  echo "[setup-native] ok: $status (already installed)"
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  finish_failed "this script stages libtensorflow for Linux x86_64 only (this is $(uname -s)-$(uname -m)); on other platforms \`npm install @tensorflow/tfjs-node@$TFJS_NODE_VERSION\` downloads Google's build"
fi
mkdir -p "$cache"
: >"$log_file"

if [ ! -s "$tarball" ]; then
  py="$(command -v python3 || command -v python || true)"
  [ -n "$py" ] || finish_failed "python3 with pip is needed to download tensorflow-cpu==$TENSORFLOW_CPU_VERSION"
  wheel_dir="$cache/wheel"
  if ! ls "$wheel_dir"/tensorflow_cpu-*.whl >/dev/null 2>&1; then
    say "downloading tensorflow-cpu==$TENSORFLOW_CPU_VERSION from PyPI (~275 MB)"
    "$py" -m pip download --quiet --no-deps --only-binary=:all: -d "$wheel_dir" "tensorflow-cpu==$TENSORFLOW_CPU_VERSION" >>"$log_file" 2>&1 \
      || finish_failed "pip download tensorflow-cpu==$TENSORFLOW_CPU_VERSION (needs PyPI and a Python it has a wheel for)"
  fi
  wheel="$(ls "$wheel_dir"/tensorflow_cpu-*.whl | head -n1)"
  say "staging libtensorflow from $(basename "$wheel")"
  "$py" "$root/scripts/native/stage-libtensorflow.py" "$wheel" "$tarball" "$LIBTENSORFLOW_VERSION" >>"$log_file" 2>&1 \
    || finish_failed "staging the libraries of $(basename "$wheel")"
  rm -rf "$wheel_dir"  # the staged tarball is the cache; the wheel is not needed again
fi

port_file="$tools/server.port"
rm -f "$port_file"
# The server ends with this script (EXIT trap; it also exits by itself once its parent is gone).
node "$root/scripts/native/serve-directory.cjs" "$cache" >"$port_file" 2>>"$log_file" &
server_pid=$!
for _ in $(seq 1 100); do
  [ -s "$port_file" ] && break
  kill -0 "$server_pid" 2>/dev/null || finish_failed "the loopback file server did not start"
  sleep 0.1
done
port="$(head -n1 "$port_file")"
[ -n "$port" ] || finish_failed "the loopback file server did not report its port"

export TFJS_NODE_BASE_URI="http://127.0.0.1:$port/libtensorflow-"
# Build the addon against the staged libraries rather than fetch Google's prebuilt one.
export npm_config_build_from_source=true
package_dir="$root/node_modules/@tensorflow/tfjs-node"
cd "$root" || finish_failed "cannot enter $root"
if [ -f "$package_dir/package.json" ] && grep -q "\"version\": \"$TFJS_NODE_VERSION\"" "$package_dir/package.json"; then
  say "rebuilding @tensorflow/tfjs-node $TFJS_NODE_VERSION against the staged libraries"
  rm -rf "$package_dir/deps" "$package_dir/lib"
  npm rebuild --foreground-scripts @tensorflow/tfjs-node >>"$log_file" 2>&1 || finish_failed "npm rebuild @tensorflow/tfjs-node"
else
  say "installing @tensorflow/tfjs-node $TFJS_NODE_VERSION against the staged libraries"
  npm install --no-save --no-audit --no-fund --foreground-scripts "@tensorflow/tfjs-node@$TFJS_NODE_VERSION" >>"$log_file" 2>&1 \
    || finish_failed "npm install @tensorflow/tfjs-node@$TFJS_NODE_VERSION"
fi

if status="$(check 2>>"$log_file")"; then
  echo "[setup-native] ok: $status, from tensorflow-cpu $TENSORFLOW_CPU_VERSION, in $((SECONDS - started)) s"
  exit 0
fi
echo "$status" >>"$log_file"
finish_failed "$status"
