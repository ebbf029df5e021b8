/* cuda_gkr.h — launchers of the LogUp-GKR kernels (gkr.cu), callable from C. Conventions as in
 * cuda_sr.h: d_* are device pointers, EF values are 4 canonical words, host results come back
 * through the mailbox (one small readback each); the others are asynchronous on the stream. */
#ifndef SWIRL_CUDA_GKR_H
#define SWIRL_CUDA_GKR_H

#include <stddef.h>
#include <stdint.h>
#include "backend/cuda/cuda_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a leaves program reads for one of its column slots. */
enum { SWIRL_CUDA_LCOL_DATA = 0, SWIRL_CUDA_LCOL_NEXT = 1, SWIRL_CUDA_LCOL_FIRST = 2, SWIRL_CUDA_LCOL_LAST = 3,
       SWIRL_CUDA_LCOL_TRANS = 4 };
/* A column slot: DATA / NEXT read ptr[row * stride] at row r resp. (r + 1) mod h of the trace
 * (h = 2^log_height); the selectors are computed from the row. */
typedef struct swirl_cuda_logup_col {
    uint64_t ptr;    /* device address of the column's row 0 (DATA / NEXT) */
    uint32_t stride; /* words between two rows */
    uint32_t kind;
} swirl_cuda_logup_col;

/* Operations of a leaves program (the values of iop/zerocheck.h's SWIRL_ZC_OP_*, checked in
 * gkr_cuda.c): COL reads slot a0, CONST is the value a0, the others combine earlier nodes. */
enum { SWIRL_CUDA_LOP_COL = 0, SWIRL_CUDA_LOP_CONST = 1, SWIRL_CUDA_LOP_ADD = 2, SWIRL_CUDA_LOP_SUB = 3,
       SWIRL_CUDA_LOP_NEG = 4, SWIRL_CUDA_LOP_MUL = 5 };
/* One trace's leaves program: the cone of the DAG under its count and message nodes, in F, as a
 * straight-line program. All pointers are device pointers. */
typedef struct swirl_cuda_logup_desc {
    uint32_t num_nodes;
    const uint32_t *op, *a0, *a1;
    uint32_t num_interactions;
    const uint32_t *count, *msg_off, *msg, *bus; /* message i: msg[msg_off[i] .. msg_off[i+1]) */
    const swirl_cuda_logup_col *cols;
    const uint32_t *beta_pow; /* EF: beta^0 .. beta^(max message length) */
    uint32_t alpha[4];
    uint32_t norm;
    unsigned log_height;      /* of the trace */
    uint64_t rows;            /* Hl = 2^max(log_height, l_skip) */
    uint64_t offset;          /* first leaf of the segment */
} swirl_cuda_logup_desc;

/* p[k] = 0, q[k] = alpha for k < n. */
int swirl_cuda_logup_fill(swirl_cuda_dev *dev, uint32_t *d_p, uint32_t *d_q, size_t n, const uint32_t alpha[4]);
/* Every segment of leaves in one launch (see gkr_ops.h's leaves): p = norm * count, q = alpha +
 * h_beta. desc[s] (device memory; its scratch and threads unused) is segment s, whose rows are the
 * launch's global rows first[s] .. first[s + 1] (first: num_segments + 1 entries, device memory,
 * first[num_segments] = total_rows). threads (a multiple of 256) stride over the rows; scratch
 * holds (the largest num_nodes) x threads words. */
typedef struct swirl_cuda_logup_batch {
    const swirl_cuda_logup_desc *desc;
    const uint64_t *first;
    uint32_t num_segments;
    uint64_t total_rows;
    uint32_t threads;
    uint32_t *scratch;
} swirl_cuda_logup_batch;
int swirl_cuda_logup_leaves_batch(swirl_cuda_dev *dev, const swirl_cuda_logup_batch *batch, uint32_t *d_p, uint32_t *d_q);
/* Layers L-1 .. 0 of the fraction tree over d_P, d_Q (2^(L+1) EF each, layer j at 2^j). */
int swirl_cuda_gkr_tree(swirl_cuda_dev *dev, uint32_t *d_P, uint32_t *d_Q, unsigned L);
/* out[i] = *src[i] for the n <= 4 EF values src[i] (device addresses), read back to the host. */
int swirl_cuda_gkr_gather(swirl_cuda_dev *dev, const uint32_t *const src[4], unsigned n, uint32_t *d_tmp, uint32_t *out);
/* Layer tables: a0[y] = lp[2y], a1[y] = lp[2y+1], b0[y] = lq[2y], b1[y] = lq[2y+1], y < m, and
 * e[y] = eq(xi, y) over nv = log2(m) values d_xi; tab holds five tables of `cap` EF. d_eqs: a
 * scratch of SWIRL_CUDA_GKR_EQS(nv) EF (eq over each half of xi; e is their product). */
#define SWIRL_CUDA_GKR_EQS(nv) (((size_t)1 << ((nv) / 2)) + ((size_t)1 << ((nv) - (nv) / 2)))
int swirl_cuda_gkr_layer(swirl_cuda_dev *dev, const uint32_t *d_lp, const uint32_t *d_lq, size_t m,
                         const uint32_t *d_xi, unsigned nv, uint32_t *d_eqs, uint32_t *d_tab, size_t cap);
/* s[0..2] = the round polynomial at 1, 2, 3 over tables of len entries (read back: 48 bytes),
 * one launch. d_partial: SWIRL_CUDA_GKR_PARTIAL_EF EF, zeroed once when allocated: the blocks'
 * partials, the sums and an arrival counter that every launch leaves at 0 again. */
#define SWIRL_CUDA_GKR_MAX_BLOCKS 1024
#define SWIRL_CUDA_GKR_PARTIAL_EF (3 * SWIRL_CUDA_GKR_MAX_BLOCKS + 4)
int swirl_cuda_gkr_round(swirl_cuda_dev *dev, const uint32_t *d_tab, size_t cap, size_t len, const uint32_t lambda[4],
                         uint32_t *d_partial, uint32_t s[12]);
/* The fold by r of tables of 2 len entries (d_src into d_dst, as swirl_cuda_gkr_fold) and then
 * the round over the folded tables of len entries (as swirl_cuda_gkr_round), in one launch. */
int swirl_cuda_gkr_fold_round(swirl_cuda_dev *dev, const uint32_t *d_src, uint32_t *d_dst, size_t cap, size_t len,
                              const uint32_t r[4], const uint32_t lambda[4], uint32_t *d_partial, uint32_t s[12]);
/* dst table k [i] = src[2i] + r (src[2i+1] - src[2i]), i < len / 2, for the five tables. */
int swirl_cuda_gkr_fold(swirl_cuda_dev *dev, const uint32_t *d_src, uint32_t *d_dst, size_t cap, size_t len,
                        const uint32_t r[4]);

/* The CUDA backend's LogUp-GKR operations (gkr_cuda.c); ops_ctx is the swirl_cuda_dev. */
struct swirl_gkr_ops;
const struct swirl_gkr_ops *swirl_gkr_cuda_ops(void);

#ifdef __cplusplus
}
#endif
#endif
