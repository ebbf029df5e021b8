/* cuda_zc.h — the CUDA backend's batch constraint sumcheck operations (zc_cuda.c, kernels in
 * zc.cu), callable from C. Conventions as in cuda_sr.h: d_* are device pointers, EF values are 4
 * canonical words. */
#ifndef SWIRL_CUDA_ZC_H
#define SWIRL_CUDA_ZC_H

#include <stddef.h>
#include <stdint.h>
#include "backend/cuda/cuda_api.h"
#include "util/pool.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ops_ctx of swirl_zc_cuda_ops: the device, and the context's host pool (kept for host-side
 * preparation; every stage operation runs on the device). */
typedef struct swirl_cuda_zc_ctx {
    swirl_cuda_dev *dev;
    swirl_pool *pool;
} swirl_cuda_zc_ctx;

/* Where a lifted column's values come from (plain data, same layout in C and CUDA): value at
 * lifted row i of a DATA column is base[(i + rot) & (2^log_h - 1)]; a selector column of a
 * trace of height 2^log_h is is_first / is_last / is_transition of row i & (2^log_h - 1). */
/* The program's extra instruction: {CACC, 0, slot, k} adds lambda^k times the slot's value into
 * the constraint sum (the other ops are SWIRL_ZC_OP_*). */
enum { SWIRL_CUDA_ZC_OP_CACC = 15 };
enum { SWIRL_CUDA_ZC_DATA = 0, SWIRL_CUDA_ZC_FIRST = 1, SWIRL_CUDA_ZC_LAST = 2, SWIRL_CUDA_ZC_TRANS = 3 };
typedef struct swirl_cuda_zc_col {
    uint64_t base;    /* device address of the column (DATA) */
    uint32_t log_h, rot, kind, pad;
} swirl_cuda_zc_col;

/* One trace's round 0 (all pointers device pointers). The program: ninstr instructions of 4
 * words {op, dst, a, b} over nslots liveness-packed slots (op as SWIRL_ZC_OP_* or CACC; COL: a =
 * index into cols; CONST: a = the value in Montgomery form; else a, b = operand slots). The
 * epilogue reads slots: cnt / msg (per interaction i: count slot cnt[i],
 * message slots msg[moff[i] .. moff[i+1])). EF tables (4 canonical words each): lp (lambda^k),
 * bp (beta^q), den0 (per interaction beta^len (bus + 1)), ew (LogUp weights), eqx (nx chunk
 * weights). W: 2^l x E extension weights times 2^64 mod p ([z * E + pt]). d_acc: 12 E 64-bit
 * sums (A, B, C per point, 4 words each) the kernel adds canonical values into (zeroed by the
 * caller); d_slots: nslots x T words of scratch. lanes (for l <= 5; W is then unused), 2 l 2^l + E
 * words, Montgomery form, ch = 2^l, ncos = E / ch, w_n a primitive n-th root (w_ch = w_E^ncos):
 * [st ch + k] for stage st < l of the inverse DFT: w_2s^-(k mod s) when k & s, else 1
 * (s = ch >> (st + 1)); [(l + st) ch + k] for stage st of the forward DFT: w_2s^(k mod s) when
 * k & s, else 1 (s = 2^st); [(2 l + c) ch + k] for coset c: w_E^(c rev_l(k)) / ch times 2^64.
 * Asynchronous. */
typedef struct swirl_cuda_zc_r0 {
    const uint32_t *code;
    uint32_t ninstr, nslots;
    const swirl_cuda_zc_col *cols;
    const uint32_t *cnt, *moff, *msg;
    uint32_t ncons, ni;
    const uint32_t *lp, *bp, *den0, *ew, *eqx;
    uint32_t nx, norm, l, E;
    const uint32_t *W;
    const uint32_t *lanes; /* l <= 5: the lane tables (layout above), else unused */
    unsigned long long *acc;
    uint32_t *slots;
    uint32_t T;
} swirl_cuda_zc_r0;
int swirl_cuda_zc_round0(swirl_cuda_dev *dev, const swirl_cuda_zc_r0 *job);
/* The (chunk, point) pairs the kernel runs for a job: nx E, or with lane tables (l <= 5) padded
 * to whole warps of lane groups (32 / 2^l chunks per warp). T must be a multiple of 256. */
static inline int swirl_cuda_zc_uses_lanes(const swirl_cuda_zc_r0 *job) { return job->lanes && job->l <= 5; }
static inline uint64_t swirl_cuda_zc_round0_pairs(const swirl_cuda_zc_r0 *job) {
    if (!swirl_cuda_zc_uses_lanes(job)) return (uint64_t)job->nx * job->E;
    const uint64_t G = 32u >> job->l;
    return ((uint64_t)job->nx + G - 1) / G * G * job->E;
}

/* The multilinear rounds. Tables: d_T[c * stride + x] (EF) = sum_z L0[z] lifted_c[x 2^l + z]
 * for the ncols lifted columns described by d_cols. Fold: dst[c][y] = src[c][2y] + r (src[c][2y+1]
 * - src[c][2y]) for y < half. First: d_out[k] = d_T[k * stride] for k < n. */
int swirl_cuda_zc_tables(swirl_cuda_dev *dev, const swirl_cuda_zc_col *d_cols, size_t ncols, size_t nx, unsigned l,
                         const uint32_t *d_L0, uint32_t *d_T, size_t stride);
int swirl_cuda_zc_fold(swirl_cuda_dev *dev, const uint32_t *d_src, uint32_t *d_dst, size_t ncols, size_t half,
                       size_t stride, const uint32_t r[4]);
int swirl_cuda_zc_first(swirl_cuda_dev *dev, const uint32_t *d_T, size_t stride, size_t n, uint32_t *d_out);

/* One trace's round sums: a block per point (y < half, X = X0 .. X0 + nX - 1) runs the level
 * program in EF (code: instructions sorted by level, level L at [lv[L], lv[L+1]); cacc: after
 * level L, entries [cacc_off[L], cacc_off[L+1]) of {slot, k} add lambda^k times the slot) on the
 * columns interpolated at X between T[ucols[u] * stride + 2y] and + 1, forms the bracket with
 * coef = {eq#(xi, r0) mu^(2t), eq#(xi, r0) mu^(2t+1), mu^(2N+t) eq(xi_0, r0)} (EF) and norm,
 * and adds eqy[y] times it into acc[(X - X0) * 4 ..] (64-bit sums of canonical words). Slots:
 * shared memory when nslots x 16 bytes fit a block, else slots (half x nX x nslots x 4 words,
 * which the caller provides then). */
typedef struct swirl_cuda_zc_mle {
    const uint32_t *code;
    const uint32_t *lv, *cacc_off, *cacc;
    uint32_t nlevels, nslots;
    const uint32_t *ucols;
    const uint32_t *T;
    uint32_t stride, half, X0, nX;
    const uint32_t *cnt, *moff, *msg;
    uint32_t ni, norm;
    const uint32_t *lp, *bp, *den0, *ew, *eqy, *coef;
    unsigned long long *acc;
    uint32_t *slots;
} swirl_cuda_zc_mle;
int swirl_cuda_zc_mle_sums(swirl_cuda_dev *dev, const swirl_cuda_zc_mle *job);
/* *fits: a point's nslots slots fit one block's shared memory (else the caller provides slots). */
int swirl_cuda_zc_mle_shared_fits(swirl_cuda_dev *dev, size_t nslots, int *fits);

struct swirl_zc_ops;
const struct swirl_zc_ops *swirl_zc_cuda_ops(void);

#ifdef __cplusplus
}
#endif
#endif
