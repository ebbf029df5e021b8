#!/usr/bin/env bash
# check-hardening: the sanitizer, valgrind and fuzzing run of swirl (`make check-hardening`).
#
# Stages (STAGES, default "asan valgrind tsan fuzz"):
#   asan      AddressSanitizer + UndefinedBehaviorSanitizer build (the default compiler) of the whole test
#             suite, run with ctest -LE long.
#   valgrind  memcheck over the CLI (keygen / prove / verify / inspect / bench, a malformed
#             proof) and a set of test executables.
#   tsan      ThreadSanitizer (clang) over test_pinning (threads verifying with one shared key),
#             test_e2e (proofs on contexts with worker pools) and test_thread_contract (threads
#             proving on their own contexts from one shared key and shared cached commitments):
#             the thread-safety contract of swirl.h.
#   fuzz      every libFuzzer target, reproducibly: a fresh corpus (the seeds of make_corpus plus
#             the kept findings tests/data/<corpus>_*.bin), a fixed seed (FUZZ_SEED, default 1)
#             and a fixed number of executions (FUZZ_RUNS per target, default 20000). With
#             FUZZ_SECONDS > 0 each target then also runs that long (a campaign; seed
#             FUZZ_CAMPAIGN_SEED, default FUZZ_SEED + 1) on the corpus the first part grew.
#
# Nothing is written into the source tree: build directories, corpora, logs and crash
# artifacts live under HARDENING_DIR (default ${TMPDIR:-/tmp}/swirl-hardening; the ctest
# long_check_hardening uses the build directory). A fuzz finding is left as
# $HARDENING_DIR/artifacts/<target>-crash-* ; keep it as tests/data/<corpus>_<what>.bin once
# fixed (the default suite replays those files under ASan).
#
# Installs clang / libclang-rt / valgrind from Debian when missing. Exits non-zero on any
# finding; prints "check-hardening: all clean" otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)
STAGES=${STAGES:-asan valgrind tsan fuzz}
JOBS=${JOBS:-$(nproc)}
FUZZ_SEED=${FUZZ_SEED:-1}
FUZZ_RUNS=${FUZZ_RUNS:-20000}
FUZZ_SECONDS=${FUZZ_SECONDS:-0}
FUZZ_CAMPAIGN_SEED=${FUZZ_CAMPAIGN_SEED:-$((FUZZ_SEED + 1))}
HARDENING_DIR=${HARDENING_DIR:-${TMPDIR:-/tmp}/swirl-hardening}
mkdir -p "$HARDENING_DIR"
HARDENING_DIR=$(cd "$HARDENING_DIR" && pwd)
case "$HARDENING_DIR/" in
  "$SRC"/build*/*) ;; # a build directory inside the checkout is fine (ignored by git)
  "$SRC"/*) echo "check-hardening: HARDENING_DIR must be outside the source tree (or under a build*/ directory)" >&2; exit 2 ;;
esac
stage() { case " $STAGES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

need=()
command -v clang >/dev/null || need+=(clang)
command -v valgrind >/dev/null || need+=(valgrind)
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
echo "check-hardening: $(clang --version | head -1); stages: $STAGES; work dir $HARDENING_DIR"

if stage asan; then
  echo "== ASan + UBSan: full test suite"
  B="$HARDENING_DIR/build-asan"
  cmake -S "$SRC" -B "$B" -DSWIRL_CUDA=OFF -DSWIRL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-O1 >/dev/null
  cmake --build "$B" -j "$JOBS" >/dev/null
  # -LE long: the long label holds this script itself (and slow duplicates of default tests)
  (cd "$B" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     ctest --output-on-failure -LE long -j "$JOBS")
fi

if stage valgrind; then
  echo "== valgrind: CLI and test executables"
  B="$HARDENING_DIR/build-vg"
  cmake -S "$SRC" -B "$B" -DSWIRL_CUDA=OFF -DSWIRL_FUZZ_ASAN=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$B" -j "$JOBS" >/dev/null
  VG="valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite"
  $VG "$B/swirl" --version >/dev/null
  $VG "$B/swirl" --help >/dev/null
  vgd=$(mktemp -d "$HARDENING_DIR/vg.XXXXXX")
  $VG "$B/swirl" keygen --air fib --size 5 -o "$vgd/vk.bin" >/dev/null
  $VG "$B/swirl" prove --air fib --size 5 -o "$vgd/p.bin" >/dev/null 2>&1
  $VG "$B/swirl" verify --vk "$vgd/vk.bin" "$vgd/p.bin" >/dev/null 2>&1
  $VG "$B/swirl" verify --vk "$vgd/vk.bin" --expect-params test "$vgd/p.bin" >/dev/null 2>&1
  $VG "$B/swirl" inspect --json "$vgd/p.bin" >/dev/null
  $VG "$B/swirl" inspect --vk "$vgd/vk.bin" "$vgd/p.bin" >/dev/null
  $VG "$B/swirl" bench --air mixture --size 1 --runs 2 --json >/dev/null 2>&1
  $VG "$B/swirl" prove --air cached --size 2 -o "$vgd/c.bin" >/dev/null 2>&1
  rc=0; $VG "$B/swirl" verify --vk "$vgd/vk.bin" --expect-params app "$vgd/p.bin" >/dev/null 2>&1 || rc=$?
  test "$rc" -eq 1   # pinned to other parameters: rejected (exit 1), no memory errors
  printf x >> "$vgd/p.bin"
  rc=0; $VG "$B/swirl" verify --vk "$vgd/vk.bin" "$vgd/p.bin" >/dev/null 2>&1 || rc=$?
  test "$rc" -eq 2   # malformed proof: exit code 2, and no memory errors (those exit 1)
  rm -rf "$vgd"
  for t in test_field test_poseidon2 test_merkle test_params test_pcs_stacking test_air test_airs test_gkr test_bad_input \
           test_proof_codec test_pinning; do
    echo "   $t"; $VG "$B/$t" >/dev/null
  done
fi

if stage tsan; then
  echo "== ThreadSanitizer: concurrent verification, worker pools"
  B="$HARDENING_DIR/build-tsan"
  CC=clang cmake -S "$SRC" -B "$B" -DSWIRL_CUDA=OFF -DSWIRL_FUZZ_ASAN=OFF -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_C_FLAGS=-O1 -fsanitize=thread" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
  cmake --build "$B" -j "$JOBS" --target test_pinning test_e2e test_thread_contract >/dev/null
  for t in test_pinning test_e2e test_thread_contract; do
    echo "   $t"; TSAN_OPTIONS=halt_on_error=1 "$B/$t" >/dev/null
  done
fi

if stage fuzz; then
  echo "== libFuzzer: $FUZZ_RUNS runs per target, seed $FUZZ_SEED"
  B="$HARDENING_DIR/build-fuzz"
  CC=clang cmake -S "$SRC" -B "$B" -DSWIRL_CUDA=OFF -DSWIRL_FUZZ=ON -DSWIRL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-O1 >/dev/null
  cmake --build "$B" -j "$JOBS" --target fuzz_vk_decode fuzz_pk_decode fuzz_whir_proof fuzz_gkr_proof fuzz_proof_verify make_corpus >/dev/null
  corpus="$HARDENING_DIR/corpus"
  art="$HARDENING_DIR/artifacts"
  rm -rf "$corpus" "$art" && mkdir -p "$art"
  "$B/make_corpus" "$corpus" >/dev/null
  # run_fuzzer NAME CORPUS-DIR LOG FLAGS...: one libFuzzer process; a finding ends the script
  run_fuzzer() {
    name=$1 dir=$2 log=$3; shift 3
    rc=0
    ASAN_OPTIONS=abort_on_error=1 "$B/fuzz_$name" -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$art/$name-" "$@" "$corpus/$dir" >"$log" 2>&1 || rc=$?
    grep -E "stat::number_of_executed_units|cov: .*ft:|ERROR|SUMMARY" "$log" | tail -3 | sed 's/^/      /'
    if [ "$rc" -ne 0 ]; then
      echo "fuzz_$name: finding (log $log; artifacts: $(ls "$art" | tr '\n' ' '))"
      exit 1
    fi
  }
  for t in vk_decode:vk pk_decode:pk whir_proof:whir gkr_proof:gkr proof_verify:proof; do
    name=${t%%:*} dir=${t##*:}
    for f in "$SRC"/tests/data/"$dir"_*.bin; do [ -e "$f" ] && cp "$f" "$corpus/$dir/"; done
    echo "   fuzz_$name ($(ls "$corpus/$dir" | wc -l) inputs)"
    run_fuzzer "$name" "$dir" "$HARDENING_DIR/fuzz_$name.log" -seed="$FUZZ_SEED" -runs="$FUZZ_RUNS"
    if [ "$FUZZ_SECONDS" -gt 0 ]; then
      echo "   fuzz_$name campaign: ${FUZZ_SECONDS}s, seed $FUZZ_CAMPAIGN_SEED"
      run_fuzzer "$name" "$dir" "$HARDENING_DIR/fuzz_${name}_campaign.log" -seed="$FUZZ_CAMPAIGN_SEED" \
        -max_total_time="$FUZZ_SECONDS"
    fi
  done
fi
echo "check-hardening: all clean"
