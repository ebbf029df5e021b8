/* whir_cuda.c — the CUDA backend's WHIR operations (pcs/whir_ops.h) over device memory.
 *
 * Workspace: the commitments' device copies (resident ones as the commit left them; the others,
 * e.g. preprocessed commitments made at keygen, uploaded once in create), the tables f, w, their
 * fold partners, g, each round's codeword (4 base columns, the DFT's layout) and Merkle tree,
 * and small tables for the launchers. Everything is allocated in create from the device's pool;
 * the rounds allocate nothing. Per sumcheck round: one launch pair and one 32-byte readback.
 * Openings gather rows and paths on the device and come back in one readback per matrix. */
#include <string.h>
#include "backend/cuda/cuda_cache.h"
#include "backend/cuda/cuda_resident.h"
#include "backend/cuda/cuda_whir.h"
#include "pcs/whir.h"
#include "pcs/whir_ops.h"
#include "util/alloc.h"

typedef struct commit_view {
    const uint32_t *d_message;
    const uint32_t *d_codeword;
    const swirl_cuda_tree *tree;
    /* owned copies when the commitment is not resident on this device */
    uint32_t *own_message, *own_codeword;
    swirl_cuda_tree own_tree;
} commit_view;

struct swirl_whir_ws {
    swirl_cuda_dev *dev;
    swirl_whir_shape shape;
    const swirl_stacked_pcs_data *const *commits;
    commit_view *views;
    uint32_t *d_col_ptrs; /* W device pointers (as words) */
    uint32_t *d_mu, *d_k, *d_f, *d_f2, *d_w, *d_w2, *d_g, *d_scratch, *d_zpow, *d_idx, *d_open, *d_ext, *d_base;
    size_t open_words;
    uint32_t **d_cw; /* R - 1 rounds: 4 columns of 2^(m + lb - r - 1) */
    swirl_cuda_tree *round_trees;
    size_t num_round_codewords;
    uint32_t *h_table; /* host table for uploads: max(2m, W, (4 + m) q, ...) words */
    uint32_t *h_open;  /* host copy of one opening (open_words) */
};

static void release_views(swirl_whir_ws *ws) {
    for (size_t c = 0; ws->views && c < ws->shape.num_commits; c++) {
        commit_view *v = &ws->views[c];
        swirl_cuda_release(ws->dev, v->own_message);
        swirl_cuda_release(ws->dev, v->own_codeword);
        swirl_cuda_tree_free(ws->dev, &v->own_tree);
    }
    swirl_free(ws->views);
}

static void cuda_destroy(swirl_whir_ws *ws) {
    if (!ws) return;
    release_views(ws);
    uint32_t *bufs[] = {ws->d_col_ptrs, ws->d_mu, ws->d_k,       ws->d_f,    ws->d_f2,   ws->d_w,   ws->d_w2,
                        ws->d_g,        ws->d_scratch, ws->d_zpow, ws->d_idx, ws->d_open, ws->d_ext, ws->d_base};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) swirl_cuda_release(ws->dev, bufs[i]);
    for (size_t r = 0; ws->d_cw && r < ws->num_round_codewords; r++) swirl_cuda_release(ws->dev, ws->d_cw[r]);
    for (size_t r = 0; ws->round_trees && r < ws->num_round_codewords; r++)
        swirl_cuda_tree_free(ws->dev, &ws->round_trees[r]);
    swirl_free(ws->d_cw);
    swirl_free(ws->round_trees);
    swirl_free(ws->h_table);
    swirl_free(ws->h_open);
    swirl_free(ws);
}

/* Device views of every commitment: resident copies, or uploads of the host ones. */
static int bind_commits(swirl_whir_ws *ws) {
    const size_t H = (size_t)1 << ws->shape.m;
    const size_t N = H << ws->shape.log_blowup;
    ws->views = swirl_calloc(ws->shape.num_commits, sizeof *ws->views);
    if (!ws->views) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t c = 0; c < ws->shape.num_commits; c++) {
        const swirl_stacked_pcs_data *d = ws->commits[c];
        commit_view *v = &ws->views[c];
        const swirl_cuda_resident *res = swirl_cuda_resident_find(ws->dev, d);
        if (res) {
            v->d_message = res->d_message;
            v->d_codeword = res->d_codeword;
            v->tree = &res->tree;
            continue;
        }
        if (!d->message || !d->codeword || !d->tree.layers) return SWIRL_ERR_INVALID_ARG;
        const size_t wc = d->layout.width;
        int rc = swirl_cuda_alloc(ws->dev, (void **)&v->own_message, H * wc * sizeof(uint32_t));
        if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&v->own_codeword, N * wc * sizeof(uint32_t));
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, v->own_message, d->message, H * wc * sizeof(uint32_t));
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, v->own_codeword, d->codeword, N * wc * sizeof(uint32_t));
        if (rc == SWIRL_OK) rc = swirl_cuda_tree_upload(ws->dev, &d->tree, &v->own_tree);
        if (rc) return rc;
        v->d_message = v->own_message;
        v->d_codeword = v->own_codeword;
        v->tree = &v->own_tree;
    }
    return SWIRL_OK;
}

/* The W column pointers of the combination, in commitment order. */
static int upload_column_pointers(swirl_whir_ws *ws) {
    const size_t H = (size_t)1 << ws->shape.m;
    const size_t W = ws->shape.total_width;
    const uint32_t **ptrs = swirl_alloc_array(W + 1, sizeof *ptrs);
    if (!ptrs) return SWIRL_ERR_OUT_OF_MEMORY;
    size_t g = 0;
    for (size_t c = 0; c < ws->shape.num_commits; c++)
        for (size_t col = 0; col < ws->commits[c]->layout.width; col++) ptrs[g++] = ws->views[c].d_message + col * H;
    int rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_col_ptrs, (W + 1) * sizeof *ptrs);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_col_ptrs, ptrs, W * sizeof *ptrs);
    if (rc == SWIRL_OK) rc = swirl_cuda_sync(ws->dev); /* ptrs is freed below; the copy is pageable */
    swirl_free(ptrs);
    return rc;
}

/* Words of the largest opening (rows + paths of one matrix in one round). */
static size_t max_open_words(const swirl_whir_ws *ws) {
    const swirl_whir_shape *s = &ws->shape;
    const size_t rows = (size_t)1 << s->k;
    const size_t q = s->max_queries;
    const size_t depth0 = s->m + s->log_blowup - s->k;
    size_t best = q * rows * 4 + q * depth0 * 8;
    for (size_t c = 0; c < s->num_commits; c++) {
        const size_t words = q * rows * ws->commits[c]->layout.width + q * depth0 * 8;
        if (words > best) best = words;
    }
    return best;
}

static int alloc_ef(swirl_whir_ws *ws, uint32_t **p, size_t n) {
    return swirl_cuda_alloc(ws->dev, (void **)p, (n ? n : 1) * 16);
}

static int alloc_tables(swirl_whir_ws *ws) {
    const swirl_whir_shape *s = &ws->shape;
    const size_t H = (size_t)1 << s->m;
    const size_t q = s->max_queries;
    int rc = SWIRL_OK;
    uint32_t **efs[] = {&ws->d_f, &ws->d_f2, &ws->d_w, &ws->d_w2, &ws->d_g};
    for (size_t i = 0; rc == SWIRL_OK && i < 5; i++) rc = alloc_ef(ws, efs[i], H);
    if (rc == SWIRL_OK) rc = alloc_ef(ws, &ws->d_mu, s->total_width);
    if (rc == SWIRL_OK) rc = alloc_ef(ws, &ws->d_k, 2 * s->m);
    if (rc == SWIRL_OK) rc = alloc_ef(ws, &ws->d_scratch, 2 * SWIRL_CUDA_REDUCE_BLOCKS + 2);
    if (rc == SWIRL_OK) rc = alloc_ef(ws, &ws->d_zpow, s->m + 1);
    if (rc == SWIRL_OK) rc = alloc_ef(ws, &ws->d_ext, s->m + 1);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_idx, (q + 1) * 4);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_base, (q + 1) * (4 + s->m) * 4);
    ws->open_words = max_open_words(ws);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_open, ws->open_words * 4);
    size_t table_words = 8 * s->m + 4 * s->total_width + (4 + s->m) * q + 4 * (s->m + 1) + q + 8;
    ws->h_table = swirl_alloc_array(table_words, sizeof(uint32_t));
    ws->h_open = swirl_alloc_array(ws->open_words, sizeof(uint32_t));
    if (rc == SWIRL_OK && (!ws->h_table || !ws->h_open)) rc = SWIRL_ERR_OUT_OF_MEMORY;
    return rc;
}

static int alloc_rounds(swirl_whir_ws *ws) {
    const swirl_whir_shape *s = &ws->shape;
    ws->num_round_codewords = s->num_rounds - 1;
    ws->d_cw = swirl_calloc(s->num_rounds, sizeof *ws->d_cw);
    ws->round_trees = swirl_calloc(s->num_rounds, sizeof *ws->round_trees);
    if (!ws->d_cw || !ws->round_trees) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t r = 0; r < ws->num_round_codewords; r++) {
        const size_t log_cw = s->m + s->log_blowup - r - 1;
        int rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_cw[r], ((size_t)4 << log_cw) * 4);
        if (rc == SWIRL_OK) rc = swirl_cuda_tree_alloc(ws->dev, &ws->round_trees[r], (unsigned)log_cw, (unsigned)s->k);
        if (rc) return rc;
    }
    return SWIRL_OK;
}

static int cuda_create(void *backend, const swirl_whir_shape *shape, const swirl_stacked_pcs_data *const *commits,
                       swirl_whir_ws **out) {
    *out = NULL;
    swirl_whir_ws *ws = swirl_calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->dev = backend;
    ws->shape = *shape;
    ws->commits = commits;
    int rc = swirl_cuda_ensure_twiddles(ws->dev, (unsigned)(shape->m + shape->log_blowup));
    if (rc == SWIRL_OK) rc = bind_commits(ws);
    if (rc == SWIRL_OK) rc = upload_column_pointers(ws);
    if (rc == SWIRL_OK) rc = alloc_tables(ws);
    if (rc == SWIRL_OK) rc = alloc_rounds(ws);
    if (rc) {
        cuda_destroy(ws);
        return rc;
    }
    *out = ws;
    return SWIRL_OK;
}

static int cuda_init_tables(swirl_whir_ws *ws, const ef_t *mu_pows, const ef_t *u) {
    const size_t m = ws->shape.m;
    const size_t W = ws->shape.total_width;
    int rc = swirl_cuda_write_async(ws->dev, ws->d_mu, mu_pows, W * sizeof(ef_t));
    if (rc == SWIRL_OK)
        rc = swirl_cuda_whir_combine(ws->dev, (const uint32_t *const *)ws->d_col_ptrs, ws->d_mu, W, (size_t)1 << m, ws->d_f);
    if (rc == SWIRL_OK) rc = swirl_cuda_ef_zeta(ws->dev, ws->d_f, (unsigned)m, 0);
    ef_t *kt = (ef_t *)ws->h_table;
    for (size_t i = 0; i < m; i++) {
        kt[2 * i] = ef_sub(ef_one(), ef_double(u[i]));
        kt[2 * i + 1] = u[i];
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_k, kt, 2 * m * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_whir_weights(ws->dev, ws->d_w, ws->d_k, (unsigned)m);
    return rc;
}

static int cuda_sumcheck_eval(swirl_whir_ws *ws, size_t mr, ef_t *s1, ef_t *s2) {
    uint32_t out[8];
    int rc = swirl_cuda_whir_sumcheck(ws->dev, ws->d_f, ws->d_w, (size_t)1 << (mr - 1), ws->d_scratch, out);
    if (rc) return rc;
    memcpy(s1->c, out, 16);
    memcpy(s2->c, out + 4, 16);
    return SWIRL_OK;
}

static int cuda_fold(swirl_whir_ws *ws, size_t mr, ef_t alpha) {
    int rc = swirl_cuda_whir_fold(ws->dev, ws->d_f, ws->d_f2, ws->d_w, ws->d_w2, (size_t)1 << (mr - 1), alpha.c);
    if (rc) return rc;
    uint32_t *t = ws->d_f;
    ws->d_f = ws->d_f2;
    ws->d_f2 = t;
    t = ws->d_w;
    ws->d_w = ws->d_w2;
    ws->d_w2 = t;
    return SWIRL_OK;
}

static int cuda_coefficients(swirl_whir_ws *ws, size_t mr) {
    /* g = Moebius(f): a copy on the stream, then the transform in place */
    int rc = swirl_cuda_copy(ws->dev, ws->d_g, ws->d_f, ((size_t)1 << mr) * sizeof(ef_t));
    if (rc) return rc;
    return swirl_cuda_ef_zeta(ws->dev, ws->d_g, (unsigned)mr, 1);
}

static int cuda_commit_round(swirl_whir_ws *ws, size_t r, size_t mr, size_t lcw, swirl_digest *root) {
    if (r >= ws->num_round_codewords) return SWIRL_ERR_INTERNAL;
    const size_t ncw = (size_t)1 << lcw;
    uint32_t *cols = ws->d_cw[r];
    int rc = swirl_cuda_ef_split(ws->dev, ws->d_g, (size_t)1 << mr, cols, ncw);
    if (rc == SWIRL_OK) rc = swirl_cuda_dft_batch(ws->dev, cols, (unsigned)lcw, 4, ncw, 0);
    /* row r of the EF codeword = (cols[r], cols[ncw + r], cols[2 ncw + r], cols[3 ncw + r]) */
    swirl_matrix_view v = {cols, ncw, 4, 1, ncw};
    if (rc == SWIRL_OK) rc = swirl_cuda_tree_build(ws->dev, &ws->round_trees[r], &v);
    if (rc) return rc;
    *root = ws->round_trees[r].root;
    return SWIRL_OK;
}

static int cuda_eval_g(swirl_whir_ws *ws, size_t mr, ef_t z, ef_t *value) {
    ef_t *zpow = (ef_t *)ws->h_table;
    for (size_t j = 0; j < mr; j++) {
        zpow[j] = z;
        z = ef_sqr(z);
    }
    int rc = swirl_cuda_write_async(ws->dev, ws->d_zpow, zpow, (mr ? mr : 1) * sizeof(ef_t));
    if (rc) return rc;
    return swirl_cuda_ef_eval(ws->dev, ws->d_g, (size_t)1 << mr, ws->d_zpow, ws->d_scratch, value->c);
}

static int cuda_read_g(swirl_whir_ws *ws, size_t mr, ef_t *out) {
    return swirl_cuda_read_small(ws->dev, out, ws->d_g, ((size_t)1 << mr) * sizeof(ef_t));
}

static int upload_indices(swirl_whir_ws *ws, const size_t *idx, size_t q) {
    uint32_t *h = ws->h_table;
    for (size_t i = 0; i < q; i++) h[i] = (uint32_t)idx[i];
    return swirl_cuda_write_async(ws->dev, ws->d_idx, h, q * sizeof(uint32_t));
}

/* Rows (width words each, 2^k per query) and paths of one matrix, gathered and read back. */
static int open_matrix(swirl_whir_ws *ws, const uint32_t *d_matrix, size_t col_stride, size_t width,
                       const swirl_cuda_tree *tree, size_t q, size_t S, uint32_t *rows_out, swirl_digest *paths_out) {
    const size_t row_words = q * ((size_t)1 << ws->shape.k) * width;
    const size_t path_words = q * tree->depth * 8;
    if (row_words + path_words > ws->open_words) return SWIRL_ERR_INTERNAL;
    int rc = swirl_cuda_gather_rows(ws->dev, d_matrix, col_stride, width, ws->d_idx, q, (unsigned)ws->shape.k, S,
                                    ws->d_open);
    if (rc == SWIRL_OK) rc = swirl_cuda_tree_paths(ws->dev, tree, ws->d_idx, q, ws->d_open + row_words);
    if (rc == SWIRL_OK) rc = swirl_cuda_read_small(ws->dev, ws->h_open, ws->d_open, (row_words + path_words) * 4);
    if (rc) return rc;
    memcpy(rows_out, ws->h_open, row_words * 4);
    memcpy(paths_out, ws->h_open + row_words, path_words * 4);
    return SWIRL_OK;
}

static int cuda_open_initial(swirl_whir_ws *ws, const size_t *idx, size_t q, size_t L, swirl_whir_proof *out) {
    const size_t S = (size_t)1 << (L - ws->shape.k);
    const size_t N = (size_t)1 << L;
    int rc = upload_indices(ws, idx, q);
    for (size_t c = 0; rc == SWIRL_OK && c < ws->shape.num_commits; c++) {
        const commit_view *v = &ws->views[c];
        bb_t *rows = out->initial_rows + out->row_offset[c];
        swirl_digest *paths = out->initial_paths + c * out->num_queries0 * out->depth0;
        rc = open_matrix(ws, v->d_codeword, N, ws->commits[c]->layout.width, v->tree, q, S, rows, paths);
    }
    return rc;
}

static int cuda_open_round(swirl_whir_ws *ws, size_t r, const size_t *idx, size_t q, size_t L, ef_t *values,
                           swirl_digest *paths) {
    if (r == 0 || r > ws->num_round_codewords) return SWIRL_ERR_INTERNAL;
    const size_t S = (size_t)1 << (L - ws->shape.k);
    const size_t ncw = (size_t)1 << L;
    int rc = upload_indices(ws, idx, q);
    if (rc) return rc;
    return open_matrix(ws, ws->d_cw[r - 1], ncw, 4, &ws->round_trees[r - 1], q, S, (uint32_t *)values, paths);
}

static int cuda_update_weights(swirl_whir_ws *ws, size_t mr, ef_t z0, ef_t gamma, const size_t *idx, size_t q,
                               size_t log_domain) {
    const unsigned nv = (unsigned)mr;
    ef_t *ext = (ef_t *)ws->h_table;
    ext[0] = gamma;
    for (unsigned j = 0; j < nv; j++) {
        ext[1 + j] = z0;
        z0 = ef_sqr(z0);
    }
    int rc = swirl_cuda_write_async(ws->dev, ws->d_ext, ext, (nv + 1) * sizeof(ef_t));
    if (rc) return rc;
    uint32_t *base = ws->h_table;
    const size_t block_words = 4 + nv;
    const bb_t root = bb_two_adic_generator((unsigned)log_domain);
    ef_t coef = ef_sqr(gamma);
    for (size_t i = 0; i < q; i++) {
        uint32_t *blk = base + i * block_words;
        memcpy(blk, coef.c, 16);
        bb_t zi = bb_pow(root, idx[i]);
        for (unsigned j = 0; j < nv; j++) {
            blk[4 + j] = zi;
            zi = bb_sqr(zi);
        }
        coef = ef_mul(coef, gamma);
    }
    rc = swirl_cuda_write_async(ws->dev, ws->d_base, base, q * block_words * 4);
    if (rc) return rc;
    return swirl_cuda_whir_update_weights(ws->dev, ws->d_w, nv, ws->d_ext, ws->d_base, q);
}

static const swirl_whir_ops cuda_whir_ops = {
    cuda_create,       cuda_destroy,      cuda_init_tables, cuda_sumcheck_eval, cuda_fold,
    cuda_coefficients, cuda_commit_round, cuda_eval_g,      cuda_read_g,        cuda_open_initial,
    cuda_open_round,   cuda_update_weights,
};

const swirl_whir_ops *swirl_whir_cuda_ops(void) { return &cuda_whir_ops; }
