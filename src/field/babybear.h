/* babybear.h — BabyBear prime field F_p (p = 2^31 - 2^27 + 1) and its quartic extension
 * EF = F[X]/(X^4 - 11), as static inline functions.
 *
 * Representation invariant: a `bb_t` always holds the CANONICAL value in [0, p). Every
 * function here takes canonical inputs and returns canonical outputs, so values may cross
 * any boundary (serialisation, transcript, CUDA upload) without conversion. Hot loops that
 * want Montgomery form (Poseidon2, NTT kernels) convert locally and convert back.
 *
 * `ef_t` is a0 + a1 X + a2 X^2 + a3 X^3 with coefficients in basis order [1, X, X^2, X^3]. */
#ifndef SWIRL_BABYBEAR_H
#define SWIRL_BABYBEAR_H

#include <stddef.h>
#include <stdint.h>
#include "field/field_constants.h"

typedef uint32_t bb_t;
typedef struct { bb_t c[4]; } ef_t;

#define BB_P SWIRL_BB_P

static const bb_t bb_two_adic_generators[SWIRL_BB_TWO_ADICITY + 1] = SWIRL_BB_TWO_ADIC_GENERATORS_INIT;

/* ---- base field --------------------------------------------------------------------- */

static inline bb_t bb_from_u64(uint64_t x) { return (bb_t)(x % BB_P); }
static inline bb_t bb_from_i64(int64_t x) {
    int64_t r = x % (int64_t)BB_P;
    return (bb_t)(r < 0 ? r + (int64_t)BB_P : r);
}
static inline int bb_is_canonical(uint32_t x) { return x < BB_P; }

static inline bb_t bb_add(bb_t a, bb_t b) {
    uint32_t s = a + b; /* < 2^32 since a, b < 2^31 */
    return s >= BB_P ? s - BB_P : s;
}
static inline bb_t bb_sub(bb_t a, bb_t b) { return a >= b ? a - b : a + BB_P - b; }
static inline bb_t bb_neg(bb_t a) { return a ? BB_P - a : 0; }
static inline bb_t bb_mul(bb_t a, bb_t b) { return (bb_t)(((uint64_t)a * b) % BB_P); }
static inline bb_t bb_sqr(bb_t a) { return bb_mul(a, a); }
static inline bb_t bb_double(bb_t a) { return bb_add(a, a); }
static inline bb_t bb_halve(bb_t a) { return (a & 1) ? (bb_t)(((uint64_t)a + BB_P) >> 1) : a >> 1; }

static inline bb_t bb_pow(bb_t a, uint64_t e) {
    bb_t r = 1;
    while (e) {
        if (e & 1) r = bb_mul(r, a);
        a = bb_mul(a, a);
        e >>= 1;
    }
    return r;
}
/* Inverse; bb_inv(0) = 0 by convention (callers that care check for zero first). */
static inline bb_t bb_inv(bb_t a) { return bb_pow(a, BB_P - 2); }

/* 2^-k mod p */
static inline bb_t bb_inv_pow2(unsigned k) { return bb_pow((BB_P + 1) / 2, k); }

/* Primitive 2^bits-th root of unity (bits <= 27), the fixed generator of Plonky3's table. */
static inline bb_t bb_two_adic_generator(unsigned bits) { return bb_two_adic_generators[bits]; }

/* Montgomery conversion (R = 2^32), used only at boundaries that need Plonky3's serde form. */
static inline uint32_t bb_to_monty(bb_t a) { return (uint32_t)(((uint64_t)a << 32) % BB_P); }
static inline bb_t bb_from_monty(uint32_t m) { return bb_mul(m % BB_P, bb_inv(SWIRL_BB_MONTY_R)); }

/* In-place batch inverse (Montgomery's trick). Zeros map to zero. `scratch` holds n values.
 * No allocation: the caller supplies the scratch buffer. */
static inline void bb_batch_inv(bb_t *v, size_t n, bb_t *scratch) {
    bb_t acc = 1;
    for (size_t i = 0; i < n; i++) {
        scratch[i] = acc;
        if (v[i]) acc = bb_mul(acc, v[i]);
    }
    bb_t inv = bb_inv(acc);
    for (size_t i = n; i-- > 0;) {
        if (!v[i]) continue;
        bb_t vi = v[i];
        v[i] = bb_mul(inv, scratch[i]);
        inv = bb_mul(inv, vi);
    }
}

/* ---- extension field -------------------------------------------------------------------- */

static inline ef_t ef_zero(void) { ef_t r = {{0, 0, 0, 0}}; return r; }
static inline ef_t ef_one(void) { ef_t r = {{1, 0, 0, 0}}; return r; }
static inline ef_t ef_from_bb(bb_t a) { ef_t r = {{a, 0, 0, 0}}; return r; }
static inline ef_t ef_make(bb_t a0, bb_t a1, bb_t a2, bb_t a3) { ef_t r = {{a0, a1, a2, a3}}; return r; }
static inline int ef_is_zero(ef_t a) { return (a.c[0] | a.c[1] | a.c[2] | a.c[3]) == 0; }
static inline int ef_eq(ef_t a, ef_t b) {
    return a.c[0] == b.c[0] && a.c[1] == b.c[1] && a.c[2] == b.c[2] && a.c[3] == b.c[3];
}
static inline int ef_is_base(ef_t a) { return (a.c[1] | a.c[2] | a.c[3]) == 0; }

static inline ef_t ef_add(ef_t a, ef_t b) {
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = bb_add(a.c[i], b.c[i]);
    return r;
}
static inline ef_t ef_sub(ef_t a, ef_t b) {
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = bb_sub(a.c[i], b.c[i]);
    return r;
}
static inline ef_t ef_neg(ef_t a) {
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = bb_neg(a.c[i]);
    return r;
}
static inline ef_t ef_double(ef_t a) { return ef_add(a, a); }
static inline ef_t ef_halve(ef_t a) {
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = bb_halve(a.c[i]);
    return r;
}
static inline ef_t ef_add_bb(ef_t a, bb_t b) { a.c[0] = bb_add(a.c[0], b); return a; }
static inline ef_t ef_sub_bb(ef_t a, bb_t b) { a.c[0] = bb_sub(a.c[0], b); return a; }
static inline ef_t ef_mul_bb(ef_t a, bb_t b) {
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = bb_mul(a.c[i], b);
    return r;
}

/* sum_i a[i] * b[i] for EF a and base-field b (canonical), with one reduction per component:
 * each product is < 2^62 and the 128-bit sums never wrap (n < 2^64). For the small dot products
 * of the sumcheck tables (chunk of 2^l_skip values against Lagrange weights). */
static inline ef_t ef_dot_bb(const ef_t *a, const bb_t *b, size_t n) {
    unsigned __int128 acc[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 4; c++) acc[c] += (uint64_t)a[i].c[c] * b[i];
    ef_t r;
    const uint64_t two64 = (uint64_t)(((unsigned __int128)1 << 64) % BB_P);
    for (int c = 0; c < 4; c++) {
        uint64_t lo = (uint64_t)acc[c], hi = (uint64_t)(acc[c] >> 64); /* hi < n / 4 */
        r.c[c] = (bb_t)(((lo % BB_P) + (hi % BB_P) * two64) % BB_P);
    }
    return r;
}

/* Schoolbook product with X^4 = 11. Products are accumulated in 64 bits: each term < p^2 < 2^62,
 * and at most 4 terms (with the 11x factor applied after one reduction) are summed. */
static inline ef_t ef_mul(ef_t a, ef_t b) {
    const uint64_t P = BB_P;
    uint64_t t4 = ((uint64_t)a.c[1] * b.c[3] + (uint64_t)a.c[2] * b.c[2]) % P + (uint64_t)a.c[3] * b.c[1];
    uint64_t t5 = (uint64_t)a.c[2] * b.c[3] + (uint64_t)a.c[3] * b.c[2];
    uint64_t t6 = (uint64_t)a.c[3] * b.c[3];
    t4 %= P; t5 %= P; t6 %= P;
    ef_t r;
    r.c[0] = (bb_t)(((uint64_t)a.c[0] * b.c[0] + SWIRL_EF_W * t4) % P);
    r.c[1] = (bb_t)((((uint64_t)a.c[0] * b.c[1] + (uint64_t)a.c[1] * b.c[0]) % P + SWIRL_EF_W * t5) % P);
    r.c[2] = (bb_t)((((uint64_t)a.c[0] * b.c[2] + (uint64_t)a.c[1] * b.c[1]) % P + (uint64_t)a.c[2] * b.c[0] + SWIRL_EF_W * t6) % P);
    r.c[3] = (bb_t)((((uint64_t)a.c[0] * b.c[3] + (uint64_t)a.c[1] * b.c[2]) % P +
                     ((uint64_t)a.c[2] * b.c[1] + (uint64_t)a.c[3] * b.c[0]) % P) % P);
    return r;
}
static inline ef_t ef_sqr(ef_t a) { return ef_mul(a, a); }

static inline ef_t ef_pow(ef_t a, uint64_t e) {
    ef_t r = ef_one();
    while (e) {
        if (e & 1) r = ef_mul(r, a);
        a = ef_sqr(a);
        e >>= 1;
    }
    return r;
}

/* Inverse through the tower F ⊂ F[Y]/(Y^2 - 11) ⊂ EF with Y = X^2:
 * write a = e(Y) + X o(Y); a * (e - X o) = e^2 - Y o^2 =: n(Y) lies in the quadratic field,
 * whose inverse is conj(n) / (n0^2 - 11 n1^2). ef_inv(0) = 0. */
static inline ef_t ef_inv(ef_t a) {
    /* e = a0 + a2 Y, o = a1 + a3 Y;  e^2 = a0^2 + 11 a2^2 + 2 a0 a2 Y;  Y o^2 = 11*2 a1 a3 + (a1^2 + 11 a3^2) Y */
    bb_t e0 = bb_add(bb_sqr(a.c[0]), bb_mul(SWIRL_EF_W, bb_sqr(a.c[2])));
    bb_t e1 = bb_double(bb_mul(a.c[0], a.c[2]));
    bb_t y0 = bb_mul(SWIRL_EF_W, bb_double(bb_mul(a.c[1], a.c[3])));
    bb_t y1 = bb_add(bb_sqr(a.c[1]), bb_mul(SWIRL_EF_W, bb_sqr(a.c[3])));
    bb_t n0 = bb_sub(e0, y0), n1 = bb_sub(e1, y1);
    bb_t d = bb_sub(bb_sqr(n0), bb_mul(SWIRL_EF_W, bb_sqr(n1)));
    bb_t di = bb_inv(d);
    bb_t m0 = bb_mul(n0, di), m1 = bb_mul(bb_neg(n1), di); /* n^-1 = m0 + m1 Y */
    /* a^-1 = (e - X o) * (m0 + m1 Y), with Y = X^2. */
    ef_t conj = ef_make(a.c[0], bb_neg(a.c[1]), a.c[2], bb_neg(a.c[3]));
    ef_t m = ef_make(m0, 0, m1, 0);
    return ef_mul(conj, m);
}

/* In-place batch inverse over EF (zeros map to zero); `scratch` holds n values. */
static inline void ef_batch_inv(ef_t *v, size_t n, ef_t *scratch) {
    ef_t acc = ef_one();
    for (size_t i = 0; i < n; i++) {
        scratch[i] = acc;
        if (!ef_is_zero(v[i])) acc = ef_mul(acc, v[i]);
    }
    ef_t inv = ef_inv(acc);
    for (size_t i = n; i-- > 0;) {
        if (ef_is_zero(v[i])) continue;
        ef_t vi = v[i];
        v[i] = ef_mul(inv, scratch[i]);
        inv = ef_mul(inv, vi);
    }
}

/* Dot-style helper used all over the sumchecks: a + b * c. */
static inline ef_t ef_mul_add(ef_t a, ef_t b, ef_t c) { return ef_add(a, ef_mul(b, c)); }

#endif
