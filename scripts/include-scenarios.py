#!/usr/bin/env python3
"""Adds `#include "swirl_scenarios.h"` after `#include "swirl.h"` in every C/CUDA source under the
given directories that uses a built-in AIR or scenario (airs/swirl_scenarios.h) without including
it. Idempotent. Usage: scripts/include-scenarios.py cli tests bench fuzz examples"""
import os, re, sys
names = re.findall(r"\b(swirl_[a-z0-9_]+)\s*\(", open(os.path.join(os.path.dirname(__file__), "..", "airs", "swirl_scenarios.h")).read())
names = set(names) | {"swirl_builtin"}
pat = re.compile(r"\b(" + "|".join(sorted(names)) + r")\b")
changed = 0
for top in sys.argv[1:]:
    for root, _, files in os.walk(top):
        for f in files:
            if not f.endswith((".c", ".cu", ".h")) or f == "swirl_scenarios.h":
                continue
            p = os.path.join(root, f)
            s = open(p).read()
            if "swirl_scenarios.h" in s or not pat.search(s):
                continue
            m = re.search(r'^#include "swirl\.h"\n', s, re.M)
            if not m:
                print(f"{p}: uses built-ins but does not include swirl.h; add the include by hand", file=sys.stderr)
                continue
            s = s[:m.end()] + '#include "swirl_scenarios.h"\n' + s[m.end():]
            open(p, "w").write(s)
            changed += 1
print(f"include-scenarios: {changed} files changed")
