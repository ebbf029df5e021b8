#!/usr/bin/env bash
# On a GPU machine: build with CUDA (sm_90), run the GPU tests, and benchmark the flagship workload
# on both backends. Results go to $OUT (or ./device-out). Used for the figures in
# docs/PERFORMANCE.md; not part of CI (CI has no GPU).
set -uo pipefail
OUT=${OUT:-device-out}
mkdir -p "$OUT"
B=build-gpu
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; nproc; } > "$OUT/machine.txt" 2>&1
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 > "$OUT/build.txt" 2>&1 &&
  cmake --build $B -j "$(nproc)" >> "$OUT/build.txt" 2>&1 || { tail -50 "$OUT/build.txt"; exit 1; }
(cd $B && ctest -L gpu --output-on-failure) > "$OUT/gpu-tests.txt" 2>&1; echo "gpu tests rc=$?" >> "$OUT/gpu-tests.txt"
tail -8 "$OUT/gpu-tests.txt"
if [ -n "${SANITIZE:-}" ] && command -v compute-sanitizer >/dev/null; then
  for tool in memcheck racecheck; do
    SWIRL_GPU_QUICK=1 compute-sanitizer --tool $tool --error-exitcode 1 $B/gpu_test_cuda_backend > "$OUT/sanitizer-$tool.txt" 2>&1
    echo "compute-sanitizer $tool rc=$?" | tee -a "$OUT/sanitizer-$tool.txt"; tail -3 "$OUT/sanitizer-$tool.txt"
  done
fi
if [ -n "${CONFORMANCE:-}" ]; then
  for t in test_conformance test_long_conformance test_e2e test_builtin_prove; do
    [ -x $B/$t ] || continue
    SWIRL_CONFORMANCE_BACKEND=cuda $B/$t > "$OUT/$t-cuda.txt" 2>&1; echo "$t (cuda) rc=$?"; tail -1 "$OUT/$t-cuda.txt"
  done
fi
for be in cuda cpu; do
  $B/swirl bench --air keccakf --size 1024 --backend $be --runs ${RUNS:-2} --json > "$OUT/keccakf-$be.json" 2> "$OUT/keccakf-$be.err"
  echo "keccakf $be rc=$?"; tail -3 "$OUT/keccakf-$be.err"
done
if [ -n "${SCALING:-}" ]; then
  for t in 1 2 4 8 16; do
    $B/swirl bench --air keccakf --size 1024 --backend cpu --threads $t --runs 1 --json > "$OUT/scaling-cpu-$t.json" 2>/dev/null
    echo "cpu threads $t rc=$?"
  done
fi
