#!/usr/bin/env bash
# `npm run check:cycles`: fails (exit 1) when the source of any workspace has an import cycle. dpdm reads every file
# under packages/*/src, apps/*/src and e2e, with type-only imports skipped (-T: erased at build time, they cannot
# form a cycle at run time); import() edges count, as a cycle through them still runs a module half-initialised.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
exec npx --no-install dpdm --transform --tree false --warning false --exit-code circular:1 \
  'packages/*/src/**/*.{ts,tsx}' 'apps/*/src/**/*.{ts,tsx}' 'e2e/**/*.ts' "$@"
