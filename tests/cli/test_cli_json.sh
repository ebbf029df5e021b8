#!/bin/sh
# test_cli_json.sh — machine-readable output of the swirl CLI: keygen --json (keccakf shape),
# inspect (human and --json, total_bytes = file size), bench --json (span names and medians).
# usage: sh tests/cli/test_cli_json.sh /path/to/swirl
set -e
S=${1:?usage: test_cli_json.sh /path/to/swirl}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
trap 'exit 1' INT TERM

fail() { echo "test_cli_json: FAIL: $*" >&2; [ -f "$d/err" ] && cat "$d/err" >&2; exit 1; }
run() {
    want=$1; shift
    rc=0
    "$@" >"$d/out" 2>"$d/err" || rc=$?
    [ "$rc" -eq "$want" ] || fail "expected exit $want, got $rc: $*"
}
# has KEY VALUE: the JSON in $d/out holds "KEY": VALUE
has() { grep -q "\"$1\": $2" "$d/out" || { cat "$d/out" >&2; fail "missing \"$1\": $2"; }; }
haskey() { grep -q "\"$1\": " "$d/out" || { cat "$d/out" >&2; fail "missing key \"$1\""; }; }

# keygen --json: the keccakf AIR's statistics
run 0 "$S" keygen --air keccakf --size 1 -o "$d/k.vk" --json
has scenario '"keccakf"'
has params '"app"'
has num_airs 1
has name '"keccakf"'
has common_width 2633
has constraints 3182
has max_degree 3
has dag_nodes 39273
has need_rot true
has interactions 0
has vk_bytes "$(wc -c <"$d/k.vk" | tr -d ' ')"
haskey vk_pre_hash
grep -q '"vk_pre_hash": \[[0-9]*, [0-9]*, [0-9]*, [0-9]*, [0-9]*, [0-9]*, [0-9]*, [0-9]*\]' "$d/out" || fail "vk_pre_hash is not 8 numbers"
# without --json: nothing on stdout, a summary on stderr
run 0 "$S" keygen --air keccakf --size 1 -o "$d/k2.vk"
[ -s "$d/out" ] && fail "keygen without --json wrote to stdout"
grep -q "3182 constraints" "$d/err" || fail "keygen summary lacks the constraint count"
cmp -s "$d/k.vk" "$d/k2.vk" || fail "keygen is not deterministic"

# keygen --json for a multi-AIR scenario: one entry per AIR, cached widths listed
run 0 "$S" keygen --air mixture --size 1 -o "$d/m.vk" --json
has num_airs 12
has cached_widths '\[1\]'
[ "$(grep -c '"dag_nodes": ' "$d/out")" -eq 12 ] || fail "mixture: not 12 AIR entries"

# inspect: human and JSON summaries of a proof
run 0 "$S" prove --air mixture --size 2 -o "$d/m.proof"
size=$(wc -c <"$d/m.proof" | tr -d ' ')
run 0 "$S" inspect "$d/m.proof"
grep -q "total bytes *$size" "$d/out" || { cat "$d/out" >&2; fail "inspect: total bytes"; }
run 0 "$S" inspect --json "$d/m.proof"
has total_bytes "$size"
has num_airs 12
for k in num_present airs present log_height num_cached_mains num_public_values common_main_commit \
         logup_pow_witness gkr_layers constraint_rounds num_column_openings stacking_rounds num_commitments \
         whir_rounds whir_sumcheck_rounds whir_queries whir_final_poly_len sections preamble_bytes gkr_bytes \
         constraint_bytes stacking_bytes whir_bytes; do
    haskey "$k"
done
# the five sections partition the proof
sum=0
for k in preamble_bytes gkr_bytes constraint_bytes stacking_bytes whir_bytes; do
    v=$(sed -n "s/.*\"$k\": \([0-9]*\).*/\1/p" "$d/out")
    sum=$((sum + v))
done
[ "$sum" -eq "$size" ] || fail "sections sum to $sum, not $size"

# bench --json: spans named as swirl.h names them, medians over the runs
run 0 "$S" bench --air fib --size 4 --runs 3 --threads 2 --json
has scenario '"fib"'
has size 4
has params '"test"'
has runs 3
has threads 2
haskey backend
haskey verify_ms
haskey proof_bytes
for sp in prover prover.main_trace_commit prover.rap_constraints prover.rap_constraints.logup_gkr \
          prover.openings prover.openings.whir; do
    has name "\"$sp\""
done
[ "$(grep -c '"median_ms": [0-9][0-9]*\.[0-9]*' "$d/out")" -ge 6 ] || fail "bench: span medians missing"
has depth 0
has depth 2
# a JSON parser, when one is at hand, accepts every output
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/out" || fail "bench --json is not JSON"
    run 0 "$S" inspect --json "$d/m.proof"
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/out" || fail "inspect --json is not JSON"
    run 0 "$S" keygen --air mixture --size 1 -o "$d/m.vk" --json
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/out" || fail "keygen --json is not JSON"
fi
# bench without --json: a table on stdout
run 0 "$S" bench --air interactions --size 2 --runs 2
grep -q "prover.openings.whir" "$d/out" || fail "bench table lacks the spans"
grep -q "median" "$d/out" || fail "bench table lacks the header"

echo "test_cli_json: ok"
