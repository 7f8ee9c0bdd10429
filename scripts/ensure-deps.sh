#!/usr/bin/env bash
# Installs npm packages when node_modules is missing or older than package-lock.json. Quick when up to date.
# Also provides what the `native` tfjs backend needs (Debian's OpenBLAS runtime, the compiled addon); a failure
# there only warns: tfjs then falls back to its wasm and cpu backends.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# OpenBLAS first, so that the addon `npm ci` builds finds it when it first loads. Only when missing, only with apt.
# (ldconfig's list is read whole first: with pipefail, `grep -q` closing the pipe early would read as "missing".)
shared_libs=$(/sbin/ldconfig -p 2>/dev/null || true)
if ! grep -q 'libopenblas\.so\.0' <<<"$shared_libs" && command -v apt-get >/dev/null 2>&1; then
  echo "installing libopenblas0-pthread for the native tfjs backend ..." >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo_cmd=(sudo -n); else sudo_cmd=(false); fi
  fi
  if ! { "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libopenblas0-pthread >&2 ||
    { "${sudo_cmd[@]}" apt-get update >&2 && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libopenblas0-pthread >&2; }; }; then
    echo "warning: could not install libopenblas0-pthread; the native backend will be unavailable" >&2
  fi
fi

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "installing npm packages ..." >&2
  NEXT_TELEMETRY_DISABLED=1 npm ci --no-audit --no-fund >&2
fi

# npm ci builds the addon (its install script); rebuild here when it is missing, e.g. a C compiler arrived later.
if [ ! -f packages/ml-native/build/ml_native.node ]; then
  node packages/ml-native/scripts/build.mjs --optional >&2 || true
fi
