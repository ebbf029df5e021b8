#!/bin/sh
# test_cli_pinning.sh — the verifier pins the key: `swirl verify` prints the key's parameters
# and pre-hash (one stderr line each; stdout "valid" and the statement), --expect-params PRESET and
# --expect-vk-hash HEX reject a key that is not the expected one (exit 1, detail 510 / 511)
# before looking at the proof, --min-security BITS refuses a weaker key, malformed pins are
# usage errors (exit 2), and inspect --vk / keygen --json print the same pre-hash.
# usage: sh tests/cli/test_cli_pinning.sh /path/to/swirl
set -e
T=test_cli_pinning
. "$(dirname "$0")/cli_test_lib.sh"
# out_is WORD: stdout's first line is WORD (verify prints the proof's statement after "valid")
out_is() { [ "$(head -n 1 "$d/out")" = "$1" ] || { cat "$d/out" >&2; fail "stdout does not start with '$1'"; }; }

run 0 "$S" keygen --air fib --size 4 -o "$d/fib.vk" --json
hex=$(sed -n 's/.*"vk_pre_hash_hex": "\([0-9a-f]*\)".*/\1/p' "$d/out")
[ "${#hex}" -eq 64 ] || fail "keygen --json: vk_pre_hash_hex is not 64 hex digits: '$hex'"
grep -q '"preset": "test"' "$d/out" || fail "keygen --json: key_params.preset is not test"
run 0 "$S" keygen --air fib --size 4 --params app -o "$d/fib_app.vk"
run 0 "$S" prove --air fib --size 4 -o "$d/fib.proof"

# inspect --vk: the same pre-hash, text and JSON, with and without a proof
run 0 "$S" inspect --vk "$d/fib.vk"
grep -q "pre-hash *$hex" "$d/out" || fail "inspect --vk does not print the keygen pre-hash"
grep -q "parameters *test: l_skip 2, n_stack 8" "$d/out" || fail "inspect --vk: parameters line"
run 0 "$S" inspect --vk "$d/fib.vk" --json
grep -q "\"pre_hash_hex\": \"$hex\"" "$d/out" || fail "inspect --vk --json: pre_hash_hex"
run 0 "$S" inspect --vk "$d/fib.vk" "$d/fib.proof" --json
grep -q "\"pre_hash_hex\": \"$hex\"" "$d/out" || fail "inspect --vk proof --json: pre_hash_hex"
grep -q '"total_bytes": ' "$d/out" || fail "inspect --vk proof --json: the proof summary is missing"
run 2 "$S" inspect
err_has "a proof file or --vk"
run 2 "$S" inspect --vk "$d/fib.proof"
err_has "malformed verifying key"

# verify prints one parameters line and one pre-hash line; stdout is "valid" and the statement
run 0 "$S" verify --vk "$d/fib.vk" "$d/fib.proof"
out_is valid
[ "$(grep -c '^swirl: key parameters: test: ' "$d/err")" -eq 1 ] || fail "verify: not one parameters line"
[ "$(grep -c "^swirl: key pre-hash: *$hex\$" "$d/err")" -eq 1 ] || fail "verify: not one pre-hash line"

# pinned and matching: valid (hex in either case)
run 0 "$S" verify --vk "$d/fib.vk" --expect-params test "$d/fib.proof"
out_is valid
run 0 "$S" verify --vk "$d/fib.vk" --expect-vk-hash "$hex" "$d/fib.proof"
out_is valid
upper=$(echo "$hex" | tr 'a-f' 'A-F')
run 0 "$S" verify --vk "$d/fib.vk" --expect-params test --expect-vk-hash "$upper" "$d/fib.proof"
out_is valid
run 0 "$S" verify --air fib --size 4 --expect-params test --expect-vk-hash "$hex" "$d/fib.proof"
out_is valid

# pinned and different: rejected with the exact detail, nothing on stdout
run 1 "$S" verify --vk "$d/fib.vk" --expect-params app "$d/fib.proof"
err_has "SystemParamsMismatch) (detail 510)"
err_has "expected parameters: app: l_skip 4"
[ -s "$d/out" ] && fail "a rejected key printed to stdout"
run 1 "$S" verify --vk "$d/fib.vk" --expect-params testing:10 "$d/fib.proof"
err_has "(detail 510)"
other=$(echo "$hex" | sed 's/^./0/')
[ "$other" = "$hex" ] && other=$(echo "$hex" | sed 's/^./1/')
run 1 "$S" verify --vk "$d/fib.vk" --expect-vk-hash "$other" "$d/fib.proof"
err_has "VkPreHashMismatch) (detail 511)"
err_has "expected pre-hash: *$other"
# parameters are checked first; the pins apply to --air keys as well
run 1 "$S" verify --vk "$d/fib.vk" --expect-params app --expect-vk-hash "$other" "$d/fib.proof"
err_has "(detail 510)"
run 1 "$S" verify --air fib --size 4 --expect-vk-hash "$other" "$d/fib.proof"
err_has "(detail 511)"
# a key made with other parameters is refused before the proof is read: even a malformed proof
printf 'junk' > "$d/junk.proof"
run 1 "$S" verify --vk "$d/fib_app.vk" --expect-params test "$d/junk.proof"
err_has "(detail 510)"
run 2 "$S" verify --vk "$d/fib_app.vk" --expect-params app "$d/junk.proof"
err_has "malformed proof"
# the app key with its own preset pinned: the test proof is rejected by the verifier itself
run 1 "$S" verify --vk "$d/fib_app.vk" --expect-params app "$d/fib.proof"
grep -q "(detail 51[01])" "$d/err" && fail "the app key matches its pin; the rejection must come from the proof"

# a minimum soundness: the parameters line carries the key's soundness; a weaker key is
# refused (exit 1) before verification, a strong enough one goes on to the verifier
run 0 "$S" verify --vk "$d/fib.vk" "$d/fib.proof"
grep -q "^swirl: key parameters: test: .*; soundness [0-9]*\.[0-9] bits\$" "$d/err" || fail "verify: no soundness on the parameters line"
run 1 "$S" verify --vk "$d/fib.vk" --min-security 20 "$d/fib.proof"
err_has "key rejected: soundness .* bits, below the required 20"
[ -s "$d/out" ] && fail "a key below the minimum printed to stdout"
run 1 "$S" verify --vk "$d/fib_app.vk" --min-security 100 "$d/fib.proof"
grep -q "key rejected" "$d/err" && fail "the app key (100 bits) was refused by --min-security 100"
err_has "proof rejected"
for bad in 0 257 x -1; do
    run 2 "$S" verify --vk "$d/fib.vk" --min-security "$bad" "$d/fib.proof"
    err_has "invalid value"
done

# malformed pins: usage errors
for bad in bogus app:4 app:28 app:x testing: "test "; do
    run 2 "$S" verify --vk "$d/fib.vk" --expect-params "$bad" "$d/fib.proof"
    err_has "invalid value"
done
for bad in 00 "${hex}00" "$(echo "$hex" | sed 's/^./g/')" ffffffff00000000000000000000000000000000000000000000000000000000; do
    run 2 "$S" verify --vk "$d/fib.vk" --expect-vk-hash "$bad" "$d/fib.proof"
    err_has "invalid value"
done
run 2 "$S" prove --air fib --expect-params test -o "$d/x.proof"
err_has "does not apply"
echo "test_cli_pinning: ok"
