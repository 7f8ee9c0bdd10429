#!/usr/bin/env bash
# `npm test`: installs what the suites need, checks for import cycles, runs every suite (unit, integration against a real
# Temporal dev server and real workers, then the Playwright e2e suite against the whole stack) and ends with
# "N passed, N failed[, N skipped]"; the cycle check counts as one test.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
bash scripts/ensure-deps.sh || exit 1
TEMPORAL_CLI=$(bash scripts/ensure-temporal.sh) || exit 1
CHROMIUM_PATH=$(bash scripts/ensure-chromium.sh) || exit 1
export TEMPORAL_CLI CHROMIUM_PATH
# WebGPU without a GPU: Mesa's lavapipe runs tfjs's WGSL kernels on the CPU, in a second vitest process (it needs a
# node on its own glibc). Without it, the webgpu suites stay in the first process and skip with the reason.
webgpu_node=""
if [ "${SKIP_WEBGPU_SW:-}" != 1 ]; then
  webgpu_node=$(npx tsx scripts/webgpu-sw/install.ts) || webgpu_node=""
fi

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

echo "== import cycles (dpdm) =="
bash scripts/check-cycles.sh
cycles_rc=$?

echo "== unit and integration suites (vitest) =="
if [ -n "$webgpu_node" ]; then export DISTILLERY_TEST_BACKENDS=tensorflow,native,wasm,cpu; fi
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json" "$@"
vitest_rc=$?

webgpu_rc=0
if [ -n "$webgpu_node" ]; then
  echo "== the ML core on webgpu (software Vulkan: Mesa lavapipe) =="
  DISTILLERY_TEST_BACKENDS=webgpu "$webgpu_node" node_modules/vitest/vitest.mjs run --project ml --passWithNoTests \
    --reporter=default --reporter=json --outputFile.json="$reports/vitest-webgpu.json" "$@" 2> >(grep -v '^Warning: max.*artificially reduced' >&2)
  webgpu_rc=$?
fi
unset DISTILLERY_TEST_BACKENDS

e2e_rc=0
if [ "${SKIP_E2E:-}" != 1 ] && [ -f e2e/playwright.config.ts ]; then
  echo "== end-to-end suite (Playwright, Debian Chromium, the whole stack) =="
  PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" npx playwright test -c e2e/playwright.config.ts --reporter=list,json
  e2e_rc=$?
fi

node - "$reports" "$vitest_rc" "$e2e_rc" "$webgpu_rc" "$cycles_rc" <<'JS'
const fs = require('node:fs');
const [dir, vitestRc, e2eRc, webgpuRc, cyclesRc] = process.argv.slice(2);
let passed = 0, failed = 0, skipped = 0;
// The import-cycle check is one test.
if (cyclesRc === '0') passed += 1; else failed += 1;
const read = (f) => { try { return JSON.parse(fs.readFileSync(`${dir}/${f}`, 'utf8')); } catch { return null; } };
for (const [file, rc] of [['vitest.json', vitestRc], ['vitest-webgpu.json', webgpuRc]]) {
  const v = read(file);
  if (v) { passed += v.numPassedTests; failed += v.numFailedTests; skipped += v.numPendingTests + v.numTodoTests; }
  else if (rc !== '0') failed += 1;
}
const e = read('e2e.json');
if (e) { passed += e.stats.expected + e.stats.flaky; failed += e.stats.unexpected; skipped += e.stats.skipped; }
else if (e2eRc !== '0') failed += 1;
// A runner that crashed without reporting a failing test still fails the run.
if (failed === 0 && [vitestRc, e2eRc, webgpuRc].some((rc) => rc !== '0')) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
JS
