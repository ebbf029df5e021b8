#!/usr/bin/env bash
# The README's main job: prove and verify 2^10 Keccak-f[1600] permutations under the production
# app parameters (log stacked height 21, l_skip 4, log_blowup 1) on the best backend present,
# printing the span report, then the component benchmarks in quick mode. (On a GPU machine the
# CUDA backend commits and runs round 0 on the device; its other IOP steps run on the host.)
set -euo pipefail
BUILD=${1:-build}
"$BUILD/swirl" --version
echo "== keccakf: 1024 permutations, app preset"
"$BUILD/swirl" bench --air keccakf --size 1024 --backend auto --runs 1
for b in "$BUILD"/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b") --quick"
  "$b" --quick
done
