#!/usr/bin/env bash
# Builds the real Temporal server (cmd/server) and its SQL schema tool (cmd/tools/sql) from the
# pinned Go module go.temporal.io/server, once: the binaries are cached under
# .tools/temporal-server-<version>/ and a second run returns at once. Prints nothing but errors
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
if [ -x "$dest/temporal-server" ] && [ -x "$dest/temporal-sql-tool" ] && [ -d "$dest/schema/postgresql" ] && [ -f "$dest/config/development-postgres12.yaml" ]; then
  log "already built: $dest"
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
