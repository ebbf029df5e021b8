/* ntt_avx512.c — AVX-512F kernels of the NTT (selected at run time; see ntt_internal.h).
 * Functions carry __attribute__((target("avx512f"))) so no global -march flag is needed.
 * Same arithmetic as the scalar kernels (canonical values, Shoup twiddle products), so the
 * results are bit-identical. */
#include "poly/ntt_internal.h"

#ifdef SWIRL_NTT_HAVE_X86
#include <immintrin.h>

#define T512 __attribute__((target("avx512f")))

/* (a + b) mod p for canonical a, b: a + b - p wraps to a huge value exactly when a + b < p. */
static inline T512 __m512i add512(__m512i a, __m512i b, __m512i P) {
    __m512i s = _mm512_add_epi32(a, b);
    return _mm512_min_epu32(s, _mm512_sub_epi32(s, P));
}

/* x * w mod p for any x < 2^32 and canonical w with Shoup quotient wq. */
static inline T512 __m512i mul512(__m512i x, __m512i w, __m512i wq, __m512i P) {
    __m512i pe = _mm512_mul_epu32(x, wq);                                              /* even lanes */
    __m512i po = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(wq, 32)); /* odd lanes */
    __m512i q = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(pe, 32), po);
    __m512i r = _mm512_sub_epi32(_mm512_mullo_epi32(x, w), _mm512_mullo_epi32(q, P)); /* [0, 2p) */
    return _mm512_min_epu32(r, _mm512_sub_epi32(r, P));
}

static T512 void avx512_row(bb_t *lo, bb_t *hi, const bb_t *w, const bb_t *wq, size_t cnt) {
    const __m512i P = _mm512_set1_epi32((int)SWIRL_BB_P);
    size_t j = 0;
    for (; j + 16 <= cnt; j += 16) {
        __m512i x = _mm512_loadu_si512((const void *)(lo + j));
        __m512i y = _mm512_loadu_si512((const void *)(hi + j));
        __m512i vw = _mm512_loadu_si512((const void *)(w + j));
        __m512i vq = _mm512_loadu_si512((const void *)(wq + j));
        _mm512_storeu_si512((void *)(lo + j), add512(x, y, P));
        /* x - y + p lies in [1, 2p) */
        _mm512_storeu_si512((void *)(hi + j), mul512(_mm512_add_epi32(_mm512_sub_epi32(x, y), P), vw, vq, P));
    }
    if (j < cnt) swirl_ntt_row_scalar(lo + j, hi + j, w + j, wq + j, cnt - j);
}

static T512 void avx512_row4(const swirl_ntt_tables *t, bb_t *a, size_t q, size_t j0, size_t cnt) {
    if (q < 16) {
        swirl_ntt_row4_scalar(t, a, q, j0, cnt);
        return;
    }
    const __m512i P = _mm512_set1_epi32((int)SWIRL_BB_P);
    const bb_t *W = t->tw + 2 * q, *Wq = t->twq + 2 * q, *V = t->tw + q, *Vq = t->twq + q;
    bb_t *a0 = a, *a1 = a + q, *a2 = a + 2 * q, *a3 = a + 3 * q;
    size_t j = j0, end = j0 + cnt;
    for (; j + 16 <= end; j += 16) {
        __m512i x0 = _mm512_loadu_si512((const void *)(a0 + j)), x1 = _mm512_loadu_si512((const void *)(a1 + j));
        __m512i x2 = _mm512_loadu_si512((const void *)(a2 + j)), x3 = _mm512_loadu_si512((const void *)(a3 + j));
        __m512i y0 = add512(x0, x2, P), y1 = add512(x1, x3, P);
        __m512i y2 = mul512(_mm512_add_epi32(_mm512_sub_epi32(x0, x2), P), _mm512_loadu_si512((const void *)(W + j)),
                            _mm512_loadu_si512((const void *)(Wq + j)), P);
        __m512i y3 = mul512(_mm512_add_epi32(_mm512_sub_epi32(x1, x3), P), _mm512_loadu_si512((const void *)(W + q + j)),
                            _mm512_loadu_si512((const void *)(Wq + q + j)), P);
        __m512i v = _mm512_loadu_si512((const void *)(V + j)), vq = _mm512_loadu_si512((const void *)(Vq + j));
        _mm512_storeu_si512((void *)(a0 + j), add512(y0, y1, P));
        _mm512_storeu_si512((void *)(a1 + j), mul512(_mm512_add_epi32(_mm512_sub_epi32(y0, y1), P), v, vq, P));
        _mm512_storeu_si512((void *)(a2 + j), add512(y2, y3, P));
        _mm512_storeu_si512((void *)(a3 + j), mul512(_mm512_add_epi32(_mm512_sub_epi32(y2, y3), P), v, vq, P));
    }
    if (j < end) swirl_ntt_row4_scalar(t, a, q, j, end - j);
}

static T512 void avx512_rs_first(const swirl_ntt_tables *t, const bb_t *in, bb_t *out, size_t q, size_t j0,
                                 size_t cnt) {
    const __m512i P = _mm512_set1_epi32((int)SWIRL_BB_P);
    const bb_t *W = t->tw + 2 * q, *Wq = t->twq + 2 * q, *V = t->tw + q, *Vq = t->twq + q;
    size_t j = j0, end = j0 + cnt;
    for (; j + 16 <= end; j += 16) {
        __m512i x0 = _mm512_loadu_si512((const void *)(in + j)), x1 = _mm512_loadu_si512((const void *)(in + q + j));
        __m512i y2 = mul512(x0, _mm512_loadu_si512((const void *)(W + j)), _mm512_loadu_si512((const void *)(Wq + j)), P);
        __m512i y3 = mul512(x1, _mm512_loadu_si512((const void *)(W + q + j)),
                            _mm512_loadu_si512((const void *)(Wq + q + j)), P);
        __m512i v = _mm512_loadu_si512((const void *)(V + j)), vq = _mm512_loadu_si512((const void *)(Vq + j));
        _mm512_storeu_si512((void *)(out + j), add512(x0, x1, P));
        _mm512_storeu_si512((void *)(out + q + j), mul512(_mm512_add_epi32(_mm512_sub_epi32(x0, x1), P), v, vq, P));
        _mm512_storeu_si512((void *)(out + 2 * q + j), add512(y2, y3, P));
        _mm512_storeu_si512((void *)(out + 3 * q + j), mul512(_mm512_add_epi32(_mm512_sub_epi32(y2, y3), P), v, vq, P));
    }
    if (j < end) swirl_ntt_rs_first_scalar(t, in, out, q, j, end - j);
}

static T512 void avx512_mul_row(bb_t *dst, const bb_t *src, const bb_t *w, const bb_t *wq, size_t cnt) {
    const __m512i P = _mm512_set1_epi32((int)SWIRL_BB_P);
    size_t j = 0;
    for (; j + 16 <= cnt; j += 16) {
        __m512i x = _mm512_loadu_si512((const void *)(src + j));
        __m512i vw = _mm512_loadu_si512((const void *)(w + j));
        __m512i vq = _mm512_loadu_si512((const void *)(wq + j));
        _mm512_storeu_si512((void *)(dst + j), mul512(x, vw, vq, P));
    }
    for (; j < cnt; j++) dst[j] = swirl_ntt_mul_shoup(src[j], w[j], wq[j]);
}

/* Stages h = 8, 4, 2, 1 on each 32-element chunk, kept in registers. */
static T512 void avx512_tail(const swirl_ntt_tables *t, bb_t *a, size_t n) {
    const __m512i P = _mm512_set1_epi32((int)SWIRL_BB_P);
    __m512i ilo[4], ihi[4], io0[4], io1[4], tw[4], tq[4];
    for (int s = 0; s < 4; s++) {
        ilo[s] = _mm512_loadu_si512((const void *)t->tail_lo[s]);
        ihi[s] = _mm512_loadu_si512((const void *)t->tail_hi[s]);
        io0[s] = _mm512_loadu_si512((const void *)t->tail_out[s]);
        io1[s] = _mm512_loadu_si512((const void *)(t->tail_out[s] + 16));
        tw[s] = _mm512_loadu_si512((const void *)t->tail_w[s]);
        tq[s] = _mm512_loadu_si512((const void *)t->tail_wq[s]);
    }
    for (size_t c = 0; c < n; c += 32) {
        __m512i v0 = _mm512_loadu_si512((const void *)(a + c));
        __m512i v1 = _mm512_loadu_si512((const void *)(a + c + 16));
        for (int s = 3; s >= 0; s--) {
            __m512i x = _mm512_permutex2var_epi32(v0, ilo[s], v1);
            __m512i y = _mm512_permutex2var_epi32(v0, ihi[s], v1);
            __m512i L = add512(x, y, P);
            __m512i d = _mm512_add_epi32(_mm512_sub_epi32(x, y), P);
            /* h = 1: twiddle 1, only reduce x - y + p into [0, p) */
            __m512i H = s ? mul512(d, tw[s], tq[s], P) : _mm512_min_epu32(d, _mm512_sub_epi32(d, P));
            v0 = _mm512_permutex2var_epi32(L, io0[s], H);
            v1 = _mm512_permutex2var_epi32(L, io1[s], H);
        }
        _mm512_storeu_si512((void *)(a + c), v0);
        _mm512_storeu_si512((void *)(a + c + 16), v1);
    }
}

static T512 void avx512_dif_block(const swirl_ntt_tables *t, bb_t *a, unsigned log_n) {
    size_t n = (size_t)1 << log_n, h = n >> 1;
    if (n < 32) {
        swirl_ntt_stages_scalar(t, a, n, h);
        return;
    }
    /* pairs of stages (h, h/2) while h/2 >= 16, then at most one radix-2 stage, then the tail */
    for (; h >= 32; h >>= 2)
        for (size_t g = 0; g < n; g += 2 * h) avx512_row4(t, a + g, h >> 1, 0, h >> 1);
    for (; h >= 16; h >>= 1)
        for (size_t g = 0; g < n; g += 2 * h) avx512_row(a + g, a + g + h, t->tw + h, t->twq + h, h);
    avx512_tail(t, a, n);
}

const swirl_ntt_kernels swirl_ntt_kernels_avx512 = {"avx512",       avx512_row,      avx512_row4,
                                                    avx512_mul_row, avx512_rs_first, avx512_dif_block};

#endif
