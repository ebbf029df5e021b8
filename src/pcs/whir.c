/* whir.c — WHIR prover (crypto_pcs.md §6.2), in exact transcript order.
 *
 * Buffers (all sized once before round 0; the rounds allocate nothing — counted in stats):
 *   f, w        EF tables over the remaining hypercube (2^m), with ping-pong partners f2, w2
 *               for the parallel fold (an in-place fold would race across threads);
 *   g           the folded f's coefficients (Möbius transform), 2^(m-k) at most;
 *   cw[r]       round r's EF codeword (2^(L_r - 1) values), kept for round r+1's queries;
 *   tree[r]     its Merkle tree (layers allocated up front), merkle scratch shared;
 *   cols        4 base columns for the EF codeword DFT; eqb a base-field eq table;
 *   partial     per-worker partial sums of the sumcheck reductions.
 * Every heavy step is a whole-buffer operation (combine, zeta/Möbius, reduce, fold, DFT, tree,
 * eq-weight update), the shape the GPU port keeps. */
#include <stdlib.h>
#include <string.h>
#include "pcs/whir.h"
#include "poly/ntt.h"
#include "util/bigalloc.h"
#include "util/check.h"

/* most variables of one WHIR round's polynomial: m + log_blowup <= 27 = the two-adicity of
 * BabyBear (checked on entry to the prover), so m <= 26 */
#define SWIRL_WHIR_MAX_VARS 27

/* ---- whole-buffer operations -------------------------------------------------------------- */

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

/* zeta (inverse = 0) or Möbius (inverse = 1) transform of an EF table of 2^n entries. */
typedef struct { ef_t *a; size_t hb; int inverse; } zeta_job;
static void zeta_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const zeta_job *j = vp;
    for (size_t blk = b; blk < e; blk++) {
        /* block blk covers indices with bit hb clear: [blk*2hb, blk*2hb + hb) */
        ef_t *lo = j->a + blk * 2 * j->hb, *hi = lo + j->hb;
        for (size_t i = 0; i < j->hb; i++) hi[i] = j->inverse ? ef_sub(hi[i], lo[i]) : ef_add(hi[i], lo[i]);
    }
}
static void ef_zeta(ef_t *a, unsigned n, int inverse, swirl_pool *pool) {
    for (unsigned bit = 0; bit < n; bit++) {
        zeta_job j = {a, (size_t)1 << bit, inverse};
        swirl_pool_for(pool, ((size_t)1 << n) >> (bit + 1), 1 + (1024 >> bit), zeta_body, &j);
    }
}

typedef struct { const ef_t *f, *w; ef_t *partial; } sc_job;
static void sc_body(void *vp, size_t b, size_t e, unsigned wk) {
    const sc_job *j = vp;
    ef_t s1 = ef_zero(), s2 = ef_zero();
    for (size_t y = b; y < e; y++) {
        ef_t f0 = j->f[2 * y], f1 = j->f[2 * y + 1], w0 = j->w[2 * y], w1 = j->w[2 * y + 1];
        s1 = ef_add(s1, ef_mul(f1, w1));
        s2 = ef_add(s2, ef_mul(ef_sub(ef_double(f1), f0), ef_sub(ef_double(w1), w0)));
    }
    j->partial[2 * wk] = ef_add(j->partial[2 * wk], s1);
    j->partial[2 * wk + 1] = ef_add(j->partial[2 * wk + 1], s2);
}

typedef struct { const ef_t *src; ef_t *dst; ef_t alpha; } fold_job;
static void fold_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const fold_job *j = vp;
    for (size_t y = b; y < e; y++) {
        ef_t a = j->src[2 * y], c = j->src[2 * y + 1];
        j->dst[y] = ef_add(a, ef_mul(j->alpha, ef_sub(c, a)));
    }
}

/* eq table over n variables of a point x (EF), into out[2^n]; bit j of the index <-> x_j. */
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

typedef struct { ef_t *w; const bb_t *eb; const ef_t *ee; ef_t coef; } axpy_job;
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

/* EF codeword <-> 4 base columns for the DFT */
typedef struct {
    const ef_t *g;
    bb_t *cols;
    ef_t *cw;
    size_t glen, ncw;
} tr_job;

static void split_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const tr_job *j = vp;
    for (size_t i = b; i < e; i++)
        for (int c = 0; c < 4; c++) j->cols[(size_t)c * j->ncw + i] = i < j->glen ? j->g[i].c[c] : 0;
}

static void join_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const tr_job *j = vp;
    for (size_t i = b; i < e; i++)
        for (int c = 0; c < 4; c++) j->cw[i].c[c] = j->cols[(size_t)c * j->ncw + i];
}

static void axpy_body(void *vp, size_t b, size_t e, unsigned wk) {
    (void)wk;
    const axpy_job *j = vp;
    if (j->eb)
        for (size_t i = b; i < e; i++) j->w[i] = ef_add(j->w[i], ef_mul_bb(j->coef, j->eb[i]));
    else
        for (size_t i = b; i < e; i++) j->w[i] = ef_add(j->w[i], ef_mul(j->coef, j->ee[i]));
}

/* ---- prover --------------------------------------------------------------------------------- */


/* A proof-of-work step: the backend's grinder when given (its witness is then checked into the
 * transcript exactly as the verifier will), else the host grinder. A wrong witness from a
 * backend is an internal error, reported through *rc. */
static bb_t whir_grind(swirl_transcript *tr, unsigned bits, swirl_pool *pool, const swirl_whir_grinder *g, int *rc) {
    if (!g || !g->grind || bits == 0) return swirl_tr_grind(tr, bits, pool);
    uint32_t wtn = 0;
    int r = g->grind(g->ctx, tr, bits, &wtn);
    if (r == SWIRL_OK && !swirl_tr_check_witness(tr, bits, wtn)) r = SWIRL_ERR_INTERNAL;
    if (r && !*rc) *rc = r;
    return wtn;
}

int swirl_whir_prove(const swirl_system_params *p, swirl_transcript *tr, const swirl_stacked_pcs_data *const *commits,
                     size_t C, const ef_t *u, swirl_pool *pool, swirl_whir_proof *out, swirl_whir_stats *stats) {
    return swirl_whir_prove_with(p, tr, commits, C, u, pool, NULL, out, stats);
}

/* ---- 10: openings of round 0's queries: 2^k rows of every commitment and their paths. L is
 * the log size of the committed codewords, ids[i] < 2^(L - k). */
static void open_initial_queries(swirl_whir_proof *out, const swirl_stacked_pcs_data *const *commits, size_t C, const size_t *ids,
                                 size_t q, size_t L, size_t k) {
    const size_t rows = (size_t)1 << k, S = (size_t)1 << (L - k), N = (size_t)1 << L;
    for (size_t i = 0; i < q; i++)
        for (size_t c = 0; c < C; c++) {
            const swirl_stacked_pcs_data *d = commits[c];
            size_t wc = d->layout.width;
            bb_t *dst = out->initial_rows + out->row_offset[c] + i * rows * wc;
            for (size_t t = 0; t < rows; t++)
                for (size_t col = 0; col < wc; col++) dst[t * wc + col] = d->codeword[col * N + ids[i] + t * S];
            swirl_merkle_path(&d->tree, ids[i], out->initial_paths + (c * out->num_queries0 + i) * out->depth0);
        }
}

/* ---- 10: openings of round r >= 1's queries in round r-1's codeword (log size L) */
static void open_codeword_queries(swirl_whir_proof *out, const ef_t *codeword, const swirl_merkle_tree *tree, size_t r,
                                  const size_t *ids, size_t q, size_t L, size_t k) {
    const size_t rows = (size_t)1 << k, S = (size_t)1 << (L - k);
    for (size_t i = 0; i < q; i++) {
        ef_t *dst = out->codeword_values + out->cw_value_offset[r - 1] + i * rows;
        for (size_t t = 0; t < rows; t++) dst[t] = codeword[ids[i] + t * S];
        swirl_merkle_path(tree, ids[i], out->codeword_paths + out->cw_path_offset[r - 1] + i * (L - k));
    }
}

/* Sizes are products of parameters and widths; a product that does not fit in size_t
 * saturates, so the allocation asked for it fails (reported as out of memory) instead of a
 * wrapped, too small buffer being written. */
static size_t sat_mul(size_t a, size_t b) { return b && a > SIZE_MAX / b ? SIZE_MAX : a * b; }
static size_t sat_add(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

/* The prover's scratch buffers (see the header comment), all allocated before round 0. */
typedef struct whir_buffers {
    ef_t *f, *f2, *w, *w2, *g, *mu_pows, *partial, *ee;
    bb_t *eb, *cols;
    swirl_digest *mscratch;
    swirl_ntt_tables *tab;
    size_t *idx;
} whir_buffers;

static void whir_buffers_free(whir_buffers *b) {
    swirl_free(b->f); swirl_free(b->f2); swirl_free(b->w); swirl_free(b->w2); swirl_free(b->g);
    swirl_free(b->mu_pows); swirl_free(b->partial); swirl_free(b->ee); swirl_free(b->eb); swirl_free(b->cols);
    swirl_free(b->mscratch); swirl_free(b->idx);
    swirl_ntt_tables_free(b->tab);
    memset(b, 0, sizeof *b);
}

/* m = log2 of the hypercube, lb = log_blowup, W = total committed width, nq_total = queries of
 * all rounds. Nothing is written through a pointer before every allocation has succeeded. */
static int whir_buffers_alloc(whir_buffers *b, size_t m, size_t lb, size_t W, size_t nq_total, unsigned nworkers) {
    memset(b, 0, sizeof *b);
    const size_t H = (size_t)1 << m, cw_max = (size_t)1 << (m + lb - 1);
    b->f = swirl_big_alloc(H * sizeof(ef_t), 0);
    b->f2 = swirl_big_alloc(H * sizeof(ef_t), 0);
    b->w = swirl_big_alloc(H * sizeof(ef_t), 0);
    b->w2 = swirl_big_alloc(H * sizeof(ef_t), 0);
    b->g = swirl_big_alloc(H * sizeof(ef_t), 0);
    b->ee = swirl_big_alloc(H * sizeof(ef_t), 0);
    b->eb = swirl_big_alloc(H * sizeof(bb_t), 0);
    b->mu_pows = swirl_big_alloc(sat_mul(sat_add(W, 1), sizeof(ef_t)), 0);
    b->partial = swirl_big_alloc(2 * (size_t)nworkers * sizeof(ef_t), 0);
    b->cols = swirl_big_alloc(4 * cw_max * sizeof(bb_t), 0);
    b->mscratch = swirl_big_alloc(swirl_merkle_scratch_len((unsigned)(m + lb - 1)) * sizeof(swirl_digest), 0);
    b->tab = swirl_ntt_tables_create((unsigned)(m + lb));
    b->idx = swirl_big_alloc(sat_mul(sat_add(nq_total, 1), sizeof(size_t)), 0);
    if (b->f && b->f2 && b->w && b->w2 && b->g && b->ee && b->eb && b->mu_pows && b->partial && b->cols && b->mscratch &&
        b->tab && b->idx)
        return SWIRL_OK;
    whir_buffers_free(b);
    return SWIRL_ERR_OUT_OF_MEMORY;
}

/* Allocates every array of the proof (shapes from the parameters and the commitments), then
 * fills its shape fields and offsets. On failure *out is left empty (all NULL). */
static int whir_proof_alloc(swirl_whir_proof *out, const swirl_system_params *p, const swirl_stacked_pcs_data *const *commits,
                            size_t C) {
    const size_t m = p->l_skip + p->n_stack, k = p->whir.k, R = p->whir.num_rounds, lb = p->log_blowup;
    const size_t rows = (size_t)1 << k, q0 = p->whir.num_queries[0], depth0 = m + lb - k, depth1 = R > 1 ? m + lb - k - 1 : 0;
    size_t total_rows = 0, total_values = 0, total_paths = 0;
    for (size_t c = 0; c < C; c++) total_rows = sat_add(total_rows, sat_mul(sat_mul(q0, rows), commits[c]->layout.width));
    for (size_t r = 1; r < R; r++) {
        total_values = sat_add(total_values, sat_mul(p->whir.num_queries[r], rows));
        total_paths = sat_add(total_paths, sat_mul(p->whir.num_queries[r], depth1 - (r - 1)));
    }
    swirl_whir_proof a;
    memset(&a, 0, sizeof a);
    a.sumcheck_polys = swirl_big_alloc(2 * R * k * sizeof(ef_t), 1);
    a.codeword_commits = swirl_big_alloc(R * sizeof(swirl_digest), 1);
    a.ood_values = swirl_big_alloc(R * sizeof(ef_t), 1);
    a.folding_pow_witnesses = swirl_big_alloc(R * k * sizeof(bb_t), 1);
    a.query_phase_pow_witnesses = swirl_big_alloc(R * sizeof(bb_t), 1);
    a.widths = swirl_big_alloc(C * sizeof(size_t), 1);
    a.row_offset = swirl_big_alloc(C * sizeof(size_t), 1);
    a.initial_rows = swirl_big_alloc(sat_mul(sat_add(total_rows, 1), sizeof(bb_t)), 1);
    a.initial_paths = swirl_big_alloc(sat_mul(sat_add(sat_mul(sat_mul(C, q0), depth0), 1), sizeof(swirl_digest)), 1);
    a.round_queries = swirl_big_alloc(R * sizeof(size_t), 1);
    a.cw_value_offset = swirl_big_alloc(R * sizeof(size_t), 1);
    a.cw_path_offset = swirl_big_alloc(R * sizeof(size_t), 1);
    a.codeword_values = swirl_big_alloc(sat_mul(sat_add(total_values, 1), sizeof(ef_t)), 1);
    a.codeword_paths = swirl_big_alloc(sat_mul(sat_add(total_paths, 1), sizeof(swirl_digest)), 1);
    a.final_poly = swirl_big_alloc(((size_t)1 << (m - R * k)) * sizeof(ef_t), 1);
    if (!a.sumcheck_polys || !a.codeword_commits || !a.ood_values || !a.folding_pow_witnesses || !a.query_phase_pow_witnesses ||
        !a.widths || !a.row_offset || !a.initial_rows || !a.initial_paths || !a.round_queries || !a.cw_value_offset ||
        !a.cw_path_offset || !a.codeword_values || !a.codeword_paths || !a.final_poly) {
        swirl_whir_proof_free(&a);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    /* every array exists: the shape */
    a.num_rounds = R;
    a.k = k;
    a.num_sumcheck = R * k;
    a.num_commits = C;
    a.num_queries0 = q0;
    a.depth0 = depth0;
    a.depth1 = depth1;
    a.final_len = (size_t)1 << (m - R * k);
    for (size_t c = 0, row = 0; c < C; c++) {
        a.widths[c] = commits[c]->layout.width;
        a.row_offset[c] = row;
        row += q0 * rows * a.widths[c];
    }
    for (size_t r = 1, tv = 0, tp = 0; r < R; r++) {
        size_t q = p->whir.num_queries[r];
        a.round_queries[r - 1] = q;
        a.cw_value_offset[r - 1] = tv;
        a.cw_path_offset[r - 1] = tp;
        tv += q * rows;
        tp += q * (depth1 - (r - 1));
    }
    *out = a;
    return SWIRL_OK;
}

int swirl_whir_prove_with(const swirl_system_params *p, swirl_transcript *tr, const swirl_stacked_pcs_data *const *commits,
                          size_t C, const ef_t *u, swirl_pool *pool, const swirl_whir_grinder *grinder,
                          swirl_whir_proof *out, swirl_whir_stats *stats) {
    if (!p || !tr || !commits || !u || !out || C == 0) return SWIRL_ERR_INVALID_ARG;
    int grc = SWIRL_OK;
    memset(out, 0, sizeof *out);
    if (stats) memset(stats, 0, sizeof *stats);
    const size_t m = p->l_skip + p->n_stack, k = p->whir.k, R = p->whir.num_rounds, lb = p->log_blowup;
    /* R <= SWIRL_MAX_WHIR_ROUNDS (the slots of cw and trees below, and of the public
     * swirl_whir_config; parameter validation enforces it too) and m + lb <= 27 (the field's
     * two-adicity: every round's variable count mr <= m fits xe / xb below) */
    if (k == 0 || R == 0 || R * k > m || R > SWIRL_MAX_WHIR_ROUNDS || m + lb > 27) return SWIRL_ERR_PARAMS;
    const size_t H = (size_t)1 << m;
    size_t W = 0;
    for (size_t c = 0; c < C; c++) {
        if (!commits[c] || commits[c]->layout.log_stacked_height != m || commits[c]->tree.k != k ||
            commits[c]->log_blowup != lb)
            return SWIRL_ERR_INVALID_ARG;
        W = sat_add(W, commits[c]->layout.width);
    }
    const unsigned nworkers = swirl_pool_size(pool);
    int rc = SWIRL_OK;
    const size_t allocs_at_start = swirl_alloc_count();

    /* ---- setup: every buffer of every round, then the proof's arrays ---- */
    size_t nq_total = 0;
    for (size_t r = 0; r < R; r++) nq_total = sat_add(nq_total, p->whir.num_queries[r]);
    whir_buffers B;
    ef_t *cw[SWIRL_MAX_WHIR_ROUNDS] = {0};
    swirl_merkle_tree trees[SWIRL_MAX_WHIR_ROUNDS];
    memset(trees, 0, sizeof trees);
    rc = whir_buffers_alloc(&B, m, lb, W, nq_total, nworkers);
    if (rc == SWIRL_OK) rc = whir_proof_alloc(out, p, commits, C);
    for (size_t r = 0; rc == SWIRL_OK && r + 1 < R; r++) {
        size_t lr = m + lb - r - 1; /* log size of round r's codeword */
        cw[r] = swirl_big_alloc(((size_t)1 << lr) * sizeof(ef_t), 0);
        if (!cw[r] || swirl_merkle_alloc(&trees[r], (unsigned)lr, (unsigned)k) != SWIRL_OK) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    if (rc) goto done;
    if (stats) stats->setup_allocs = swirl_alloc_count() - allocs_at_start;
    /* f, w and their fold partners swap every sub-round; B keeps the allocations */
    ef_t *f = B.f, *f2 = B.f2, *w = B.w, *w2 = B.w2, *g = B.g, *mu_pows = B.mu_pows, *partial = B.partial, *ee = B.ee;
    bb_t *eb = B.eb, *cols = B.cols;
    swirl_digest *mscratch = B.mscratch;
    swirl_ntt_tables *tab = B.tab;
    size_t *idx = B.idx;

    /* ---- 1–3: mu PoW, mu, initial f and w ---- */
    out->mu_pow_witness = whir_grind(tr, (unsigned)p->whir.mu_pow_bits, pool, grinder, &grc);
    if (grc) { rc = grc; goto done; }
    ef_t mu = swirl_tr_sample_ext(tr);
    mu_pows[0] = ef_one();
    for (size_t i = 1; i < W; i++) mu_pows[i] = ef_mul(mu_pows[i - 1], mu);
    combine_job cj = {commits, C, H, mu_pows, f};
    swirl_pool_for(pool, H, 4096, combine_body, &cj);
    ef_zeta(f, (unsigned)m, 0, pool);
    /* w[b] = prod_i K_i(b_i), K_i(0) = 1 - 2u_i, K_i(1) = u_i; level i doubles the table, its
     * entries independent, so large levels run on the pool */
    w[0] = ef_one();
    for (size_t i = 0; i < m; i++) {
        kt_job kj = {w, (size_t)1 << i, ef_sub(ef_one(), ef_double(u[i])), u[i]};
        swirl_pool_for(pool, kj.h, 8192, kt_body, &kj);
    }

    size_t mr = m, L = m + lb, qoff = 0;
    for (size_t r = 0; r < R; r++) {
        const size_t allocs_round_start = swirl_alloc_count();
        if (stats) stats->rounds++;
        /* ---- 4: k sumcheck sub-rounds ---- */
        for (size_t s = 0; s < k; s++) {
            size_t half = (size_t)1 << (mr - 1);
            for (unsigned i = 0; i < 2 * nworkers; i++) partial[i] = ef_zero();
            sc_job sj = {f, w, partial};
            swirl_pool_for(pool, half, 2048, sc_body, &sj);
            ef_t s1 = ef_zero(), s2 = ef_zero();
            for (unsigned i = 0; i < nworkers; i++) { s1 = ef_add(s1, partial[2 * i]); s2 = ef_add(s2, partial[2 * i + 1]); }
            swirl_tr_observe_ext(tr, s1);
            swirl_tr_observe_ext(tr, s2);
            out->sumcheck_polys[2 * (r * k + s)] = s1;
            out->sumcheck_polys[2 * (r * k + s) + 1] = s2;
            out->folding_pow_witnesses[r * k + s] = whir_grind(tr, (unsigned)p->whir.folding_pow_bits, pool, grinder, &grc);
            if (grc) { rc = grc; goto done; }
            ef_t alpha = swirl_tr_sample_ext(tr);
            fold_job fj = {f, f2, alpha};
            swirl_pool_for(pool, half, 4096, fold_body, &fj);
            fold_job wj = {w, w2, alpha};
            swirl_pool_for(pool, half, 4096, fold_body, &wj);
            ef_t *t = f; f = f2; f2 = t;
            t = w; w = w2; w2 = t;
            mr--;
        }
        /* ---- 5: coefficients of the folded polynomial ---- */
        size_t glen = (size_t)1 << mr;
        memcpy(g, f, glen * sizeof *g);
        ef_zeta(g, (unsigned)mr, 1, pool);
        ef_t z0 = ef_zero();
        if (r + 1 < R) {
            /* ---- 6: codeword of g on the subgroup of size 2^(L-1), its tree, OOD sample ---- */
            size_t lcw = L - 1, ncw = (size_t)1 << lcw;
            tr_job tj = {g, cols, cw[r], glen, ncw};
            swirl_pool_for(pool, ncw, 16384, split_body, &tj); /* EF -> 4 base columns, zero-padded */
            rc = swirl_dft_batch(tab, cols, (unsigned)lcw, 4, ncw, pool);
            if (rc) goto done;
            swirl_pool_for(pool, ncw, 16384, join_body, &tj); /* 4 base columns -> EF codeword */
            swirl_matrix_view v = {(const uint32_t *)cw[r], ncw, 4, 4, 1};
            rc = swirl_merkle_build_into(&trees[r], &v, pool, mscratch);
            if (rc) goto done;
            out->codeword_commits[r] = trees[r].root;
            swirl_tr_observe_commit(tr, &trees[r].root);
            z0 = swirl_tr_sample_ext(tr);
            ef_t y0 = ef_zero();
            for (size_t i = glen; i-- > 0;) y0 = ef_add(ef_mul(y0, z0), g[i]);
            out->ood_values[r] = y0;
            swirl_tr_observe_ext(tr, y0);
        } else {
            /* ---- 7: final polynomial ---- */
            memcpy(out->final_poly, g, glen * sizeof *g);
            for (size_t i = 0; i < glen; i++) swirl_tr_observe_ext(tr, g[i]);
        }
        /* ---- 8–10: query PoW, indices, openings ---- */
        out->query_phase_pow_witnesses[r] = whir_grind(tr, (unsigned)p->whir.query_phase_pow_bits, pool, grinder, &grc);
        if (grc) { rc = grc; goto done; }
        size_t q = p->whir.num_queries[r];
        for (size_t i = 0; i < q; i++) idx[qoff + i] = swirl_tr_sample_bits(tr, (unsigned)(L - k));
        if (r == 0) open_initial_queries(out, commits, C, idx + qoff, q, L, k);
        else open_codeword_queries(out, cw[r - 1], &trees[r - 1], r, idx + qoff, q, L, k);
        /* ---- 11: gamma (also in the final round, to keep the transcripts aligned) ---- */
        ef_t gamma = swirl_tr_sample_ext(tr);
        if (r + 1 < R) {
            /* ---- 12: w += gamma eq(., pow(z0)) + sum_i gamma^(i+2) eq(., pow(z_i)) ---- */
            unsigned nv = (unsigned)mr;
            /* nv = mr <= m <= 27 - lb (checked on entry): a field bound, not a data bound */
            ef_t xe[SWIRL_WHIR_MAX_VARS];
            SWIRL_VERIFY_CHECK(nv <= SWIRL_WHIR_MAX_VARS);
            ef_t zz = z0;
            for (unsigned j = 0; j < nv; j++) { xe[j] = zz; zz = ef_sqr(zz); }
            ef_eq_table(xe, nv, ee);
            axpy_job aj = {w, NULL, ee, gamma};
            swirl_pool_for(pool, glen, 4096, axpy_body, &aj);
            ef_t gp = ef_sqr(gamma);
            bb_t root = bb_two_adic_generator((unsigned)(L - k));
            for (size_t i = 0; i < q; i++) {
                bb_t zi = bb_pow(root, idx[qoff + i]), xb[SWIRL_WHIR_MAX_VARS];
                for (unsigned j = 0; j < nv; j++) { xb[j] = zi; zi = bb_sqr(zi); }
                bb_eq_table(xb, nv, eb);
                axpy_job bj = {w, eb, NULL, gp};
                swirl_pool_for(pool, glen, 4096, axpy_body, &bj);
                gp = ef_mul(gp, gamma);
            }
        }
        qoff += q;
        L--;
        if (stats) stats->round_allocs += swirl_alloc_count() - allocs_round_start;
    }
done:
    whir_buffers_free(&B);
    for (size_t r = 0; r < SWIRL_MAX_WHIR_ROUNDS; r++) { swirl_free(cw[r]); swirl_merkle_free(&trees[r]); }
    if (rc) swirl_whir_proof_free(out);
    return rc;
}
