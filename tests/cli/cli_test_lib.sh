# cli_test_lib.sh — the shared preamble of the CLI shell tests, sourced after `set -e` with T set
# to the test's name: $S is the swirl binary (the script's first argument), $d a scratch
# directory removed on exit; run WANT CMD... runs CMD with stdout in $d/out and stderr in $d/err
# and fails unless it exits WANT; err_has TEXT fails unless stderr holds TEXT.
S=${1:?usage: $T.sh /path/to/swirl}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
trap 'exit 1' INT TERM

fail() { echo "$T: FAIL: $*" >&2; [ -f "$d/err" ] && cat "$d/err" >&2; exit 1; }
run() {
    want=$1; shift
    rc=0
    "$@" >"$d/out" 2>"$d/err" || rc=$?
    [ "$rc" -eq "$want" ] || fail "expected exit $want, got $rc: $*"
}
err_has() { grep -q -- "$1" "$d/err" || fail "stderr lacks '$1'"; }
