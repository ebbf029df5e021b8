/* merkle.c — Merkle trees with query-group leaves (crypto_pcs.md §3.3–3.4).
 *
 * Build: row digests d0[r] (N = 2^L), then k query-group layers, each mapping a layer of
 * length l to l/2 by new[x*S + y] = C(prev[2x*S + y], prev[(2x+1)*S + y]) with S = N/2^k,
 * giving Q[0..S); then a plain binary tree over Q up to the root. Only Q and the layers above
 * it are kept (openings never need row digests: the verifier rehashes the opened rows). */
#include "hash/merkle.h"

#include <stdlib.h>
#include <string.h>

void swirl_merkle_free(swirl_merkle_tree *t) {
    if (!t) return;
    if (t->layers) {
        for (unsigned i = 0; i <= t->depth; i++) free(t->layers[i]);
        free(t->layers);
    }
    memset(t, 0, sizeof *t);
}

int swirl_merkle_build(swirl_merkle_tree *t, const swirl_matrix_view *m, unsigned k, swirl_pool *pool) {
    if (!t || !m || (!m->base && m->height != 0 && m->width != 0)) return SWIRL_ERR_INVALID_ARG;
    memset(t, 0, sizeof *t);
    size_t n = m->height;
    if (n == 0 || (n & (n - 1))) return SWIRL_ERR_INVALID_ARG;
    unsigned L = 0;
    while (((size_t)1 << L) < n) L++;
    if (k > L) return SWIRL_ERR_INVALID_ARG;
    t->log_rows = L;
    t->k = k;
    t->depth = L - k;
    size_t S = n >> k;
    swirl_digest *cur = malloc(n * sizeof *cur);
    swirl_digest *tmp = k ? malloc((n / 2) * sizeof *tmp) : NULL;
    t->layers = calloc(t->depth + 1, sizeof *t->layers);
    if (!cur || (k && !tmp) || !t->layers) {
        free(cur); free(tmp); free(t->layers); t->layers = NULL;
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    swirl_hash_rows(m->base, n, m->width, m->row_stride, m->col_stride, cur, pool);
    /* Query-group layers: layer of length len = 2^j * S holds blocks of S digests; pair block
     * 2x with block 2x+1. */
    size_t len = n;
    for (unsigned j = 0; j < k; j++) {
        size_t nblocks = len / S / 2;
        for (size_t x = 0; x < nblocks; x++)
            swirl_compress_many(cur + 2 * x * S, cur + (2 * x + 1) * S, tmp + x * S, S, pool);
        len /= 2;
        memcpy(cur, tmp, len * sizeof *cur);
    }
    free(tmp);
    /* cur[0..S) = Q. Upper tree. */
    swirl_digest *q = realloc(cur, S * sizeof *cur);
    if (!q) q = cur;
    t->layers[0] = q;
    for (unsigned j = 1; j <= t->depth; j++) {
        size_t lj = S >> j;
        swirl_digest *layer = malloc(lj * sizeof *layer);
        if (!layer) { swirl_merkle_free(t); return SWIRL_ERR_OUT_OF_MEMORY; }
        /* prev[2i], prev[2i+1] are adjacent: compress with stride-2 views. */
        const swirl_digest *prev = t->layers[j - 1];
        if (lj >= 1024) {
            /* Deinterleave into left/right halves to batch. */
            swirl_digest *lr = malloc(2 * lj * sizeof *lr);
            if (!lr) { free(layer); swirl_merkle_free(t); return SWIRL_ERR_OUT_OF_MEMORY; }
            for (size_t i = 0; i < lj; i++) { lr[i] = prev[2 * i]; lr[lj + i] = prev[2 * i + 1]; }
            swirl_compress_many(lr, lr + lj, layer, lj, pool);
            free(lr);
        } else {
            for (size_t i = 0; i < lj; i++) swirl_compress(prev[2 * i].v, prev[2 * i + 1].v, layer[i].v);
        }
        t->layers[j] = layer;
    }
    t->root = t->layers[t->depth][0];
    return SWIRL_OK;
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
    swirl_digest buf[64];
    swirl_digest *leaves = nleaf <= 64 ? buf : malloc(nleaf * sizeof *leaves);
    if (!leaves) return 0;
    for (size_t t = 0; t < nleaf; t++) swirl_hash_strided(rows + t * width, width, 1, &leaves[t]);
    for (size_t len = nleaf; len > 1; len /= 2)
        for (size_t i = 0; i < len / 2; i++) swirl_compress(leaves[2 * i].v, leaves[2 * i + 1].v, leaves[i].v);
    swirl_digest cur = leaves[0];
    if (leaves != buf) free(leaves);
    for (unsigned j = 0; j < depth; j++) {
        swirl_digest nx;
        if ((idx >> j) & 1) swirl_compress(proof[j].v, cur.v, nx.v);
        else swirl_compress(cur.v, proof[j].v, nx.v);
        cur = nx;
    }
    return memcmp(cur.v, root->v, sizeof cur.v) == 0;
}
