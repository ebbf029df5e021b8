/* stacked.h — the stacked PCS commitment (crypto_pcs.md §5; iop.md §6.1).
 *
 * Interface contract used by keygen (preprocessed commitments), the prover (common main and
 * cached commitments) and WHIR. The pcs module owns this header; the signatures of
 * swirl_stacked_commit, swirl_stacked_pcs_data_free and the fields commit / width below are
 * relied on by src/air (keygen) and must stay. */
#ifndef SWIRL_STACKED_H
#define SWIRL_STACKED_H

#include <stddef.h>
#include "swirl.h"
#include "field/babybear.h"
#include "hash/merkle.h"
#include "util/pool.h"

/* Where unstacked column j of matrix m lives: stacked column col_idx, starting row row_idx. */
typedef struct swirl_stacked_slice {
    size_t matrix, column;
    size_t col_idx, row_idx;
    unsigned log_height;
} swirl_stacked_slice;

typedef struct swirl_stacked_layout {
    size_t l_skip;
    size_t log_stacked_height; /* m = l_skip + n_stack */
    size_t num_slices;
    swirl_stacked_slice *slices; /* layout order: matrix by matrix, column by column */
    size_t width;                /* number of stacked columns */
} swirl_stacked_layout;

/* Copies of a commitment that the backend which made it keeps in its own memory (the device
 * buffers of the CUDA backend), released with the commitment. A backend recognises its own
 * copies by `backend`; the host fields of the commitment may then be NULL (codeword). */
typedef struct swirl_resident {
    const char *backend;
    void (*release)(struct swirl_resident *self);
} swirl_resident;

typedef struct swirl_stacked_pcs_data {
    swirl_stacked_layout layout;
    bb_t *stacked;     /* column-major, 2^m rows x width: the stacked matrix Q (§5.3) */
    bb_t *message;     /* column-major, 2^m rows x width: the RS message c of each column (§5.4) */
    bb_t *codeword;    /* column-major, 2^(m+log_blowup) rows x width (§5.4); NULL when only
                        * the resident copy holds it (tree.layers are then NULL too) */
    unsigned log_blowup;
    swirl_merkle_tree tree; /* over the codeword rows, rows_per_query = 2^k_whir */
    swirl_digest commit;    /* = tree.root */
    swirl_resident *resident; /* NULL, or the making backend's copies (owned) */
    /* Identity of an immutable commitment (a proving key's preprocessed trace; util/uid.h), under
     * which a device backend may cache its own copies across proofs; 0: none, do not cache. */
    uint64_t uid;
} swirl_stacked_pcs_data;

/* Build the layout of matrices (widths[i], log_heights[i]), in the given (stacking) order.
 * SWIRL_ERR_TRACE if a height exceeds 2^m, a width SWIRL_MAX_AIR_WIDTH, or a slice would
 * straddle a stacked column (heights not non-increasing); SWIRL_ERR_OUT_OF_MEMORY when the slices
 * cannot be allocated (callers must not report that as a bad shape). The layout owns `slices`
 * (swirl_stacked_layout_free). */
int swirl_stacked_layout_build(size_t l_skip, size_t log_stacked_height, const size_t *widths,
                               const unsigned *log_heights, size_t num_matrices, swirl_stacked_layout *out);
void swirl_stacked_layout_free(swirl_stacked_layout *layout);
/* The layout of traces given in stacking order (heights powers of two, non-increasing), without
 * allocating any matrix (a device backend stacks on the device). */
int swirl_stacked_layout_of(const swirl_system_params *params, const swirl_trace *const *traces, size_t num_traces,
                            swirl_stacked_layout *out);

/* RS message of one stacked column q (2^m values) in place: per chunk of 2^l_skip an inverse
 * DFT then the subset-sum (zeta) transform over the l_skip chunk bits (§5.4). */
struct swirl_ntt_tables;

/* Commit a list of row-major traces (already in stacking order: heights non-increasing) as one
 * stacked matrix. Heights must be powers of two with log2(h) <= l_skip + n_stack. */
int swirl_stacked_commit(const swirl_system_params *params, const swirl_trace *const *traces,
                         size_t num_traces, swirl_pool *pool, swirl_stacked_pcs_data **out);
void swirl_stacked_pcs_data_free(swirl_stacked_pcs_data *data);

/* The same commitment in its three stages, each recorded as a span (stacked_commit,
 * rs_code_matrix, merkle_tree) under the caller's open span. */
struct swirl_spans;
int swirl_stacked_commit_timed(const swirl_system_params *params, const swirl_trace *const *traces, size_t num_traces,
                               swirl_pool *pool, struct swirl_spans *spans, swirl_stacked_pcs_data **out);
/* Stage 1: layout, buffers (stacked, message, codeword all allocated) and the stacked matrix. */
int swirl_stacked_prepare(const swirl_system_params *params, const swirl_trace *const *traces, size_t num_traces,
                          swirl_pool *pool, swirl_stacked_pcs_data **out);
/* Stage 2a: message = per-chunk iDFT + subset-sum transform of the stacked columns (§5.4). */
int swirl_stacked_message(const swirl_system_params *params, swirl_stacked_pcs_data *data, swirl_pool *pool);
/* Stage 2b: codeword = RS encoding of the message. */
int swirl_stacked_encode(const swirl_system_params *params, swirl_stacked_pcs_data *data, swirl_pool *pool);
/* Stage 3: the Merkle tree of the codeword; sets commit. */
int swirl_stacked_merkle(const swirl_system_params *params, swirl_stacked_pcs_data *data, swirl_pool *pool);

#endif
