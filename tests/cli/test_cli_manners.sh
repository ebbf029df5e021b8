#!/bin/sh
# test_cli_manners.sh — the CLI's manners: per-command --help (exit 0, the command's own usage);
# a non-repeatable option given twice and conflicting options are usage errors (exit 2) naming
# them; progress on stderr (one plain line per stage with its time when stderr is not a terminal,
# in place on a terminal, nothing with --quiet); input files above the cap (--max-input, default
# 1 GiB) refused before they are read, devices such as /dev/zero refused at once, pipes read up to
# the cap; outputs written atomically (a failed write keeps the existing file and leaves no
# temporary file; a symbolic link's target is replaced; unwritable destinations fail before any
# work).
# usage: sh tests/cli/test_cli_manners.sh /path/to/swirl
set -e
T=test_cli_manners
. "$(dirname "$0")/cli_test_lib.sh"
no_temp() { ls -a "$1" | grep -q '\.tmp-' && { ls -a "$1" >&2; fail "a temporary file was left in $1"; }; return 0; }

# ---- per-command help ----
for c in keygen prove verify inspect bench export-traces; do
    run 0 "$S" "$c" --help
    head -n 1 "$d/out" | grep -q "^usage: swirl $c " || fail "$c --help: not $c's usage"
    [ -s "$d/err" ] && fail "$c --help wrote to stderr"
    grep -q -- "--quiet" "$d/out" || fail "$c --help lacks --quiet"
    run 0 "$S" "$c" -h
    head -n 1 "$d/out" | grep -q "^usage: swirl $c " || fail "$c -h: not $c's usage"
done
run 0 "$S" keygen --help
grep -q -- "--pk-out FILE" "$d/out" || fail "keygen --help lacks --pk-out"
grep -q -- "--trace" "$d/out" && fail "keygen --help lists prove's --trace"
run 0 "$S" prove --help
for o in --pk --trace --cached --public --public-file --backend --max-input; do
    grep -q -- "$o" "$d/out" || fail "prove --help lacks $o"
done
grep -q "(repeatable)" "$d/out" || fail "prove --help does not mark repeatable options"
run 0 "$S" verify --help
grep -q -- "--expect-public AIR:V0" "$d/out" || fail "verify --help lacks --expect-public"
grep -q "4 valid proof of another statement" "$d/out" || fail "verify --help lacks exit code 4"
run 0 "$S" prove --air fib -o "$d/x" --help
[ -e "$d/x" ] && fail "--help ran the command"
run 0 "$S" --help
grep -q "export-traces" "$d/out" || fail "--help lacks export-traces"
run 2 "$S" keygen --bogus
err_has "see swirl keygen --help"

# ---- duplicate and conflicting options ----
run 2 "$S" prove --air fib --air fib -o "$d/x"
err_has "option --air given twice"
run 2 "$S" prove --air fib --size 3 --size 4 -o "$d/x"
err_has "option --size given twice"
run 2 "$S" prove --air fib -o "$d/x" --out "$d/y"
err_has "option --out given twice (as -o and --out)"
run 2 "$S" keygen --air fib --json --json -o "$d/x"
err_has "option --json given twice"
run 2 "$S" keygen --air fib -q --quiet -o "$d/x"
err_has "given twice"
run 2 "$S" verify --vk "$d/a" --vk "$d/b" "$d/p"
err_has "option --vk given twice"
run 2 "$S" prove --air fib --backend cpu --backend=cpu -o "$d/x"
err_has "option --backend given twice"
[ -e "$d/x" ] && fail "a usage error left an output file"
run 0 "$S" keygen -q --air fib --size 3 -o "$d/vk.bin"
run 0 "$S" prove -q --air fib --size 3 -o "$d/p.bin"
run 2 "$S" verify --vk "$d/vk.bin" --air fib "$d/p.bin"
err_has "--vk and --air conflict"
run 2 "$S" verify --vk "$d/vk.bin" --size 3 "$d/p.bin"
err_has "--size applies to a built-in scenario (--air), not to --vk"
run 2 "$S" verify --vk "$d/vk.bin" --seed 99 "$d/p.bin"
err_has "--seed applies to a built-in scenario"
run 2 "$S" verify --vk "$d/vk.bin" --params test "$d/p.bin"
err_has "--params applies to a built-in scenario"
run 2 "$S" export-traces --air fib --params app -o "$d/t"
err_has "option --params does not apply to this command"

# ---- progress ----
run 0 "$S" prove --air fib --size 6 -o "$d/p6.bin"
for stage in keygen prover.main_trace_commit prover.rap_constraints prover.openings prover verify; do
    [ "$(grep -c "^swirl: $stage  *[0-9]*\.[0-9]* s   (at [0-9]*\.[0-9]* s)\$" "$d/err")" -eq 1 ] || fail "prove: not one progress line for $stage"
done
grep -q "$(printf '\r')" "$d/err" && fail "progress not on a terminal holds carriage returns"
grep -q " \.\.\.$" "$d/err" && fail "progress not on a terminal shows running stages"
run 0 "$S" prove --quiet --air fib --size 6 -o "$d/p6q.bin"
[ -s "$d/err" ] && fail "prove --quiet wrote to stderr"
cmp -s "$d/p6.bin" "$d/p6q.bin" || fail "--quiet changed the proof"
run 0 "$S" keygen -q --air fib -o "$d/vkq.bin" --pk-out "$d/pkq.bin"
[ -s "$d/err" ] && fail "keygen -q wrote to stderr"
run 0 "$S" verify -q --vk "$d/vk.bin" "$d/p6.bin"
[ -s "$d/err" ] && fail "verify -q wrote to stderr"
[ "$(head -n 1 "$d/out")" = valid ] || fail "verify -q: stdout"
run 0 "$S" bench -q --air fib --size 3 --runs 2
[ -s "$d/err" ] && fail "bench -q wrote to stderr"
run 2 "$S" prove -q --air fib --size 99 -o "$d/x"
[ -s "$d/err" ] || fail "errors must still be printed with --quiet"
run 0 "$S" verify --vk "$d/vk.bin" "$d/p6.bin"
grep -q "^swirl: verify  *[0-9.]* s" "$d/err" || fail "verify: no progress line"
# on a terminal (script(1) gives one): running stages in place, then their finished lines
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
    script -qec "$S prove --air fib --size 6 -o $d/tty.bin" /dev/null > "$d/tty.log" 2>&1 || fail "prove on a terminal failed"
    cr=$(printf '\r')
    esc=$(printf '\033')
    grep -q "swirl: prover.openings  *\.\.\.${cr}${esc}\[K" "$d/tty.log" || fail "terminal: no in-place line for a running stage"
    grep -q "${esc}\[Kswirl: prover.openings  *[0-9.]* s" "$d/tty.log" || fail "terminal: the running line is not replaced by the finished one"
else
    echo "test_cli_manners: no script(1) pseudo-terminal: terminal progress not tested"
fi

# ---- input caps and files that never end ----
size=$(wc -c < "$d/p.bin" | tr -d ' ')
run 2 "$S" verify --vk "$d/vk.bin" --max-input 100 "$d/p.bin"
err_has "p.bin is larger than the input cap of 100 bytes (raise it with --max-input BYTES)"
run 2 "$S" inspect --max-input 1K "$d/p.bin"
err_has "input cap of 1024 bytes"
run 0 "$S" inspect --max-input "$size" "$d/p.bin"
run 2 "$S" inspect --max-input $((size - 1)) "$d/p.bin"
run 0 "$S" verify --vk "$d/vk.bin" --max-input 1M "$d/p.bin"
for bad in 0 -1 1T 1KB x 2000G 99999999999999999999; do
    run 2 "$S" inspect --max-input "$bad" "$d/p.bin"
    err_has "invalid value"
done
run 2 "$S" keygen --air fib --max-input 1K -o "$d/x"
err_has "does not apply"
# the default cap (1 GiB): a sparse file just above it is refused without reading it
if truncate -s 1073741825 "$d/huge.bin" 2>/dev/null; then
    run 2 "$S" inspect "$d/huge.bin"
    err_has "huge.bin is larger than the input cap of 1073741824 bytes"
    run 2 "$S" verify --vk "$d/huge.bin" "$d/p.bin"
    err_has "huge.bin is larger than the input cap"
    rm -f "$d/huge.bin"
fi
run 2 "$S" inspect /dev/zero
err_has "cannot read /dev/zero: not a regular file or a pipe"
run 2 "$S" verify --vk /dev/zero "$d/p.bin"
err_has "not a regular file or a pipe"
run 2 "$S" inspect "$d"
err_has "it is a directory"
# a pipe: read up to the cap, then refused (an endless one ends too)
rc=0
yes 0123456789 | "$S" inspect --max-input 64K /dev/stdin >"$d/out" 2>"$d/err" || rc=$?
[ "$rc" -eq 2 ] || fail "an endless pipe: exit $rc"
err_has "/dev/stdin is larger than the input cap of 65536 bytes"
rc=0
"$S" inspect /dev/stdin < "$d/p.bin" >"$d/out" 2>"$d/err" || rc=$?
[ "$rc" -eq 0 ] || fail "a proof on standard input: exit $rc"
rc=0
cat "$d/p.bin" | "$S" verify --vk "$d/vk.bin" /dev/stdin >"$d/out" 2>"$d/err" || rc=$?
[ "$rc" -eq 0 ] || fail "a proof through a pipe: exit $rc"

# ---- atomic outputs ----
# a failed write (the file-size limit) keeps the existing file and leaves no temporary file.
# The limit holds for stderr's file too: 16 blocks (8 KiB under dash's 512-byte blocks, 16 KiB
# under bash's 1024) leaves room for the span report (~2.2 KB) and not for the ~23 KB proof.
mkdir "$d/w"
printf 'precious' > "$d/w/p.bin"
rc=0
(ulimit -f 16 && exec "$S" prove --air mixture --size 3 -o "$d/w/p.bin") >"$d/out" 2>"$d/err" || rc=$?
[ "$rc" -eq 2 ] || fail "a write beyond the file-size limit: exit $rc, want 2"
err_has "write error on $d/w/p.bin"
err_has "the existing file there is unchanged"
[ "$(cat "$d/w/p.bin")" = precious ] || fail "a failed write damaged the existing file"
no_temp "$d/w"
rc=0
(ulimit -f 4 && exec "$S" keygen --air mixture --size 3 -o "$d/w/new.vk" --pk-out "$d/w/new.pk") >"$d/out" 2>"$d/err" || rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || fail "keygen under a file-size limit: exit $rc"
no_temp "$d/w"
# a successful write replaces the file whole, mode from the umask, no temporary left
(umask 022 && exec "$S" prove -q --air fib --size 3 -o "$d/w/p.bin") || fail "prove over an existing file"
cmp -s "$d/w/p.bin" "$d/p.bin" || fail "the replaced file is not the proof"
[ "$(stat -c %a "$d/w/p.bin")" = 644 ] || [ "$(stat -c %a "$d/w/p.bin")" = 600 ] || fail "mode $(stat -c %a "$d/w/p.bin")"
(umask 022 && exec "$S" prove -q --air fib --size 3 -o "$d/w/fresh.bin") || fail "prove to a new file"
[ "$(stat -c %a "$d/w/fresh.bin")" = 644 ] || fail "a new output has mode $(stat -c %a "$d/w/fresh.bin"), not 644 under umask 022"
no_temp "$d/w"
# destinations that cannot be written fail before any work (no keygen line), leaving nothing
run 2 "$S" prove --air fib -o "$d/no/such/dir/p.bin"
err_has "cannot write $d/no/such/dir/p.bin"
grep -q "keygen" "$d/err" && fail "an unwritable output was found only after the work"
run 2 "$S" prove --air fib -o "$d/w"
err_has "it is a directory"
run 2 "$S" keygen --air fib -o "$d/vk2.bin" --pk-out "$d/no/such/pk.bin"
[ -e "$d/vk2.bin" ] && fail "keygen wrote the vk although the pk cannot be written"
# a symbolic link is followed: its target is replaced, the link stays a link
ln -s fresh.bin "$d/w/link.bin"
run 0 "$S" prove -q --air fib --size 4 -o "$d/w/link.bin"
[ -L "$d/w/link.bin" ] || fail "writing through a symbolic link replaced the link"
run 0 "$S" inspect "$d/w/fresh.bin"
grep -q "log height 4" "$d/out" || fail "the link's target was not written"
no_temp "$d/w"
# a device is written in place
run 0 "$S" prove -q --air fib --size 3 -o /dev/null
echo "test_cli_manners: ok"
