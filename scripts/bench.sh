#!/usr/bin/env bash
# `npm run bench`: makes sure the PyTorch twin can run (Debian python3-torch + OpenBLAS), then runs bench/run.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${DISTILLERY_BENCH_PYTHON:-/usr/bin/python3}"
# Debian's python3-torch installs for /usr/bin/python3 only; a pyenv python3 first on PATH would not see it.
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "bench: installing python3-torch and libopenblas0-pthread (Debian) for the PyTorch comparison..."
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch libopenblas0-pthread
  else
    echo "bench: $PYTHON cannot import torch; install it with: sudo apt-get install python3-torch libopenblas0-pthread" >&2
    exit 1
  fi
fi

exec npx tsx bench/run.ts "$@"
