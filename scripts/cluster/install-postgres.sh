#!/usr/bin/env bash
# Installs PostgreSQL from Debian's `postgresql` package for the cluster harness, unless some
# version is installed already (/usr/lib/postgresql/<major>/bin/initdb). The harness runs its
# own PostgreSQL cluster in its run directory on a port of its own, so the package's default
# cluster is not used.
set -euo pipefail
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
log() { $quiet || echo "[install-postgres] $*"; }

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "already installed: $(ls -d /usr/lib/postgresql/*/ | xargs -n1 basename | sort -n | tail -n1)"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "[install-postgres] needs apt-get (Debian/Ubuntu); install PostgreSQL ≥ 12 yourself" >&2; exit 1; }
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
log "apt-get install postgresql"
$sudo apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends postgresql >/dev/null
log "installed: $(ls -d /usr/lib/postgresql/*/ | xargs -n1 basename | sort -n | tail -n1)"
