#!/bin/sh
# The shared library's ABI is exactly include/swirl.h (docs/ARCHITECTURE.md, "Library layout").
#   check_exports.sh CC swirl.h libswirl.so SONAME
# Fails when
#  - a function declared in swirl.h is not exported by libswirl.so (e.g. its declaration lacks
#    SWIRL_API: scripts/annotate-swirl-api.py adds it), or lacks SWIRL_API in the header,
#  - libswirl.so exports any symbol (function or data) that swirl.h does not declare,
#  - a declared name does not start with swirl_, or the soname is not SONAME.
# The header is read through the C preprocessor (comments and conditionals resolved) with
# SWIRL_API replaced by a marker; a function declaration is a top-level statement (outside
# braces) that is not a typedef and whose first '(' follows an identifier, the function's name.
set -eu
cc=$1 header=$2 lib=$3 soname=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$cc" -E -P -DSWIRL_API=__swirl_api_marker__ -x c "$header" > "$tmp/pp.h"
awk -v declared="$tmp/declared" -v unmarked="$tmp/unmarked" '
    { text = text " " $0 }
    function handle(stmt,   head, name) {
        sub(/^[ \t]+/, "", stmt)
        if (stmt ~ /^typedef[ \t]/ || index(stmt, "(") == 0) return
        head = substr(stmt, 1, index(stmt, "(") - 1)
        if (head ~ /=/ || !match(head, /[A-Za-z_][A-Za-z0-9_]*[ \t]*$/)) return
        name = substr(head, RSTART, RLENGTH)
        sub(/[ \t]+$/, "", name)
        print name > declared
        if (head !~ /__swirl_api_marker__/) print name > unmarked
    }
    END {
        depth = 0; stmt = ""; n = length(text)
        for (i = 1; i <= n; i++) {
            c = substr(text, i, 1)
            if (c == "{") { depth++; continue }
            if (c == "}") { if (depth > 0) depth--; continue }
            if (depth > 0) continue
            if (c == ";") { handle(stmt); stmt = ""; continue }
            stmt = stmt c
        }
    }' "$tmp/pp.h"
touch "$tmp/declared" "$tmp/unmarked"
# system headers (stddef.h, stdint.h) declare no swirl_ names; keep only ours
grep '^swirl_' "$tmp/declared" | sort -u > "$tmp/api" || true
nm -D --defined-only "$lib" | awk 'NF >= 3 { print $3 } NF == 2 { print $2 }' | sed 's/@.*//' | sort -u > "$tmp/exported"

fail=0
n_api=$(wc -l < "$tmp/api")
n_exp=$(wc -l < "$tmp/exported")
echo "swirl.h declares $n_api functions; $(basename "$lib") exports $n_exp symbols"
# a parser or nm that finds nothing would make the comparison vacuous
if [ "$n_api" -lt 50 ] || ! grep -qx swirl_prove "$tmp/api" || ! grep -qx swirl_verify "$tmp/api"; then
    echo "FAIL: the header parse found too little (swirl_prove, swirl_verify expected)"; fail=1
fi
grep -v '^swirl_' "$tmp/declared" | sed 's/^/FAIL: declared without the swirl_ prefix: /' | grep . && fail=1
sed 's/^/FAIL: declared without SWIRL_API: /' "$tmp/unmarked" | grep . && fail=1
comm -23 "$tmp/api" "$tmp/exported" | sed 's/^/FAIL: declared in swirl.h, not exported: /' | grep . && fail=1
comm -13 "$tmp/api" "$tmp/exported" | sed 's/^/FAIL: exported, not declared in swirl.h: /' | grep . && fail=1

got_soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$got_soname" != "$soname" ]; then
    echo "FAIL: soname '$got_soname', expected '$soname'"; fail=1
fi
[ $fail -eq 0 ] && echo "abi: PASS (soname $got_soname)"
exit $fail
