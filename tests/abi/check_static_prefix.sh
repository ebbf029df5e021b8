#!/bin/sh
# Every global symbol that the static library defines carries the project's prefix, so linking
# libswirl.a into a program cannot clash with the program's own names (the internal helpers are
# swirl_*-named; CUDA kernels and device constants have internal linkage).
#   check_static_prefix.sh NM libswirl.a
# Allowed besides swirl_*: C++ mangled names of swirl_* functions (_Z<len>swirl_...), and the
# C++ runtime's DW.ref.__gxx_personality_v0 (emitted by nvcc's host objects).
set -eu
nm=$1 lib=$2
bad=$("$nm" -g --defined-only "$lib" | awk 'NF == 3 && $2 ~ /^[A-Z]$/ { print $3 }' | sort -u |
      grep -v -E '^swirl_|^_Z[0-9]+swirl_|^DW\.ref\.__gxx_personality_v0$' || true)
if [ -n "$bad" ]; then
    echo "check_static_prefix: global symbols without the swirl_ prefix in $lib:" >&2
    echo "$bad" | head -40 >&2
    exit 1
fi
n=$("$nm" -g --defined-only "$lib" | awk 'NF == 3 && $2 ~ /^[A-Z]$/' | wc -l)
[ "$n" -gt 100 ] || { echo "check_static_prefix: only $n global symbols read from $lib" >&2; exit 1; }
echo "check_static_prefix: $n global symbols, all prefixed"
