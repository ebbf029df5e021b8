#!/usr/bin/env python3
"""Prefix every function declaration of include/swirl.h with SWIRL_API (idempotent).

libswirl is compiled with -fvisibility=hidden, so a function is exported from the shared library
only when its declaration carries SWIRL_API (visibility("default"), defined at the top of
swirl.h). Run this after adding declarations to the header; tests/abi/check_exports.sh fails
when a declared function is not exported or an exported one is not declared.

Usage: scripts/annotate-swirl-api.py [path/to/swirl.h]   (rewrites the file in place; prints the
names it annotated). --check: change nothing, exit 1 if a declaration lacks SWIRL_API.

A function declaration here is a top-level statement (outside braces, comments and preprocessor
lines) that ends with ';', does not start with typedef, and whose first '(' directly follows an
identifier (so `int (*f)(void);`, a function pointer variable, is not one).
"""
import re
import sys

IDENT_BEFORE_PAREN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*$")


def statements(text):
    """Yield (start, end, code) for each top-level statement; code has comments blanked out."""
    i, n, depth = 0, len(text), 0
    start = None  # offset of the first code character of the current statement
    code = []
    line_start = True
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            code.append(" ")
            i = j
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if line_start and c == "#":
            # preprocessor line (with continuations)
            while i < n and (text[i] != "\n" or text[i - 1] == "\\"):
                i += 1
            continue
        if c == "\n":
            line_start = True
        elif not c.isspace():
            line_start = False
        if c == "{" and depth == 0 and " ".join("".join(code).split()) == 'extern "C"':
            start, code = None, []  # the C++ linkage block is transparent
            i += 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        if depth == 0 and start is None and not c.isspace() and c not in "};":
            start = i
        if start is not None:
            code.append(c)
        if depth == 0 and c == ";" and start is not None:
            yield start, i + 1, "".join(code)
            start, code = None, []
        elif depth == 0 and c == "}" and start is None:
            code = []
        i += 1


def function_name(code):
    """The declared function's name, or None when the statement declares no function."""
    flat = " ".join(code.split())
    if flat.startswith("typedef") or "(" not in flat:
        return None
    head = flat[: flat.index("(")]
    if "{" in head or "=" in head:
        return None
    m = IDENT_BEFORE_PAREN.search(head)
    return m.group(1) if m else None


def main(argv):
    check = "--check" in argv
    paths = [a for a in argv[1:] if a != "--check"]
    path = paths[0] if paths else "include/swirl.h"
    with open(path) as f:
        text = f.read()
    edits, missing = [], []
    for start, end, code in statements(text):
        name = function_name(code)
        if name is None or code.lstrip().startswith("SWIRL_API"):
            continue
        missing.append(name)
        edits.append((start, end))
    if check:
        for name in missing:
            print(f"{path}: {name} is declared without SWIRL_API")
        return 1 if missing else 0
    prefix = "SWIRL_API "
    for start, end in reversed(edits):
        # continuation lines stay aligned under the opening parenthesis
        body = text[start:end].replace("\n", "\n" + " " * len(prefix))
        text = text[:start] + prefix + body + text[end:]
    with open(path, "w") as f:
        f.write(text)
    for name in missing:
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
