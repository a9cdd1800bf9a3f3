#!/usr/bin/env bash
# Installs Prometheus's `promtool` (used by the tests to lint the worker's /metrics output) into
# .tools/bin/promtool, unless it is already there. It is taken out of Debian's `prometheus`
# package with `apt-get download` + `dpkg -x`, so no Prometheus daemon is installed or started.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tools/bin/promtool"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
log() { $quiet || echo "[install-promtool] $*"; }

if [ -x "$dest" ] && "$dest" --version >/dev/null 2>&1; then
  log "already installed: $("$dest" --version 2>&1 | head -n1)"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "[install-promtool] needs apt-get (Debian) to fetch the prometheus package; install promtool yourself into $dest" >&2; exit 1; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
chmod 777 "$scratch"   # apt's download user must be able to write here
if ! (cd "$scratch" && apt-get download -q prometheus >/dev/null 2>&1); then
  apt-get update -q >/dev/null
  (cd "$scratch" && apt-get download -q prometheus >/dev/null)
fi
dpkg -x "$scratch"/prometheus_*.deb "$scratch/x"
mkdir -p "$(dirname "$dest")"
cp "$scratch/x/usr/bin/promtool" "$dest.partial"
chmod +x "$dest.partial"
mv "$dest.partial" "$dest"
log "installed $("$dest" --version 2>&1 | head -n1) at $dest"
