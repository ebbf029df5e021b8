#!/usr/bin/env bash
# rust/build-device-bench.sh — builds the side-by-side bench (keccakf_peer) with the cargo
# feature `cuda` for sm_90 on this development machine, for the H200 device machine, which
# reaches no registry. nvcc 13.0 comes from scripts/install-nvcc.sh (PyPI wheels).
#
# Output: rust/target/device-bench/ (git-ignored), to carry to the device as it is:
#   keccakf_peer     the stripped release binary (reference CPU + CUDA backends, swirl CPU + CUDA)
#   libcudart.so.13  the CUDA runtime it links (found through RPATH $ORIGIN)
#   RUN.txt          how to run it
# On the device: cd device-bench && ./keccakf_peer --runs 5 > keccakf_peer.txt
#
# The machine has no GPU driver, so there is no libcuda.so to link the reference CUDA backend
# against (it links -lcuda): the script builds a stub libcuda.so.1 exporting the driver symbols
# the link asks for (collected from a first link attempt); at run time the device's real
# libcuda.so.1 provides them. The stub is not shipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
nvcc=$("$root/scripts/install-nvcc.sh")
cuda_root=$(cd "$(dirname "$nvcc")/.." && pwd)
target=$root/rust/target/device
out=$root/rust/target/device-bench
stub=$target/libcuda-stub
mkdir -p "$target" "$out" "$stub"

export PATH="$cuda_root/bin:$PATH"
export CUDA_PATH="$cuda_root" CUDA_LIB_DIR="$cuda_root/lib" CUDA_ARCH=90
export SWIRL_NVCC="$nvcc" SWIRL_CUDA_ARCHITECTURES=90
export NVCC_THREADS=${NVCC_THREADS:-2}
export CARGO_TARGET_DIR="$target"
export RUSTFLAGS="-C link-arg=-Wl,-rpath,\$ORIGIN -L native=$stub"
build() { (cd "$root/rust" && cargo build --release --locked --features cuda --bin keccakf_peer -j "${CARGO_BUILD_JOBS:-2}"); }

# A stub driver library to link against: empty first (the link then names the driver symbols it
# needs), then one dummy function per symbol.
make_stub() {
  { echo "/* stub of the CUDA driver for linking only; never shipped or loaded on the device */"
    for s in "$@"; do echo "int $s(void) { return 999; }"; done; } >"$stub/libcuda_stub.c"
  cc -shared -fPIC -Wl,-soname,libcuda.so.1 -o "$stub/libcuda.so" "$stub/libcuda_stub.c"
}
[ -e "$stub/libcuda.so" ] || make_stub
log=$target/build.log
for attempt in 1 2 3; do
  if build >"$log" 2>&1; then break; fi
  syms=$(grep -oE "undefined (reference to .|symbol: )cu[A-Za-z0-9_]+" "$log" | grep -oE "cu[A-Za-z0-9_]+$" | sort -u)
  if [ -z "$syms" ] || [ "$attempt" = 3 ]; then
    tail -40 "$log" >&2; echo "build-device-bench: build failed (see $log)" >&2; exit 1
  fi
  known=$(grep -oE "^int cu[A-Za-z0-9_]+" "$stub/libcuda_stub.c" | cut -c5- || true)
  all=$(printf '%s\n%s\n' "$known" "$syms" | grep . | sort -u)
  echo "build-device-bench: stub libcuda.so.1 with $(echo "$all" | wc -l) driver symbols" >&2
  # shellcheck disable=SC2086
  make_stub $all
done

cp "$target/release/keccakf_peer" "$out/keccakf_peer"
strip "$out/keccakf_peer"
cp -L "$cuda_root/lib/libcudart.so.13" "$out/"
cat >"$out/RUN.txt" <<'RUN'
keccakf_peer: reference CPU, swirl CPU, reference CUDA, swirl CUDA on keccakf 1024
(app_params_with_100_bits_security(21), StdRng(42) inputs), median of --runs, span tables, ratios.
  cd device-bench && ./keccakf_peer --runs 5 | tee keccakf_peer.txt
Needs the device's driver (libcuda.so.1); libcudart.so.13 is next to the binary (RPATH $ORIGIN).
Without a CUDA driver the binary aborts before main: openvm-cuda-common initialises its device
memory pool in a constructor. Engines that cannot start print a "skipped" line instead of figures.
RUN
du -sh "$out"
size=$(du -sm "$out" | cut -f1)
[ "$size" -le 60 ] || { echo "build-device-bench: $out is $size MiB (> 60)" >&2; exit 1; }
ldd "$out/keccakf_peer" || true
echo "build-device-bench: ready in $out"
