/* cuda_whir.h — launchers of the WHIR kernels (whir.cu), callable from C.
 *
 * Every pointer named d_* is device memory; EF values are 4 canonical words (16-byte aligned);
 * scalars passed by value (alpha, z, ...) are host values. All launchers are asynchronous on the
 * device's stream except those that return a host result (they read it through the mailbox).
 * The kernels compute exactly what the CPU operations of src/backend/cpu/whir_cpu.c compute:
 * field arithmetic is exact, so the order of a sum never changes it. */
#ifndef SWIRL_CUDA_WHIR_H
#define SWIRL_CUDA_WHIR_H

#include <stddef.h>
#include <stdint.h>
#include "backend/cuda/cuda_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Blocks of the two-stage reductions; d_scratch of a reduction holds 2 * this + 2 EF values. */
#define SWIRL_CUDA_REDUCE_BLOCKS 512

/* d_f[i] = sum_{g < W} mu[g] * col_g[i] for i < H, col_g = d_col_ptrs[g] (a device array of W
 * device pointers), mu: W EF values on the device. */
int swirl_cuda_whir_combine(swirl_cuda_dev *dev, const uint32_t *const *d_col_ptrs, const uint32_t *d_mu, size_t W,
                            size_t H, uint32_t *d_f);
/* In place over 2^n EF values: zeta (hi += lo, inverse = 0) or Moebius (hi -= lo) per bit. */
int swirl_cuda_ef_zeta(swirl_cuda_dev *dev, uint32_t *d_a, unsigned n, int inverse);
/* d_w[b] = prod_{i < m} (b_i ? u_i : k0_i), d_k = [k0_0, u_0, k0_1, u_1, ...] (2m EF, device). */
int swirl_cuda_whir_weights(swirl_cuda_dev *dev, uint32_t *d_w, const uint32_t *d_k, unsigned m);
/* out = [s1, s2] (2 EF, host): s1 = sum_y f1 w1, s2 = sum_y (2 f1 - f0)(2 w1 - w0), y < half. */
int swirl_cuda_whir_sumcheck(swirl_cuda_dev *dev, const uint32_t *d_f, const uint32_t *d_w, size_t half,
                             uint32_t *d_scratch, uint32_t out[8]);
/* dst[y] = src[2y] + alpha (src[2y+1] - src[2y]) for f -> f2 and w -> w2, y < half. */
int swirl_cuda_whir_fold(swirl_cuda_dev *dev, const uint32_t *d_f, uint32_t *d_f2, const uint32_t *d_w, uint32_t *d_w2,
                         size_t half, const uint32_t alpha[4]);
/* d_cols[c * ncw + i] = coefficient c of g[i] (0 for i >= glen), c < 4, i < ncw. */
int swirl_cuda_ef_split(swirl_cuda_dev *dev, const uint32_t *d_g, size_t glen, uint32_t *d_cols, size_t ncw);
/* out (host EF) = sum_{i < glen} g_i z^i; d_zpow: z^(2^j) for 2^j < glen (device EF). */
int swirl_cuda_ef_eval(swirl_cuda_dev *dev, const uint32_t *d_g, size_t glen, const uint32_t *d_zpow,
                       uint32_t *d_scratch, uint32_t out[4]);
/* d_out[(i * 2^k + t) * width + c] = d_matrix[c * col_stride + d_idx[i] + t * S]. */
int swirl_cuda_gather_rows(swirl_cuda_dev *dev, const uint32_t *d_matrix, size_t col_stride, size_t width,
                           const uint32_t *d_idx, size_t q, unsigned k, size_t S, uint32_t *d_out);
/* d_w[b] += sum_p coef_p * prod_{j < nv} (b_j ? x_pj : 1 - x_pj) over len = 2^nv entries, for one EF
 * point (d_ext = [coef, x_0 .. x_{nv-1}], nv + 1 EF) and q base points (d_base: q blocks of
 * [coef (EF, 4 words), x_0 .. x_{nv-1} (base words)]). */
int swirl_cuda_whir_update_weights(swirl_cuda_dev *dev, uint32_t *d_w, unsigned nv, const uint32_t *d_ext,
                                   const uint32_t *d_base, size_t q);

/* The CUDA backend's WHIR operations (whir_cuda.c); ops_ctx is the swirl_cuda_dev. */
struct swirl_whir_ops;
const struct swirl_whir_ops *swirl_whir_cuda_ops(void);

#ifdef __cplusplus
}
#endif
#endif
