/* gkr_ops.h — the computations of the LogUp-GKR prover between two transcript events (iop.md
 * §4.3–4.7).
 *
 * src/iop/gkr.c owns the protocol (q0_claim, the layer claims and the round polynomials are
 * observed there; xi, lambda, rho and mu are sampled there; the NonZeroRootSum decision is made
 * there). Each gap between two transcript events is one call of this table on a workspace the
 * backend owns: the fraction tree (every layer j, 2^j numerators and denominators) and one
 * layer's five sumcheck tables p(0,y), p(1,y), q(0,y), q(1,y), eq(xi, y). Only small scalars
 * cross back to the caller.
 * Implementations: src/backend/cpu/gkr_cpu.c and src/backend/cuda/gkr_cuda.c + gkr.cu; they
 * return identical values (tests/gpu/test_gkr_ops.c).
 *
 * Order of calls for L layers: create(L); leaves or load_leaves; tree; root_children; then for
 * j = 2..L: layer(j, xi), and j - 1 times round(len) + fold(len) with len = 2^(j-1) .. 2; then
 * claims. */
#ifndef SWIRL_GKR_OPS_H
#define SWIRL_GKR_OPS_H

#include <stddef.h>
#include "field/babybear.h"
#include "iop/gkr.h"
#include "iop/zerocheck.h"
#include "swirl.h"

typedef struct swirl_gkr_ws swirl_gkr_ws;

/* What the input layer is made of (iop.md §4.3): the present traces in trace order and the
 * LogUp challenges. The leaves are 2^(l_skip + n_logup) fractions. */
typedef struct swirl_gkr_leaves_input {
    const swirl_system_params *params;
    const swirl_zc_trace *traces;
    size_t num_traces;
    size_t n_logup;
    ef_t alpha, beta;
    /* where the traces' parts were committed (a device backend reads resident columns in place);
     * NULL: unknown, the backend reads the host traces */
    const swirl_zc_residence *residence;
} swirl_gkr_leaves_input;

typedef struct swirl_gkr_ops {
    /* A workspace for L layers (1 <= L <= 32); ops_ctx: the backend's context. */
    int (*create)(void *ops_ctx, unsigned L, swirl_gkr_ws **out);
    void (*destroy)(swirl_gkr_ws *ws);
    /* Leaves from the traces: p = norm * count, q = alpha + h_beta(message, bus) for every row of
     * every interaction at its segment (swirl_logup_segments), p = 0, q = alpha elsewhere. */
    int (*leaves)(swirl_gkr_ws *ws, const swirl_gkr_leaves_input *in);
    /* Leaves given as 2^L host values each (the standalone prover and the tests). */
    int (*load_leaves)(swirl_gkr_ws *ws, const ef_t *p, const ef_t *q);
    /* Every layer of the fraction tree from the leaves; root[0] = p, root[1] = q of the root. */
    int (*tree)(swirl_gkr_ws *ws, ef_t root[2]);
    /* Layer 1's claims: the root's two children. */
    int (*root_children)(swirl_gkr_ws *ws, swirl_gkr_layer_claims *c);
    /* Layer j >= 2: the four tables of 2^(j-1) entries from tree layer j and eq over the first
     * j - 1 values of xi. */
    int (*layer)(swirl_gkr_ws *ws, unsigned j, const ef_t *xi);
    /* The round polynomial over tables of `len` entries (len >= 2) at X = 1, 2, 3:
     * s(X) = sum_y eq (p0 q1 + p1 q0 + lambda q0 q1), every table linear in X. */
    int (*round)(swirl_gkr_ws *ws, size_t len, ef_t lambda, ef_t s[3]);
    /* Every table folded at r: len -> len / 2 entries. */
    int (*fold)(swirl_gkr_ws *ws, size_t len, ef_t r);
    /* The layer's claims after its last fold: the tables' first entries. */
    int (*claims)(swirl_gkr_ws *ws, swirl_gkr_layer_claims *c);
} swirl_gkr_ops;

typedef struct swirl_gkr_backend {
    const swirl_gkr_ops *ops;
    void *ops_ctx; /* passed to ops->create */
} swirl_gkr_backend;

/* The CPU implementation; ops_ctx is the swirl_pool (NULL: serial). */
const swirl_gkr_ops *swirl_gkr_cpu_ops(void);

/* The prover on a backend: leaves from `in`, then the protocol. Same results as swirl_gkr_prove
 * on the leaves swirl_logup_leaves computes. */
int swirl_gkr_prove_traces(swirl_transcript *tr, const swirl_gkr_backend *be, const swirl_gkr_leaves_input *in,
                           unsigned L, swirl_gkr_proof *out, ef_t *xi_out);

/* The prover on a backend from host leaves (2^L each): swirl_gkr_prove on any backend. */
int swirl_gkr_prove_with(swirl_transcript *tr, const swirl_gkr_backend *be, const ef_t *p, const ef_t *q, unsigned L,
                         swirl_gkr_proof *out, ef_t *xi_out);

/* ---- the input layer's layout (src/iop/logup_leaves.c, shared by every backend) ---- */

/* One trace's block of leaves: interaction i of the trace occupies leaves
 * [offset + i * rows, offset + (i + 1) * rows), row k of the block being lifted row k of the
 * trace (rows = 2^max(log_height, l_skip); a shorter trace repeats cyclically); numerators are
 * scaled by norm = 2^-(l_skip - log_height) for a trace shorter than 2^l_skip (1 otherwise). */
typedef struct swirl_logup_segment {
    size_t trace;  /* index into the input's traces */
    size_t offset; /* first leaf */
    size_t rows;   /* Hl */
    bb_t norm;
} swirl_logup_segment;

/* The segments of every trace with interactions, in trace order (*out owned by the caller,
 * swirl_free; *n may be 0). SWIRL_ERR_INVALID_ARG: an AIR with too many parts or leaves past
 * 2^(l_skip + n_logup). */
int swirl_logup_segments(const swirl_gkr_leaves_input *in, swirl_logup_segment **out, size_t *n);

#endif
