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

/* The EF tables of round 0 for many traces in one launch (asynchronous). Trace i's region dst
 * (4 canonical words per entry) gets head entries copied from heads[src ..] (its lp | bp | den0 |
 * ew, built on the host), then eqx: 2^ntil entries eqx[x] = prod_{j < ntil} (x_j ? xi[j] : 1 -
 * xi[j]), x_j bit j of x, xi the protocol's xi from index l on: the values of
 * swirl_eq_table(xi + l, ntil). first: the trace's first entry in the launch's numbering
 * (first[0] = 0, first[i + 1] = first[i] + head + 2^ntil; total = the last trace's first + its
 * count); ntil <= 31. */
typedef struct swirl_cuda_zc_eft {
    uint32_t *dst;
    uint64_t first;
    uint32_t head, src, ntil, pad;
} swirl_cuda_zc_eft;
int swirl_cuda_zc_r0_tables(swirl_cuda_dev *dev, const swirl_cuda_zc_eft *d_descs, size_t n, uint64_t total,
                            const uint32_t *d_heads, const uint32_t *d_xi);

/* Round 0 of many small traces in one launch (k_zc_round0_multi): the program, tables and sums of
 * a job as in swirl_cuda_zc_r0, every thread's nsl slots (and its 12 words of sums) in shared
 * memory. A warp runs one job at one coset for K consecutive steps: lane path (lane tables, l <=
 * 5) a step is 32 / 2^l chunks in lane groups, the warp's cosets are the E / 2^l cosets of the
 * chunk's subgroup (lane k of coset c at point c + k E / 2^l); weights path a step is one chunk,
 * the "cosets" are the E / 32 runs of 32 consecutive points (E >= 32). Job j's warps are [w0, w0
 * + ncos ceil(steps / K)), warp w0 + q at coset q mod ncos and steps [K (q / ncos), ..); jobs in
 * order of w0, the first at 0. The warp adds its eq-weighted sums into acc once, after its steps.
 * Asynchronous. */
typedef struct swirl_cuda_zc_r0job {
    const uint32_t *code;           /* ninstr x {op, dst, a, b} */
    const swirl_cuda_zc_col *cols;
    const uint32_t *tabs;           /* cnt[ni] | moff[ni + 1] | msg */
    const uint32_t *ef;             /* lp | bp | den0 | ew | eqx */
    unsigned long long *acc;        /* 12 E sums, as swirl_cuda_zc_r0's */
    uint32_t ninstr, ni, nx, norm;
    uint32_t o_bp, o_den0, o_ew, o_eqx; /* word offsets of bp, den0, ew, eqx in ef */
    uint32_t w0, steps, pad[2];
} swirl_cuda_zc_r0job;
typedef struct swirl_cuda_zc_r0m {
    const swirl_cuda_zc_r0job *jobs; /* device */
    uint32_t njobs, nwarps, K, nsl;  /* nsl: slots per thread, >= every job's nslots */
    uint32_t l, E;
    const uint32_t *W, *lanes;       /* as swirl_cuda_zc_r0's */
} swirl_cuda_zc_r0m;
int swirl_cuda_zc_round0_multi(swirl_cuda_dev *dev, const swirl_cuda_zc_r0m *p);
/* The largest nsl the multi-job kernel takes ((nsl + 12 sums) x 256 threads x 4 bytes = 44 KB a
 * block, four blocks of 64 registers a thread per SM). */
enum { SWIRL_CUDA_ZC_R0M_MAX_SLOTS = 32 };
static inline int swirl_cuda_zc_r0m_lanes(const swirl_cuda_zc_r0m *p) { return p->lanes && p->l <= 5; }
static inline uint32_t swirl_cuda_zc_r0m_cosets(const swirl_cuda_zc_r0m *p) {
    return swirl_cuda_zc_r0m_lanes(p) ? p->E >> p->l : p->E >> 5;
}
static inline uint32_t swirl_cuda_zc_r0m_steps(const swirl_cuda_zc_r0m *p, uint32_t nx) {
    const uint32_t G = swirl_cuda_zc_r0m_lanes(p) ? 32u >> p->l : 1;
    return (nx + G - 1) / G;
}

/* The multilinear rounds. Every batched launch walks the traces in one order, descending ñ (the
 * traces active in round j, ñ >= j, are a prefix of it), a thread (or block) range per trace
 * placed by a prefix array pre (pre[0] = 0, pre[i + 1] = pre[i] + trace i's count, n + 1
 * entries): trace i's work is [pre[i] >> j, pre[i + 1] >> j) in round j (exact: every active
 * count is a multiple of 2^j). The r_0 tables of trace i: two buffers T[0], T[1] of ncols x 2^ñ
 * EF (column c at c 2^ñ, + 1 EF of padding), folded back and forth: round j reads T[(j-1) & 1]
 * and its fold writes T[j & 1], so after its last fold (round ñ) a trace's tables are T[ñ & 1]. */
typedef struct swirl_cuda_zc_tab {
    const swirl_cuda_zc_col *cols;  /* every lifted column's source */
    uint32_t *T[2];
    uint32_t ncols, ntil, sel, out; /* out: the index of the trace's first opening (trace order) */
} swirl_cuda_zc_tab;
/* Tables after r_0, traces [0, n) (pre: counts ncols 2^ñ; total = pre[n]): T[0][c 2^ñ + x] =
 * sum_z L0[z] lifted_c[x 2^l + z]. */
int swirl_cuda_zc_tables_all(swirl_cuda_dev *dev, const swirl_cuda_zc_tab *d_tabs, const uint64_t *d_pre, size_t n,
                             uint64_t total, unsigned l, const uint32_t *d_L0);
/* Round j's fold (j >= 1) of traces [0, n), all with ñ >= j (the same pre; total = pre[n] >> j):
 * dst[c][y] = src[c][2y] + r (src[c][2y+1] - src[c][2y]) for y < 2^(ñ-j). */
int swirl_cuda_zc_fold_all(swirl_cuda_dev *dev, const swirl_cuda_zc_tab *d_tabs, const uint64_t *d_pre, size_t n,
                           uint64_t total, unsigned j, const uint32_t r[4]);
/* Openings of traces [0, n) (opre: counts sel; total = opre[n]): d_out[out + c] = T[ñ & 1][c 2^ñ]
 * for c < sel. */
int swirl_cuda_zc_first_all(swirl_cuda_dev *dev, const swirl_cuda_zc_tab *d_tabs, const uint64_t *d_opre, size_t n,
                            uint64_t total, uint32_t *d_out);
/* Round j's eq tables over y for every ñ = j + m, m = 0 .. mtop (mtop <= 30): d_out[2^m - 1 + y] =
 * eq(xi[j .. j + m), bits(y)) for y < 2^m (2^(mtop+1) - 1 EF in all), d_xi the protocol's xi from
 * index l on: the values of swirl_eq_table(xi + l + j, m). */
int swirl_cuda_zc_eqy(swirl_cuda_dev *dev, const uint32_t *d_xi, unsigned j, unsigned mtop, uint32_t *d_out);

/* One trace's round sums: a block per point (y < half, X = X0 .. X0 + nX - 1) runs the level
 * program in EF (code: instructions sorted by level, level L at [lv[L], lv[L+1]); cacc: after
 * level L, entries [cacc_off[L], cacc_off[L+1]) of {slot, k} add lambda^k times the slot) on the
 * columns interpolated at X between T[ucols[u] * stride + 2y] and + 1, forms the bracket with
 * coef = {eq#(xi, r0) mu^(2t), eq#(xi, r0) mu^(2t+1), mu^(2N+t) eq(xi_0, r0)} (EF) and norm,
 * and adds eqy[y] times it into acc[(X - X0) * 4 ..] (64-bit sums of canonical words). Slots:
 * shared memory when swirl_cuda_zc_mle_fits(nslots, optin), else slots (half x nX x nslots x 4
 * words, which the caller provides then). Launches above 48 KB of shared memory need
 * swirl_cuda_zc_mle_reserve first. */
enum { SWIRL_CUDA_ZC_MLE_THREADS = 256 };
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
int swirl_cuda_zc_mle_sums(swirl_cuda_dev *dev, const swirl_cuda_zc_mle *job, size_t optin);
/* optin: the device's opt-in shared memory per block (query once per workspace). */
int swirl_cuda_zc_mle_optin(swirl_cuda_dev *dev, size_t *optin);
/* A point's nslots slots and a full block's reduction scratch fit one block's shared memory. */
static inline int swirl_cuda_zc_mle_fits(size_t nslots, size_t optin) {
    return nslots <= optin / 16 && nslots * 16 + SWIRL_CUDA_ZC_MLE_THREADS * 16 <= optin;
}
/* The batched launch's block also holds the job (the kernel copies it from its descriptor). */
enum { SWIRL_CUDA_ZC_MLE_JOB_BYTES = 256 };
static inline int swirl_cuda_zc_mle_batch_fits(size_t nslots, size_t optin) {
    return nslots <= optin / 16 && nslots * 16 + SWIRL_CUDA_ZC_MLE_THREADS * 16 + SWIRL_CUDA_ZC_MLE_JOB_BYTES <= optin;
}
/* Let the round-sum kernels use up to bytes of dynamic shared memory (raises, never lowers). */
int swirl_cuda_zc_mle_reserve(swirl_cuda_dev *dev, size_t bytes);

/* Many traces' round sums (or brackets) in one launch, every trace's slots in shared memory.
 * descs: per trace in descending ñ, its job (T, half, X0, nX, eqy, acc, slots unused: the
 * launch's) with its two table buffers, ñ and index. Round j >= 1 (first = 0): the points (y <
 * 2^(ñ-j), X = X0 .. X0 + nX - 1) of descs [0, n), all with ñ >= j, placed by pre (counts 2^ñ;
 * points = pre[n] >> j), eq weights from swirl_cuda_zc_eqy's tables in eqy, every sum into
 * acc[(X - X0) 4 ..]. Brackets (j = 0): descs [first, first + n) at (y, X) = (0, 0) on T[ñ & 1],
 * eqy one EF 1, trace t's sum into acc[4 t ..]. maxslots: the largest nslots among them (each
 * swirl_cuda_zc_mle_batch_fits); threads: a power of two in 32 .. 256 (any gives the same sums:
 * field sums are exact). Shared memory: (maxslots + threads) 16 + SWIRL_CUDA_ZC_MLE_JOB_BYTES
 * bytes, reserved by swirl_cuda_zc_mle_reserve above 48 KB. */
typedef struct swirl_cuda_zc_mle_desc {
    swirl_cuda_zc_mle job;
    const uint32_t *T[2];
    uint32_t ntil, trace;
} swirl_cuda_zc_mle_desc;
typedef struct swirl_cuda_zc_mle_batch {
    const swirl_cuda_zc_mle_desc *descs;
    const uint64_t *pre;
    uint64_t points;
    uint32_t first, n, j, X0, nX, maxslots, threads;
    const uint32_t *eqy;
    unsigned long long *acc;
    /* round sums (j >= 1) of small programs only (maxslots <= SWIRL_CUDA_ZC_MLE_SERIAL_SLOTS):
     * a thread per point, no barriers (threads unused) */
    uint32_t serial;
} swirl_cuda_zc_mle_batch;
/* The thread-per-point path: slots per program, threads per block (slots x threads x 16 bytes
 * of shared memory stay within the default 48 KB), and the program size up to which a thread's
 * serial run beats a block's shared one (instructions, CACCs or interactions). */
enum { SWIRL_CUDA_ZC_MLE_SERIAL_SLOTS = 16, SWIRL_CUDA_ZC_MLE_SERIAL_THREADS = 128, SWIRL_CUDA_ZC_MLE_SERIAL_WORK = 256 };
int swirl_cuda_zc_mle_batch_sums(swirl_cuda_dev *dev, const swirl_cuda_zc_mle_batch *b);

struct swirl_zc_ops;
const struct swirl_zc_ops *swirl_zc_cuda_ops(void);

#ifdef __cplusplus
}
#endif
#endif
