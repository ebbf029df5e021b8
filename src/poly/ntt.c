/* ntt.c — batched DFT / inverse DFT / Reed–Solomon encoding over BabyBear (crypto_pcs.md §5.1,
 * §5.4), natural order in and out.
 *
 * Algorithm
 * ---------
 * Forward DFT of one column of n = 2^L values:
 *   1. Gentleman–Sande decimation-in-frequency (DIF) in place: stage with half-size h
 *      (h = n/2, n/4, ..., 1) maps each pair (a[g+j], a[g+j+h]) of every group g of 2h
 *      elements to (x + y, (x - y) * w_{2h}^j). The result is the DFT in bit-reversed order.
 *      The stages run depth-first (cache-oblivious recursion): two stages at once over a
 *      block (radix 2^2: one memory pass per two stages, kernel row4), then recurse into its
 *      four quarters; blocks of <= 2^SWIRL_NTT_LBLOCK elements are finished in L1 by the ISA
 *      kernel's dif_block (AVX-512: radix-2^2 vector rows while h/2 >= 16, then the last four
 *      stages fused in registers with lane permutes; AVX2: vector rows down to h = 8, scalar
 *      below).
 *   2. A cache-blocked bit-reversal permutation (64x64 tiles) restores natural order.
 * Inverse DFT: idft(v)[j] = 2^-L * dft(v)[-j mod n], so we run the forward DFT and then
 *   swap a[j] <-> a[n-j] while scaling by 2^-L. No inverse twiddle table is needed.
 * RS encode (zero-padded DFT of size N = n*2^b): the first b DIF stages of the padded vector
 *   touch only zeros in their upper halves, so they reduce to "copy c; hi = lo * twiddle" on the
 *   first n entries of each half: after them, memory block k (size n) holds c_i * w_N^(rev_b(k) i).
 *   The remaining L stages run per block, then one bit reversal of the whole N vector. This is
 *   mathematically the full DIF of the padded vector, with the zero work skipped. The last
 *   sparse stage is fused with the first regular one (kernel rs_first), so for log_blowup 1
 *   the message is read once and the codeword written once for the first two stages.
 *
 * Twiddle layout (see ntt_internal.h): tw[h + j] = w_{2h}^j for every power of two h < 2^max_log,
 * so each stage streams through one contiguous run; twq holds Shoup quotients so every twiddle
 * product is 2 high/low multiplies and one conditional subtraction, keeping values canonical
 * between stages. Total 8 * 2^max_log bytes, allocated once by swirl_ntt_tables_create.
 *
 * Threads: columns are spread over the pool when that balances (ncols a multiple of the pool
 * size or at least twice it; each column then runs serially); otherwise each column is
 * parallelised internally: the stages with half-size above 2^(SWIRL_NTT_LPAR-1) are split into
 * ranges of butterflies (quads for radix 2^2), then blocks of 2^SWIRL_NTT_LPAR run in
 * parallel, then the bit-reversal tiles. Results never depend on the thread count or the ISA. */
#include "poly/ntt_internal.h"

#include <stdlib.h>
#include <string.h>
#include "swirl.h"
#include "util/alloc.h"

#define SWIRL_NTT_LPAR 16       /* in-column parallel path: block size of the parallel leaf */
#define SWIRL_NTT_PAR_MIN_L 14  /* columns shorter than this are never split across threads */
#define ROW_UNIT_LOG 12         /* butterflies per parallel work unit in the top stages */

/* ---- tables ------------------------------------------------------------------------------- */

swirl_ntt_tables *swirl_ntt_tables_create(unsigned max_log_n) {
    if (max_log_n > SWIRL_BB_TWO_ADICITY) return NULL;
    swirl_ntt_tables *t = swirl_calloc(1, sizeof *t);
    if (!t) return NULL;
    size_t size = (size_t)1 << (max_log_n < 1 ? 1 : max_log_n);
    t->max_log = max_log_n;
    t->tw = swirl_malloc(size * sizeof(bb_t));
    t->twq = swirl_malloc(size * sizeof(bb_t));
    if (!t->tw || !t->twq) {
        swirl_ntt_tables_free(t);
        return NULL;
    }
    t->tw[0] = 1;
    if (max_log_n >= 1) {
        /* Top level h = 2^(max-1): powers of w_{2^max}; lower levels are every other entry. */
        size_t h = size >> 1;
        bb_t w = bb_two_adic_generator(max_log_n), x = 1;
        size_t head = h < 64 ? h : 64;
        for (size_t j = 0; j < head; j++) {
            t->tw[h + j] = x;
            x = bb_mul(x, w);
        }
        /* x = w^64 now (if h > 64): 64 independent chains pipeline far better than one. */
        bb_t xq = swirl_ntt_shoup_q(x);
        for (size_t j = head; j < h; j++) t->tw[h + j] = swirl_ntt_mul_shoup(t->tw[h + j - 64], x, xq);
        for (h >>= 1; h >= 1; h >>= 1)
            for (size_t j = 0; j < h; j++) t->tw[h + j] = t->tw[2 * h + 2 * j];
    } else {
        t->tw[1] = 1;
    }
    for (size_t i = 0; i < size; i++) t->twq[i] = swirl_ntt_shoup_q(t->tw[i]);

    /* Fused-tail permutation indices and twiddles (independent of max_log). */
    for (unsigned s = 0; s < 4; s++) {
        unsigned h = 1u << s, l = 0;
        for (unsigned p = 0; p < 32; p++) {
            if (p & h) continue;
            t->tail_lo[s][l] = p;
            t->tail_hi[s][l] = p + h;
            t->tail_out[s][p] = l;
            t->tail_out[s][p + h] = 16 + l;
            t->tail_w[s][l] = bb_pow(bb_two_adic_generator(s + 1), p & (h - 1));
            t->tail_wq[s][l] = swirl_ntt_shoup_q(t->tail_w[s][l]);
            l++;
        }
    }
    return t;
}

void swirl_ntt_tables_free(swirl_ntt_tables *t) {
    if (!t) return;
    swirl_free(t->tw);
    swirl_free(t->twq);
    swirl_free(t);
}

unsigned swirl_ntt_tables_max_log(const swirl_ntt_tables *t) { return t ? t->max_log : 0; }

/* ---- scalar kernel set -------------------------------------------------------------------- */

static void scalar_row(bb_t *lo, bb_t *hi, const bb_t *w, const bb_t *wq, size_t cnt) {
    swirl_ntt_row_scalar(lo, hi, w, wq, cnt);
}
static void scalar_row4(const swirl_ntt_tables *t, bb_t *a, size_t q, size_t j0, size_t cnt) {
    swirl_ntt_row4_scalar(t, a, q, j0, cnt);
}
static void scalar_mul_row(bb_t *dst, const bb_t *src, const bb_t *w, const bb_t *wq, size_t cnt) {
    for (size_t j = 0; j < cnt; j++) dst[j] = swirl_ntt_mul_shoup(src[j], w[j], wq[j]);
}
static void scalar_rs_first(const swirl_ntt_tables *t, const bb_t *in, bb_t *out, size_t q, size_t j0,
                            size_t cnt) {
    swirl_ntt_rs_first_scalar(t, in, out, q, j0, cnt);
}
static void scalar_dif_block(const swirl_ntt_tables *t, bb_t *a, unsigned log_n) {
    size_t n = (size_t)1 << log_n;
    swirl_ntt_stages_scalar(t, a, n, n >> 1);
}

const swirl_ntt_kernels swirl_ntt_kernels_scalar = {"scalar",       scalar_row,      scalar_row4,
                                                    scalar_mul_row, scalar_rs_first, scalar_dif_block};

/* ---- ISA selection ------------------------------------------------------------------------ */

static int cpu_best_isa(void) {
#ifdef SWIRL_NTT_HAVE_X86
    if (__builtin_cpu_supports("avx512f")) return SWIRL_NTT_ISA_AVX512;
    if (__builtin_cpu_supports("avx2")) return SWIRL_NTT_ISA_AVX2;
#endif
    return SWIRL_NTT_ISA_SCALAR;
}

static int g_isa_request = SWIRL_NTT_ISA_AUTO;

static int effective_isa(void) {
    int best = cpu_best_isa();
    if (g_isa_request == SWIRL_NTT_ISA_AUTO || g_isa_request > best) return best;
    return g_isa_request;
}

int swirl_ntt_set_isa(int isa) {
    if (isa < SWIRL_NTT_ISA_AUTO || isa > SWIRL_NTT_ISA_AVX512) isa = SWIRL_NTT_ISA_AUTO;
    g_isa_request = isa;
    return effective_isa();
}
int swirl_ntt_get_isa(void) { return effective_isa(); }

const char *swirl_ntt_isa_name(int isa) {
    switch (isa) {
    case SWIRL_NTT_ISA_SCALAR: return "scalar";
    case SWIRL_NTT_ISA_AVX2: return "avx2";
    case SWIRL_NTT_ISA_AVX512: return "avx512";
    default: return "auto";
    }
}

static const swirl_ntt_kernels *kernels_now(void) {
    switch (effective_isa()) {
#ifdef SWIRL_NTT_HAVE_X86
    case SWIRL_NTT_ISA_AVX512: return &swirl_ntt_kernels_avx512;
    case SWIRL_NTT_ISA_AVX2: return &swirl_ntt_kernels_avx2;
#endif
    default: return &swirl_ntt_kernels_scalar;
    }
}

/* ---- bit reversal ------------------------------------------------------------------------- */

size_t swirl_ntt_rev_bits(size_t x, unsigned bits) {
    size_t r = 0;
    for (unsigned i = 0; i < bits; i++, x >>= 1) r = (r << 1) | (x & 1);
    return r;
}

#define BR_B 6 /* tile side 2^BR_B; tiled path for log_n >= 2*BR_B */

/* Tiles m in [m0, m1) of the middle bits (log_n - 2*BR_B bits). Index i = (hi, m, lo) with hi
 * and lo of BR_B bits maps to (rev lo, rev m, rev hi): tile m swaps with tile rev(m), and the
 * pair is processed by whichever of m, rev(m) is smaller. */
static void bitrev_tiles(bb_t *a, unsigned log_n, size_t m0, size_t m1) {
    enum { S = 1 << BR_B };
    unsigned mbits = log_n - 2 * BR_B, sh = log_n - BR_B;
    unsigned char rv[S];
    for (unsigned i = 0; i < S; i++) rv[i] = (unsigned char)swirl_ntt_rev_bits(i, BR_B);
    bb_t b1[S * S], b2[S * S];
    for (size_t m = m0; m < m1; m++) {
        size_t mr = swirl_ntt_rev_bits(m, mbits);
        if (mr < m) continue;
        for (size_t hi = 0; hi < S; hi++) memcpy(b1 + hi * S, a + (hi << sh) + (m << BR_B), S * sizeof(bb_t));
        if (mr != m)
            for (size_t hi = 0; hi < S; hi++)
                memcpy(b2 + hi * S, a + (hi << sh) + (mr << BR_B), S * sizeof(bb_t));
        for (size_t rl = 0; rl < S; rl++) {
            bb_t *dst = a + (rl << sh) + (mr << BR_B);
            for (size_t rh = 0; rh < S; rh++) dst[rh] = b1[(size_t)rv[rh] * S + rv[rl]];
        }
        if (mr != m)
            for (size_t rl = 0; rl < S; rl++) {
                bb_t *dst = a + (rl << sh) + (m << BR_B);
                for (size_t rh = 0; rh < S; rh++) dst[rh] = b2[(size_t)rv[rh] * S + rv[rl]];
            }
    }
}

void swirl_ntt_bit_reverse(bb_t *a, unsigned log_n) {
    size_t n = (size_t)1 << log_n;
    if (log_n >= 2 * BR_B) {
        bitrev_tiles(a, log_n, 0, (size_t)1 << (log_n - 2 * BR_B));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t r = swirl_ntt_rev_bits(i, log_n);
        if (i < r) {
            bb_t x = a[i];
            a[i] = a[r];
            a[r] = x;
        }
    }
}

typedef struct { bb_t *a; unsigned log_n; } bitrev_job;
static void bitrev_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    bitrev_job *j = vp;
    bitrev_tiles(j->a, j->log_n, b, e);
}
static void bitrev_par(bb_t *a, unsigned log_n, swirl_pool *pool) {
    if (!pool || log_n < 2 * BR_B + 2) {
        swirl_ntt_bit_reverse(a, log_n);
        return;
    }
    bitrev_job j = {a, log_n};
    swirl_pool_for(pool, (size_t)1 << (log_n - 2 * BR_B), 4, bitrev_body, &j);
}

/* ---- DIF drivers -------------------------------------------------------------------------- */

typedef struct { const swirl_ntt_kernels *k; const swirl_ntt_tables *t; } ntt_ctx;

/* All stages of one block of 2^log_n, natural in, bit-reversed out; serial, depth-first.
 * (Doing stages in pairs then recursing into quarters is the same sequence of butterflies as
 * the plain stage-by-stage DIF, only reordered: butterflies of different groups commute.) */
static void dif_serial(const ntt_ctx *c, bb_t *a, unsigned log_n) {
    if (log_n <= SWIRL_NTT_LBLOCK) {
        c->k->dif_block(c->t, a, log_n);
        return;
    }
    if (log_n >= SWIRL_NTT_LBLOCK + 2) {
        size_t q = (size_t)1 << (log_n - 2);
        c->k->row4(c->t, a, q, 0, q);
        for (int k = 0; k < 4; k++) dif_serial(c, a + k * q, log_n - 2);
        return;
    }
    size_t h = (size_t)1 << (log_n - 1);
    c->k->row(a, a + h, c->t->tw + h, c->t->twq + h, h);
    dif_serial(c, a, log_n - 1);
    dif_serial(c, a + h, log_n - 1);
}

typedef struct { const ntt_ctx *c; bb_t *a; unsigned log_h, log_g; } dif_job;

/* Units of 2^ROW_UNIT_LOG butterflies of the stage with half 2^log_h (h >= unit size). */
static void row_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    dif_job *j = vp;
    size_t h = (size_t)1 << j->log_h, U = (size_t)1 << ROW_UNIT_LOG;
    for (size_t u = b; u < e; u++) {
        size_t t0 = u << ROW_UNIT_LOG, g = t0 >> j->log_h, o = t0 & (h - 1);
        bb_t *lo = j->a + g * 2 * h + o;
        j->c->k->row(lo, lo + h, j->c->t->tw + h + o, j->c->t->twq + h + o, U);
    }
}
/* Units of 2^ROW_UNIT_LOG quads of the radix-4 step with groups of 2^log_g (quarter >= unit). */
static void row4_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    dif_job *j = vp;
    unsigned log_q = j->log_g - 2;
    size_t q = (size_t)1 << log_q, U = (size_t)1 << ROW_UNIT_LOG;
    for (size_t u = b; u < e; u++) {
        size_t t0 = u << ROW_UNIT_LOG, g = t0 >> log_q, o = t0 & (q - 1);
        j->c->k->row4(j->c->t, j->a + (g << j->log_g), q, o, U);
    }
}
static void block_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    dif_job *j = vp;
    for (size_t g = b; g < e; g++) dif_serial(j->c, j->a + (g << j->log_g), j->log_g);
}

/* DIF of every group of 2^log_g consecutive elements in an array of 2^log_tot. */
static void dif_range(const ntt_ctx *c, bb_t *a, unsigned log_tot, unsigned log_g, swirl_pool *pool) {
    dif_job j = {c, a, 0, log_g};
    if (pool && swirl_pool_size(pool) > 1) {
        while (j.log_g >= SWIRL_NTT_LPAR + 2) {
            swirl_pool_for(pool, (size_t)1 << (log_tot - 2 - ROW_UNIT_LOG), 1, row4_body, &j);
            j.log_g -= 2;
        }
        while (j.log_g > SWIRL_NTT_LPAR) {
            j.log_h = j.log_g - 1;
            swirl_pool_for(pool, (size_t)1 << (log_tot - 1 - ROW_UNIT_LOG), 1, row_body, &j);
            j.log_g--;
        }
    }
    swirl_pool_for(pool, (size_t)1 << (log_tot - j.log_g), 1, block_body, &j);
}

/* ---- inverse post-pass: a[j] <-> a[n-j], everything times 2^-log_n ------------------------- */

typedef struct { bb_t *a; size_t n; bb_t c, cq; } revscale_job;
static void revscale_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    revscale_job *j = vp;
    bb_t *a = j->a;
    for (size_t i = b; i < e; i++) {
        if (i == 0) {
            a[0] = swirl_ntt_mul_shoup(a[0], j->c, j->cq);
            a[j->n / 2] = swirl_ntt_mul_shoup(a[j->n / 2], j->c, j->cq);
            continue;
        }
        bb_t x = a[i], y = a[j->n - i];
        a[i] = swirl_ntt_mul_shoup(y, j->c, j->cq);
        a[j->n - i] = swirl_ntt_mul_shoup(x, j->c, j->cq);
    }
}

/* ---- per-column transforms ---------------------------------------------------------------- */

static void col_dft(const ntt_ctx *c, bb_t *a, unsigned log_n, int inverse, swirl_pool *pool) {
    if (log_n == 0) return;
    dif_range(c, a, log_n, log_n, pool);
    bitrev_par(a, log_n, pool);
    if (inverse) {
        bb_t s = bb_inv_pow2(log_n);
        revscale_job j = {a, (size_t)1 << log_n, s, swirl_ntt_shoup_q(s)};
        swirl_pool_for(pool, j.n / 2, (size_t)1 << 14, revscale_body, &j);
    }
}

/* Sparse first stages of the padded DIF. Stage s (1..b) has half h = N >> s, and in each group
 * of 2h only the first n entries of the lower half are nonzero, so it reduces to
 * hi[0..n) = lo[0..n) * w (mul_row). The last sparse stage (h = n) is fused with the first
 * regular one (h = n/2) by the kernel's rs_first, which reads only the n nonzero inputs.
 * Steps: RS_COPY (out[0..n) = in; not needed when b = 1), RS_MUL (sparse stages, in place in
 * out), RS_FIRST (stages b and b+1; input from `in` when b = 1, else in place in out). */
enum { RS_COPY, RS_MUL, RS_FIRST };
typedef struct {
    const ntt_ctx *c;
    const bb_t *in;
    bb_t *out;
    unsigned log_n;     /* column length 2^log_n (message) */
    unsigned log_h;     /* RS_MUL: half of the stage; RS_FIRST: log of the group size 2n */
    int step;
    unsigned log_chunk; /* units are chunks of 2^log_chunk indices within each group */
    unsigned log_per;   /* log of the index range per group: n (copy, mul) or n/2 (first) */
} rs_job;
static void rs_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    rs_job *j = vp;
    size_t chunk = (size_t)1 << j->log_chunk;
    unsigned upg_log = j->log_per - j->log_chunk; /* units per group (log) */
    const swirl_ntt_kernels *k = j->c->k;
    for (size_t u = b; u < e; u++) {
        size_t g = u >> upg_log, o = (u & (((size_t)1 << upg_log) - 1)) << j->log_chunk;
        if (j->step == RS_COPY) {
            memcpy(j->out + o, j->in + o, chunk * sizeof(bb_t));
        } else if (j->step == RS_MUL) {
            size_t h = (size_t)1 << j->log_h;
            bb_t *lo = j->out + g * 2 * h + o;
            k->mul_row(lo + h, lo, j->c->t->tw + h + o, j->c->t->twq + h + o, chunk);
        } else {
            bb_t *grp = j->out + (g << j->log_h);
            const bb_t *src = j->in ? j->in : grp;
            k->rs_first(j->c->t, src, grp, (size_t)1 << (j->log_n - 1), o, chunk);
        }
    }
}

static void col_rs(const ntt_ctx *c, const bb_t *in, bb_t *out, unsigned log_n, unsigned log_b,
                   swirl_pool *pool) {
    unsigned log_N = log_n + log_b;
    rs_job j = {c, in, out, log_n, 0, RS_COPY, 0, log_n};
    if (log_b == 0 || log_n == 0) {
        /* no fusable pair of stages: copy, sparse stages by mul_row, then the plain DIF */
        j.log_chunk = log_n < 14 ? log_n : 14;
        swirl_pool_for(pool, (size_t)1 << (log_n - j.log_chunk), 1, rs_body, &j);
        j.step = RS_MUL;
        for (unsigned s = 1; s <= log_b; s++) {
            j.log_h = log_N - s;
            swirl_pool_for(pool, (size_t)1 << (s - 1 + log_n - j.log_chunk), 1, rs_body, &j);
        }
        dif_range(c, out, log_N, log_n, pool);
    } else {
        if (log_b >= 2) {
            /* copy the message, then sparse stages 1..b-1 in place */
            j.step = RS_MUL;
            j.log_chunk = log_n < 14 ? log_n : 14;
            j.log_h = log_N - 1;
            rs_job j1 = j;
            /* stage 1: out[N/2 ..] = in * w, out[0..n) = in (the copy) */
            j1.step = RS_COPY;
            swirl_pool_for(pool, (size_t)1 << (log_n - j.log_chunk), 1, rs_body, &j1);
            swirl_pool_for(pool, (size_t)1 << (log_n - j.log_chunk), 1, rs_body, &j);
            for (unsigned s = 2; s < log_b; s++) {
                j.log_h = log_N - s;
                swirl_pool_for(pool, (size_t)1 << (s - 1 + log_n - j.log_chunk), 1, rs_body, &j);
            }
            j.in = NULL; /* RS_FIRST in place */
        }
        /* stages b and b+1 on 2^(b-1) groups of 2n, n/2 quads each */
        j.step = RS_FIRST;
        j.log_h = log_n + 1;
        j.log_per = log_n - 1;
        j.log_chunk = j.log_per < 13 ? j.log_per : 13;
        swirl_pool_for(pool, (size_t)1 << (log_b - 1 + j.log_per - j.log_chunk), 1, rs_body, &j);
        dif_range(c, out, log_N, log_n - 1, pool);
    }
    if (log_N > 0) bitrev_par(out, log_N, pool);
}

/* ---- batch entry points ------------------------------------------------------------------- */

typedef struct {
    const ntt_ctx *c;
    bb_t *data;
    const bb_t *in;
    size_t stride, in_stride;
    unsigned log_n, log_b;
    int inverse, rs;
} batch_job;

static void batch_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    batch_job *j = vp;
    for (size_t col = b; col < e; col++) {
        if (j->rs)
            col_rs(j->c, j->in + col * j->in_stride, j->data + col * j->stride, j->log_n, j->log_b, NULL);
        else
            col_dft(j->c, j->data + col * j->stride, j->log_n, j->inverse, NULL);
    }
}

static void run_batch(batch_job *j, size_t ncols, unsigned log_work, swirl_pool *pool) {
    size_t nth = swirl_pool_size(pool);
    if (ncols % nth == 0 || ncols >= 2 * nth || log_work < SWIRL_NTT_PAR_MIN_L) {
        swirl_pool_for(pool, ncols, 1, batch_body, j);
        return;
    }
    for (size_t col = 0; col < ncols; col++) {
        if (j->rs)
            col_rs(j->c, j->in + col * j->in_stride, j->data + col * j->stride, j->log_n, j->log_b, pool);
        else
            col_dft(j->c, j->data + col * j->stride, j->log_n, j->inverse, pool);
    }
}

static int dft_common(const swirl_ntt_tables *t, bb_t *data, unsigned log_n, size_t ncols,
                      size_t col_stride, swirl_pool *pool, int inverse) {
    if (ncols == 0) return SWIRL_OK;
    if (!t || !data || log_n > t->max_log) return SWIRL_ERR_INVALID_ARG;
    if (ncols > 1 && col_stride < ((size_t)1 << log_n)) return SWIRL_ERR_INVALID_ARG;
    ntt_ctx c = {kernels_now(), t};
    batch_job j = {&c, data, NULL, col_stride, 0, log_n, 0, inverse, 0};
    run_batch(&j, ncols, log_n, pool);
    return SWIRL_OK;
}

int swirl_dft_batch(const swirl_ntt_tables *t, bb_t *data, unsigned log_n, size_t ncols,
                    size_t col_stride, swirl_pool *pool) {
    return dft_common(t, data, log_n, ncols, col_stride, pool, 0);
}

int swirl_idft_batch(const swirl_ntt_tables *t, bb_t *data, unsigned log_n, size_t ncols,
                     size_t col_stride, swirl_pool *pool) {
    return dft_common(t, data, log_n, ncols, col_stride, pool, 1);
}

int swirl_rs_encode_batch(const swirl_ntt_tables *t, const bb_t *in, size_t in_stride,
                          unsigned log_n, unsigned log_blowup, size_t ncols, bb_t *out,
                          size_t out_stride, swirl_pool *pool) {
    if (ncols == 0) return SWIRL_OK;
    if (!t || !in || !out || log_n + log_blowup > t->max_log) return SWIRL_ERR_INVALID_ARG;
    size_t n = (size_t)1 << log_n, N = n << log_blowup;
    if (ncols > 1 && (in_stride < n || out_stride < N)) return SWIRL_ERR_INVALID_ARG;
    ntt_ctx c = {kernels_now(), t};
    batch_job j = {&c, out, in, out_stride, in_stride, log_n, log_blowup, 0, 1};
    run_batch(&j, ncols, log_n + log_blowup, pool);
    return SWIRL_OK;
}

void swirl_dft_naive(const bb_t *in, bb_t *out, unsigned log_n) {
    size_t n = (size_t)1 << log_n;
    bb_t w = bb_two_adic_generator(log_n), wi = 1; /* wi = w^i */
    for (size_t i = 0; i < n; i++) {
        uint64_t acc = 0;
        bb_t x = 1; /* w^(i j) */
        for (size_t j = 0; j < n; j++) {
            acc = (acc + (uint64_t)in[j] * x) % SWIRL_BB_P;
            x = bb_mul(x, wi);
        }
        out[i] = (bb_t)acc;
        wi = bb_mul(wi, w);
    }
}
