/* sr_ops.h — the computations of the stacked opening reduction's prover between two transcript
 * events (iop.md §6.3).
 *
 * src/iop/stacked_reduction.c owns the protocol (lambda, the round-0 polynomial's interpolation
 * and observation, u_0 .. u_n_stack, the openings' observation). Each gap between two transcript
 * events is one call of this table on a workspace the backend owns: the slice tables (eqY, rotY
 * per distinct ñ), the q and W tables over (stacked column, chunk) and their fold partners.
 * Implementations: src/backend/cpu/sr_cpu.c and src/backend/cuda/sr_cuda.c + sr.cu; they return
 * identical values (tests/gpu/test_sr_ops.c).
 *
 * Notation: l = l_skip, ch = 2^l, H = 2^(l + n_stack) stacked rows, nchunks = H / ch, W stacked
 * columns over all commitments (commitment order), D2 = 2 ch round-0 points w_{l+1}^t. */
#ifndef SWIRL_SR_OPS_H
#define SWIRL_SR_OPS_H

#include <stddef.h>
#include "field/babybear.h"
#include "iop/stacked_reduction.h"
#include "pcs/stacked.h"

typedef struct swirl_sr_ws swirl_sr_ws;

typedef struct swirl_sr_shape {
    unsigned l;
    size_t n_stack;
    size_t num_commits;
    const size_t *widths;          /* stacked width of each commitment */
    size_t total_width;            /* W */
    const swirl_sr_slice *slices;  /* global slice order; valid until destroy */
    size_t num_slices;
    size_t n_max;                  /* the sumcheck point r has n_max + 1 entries: every slice's ñ <= n_max */
    const bb_t *const *host_stacked;              /* each commitment's host stacked matrix */
    const swirl_stacked_pcs_data *const *commits; /* the commitments (NULL: host matrices only) */
} swirl_sr_shape;

typedef struct swirl_sr_ops {
    int (*create)(void *backend, const swirl_sr_shape *shape, swirl_sr_ws **out);
    void (*destroy)(swirl_sr_ws *ws);
    /* After lambda: the slice tables at r, then evals[t] = s_0(w_{l+1}^t), t < D2. */
    int (*round0)(swirl_sr_ws *ws, ef_t lambda, const ef_t *r, ef_t *evals);
    /* After u_0: q[g][y] = sum_z L_z(u_0) Q_g[y ch + z], W[g][y] = the slices' weights at u_0. */
    int (*tables)(swirl_sr_ws *ws, ef_t u0, ef_t r0);
    /* Round polynomial of sum_g sum_y q w over tables of `len` entries per column, at 1 and 2. */
    int (*round)(swirl_sr_ws *ws, size_t len, ef_t *s1, ef_t *s2);
    /* q, w <- folded at u: len -> len / 2 entries per column. */
    int (*fold)(swirl_sr_ws *ws, size_t len, ef_t u);
    /* out[g] = q[g][0], g < W (after the last fold). */
    int (*openings)(swirl_sr_ws *ws, ef_t *out);
} swirl_sr_ops;

typedef struct swirl_sr_backend {
    const swirl_sr_ops *ops;
    void *ops_ctx; /* passed to ops->create */
} swirl_sr_backend;

/* The CPU implementation; ops_ctx is the swirl_pool (NULL: serial). */
const swirl_sr_ops *swirl_sr_cpu_ops(void);

/* Shared by both implementations (host math, small): the Z factors of a slice of log height
 * l + n at Z, split by what they multiply — per distinct n they are computed once, the lambda
 * powers of each slice are then two products:
 *   c_eq  = lam_e * f.e + lam_k * f.k1,   c_rot = lam_k * f.k2 (n > 0; 0 otherwise). */
typedef struct swirl_sr_zf {
    ef_t e, k1, k2;
} swirl_sr_zf;
swirl_sr_zf swirl_sr_z_factors(unsigned l, int n, ef_t Z, ef_t r0);
/* lambda powers of slice i: lam_e = lambda^(2i), lam_k = need_rot ? lambda^(2i+1) : 0. */
void swirl_sr_slice_lambdas(const swirl_sr_slice *slices, size_t ns, ef_t lambda, ef_t *lam_e, ef_t *lam_k);
/* eqY (2^nt) and rotY - eqY (2^nt) over y_low of r_1 .. r_nt. */
void swirl_sr_y_tables(const ef_t *r, size_t nt, ef_t *eqY, ef_t *rotY);

#endif
