#!/usr/bin/env bash
# The whole GPU run in one call, on the GPU machine from the repository root with .gpu and bench/gpu carried along:
# the WebGPU bench with the ML core's numeric checks, the PyTorch twins, a second WebGPU pass with Dawn toggles, all
# merged into $OUT/training-gpu.json (rows for bench/results/training-gpu.json). Logs and raw JSON land in $OUT too.
# Usage: bash bench/gpu/run.sh [--quick] [--no-toggles] [--tuned=SETTING]
#   --tuned=SETTING skips the exploratory engine grid (see entry.ts), leaving time for the transformer and CNN rows.
# Exit: 0 ok, 1 a numeric check failed or nothing was measured.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
OUT=${OUT:-/tmp/gpu-bench-out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd) # .gpu/run.sh changes directory before node starts: OUT must be absolute
export OUT
quick=""
toggles=1
tuned=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=--quick ;;
    --no-toggles) toggles=0 ;;
    --tuned=*) tuned=("$arg") ;;
    *) echo "run.sh: unknown argument '$arg' (expected --quick, --no-toggles, --tuned=SETTING)" >&2; exit 2 ;;
  esac
done
# Dawn device toggles for the second pass: no bounds-clamping in shaders, no API validation, no zeroing of workgroup memory.
DAWN_TOGGLES=${DAWN_TOGGLES:-disable_robustness,skip_validation,disable_workgroup_init}
if [ ! -f .gpu/run.sh ]; then
  echo "run.sh: .gpu/ is missing: run 'bash /work/shared/gpu/pack.sh bench/gpu/entry.ts .gpu' and carry .gpu" >&2
  exit 2
fi
echo "== $(date -u +%FT%TZ) $(python3 --version 2>&1); $(python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 | tail -1)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "(nvidia-smi not available)"

echo "== WebGPU: numeric checks and benchmarks (stock Dawn)"
timeout 270 bash .gpu/run.sh $quick --label=default "${tuned[@]}" 2>&1 | tee "$OUT/tfjs-default.log"
tfjs_rc=${PIPESTATUS[0]}

echo "== PyTorch twins (CUDA fp32, TF32 off)"
timeout 110 python3 bench/gpu/pytorch_twins.py $quick --out "$OUT/pytorch-twins.json" 2>&1 | tee "$OUT/pytorch-twins.log" | grep '^\[pytorch\]\|error'
twins_rc=${PIPESTATUS[0]}

inputs=("$OUT/gpu-results.json")
if [ "$toggles" = 1 ]; then
  echo "== WebGPU again with Dawn toggles: $DAWN_TOGGLES (exploratory: its check failures do not fail this run)"
  timeout 190 bash .gpu/run.sh $quick --label=dawn-toggles --dawn-toggles="$DAWN_TOGGLES" "${tuned[@]}" 2>&1 | tee "$OUT/tfjs-dawn-toggles.log"
  echo "(dawn-toggles pass exit ${PIPESTATUS[0]})"
  inputs+=("$OUT/gpu-results-dawn-toggles.json")
fi

echo "== merged rows"
python3 bench/gpu/merge_results.py --twins "$OUT/pytorch-twins.json" --out "$OUT/training-gpu.json" --command "bash bench/gpu/run.sh $*" "${inputs[@]}"
merge_rc=$?
echo "== exit codes: webgpu $tfjs_rc (0 ok, 1 a numeric check failed, 2 no WebGPU, 124 timeout), twins $twins_rc, merge $merge_rc"
ls -la "$OUT"
if [ "$tfjs_rc" -ne 0 ] || [ "$merge_rc" -ne 0 ]; then exit 1; fi
exit 0
