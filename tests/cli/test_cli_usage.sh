#!/bin/sh
# test_cli_usage.sh — exit codes of the swirl CLI on bad usage (2), missing files (2) and an
# unavailable CUDA backend (3; 0 where a GPU is present), plus --version / --help.
# usage: sh tests/cli/test_cli_usage.sh /path/to/swirl
set -e
S=${1:?usage: test_cli_usage.sh /path/to/swirl}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
trap 'exit 1' INT TERM

fail() { echo "test_cli_usage: FAIL: $*" >&2; [ -f "$d/err" ] && cat "$d/err" >&2; exit 1; }
run() {
    want=$1; shift
    rc=0
    "$@" >"$d/out" 2>"$d/err" || rc=$?
    [ "$rc" -eq "$want" ] || fail "expected exit $want, got $rc: $*"
}
# usage CMD...: exit 2 with a message on stderr and nothing on stdout
usage() {
    run 2 "$@"
    [ -s "$d/err" ] || fail "no message: $*"
    [ -s "$d/out" ] && fail "stdout not empty: $*"
    return 0
}

run 0 "$S" --version
[ "$(cat "$d/out")" = "swirl 0.1.0" ] || fail "--version printed '$(cat "$d/out")'"
run 0 "$S" --help
grep -q "usage: swirl" "$d/out" || fail "--help lacks 'usage: swirl'"
for w in keygen prove verify inspect bench keccakf fib fib_selector interactions cached self_interaction \
         preprocessed_cached partitioned_sum mixture; do
    grep -q "$w" "$d/out" || fail "--help does not mention $w"
done
run 2 "$S"

# a valid proof and key to misuse below
run 0 "$S" keygen --air fib --size 3 -o "$d/vk.bin"
run 0 "$S" prove --air fib --size 3 -o "$d/p.bin"

usage "$S" frobnicate
usage "$S" prove --air fib --bogus -o "$d/x.bin"
usage "$S" prove --air fib --size abc -o "$d/x.bin"
usage "$S" prove --air fib --size -3 -o "$d/x.bin"
usage "$S" prove --air fib --size "" -o "$d/x.bin"
usage "$S" prove --air fib --size 3x -o "$d/x.bin"
usage "$S" prove --air fib --size 99999999999999999999999 -o "$d/x.bin"
usage "$S" prove --air fib --size 25 -o "$d/x.bin"
usage "$S" prove --air fib --seed -1 -o "$d/x.bin"
usage "$S" prove --air fib --threads abc -o "$d/x.bin"
usage "$S" prove --air fib --size
usage "$S" prove --air fib
usage "$S" keygen --air fib
usage "$S" prove --air nosuch -o "$d/x.bin"
grep -q "keccakf" "$d/err" || fail "unknown AIR: valid names not listed"
usage "$S" prove -o "$d/x.bin"
usage "$S" prove --air fib --params fast -o "$d/x.bin"
usage "$S" prove --air fib --backend tpu -o "$d/x.bin"
usage "$S" prove --air fib -o "$d/no/such/dir/p.bin"
usage "$S" bench --air fib --size 2 --runs 0
usage "$S" bench --air fib --size 2 --runs x
usage "$S" verify --vk "$d/vk.bin" "$d/nonexistent.bin"
usage "$S" verify --vk "$d/nonexistent.vk" "$d/p.bin"
usage "$S" verify --vk "$d/vk.bin"
usage "$S" verify "$d/p.bin"
usage "$S" verify --vk "$d/vk.bin" --air fib "$d/p.bin"
usage "$S" verify --vk "$d/vk.bin" "$d/p.bin" "$d/p.bin"
usage "$S" verify --vk "$d/p.bin" "$d/p.bin"
usage "$S" verify --vk "$d/vk.bin" "$d"
usage "$S" inspect
usage "$S" inspect "$d/nonexistent.bin"
usage "$S" inspect "$d/vk.bin"
usage "$S" inspect --air fib "$d/p.bin"
# keccakf taller than the test preset's stacked height: the library's error, exit 2
usage "$S" prove --air keccakf --size 100 --params test -o "$d/x.bin"
[ -e "$d/x.bin" ] && fail "a failed prove left an output file"

# the CUDA backend: exit 3 with a message without a GPU; a GPU machine may prove (0) or lack
# a CUDA build (3)
gpu=0
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then gpu=1; fi
rc=0
"$S" prove --air fib --size 3 --backend cuda -o "$d/c.bin" >"$d/out" 2>"$d/err" || rc=$?
if [ "$gpu" -eq 1 ]; then
    [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || fail "--backend cuda with a GPU: exit $rc"
else
    [ "$rc" -eq 3 ] || fail "--backend cuda without a GPU: expected exit 3, got $rc"
fi
[ "$rc" -eq 0 ] || [ -s "$d/err" ] || fail "--backend cuda: exit $rc without a message"
run 0 "$S" prove --air fib --size 3 --backend cpu -o "$d/c.bin"
grep -q " on cpu " "$d/err" || fail "--backend cpu: progress does not name the cpu backend"

echo "test_cli_usage: ok"
