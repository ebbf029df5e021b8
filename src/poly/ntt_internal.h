/* ntt_internal.h — internals of the CPU NTT (ntt.c, ntt_avx2.c, ntt_avx512.c) shared with the
 * tests: the twiddle-table layout, the per-ISA kernel sets and the ISA override switch.
 *
 * Arithmetic convention: every value stored in memory is CANONICAL ([0, p)). Twiddle products
 * use Shoup's method: for a fixed multiplier w with precomputed wq = floor(w * 2^32 / p), and
 * any x < 2^32, q = floor(x * wq / 2^32) and r = x*w - q*p (mod 2^32) lie in [0, 2p), so one
 * conditional subtraction gives the canonical product. All kernels (scalar, AVX2, AVX-512)
 * compute exactly the same canonical values, so results are bit-identical across ISAs. */
#ifndef SWIRL_NTT_INTERNAL_H
#define SWIRL_NTT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "poly/ntt.h"

/* Blocks of at most 2^SWIRL_NTT_LBLOCK elements (16 KiB) are transformed with all their
 * stages in one go by a kernel's dif_block (they stay in L1). */
#define SWIRL_NTT_LBLOCK 12

struct swirl_ntt_tables {
    unsigned max_log;
    /* Level layout: for h = 2^s (0 <= s < max_log) and 0 <= j < h,
     *   tw[h + j] = w_{2h}^j   (w_m = two_adic_generator(log2 m)),
     * i.e. the twiddles of the DIF stage with half-size h sit contiguously at tw + h, in the
     * order the butterflies stream through them. tw[0] = 1 is padding. Length 2^max_log
     * (at least 2). twq[i] is the Shoup quotient of tw[i]. */
    bb_t *tw;
    bb_t *twq;
    /* Fused last four stages (h = 8, 4, 2, 1 -> s = 3..0) on a 32-element chunk held in two
     * 16-lane registers v0 | v1 (positions 0..31): lane l of the "lo" vector is position
     * tail_lo[s][l] (the l-th position with bit s clear), "hi" is tail_hi[s][l] = lo + h;
     * tail_out[s][p] tells where output position p comes from (l: lo lane l; 16 + l: hi
     * lane l). tail_w/tail_wq: twiddle of lane l = w_{2h}^(tail_lo[s][l] mod h). */
    uint32_t tail_lo[4][16], tail_hi[4][16], tail_out[4][32];
    bb_t tail_w[4][16], tail_wq[4][16];
};

typedef struct swirl_ntt_kernels {
    const char *name;
    /* DIF butterfly row: (lo[j], hi[j]) <- (lo[j] + hi[j], (lo[j] - hi[j]) * w[j]), j < cnt. */
    void (*row)(bb_t *lo, bb_t *hi, const bb_t *w, const bb_t *wq, size_t cnt);
    /* Two DIF stages at once (radix 2^2) on the quads (a[j], a[j+q], a[j+2q], a[j+3q]) for
     * j in [j0, j0 + cnt): the stage with half 2q (twiddles tw + 2q) then the one with half q
     * (twiddles tw + q) of a group of 4q elements starting at a. One memory pass for two stages. */
    void (*row4)(const swirl_ntt_tables *t, bb_t *a, size_t q, size_t j0, size_t cnt);
    /* dst[j] = src[j] * w[j], j < cnt (dst and src do not overlap). */
    void (*mul_row)(bb_t *dst, const bb_t *src, const bb_t *w, const bb_t *wq, size_t cnt);
    /* RS first step, for a group of 4q elements whose upper half is zero: the inputs
     * x0 = in[j], x1 = in[j+q] (j in [j0, j0 + cnt)) go through the sparse stage with half 2q
     * (x2 = x3 = 0) and the regular stage with half q, into out[j + {0,1,2,3}q]. `in` may equal
     * `out` (in place) but must not otherwise overlap it. */
    void (*rs_first)(const swirl_ntt_tables *t, const bb_t *in, bb_t *out, size_t q, size_t j0, size_t cnt);
    /* All DIF stages of one block of 2^log_n <= 2^SWIRL_NTT_LBLOCK elements:
     * natural-order input, bit-reversed output. */
    void (*dif_block)(const swirl_ntt_tables *t, bb_t *a, unsigned log_n);
} swirl_ntt_kernels;

/* ISA selection. AUTO picks the best the CPU supports; an explicit request is capped by what
 * the CPU (and the build) supports. Not thread-safe: tests/benches only, never mid-transform. */
enum { SWIRL_NTT_ISA_AUTO = 0, SWIRL_NTT_ISA_SCALAR = 1, SWIRL_NTT_ISA_AVX2 = 2, SWIRL_NTT_ISA_AVX512 = 3 };
/* Returns the ISA now in effect. */
int swirl_ntt_set_isa(int isa);
int swirl_ntt_get_isa(void);
const char *swirl_ntt_isa_name(int isa);

extern const swirl_ntt_kernels swirl_ntt_kernels_scalar;
#if defined(__x86_64__) || defined(__i386__)
#define SWIRL_NTT_HAVE_X86 1
extern const swirl_ntt_kernels swirl_ntt_kernels_avx2;
extern const swirl_ntt_kernels swirl_ntt_kernels_avx512;
#endif

/* In-place bit-reversal permutation of 2^log_n elements (serial). */
void swirl_ntt_bit_reverse(bb_t *a, unsigned log_n);

/* ---- scalar helpers (also used for kernel remainders) ------------------------------------ */

static inline bb_t swirl_ntt_shoup_q(bb_t w) { return (bb_t)(((uint64_t)w << 32) / SWIRL_BB_P); }

/* x < 2^32 (need not be canonical), w canonical with quotient wq; returns x*w mod p. */
static inline bb_t swirl_ntt_mul_shoup(uint32_t x, bb_t w, bb_t wq) {
    uint32_t q = (uint32_t)(((uint64_t)x * wq) >> 32);
    uint32_t r = x * w - q * SWIRL_BB_P; /* exact value in [0, 2p), computed mod 2^32 */
    return r >= SWIRL_BB_P ? r - SWIRL_BB_P : r;
}

static inline void swirl_ntt_row_scalar(bb_t *lo, bb_t *hi, const bb_t *w, const bb_t *wq, size_t cnt) {
    for (size_t j = 0; j < cnt; j++) {
        uint32_t x = lo[j], y = hi[j];
        uint32_t s = x + y; /* < 2^32 */
        lo[j] = s >= SWIRL_BB_P ? s - SWIRL_BB_P : s;
        hi[j] = swirl_ntt_mul_shoup(x + SWIRL_BB_P - y, w[j], wq[j]); /* x - y + p in [1, 2p) */
    }
}

static inline void swirl_ntt_row4_scalar(const swirl_ntt_tables *t, bb_t *a, size_t q, size_t j0, size_t cnt) {
    const bb_t *W = t->tw + 2 * q, *Wq = t->twq + 2 * q, *V = t->tw + q, *Vq = t->twq + q;
    const uint32_t P = SWIRL_BB_P;
    for (size_t j = j0; j < j0 + cnt; j++) {
        uint32_t x0 = a[j], x1 = a[j + q], x2 = a[j + 2 * q], x3 = a[j + 3 * q];
        uint32_t y0 = x0 + x2, y1 = x1 + x3;
        y0 = y0 >= P ? y0 - P : y0;
        y1 = y1 >= P ? y1 - P : y1;
        uint32_t y2 = swirl_ntt_mul_shoup(x0 + P - x2, W[j], Wq[j]);
        uint32_t y3 = swirl_ntt_mul_shoup(x1 + P - x3, W[j + q], Wq[j + q]);
        uint32_t z0 = y0 + y1, z2 = y2 + y3;
        a[j] = z0 >= P ? z0 - P : z0;
        a[j + q] = swirl_ntt_mul_shoup(y0 + P - y1, V[j], Vq[j]);
        a[j + 2 * q] = z2 >= P ? z2 - P : z2;
        a[j + 3 * q] = swirl_ntt_mul_shoup(y2 + P - y3, V[j], Vq[j]);
    }
}

static inline void swirl_ntt_rs_first_scalar(const swirl_ntt_tables *t, const bb_t *in, bb_t *out, size_t q,
                                             size_t j0, size_t cnt) {
    const bb_t *W = t->tw + 2 * q, *Wq = t->twq + 2 * q, *V = t->tw + q, *Vq = t->twq + q;
    const uint32_t P = SWIRL_BB_P;
    for (size_t j = j0; j < j0 + cnt; j++) {
        uint32_t x0 = in[j], x1 = in[j + q];
        uint32_t y2 = swirl_ntt_mul_shoup(x0, W[j], Wq[j]);
        uint32_t y3 = swirl_ntt_mul_shoup(x1, W[j + q], Wq[j + q]);
        uint32_t z0 = x0 + x1, z2 = y2 + y3;
        out[j] = z0 >= P ? z0 - P : z0;
        out[j + q] = swirl_ntt_mul_shoup(x0 + P - x1, V[j], Vq[j]);
        out[j + 2 * q] = z2 >= P ? z2 - P : z2;
        out[j + 3 * q] = swirl_ntt_mul_shoup(y2 + P - y3, V[j], Vq[j]);
    }
}

/* Every DIF stage with half-size h from `h` down to 1 over a block of n elements, scalar. */
static inline void swirl_ntt_stages_scalar(const swirl_ntt_tables *t, bb_t *a, size_t n, size_t h) {
    for (; h >= 1; h >>= 1)
        for (size_t g = 0; g < n; g += 2 * h) swirl_ntt_row_scalar(a + g, a + g + h, t->tw + h, t->twq + h, h);
}

#endif
