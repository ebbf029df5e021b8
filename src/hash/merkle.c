/* merkle.c — Merkle trees with query-group leaves (crypto_pcs.md §3.3–3.4).
 *
 * Build: row digests d0[r] (N = 2^L), then k query-group layers, each mapping a layer of
 * length l to l/2 by new[x*S + y] = C(prev[2x*S + y], prev[(2x+1)*S + y]) with S = N/2^k,
 * giving Q[0..S); then a plain binary tree over Q up to the root. Only Q and the layers above
 * it are kept (openings never need row digests: the verifier rehashes the opened rows). */
#include "hash/merkle.h"

#include <stdlib.h>
#include <string.h>
#include "util/bigalloc.h"
#include "util/check.h"

#define MERKLE_STACK_LEAVES 64 /* leaves of one opened row group kept on the stack (k <= 6) */

void swirl_merkle_free(swirl_merkle_tree *t) {
    if (!t) return;
    if (t->layers) {
        for (unsigned i = 0; i <= t->depth; i++) swirl_free(t->layers[i]);
        swirl_free(t->layers);
    }
    memset(t, 0, sizeof *t);
}

int swirl_merkle_alloc(swirl_merkle_tree *t, unsigned log_rows, unsigned k) {
    if (!t || k > log_rows || log_rows > 40) return SWIRL_ERR_INVALID_ARG;
    memset(t, 0, sizeof *t);
    t->log_rows = log_rows;
    t->k = k;
    t->depth = log_rows - k;
    t->layers = swirl_calloc(t->depth + 1, sizeof *t->layers);
    if (!t->layers) return SWIRL_ERR_OUT_OF_MEMORY;
    for (unsigned j = 0; j <= t->depth; j++) {
        t->layers[j] = swirl_big_alloc(((size_t)1 << (t->depth - j)) * sizeof(swirl_digest), 0);
        if (!t->layers[j]) { swirl_merkle_free(t); return SWIRL_ERR_OUT_OF_MEMORY; }
    }
    return SWIRL_OK;
}

size_t swirl_merkle_scratch_len(unsigned log_rows) {
    size_t n = (size_t)1 << log_rows;
    return n + n / 2 + 1;
}

int swirl_merkle_build_into(swirl_merkle_tree *t, const swirl_matrix_view *m, swirl_pool *pool, swirl_digest *scratch) {
    if (!t || !t->layers || !m || !scratch || (!m->base && m->height != 0 && m->width != 0)) return SWIRL_ERR_INVALID_ARG;
    size_t n = (size_t)1 << t->log_rows;
    if (m->height != n) return SWIRL_ERR_INVALID_ARG;
    unsigned k = t->k;
    size_t S = n >> k;
    swirl_digest *cur = scratch, *tmp = scratch + n;
    swirl_hash_rows(m->base, n, m->width, m->row_stride, m->col_stride, cur, pool);
    /* Query-group layers: a layer of length len = 2^j * S holds blocks of S digests; pair block
     * 2x with block 2x+1. */
    size_t len = n;
    for (unsigned j = 0; j < k; j++) {
        size_t nblocks = len / S / 2;
        for (size_t x = 0; x < nblocks; x++)
            swirl_compress_many(cur + 2 * x * S, cur + (2 * x + 1) * S, tmp + x * S, S, pool);
        len /= 2;
        memcpy(cur, tmp, len * sizeof *cur);
    }
    memcpy(t->layers[0], cur, S * sizeof *cur);
    for (unsigned j = 1; j <= t->depth; j++) {
        size_t lj = S >> j;
        const swirl_digest *prev = t->layers[j - 1];
        swirl_digest *layer = t->layers[j];
        if (lj >= 1024) {
            /* deinterleave into left/right halves (scratch) to batch the compressions */
            for (size_t i = 0; i < lj; i++) { cur[i] = prev[2 * i]; cur[lj + i] = prev[2 * i + 1]; }
            swirl_compress_many(cur, cur + lj, layer, lj, pool);
        } else {
            for (size_t i = 0; i < lj; i++) swirl_compress(prev[2 * i].v, prev[2 * i + 1].v, layer[i].v);
        }
    }
    t->root = t->layers[t->depth][0];
    return SWIRL_OK;
}

int swirl_merkle_build(swirl_merkle_tree *t, const swirl_matrix_view *m, unsigned k, swirl_pool *pool) {
    if (!t || !m || (!m->base && m->height != 0 && m->width != 0)) return SWIRL_ERR_INVALID_ARG;
    memset(t, 0, sizeof *t);
    size_t n = m->height;
    if (n == 0 || (n & (n - 1))) return SWIRL_ERR_INVALID_ARG;
    unsigned L = 0;
    while (((size_t)1 << L) < n) L++;
    if (k > L) return SWIRL_ERR_INVALID_ARG;
    int rc = swirl_merkle_alloc(t, L, k);
    if (rc) return rc;
    swirl_digest *scratch = swirl_big_alloc(swirl_merkle_scratch_len(L) * sizeof *scratch, 0);
    if (!scratch) { swirl_merkle_free(t); return SWIRL_ERR_OUT_OF_MEMORY; }
    rc = swirl_merkle_build_into(t, m, pool, scratch);
    swirl_free(scratch);
    if (rc) swirl_merkle_free(t);
    return rc;
}

int swirl_merkle_path(const swirl_merkle_tree *t, size_t idx, swirl_digest *proof) {
    if (!t || !t->layers || (!proof && t->depth)) return SWIRL_ERR_INVALID_ARG;
    if (idx >= ((size_t)1 << t->depth)) return SWIRL_ERR_INVALID_ARG;
    for (unsigned j = 0; j < t->depth; j++) proof[j] = t->layers[j][(idx >> j) ^ 1];
    return SWIRL_OK;
}

int swirl_merkle_verify(const swirl_digest *root, unsigned k, size_t width, const uint32_t *rows,
                        size_t idx, const swirl_digest *proof, unsigned depth) {
    if (!root || (!rows && width) || (!proof && depth) || k > 20) return 0;
    if (depth < 64 && (uint64_t)idx >> depth) return 0;
    size_t nleaf = (size_t)1 << k;
    /* small-buffer optimisation, not a limit: 2^k leaves (k <= 20, checked above) live on the
     * stack up to MERKLE_STACK_LEAVES and on the heap beyond */
    swirl_digest buf[MERKLE_STACK_LEAVES];
    swirl_digest *leaves = nleaf <= MERKLE_STACK_LEAVES ? buf : swirl_alloc_array(nleaf, sizeof *leaves);
    if (!leaves) return 0;
    SWIRL_VERIFY_CHECK(leaves != buf || nleaf <= MERKLE_STACK_LEAVES);
    for (size_t t = 0; t < nleaf; t++) swirl_hash_strided(rows + t * width, width, 1, &leaves[t]);
    for (size_t len = nleaf; len > 1; len /= 2)
        for (size_t i = 0; i < len / 2; i++) swirl_compress(leaves[2 * i].v, leaves[2 * i + 1].v, leaves[i].v);
    swirl_digest cur = leaves[0];
    if (leaves != buf) swirl_free(leaves);
    for (unsigned j = 0; j < depth; j++) {
        swirl_digest nx;
        if ((idx >> j) & 1) swirl_compress(proof[j].v, cur.v, nx.v);
        else swirl_compress(cur.v, proof[j].v, nx.v);
        cur = nx;
    }
    return memcmp(cur.v, root->v, sizeof cur.v) == 0;
}
