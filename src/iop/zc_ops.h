/* zc_ops.h — the computations of the batch constraint sumcheck's prover between two transcript
 * events (iop.md §5).
 *
 * src/iop/zerocheck.c owns the protocol: lambda, the per-trace LogUp sums and their observation,
 * mu, s_0 (its combination from the per-point sums, iDFT, degree check, observation), r_0, every
 * round's s_j (the eq prefix, the X factor, the tails of short traces), r_j, and the openings'
 * order and observation. Each gap between two transcript events is one call of this table on a
 * workspace the backend owns (the traces' columns, the compiled programs, the r_0 tables).
 * Implementations: src/backend/cpu/zc_cpu.c and src/backend/cuda/zc_cuda.c + zc.cu; they return
 * identical values (tests/gpu/test_zc_ops.c).
 *
 * Notation: l = l_skip, ch = 2^l, E = 2^(l+b) round-0 points (2^b >= D+1), ñ_t = max(n_t, 0),
 * "lifted columns" of a trace: every part's columns and their rotations, then the selectors
 * is_first, is_last, is_transition (zc_internal.h's colmap); sel_t = ncols_t - 3 opened values.
 * The bracket of trace t at column values v:
 *   eq#(xi, r_0) (mu^(2t) norm_t sum_i ew_i num_i + mu^(2t+1) sum_i ew_i den_i)
 *   + mu^(2N+t) eq(xi_0, r_0) sum_k lambda^k c_k. */
#ifndef SWIRL_ZC_OPS_H
#define SWIRL_ZC_OPS_H

#include <stddef.h>
#include "field/babybear.h"
#include "iop/zerocheck.h"
#include "poly/ntt.h"

typedef struct swirl_zc_ws swirl_zc_ws;

typedef struct swirl_zc_shape {
    const swirl_zc_trace *traces; /* N present traces, trace order; valid until destroy */
    size_t N;
    unsigned l, b;
    size_t D, E, n_max;
    const ef_t *xi;               /* l + n_global entries */
    ef_t beta;
    ef_t *const *ew;              /* per trace: LogUp weights of its interactions */
    const bb_t *ext_weights;      /* ch x E: swirl_zc_extension_weights(l, b) */
    const swirl_ntt_tables *tab;  /* up to 2^(l+b) points */
    const swirl_zc_residence *residence; /* where the parts were committed (NULL: host traces only) */
} swirl_zc_shape;

/* The scalars of the bracket (above), fixed once r_0 is known; mup: 3N + 1 powers of mu. */
typedef struct swirl_zc_bracket {
    ef_t lambda;
    const ef_t *mup; /* valid until the workspace is destroyed */
    ef_t eqs0, eqd0; /* eq#(xi, r_0), eq(xi_0, r_0) */
} swirl_zc_bracket;

typedef struct swirl_zc_ops {
    /* Workspace over the present traces (columns, programs); before lambda. */
    int (*create)(void *backend, const swirl_zc_shape *shape, swirl_zc_ws **out);
    void (*destroy)(swirl_zc_ws *ws);
    /* After lambda: adds trace t's eq-weighted sums at the E points into A[t E + pt] (LogUp
     * numerator times norm_t), B (denominator) and C (lambda-batched constraints). */
    int (*round0)(swirl_zc_ws *ws, ef_t lambda, ef_t *A, ef_t *B, ef_t *C);
    /* After r_0: every lifted column's table f(r_0, x) over x < 2^ñ, and the bracket's scalars
     * for the rounds. For every trace with ñ = 0, br[t] = its bracket at the tables (other
     * entries untouched). */
    int (*tables)(swirl_zc_ws *ws, ef_t r0, const swirl_zc_bracket *bk, ef_t *br);
    /* Round j >= 1: acc[X - 1] = sum over traces with ñ >= j, y < 2^(ñ-j) of
     * eq(xi[l+j ..], y) * bracket(columns at (X, y)), X = 1..D+1 (the eq prefix and the
     * xi_{l+j-1} factor are the protocol's). */
    int (*round)(swirl_zc_ws *ws, size_t j, ef_t *acc);
    /* Fold every trace with ñ >= j by r_j; for the traces with ñ = j, br[t] = their bracket at the
     * folded columns (other entries untouched). */
    int (*fold)(swirl_zc_ws *ws, size_t j, ef_t rj, ef_t *br);
    /* After the last fold: out[off_t + c] = lifted column c of trace t at r, c < sel_t, traces
     * in order (off_t = sum of sel over earlier traces). */
    int (*openings)(swirl_zc_ws *ws, ef_t *out);
} swirl_zc_ops;

typedef struct swirl_zc_backend {
    const swirl_zc_ops *ops;
    void *ops_ctx; /* passed to ops->create */
} swirl_zc_backend;

/* The CPU implementation; ops_ctx is the swirl_pool (NULL: serial). */
const swirl_zc_ops *swirl_zc_cpu_ops(void);

#endif
