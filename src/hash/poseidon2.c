/* poseidon2.c — Poseidon2-16 over BabyBear (crypto_pcs.md §2): the scalar permutation and the
 * batched entry point.
 *
 * Internal representation: Montgomery form (x * 2^32 mod p) held in uint32 lanes, so every
 * product is one 32x32->64 multiply and a Montgomery reduction instead of a 64-bit division.
 * Inputs are converted on entry and outputs converted back: canonical at the boundary.
 * Round constants are converted to Montgomery form once (lazily, on first use, through a
 * thread-safe once-flag) from the shared macros in poseidon2_constants.h. */
#include "hash/poseidon2.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include "field/babybear.h"
#include "hash/poseidon2_constants.h"
#include "util/check.h"

static const uint32_t RC_INIT_C[64] = SWIRL_P2_RC_INIT_INIT;
static const uint32_t RC_INTERNAL_C[13] = SWIRL_P2_RC_INTERNAL_INIT;
static const uint32_t RC_TERM_C[64] = SWIRL_P2_RC_TERM_INIT;
static const uint32_t DIAG_C[16] = SWIRL_P2_DIAG_INIT;

/* Montgomery-form copies, filled once. */
static uint32_t rc_init_m[64], rc_int_m[13], rc_term_m[64], diag_m[16];
static pthread_once_t consts_once = PTHREAD_ONCE_INIT;

static inline uint32_t mont_reduce(uint64_t x) {
    /* x < p * 2^32. Returns x * 2^-32 mod p in [0, p). */
    uint32_t m = (uint32_t)x * SWIRL_BB_MONTY_MU;
    int64_t t = (int64_t)(x >> 32) - (int64_t)(((uint64_t)m * BB_P) >> 32);
    return (uint32_t)(t < 0 ? t + BB_P : t);
}
static inline uint32_t mmul(uint32_t a, uint32_t b) { return mont_reduce((uint64_t)a * b); }
static inline uint32_t madd(uint32_t a, uint32_t b) { uint32_t s = a + b; return s >= BB_P ? s - BB_P : s; }
static inline uint32_t to_m(uint32_t a) { return (uint32_t)(((uint64_t)a << 32) % BB_P); }
static inline uint32_t from_m(uint32_t a) { return mont_reduce(a); }

static void init_consts(void) {
    for (int i = 0; i < 64; i++) { rc_init_m[i] = to_m(RC_INIT_C[i]); rc_term_m[i] = to_m(RC_TERM_C[i]); }
    for (int i = 0; i < 13; i++) rc_int_m[i] = to_m(RC_INTERNAL_C[i]);
    for (int i = 0; i < 16; i++) diag_m[i] = to_m(DIAG_C[i]);
}

static inline uint32_t sbox(uint32_t x) {
    uint32_t x2 = mmul(x, x), x3 = mmul(x2, x), x6 = mmul(x3, x3);
    return mmul(x6, x);
}

/* M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]] on one chunk (additions only). */
static inline void m4(uint32_t *x) {
    uint32_t t01 = madd(x[0], x[1]), t23 = madd(x[2], x[3]), t0123 = madd(t01, t23);
    uint32_t t01123 = madd(t0123, x[1]), t01233 = madd(t0123, x[3]);
    uint32_t y3 = madd(t01233, madd(x[0], x[0]));  /* 3x0 + x1 + x2 + 2x3 */
    uint32_t y1 = madd(t01123, madd(x[2], x[2]));  /* x0 + 2x1 + 3x2 + x3 */
    uint32_t y0 = madd(t01123, t01);               /* 2x0 + 3x1 + x2 + x3 */
    uint32_t y2 = madd(t01233, t23);               /* x0 + x1 + 2x2 + 3x3 */
    x[0] = y0; x[1] = y1; x[2] = y2; x[3] = y3;
}

static inline void ext_layer(uint32_t *s) {
    for (int c = 0; c < 4; c++) m4(s + 4 * c);
    for (int j = 0; j < 4; j++) {
        uint32_t sum = madd(madd(s[j], s[j + 4]), madd(s[j + 8], s[j + 12]));
        s[j] = madd(s[j], sum); s[j + 4] = madd(s[j + 4], sum);
        s[j + 8] = madd(s[j + 8], sum); s[j + 12] = madd(s[j + 12], sum);
    }
}

static inline void int_layer(uint32_t *s) {
    uint32_t sum = 0;
    for (int i = 0; i < 16; i++) sum = madd(sum, s[i]);
    for (int i = 0; i < 16; i++) s[i] = madd(sum, mmul(diag_m[i], s[i]));
}

/* Permutation on a state already in Montgomery form. */
static void permute_m(uint32_t *s) {
    ext_layer(s);
    for (int r = 0; r < 4; r++) {
        for (int i = 0; i < 16; i++) s[i] = sbox(madd(s[i], rc_init_m[r * 16 + i]));
        ext_layer(s);
    }
    for (int r = 0; r < 13; r++) {
        s[0] = sbox(madd(s[0], rc_int_m[r]));
        int_layer(s);
    }
    for (int r = 0; r < 4; r++) {
        for (int i = 0; i < 16; i++) s[i] = sbox(madd(s[i], rc_term_m[r * 16 + i]));
        ext_layer(s);
    }
}

void swirl_poseidon2_permute(uint32_t state[16]) {
    SWIRL_VERIFY_CHECK(state != NULL); /* contract (swirl.h): no error channel */
    pthread_once(&consts_once, init_consts);
    uint32_t s[16];
    for (int i = 0; i < 16; i++) s[i] = to_m(state[i] % BB_P);
    permute_m(s);
    for (int i = 0; i < 16; i++) state[i] = from_m(s[i]);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SWIRL_P2_HAVE_AVX512_PATH 1
void swirl_p2_avx512_permute16(uint32_t *states, const uint32_t *rc_init_m, const uint32_t *rc_int_m,
                               const uint32_t *rc_term_m, const uint32_t *diag_m);
#endif

/* ISA selection, race-free: the CPU is probed exactly once (pthread_once: __builtin_cpu_init
 * writes libgcc's CPU model, so concurrent probes would race), and the tests' scalar override
 * is an atomic flag read on every call. Any thread may hash at any time. */
static atomic_int p2_forced_scalar;   /* tests: 1 forces the scalar path */

void swirl_p2_force_scalar(int force) { atomic_store_explicit(&p2_forced_scalar, force ? 1 : 0, memory_order_relaxed); }

#ifdef SWIRL_P2_HAVE_AVX512_PATH
static pthread_once_t p2_probe_once = PTHREAD_ONCE_INIT;
static int p2_cpu_has_avx512;         /* written once, inside p2_probe */

static void p2_probe(void) {
    __builtin_cpu_init();
    p2_cpu_has_avx512 = __builtin_cpu_supports("avx512f") ? 1 : 0;
}
#endif

static int p2_use_avx512(void) {
#ifdef SWIRL_P2_HAVE_AVX512_PATH
    pthread_once(&p2_probe_once, p2_probe);
    return p2_cpu_has_avx512 && !atomic_load_explicit(&p2_forced_scalar, memory_order_relaxed);
#else
    return 0;
#endif
}

void swirl_p2_permute_many(uint32_t *states, size_t n) {
    pthread_once(&consts_once, init_consts);
    size_t k0 = 0;
#ifdef SWIRL_P2_HAVE_AVX512_PATH
    if (n >= 8 && p2_use_avx512()) {
        for (; k0 + 16 <= n; k0 += 16)
            swirl_p2_avx512_permute16(states + 16 * k0, rc_init_m, rc_int_m, rc_term_m, diag_m);
        if (k0 < n && n - k0 >= 8) {
            /* pad a partial group through a scratch copy */
            uint32_t tmp[256];
            memset(tmp, 0, sizeof tmp);
            memcpy(tmp, states + 16 * k0, (n - k0) * 64);
            swirl_p2_avx512_permute16(tmp, rc_init_m, rc_int_m, rc_term_m, diag_m);
            memcpy(states + 16 * k0, tmp, (n - k0) * 64);
            k0 = n;
        }
    }
#endif
    for (size_t k = k0; k < n; k++) {
        uint32_t *st = states + 16 * k;
        uint32_t s[16];
        for (int i = 0; i < 16; i++) s[i] = to_m(st[i] % BB_P);
        permute_m(s);
        for (int i = 0; i < 16; i++) st[i] = from_m(s[i]);
    }
}
