/* bb_vec.c — see bb_vec.h.
 *
 * Vector arithmetic (32-bit lanes, canonical values):
 *   add: s = a + b (< 2^32); result min_u32(s, s - p)   (s - p wraps high exactly when s < p)
 *   sub: d = a - b (mod 2^32); result min_u32(d, d + p) (d + p wraps low exactly when a < b)
 *   general product: Montgomery with R = 2^32, mu = p^-1 mod 2^32: for t = x*y < p*2^32,
 *     m = (t mod R) * mu mod R, u = t_hi - (m p)_hi lies in (-p, p) and equals x y / R mod p.
 *     a*b = mont(mont(a, b), R^2 mod p). The dot product sums mont(a_i, b_i) = a_i b_i / R in
 *     64-bit lanes and multiplies the reduced total by R once.
 *   product by a constant c: Shoup, with cq = floor(c 2^32 / p): q = (x cq) >> 32,
 *     r = x c - q p in [0, 2p), one conditional subtraction. */
#include "field/bb_vec.h"

#define P32 SWIRL_BB_P

/* ---- scalar ------------------------------------------------------------------------------- */

static inline bb_t shoup_q(bb_t c) { return (bb_t)(((uint64_t)c << 32) / P32); }
static inline bb_t shoup_mul(bb_t x, bb_t c, bb_t cq) {
    uint32_t q = (uint32_t)(((uint64_t)x * cq) >> 32);
    uint32_t r = x * c - q * P32;
    return r >= P32 ? r - P32 : r;
}

static void add_scalar(bb_t *d, const bb_t *a, const bb_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = bb_add(a[i], b[i]);
}
static void sub_scalar(bb_t *d, const bb_t *a, const bb_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = bb_sub(a[i], b[i]);
}
static void mul_scalar(bb_t *d, const bb_t *a, const bb_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = bb_mul(a[i], b[i]);
}
static void scale_scalar(bb_t *d, const bb_t *a, bb_t c, size_t n) {
    bb_t cq = shoup_q(c);
    for (size_t i = 0; i < n; i++) d[i] = shoup_mul(a[i], c, cq);
}
static void axpy_scalar(bb_t *y, bb_t c, const bb_t *x, size_t n) {
    bb_t cq = shoup_q(c);
    for (size_t i = 0; i < n; i++) y[i] = bb_add(y[i], shoup_mul(x[i], c, cq));
}
static bb_t dot_scalar(const bb_t *a, const bb_t *b, size_t n) {
    uint64_t acc = 0; /* < 2^63 before each addition of a product < 2^62 */
    for (size_t i = 0; i < n; i++) {
        acc += (uint64_t)a[i] * b[i];
        if (acc >= (1ull << 63)) acc %= P32;
    }
    return (bb_t)(acc % P32);
}

typedef struct {
    void (*add)(bb_t *, const bb_t *, const bb_t *, size_t);
    void (*sub)(bb_t *, const bb_t *, const bb_t *, size_t);
    void (*mul)(bb_t *, const bb_t *, const bb_t *, size_t);
    void (*scale)(bb_t *, const bb_t *, bb_t, size_t);
    void (*axpy)(bb_t *, bb_t, const bb_t *, size_t);
    bb_t (*dot)(const bb_t *, const bb_t *, size_t);
} vec_kernels;

static const vec_kernels k_scalar = {add_scalar, sub_scalar, mul_scalar, scale_scalar, axpy_scalar, dot_scalar};

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include "field/bb_avx512.h"
#define HAVE_X86 1

/* ---- AVX-512F ------------------------------------------------------------------------------ */
#define T512 __attribute__((target("avx512f")))
#define L512(p) _mm512_loadu_si512((const void *)(p))
#define S512(p, v) _mm512_storeu_si512((void *)(p), (v))

static inline T512 __m512i shoup16(__m512i x, __m512i c, __m512i cq, __m512i P) {
    __m512i qe = _mm512_mul_epu32(x, cq);
    __m512i qo = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), cq); /* cq broadcast: odd = even */
    __m512i q = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(qe, 32), qo);
    __m512i r = _mm512_sub_epi32(_mm512_mullo_epi32(x, c), _mm512_mullo_epi32(q, P));
    return _mm512_min_epu32(r, _mm512_sub_epi32(r, P));
}

static T512 void add_512(bb_t *d, const bb_t *a, const bb_t *b, size_t n) {
    const __m512i P = _mm512_set1_epi32((int)P32);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) S512(d + i, bbv_add(L512(a + i), L512(b + i), P));
    add_scalar(d + i, a + i, b + i, n - i);
}
static T512 void sub_512(bb_t *d, const bb_t *a, const bb_t *b, size_t n) {
    const __m512i P = _mm512_set1_epi32((int)P32);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) S512(d + i, bbv_sub(L512(a + i), L512(b + i), P));
    sub_scalar(d + i, a + i, b + i, n - i);
}
static T512 void mul_512(bb_t *d, const bb_t *a, const bb_t *b, size_t n) {
    const __m512i P = _mm512_set1_epi32((int)P32), MU = _mm512_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const __m512i R2 = _mm512_set1_epi32((int)SWIRL_BB_MONTY_R2);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) S512(d + i, bbv_mont(bbv_mont(L512(a + i), L512(b + i), P, MU), R2, P, MU));
    mul_scalar(d + i, a + i, b + i, n - i);
}
static T512 void scale_512(bb_t *d, const bb_t *a, bb_t c, size_t n) {
    const __m512i P = _mm512_set1_epi32((int)P32), C = _mm512_set1_epi32((int)c);
    const __m512i CQ = _mm512_set1_epi32((int)shoup_q(c));
    size_t i = 0;
    for (; i + 16 <= n; i += 16) S512(d + i, shoup16(L512(a + i), C, CQ, P));
    scale_scalar(d + i, a + i, c, n - i);
}
static T512 void axpy_512(bb_t *y, bb_t c, const bb_t *x, size_t n) {
    const __m512i P = _mm512_set1_epi32((int)P32), C = _mm512_set1_epi32((int)c);
    const __m512i CQ = _mm512_set1_epi32((int)shoup_q(c));
    size_t i = 0;
    for (; i + 16 <= n; i += 16) S512(y + i, bbv_add(L512(y + i), shoup16(L512(x + i), C, CQ, P), P));
    axpy_scalar(y + i, c, x + i, n - i);
}
static T512 bb_t dot_512(const bb_t *a, const bb_t *b, size_t n) {
    const __m512i P = _mm512_set1_epi32((int)P32), MU = _mm512_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const __m512i LO = _mm512_set1_epi64(0xffffffffll);
    __m512i acc = _mm512_setzero_si512(); /* 8 lanes of sums of values < 2^31: 2 per step */
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512i r = bbv_mont(L512(a + i), L512(b + i), P, MU);
        acc = _mm512_add_epi64(acc, _mm512_add_epi64(_mm512_and_si512(r, LO), _mm512_srli_epi64(r, 32)));
    }
    uint64_t lanes[8];
    _mm512_storeu_si512((void *)lanes, acc);
    uint64_t s = 0;
    for (int k = 0; k < 8; k++) s += lanes[k] % P32; /* each lane < 2^32 * n/16: reduce first */
    bb_t v = bb_mul((bb_t)(s % P32), SWIRL_BB_MONTY_R); /* undo the 1/R of mont */
    return bb_add(v, dot_scalar(a + i, b + i, n - i));
}
static const vec_kernels k_avx512 = {add_512, sub_512, mul_512, scale_512, axpy_512, dot_512};

/* ---- AVX2 ---------------------------------------------------------------------------------- */
#define T256 __attribute__((target("avx2")))
#define L256(p) _mm256_loadu_si256((const __m256i *)(p))
#define S256(p, v) _mm256_storeu_si256((__m256i *)(p), (v))

static inline T256 __m256i add8(__m256i a, __m256i b, __m256i P) {
    __m256i s = _mm256_add_epi32(a, b);
    return _mm256_min_epu32(s, _mm256_sub_epi32(s, P));
}
static inline T256 __m256i sub8(__m256i a, __m256i b, __m256i P) {
    __m256i d = _mm256_sub_epi32(a, b);
    return _mm256_min_epu32(d, _mm256_add_epi32(d, P));
}
static inline T256 __m256i mont8(__m256i x, __m256i y, __m256i P, __m256i MU) {
    __m256i te = _mm256_mul_epu32(x, y);
    __m256i to = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(y, 32));
    __m256i mpe = _mm256_mul_epu32(_mm256_mul_epu32(te, MU), P);
    __m256i mpo = _mm256_mul_epu32(_mm256_mul_epu32(to, MU), P);
    __m256i th = _mm256_blend_epi32(_mm256_srli_epi64(te, 32), to, 0xAA);
    __m256i mh = _mm256_blend_epi32(_mm256_srli_epi64(mpe, 32), mpo, 0xAA);
    __m256i u = _mm256_sub_epi32(th, mh);
    return _mm256_min_epu32(u, _mm256_add_epi32(u, P));
}
static inline T256 __m256i shoup8(__m256i x, __m256i c, __m256i cq, __m256i P) {
    __m256i qe = _mm256_mul_epu32(x, cq);
    __m256i qo = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), cq);
    __m256i q = _mm256_blend_epi32(_mm256_srli_epi64(qe, 32), qo, 0xAA);
    __m256i r = _mm256_sub_epi32(_mm256_mullo_epi32(x, c), _mm256_mullo_epi32(q, P));
    return _mm256_min_epu32(r, _mm256_sub_epi32(r, P));
}

static T256 void add_256(bb_t *d, const bb_t *a, const bb_t *b, size_t n) {
    const __m256i P = _mm256_set1_epi32((int)P32);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) S256(d + i, add8(L256(a + i), L256(b + i), P));
    add_scalar(d + i, a + i, b + i, n - i);
}
static T256 void sub_256(bb_t *d, const bb_t *a, const bb_t *b, size_t n) {
    const __m256i P = _mm256_set1_epi32((int)P32);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) S256(d + i, sub8(L256(a + i), L256(b + i), P));
    sub_scalar(d + i, a + i, b + i, n - i);
}
static T256 void mul_256(bb_t *d, const bb_t *a, const bb_t *b, size_t n) {
    const __m256i P = _mm256_set1_epi32((int)P32), MU = _mm256_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const __m256i R2 = _mm256_set1_epi32((int)SWIRL_BB_MONTY_R2);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) S256(d + i, mont8(mont8(L256(a + i), L256(b + i), P, MU), R2, P, MU));
    mul_scalar(d + i, a + i, b + i, n - i);
}
static T256 void scale_256(bb_t *d, const bb_t *a, bb_t c, size_t n) {
    const __m256i P = _mm256_set1_epi32((int)P32), C = _mm256_set1_epi32((int)c);
    const __m256i CQ = _mm256_set1_epi32((int)shoup_q(c));
    size_t i = 0;
    for (; i + 8 <= n; i += 8) S256(d + i, shoup8(L256(a + i), C, CQ, P));
    scale_scalar(d + i, a + i, c, n - i);
}
static T256 void axpy_256(bb_t *y, bb_t c, const bb_t *x, size_t n) {
    const __m256i P = _mm256_set1_epi32((int)P32), C = _mm256_set1_epi32((int)c);
    const __m256i CQ = _mm256_set1_epi32((int)shoup_q(c));
    size_t i = 0;
    for (; i + 8 <= n; i += 8) S256(y + i, add8(L256(y + i), shoup8(L256(x + i), C, CQ, P), P));
    axpy_scalar(y + i, c, x + i, n - i);
}
static T256 bb_t dot_256(const bb_t *a, const bb_t *b, size_t n) {
    const __m256i P = _mm256_set1_epi32((int)P32), MU = _mm256_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const __m256i LO = _mm256_set1_epi64x(0xffffffffll);
    __m256i acc = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i r = mont8(L256(a + i), L256(b + i), P, MU);
        acc = _mm256_add_epi64(acc, _mm256_add_epi64(_mm256_and_si256(r, LO), _mm256_srli_epi64(r, 32)));
    }
    uint64_t lanes[4];
    _mm256_storeu_si256((__m256i *)lanes, acc);
    uint64_t s = 0;
    for (int k = 0; k < 4; k++) s += lanes[k] % P32;
    bb_t v = bb_mul((bb_t)(s % P32), SWIRL_BB_MONTY_R);
    return bb_add(v, dot_scalar(a + i, b + i, n - i));
}
static const vec_kernels k_avx2 = {add_256, sub_256, mul_256, scale_256, axpy_256, dot_256};
#endif

/* ---- dispatch ------------------------------------------------------------------------------ */

static int g_request = 0;

static int best_isa(void) {
#ifdef HAVE_X86
    if (__builtin_cpu_supports("avx512f")) return 3;
    if (__builtin_cpu_supports("avx2")) return 2;
#endif
    return 1;
}
static int effective(void) {
    int b = best_isa();
    return (g_request <= 0 || g_request > b) ? b : g_request;
}
int swirl_bb_vec_set_isa(int isa) {
    g_request = (isa >= 0 && isa <= 3) ? isa : 0;
    return effective();
}
static const vec_kernels *kern(void) {
    switch (effective()) {
#ifdef HAVE_X86
    case 3: return &k_avx512;
    case 2: return &k_avx2;
#endif
    default: return &k_scalar;
    }
}

void swirl_bb_vec_add(bb_t *dst, const bb_t *a, const bb_t *b, size_t n) { kern()->add(dst, a, b, n); }
void swirl_bb_vec_sub(bb_t *dst, const bb_t *a, const bb_t *b, size_t n) { kern()->sub(dst, a, b, n); }
void swirl_bb_vec_mul(bb_t *dst, const bb_t *a, const bb_t *b, size_t n) { kern()->mul(dst, a, b, n); }
void swirl_bb_vec_scale(bb_t *dst, const bb_t *a, bb_t c, size_t n) { kern()->scale(dst, a, c, n); }
void swirl_bb_vec_axpy(bb_t *y, bb_t c, const bb_t *x, size_t n) { kern()->axpy(y, c, x, n); }
bb_t swirl_bb_vec_dot(const bb_t *a, const bb_t *b, size_t n) { return kern()->dot(a, b, n); }

size_t swirl_bb_first_noncanonical(const uint32_t *v, size_t n) {
    enum { BLOCK = 4096 };
    for (size_t lo = 0; lo < n; lo += BLOCK) {
        const size_t hi = n - lo < BLOCK ? n : lo + BLOCK;
        unsigned any = 0;
        for (size_t i = lo; i < hi; i++) any |= v[i] >= BB_P;
        if (!any) continue;
        for (size_t i = lo; i < hi; i++)
            if (v[i] >= BB_P) return i;
    }
    return n;
}
