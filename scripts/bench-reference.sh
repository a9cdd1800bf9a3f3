#!/usr/bin/env bash
# bench:reference — sets up the project-local Python environment (.venv-reference, gitignored;
# pinned numpy, pandas, arch from bench/reference/requirements.txt) and fits GARCH(1,1) with
# `arch` on the same sessions as bench:quality, writing coverage and interval score beside the
# project's (bench/results/reference.json; run `npm run bench:quality` first).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-reference
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import arch, numpy, pandas" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/reference/requirements.txt
fi
exec "$VENV/bin/python" bench/reference/garch_reference.py "$@"
