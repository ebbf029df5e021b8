#!/bin/sh
# Install swirl from an already built tree into a temporary prefix and consume it as a user would
# (CMakeLists.txt registers the three modes as ctest tests; label unit):
#   test_install.sh tree     CMAKE BUILD PREFIX LIBDIR SONAME
#       cmake --install BUILD --prefix PREFIX (no rebuild); the expected files, and nothing
#       internal, are there; the installed CLI runs.
#   test_install.sh pkgconfig PREFIX LIBDIR SONAME CC WORK
#       consumer.c compiled with `pkg-config --cflags --libs swirl` (shared) and with the static
#       archive plus `pkg-config --static --libs` (Libs.private); both run and pass.
#   test_install.sh cmake    PREFIX LIBDIR SONAME CC WORK CMAKE
#       tests/install/cmake-consumer (find_package(swirl): swirl::swirl, swirl::swirl_static)
#       configured, built and run.
# Each executable must print "consumer: PASS" and exit 0; the shared ones must need SONAME, the
# static ones must not need libswirl at all.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mode=$1
shift

fail() { echo "FAIL: $*"; exit 1; }

needs() { # needs EXE: the libswirl soname EXE records as DT_NEEDED, or nothing
    readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(libswirl[^]]*\)\].*/\1/p'
}

run_consumer() { # run_consumer EXE shared|static SONAME
    exe=$1 kind=$2 soname=$3
    got=$(needs "$exe")
    if [ "$kind" = shared ]; then
        [ "$got" = "$soname" ] || fail "$exe needs '$got', expected $soname"
    else
        [ -z "$got" ] || fail "$exe is linked statically but needs $got"
    fi
    out=$("$exe") || { printf '%s\n' "$out"; fail "$exe exited with an error"; }
    printf '%s\n' "$out"
    printf '%s\n' "$out" | grep -qx 'consumer: PASS' || fail "$exe did not pass"
}

case $mode in
tree)
    cmake=$1 build=$2 prefix=$3 libdir=$4 soname=$5
    rm -rf "$prefix"
    "$cmake" --install "$build" --prefix "$prefix" > /dev/null
    for f in include/swirl.h "$libdir/libswirl.a" "$libdir/libswirl.so" "$libdir/$soname" bin/swirl \
             "$libdir/pkgconfig/swirl.pc" "$libdir/cmake/swirl/swirlConfig.cmake" \
             "$libdir/cmake/swirl/swirlConfigVersion.cmake" "$libdir/cmake/swirl/swirlTargets.cmake"; do
        [ -e "$prefix/$f" ] || fail "not installed: $f"
    done
    # the internal scenario library and headers stay out of the installed tree
    extra=$(cd "$prefix" && find . -name '*scenario*' -o -name '*.h' ! -name swirl.h)
    [ -z "$extra" ] || fail "internal files installed: $extra"
    [ "$(readlink "$prefix/$libdir/libswirl.so")" = "$soname" ] || fail "libswirl.so does not point to $soname"
    "$prefix/bin/swirl" --version | grep -q '^swirl ' || fail "the installed CLI does not run"
    echo "install tree: PASS ($prefix)"
    ;;
pkgconfig)
    prefix=$1 libdir=$2 soname=$3 cc=$4 work=$5
    command -v pkg-config > /dev/null || { echo "SKIP: pkg-config not found"; exit 77; }
    rm -rf "$work" && mkdir -p "$work"
    export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
    pkg-config --exists swirl || fail "pkg-config does not find swirl in $PKG_CONFIG_PATH"
    echo "pkg-config --static --libs swirl: $(pkg-config --static --libs swirl)"
    # shared: the plain Libs line
    # shellcheck disable=SC2046
    "$cc" -o "$work/consumer_shared" "$here/consumer.c" $(pkg-config --cflags --libs swirl)
    LD_LIBRARY_PATH="$prefix/$libdir" run_consumer "$work/consumer_shared" shared "$soname"
    # static: the archive by name, then Libs.private (pkg-config --static)
    libs=""
    for word in $(pkg-config --static --libs swirl); do
        [ "$word" = -lswirl ] && word=-l:libswirl.a
        libs="$libs $word"
    done
    # shellcheck disable=SC2046,SC2086
    "$cc" -o "$work/consumer_static" "$here/consumer.c" $(pkg-config --cflags swirl) $libs
    run_consumer "$work/consumer_static" static "$soname"
    echo "pkg-config consumer: PASS"
    ;;
cmake)
    prefix=$1 libdir=$2 soname=$3 cc=$4 work=$5 cmake=$6
    rm -rf "$work"
    "$cmake" -S "$here/cmake-consumer" -B "$work" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER="$cc" \
        -DCMAKE_PREFIX_PATH="$prefix" > "$work.log" 2>&1 || { cat "$work.log"; fail "configure"; }
    "$cmake" --build "$work" >> "$work.log" 2>&1 || { cat "$work.log"; fail "build"; }
    grep -q "swirl_DIR:PATH=$prefix/$libdir/cmake/swirl" "$work/CMakeCache.txt" || fail "found a swirl other than $prefix"
    run_consumer "$work/consumer_shared" shared "$soname"
    run_consumer "$work/consumer_static" static "$soname"
    echo "CMake consumer: PASS"
    ;;
*)
    fail "unknown mode $mode"
    ;;
esac
