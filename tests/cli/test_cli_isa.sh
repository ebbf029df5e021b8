#!/bin/sh
# test_cli_isa.sh — the vectorised (AVX-512) prover paths and the portable ones give the same
# proof bytes: each scenario is proved with SWIRL_NO_AVX512 unset and set, and the files must be
# identical (on a machine without AVX-512 both runs take the portable path; still a valid check
# of determinism). Covers round 0, the MLE rounds, interactions, preprocessed and cached parts,
# short traces and the app preset.
# usage: sh tests/cli/test_cli_isa.sh /path/to/swirl
set -e
S=${1:?usage: test_cli_isa.sh /path/to/swirl}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
for spec in "keccakf 3 app" "mixture 4 test" "mixture 0 test" "interactions 6 test" "preprocessed_cached 5 test" "fib 9 app"; do
    set -- $spec
    SWIRL_NO_AVX512=0 "$S" prove --air "$1" --size "$2" --params "$3" -o "$d/a.bin" 2>/dev/null
    SWIRL_NO_AVX512=1 "$S" prove --air "$1" --size "$2" --params "$3" -o "$d/b.bin" 2>/dev/null
    cmp -s "$d/a.bin" "$d/b.bin" || { echo "test_cli_isa: FAIL: $1 $2 $3: vectorised and portable proofs differ" >&2; exit 1; }
done
echo "test_cli_isa: ok"
