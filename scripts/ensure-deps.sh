#!/usr/bin/env bash
# Installs npm packages when node_modules is missing or older than package-lock.json. Quick when up to date.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "installing npm packages ..." >&2
  NEXT_TELEMETRY_DISABLED=1 npm ci --no-audit --no-fund >&2
fi
