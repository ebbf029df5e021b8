#!/usr/bin/env bash
# check-hardening: AddressSanitizer + UndefinedBehaviorSanitizer build of the whole test suite,
# valgrind (memcheck) over the CLI and a set of test executables, and a short libFuzzer run of
# every fuzz target (FUZZ_SECONDS each, default 60) seeded with real keys and proofs.
# Installs clang / libclang-rt / valgrind from Debian when missing. Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
JOBS=${JOBS:-$(nproc)}
need=()
command -v clang >/dev/null || need+=(clang)
command -v valgrind >/dev/null || need+=(valgrind)
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

echo "== ASan + UBSan: full test suite"
cmake -S . -B build-asan -DSWIRL_CUDA=OFF -DSWIRL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-O1 >/dev/null
cmake --build build-asan -j "$JOBS" >/dev/null
# -LE long: the long label holds this script itself (and slow duplicates of default tests)
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -LE long -j "$JOBS")

echo "== valgrind: CLI and test executables"
cmake -S . -B build-vg -DSWIRL_CUDA=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-vg -j "$JOBS" >/dev/null
VG="valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite"
$VG build-vg/swirl --version >/dev/null
$VG build-vg/swirl --help >/dev/null
vgd=$(mktemp -d)
$VG build-vg/swirl keygen --air fib --size 5 -o "$vgd/vk.bin" >/dev/null
$VG build-vg/swirl prove --air fib --size 5 -o "$vgd/p.bin" >/dev/null 2>&1
$VG build-vg/swirl verify --vk "$vgd/vk.bin" "$vgd/p.bin" >/dev/null
$VG build-vg/swirl inspect --json "$vgd/p.bin" >/dev/null
$VG build-vg/swirl bench --air mixture --size 1 --runs 2 --json >/dev/null 2>&1
$VG build-vg/swirl prove --air cached --size 2 -o "$vgd/c.bin" >/dev/null 2>&1
printf x >> "$vgd/p.bin"
rc=0; $VG build-vg/swirl verify --vk "$vgd/vk.bin" "$vgd/p.bin" >/dev/null 2>&1 || rc=$?
test "$rc" -eq 2   # malformed proof: exit code 2, and no memory errors (those exit 1)
rm -rf "$vgd"
for t in test_field test_poseidon2 test_merkle test_params test_pcs_stacking test_air test_airs test_gkr test_bad_input; do
  echo "   $t"; $VG build-vg/$t >/dev/null
done

echo "== libFuzzer: ${FUZZ_SECONDS}s per target"
CC=clang cmake -S . -B build-fuzz -DSWIRL_CUDA=OFF -DSWIRL_FUZZ=ON -DSWIRL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-O1 >/dev/null
cmake --build build-fuzz -j "$JOBS" --target fuzz_vk_decode fuzz_pk_decode fuzz_whir_proof fuzz_gkr_proof fuzz_proof_verify make_corpus >/dev/null
rm -rf build-fuzz/corpus && build-fuzz/make_corpus build-fuzz/corpus
for t in vk_decode:vk pk_decode:pk whir_proof:whir gkr_proof:gkr proof_verify:proof; do
  name=${t%%:*}; dir=${t##*:}
  echo "   fuzz_$name"
  rc=0
  build-fuzz/fuzz_$name -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 build-fuzz/corpus/$dir \
    > build-fuzz/fuzz_$name.log 2>&1 || rc=$?
  grep -E "stat::number_of_executed_units|cov: .*ft:|ERROR|SUMMARY" build-fuzz/fuzz_$name.log | tail -3
  if [ "$rc" -ne 0 ]; then echo "fuzz_$name: finding (see build-fuzz/fuzz_$name.log)"; exit 1; fi
done
echo "check-hardening: all clean"
