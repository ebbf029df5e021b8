/* whir_cpu.c — the CPU backend's WHIR operations (pcs/whir_ops.h): whole-buffer operations on
 * host tables, split over the context's pool.
 *
 * Workspace (every buffer sized once in create; the rounds allocate nothing):
 *   f, w        EF tables over the remaining hypercube (2^m), with ping-pong partners f2, w2
 *               for the parallel fold (an in-place fold would race across threads);
 *   g           the folded f's coefficients (Moebius transform);
 *   cw[r]       round r's EF codeword (2^(m + lb - r - 1) values), kept for round r+1's queries;
 *   trees[r]    its Merkle tree (layers allocated up front), one scratch shared by all rounds;
 *   cols        4 base columns for the EF codeword DFT; eb, ee eq tables; pows a point's powers;
 *   partial     per-worker partial sums of the sumcheck reductions.
 * Field addition is exact, so the per-worker split never changes a sum. */
#include <string.h>
#include "pcs/whir.h"
#include "pcs/whir_ops.h"
#include "poly/ntt.h"
#include "util/bigalloc.h"

struct swirl_whir_ws {
    swirl_pool *pool;
    swirl_whir_shape shape;
    const swirl_stacked_pcs_data *const *commits;
    unsigned nworkers;
    ef_t *f, *f2, *w, *w2, *g, *ee, *partial, *pows_ef;
    bb_t *eb, *cols, *pows_bb;
    size_t num_round_codewords; /* R - 1 */
    ef_t **cw;
    swirl_merkle_tree *trees;
    swirl_digest *mscratch;
    swirl_ntt_tables *tab;
};

/* ---- pool bodies ------------------------------------------------------------------------------ */

typedef struct {
    const swirl_stacked_pcs_data *const *commits;
    size_t C, H;
    const ef_t *mu_pows; /* W powers, flattened in commitment order */
    ef_t *f;
} combine_job;

static void combine_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const combine_job *j = vp;
    for (size_t i = b; i < e; i++) {
        ef_t acc = ef_zero();
        size_t g = 0;
        for (size_t c = 0; c < j->C; c++) {
            const swirl_stacked_pcs_data *d = j->commits[c];
            for (size_t col = 0; col < d->layout.width; col++, g++)
                acc = ef_add(acc, ef_mul_bb(j->mu_pows[g], d->message[col * j->H + i]));
        }
        j->f[i] = acc;
    }
}

/* zeta (inverse = 0) or Moebius (inverse = 1) transform of an EF table of 2^n entries. */
typedef struct {
    ef_t *a;
    size_t hb;
    int inverse;
} zeta_job;

static void zeta_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const zeta_job *j = vp;
    for (size_t blk = b; blk < e; blk++) {
        /* block blk covers the indices with bit hb clear: [blk*2hb, blk*2hb + hb) */
        ef_t *lo = j->a + blk * 2 * j->hb;
        ef_t *hi = lo + j->hb;
        for (size_t i = 0; i < j->hb; i++) hi[i] = j->inverse ? ef_sub(hi[i], lo[i]) : ef_add(hi[i], lo[i]);
    }
}

static void ef_zeta(ef_t *a, unsigned n, int inverse, swirl_pool *pool) {
    for (unsigned bit = 0; bit < n; bit++) {
        zeta_job j = {a, (size_t)1 << bit, inverse};
        swirl_pool_for(pool, ((size_t)1 << n) >> (bit + 1), 1 + (1024 >> bit), zeta_body, &j);
    }
}

/* one level of the initial weight table: w[j + h] = w[j] u, w[j] = w[j] k0 for j < h */
typedef struct {
    ef_t *w;
    size_t h;
    ef_t k0, u;
} kt_job;

static void kt_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const kt_job *j = vp;
    for (size_t i = b; i < e; i++) {
        ef_t v = j->w[i];
        j->w[i + j->h] = ef_mul(v, j->u);
        j->w[i] = ef_mul(v, j->k0);
    }
}

typedef struct {
    const ef_t *f, *w;
    ef_t *partial;
} sc_job;

static void sc_body(void *vp, size_t b, size_t e, unsigned wk) {
    const sc_job *j = vp;
    ef_t s1 = ef_zero();
    ef_t s2 = ef_zero();
    for (size_t y = b; y < e; y++) {
        ef_t f0 = j->f[2 * y], f1 = j->f[2 * y + 1], w0 = j->w[2 * y], w1 = j->w[2 * y + 1];
        s1 = ef_add(s1, ef_mul(f1, w1));
        s2 = ef_add(s2, ef_mul(ef_sub(ef_double(f1), f0), ef_sub(ef_double(w1), w0)));
    }
    j->partial[2 * wk] = ef_add(j->partial[2 * wk], s1);
    j->partial[2 * wk + 1] = ef_add(j->partial[2 * wk + 1], s2);
}

typedef struct {
    const ef_t *src;
    ef_t *dst;
    ef_t alpha;
} fold_job;

static void fold_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const fold_job *j = vp;
    for (size_t y = b; y < e; y++) {
        ef_t a = j->src[2 * y], c = j->src[2 * y + 1];
        j->dst[y] = ef_add(a, ef_mul(j->alpha, ef_sub(c, a)));
    }
}

/* EF codeword <-> 4 base columns for the DFT */
typedef struct {
    const ef_t *g;
    bb_t *cols;
    ef_t *cw;
    size_t glen, ncw;
} split_job;

static void split_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const split_job *j = vp;
    for (size_t i = b; i < e; i++)
        for (int c = 0; c < 4; c++) j->cols[(size_t)c * j->ncw + i] = i < j->glen ? j->g[i].c[c] : 0;
}

static void join_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const split_job *j = vp;
    for (size_t i = b; i < e; i++)
        for (int c = 0; c < 4; c++) j->cw[i].c[c] = j->cols[(size_t)c * j->ncw + i];
}

typedef struct {
    ef_t *w;
    const bb_t *eb;
    const ef_t *ee;
    ef_t coef;
} axpy_job;

static void axpy_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const axpy_job *j = vp;
    if (j->eb)
        for (size_t i = b; i < e; i++) j->w[i] = ef_add(j->w[i], ef_mul_bb(j->coef, j->eb[i]));
    else
        for (size_t i = b; i < e; i++) j->w[i] = ef_add(j->w[i], ef_mul(j->coef, j->ee[i]));
}

/* eq table over n variables of a point x, into out[2^n]; bit j of the index <-> x_j. */
static void ef_eq_table(const ef_t *x, unsigned n, ef_t *out) {
    out[0] = ef_one();
    for (unsigned j = 0; j < n; j++) {
        size_t h = (size_t)1 << j;
        ef_t one_minus = ef_sub(ef_one(), x[j]);
        for (size_t i = h; i-- > 0;) {
            ef_t v = out[i];
            out[i + h] = ef_mul(v, x[j]);
            out[i] = ef_mul(v, one_minus);
        }
    }
}

static void bb_eq_table(const bb_t *x, unsigned n, bb_t *out) {
    out[0] = 1;
    for (unsigned j = 0; j < n; j++) {
        size_t h = (size_t)1 << j;
        bb_t one_minus = bb_sub(1, x[j]);
        for (size_t i = h; i-- > 0;) {
            bb_t v = out[i];
            out[i + h] = bb_mul(v, x[j]);
            out[i] = bb_mul(v, one_minus);
        }
    }
}

/* ---- workspace -------------------------------------------------------------------------------- */

static void cpu_destroy(swirl_whir_ws *ws) {
    if (!ws) return;
    swirl_free(ws->f);
    swirl_free(ws->f2);
    swirl_free(ws->w);
    swirl_free(ws->w2);
    swirl_free(ws->g);
    swirl_free(ws->ee);
    swirl_free(ws->partial);
    swirl_free(ws->pows_ef);
    swirl_free(ws->eb);
    swirl_free(ws->cols);
    swirl_free(ws->pows_bb);
    for (size_t r = 0; ws->cw && r < ws->num_round_codewords; r++) swirl_free(ws->cw[r]);
    for (size_t r = 0; ws->trees && r < ws->num_round_codewords; r++) swirl_merkle_free(&ws->trees[r]);
    swirl_free(ws->cw);
    swirl_free(ws->trees);
    swirl_free(ws->mscratch);
    swirl_ntt_tables_free(ws->tab);
    swirl_free(ws);
}

static int alloc_round_codewords(swirl_whir_ws *ws) {
    const swirl_whir_shape *s = &ws->shape;
    ws->num_round_codewords = s->num_rounds - 1;
    ws->cw = swirl_calloc(s->num_rounds, sizeof *ws->cw);
    ws->trees = swirl_calloc(s->num_rounds, sizeof *ws->trees);
    if (!ws->cw || !ws->trees) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t r = 0; r < ws->num_round_codewords; r++) {
        size_t log_cw = s->m + s->log_blowup - r - 1;
        ws->cw[r] = swirl_big_alloc(((size_t)1 << log_cw) * sizeof(ef_t), 0);
        if (!ws->cw[r]) return SWIRL_ERR_OUT_OF_MEMORY;
        int rc = swirl_merkle_alloc(&ws->trees[r], (unsigned)log_cw, (unsigned)s->k);
        if (rc) return rc;
    }
    return SWIRL_OK;
}

static int cpu_create(void *backend, const swirl_whir_shape *shape, const swirl_stacked_pcs_data *const *commits,
                      swirl_whir_ws **out) {
    *out = NULL;
    swirl_whir_ws *ws = swirl_calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->pool = backend;
    ws->shape = *shape;
    ws->commits = commits;
    ws->nworkers = swirl_pool_size(ws->pool);
    for (size_t c = 0; c < shape->num_commits; c++)
        if (!commits[c]->message || !commits[c]->codeword || !commits[c]->tree.layers) {
            swirl_free(ws); /* a commitment resident on another backend has no host codeword */
            return SWIRL_ERR_INVALID_ARG;
        }
    const size_t H = (size_t)1 << shape->m;
    const size_t log_cw_max = shape->m + shape->log_blowup - 1;
    const size_t cw_max = (size_t)1 << log_cw_max;
    ws->f = swirl_big_alloc(H * sizeof(ef_t), 0);
    ws->f2 = swirl_big_alloc(H * sizeof(ef_t), 0);
    ws->w = swirl_big_alloc(H * sizeof(ef_t), 0);
    ws->w2 = swirl_big_alloc(H * sizeof(ef_t), 0);
    ws->g = swirl_big_alloc(H * sizeof(ef_t), 0);
    ws->ee = swirl_big_alloc(H * sizeof(ef_t), 0);
    ws->eb = swirl_big_alloc(H * sizeof(bb_t), 0);
    ws->cols = swirl_big_alloc(4 * cw_max * sizeof(bb_t), 0);
    ws->partial = swirl_alloc_array(2 * (size_t)ws->nworkers, sizeof(ef_t));
    ws->pows_ef = swirl_alloc_array(shape->m + 1, sizeof(ef_t));
    ws->pows_bb = swirl_alloc_array(shape->m + 1, sizeof(bb_t));
    ws->mscratch = swirl_big_alloc(swirl_merkle_scratch_len((unsigned)log_cw_max) * sizeof(swirl_digest), 0);
    ws->tab = swirl_ntt_tables_create((unsigned)(shape->m + shape->log_blowup));
    int rc = SWIRL_OK;
    if (!ws->f || !ws->f2 || !ws->w || !ws->w2 || !ws->g || !ws->ee || !ws->eb || !ws->cols || !ws->partial ||
        !ws->pows_ef || !ws->pows_bb || !ws->mscratch || !ws->tab)
        rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) rc = alloc_round_codewords(ws);
    if (rc) {
        cpu_destroy(ws);
        return rc;
    }
    *out = ws;
    return SWIRL_OK;
}

/* ---- operations ------------------------------------------------------------------------------- */

static int cpu_init_tables(swirl_whir_ws *ws, const ef_t *mu_pows, const ef_t *u) {
    const size_t m = ws->shape.m;
    const size_t H = (size_t)1 << m;
    combine_job cj = {ws->commits, ws->shape.num_commits, H, mu_pows, ws->f};
    swirl_pool_for(ws->pool, H, 4096, combine_body, &cj);
    ef_zeta(ws->f, (unsigned)m, 0, ws->pool);
    /* level i doubles the table; its entries are independent, so large levels use the pool */
    ws->w[0] = ef_one();
    for (size_t i = 0; i < m; i++) {
        kt_job kj = {ws->w, (size_t)1 << i, ef_sub(ef_one(), ef_double(u[i])), u[i]};
        swirl_pool_for(ws->pool, kj.h, 8192, kt_body, &kj);
    }
    return SWIRL_OK;
}

static int cpu_sumcheck_eval(swirl_whir_ws *ws, size_t mr, ef_t *s1, ef_t *s2) {
    const size_t half = (size_t)1 << (mr - 1);
    for (unsigned i = 0; i < 2 * ws->nworkers; i++) ws->partial[i] = ef_zero();
    sc_job sj = {ws->f, ws->w, ws->partial};
    swirl_pool_for(ws->pool, half, 2048, sc_body, &sj);
    ef_t a = ef_zero();
    ef_t b = ef_zero();
    for (unsigned i = 0; i < ws->nworkers; i++) {
        a = ef_add(a, ws->partial[2 * i]);
        b = ef_add(b, ws->partial[2 * i + 1]);
    }
    *s1 = a;
    *s2 = b;
    return SWIRL_OK;
}

static int cpu_fold(swirl_whir_ws *ws, size_t mr, ef_t alpha) {
    const size_t half = (size_t)1 << (mr - 1);
    fold_job fj = {ws->f, ws->f2, alpha};
    swirl_pool_for(ws->pool, half, 4096, fold_body, &fj);
    fold_job wj = {ws->w, ws->w2, alpha};
    swirl_pool_for(ws->pool, half, 4096, fold_body, &wj);
    ef_t *t = ws->f;
    ws->f = ws->f2;
    ws->f2 = t;
    t = ws->w;
    ws->w = ws->w2;
    ws->w2 = t;
    return SWIRL_OK;
}

static int cpu_coefficients(swirl_whir_ws *ws, size_t mr) {
    memcpy(ws->g, ws->f, ((size_t)1 << mr) * sizeof(ef_t));
    ef_zeta(ws->g, (unsigned)mr, 1, ws->pool);
    return SWIRL_OK;
}

static int cpu_commit_round(swirl_whir_ws *ws, size_t r, size_t mr, size_t lcw, swirl_digest *root) {
    if (r >= ws->num_round_codewords) return SWIRL_ERR_INTERNAL;
    const size_t ncw = (size_t)1 << lcw;
    split_job tj = {ws->g, ws->cols, ws->cw[r], (size_t)1 << mr, ncw};
    swirl_pool_for(ws->pool, ncw, 16384, split_body, &tj); /* EF -> 4 base columns, zero-padded */
    int rc = swirl_dft_batch(ws->tab, ws->cols, (unsigned)lcw, 4, ncw, ws->pool);
    if (rc) return rc;
    swirl_pool_for(ws->pool, ncw, 16384, join_body, &tj); /* 4 base columns -> EF codeword */
    swirl_matrix_view v = {(const uint32_t *)ws->cw[r], ncw, 4, 4, 1};
    rc = swirl_merkle_build_into(&ws->trees[r], &v, ws->pool, ws->mscratch);
    if (rc) return rc;
    *root = ws->trees[r].root;
    return SWIRL_OK;
}

static int cpu_eval_g(swirl_whir_ws *ws, size_t mr, ef_t z, ef_t *value) {
    ef_t y = ef_zero();
    for (size_t i = (size_t)1 << mr; i-- > 0;) y = ef_add(ef_mul(y, z), ws->g[i]);
    *value = y;
    return SWIRL_OK;
}

static int cpu_read_g(swirl_whir_ws *ws, size_t mr, ef_t *out) {
    memcpy(out, ws->g, ((size_t)1 << mr) * sizeof(ef_t));
    return SWIRL_OK;
}

static int cpu_open_initial(swirl_whir_ws *ws, const size_t *idx, size_t q, size_t L, swirl_whir_proof *out) {
    const size_t k = ws->shape.k;
    const size_t rows = (size_t)1 << k;
    const size_t S = (size_t)1 << (L - k);
    const size_t N = (size_t)1 << L;
    for (size_t i = 0; i < q; i++) {
        const size_t id = idx[i];
        for (size_t c = 0; c < ws->shape.num_commits; c++) {
            const swirl_stacked_pcs_data *d = ws->commits[c];
            const size_t wc = d->layout.width;
            bb_t *dst = out->initial_rows + out->row_offset[c] + i * rows * wc;
            for (size_t t = 0; t < rows; t++)
                for (size_t col = 0; col < wc; col++) dst[t * wc + col] = d->codeword[col * N + id + t * S];
            int rc = swirl_merkle_path(&d->tree, id, out->initial_paths + (c * out->num_queries0 + i) * out->depth0);
            if (rc) return rc;
        }
    }
    return SWIRL_OK;
}

static int cpu_open_round(swirl_whir_ws *ws, size_t r, const size_t *idx, size_t q, size_t L, ef_t *values,
                          swirl_digest *paths) {
    if (r == 0 || r > ws->num_round_codewords) return SWIRL_ERR_INTERNAL;
    const size_t k = ws->shape.k;
    const size_t rows = (size_t)1 << k;
    const size_t S = (size_t)1 << (L - k);
    const ef_t *cw = ws->cw[r - 1];
    for (size_t i = 0; i < q; i++) {
        for (size_t t = 0; t < rows; t++) values[i * rows + t] = cw[idx[i] + t * S];
        int rc = swirl_merkle_path(&ws->trees[r - 1], idx[i], paths + i * (L - k));
        if (rc) return rc;
    }
    return SWIRL_OK;
}

static int cpu_update_weights(swirl_whir_ws *ws, size_t mr, ef_t z0, ef_t gamma, const size_t *idx, size_t q,
                              size_t log_domain) {
    const unsigned nv = (unsigned)mr;
    const size_t len = (size_t)1 << mr;
    ef_t zz = z0;
    for (unsigned j = 0; j < nv; j++) {
        ws->pows_ef[j] = zz;
        zz = ef_sqr(zz);
    }
    ef_eq_table(ws->pows_ef, nv, ws->ee);
    axpy_job aj = {ws->w, NULL, ws->ee, gamma};
    swirl_pool_for(ws->pool, len, 4096, axpy_body, &aj);
    ef_t coef = ef_sqr(gamma);
    const bb_t root = bb_two_adic_generator((unsigned)log_domain);
    for (size_t i = 0; i < q; i++) {
        bb_t zi = bb_pow(root, idx[i]);
        for (unsigned j = 0; j < nv; j++) {
            ws->pows_bb[j] = zi;
            zi = bb_sqr(zi);
        }
        bb_eq_table(ws->pows_bb, nv, ws->eb);
        axpy_job bj = {ws->w, ws->eb, NULL, coef};
        swirl_pool_for(ws->pool, len, 4096, axpy_body, &bj);
        coef = ef_mul(coef, gamma);
    }
    return SWIRL_OK;
}

static const swirl_whir_ops cpu_whir_ops = {
    cpu_create,       cpu_destroy,   cpu_init_tables,  cpu_sumcheck_eval, cpu_fold,
    cpu_coefficients, cpu_commit_round, cpu_eval_g,    cpu_read_g,        cpu_open_initial,
    cpu_open_round,   cpu_update_weights,
};

const swirl_whir_ops *swirl_whir_cpu_ops(void) { return &cpu_whir_ops; }
