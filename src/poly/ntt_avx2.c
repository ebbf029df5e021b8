/* ntt_avx2.c — AVX2 kernels of the NTT (selected at run time; see ntt_internal.h).
 * Functions carry __attribute__((target("avx2"))) so no global -march flag is needed.
 * Same arithmetic as the scalar kernels (canonical values, Shoup twiddle products), so the
 * results are bit-identical. Stages with h < 8 (the last three of a block) use the scalar
 * butterflies. */
#include "poly/ntt_internal.h"

#ifdef SWIRL_NTT_HAVE_X86
#include <immintrin.h>

#define T256 __attribute__((target("avx2")))

static inline T256 __m256i add256(__m256i a, __m256i b, __m256i P) {
    __m256i s = _mm256_add_epi32(a, b);
    return _mm256_min_epu32(s, _mm256_sub_epi32(s, P));
}

/* x * w mod p for any x < 2^32 and canonical w with Shoup quotient wq. */
static inline T256 __m256i mul256(__m256i x, __m256i w, __m256i wq, __m256i P) {
    __m256i pe = _mm256_mul_epu32(x, wq);
    __m256i po = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(wq, 32));
    __m256i q = _mm256_blend_epi32(_mm256_srli_epi64(pe, 32), po, 0xAA);
    __m256i r = _mm256_sub_epi32(_mm256_mullo_epi32(x, w), _mm256_mullo_epi32(q, P));
    return _mm256_min_epu32(r, _mm256_sub_epi32(r, P));
}

static T256 void avx2_row(bb_t *lo, bb_t *hi, const bb_t *w, const bb_t *wq, size_t cnt) {
    const __m256i P = _mm256_set1_epi32((int)SWIRL_BB_P);
    size_t j = 0;
    for (; j + 8 <= cnt; j += 8) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(lo + j));
        __m256i y = _mm256_loadu_si256((const __m256i *)(hi + j));
        __m256i vw = _mm256_loadu_si256((const __m256i *)(w + j));
        __m256i vq = _mm256_loadu_si256((const __m256i *)(wq + j));
        _mm256_storeu_si256((__m256i *)(lo + j), add256(x, y, P));
        _mm256_storeu_si256((__m256i *)(hi + j), mul256(_mm256_add_epi32(_mm256_sub_epi32(x, y), P), vw, vq, P));
    }
    if (j < cnt) swirl_ntt_row_scalar(lo + j, hi + j, w + j, wq + j, cnt - j);
}

static T256 void avx2_row4(const swirl_ntt_tables *t, bb_t *a, size_t q, size_t j0, size_t cnt) {
    if (q < 8) {
        swirl_ntt_row4_scalar(t, a, q, j0, cnt);
        return;
    }
    const __m256i P = _mm256_set1_epi32((int)SWIRL_BB_P);
    const bb_t *W = t->tw + 2 * q, *Wq = t->twq + 2 * q, *V = t->tw + q, *Vq = t->twq + q;
    bb_t *a0 = a, *a1 = a + q, *a2 = a + 2 * q, *a3 = a + 3 * q;
    size_t j = j0, end = j0 + cnt;
#define LD(p) _mm256_loadu_si256((const __m256i *)(p))
    for (; j + 8 <= end; j += 8) {
        __m256i x0 = LD(a0 + j), x1 = LD(a1 + j), x2 = LD(a2 + j), x3 = LD(a3 + j);
        __m256i y0 = add256(x0, x2, P), y1 = add256(x1, x3, P);
        __m256i y2 = mul256(_mm256_add_epi32(_mm256_sub_epi32(x0, x2), P), LD(W + j), LD(Wq + j), P);
        __m256i y3 = mul256(_mm256_add_epi32(_mm256_sub_epi32(x1, x3), P), LD(W + q + j), LD(Wq + q + j), P);
        __m256i v = LD(V + j), vq = LD(Vq + j);
        _mm256_storeu_si256((__m256i *)(a0 + j), add256(y0, y1, P));
        _mm256_storeu_si256((__m256i *)(a1 + j), mul256(_mm256_add_epi32(_mm256_sub_epi32(y0, y1), P), v, vq, P));
        _mm256_storeu_si256((__m256i *)(a2 + j), add256(y2, y3, P));
        _mm256_storeu_si256((__m256i *)(a3 + j), mul256(_mm256_add_epi32(_mm256_sub_epi32(y2, y3), P), v, vq, P));
    }
#undef LD
    if (j < end) swirl_ntt_row4_scalar(t, a, q, j, end - j);
}

static T256 void avx2_rs_first(const swirl_ntt_tables *t, const bb_t *in, bb_t *out, size_t q, size_t j0,
                               size_t cnt) {
    const __m256i P = _mm256_set1_epi32((int)SWIRL_BB_P);
    const bb_t *W = t->tw + 2 * q, *Wq = t->twq + 2 * q, *V = t->tw + q, *Vq = t->twq + q;
    size_t j = j0, end = j0 + cnt;
#define LD(p) _mm256_loadu_si256((const __m256i *)(p))
    for (; j + 8 <= end; j += 8) {
        __m256i x0 = LD(in + j), x1 = LD(in + q + j);
        __m256i y2 = mul256(x0, LD(W + j), LD(Wq + j), P);
        __m256i y3 = mul256(x1, LD(W + q + j), LD(Wq + q + j), P);
        __m256i v = LD(V + j), vq = LD(Vq + j);
        _mm256_storeu_si256((__m256i *)(out + j), add256(x0, x1, P));
        _mm256_storeu_si256((__m256i *)(out + q + j), mul256(_mm256_add_epi32(_mm256_sub_epi32(x0, x1), P), v, vq, P));
        _mm256_storeu_si256((__m256i *)(out + 2 * q + j), add256(y2, y3, P));
        _mm256_storeu_si256((__m256i *)(out + 3 * q + j), mul256(_mm256_add_epi32(_mm256_sub_epi32(y2, y3), P), v, vq, P));
    }
#undef LD
    if (j < end) swirl_ntt_rs_first_scalar(t, in, out, q, j, end - j);
}

static T256 void avx2_mul_row(bb_t *dst, const bb_t *src, const bb_t *w, const bb_t *wq, size_t cnt) {
    const __m256i P = _mm256_set1_epi32((int)SWIRL_BB_P);
    size_t j = 0;
    for (; j + 8 <= cnt; j += 8) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(src + j));
        __m256i vw = _mm256_loadu_si256((const __m256i *)(w + j));
        __m256i vq = _mm256_loadu_si256((const __m256i *)(wq + j));
        _mm256_storeu_si256((__m256i *)(dst + j), mul256(x, vw, vq, P));
    }
    for (; j < cnt; j++) dst[j] = swirl_ntt_mul_shoup(src[j], w[j], wq[j]);
}

static T256 void avx2_dif_block(const swirl_ntt_tables *t, bb_t *a, unsigned log_n) {
    size_t n = (size_t)1 << log_n, h = n >> 1;
    for (; h >= 16; h >>= 2)
        for (size_t g = 0; g < n; g += 2 * h) avx2_row4(t, a + g, h >> 1, 0, h >> 1);
    for (; h >= 8; h >>= 1)
        for (size_t g = 0; g < n; g += 2 * h) avx2_row(a + g, a + g + h, t->tw + h, t->twq + h, h);
    swirl_ntt_stages_scalar(t, a, n, h);
}

const swirl_ntt_kernels swirl_ntt_kernels_avx2 = {"avx2", avx2_row, avx2_row4, avx2_mul_row, avx2_rs_first, avx2_dif_block};

#endif
