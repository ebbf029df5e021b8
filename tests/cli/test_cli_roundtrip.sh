#!/bin/sh
# test_cli_roundtrip.sh — keygen / prove / verify round trips of the swirl CLI over several
# built-in scenarios, wrong keys (exit 1) and damaged proofs (exit 1 or 2, never a crash).
# usage: sh tests/cli/test_cli_roundtrip.sh /path/to/swirl
set -e
S=${1:?usage: test_cli_roundtrip.sh /path/to/swirl}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
trap 'exit 1' INT TERM

fail() { echo "test_cli_roundtrip: FAIL: $*" >&2; [ -f "$d/err" ] && cat "$d/err" >&2; exit 1; }
# run WANT CMD...: runs CMD (stdout -> $d/out, stderr -> $d/err) and checks its exit code
run() {
    want=$1; shift
    rc=0
    "$@" >"$d/out" 2>"$d/err" || rc=$?
    [ "$rc" -eq "$want" ] || fail "expected exit $want, got $rc: $*"
}
# run_1or2 CMD...: a damaged proof is rejected (1) or malformed (2), nothing else
run_1or2() {
    rc=0
    "$@" >"$d/out" 2>"$d/err" || rc=$?
    [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] || fail "expected exit 1 or 2, got $rc: $*"
    [ -s "$d/err" ] || fail "no message for exit $rc: $*"
}

# round trips: name size [extra options]
roundtrip() {
    name=$1; size=$2; shift 2
    run 0 "$S" keygen --air "$name" --size "$size" "$@" -o "$d/$name.vk"
    run 0 "$S" prove --air "$name" --size "$size" "$@" --threads 2 -o "$d/$name.proof"
    grep -q "prover" "$d/err" || fail "prove printed no span report for $name"
    run 0 "$S" verify --vk "$d/$name.vk" "$d/$name.proof"
    [ "$(head -n 1 "$d/out")" = "valid" ] || fail "verify of $name did not print 'valid'"
    grep -q '^statement: [0-9]* of [0-9]* AIRs* present$' "$d/out" || fail "verify of $name did not print the statement"
    run 0 "$S" verify --air "$name" --size "$size" "$@" "$d/$name.proof"
    [ "$(head -n 1 "$d/out")" = "valid" ] || fail "verify --air of $name did not print 'valid'"
}
roundtrip fib 4 --params test
roundtrip interactions 3
roundtrip mixture 2 --params test
roundtrip fib_selector 3 --seed 5
roundtrip keccakf 1 --params app

# the key depends on the seed for fib_selector (the selectors are preprocessed)
run 1 "$S" verify --air fib_selector --size 3 --seed 6 "$d/fib_selector.proof"

# proofs under another scenario's key are rejected (exit 1), with a message
run 1 "$S" verify --vk "$d/fib.vk" "$d/interactions.proof"
grep -q "rejected" "$d/err" || fail "no rejection message"
run 1 "$S" verify --vk "$d/interactions.vk" "$d/mixture.proof"
run 1 "$S" verify --vk "$d/mixture.vk" "$d/fib.proof"
run 1 "$S" verify --air interactions --size 3 "$d/fib.proof"

# a trailing byte is a decode error (exit 2)
p=$d/fib.proof
len=$(wc -c <"$p" | tr -d ' ')
cp "$p" "$d/long.bin"
printf x >>"$d/long.bin"
run 2 "$S" verify --vk "$d/fib.vk" "$d/long.bin"
run 2 "$S" inspect "$d/long.bin"
# truncated and empty proofs are decode errors too
head -c $((len - 1)) "$p" >"$d/short.bin"
run 2 "$S" verify --vk "$d/fib.vk" "$d/short.bin"
: >"$d/empty.bin"
run 2 "$S" verify --vk "$d/fib.vk" "$d/empty.bin"
run 2 "$S" inspect "$d/empty.bin"

# one byte changed (+1 mod 256) at several offsets, the middle included: exit 1 or 2
for off in $((len / 2)) 0 1 7 $((len / 3)) $((len / 4)) $((3 * len / 4)) $((len - 8)) $((len - 1)); do
    b=$(od -An -tu1 -j "$off" -N1 "$p" | tr -d ' \n')
    nb=$(((b + 1) % 256))
    {
        head -c "$off" "$p"
        printf "\\$(printf '%03o' "$nb")"
        tail -c +$((off + 2)) "$p"
    } >"$d/flip.bin"
    [ "$(wc -c <"$d/flip.bin" | tr -d ' ')" -eq "$len" ] || fail "flip at $off changed the length"
    cmp -s "$p" "$d/flip.bin" && fail "flip at $off changed nothing"
    run_1or2 "$S" verify --vk "$d/fib.vk" "$d/flip.bin"
done
# the untouched proof still verifies
run 0 "$S" verify --vk "$d/fib.vk" "$p"

# a damaged key is a decode error
head -c 20 "$d/fib.vk" >"$d/bad.vk"
run 2 "$S" verify --vk "$d/bad.vk" "$p"

echo "test_cli_roundtrip: ok"
