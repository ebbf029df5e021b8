/* bb_avx512.h — BabyBear arithmetic on 16 lanes of a 512-bit vector, shared by every AVX-512 path
 * (slice ops, Poseidon2, the sumcheck evaluators).
 *
 * Lanes hold residues in [0, p), either canonical or in Montgomery form (x 2^32): sums and
 * differences are the same in both forms; bbv_mont(x, y) = x y / 2^32, so a product of two
 * Montgomery values stays in Montgomery form and a product of a canonical value with a Montgomery
 * value is canonical. Every function is compiled for avx512f through a target attribute and must
 * only be reached after a run-time CPU check; callers carry SWIRL_AVX512 themselves. */
#ifndef SWIRL_BB_AVX512_H
#define SWIRL_BB_AVX512_H

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SWIRL_HAVE_AVX512_CODE 1
#include <immintrin.h>
#include "field/field_constants.h"

#define SWIRL_AVX512 __attribute__((target("avx512f")))

static inline SWIRL_AVX512 __m512i bbv_add(__m512i a, __m512i b, __m512i P) {
    __m512i s = _mm512_add_epi32(a, b);
    return _mm512_min_epu32(s, _mm512_sub_epi32(s, P));
}

static inline SWIRL_AVX512 __m512i bbv_sub(__m512i a, __m512i b, __m512i P) {
    __m512i d = _mm512_sub_epi32(a, b);
    return _mm512_min_epu32(d, _mm512_add_epi32(d, P));
}

/* Montgomery reduction of 64-bit lane products te (even lanes) and to (odd lanes), each below
 * p 2^32: the low halves of t and m p agree, so the high-half difference lies in (-p, p). */
static inline SWIRL_AVX512 __m512i bbv_redc(__m512i te, __m512i to, __m512i P, __m512i MU) {
    __m512i mpe = _mm512_mul_epu32(_mm512_mul_epu32(te, MU), P);
    __m512i mpo = _mm512_mul_epu32(_mm512_mul_epu32(to, MU), P);
    __m512i th = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(te, 32), to);
    __m512i mh = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(mpe, 32), mpo);
    __m512i u = _mm512_sub_epi32(th, mh);
    return _mm512_min_epu32(u, _mm512_add_epi32(u, P));
}

/* x y / 2^32 mod p */
static inline SWIRL_AVX512 __m512i bbv_mont(__m512i x, __m512i y, __m512i P, __m512i MU) {
    __m512i te = _mm512_mul_epu32(x, y);
    __m512i to = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(y, 32));
    return bbv_redc(te, to, P, MU);
}

/* (x1 y1 + x2 y2) / 2^32 mod p: the 64-bit sums stay below 2 p^2 < p 2^32, one reduction */
static inline SWIRL_AVX512 __m512i bbv_mont2(__m512i x1, __m512i y1, __m512i x2, __m512i y2, __m512i P, __m512i MU) {
    __m512i te = _mm512_add_epi64(_mm512_mul_epu32(x1, y1), _mm512_mul_epu32(x2, y2));
    __m512i to = _mm512_add_epi64(_mm512_mul_epu32(_mm512_srli_epi64(x1, 32), _mm512_srli_epi64(y1, 32)),
                                  _mm512_mul_epu32(_mm512_srli_epi64(x2, 32), _mm512_srli_epi64(y2, 32)));
    return bbv_redc(te, to, P, MU);
}

/* 11 x, the extension's non-residue, by doublings (either form) */
static inline SWIRL_AVX512 __m512i bbv_times11(__m512i x, __m512i P) {
    __m512i x2 = bbv_add(x, x, P), x4 = bbv_add(x2, x2, P), x8 = bbv_add(x4, x4, P);
    return bbv_add(bbv_add(x8, x2, P), x, P);
}

/* r = a b in EF = F[X]/(X^4 - 11), 16 lanes, component-major (a[c] is component c); the forms
 * combine as in bbv_mont. */
static inline SWIRL_AVX512 void bbv_ef_mul(const __m512i a[4], const __m512i b[4], __m512i r[4], __m512i P, __m512i MU) {
    __m512i b1w = bbv_times11(b[1], P), b2w = bbv_times11(b[2], P), b3w = bbv_times11(b[3], P);
    r[0] = bbv_add(bbv_mont2(a[0], b[0], a[1], b3w, P, MU), bbv_mont2(a[2], b2w, a[3], b1w, P, MU), P);
    r[1] = bbv_add(bbv_mont2(a[0], b[1], a[1], b[0], P, MU), bbv_mont2(a[2], b3w, a[3], b2w, P, MU), P);
    r[2] = bbv_add(bbv_mont2(a[0], b[2], a[1], b[1], P, MU), bbv_mont2(a[2], b[0], a[3], b3w, P, MU), P);
    r[3] = bbv_add(bbv_mont2(a[0], b[3], a[1], b[2], P, MU), bbv_mont2(a[2], b[1], a[3], b[0], P, MU), P);
}

#endif
#endif
