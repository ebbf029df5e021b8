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

int swirl_whir_prove_with(const swirl_system_params *p, swirl_transcript *tr, const swirl_stacked_pcs_data *const *commits,
                          size_t C, const ef_t *u, swirl_pool *pool, const swirl_whir_grinder *grinder,
                          swirl_whir_proof *out, swirl_whir_stats *stats) {
    if (!p || !tr || !commits || !u || !out || C == 0) return SWIRL_ERR_INVALID_ARG;
    int grc = SWIRL_OK;
    memset(out, 0, sizeof *out);
    if (stats) memset(stats, 0, sizeof *stats);
    const size_t m = p->l_skip + p->n_stack, k = p->whir.k, R = p->whir.num_rounds, lb = p->log_blowup;
    if (k == 0 || R == 0 || R * k > m || R > SWIRL_MAX_WHIR_ROUNDS || m + lb > 27) return SWIRL_ERR_PARAMS;
    const size_t H = (size_t)1 << m, rows = (size_t)1 << k;
    size_t W = 0;
    for (size_t c = 0; c < C; c++) {
        if (!commits[c] || commits[c]->layout.log_stacked_height != m || commits[c]->tree.k != k ||
            commits[c]->log_blowup != lb)
            return SWIRL_ERR_INVALID_ARG;
        W += commits[c]->layout.width;
    }
    const unsigned nworkers = swirl_pool_size(pool);
    int rc = SWIRL_OK;
    const size_t allocs_at_start = swirl_alloc_count();

    /* ---- setup: every buffer of every round ---- */
    ef_t *f = swirl_big_alloc(H * sizeof *f, 0), *f2 = swirl_big_alloc(H * sizeof *f2, 0), *w = swirl_big_alloc(H * sizeof *w, 0),
         *w2 = swirl_big_alloc(H * sizeof *w2, 0), *g = swirl_big_alloc(H * sizeof *g, 0), *mu_pows = swirl_big_alloc((W + 1) * sizeof *mu_pows, 0),
         *partial = swirl_big_alloc(2 * nworkers * sizeof *partial, 0), *ee = swirl_big_alloc(H * sizeof *ee, 0);
    bb_t *eb = swirl_big_alloc(H * sizeof *eb, 0);
    size_t cw_max = (size_t)1 << (m + lb - 1);
    bb_t *cols = swirl_big_alloc(4 * cw_max * sizeof *cols, 0);
    ef_t *cw[SWIRL_MAX_WHIR_ROUNDS] = {0};
    swirl_merkle_tree trees[SWIRL_MAX_WHIR_ROUNDS];
    memset(trees, 0, sizeof trees);
    swirl_digest *mscratch = swirl_big_alloc(swirl_merkle_scratch_len((unsigned)(m + lb - 1)) * sizeof *mscratch, 0);
    swirl_ntt_tables *tab = swirl_ntt_tables_create((unsigned)(m + lb));
    size_t nq_total = 0;
    for (size_t r = 0; r < R; r++) nq_total += p->whir.num_queries[r];
    size_t *idx = swirl_big_alloc((nq_total + 1) * sizeof *idx, 0);
    /* proof arrays */
    out->num_rounds = R;
    out->k = k;
    out->num_sumcheck = R * k;
    out->num_commits = C;
    out->num_queries0 = p->whir.num_queries[0];
    out->depth0 = m + lb - k;
    out->depth1 = R > 1 ? m + lb - k - 1 : 0;
    out->final_len = (size_t)1 << (m - R * k);
    out->sumcheck_polys = swirl_big_alloc((2 * R * k) * sizeof(ef_t), 1);
    out->codeword_commits = swirl_big_alloc((R) * sizeof(swirl_digest), 1);
    out->ood_values = swirl_big_alloc((R) * sizeof(ef_t), 1);
    out->folding_pow_witnesses = swirl_big_alloc((R * k) * sizeof(bb_t), 1);
    out->query_phase_pow_witnesses = swirl_big_alloc((R) * sizeof(bb_t), 1);
    out->widths = swirl_big_alloc((C) * sizeof(size_t), 1);
    out->row_offset = swirl_big_alloc((C) * sizeof(size_t), 1);
    size_t total_rows = 0;
    for (size_t c = 0; c < C; c++) {
        out->widths[c] = commits[c]->layout.width;
        out->row_offset[c] = total_rows;
        total_rows += out->num_queries0 * rows * out->widths[c];
    }
    out->initial_rows = swirl_big_alloc((total_rows + 1) * sizeof(bb_t), 1);
    out->initial_paths = swirl_big_alloc((C * out->num_queries0 * out->depth0 + 1) * sizeof(swirl_digest), 1);
    out->round_queries = swirl_big_alloc((R) * sizeof(size_t), 1);
    out->cw_value_offset = swirl_big_alloc((R) * sizeof(size_t), 1);
    out->cw_path_offset = swirl_big_alloc((R) * sizeof(size_t), 1);
    size_t tv = 0, tp = 0;
    for (size_t r = 1; r < R; r++) {
        size_t q = p->whir.num_queries[r];
        out->round_queries[r - 1] = q;
        out->cw_value_offset[r - 1] = tv;
        out->cw_path_offset[r - 1] = tp;
        tv += q * rows;
        tp += q * (out->depth1 - (r - 1));
    }
    out->codeword_values = swirl_big_alloc((tv + 1) * sizeof(ef_t), 1);
    out->codeword_paths = swirl_big_alloc((tp + 1) * sizeof(swirl_digest), 1);
    out->final_poly = swirl_big_alloc((out->final_len) * sizeof(ef_t), 1);
    int oom = !f || !f2 || !w || !w2 || !g || !mu_pows || !partial || !ee || !eb || !cols || !mscratch || !tab || !idx ||
              !out->sumcheck_polys || !out->codeword_commits || !out->ood_values || !out->folding_pow_witnesses ||
              !out->query_phase_pow_witnesses || !out->widths || !out->row_offset || !out->initial_rows ||
              !out->initial_paths || !out->round_queries || !out->cw_value_offset || !out->cw_path_offset ||
              !out->codeword_values || !out->codeword_paths || !out->final_poly;
    for (size_t r = 0; !oom && r + 1 < R; r++) {
        size_t lr = m + lb - r - 1; /* log size of round r's codeword */
        cw[r] = swirl_big_alloc(((size_t)1 << lr) * sizeof(ef_t), 0);
        if (!cw[r] || swirl_merkle_alloc(&trees[r], (unsigned)lr, (unsigned)k) != SWIRL_OK) oom = 1;
    }
    if (oom) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    if (stats) stats->setup_allocs = swirl_alloc_count() - allocs_at_start;

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
        size_t S = (size_t)1 << (L - k);
        for (size_t i = 0; i < q; i++) {
            size_t id = idx[qoff + i];
            if (r == 0) {
                for (size_t c = 0; c < C; c++) {
                    const swirl_stacked_pcs_data *d = commits[c];
                    size_t N = (size_t)1 << L, wc = d->layout.width;
                    bb_t *dst = out->initial_rows + out->row_offset[c] + i * rows * wc;
                    for (size_t t = 0; t < rows; t++)
                        for (size_t col = 0; col < wc; col++) dst[t * wc + col] = d->codeword[col * N + id + t * S];
                    swirl_merkle_path(&d->tree, id, out->initial_paths + (c * out->num_queries0 + i) * out->depth0);
                }
            } else {
                ef_t *dst = out->codeword_values + out->cw_value_offset[r - 1] + i * rows;
                for (size_t t = 0; t < rows; t++) dst[t] = cw[r - 1][id + t * S];
                swirl_merkle_path(&trees[r - 1], id, out->codeword_paths + out->cw_path_offset[r - 1] + i * (L - k));
            }
        }
        /* ---- 11: gamma (also in the final round, to keep the transcripts aligned) ---- */
        ef_t gamma = swirl_tr_sample_ext(tr);
        if (r + 1 < R) {
            /* ---- 12: w += gamma eq(., pow(z0)) + sum_i gamma^(i+2) eq(., pow(z_i)) ---- */
            unsigned nv = (unsigned)mr;
            ef_t xe[32];
            ef_t zz = z0;
            for (unsigned j = 0; j < nv; j++) { xe[j] = zz; zz = ef_sqr(zz); }
            ef_eq_table(xe, nv, ee);
            axpy_job aj = {w, NULL, ee, gamma};
            swirl_pool_for(pool, glen, 4096, axpy_body, &aj);
            ef_t gp = ef_sqr(gamma);
            bb_t root = bb_two_adic_generator((unsigned)(L - k));
            for (size_t i = 0; i < q; i++) {
                bb_t zi = bb_pow(root, idx[qoff + i]), xb[32];
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
    swirl_free(f); swirl_free(f2); swirl_free(w); swirl_free(w2); swirl_free(g); swirl_free(mu_pows); swirl_free(partial); swirl_free(ee); swirl_free(eb);
    swirl_free(cols); swirl_free(mscratch); swirl_free(idx);
    swirl_ntt_tables_free(tab);
    for (size_t r = 0; r < SWIRL_MAX_WHIR_ROUNDS; r++) { swirl_free(cw[r]); swirl_merkle_free(&trees[r]); }
    if (rc) swirl_whir_proof_free(out);
    return rc;
}
