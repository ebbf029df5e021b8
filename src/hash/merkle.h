/* merkle.h — Merkle trees with query-group leaves (crypto_pcs.md §3.3–3.4).
 *
 * A tree commits to a matrix of N = 2^log_rows rows. Rows {y + t*S : t < 2^k}, S = N / 2^k,
 * form one query group; their row digests are reduced by a binary tree in the order of t,
 * giving the query-digest layer Q[0..S); a standard binary tree over Q gives the root.
 *
 * Ownership: the tree owns its digest layers (allocated once by swirl_merkle_build, freed by
 * swirl_merkle_free). It does not keep the matrix: openings take the matrix again. */
#ifndef SWIRL_MERKLE_H
#define SWIRL_MERKLE_H

#include <stddef.h>
#include <stdint.h>
#include "hash/poseidon2.h"
#include "util/pool.h"

/* A read-only view of a matrix of canonical base-field values: element (r, c) lives at
 * base[r*row_stride + c*col_stride]. Column-major: row_stride = 1, col_stride = height.
 * A vector of EF values (4 coefficients each, contiguous) is row_stride = 4, col_stride = 1,
 * width = 4. */
typedef struct swirl_matrix_view {
    const uint32_t *base;
    size_t height, width;
    size_t row_stride, col_stride;
} swirl_matrix_view;

typedef struct swirl_merkle_tree {
    unsigned log_rows;     /* N = 2^log_rows */
    unsigned k;            /* rows per query = 2^k, k <= log_rows */
    unsigned depth;        /* log_rows - k: number of siblings in a proof */
    /* layers[0] = Q (2^depth digests), layers[depth] = [root]; depth + 1 layers. */
    swirl_digest **layers;
    swirl_digest root;
} swirl_merkle_tree;

/* Build the tree of `m` (height must be 2^log_rows with log_rows >= k). Returns SWIRL_OK or
 * SWIRL_ERR_INVALID_ARG / SWIRL_ERR_OUT_OF_MEMORY. */
int swirl_merkle_build(swirl_merkle_tree *tree, const swirl_matrix_view *m, unsigned k,
                       swirl_pool *pool);
void swirl_merkle_free(swirl_merkle_tree *tree);

/* Two-step form for callers that must not allocate in a hot phase (WHIR rounds): allocate the
 * layers of a tree of 2^log_rows rows once, then fill them from a matrix of exactly that height,
 * using a caller-provided scratch of swirl_merkle_scratch_len(log_rows) digests. */
int swirl_merkle_alloc(swirl_merkle_tree *tree, unsigned log_rows, unsigned k);
size_t swirl_merkle_scratch_len(unsigned log_rows);
int swirl_merkle_build_into(swirl_merkle_tree *tree, const swirl_matrix_view *m, swirl_pool *pool,
                            swirl_digest *scratch);

/* Siblings for query index idx in [0, 2^depth): proof[j] = layers[j][(idx >> j) ^ 1]. */
int swirl_merkle_path(const swirl_merkle_tree *tree, size_t idx, swirl_digest *proof_out);

/* Verify 2^k opened rows (rows[t*width + c], t < 2^k, each of `width` base elements) at query
 * index idx against root, with `depth` siblings. Returns 1 if valid, 0 otherwise. */
int swirl_merkle_verify(const swirl_digest *root, unsigned k, size_t width, const uint32_t *rows,
                        size_t idx, const swirl_digest *proof, unsigned depth);

#endif
