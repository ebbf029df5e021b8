#!/bin/sh
# test_cli_files.sh — proving any AIR from files: `keygen --pk-out` writes the proving key,
# `export-traces` writes a built-in's traces as .npy (numpy.save's exact layout) and its public
# values, and `prove --pk` from those files gives the same proof bytes as the built-in path (fib,
# fib_selector, preprocessed_cached, partitioned_sum, mixture, keccakf); a hand-written .npy
# (format 2.0, double quotes, no trailing comma) proves too. The .npy reader refuses other dtypes,
# Fortran order, shapes that are not 2-D, row counts that are not powers of two, widths that differ
# from the key, values >= p, truncated or trailing data, oversized or truncated headers, bad magic
# and versions, with specific messages (exit 2); prove --pk refuses incomplete or inconsistent
# inputs (missing parts, heights, public-value counts, indices, duplicates, conflicts) likewise.
# usage: sh tests/cli/test_cli_files.sh /path/to/swirl
set -e
T=test_cli_files
. "$(dirname "$0")/cli_test_lib.sh"

# file_args DIR: --trace / --cached arguments for every DIR/air*.npy export-traces wrote
file_args() {
    args=""
    for f in "$1"/air*.npy; do
        b=$(basename "$f" .npy)
        case $b in
        *.cached*) a=${b%%.cached*}; args="$args --cached ${a#air}:${b##*.cached}:$f" ;;
        *) args="$args --trace ${b#air}:$f" ;;
        esac
    done
    echo "$args"
}

# same_proof NAME SIZE [OPTIONS]: built-in proof == proof from the exported files, and it verifies
same_proof() {
    name=$1; size=$2; shift 2
    run 0 "$S" keygen -q --air "$name" --size "$size" "$@" -o "$d/$name.vk" --pk-out "$d/$name.pk"
    [ -s "$d/$name.pk" ] || fail "$name: no proving key written"
    run 0 "$S" prove -q --air "$name" --size "$size" "$@" -o "$d/$name.builtin"
    seed_opt=""
    [ "${1:-}" = "--seed" ] && seed_opt="--seed $2"
    # shellcheck disable=SC2086
    run 0 "$S" export-traces -q --air "$name" --size "$size" $seed_opt -o "$d/$name.t"
    [ -s "$d/$name.t/public.txt" ] || [ -f "$d/$name.t/public.txt" ] || fail "$name: no public.txt"
    # shellcheck disable=SC2086
    run 0 "$S" prove -q --pk "$d/$name.pk" $(file_args "$d/$name.t") --public-file "$d/$name.t/public.txt" -o "$d/$name.files"
    cmp -s "$d/$name.builtin" "$d/$name.files" || fail "$name: the proof from files differs from the built-in's"
    run 0 "$S" verify -q --vk "$d/$name.vk" "$d/$name.files"
}
same_proof fib 4 --seed 0
same_proof fib_selector 3 --seed 5
same_proof preprocessed_cached 3
same_proof partitioned_sum 3 --seed 2
same_proof mixture 2 --seed 3
same_proof keccakf 1 --params test

# export-traces writes numpy.save's layout: magic, version 1.0, a 64-byte aligned header
head -c 128 "$d/fib.t/air0.npy" > "$d/h"
printf '\223NUMPY\001\000v\000{'"'"'descr'"'"': '"'"'<u4'"'"', '"'"'fortran_order'"'"': False, '"'"'shape'"'"': (16, 2), }' > "$d/h_want"
cmp -s "$d/h_want" "$d/h" 2>/dev/null || head -c "$(wc -c < "$d/h_want")" "$d/h" | cmp -s - "$d/h_want" || fail "air0.npy header is not numpy.save's"
[ "$(wc -c < "$d/fib.t/air0.npy" | tr -d ' ')" -eq $((128 + 16 * 2 * 4)) ] || fail "air0.npy size"
[ "$(cat "$d/fib.t/public.txt")" = "0:0,1,987" ] || fail "fib public.txt: $(cat "$d/fib.t/public.txt")"
# the list of written files on stdout
run 0 "$S" export-traces --air partitioned_sum --size 2 -o "$d/ps"
grep -q "ps/air0.npy$" "$d/out" && grep -q "ps/air0.cached0.npy$" "$d/out" && grep -q "ps/public.txt$" "$d/out" || fail "export-traces: file list"
run 2 "$S" export-traces --air fib -o "$d/fib.t/air0.npy"
err_has "not a directory"
run 2 "$S" export-traces --air fib
err_has "-o DIR is required"

# ---- hand-written .npy files ----
# le32 V...: each value as 4 little-endian bytes
le32() {
    for v in "$@"; do
        printf "\\$(printf %o $((v & 255)))\\$(printf %o $((v >> 8 & 255)))\\$(printf %o $((v >> 16 & 255)))\\$(printf %o $((v >> 24 & 255)))"
    done
}
# npy1 FILE HEADER V...: version 1.0 with that header text (a newline appended), then the values
npy1() {
    f=$1; h="$2
"; shift 2
    n=${#h}
    { printf '\223NUMPY\001\000'; printf "\\$(printf %o $((n & 255)))\\$(printf %o $((n >> 8)))"; printf '%s' "$h"; le32 "$@"; } > "$f"
}
hdr() { echo "{'descr': '$1', 'fortran_order': $2, 'shape': $3, }"; }

# a fib trace by hand (rows (0,1) (1,1) (1,2) (2,3)): format 2.0, double quotes, no trailing comma
h='{"shape": (4, 2), "fortran_order": False, "descr": "<u4"}
'
n=${#h}
{ printf '\223NUMPY\002\000'; printf "\\$(printf %o "$n")\\000\\000\\000"; printf '%s' "$h"; le32 0 1 1 1 1 2 2 3; } > "$d/hand.npy"
run 0 "$S" keygen -q --air fib --size 2 -o "$d/f2.vk" --pk-out "$d/f2.pk"
run 0 "$S" prove --pk "$d/f2.pk" --trace "0:$d/hand.npy" --public 0:0,1,3 -o "$d/hand.proof"
run 0 "$S" verify --vk "$d/f2.vk" --expect-public 0:0,1,3 "$d/hand.proof"
grep -q "AIR 0: log height 2, public values \[0, 1, 3\]" "$d/out" || fail "hand-written trace: statement"

# bad_npy FILE MESSAGE: prove refuses the file with MESSAGE (exit 2), no proof written
bad_npy() {
    run 2 "$S" prove --pk "$d/f2.pk" --trace "0:$1" --public 0:0,1,3 -o "$d/bad.proof"
    err_has "$2"
    [ -e "$d/bad.proof" ] && fail "a refused trace left a proof"
    return 0
}
npy1 "$d/i4.npy" "$(hdr '<i4' False '(4, 2)')" 0 1 1 1 1 2 2 3
bad_npy "$d/i4.npy" "dtype '<i4' is not supported: a trace is uint32 little-endian ('<u4'"
npy1 "$d/be.npy" "$(hdr '>u4' False '(4, 2)')" 0 1 1 1 1 2 2 3
bad_npy "$d/be.npy" "dtype '>u4' is not supported"
npy1 "$d/u8.npy" "$(hdr '<u8' False '(4, 1)')" 0 1 1 1 1 2 2 3
bad_npy "$d/u8.npy" "dtype '<u8' is not supported"
npy1 "$d/fo.npy" "$(hdr '<u4' True '(4, 2)')" 0 1 1 1 1 2 2 3
bad_npy "$d/fo.npy" "Fortran (column-major) order"
npy1 "$d/1d.npy" "$(hdr '<u4' False '(8,)')" 0 1 1 1 1 2 2 3
bad_npy "$d/1d.npy" "shape (8,) is not 2-D"
npy1 "$d/3d.npy" "$(hdr '<u4' False '(2, 2, 2)')" 0 1 1 1 1 2 2 3
bad_npy "$d/3d.npy" "shape (2, 2, 2) is not 2-D"
npy1 "$d/0d.npy" "$(hdr '<u4' False '()')" 0
bad_npy "$d/0d.npy" "shape () is not 2-D"
npy1 "$d/rows3.npy" "$(hdr '<u4' False '(3, 2)')" 0 1 1 1 1 2
bad_npy "$d/rows3.npy" "3 rows: the row count must be a power of two"
npy1 "$d/rows0.npy" "$(hdr '<u4' False '(0, 2)')"
bad_npy "$d/rows0.npy" "0 rows: the row count must be a power of two"
npy1 "$d/cols0.npy" "$(hdr '<u4' False '(4, 0)')"
bad_npy "$d/cols0.npy" "has no columns"
npy1 "$d/w3.npy" "$(hdr '<u4' False '(4, 3)')" 0 1 1 1 1 2 2 3 5 8 13 21
bad_npy "$d/w3.npy" "w3.npy: 3 columns, but the common main of AIR 0 has 2 in the key"
npy1 "$d/big.npy" "$(hdr '<u4' False '(4, 2)')" 0 2013265921 1 1 1 2 2 3
bad_npy "$d/big.npy" "value 2013265921 at row 0, column 1 is not a field element (not below p = 2013265921)"
npy1 "$d/big2.npy" "$(hdr '<u4' False '(4, 2)')" 0 1 1 1 1 2 2 4294967295
bad_npy "$d/big2.npy" "value 4294967295 at row 3, column 1"
npy1 "$d/short.npy" "$(hdr '<u4' False '(4, 2)')" 0 1 1 1 1 2 2
bad_npy "$d/short.npy" "truncated: the data is 28 bytes, shape (4, 2) of '<u4' needs more"
npy1 "$d/long.npy" "$(hdr '<u4' False '(4, 2)')" 0 1 1 1 1 2 2 3 9
bad_npy "$d/long.npy" "the data is 36 bytes, shape (4, 2) of '<u4' needs 32 (trailing bytes)"
npy1 "$d/huge.npy" "$(hdr '<u4' False '(281474976710656, 16777216)')" 0 1
bad_npy "$d/huge.npy" "truncated: the data is 8 bytes"
npy1 "$d/over.npy" "$(hdr '<u4' False '(281474976710657, 2)')" 0 1
bad_npy "$d/over.npy" "malformed shape"
npy1 "$d/key.npy" "{'descr': '<u4', 'fortran_order': False, 'shape': (4, 2), 'extra': 1}" 0 1 1 1 1 2 2 3
bad_npy "$d/key.npy" "unexpected or repeated header key 'extra'"
npy1 "$d/dup.npy" "{'descr': '<u4', 'descr': '<u4', 'fortran_order': False, 'shape': (4, 2)}" 0 1 1 1 1 2 2 3
bad_npy "$d/dup.npy" "unexpected or repeated header key 'descr'"
npy1 "$d/noshape.npy" "{'descr': '<u4', 'fortran_order': False}" 0 1 1 1 1 2 2 3
bad_npy "$d/noshape.npy" "the header lacks shape"
npy1 "$d/struct.npy" "{'descr': [('a', '<u4')], 'fortran_order': False, 'shape': (4, 2)}" 0 1 1 1 1 2 2 3
bad_npy "$d/struct.npy" "structured arrays are not supported"
npy1 "$d/after.npy" "{'descr': '<u4', 'fortran_order': False, 'shape': (4, 2)} x" 0 1 1 1 1 2 2 3
bad_npy "$d/after.npy" "text after the header dictionary"
npy1 "$d/order.npy" "{'descr': '<u4', 'fortran_order': 0, 'shape': (4, 2)}" 0 1 1 1 1 2 2 3
bad_npy "$d/order.npy" "fortran_order is neither True nor False"
printf 'PK\003\004 not numpy at all' > "$d/magic.npy"
bad_npy "$d/magic.npy" "not a NumPy .npy file"
printf '\223NUMPY\004\000\010\000{}      ' > "$d/v4.npy"
bad_npy "$d/v4.npy" "format version 4.0 is not supported"
printf '\223NUMPY\001\000\377\177{' > "$d/trunc.npy"
bad_npy "$d/trunc.npy" "truncated .npy header (32767 bytes announced, 1 present)"
printf '\223NUMPY\002\000\377\377\377\377{' > "$d/hlen.npy"
bad_npy "$d/hlen.npy" "the header is 4294967295 bytes, more than 65536"
printf '\223NUMPY\001' > "$d/tiny.npy"
bad_npy "$d/tiny.npy" "not a NumPy .npy file"
printf '\223NUMPY\001\000\004\000{\001}\n' > "$d/ctl.npy"
bad_npy "$d/ctl.npy" "control character"
bad_npy "$d/nonexistent.npy" "cannot open"

# ---- prove --pk: inputs that do not fit the key ----
P=$d/mixture.pk
T=$d/mixture.t
run 2 "$S" prove --pk "$P" -o "$d/x.proof"
err_has "no AIR is present"
run 2 "$S" prove --pk "$P" --trace "12:$T/air0.npy" -o "$d/x.proof"
err_has "AIR 12 out of range: the key has 12 AIRs"
run 2 "$S" prove --pk "$P" --trace "0:$T/air0.npy" --trace "0:$T/air0.npy" --public-file "$T/public.txt" -o "$d/x.proof"
err_has "the common main of AIR 0 is given twice"
run 2 "$S" prove --pk "$P" --trace "0:$T/air0.npy" -o "$d/x.proof"
err_has "AIR 0 takes 3 public values, 0 given"
run 2 "$S" prove --pk "$P" --trace "0:$T/air0.npy" --public 0:1,2 -o "$d/x.proof"
err_has "AIR 0 takes 3 public values, 2 given"
run 2 "$S" prove --pk "$P" --trace "0:$T/air0.npy" --public "0:$(sed -n 's/^0://p' "$T/public.txt")" --public 1: -o "$d/x.proof"
err_has "AIR 1 has public values but no trace"
run 2 "$S" prove --pk "$P" --trace "0:$T/air0.npy" --public 0:1,2,2013265921 -o "$d/x.proof"
err_has "AIR 0 value 2 is 2013265921, not a field element"
# mixture AIR 3 and 4: the CachedFixture pair (common count, cached field)
run 2 "$S" prove --pk "$P" --trace "3:$T/air3.npy" -o "$d/x.proof"
err_has "AIR 3: cached part 0 is missing (--cached 3:0:FILE)"
run 2 "$S" prove --pk "$P" --cached "3:0:$T/air3.cached0.npy" -o "$d/x.proof"
err_has "AIR 3: the common main trace is missing (--trace 3:FILE)"
run 2 "$S" prove --pk "$P" --cached "3:1:$T/air3.cached0.npy" -o "$d/x.proof"
err_has "AIR 3 has 1 cached part"
run 2 "$S" prove --pk "$P" --trace "3:$T/air3.npy" --cached "3:0:$T/air4.cached0.npy" -o "$d/x.proof"
err_has "AIR 3: cached part 0 has 8 rows, its other parts 4"
run 2 "$S" prove --pk "$P" --trace "0:$T/air3.npy" -o "$d/x.proof"
err_has "1 columns, but the common main of AIR 0 has 2 in the key"
for bad in 0 :x 0: x:f 0:1:f; do
    run 2 "$S" prove --pk "$P" --trace "$bad" -o "$d/x.proof"
done
run 2 "$S" prove --pk "$P" --cached "3:$T/air3.cached0.npy" -o "$d/x.proof"
err_has "is not AIR:PART:FILE"
# unbalanced buses: the library's error (SWIRL_ERR_TRACE), exit 2
run 2 "$S" prove --pk "$P" --trace "3:$T/air3.npy" --cached "3:0:$T/air3.cached0.npy" -o "$d/x.proof"
[ -e "$d/x.proof" ] && fail "a failed prove left a proof"
# conflicts and misuse
run 2 "$S" prove --pk "$P" --air fib -o "$d/x.proof"
err_has "--pk and --air conflict"
run 2 "$S" prove --pk "$P" --size 3 --trace "0:$T/air0.npy" -o "$d/x.proof"
err_has "--size applies to a built-in scenario (--air), not to --pk"
run 2 "$S" prove --pk "$P" --seed 3 --trace "0:$T/air0.npy" -o "$d/x.proof"
err_has "--seed applies to a built-in scenario"
run 2 "$S" prove --air fib --trace "0:$T/air0.npy" -o "$d/x.proof"
err_has "--trace needs --pk"
run 2 "$S" prove --pk "$P" --trace "0:$T/air0.npy" --public 0:1 --public-file "$T/public.txt" -o "$d/x.proof"
err_has "--public and --public-file conflict"
run 2 "$S" prove --pk "$d/mixture.vk" --trace "0:$T/air0.npy" -o "$d/x.proof"
err_has "malformed proving key"
run 2 "$S" keygen --air fib -o "$d/same.bin" --pk-out "$d/same.bin"
err_has "name the same file"
echo "test_cli_files: ok"
