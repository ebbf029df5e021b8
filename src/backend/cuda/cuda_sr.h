/* cuda_sr.h — launchers of the stacked-reduction kernels (sr.cu) and of the commitment's chunk
 * transform (commit.cu), callable from C. Conventions as in cuda_whir.h: d_* are device
 * pointers, EF values are 4 canonical words, host results come back through the mailbox. */
#ifndef SWIRL_CUDA_SR_H
#define SWIRL_CUDA_SR_H

#include <stddef.h>
#include <stdint.h>
#include "backend/cuda/cuda_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One slice of the stacked reduction as the kernels read it (plain data, same layout in C and
 * CUDA). */
typedef struct swirl_cuda_sr_slice {
    uint64_t col;        /* device address of the slice's stacked column (2^(l+n_stack) words) */
    uint32_t chunk0;     /* first chunk (row_idx >> l) */
    uint32_t nch;        /* 2^max(n, 0) chunks */
    uint32_t ytab;       /* offset (EF) of eqY in the y tables; rotY - eqY follows at ytab + nch */
    uint32_t zf_row;     /* n + l: the row of the Z-factor tables */
    uint32_t gcol;       /* global stacked column (commitment order) */
    uint32_t has_rot;    /* n > 0 and lam_k != 0 */
    uint32_t lam_e[4], lam_k[4];
} swirl_cuda_sr_slice;

/* One block of work: chunks [y0, y1) of slice `slice`. */
typedef struct swirl_cuda_sr_block {
    uint32_t slice, y0, y1, pad;
} swirl_cuda_sr_block;

/* Round 0: d_acc (D2 x 4 64-bit words, zeroed here) accumulates every block's contributions
 * c_eq(t) <a, L_t> + c_rot(t) <b, L_t>; evals (host, D2 EF) receives them reduced mod p.
 * d_zf: rows of D2 x (e, k1, k2) EF; d_lw: D2 x 2^l base weights. */
int swirl_cuda_sr_round0(swirl_cuda_dev *dev, unsigned l, const swirl_cuda_sr_slice *d_slices,
                         const swirl_cuda_sr_block *d_blocks, size_t num_blocks, const uint32_t *d_ytab,
                         const uint32_t *d_zf, const uint32_t *d_lw, uint64_t *d_acc, uint32_t *evals);
/* q[g * nchunks + y] = sum_z L0[z] col_g[y 2^l + z]; d_col_ptrs: W device pointers. */
int swirl_cuda_sr_qtable(swirl_cuda_dev *dev, unsigned l, const uint32_t *const *d_col_ptrs, size_t W,
                         size_t nchunks, const uint32_t *d_l0, uint32_t *d_q);
/* w (zeroed here) [gcol * nchunks + chunk0 + y] = fa eqY[y] + fb rotY[y] per slice, with
 * fa = lam_e e + lam_k k1, fb = lam_k k2 from d_zf0 (one (e, k1, k2) row per n + l). */
int swirl_cuda_sr_wtable(swirl_cuda_dev *dev, const swirl_cuda_sr_slice *d_slices, const swirl_cuda_sr_block *d_blocks,
                         size_t num_blocks, const uint32_t *d_ytab, const uint32_t *d_zf0, size_t W, size_t nchunks,
                         uint32_t *d_w);
/* out = [s1, s2] over the W columns' first len entries (stride nchunks). */
int swirl_cuda_sr_round(swirl_cuda_dev *dev, const uint32_t *d_q, const uint32_t *d_w, size_t W, size_t nchunks,
                        size_t len, uint32_t *d_scratch, uint32_t out[8]);
/* q2, w2 <- q, w folded at u (len -> len/2 entries per column, stride nchunks). */
int swirl_cuda_sr_fold(swirl_cuda_dev *dev, const uint32_t *d_q, uint32_t *d_q2, const uint32_t *d_w, uint32_t *d_w2,
                       size_t W, size_t nchunks, size_t len, const uint32_t u[4]);
/* d_out[g] = q[g * nchunks] for g < W. */
int swirl_cuda_sr_first(swirl_cuda_dev *dev, const uint32_t *d_q, size_t W, size_t nchunks, uint32_t *d_out);

/* The RS message of stacked columns: per chunk of 2^l values an inverse DFT then the zeta
 * transform over the l chunk bits; total words = a multiple of 2^l (l <= 10). */
int swirl_cuda_chunk_message(swirl_cuda_dev *dev, const uint32_t *d_stacked, uint32_t *d_message, size_t words,
                             unsigned l);

/* The CUDA backend's stacked-reduction operations (sr_cuda.c); ops_ctx is the swirl_cuda_dev. */
struct swirl_sr_ops;
const struct swirl_sr_ops *swirl_sr_cuda_ops(void);

#ifdef __cplusplus
}
#endif
#endif
