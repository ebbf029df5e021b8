#!/usr/bin/env bash
# The README's main job. Until the end-to-end prover lands this runs the foundation
# benchmarks that exist (keccakf proving replaces it: see docs/ROADMAP in the issues).
set -euo pipefail
BUILD=${1:-build}
"$BUILD/swirl" --version
for b in "$BUILD"/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b") --quick"
  "$b" --quick
done
