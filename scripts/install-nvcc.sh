#!/usr/bin/env bash
# Installs NVIDIA's CUDA 13.0 compiler from PyPI (nvcc, nvvm, crt, cccl and the runtime wheels)
# into a virtual environment and prints the path of nvcc on stdout (nothing else on stdout).
# The device machines run nvcc 13.0 with driver 580, so the wheels are pinned to 13.0.x: a newer
# nvvm emits PTX the 13.0 ptxas cannot read. Reuses an earlier install in the same prefix.
# Exits non-zero (with one line on stderr) when the install is impossible, e.g. no network.
set -euo pipefail
PREFIX=${SWIRL_CUDA_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/swirl/cuda-13.0}
root() { echo "$PREFIX/lib/python3.$(python3 -c 'import sys; print(sys.version_info.minor)')/site-packages/nvidia/cu13"; }
if [ ! -x "$(root)/bin/nvcc" ]; then
  command -v python3 >/dev/null || { echo "install-nvcc: python3 not found" >&2; exit 1; }
  python3 -m venv "$PREFIX" >/dev/null 2>&1 || { echo "install-nvcc: cannot create a venv at $PREFIX" >&2; exit 1; }
  "$PREFIX/bin/pip" install -q --disable-pip-version-check \
    "nvidia-cuda-nvcc==13.0.*" "nvidia-nvvm==13.0.*" "nvidia-cuda-crt==13.0.*" \
    "nvidia-cuda-cccl==13.0.*" "nvidia-cuda-runtime==13.0.*" >&2 ||
    { echo "install-nvcc: pip could not install the CUDA 13.0 wheels" >&2; exit 1; }
fi
R=$(root)
# nvcc's own profile looks for libraries in lib64 and CMake's FindCUDAToolkit for libcudart.so;
# the wheels ship lib/ with versioned names only.
[ -e "$R/lib64" ] || ln -s lib "$R/lib64"
[ -e "$R/lib/libcudart.so" ] || ln -s "$(cd "$R/lib" && ls libcudart.so.* | head -n 1)" "$R/lib/libcudart.so"
"$R/bin/nvcc" --version >/dev/null 2>&1 || { echo "install-nvcc: $R/bin/nvcc does not run" >&2; exit 1; }
echo "$R/bin/nvcc"
