/* test_util.h — a tiny test harness: CHECK macros that count failures, a deterministic RNG,
 * and a summary line "N passed, M failed" at the end of each test executable. */
#ifndef SWIRL_TEST_UTIL_H
#define SWIRL_TEST_UTIL_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(cond) do { if (cond) t_pass++; else { t_fail++; \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_MSG(cond, ...) do { if (cond) t_pass++; else { t_fail++; \
    fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
    fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); } } while (0)
#define CHECK_EQ_U64(a, b) do { uint64_t _a = (uint64_t)(a), _b = (uint64_t)(b); \
    if (_a == _b) t_pass++; else { t_fail++; fprintf(stderr, "FAIL %s:%d: %s == %s (%" PRIu64 " vs %" PRIu64 ")\n", \
    __FILE__, __LINE__, #a, #b, _a, _b); } } while (0)

/* splitmix64: deterministic, seedable. */
static uint64_t t_rng_state = 0x5157a1c0ffee1234ull;
static inline void t_seed(uint64_t s) { t_rng_state = s; }
static inline uint64_t t_rand64(void) {
    uint64_t z = (t_rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static inline uint32_t t_rand_bb(void) { return (uint32_t)(t_rand64() % 2013265921u); }

/* Print the summary line and return the process exit code. */
static inline int t_summary(const char *name) {
    printf("%s: %d passed, %d failed\n", name, t_pass, t_fail);
    return t_fail ? 1 : 0;
}

#endif
