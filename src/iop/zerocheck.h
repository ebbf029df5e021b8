/* zerocheck.h — the batch constraint sumcheck with univariate skip (iop.md §5): zerocheck of
 * every AIR's constraints batched with the LogUp input-layer claims, prover and verifier.
 *
 * Present traces are given in trace order (log_height descending, AIR id ascending). */
#ifndef SWIRL_ZEROCHECK_H
#define SWIRL_ZEROCHECK_H

#include <stddef.h>
#include "air/keys.h"
#include "field/babybear.h"
#include "swirl.h"
#include "transcript/transcript.h"
#include "poly/ntt.h"
#include "util/pool.h"
struct swirl_spans; /* util/spans.h; NULL: no timing */

typedef enum swirl_zc_error {
    SWIRL_ZC_OK = 0,
    SWIRL_ZC_ERR_GKR_NUMERATOR = 400,   /* GkrNumeratorMismatch */
    SWIRL_ZC_ERR_GKR_DENOMINATOR = 401, /* GkrDenominatorMismatch */
    SWIRL_ZC_ERR_SUM_CLAIM = 402,       /* SumClaimMismatch */
    SWIRL_ZC_ERR_INCONSISTENT = 403,    /* InconsistentClaims */
    SWIRL_ZC_ERR_SHAPE = 404
} swirl_zc_error;

/* One present trace (prover side). Parts follow the proof's order: common main, preprocessed
 * (if the AIR has one), cached mains. */
typedef struct swirl_zc_trace {
    const swirl_air_vk *vk;
    unsigned log_height;
    const swirl_trace *common;  /* row-major; may have width 0 */
    const swirl_trace *prep;    /* NULL if none */
    const swirl_trace *cached;  /* vk->num_cached traces */
    const uint32_t *public_values;
} swirl_zc_trace;

typedef struct swirl_batch_proof {
    size_t num_traces;
    ef_t *sum_p, *sum_q;          /* per trace */
    size_t num_univariate;        /* (D+1)(2^l - 1) + 1 */
    ef_t *univariate;
    size_t n_max, degree_plus_one; /* rounds x (D+1) values s_j(1..D+1) */
    ef_t *rounds;
    /* column openings: per trace, per part, flat [c0, c0rot, c1, c1rot, ...] (rot omitted when
     * !need_rot): part_offset[t * 8 + part] into openings, part_len likewise (<= 8 parts) */
    size_t *part_count, *part_offset, *part_len;
    ef_t *openings;
    size_t num_openings;
} swirl_batch_proof;

void swirl_batch_proof_free(swirl_batch_proof *p);

/* Round 0 of the batch constraint sumcheck for one trace, in a form a backend can take over: the
 * DAG compiled to a straight-line program over the lifted columns, and everything the
 * accumulation needs. For every chunk x < Hl / 2^l and point pt < E of the subgroup of size
 * E = 2^(l+b): extend each column's chunk (2^l values) to the E points, run the program in F,
 * and add eqx[x] * (norm * sum_i ew[i] count_i), eqx[x] * sum_i ew[i] den_i and
 * eqx[x] * sum_k lp[k] c_k to A[pt], B[pt], C[pt], where den_i = sum_q bp[q] msg_iq +
 * bp[len_i] (bus_i + 1). */
enum { SWIRL_ZC_OP_COL = 0, SWIRL_ZC_OP_CONST = 1, SWIRL_ZC_OP_ADD = 2, SWIRL_ZC_OP_SUB = 3, SWIRL_ZC_OP_NEG = 4,
       SWIRL_ZC_OP_MUL = 5 };
typedef struct swirl_zc_r0_input {
    size_t num_nodes;
    const uint32_t *op, *arg0, *arg1; /* COL: arg0 = lifted column; CONST: arg0 = value; else node ids < own id */
    size_t num_constraints;
    const uint32_t *constraint_nodes;
    size_t num_interactions;
    const uint32_t *count_nodes, *msg_offsets, *msg_nodes, *bus; /* message i: msg_nodes[msg_offsets[i] .. [i+1]) */
    const bb_t *M; /* lifted columns, column-major, ncols x Hl */
    size_t ncols, Hl;
    unsigned l, b;
    size_t E;
    const ef_t *eqx, *lp, *bp, *ew; /* Hl >> l; num_constraints; max message length + 1; num_interactions */
    bb_t norm;
    const bb_t *ext_weights; /* swirl_zc_extension_weights(l, b): extend every chunk with these */
} swirl_zc_r0_input;
/* The round-0 extension weights: w[z * 2^(l+b) + pt] is the value at point pt of the subgroup of
 * size 2^(l+b) of the polynomial of degree < 2^l through the unit vector e_z on the skip domain
 * (computed with the NTT in tab, so every path extends exactly as the CPU's NTT path does). The
 * prover computes them once per proof and hands them to every round-0 path. */
int swirl_zc_extension_weights(const swirl_ntt_tables *tab, unsigned l, unsigned b, bb_t *w);

/* A backend's replacement for round 0 (NULL members: the CPU path). Results must equal the CPU
 * path's exactly (they are field sums, so any order of accumulation gives the same values). */
typedef struct swirl_zc_accel {
    int (*round0)(void *ctx, const swirl_zc_r0_input *in, ef_t *A, ef_t *B, ef_t *C);
    void *ctx;
} swirl_zc_accel;

/* xi has l + n_global entries (GKR output extended by samples); n_logup as in iop.md §4.2. */
int swirl_zc_prove(const swirl_system_params *params, swirl_transcript *tr, const swirl_zc_trace *traces, size_t N,
                   const ef_t *xi, size_t n_logup, ef_t beta, swirl_pool *pool, struct swirl_spans *spans,
                   const swirl_zc_accel *accel, swirl_batch_proof *out, ef_t *r_out);

/* Verifier: traces give vk, log_height and public values (other fields unused). P, Q are the
 * GKR outputs ((0, alpha) without interactions). */
int swirl_zc_verify(const swirl_system_params *params, swirl_transcript *tr, const swirl_zc_trace *traces, size_t N,
                    const ef_t *xi, size_t n_logup, ef_t alpha, ef_t beta, ef_t P, ef_t Q,
                    const swirl_batch_proof *proof, ef_t *r_out, swirl_error *err);

/* total_interactions and n_logup of iop.md §4.2 */
size_t swirl_logup_n(const swirl_system_params *params, const swirl_zc_trace *traces, size_t N, uint64_t *total);

#endif
