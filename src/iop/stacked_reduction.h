/* stacked_reduction.h — the stacked opening reduction (iop.md §6): reduces the per-column
 * opening claims of the batch constraint sumcheck (at r = (r_0, ..., r_{n_max})) to openings of
 * the stacked columns at one point u = (u_0, ..., u_{n_stack}) for WHIR. */
#ifndef SWIRL_STACKED_REDUCTION_H
#define SWIRL_STACKED_REDUCTION_H

#include <stddef.h>
#include "field/babybear.h"
#include "swirl.h"
#include "transcript/transcript.h"
#include "util/pool.h"

typedef enum swirl_sr_error {
    SWIRL_SR_OK = 0,
    SWIRL_SR_ERR_S0 = 300,        /* S0Mismatch */
    SWIRL_SR_ERR_FINAL_SUM = 301, /* FinalSumMismatch */
    SWIRL_SR_ERR_SHAPE = 302
} swirl_sr_error;

/* One unstacked column, in global slice order (commitments in order, then layout order). */
typedef struct swirl_sr_slice {
    size_t commit, col; /* stacked column holding the slice */
    size_t row;         /* first stacked row R_s (a multiple of 2^(l + max(n, 0))) */
    int n;              /* log2(height) - l_skip, may be negative */
    int need_rot;
    ef_t claim, claim_rot; /* claim_rot = 0 when !need_rot */
} swirl_sr_slice;

typedef struct swirl_stacking_proof {
    size_t num_univariate; /* 2(2^l - 1) + 1 */
    ef_t *univariate;
    size_t n_stack;
    ef_t *rounds;          /* n_stack x [s(1), s(2)] */
    size_t num_commits;
    size_t *widths;
    ef_t *openings;        /* flattened [commit][column] */
} swirl_stacking_proof;

void swirl_stacking_proof_free(swirl_stacking_proof *p);

/* stacked[c] is commitment c's column-major stacked matrix (2^(l+n_stack) rows, widths[c]
 * columns). r has n_max + 1 entries. u_out receives n_stack + 1 values. */
int swirl_sr_prove(const swirl_system_params *params, swirl_transcript *tr, const bb_t *const *stacked,
                   const size_t *widths, size_t num_commits, const swirl_sr_slice *slices, size_t num_slices,
                   const ef_t *r, size_t n_max, swirl_pool *pool, swirl_stacking_proof *out, ef_t *u_out);

/* The same protocol over any backend's operations (iop/sr_ops.h); swirl_sr_prove is this with
 * the CPU operations on host matrices. */
struct swirl_sr_shape;
struct swirl_sr_backend;
struct swirl_spans;
/* spans (may be NULL) gets the children create (the backend's workspace), round0, rounds (the
 * tables, then every round and fold) and openings of the caller's open span. */
int swirl_sr_prove_on(const swirl_system_params *params, swirl_transcript *tr, const struct swirl_sr_shape *shape,
                      const ef_t *r, const struct swirl_sr_backend *backend, swirl_stacking_proof *out, ef_t *u_out,
                      struct swirl_spans *spans);

int swirl_sr_verify(const swirl_system_params *params, swirl_transcript *tr, const size_t *widths, size_t num_commits,
                    const swirl_sr_slice *slices, size_t num_slices, const ef_t *r, size_t n_max,
                    const swirl_stacking_proof *proof, ef_t *u_out, swirl_error *err);

#endif
