/* check.h — internal contracts, checked in the VERIFY build (in the style of libsecp256k1's
 * VERIFY_CHECK).
 *
 * SWIRL_VERIFY_CHECK(cond) states an invariant that holds for every input the library accepts:
 * an array index below the size the data gave it, a bound that parameter validation, keygen or a
 * decoder enforced earlier, a field element canonical (< p) at a stage boundary. It is never a
 * substitute for input validation: bad input gets a specific error code before any contract is
 * reached, and a contract that can fail on some input is a bug in the contract.
 *
 *  - Default build: the condition is compiled out (not evaluated) but still type-checked, so a
 *    contract cannot rot silently.
 *  - VERIFY build (cmake -DSWIRL_VERIFY=ON, which defines SWIRL_VERIFY): the condition is
 *    evaluated; on failure the check prints "file:line: contract violated: cond" to stderr and
 *    calls abort(). This is the one place where library code prints or aborts, on purpose: the
 *    VERIFY build is a bug detector for the test suite (`make test` runs the suite in it too),
 *    and a violated contract means memory may already be corrupt, so there is no safe way to go
 *    on. Release builds never abort.
 *
 * Usable from C and from the host code of the CUDA files (not from device code). */
#ifndef SWIRL_UTIL_CHECK_H
#define SWIRL_UTIL_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include "field/field_constants.h"

#ifdef SWIRL_VERIFY
#include <stdio.h>
#include <stdlib.h>
#define SWIRL_VERIFY_ON 1
static inline void swirl_verify_check_failed(const char *file, int line, const char *cond) {
    fprintf(stderr, "%s:%d: contract violated: %s\n", file, line, cond);
    fflush(stderr);
    abort();
}
#define SWIRL_VERIFY_CHECK(cond)                                                        \
    do {                                                                                \
        if (!(cond)) swirl_verify_check_failed(__FILE__, __LINE__, #cond);              \
    } while (0)
#else
#define SWIRL_VERIFY_ON 0
/* not evaluated: sizeof only type-checks its operand */
#define SWIRL_VERIFY_CHECK(cond) ((void)sizeof((cond) ? 1 : 0))
#endif

/* 1 when the n words at v are canonical BabyBear elements (< p). An EF array of n elements is
 * 4n words (ef_t is four bb_t). Meant for contracts: O(n), so use it at stage boundaries. */
static inline int swirl_words_canonical(const uint32_t *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (v[i] >= SWIRL_BB_P) return 0;
    return 1;
}
#define SWIRL_EF_CANONICAL(ptr, count) swirl_words_canonical((const uint32_t *)(const void *)(ptr), 4 * (size_t)(count))
#define SWIRL_BB_CANONICAL(ptr, count) swirl_words_canonical((const uint32_t *)(const void *)(ptr), (size_t)(count))

#endif
