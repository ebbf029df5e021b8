/* poseidon2_avx512.c — Poseidon2-16 on 16 states at once with AVX-512F.
 *
 * Layout: structure of arrays — vector s[i] holds lane i of 16 independent states. Values are
 * in Montgomery form in [0, p) inside, canonical at entry/exit (converted here). The function
 * is compiled for avx512f via a target attribute and only called after a run-time CPU check
 * (poseidon2.c), so the rest of the library needs no -march flag. */
#include <stdint.h>
#include <string.h>
#include "field/field_constants.h"
#include "hash/poseidon2_constants.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#include "field/bb_avx512.h"

#define TGT __attribute__((target("avx512f")))

void swirl_p2_avx512_permute16(uint32_t *states, const uint32_t *rc_init_m, const uint32_t *rc_int_m,
                               const uint32_t *rc_term_m, const uint32_t *diag_m);

/* x / 2 mod p (either form: scaling commutes with the Montgomery factor): add p to odd lanes,
 * then shift; (x + p) / 2 < p for x < p. */
static inline TGT __m512i vhalf(__m512i x, __m512i P) {
    __mmask16 odd = _mm512_test_epi32_mask(x, _mm512_set1_epi32(1));
    return _mm512_srli_epi32(_mm512_mask_add_epi32(x, odd, x, P), 1);
}

/* x * 2^-k mod p for 8 <= k < 32: Montgomery-reduce x * 2^(32-k) (< p 2^32): four 32x32
 * products instead of a general product's six. */
static inline TGT __m512i vmul_2exp_neg(__m512i x, int k, __m512i P, __m512i MU) {
    const __m512i LO = _mm512_set1_epi64(0xffffffffll);
    __m512i te = _mm512_sll_epi64(_mm512_and_si512(x, LO), _mm_cvtsi32_si128(32 - k));
    __m512i to = _mm512_sll_epi64(_mm512_srli_epi64(x, 32), _mm_cvtsi32_si128(32 - k));
    return bbv_redc(te, to, P, MU);
}

/* The internal linear layer M_I = J + diag(D) with Plonky3's BabyBear-16 diagonal
 * D = [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 2^-8, 1/4, 1/8, 2^-27, -2^-8, -1/16, -2^-27]
 * (poseidon2_constants.h): every entry is a small integer or +-2^-k, so no general product. */
static inline TGT void vint(__m512i *s, __m512i P, __m512i MU) {
    __m512i sum = s[0];
    for (int i = 1; i < 16; i++) sum = bbv_add(sum, s[i], P);
    __m512i d2 = bbv_add(s[2], s[2], P), d4 = bbv_add(s[5], s[5], P), d8 = bbv_add(s[8], s[8], P);
    __m512i t0 = bbv_add(s[0], s[0], P), t4 = bbv_add(bbv_add(s[4], s[4], P), s[4], P), t7 = bbv_add(bbv_add(s[7], s[7], P), s[7], P);
    s[0] = bbv_sub(sum, t0, P);
    s[1] = bbv_add(sum, s[1], P);
    s[2] = bbv_add(sum, d2, P);
    s[3] = bbv_add(sum, vhalf(s[3], P), P);
    s[4] = bbv_add(sum, t4, P);
    s[5] = bbv_add(sum, bbv_add(d4, d4, P), P);
    s[6] = bbv_sub(sum, vhalf(s[6], P), P);
    s[7] = bbv_sub(sum, t7, P);
    s[8] = bbv_sub(sum, bbv_add(d8, d8, P), P);
    s[9] = bbv_add(sum, vmul_2exp_neg(s[9], 8, P, MU), P);
    s[10] = bbv_add(sum, vhalf(vhalf(s[10], P), P), P);
    s[11] = bbv_add(sum, vhalf(vhalf(vhalf(s[11], P), P), P), P);
    s[12] = bbv_add(sum, vmul_2exp_neg(s[12], 27, P, MU), P);
    s[13] = bbv_sub(sum, vmul_2exp_neg(s[13], 8, P, MU), P);
    s[14] = bbv_sub(sum, vhalf(vhalf(vhalf(vhalf(s[14], P), P), P), P), P);
    s[15] = bbv_sub(sum, vmul_2exp_neg(s[15], 27, P, MU), P);
}

static inline TGT __m512i vsbox(__m512i x, __m512i P, __m512i MU) {
    __m512i x2 = bbv_mont(x, x, P, MU), x3 = bbv_mont(x2, x, P, MU), x6 = bbv_mont(x3, x3, P, MU);
    return bbv_mont(x6, x, P, MU);
}

static inline TGT void vm4(__m512i *x, __m512i P) {
    __m512i t01 = bbv_add(x[0], x[1], P), t23 = bbv_add(x[2], x[3], P), t0123 = bbv_add(t01, t23, P);
    __m512i t01123 = bbv_add(t0123, x[1], P), t01233 = bbv_add(t0123, x[3], P);
    __m512i y3 = bbv_add(t01233, bbv_add(x[0], x[0], P), P);
    __m512i y1 = bbv_add(t01123, bbv_add(x[2], x[2], P), P);
    __m512i y0 = bbv_add(t01123, t01, P);
    __m512i y2 = bbv_add(t01233, t23, P);
    x[0] = y0; x[1] = y1; x[2] = y2; x[3] = y3;
}

static inline TGT void vext(__m512i *s, __m512i P) {
    for (int c = 0; c < 4; c++) vm4(s + 4 * c, P);
    for (int j = 0; j < 4; j++) {
        __m512i sum = bbv_add(bbv_add(s[j], s[j + 4], P), bbv_add(s[j + 8], s[j + 12], P), P);
        s[j] = bbv_add(s[j], sum, P); s[j + 4] = bbv_add(s[j + 4], sum, P);
        s[j + 8] = bbv_add(s[j + 8], sum, P); s[j + 12] = bbv_add(s[j + 12], sum, P);
    }
}

TGT void swirl_p2_avx512_permute16(uint32_t *states, const uint32_t *rc_init_m, const uint32_t *rc_int_m,
                                   const uint32_t *rc_term_m, const uint32_t *diag_m) {
    const __m512i P = _mm512_set1_epi32((int)SWIRL_BB_P);
    const __m512i MU = _mm512_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const __m512i R2 = _mm512_set1_epi32((int)SWIRL_BB_MONTY_R2);
    const __m512i ONE = _mm512_set1_epi32(1);
    (void)diag_m; /* the diagonal is used through its structure (vint); the scalar path multiplies by diag_m, and test_poseidon2 compares the two on random states */
    /* gather lane i of the 16 states: states[k*16 + i] */
    const __m512i idx = _mm512_mullo_epi32(_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
                                           _mm512_set1_epi32(16));
    __m512i s[16];
    for (int i = 0; i < 16; i++) {
        __m512i v = _mm512_i32gather_epi32(_mm512_add_epi32(idx, _mm512_set1_epi32(i)), (const void *)states, 4);
        s[i] = bbv_mont(v, R2, P, MU); /* canonical -> Montgomery */
    }
    vext(s, P);
    for (int r = 0; r < 4; r++) {
        for (int i = 0; i < 16; i++) s[i] = vsbox(bbv_add(s[i], _mm512_set1_epi32((int)rc_init_m[r * 16 + i]), P), P, MU);
        vext(s, P);
    }
    for (int r = 0; r < 13; r++) {
        s[0] = vsbox(bbv_add(s[0], _mm512_set1_epi32((int)rc_int_m[r]), P), P, MU);
        vint(s, P, MU);
    }
    for (int r = 0; r < 4; r++) {
        for (int i = 0; i < 16; i++) s[i] = vsbox(bbv_add(s[i], _mm512_set1_epi32((int)rc_term_m[r * 16 + i]), P), P, MU);
        vext(s, P);
    }
    for (int i = 0; i < 16; i++) {
        __m512i v = bbv_mont(s[i], ONE, P, MU); /* Montgomery -> canonical */
        _mm512_i32scatter_epi32((void *)states, _mm512_add_epi32(idx, _mm512_set1_epi32(i)), v, 4);
    }
}
#endif
