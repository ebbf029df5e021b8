#!/bin/sh
# test_cli_statement.sh — the statement of a proof on the command line: `swirl verify` prints
# "valid" then the statement (present AIRs, log heights, public values: fib seed 0 at log height 4
# is [0, 1, 987]); --expect-public AIR:V,... (repeatable) and --expect-public-file bind it: a
# match is valid (exit 0), a different value / count / an absent AIR is exit 4 with a message
# naming the AIR and index (detail 522 / 521 / 520) and nothing on stdout; values >= p, AIR indices
# out of range, malformed entries and an AIR named twice are input errors (exit 2) reported before
# verification; a rejected proof stays exit 1 whatever is expected; `swirl inspect` shows the
# public values (text and JSON) and, with --vk, whether the statement fits the key.
# usage: sh tests/cli/test_cli_statement.sh /path/to/swirl
set -e
T=test_cli_statement
. "$(dirname "$0")/cli_test_lib.sh"
out_empty() { [ -s "$d/out" ] && { cat "$d/out" >&2; fail "stdout is not empty"; }; return 0; }

run 0 "$S" keygen --air fib --size 4 -o "$d/fib.vk"
run 0 "$S" prove --air fib --size 4 --seed 0 -o "$d/fib.proof"

# the statement after "valid", exactly
run 0 "$S" verify --vk "$d/fib.vk" "$d/fib.proof"
printf 'valid\nstatement: 1 of 1 AIR present\n  AIR 0: log height 4, public values [0, 1, 987]\n' > "$d/want"
cmp -s "$d/out" "$d/want" || { cat "$d/out" >&2; fail "verify's stdout is not valid + the fib statement"; }
run 0 "$S" verify --air fib --size 4 "$d/fib.proof"
cmp -s "$d/out" "$d/want" || fail "verify --air: another statement"
# --seed does not enter fib's key: the statement shows what was proved
run 0 "$S" verify --air fib --size 4 --seed 99 "$d/fib.proof"
grep -q "public values \[0, 1, 987\]" "$d/out" || fail "verify --seed 99: the statement is not the proof's"

# binding: matches
run 0 "$S" verify --vk "$d/fib.vk" --expect-public 0:0,1,987 "$d/fib.proof"
cmp -s "$d/out" "$d/want" || fail "a bound valid proof: stdout differs"
run 0 "$S" verify --vk "$d/fib.vk" --expect-public=0:0,1,987 "$d/fib.proof"
printf '# fib(16)\n\n  0:0,1,987  \r\n' > "$d/expect.txt"
run 0 "$S" verify --vk "$d/fib.vk" --expect-public-file "$d/expect.txt" "$d/fib.proof"
# binding: mismatches (exit 4, named AIR and index, nothing on stdout)
run 4 "$S" verify --vk "$d/fib.vk" --expect-public 0:0,1,988 "$d/fib.proof"
err_has "statement mismatch"
err_has "AIR 0 public value 2 is 987, 988 expected (--expect-public, detail 522)"
out_empty
run 4 "$S" verify --vk "$d/fib.vk" --expect-public 0:1,1,987 "$d/fib.proof"
err_has "AIR 0 public value 0 is 0, 1 expected"
run 4 "$S" verify --vk "$d/fib.vk" --expect-public 0:0,1 "$d/fib.proof"
err_has "AIR 0 has 3 public values, 2 expected (--expect-public, detail 521)"
run 4 "$S" verify --vk "$d/fib.vk" --expect-public 0: "$d/fib.proof"
err_has "AIR 0 has 3 public values, 0 expected"
printf '0:0,1,986\n' > "$d/wrong.txt"
run 4 "$S" verify --vk "$d/fib.vk" --expect-public-file "$d/wrong.txt" "$d/fib.proof"
err_has "AIR 0 public value 2 is 987, 986 expected (--expect-public-file, detail 522)"
out_empty

# input errors: exit 2 before verification (no "verify" stage ran)
for bad in 0:0,1,2013265921 0:0,1,4294967296 0:0,1,99999999999999999999; do
    run 2 "$S" verify --vk "$d/fib.vk" --expect-public "$bad" "$d/fib.proof"
    err_has "AIR 0 value 2"
    grep -q "swirl: verify  " "$d/err" && fail "verification ran despite a bad expected value"
    out_empty
done
run 2 "$S" verify --vk "$d/fib.vk" --expect-public 0:0,1,2013265921 "$d/fib.proof"
err_has "not a field element (not below p = 2013265921)"
run 2 "$S" verify --vk "$d/fib.vk" --expect-public 1:0 "$d/fib.proof"
err_has "AIR 1 out of range: the key has 1 AIR"
for bad in 0 x:1 :1 0:1, 0:,1 0:1,,2 0:-1 0:+1 "0: 1" 0:0x10; do
    run 2 "$S" verify --vk "$d/fib.vk" --expect-public "$bad" "$d/fib.proof"
done
run 2 "$S" verify --vk "$d/fib.vk" --expect-public 0:0,1,987 --expect-public 0:0,1,987 "$d/fib.proof"
err_has "AIR 0 given twice"
printf '0:0,1,987\n0:0,1,987\n' > "$d/twice.txt"
run 2 "$S" verify --vk "$d/fib.vk" --expect-public-file "$d/twice.txt" "$d/fib.proof"
err_has "twice.txt line 2: AIR 0 given twice"
printf '0:0,1,987\nbogus\n' > "$d/bogus.txt"
run 2 "$S" verify --vk "$d/fib.vk" --expect-public-file "$d/bogus.txt" "$d/fib.proof"
err_has "bogus.txt line 2: 'bogus' is not AIR:V0,V1,..."
printf '0:0,1\0987\n' > "$d/nul.txt"
run 2 "$S" verify --vk "$d/fib.vk" --expect-public-file "$d/nul.txt" "$d/fib.proof"
err_has "not a text file"
run 2 "$S" verify --vk "$d/fib.vk" --expect-public-file "$d/nonexistent.txt" "$d/fib.proof"
run 2 "$S" verify --vk "$d/fib.vk" --expect-public 0:0,1,987 --expect-public-file "$d/expect.txt" "$d/fib.proof"
err_has "conflict"
run 2 "$S" prove --air fib --expect-public 0:1 -o "$d/x.proof"
err_has "does not apply"

# a multi-AIR proof with an absent AIR: mixture without AIR 0 (fib, optional), from files
run 0 "$S" keygen --air mixture --size 2 -o "$d/m.vk" --pk-out "$d/m.pk"
# a rejected proof is exit 1 whatever is expected (the binding is checked only on valid proofs)
run 1 "$S" verify --vk "$d/m.vk" --expect-public 0:0,1,987 "$d/fib.proof"
err_has "proof rejected"
out_empty
run 0 "$S" export-traces --air mixture --size 2 -o "$d/mt"
args=""
for f in "$d"/mt/air*.npy; do
    b=$(basename "$f" .npy)
    case $b in
    air0) ;;
    *.cached*) a=${b%%.cached*}; args="$args --cached ${a#air}:${b##*.cached}:$f" ;;
    *) args="$args --trace ${b#air}:$f" ;;
    esac
done
grep -v '^0:' "$d/mt/public.txt" > "$d/pub_no0.txt"
# shellcheck disable=SC2086
run 0 "$S" prove --pk "$d/m.pk" $args --public-file "$d/pub_no0.txt" -o "$d/m.proof"
run 0 "$S" verify --vk "$d/m.vk" "$d/m.proof"
sed -n 2p "$d/out" | grep -q "^statement: 11 of 12 AIRs present$" || fail "mixture without AIR 0: summary line"
grep -q "^  AIR 0: absent$" "$d/out" || fail "mixture without AIR 0: AIR 0 not absent"
pv5=$(sed -n 's/^5://p' "$d/mt/public.txt" | sed 's/,/, /g')
grep -q "^  AIR 5: log height [0-9]*, public values \[$pv5\]$" "$d/out" || fail "mixture: AIR 5's public values are not the exported ones"
run 4 "$S" verify --vk "$d/m.vk" --expect-public 0:0,1,2 "$d/m.proof"
err_has "AIR 0 is absent from the proof, 3 public values expected (--expect-public, detail 520)"
run 0 "$S" verify --vk "$d/m.vk" --expect-public "5:$(sed -n 's/^5://p' "$d/mt/public.txt")" --expect-public 1: "$d/m.proof"

# inspect: public values in text and JSON; with --vk, whether the statement fits the key
run 0 "$S" inspect "$d/fib.proof"
grep -q "log height 4, 0 cached mains, public values \[0, 1, 987\]" "$d/out" || fail "inspect: no public values"
run 0 "$S" inspect "$d/fib.proof" --json
grep -q '"public_values": \[0, 1, 987\]' "$d/out" || fail "inspect --json: no public values"
run 0 "$S" inspect --vk "$d/fib.vk" "$d/fib.proof"
grep -q "fits the key *yes" "$d/out" || fail "inspect --vk: the fib proof does not fit its key"
run 0 "$S" inspect --vk "$d/m.vk" "$d/fib.proof"
grep -q "fits the key *no: statement: the proof has 1 AIRs, the key 12" "$d/out" || fail "inspect --vk: a foreign key fits"
run 0 "$S" inspect --vk "$d/m.vk" "$d/fib.proof" --json
grep -q '"fits_key": false' "$d/out" || fail "inspect --vk --json: fits_key"
run 0 "$S" inspect "$d/m.proof" --json
grep -q '"present": false' "$d/out" || fail "inspect --json: mixture AIR 0 not absent"
echo "test_cli_statement: ok"
