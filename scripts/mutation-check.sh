#!/usr/bin/env bash
# mutation-check.sh — does the default test suite notice when a verifier check, a transcript
# observation or a decoder bound is switched off?
#
# Each mutation of the list (default tests/mutations.txt; format described there) is applied,
# ONE AT A TIME, to a PRIVATE COPY of the tree (never to the tree itself: other people edit it),
# the copy is rebuilt incrementally (CPU-only, Release) and the default suite runs there:
#   phase 1: the focused tests (MUT_FAST, default test_verifier_checks, test_tamper_*,
#            test_transcript_kat and the verifier stages' unit tests), which were written to
#            kill these mutants;
#   phase 2: only if phase 1 passed, every other test of `ctest -LE long`, stopping at the first
#            failure.
# A mutant is KILLED when a test fails (or times out) that passes on the unmutated copy,
# SURVIVED when the whole default suite passes, STALE when its original snippet no longer occurs
# exactly once (the list needs updating), NOBUILD when the mutated copy does not compile.
# The copy leaves out build*/, .git and Cargo target/ directories (rsync, or tar without it).
# A full run of tests/mutations.txt takes about 20 minutes on 2 cores.
#
# Usage: scripts/mutation-check.sh [mutations-file] [name-regex]
# Environment: MUT_DIR (work directory, default /tmp/mut-$$; reusing one makes the rebuild
#   incremental), MUT_JOBS (build/test parallelism, default 2), MUT_FAST (phase-1 regex),
#   MUT_TIMEOUT (seconds per test, default 600), MUT_NICE (nice level, default 10).
# CUDA mode (MUT_CUDA=1, on a machine with a device; default list tests/mutations-cuda.txt): the
#   copy is built with CUDA (sm_${MUT_CUDA_ARCH:-90}), only the library and the focused GPU tests
#   (MUT_FAST, default gpu_test_zc_ops, gpu_test_gkr_ops, gpu_test_cuda_foundations) are built and
#   run, under SWIRL_GPU_QUICK=1, and there is no phase 2 (MUT_PHASE2=1 turns it on): a mutant the
#   focused tests miss is reported SURVIVED. The baseline must actually run them (a skip for want
#   of a device stops the script), so no mutant is called killed or survived on a machine without one.
# Output: one line per mutant and a summary, also written to $MUT_DIR/summary.txt.
# Exit status: 0 when no mutant survived (STALE and NOBUILD count as failures too), 1 otherwise.
set -u

SRC=$(cd "$(dirname "$0")/.." && pwd)
CUDA=${MUT_CUDA:-0}
if [ "$CUDA" = 1 ]; then
  LIST=${1:-$SRC/tests/mutations-cuda.txt}
  FAST=${MUT_FAST:-'^gpu_test_(zc_ops|gkr_ops|cuda_foundations)$'}
  PHASE2=${MUT_PHASE2:-0}
  CONFIG=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES="${MUT_CUDA_ARCH:-90}")
  export SWIRL_GPU_QUICK=1
else
  LIST=${1:-$SRC/tests/mutations.txt}
  FAST=${MUT_FAST:-'^(test_verifier_checks|test_tamper_.*|test_transcript_kat|test_whir|test_gkr|test_zerocheck|test_stacked_reduction)$'}
  PHASE2=${MUT_PHASE2:-1}
  CONFIG=(-DSWIRL_CUDA=OFF -DCMAKE_BUILD_TYPE=Release)
fi
ONLY=${2:-.}
WORK=${MUT_DIR:-/tmp/mut-$$}
JOBS=${MUT_JOBS:-2}
TIMEOUT=${MUT_TIMEOUT:-600}
NICE=${MUT_NICE:-10}
LIST=$(cd "$(dirname "$LIST")" && pwd)/$(basename "$LIST")

case "$WORK" in
  "$SRC"|"$SRC"/*) echo "mutation-check: MUT_DIR must lie outside the source tree" >&2; exit 2 ;;
esac
mkdir -p "$WORK/tree" "$WORK/logs"
TREE=$WORK/tree
BUILD=$WORK/build
SUMMARY=$WORK/summary.txt

# ---- private copy ---------------------------------------------------------------------------
echo "mutation-check: copying $SRC to $TREE"
if command -v rsync >/dev/null 2>&1; then
  rsync -a --delete --exclude '/build*/' --exclude '/.git/' --exclude 'target/' "$SRC/" "$TREE/"
else
  # tar keeps modification times, so unchanged files are not rebuilt in a reused copy
  (cd "$SRC" && tar --exclude='./build*' --exclude='./.git' --exclude='target' -cf - .) | (cd "$TREE" && tar -xf -)
fi

# a run that was interrupted may have left a mutated file: its .mutorig marks it. The copy above
# restored the file, but with its old modification time, so touch it to force a rebuild.
find "$TREE" -name '*.mutorig' | while read -r orig; do
  rm -f "$orig"
  touch "${orig%.mutorig}"
done

run() { nice -n "$NICE" "$@"; }

echo "mutation-check: building the unmutated copy in $BUILD"
run cmake -S "$TREE" -B "$BUILD" "${CONFIG[@]}" >"$WORK/logs/configure.log" 2>&1 ||
  { echo "mutation-check: configure failed (see $WORK/logs/configure.log)" >&2; exit 2; }

# the focused tests' build targets (ctest names them after their source files; GPU tests gpu_*)
FAST_TARGETS=()
for f in "$TREE"/tests/test_*.c "$TREE"/tests/gpu/test_*.c "$TREE"/tests/gpu/test_*.cu; do
  [ -f "$f" ] || continue
  t=$(basename "${f%.*}")
  case "$f" in */tests/gpu/*) t=gpu_$t ;; esac
  echo "$t" | grep -Eq -- "$FAST" && FAST_TARGETS+=("$t")
done
BASE_TARGETS=()
[ "$PHASE2" = 1 ] || BASE_TARGETS=(--target swirl_static "${FAST_TARGETS[@]}")
run cmake --build "$BUILD" -j"$JOBS" "${BASE_TARGETS[@]}" >"$WORK/logs/build-base.log" 2>&1 ||
  { echo "mutation-check: the unmutated copy does not build (see $WORK/logs/build-base.log)" >&2; exit 2; }

# ---- baseline: tests that already fail are not counted as killers ---------------------------
# names listed under ctest's "The following tests FAILED:" (skipped tests are listed elsewhere)
failed_tests() {
  awk '/The following tests FAILED:/ { on = 1; next } on && /^[[:space:]]*[0-9]+ - / { print $3; next } on { on = 0 }' "$1" |
    sort -u
}
echo "mutation-check: baseline run of the default suite"
if [ "$PHASE2" = 1 ]; then
  (cd "$BUILD" && run ctest -LE long -j"$JOBS" --timeout "$TIMEOUT" >"$WORK/logs/baseline.log" 2>&1)
else
  (cd "$BUILD" && run ctest -R "$FAST" -j"$JOBS" --timeout "$TIMEOUT" >"$WORK/logs/baseline.log" 2>&1)
fi
if [ "$CUDA" = 1 ] && grep -Eq '\*\*\*Skipped|Not Run' "$WORK/logs/baseline.log"; then
  echo "mutation-check: the GPU tests skip here (no device?): nothing to judge (see $WORK/logs/baseline.log)" >&2
  exit 2
fi
BASE_FAIL=$(failed_tests "$WORK/logs/baseline.log" | paste -sd'|' -)
EXCL=""
if [ -n "$BASE_FAIL" ]; then
  echo "mutation-check: failing before any mutation (ignored): $BASE_FAIL"
  EXCL="^($BASE_FAIL)\$"
fi

# ---- the mutation driver (list parsing, apply, restore) ------------------------------------
PY=$WORK/mutate.py
cat >"$PY" <<'EOF'
import os, re, sys
# list format: "=== name" starts a mutant; "@@ path" names a file; "<<<" starts the original
# snippet and ">>>" the replacement (each runs to the next marker line); '#' lines between
# mutants are comments. A mutant may edit several files (the prover and the verifier together).
def parse(path):
    muts, cur, edit, mode = [], None, None, None
    for line in open(path).read().split('\n'):
        if line.startswith('=== '):
            cur = {'name': line[4:].strip(), 'edits': []}; muts.append(cur); edit = None; mode = None
        elif line.startswith('@@ ') and cur is not None:
            edit = {'file': line[3:].strip(), 'old': [], 'new': []}; cur['edits'].append(edit); mode = None
        elif line == '<<<' and edit is not None: mode = 'old'
        elif line == '>>>' and edit is not None: mode = 'new'
        elif mode is not None: edit[mode].append(line)
    for m in muts:
        for e in m['edits']:
            for k in ('old', 'new'):
                while e[k] and e[k][-1].strip() == '': e[k].pop()
                e[k] = '\n'.join(e[k])
    return muts
cmd, lst, tree = sys.argv[1], sys.argv[2], sys.argv[3]
muts = parse(lst)
if cmd == 'names':
    for m in muts: print(m['name'])
    sys.exit(0)
m = [x for x in muts if x['name'] == sys.argv[4]][0]
if cmd == 'apply':
    for e in m['edits']:
        p = os.path.join(tree, e['file'])
        s = open(p).read()
        if s.count(e['old']) != 1:
            print('STALE %s: snippet occurs %d times in %s' % (m['name'], s.count(e['old']), e['file'])); sys.exit(3)
    for e in m['edits']:
        p = os.path.join(tree, e['file'])
        s = open(p).read()
        if not os.path.exists(p + '.mutorig'): open(p + '.mutorig', 'w').write(s)
        open(p, 'w').write(s.replace(e['old'], e['new']))
elif cmd == 'restore':
    for e in m['edits']:
        p = os.path.join(tree, e['file'])
        if os.path.exists(p + '.mutorig'):
            open(p, 'w').write(open(p + '.mutorig').read()); os.remove(p + '.mutorig')
EOF

killed=0; survived=0; stale=0; nobuild=0; total=0
: >"$SUMMARY"
report() { echo "$1" | tee -a "$SUMMARY"; }
mapfile -t NAMES < <(python3 "$PY" names "$LIST" "$TREE")
for name in "${NAMES[@]}"; do
  echo "$name" | grep -Eq -- "$ONLY" || continue
  total=$((total + 1))
  slug=$(echo "$name" | tr -c 'A-Za-z0-9_.-' '_')
  log=$WORK/logs/$slug.log
  if ! python3 "$PY" apply "$LIST" "$TREE" "$name" >"$log" 2>&1; then
    stale=$((stale + 1)); report "STALE    $name ($(head -1 "$log"))"
    python3 "$PY" restore "$LIST" "$TREE" "$name"; continue
  fi
  # phase 1 needs only the library and the focused tests: build those first
  if ! run cmake --build "$BUILD" -j"$JOBS" --target swirl_static "${FAST_TARGETS[@]}" >>"$log" 2>&1; then
    nobuild=$((nobuild + 1)); report "NOBUILD  $name"
    python3 "$PY" restore "$LIST" "$TREE" "$name"; continue
  fi
  verdict=""
  args=(-j"$JOBS" --timeout "$TIMEOUT")
  [ -n "$EXCL" ] && args+=(-E "$EXCL")
  (cd "$BUILD" && run ctest -R "$FAST" "${args[@]}" >>"$log" 2>&1)
  by=$(failed_tests "$log" | paste -sd' ' -)
  if [ -n "$by" ]; then
    verdict="KILLED   $name  [$by]"
  elif [ "$PHASE2" != 1 ]; then
    verdict="SURVIVED $name (the focused tests only)"
  elif ! run cmake --build "$BUILD" -j"$JOBS" >>"$log" 2>&1; then
    verdict="NOBUILD  $name (phase 2)"
  else
    ex="$FAST"
    [ -n "$EXCL" ] && ex="($FAST)|($EXCL)"
    (cd "$BUILD" && run ctest -LE long -E "$ex" -j"$JOBS" --timeout "$TIMEOUT" --stop-on-failure >>"$log" 2>&1)
    by=$(failed_tests "$log" | paste -sd' ' -)
    if [ -n "$by" ]; then verdict="KILLED   $name  [$by]"; else verdict="SURVIVED $name"; fi
  fi
  case "$verdict" in
    KILLED*) killed=$((killed + 1)) ;;
    NOBUILD*) nobuild=$((nobuild + 1)) ;;
    *) survived=$((survived + 1)) ;;
  esac
  report "$verdict"
  python3 "$PY" restore "$LIST" "$TREE" "$name"
done
# leave the copy unmutated and built, so a reused MUT_DIR starts clean
run cmake --build "$BUILD" -j"$JOBS" "${BASE_TARGETS[@]}" >"$WORK/logs/build-final.log" 2>&1

report "score: $killed killed of $total ($survived survived, $stale stale, $nobuild did not build)"
echo "mutation-check: summary in $SUMMARY, logs in $WORK/logs"
[ "$survived" -eq 0 ] && [ "$stale" -eq 0 ] && [ "$nobuild" -eq 0 ]
