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

/* Operations of the compiled DAG program (zc_internal.h's zc_prog). */
enum { SWIRL_ZC_OP_COL = 0, SWIRL_ZC_OP_CONST = 1, SWIRL_ZC_OP_ADD = 2, SWIRL_ZC_OP_SUB = 3, SWIRL_ZC_OP_NEG = 4,
       SWIRL_ZC_OP_MUL = 5 };
/* The round-0 extension weights: w[z * 2^(l+b) + pt] is the value at point pt of the subgroup of
 * size 2^(l+b) of the polynomial of degree < 2^l through the unit vector e_z on the skip domain
 * (computed with the NTT in tab, so every path extends exactly as the CPU's NTT path does). The
 * prover computes them once per proof and hands them to every round-0 path. */
int swirl_zc_extension_weights(const swirl_ntt_tables *tab, unsigned l, unsigned b, bb_t *w);

/* Where the present traces' parts were committed, for a backend that reads them where they lie
 * (a device backend's resident commitments): column c of part p of trace t (the proof's part
 * order) is unstacked slice slice0 + c of commitment data, with loc = parts[t *
 * SWIRL_MAX_TRACE_PARTS + p] (data NULL: not known; the backend uses the host trace). */
typedef struct swirl_zc_part_loc {
    const swirl_stacked_pcs_data *data;
    size_t slice0;
} swirl_zc_part_loc;
typedef struct swirl_zc_residence {
    const swirl_zc_part_loc *parts; /* N x SWIRL_MAX_TRACE_PARTS */
} swirl_zc_residence;

struct swirl_zc_backend; /* iop/zc_ops.h */

/* xi has l + n_global entries (GKR output extended by samples); n_logup as in iop.md §4.2. The
 * computations run on backend's operation table (NULL: the CPU ops on pool); residence may be
 * NULL (host traces only). */
int swirl_zc_prove(const swirl_system_params *params, swirl_transcript *tr, const swirl_zc_trace *traces, size_t N,
                   const ef_t *xi, size_t n_logup, ef_t beta, swirl_pool *pool, struct swirl_spans *spans,
                   const struct swirl_zc_backend *backend, const swirl_zc_residence *residence, swirl_batch_proof *out,
                   ef_t *r_out);

/* Verifier: traces give vk, log_height and public values (other fields unused). P, Q are the
 * GKR outputs ((0, alpha) without interactions). */
int swirl_zc_verify(const swirl_system_params *params, swirl_transcript *tr, const swirl_zc_trace *traces, size_t N,
                    const ef_t *xi, size_t n_logup, ef_t alpha, ef_t beta, ef_t P, ef_t Q,
                    const swirl_batch_proof *proof, ef_t *r_out, swirl_error *err);

/* total_interactions and n_logup of iop.md §4.2 */
size_t swirl_logup_n(const swirl_system_params *params, const swirl_zc_trace *traces, size_t N, uint64_t *total);

#endif
