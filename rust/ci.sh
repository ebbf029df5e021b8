#!/usr/bin/env bash
# rust/ci.sh — builds and runs the swirl-openvm crate's tests (issue 10: swirl as an OpenVM
# engine, the reference's backend suite, cross-verification) when cargo and the crates (the
# registry, or a warm local cache of it) are reachable; prints ONE skip line and exits 0
# otherwise. .ci/run calls it.
#
# The target directory is kept between runs on the same machine (CARGO_TARGET_DIR, default
# ~/.cache/swirl/cargo-target). Measured on the 2-core development machine: cold (empty target
# directory) 565 s for the build and the tests (107 then); after a change of libswirl's C sources about
# 6 minutes (libswirl rebuilt, the crate's test binaries recompiled); the tests alone about 15 s.
# Environment: SWIRL_OPENVM_FEATURES (e.g. "slow-tests", or "cuda" for the reference CUDA backend
# and swirl's CUDA build; needs nvcc), CARGO_BUILD_JOBS.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
skip() { echo "rust/ci.sh: SKIPPED swirl-openvm tests: $1"; exit 0; }

command -v cargo >/dev/null 2>&1 || skip "cargo not found"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/swirl/cargo-target}
mkdir -p "$CARGO_TARGET_DIR" || skip "cannot create $CARGO_TARGET_DIR"
cd "$here" || exit 1
# --locked: exactly the versions of Cargo.lock (the reference pinned at 2.0.1 / Plonky3 0.4.3).
timeout 600 cargo fetch --locked >/dev/null 2>&1 || skip "the crates registry is unreachable and the crates are not cached"

jobs=${CARGO_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}
features=()
[ -n "${SWIRL_OPENVM_FEATURES:-}" ] && features=(--features "$SWIRL_OPENVM_FEATURES")
echo "rust/ci.sh: cargo test --release (target $CARGO_TARGET_DIR, $jobs jobs${SWIRL_OPENVM_FEATURES:+, features $SWIRL_OPENVM_FEATURES})"
start=$(date +%s)
cargo test --release --locked -j "$jobs" "${features[@]}" -- --test-threads="$jobs"
rc=$?
echo "rust/ci.sh: exit $rc after $(( $(date +%s) - start )) s"
exit $rc
