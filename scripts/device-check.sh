#!/usr/bin/env bash
# The one script for a GPU machine: build with CUDA (sm_90, -j16), run the gpu label, the
# component benchmarks and the keccakf benchmark on both backends, and write a compact report
# ($OUT/report.txt, printed at the end; the details beside it in $OUT/details.tgz). Used for the
# figures in docs/PERFORMANCE.md and docs/RELIABILITY.md; not part of CI (CI has no GPU).
# Options (environment): RUNS (keccakf runs, default 5), CPU=0 (skip the CPU backend's keccakf),
# SANITIZE=1 (compute-sanitizer memcheck + racecheck on the quick GPU tests),
# CONFORMANCE=1 (the conformance suites on the CUDA backend; LONG=1 adds the long ones),
# SCALING=1 (CPU thread scaling), BIG=1 (keccakf 8192 on the device), MANY=1 (the many-AIR workload
# on both backends; MANY_CPU=0: CUDA only), PEER=1 (rust/target/device-bench/keccakf_peer, carried: OpenVM side by side),
# SANITIZE_TESTS / SANITIZE_TOOLS / SANITIZE_TIMEOUT (which tests and tools, seconds each; the
# sanitizers run after the benchmarks), COMPONENTS=0 (skip bench_gpu), GPU_TEST_TIMEOUT (seconds),
# AB=tree.tar (a `git archive` of a base commit, carried untracked: built beside this tree and its
# keccakf 1024 benchmark interleaved with this tree's, AB_ROUNDS rounds, for A/B on one instance).
set -uo pipefail
OUT=${OUT:-device-out}
mkdir -p "$OUT"
B=${BUILD:-build-gpu}
R="$OUT/report.txt"
: > "$R"
say() { echo "$*" | tee -a "$R"; }
say "== $(date -u +%Y-%m-%dT%H:%MZ) $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | head -1), $(nproc) host cores"
if ! { cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 > "$OUT/build.txt" 2>&1 &&
       cmake --build "$B" -j "${JOBS:-16}" >> "$OUT/build.txt" 2>&1; }; then
  tail -40 "$OUT/build.txt"; say "build FAILED"; exit 1
fi
say "build ok"
(cd "$B" && ctest -L gpu --output-on-failure --timeout "${GPU_TEST_TIMEOUT:-900}") > "$OUT/gpu-tests.txt" 2>&1
say "gpu label: $(grep -E 'tests passed|tests failed' "$OUT/gpu-tests.txt" | tail -1)"
for f in "$B"/gpu_test_*; do
  [ -x "$f" ] || continue
  n=$(basename "$f")
  line=$(grep -h -E "^$n: [0-9]+ passed" "$OUT/gpu-tests.txt" | tail -1)
  [ -z "$line" ] && line=$(grep -h -E "[0-9]+ passed, [0-9]+ failed" "$OUT/gpu-tests.txt" | grep -m1 "${n#gpu_}")
  say "  ${line:-$n: see gpu-tests.txt}"
done
if [ -n "${CONFORMANCE:-}" ]; then
  suites="test_conformance test_e2e test_builtin_prove"
  [ -n "${LONG:-}" ] && suites="$suites test_long_conformance"
  for t in $suites; do
    [ -x "$B/$t" ] || continue
    SWIRL_CONFORMANCE_BACKEND=cuda "$B/$t" > "$OUT/$t-cuda.txt" 2>&1
    say "$t (cuda) rc=$?: $(tail -1 "$OUT/$t-cuda.txt")"
  done
fi
if [ "${COMPONENTS:-1}" != 0 ]; then
"$B/bench_gpu" > "$OUT/bench-gpu.txt" 2>&1
sed 's/^/  /' "$OUT/bench-gpu.txt" | grep -v "^  ==" | tee -a "$R" > /dev/null
fi
backends="cuda"
[ "${CPU:-1}" != 0 ] && backends="cuda cpu"
for be in $backends; do
  "$B/swirl" bench --air keccakf --size 1024 --backend $be --runs "${RUNS:-5}" > "$OUT/keccakf-$be.txt" 2> "$OUT/keccakf-$be.err"
  rc=$?
  "$B/swirl" bench --air keccakf --size 1024 --backend $be --runs 1 --json > "$OUT/keccakf-$be.json" 2>/dev/null
  say "keccakf 1024 $be rc=$rc"
  # the span table, the totals, then the device line and its per-span transfers
  sed -n '/^span /,$p' "$OUT/keccakf-$be.txt" | sed 's/^/  /' | tee -a "$R" > /dev/null
done
if [ -n "${AB:-}" ] && [ -f "$AB" ]; then # A/B on one instance: base tree, then this one, interleaved
  rm -rf /tmp/swirl-ab && mkdir -p /tmp/swirl-ab && tar xf "$AB" -C /tmp/swirl-ab
  if (cd /tmp/swirl-ab && cmake -S . -B b -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 && cmake --build b -j "${JOBS:-16}" --target swirl_cli) > "$OUT/ab-build.txt" 2>&1; then
    for i in $(seq 1 "${AB_ROUNDS:-2}"); do
      for side in base this; do
        bin="$B/swirl"; [ $side = base ] && bin=/tmp/swirl-ab/b/swirl
        "$bin" bench --air keccakf --size 1024 --backend cuda --runs "${RUNS:-5}" > "$OUT/ab-$side-$i.txt" 2>&1
        say "A/B round $i, $side:"
        grep -E "^ *prover" "$OUT/ab-$side-$i.txt" | grep -v " MB up " | sed 's/^/  /' | tee -a "$R" > /dev/null
      done
    done
  else
    say "A/B: the base tree did not build (ab-build.txt)"
  fi
fi
if [ -n "${BIG:-}" ]; then # issue 12 item 8: keccakf 8x larger on one GPU, with its peak memory
  "$B/swirl" bench --air keccakf --size 8192 --backend cuda --runs "${BIG_RUNS:-2}" > "$OUT/keccakf8192-cuda.txt" 2>&1
  say "keccakf 8192 cuda rc=$?"
  sed -n '/^span /,$p' "$OUT/keccakf8192-cuda.txt" | grep -E "^(span|prover |  prover\.[a-z_]+ |device|prove)" | sed 's/^/  /' | tee -a "$R" > /dev/null
fi
if [ -n "${MANY:-}" ]; then # issue 12 item 7: the many-AIR workload on both backends
  many_backends="cuda"
  [ "${MANY_CPU:-1}" != 0 ] && many_backends="cuda cpu"
  for be in $many_backends; do
    "$B/swirl" bench --air many_airs --backend $be --runs "${MANY_RUNS:-3}" > "$OUT/many-$be.txt" 2>&1
    say "many_airs $be rc=$?"
    sed -n '/^span /,$p' "$OUT/many-$be.txt" | sed 's/^/  /' | tee -a "$R" > /dev/null
  done
fi
if [ -n "${PEER:-}" ] && [ -x rust/target/device-bench/keccakf_peer ]; then # issue 10: OpenVM side by side
  (cd rust/target/device-bench && timeout 400 ./keccakf_peer --runs "${PEER_RUNS:-3}") > "$OUT/keccakf_peer.txt" 2>&1
  say "keccakf_peer rc=$?"
  sed 's/^/  /' "$OUT/keccakf_peer.txt" | tail -60 | tee -a "$R" > /dev/null
fi
if [ -n "${SANITIZE:-}" ] && command -v compute-sanitizer >/dev/null; then
  for tool in ${SANITIZE_TOOLS:-memcheck racecheck}; do
    for t in ${SANITIZE_TESTS:-gpu_test_cuda_backend gpu_test_whir_ops gpu_test_sr_ops gpu_test_many_airs_cuda gpu_test_device_traces gpu_test_zc_ops gpu_test_gkr_ops gpu_test_many_airs_builtin_cuda gpu_test_cuda_foundations}; do
      [ -x "$B/$t" ] || continue
      # cuda_foundations asks for 2^46 bytes on purpose (out of memory must come back as
      # SWIRL_ERR_CUDA_OOM): memcheck would count that API error, so API errors are off there
      api=""
      [ "$t" = gpu_test_cuda_foundations ] && api="--report-api-errors no"
      # shellcheck disable=SC2086
      SWIRL_GPU_QUICK=1 timeout "${SANITIZE_TIMEOUT:-300}" compute-sanitizer --tool $tool $api --error-exitcode 1 "$B/$t" > "$OUT/sanitizer-$tool-$t.txt" 2>&1
      say "compute-sanitizer $tool $t rc=$?: $(tail -1 "$OUT/sanitizer-$tool-$t.txt")"
    done
  done
fi
if [ -n "${SCALING:-}" ]; then
  for t in 1 2 4 8 16; do
    "$B/swirl" bench --air keccakf --size 1024 --backend cpu --threads $t --runs 1 --json > "$OUT/scaling-cpu-$t.json" 2>/dev/null
    say "cpu threads $t rc=$?"
  done
fi
# The details in one archive beside the report (the device tool brings back a limited number of
# files), written outside $OUT first: tar fails on an archive that grows in the folder it reads.
pack=$(mktemp "${TMPDIR:-/tmp}/swirl-details.XXXXXX")
if (cd "$OUT" && tar czf "$pack" --exclude=./report.txt .); then
  find "$OUT" -mindepth 1 ! -name report.txt -delete
  mv "$pack" "$OUT/details.tgz"
else
  rm -f "$pack"; say "packing the details failed: they stay as separate files"
fi
echo "---- report ($R)"
cat "$R"
