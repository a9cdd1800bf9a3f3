#!/usr/bin/env bash
# Builds the real Temporal server (cmd/server) and its SQL schema tool (cmd/tools/sql) from the
# pinned Go module go.temporal.io/server, once: the binaries are cached under
# .tools/temporal-server-<version>/ and a second run returns at once. A copy is kept in
# ${XDG_CACHE_HOME:-$HOME/.cache}/stockflow/ (STOCKFLOW_CACHE_DIR overrides it), so a fresh
# clone on the same machine (CI) copies it instead of building again. Prints nothing but errors
# with --quiet. The versions live in scripts/cluster/pins.json (shared with the TypeScript
# harness and the compose-file test) so there is one place to bump them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pins="$root/scripts/cluster/pins.json"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
log() { $quiet || echo "[build-temporal-server] $*"; }

pin() { sed -n "s/^ *\"$1\": *\"\([^\"]*\)\".*/\1/p" "$pins"; }
version="$(pin temporalServer)"
toolchain="$(pin goToolchain)"
[ -n "$version" ] && [ -n "$toolchain" ] || { echo "[build-temporal-server] $pins lacks temporalServer or goToolchain" >&2; exit 1; }

dest="$root/.tools/temporal-server-$version"
cache="${STOCKFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stockflow}/temporal-server-$version"
complete() { [ -x "$1/temporal-server" ] && [ -x "$1/temporal-sql-tool" ] && [ -d "$1/schema/postgresql" ] && [ -f "$1/config/development-postgres12.yaml" ]; }
# Copies a complete build from $1 to $2 (through a temporary name: $2 is whole or absent).
copy_build() {
  mkdir -p "$(dirname "$2")" && rm -rf "$2.copying" && cp -R "$1" "$2.copying" && rm -rf "$2" && mv "$2.copying" "$2" \
    || { rm -rf "$2.copying"; return 1; }
}
if complete "$dest"; then
  log "already built: $dest"
  complete "$cache" || { copy_build "$dest" "$cache" && log "cached in $cache"; } || log "could not cache the build in $cache"
  exit 0
fi
if complete "$cache"; then
  copy_build "$cache" "$dest"
  log "copied from the machine's cache $cache"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "[build-temporal-server] needs the go command (https://go.dev/dl); none on PATH" >&2; exit 1; }

export GOTOOLCHAIN="$toolchain"
export GOFLAGS="-buildvcs=false"
log "fetching go.temporal.io/server@v$version (toolchain $toolchain from the module proxy)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
src="$(cd "$scratch" && go mod download -json "go.temporal.io/server@v$version" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
[ -d "$src" ] || { echo "[build-temporal-server] go mod download gave no source directory for go.temporal.io/server@v$version" >&2; exit 1; }

partial="$dest.partial"
rm -rf "$partial"
mkdir -p "$partial"
log "building cmd/server and cmd/tools/sql in $src (≥ 10 min on a busy 2-core machine)"
(cd "$src" && CGO_ENABLED=0 go build -o "$partial/temporal-server" ./cmd/server)
(cd "$src" && CGO_ENABLED=0 go build -o "$partial/temporal-sql-tool" ./cmd/tools/sql)
# The schemas and the reference configs travel with the binaries, so the harness never needs
# the Go module cache at run time.
mkdir -p "$partial/schema" "$partial/config"
cp -r "$src/schema/postgresql" "$partial/schema/"
cp "$src/config/development-postgres12.yaml" "$partial/config/"
chmod -R u+w "$partial"
rm -rf "$dest"
mv "$partial" "$dest"
log "built $("$dest/temporal-server" --version 2>/dev/null | head -n1 || echo "$version") at $dest"
# A machine-wide copy for the next clone; not being able to write it costs only a rebuild then.
{ copy_build "$dest" "$cache" && log "cached in $cache"; } || log "could not cache the build in $cache"
