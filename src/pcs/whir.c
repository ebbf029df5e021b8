/* whir.c — the WHIR prover's protocol (crypto_pcs.md §6.2), in exact transcript order.
 *
 * This file owns every observe, sample and proof-of-work of WHIR and the proof's layout; the
 * computation between two transcript events is one call of the backend's table
 * (pcs/whir_ops.h) on a workspace the backend owns. The same code therefore drives the CPU
 * and the CUDA backends, which is why their proofs are byte-identical by construction as long
 * as each operation returns the same values (tests/gpu/test_whir_ops.c). */
#include <stdint.h>
#include <string.h>
#include "pcs/whir.h"
#include "pcs/whir_ops.h"
#include "util/alloc.h"
#include "util/check.h"
#include "util/spans.h"

/* ---- proof layout ------------------------------------------------------------------------------ */

/* Sizes are products of parameters and widths; a product that does not fit in size_t
 * saturates, so the allocation asked for it fails (reported as out of memory) instead of a
 * wrapped, too small buffer being written. */
static size_t sat_mul(size_t a, size_t b) { return b && a > SIZE_MAX / b ? SIZE_MAX : a * b; }
static size_t sat_add(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

/* Sizes of every array of the proof from the parameters and the commitments. Nothing is
 * written through a pointer before all allocations succeeded. */
static int proof_alloc(const swirl_system_params *p, const swirl_stacked_pcs_data *const *commits, size_t C,
                       swirl_whir_proof *out) {
    const size_t m = p->l_skip + p->n_stack, k = p->whir.k, R = p->whir.num_rounds, lb = p->log_blowup;
    const size_t rows = (size_t)1 << k;
    out->num_rounds = R;
    out->k = k;
    out->num_sumcheck = R * k;
    out->num_commits = C;
    out->num_queries0 = p->whir.num_queries[0];
    out->depth0 = m + lb - k;
    out->depth1 = R > 1 ? m + lb - k - 1 : 0;
    out->final_len = (size_t)1 << (m - R * k);
    size_t total_rows = 0;
    for (size_t c = 0; c < C; c++) total_rows = sat_add(total_rows, sat_mul(sat_mul(out->num_queries0, rows), commits[c]->layout.width));
    size_t total_values = 0, total_paths = 0;
    for (size_t r = 1; r < R; r++) {
        total_values = sat_add(total_values, sat_mul(p->whir.num_queries[r], rows));
        total_paths = sat_add(total_paths, sat_mul(p->whir.num_queries[r], out->depth1 - (r - 1)));
    }
    out->sumcheck_polys = swirl_calloc(2 * R * k, sizeof(ef_t));
    out->codeword_commits = swirl_calloc(R, sizeof(swirl_digest));
    out->ood_values = swirl_calloc(R, sizeof(ef_t));
    out->folding_pow_witnesses = swirl_calloc(R * k, sizeof(bb_t));
    out->query_phase_pow_witnesses = swirl_calloc(R, sizeof(bb_t));
    out->widths = swirl_calloc(C, sizeof(size_t));
    out->row_offset = swirl_calloc(C, sizeof(size_t));
    out->initial_rows = swirl_calloc(sat_add(total_rows, 1), sizeof(bb_t));
    out->initial_paths = swirl_calloc(sat_add(sat_mul(sat_mul(C, out->num_queries0), out->depth0), 1), sizeof(swirl_digest));
    out->round_queries = swirl_calloc(R, sizeof(size_t));
    out->cw_value_offset = swirl_calloc(R, sizeof(size_t));
    out->cw_path_offset = swirl_calloc(R, sizeof(size_t));
    out->codeword_values = swirl_calloc(sat_add(total_values, 1), sizeof(ef_t));
    out->codeword_paths = swirl_calloc(sat_add(total_paths, 1), sizeof(swirl_digest));
    out->final_poly = swirl_calloc(out->final_len, sizeof(ef_t));
    if (!out->sumcheck_polys || !out->codeword_commits || !out->ood_values || !out->folding_pow_witnesses ||
        !out->query_phase_pow_witnesses || !out->widths || !out->row_offset || !out->initial_rows ||
        !out->initial_paths || !out->round_queries || !out->cw_value_offset || !out->cw_path_offset ||
        !out->codeword_values || !out->codeword_paths || !out->final_poly)
        return SWIRL_ERR_OUT_OF_MEMORY;
    size_t row_offset = 0;
    for (size_t c = 0; c < C; c++) {
        out->widths[c] = commits[c]->layout.width;
        out->row_offset[c] = row_offset;
        row_offset += out->num_queries0 * rows * out->widths[c];
    }
    size_t value_offset = 0, path_offset = 0;
    for (size_t r = 1; r < R; r++) {
        const size_t q = p->whir.num_queries[r];
        out->round_queries[r - 1] = q;
        out->cw_value_offset[r - 1] = value_offset;
        out->cw_path_offset[r - 1] = path_offset;
        value_offset += q * rows;
        path_offset += q * (out->depth1 - (r - 1));
    }
    return SWIRL_OK;
}

/* ---- the protocol ------------------------------------------------------------------------------- */

typedef struct whir_run {
    const swirl_system_params *p;
    swirl_transcript *tr;
    const swirl_whir_backend *be;
    swirl_whir_ws *ws;
    swirl_whir_proof *out;
    size_t *idx;   /* query indices of the current round (max_queries) */
    size_t mr;     /* variables left in f and w */
    size_t L;      /* log size of the current round's domain */
    swirl_spans *spans; /* NULL: untimed */
} whir_run;

/* A proof-of-work step: the backend's grinder when it has one (its witness is then checked into
 * the transcript exactly as the verifier will; a wrong one is an internal error), else the host. */
static int grind_untimed(whir_run *run, unsigned bits, bb_t *witness) {
    const swirl_whir_backend *be = run->be;
    if (!be->grind || bits == 0) {
        *witness = swirl_tr_grind(run->tr, bits, be->pool);
        return SWIRL_OK;
    }
    uint32_t w = 0;
    int rc = be->grind(be->grind_ctx, run->tr, bits, &w);
    if (rc) return rc;
    if (!swirl_tr_check_witness(run->tr, bits, w)) return SWIRL_ERR_INTERNAL;
    *witness = w;
    return SWIRL_OK;
}

static int grind(whir_run *run, unsigned bits, bb_t *witness) {
    swirl_span_enter(run->spans, "pow");
    int rc = grind_untimed(run, bits, witness);
    swirl_span_exit(run->spans);
    return rc;
}

/* Steps 1–3: mu PoW, mu, the initial f and w. */
static int initial_tables(whir_run *run, size_t W, const ef_t *u, ef_t *mu_pows) {
    int rc = grind(run, (unsigned)run->p->whir.mu_pow_bits, &run->out->mu_pow_witness);
    if (rc) return rc;
    const ef_t mu = swirl_tr_sample_ext(run->tr);
    mu_pows[0] = ef_one();
    for (size_t i = 1; i < W; i++) mu_pows[i] = ef_mul(mu_pows[i - 1], mu);
    swirl_span_enter(run->spans, "init");
    rc = run->be->ops->init_tables(run->ws, mu_pows, u);
    swirl_span_exit(run->spans);
    return rc;
}

/* Step 4: the k sumcheck sub-rounds of round r. */
static int sumcheck_rounds(whir_run *run, size_t r) {
    const swirl_whir_ops *ops = run->be->ops;
    const size_t k = run->p->whir.k;
    for (size_t s = 0; s < k; s++) {
        ef_t s1, s2;
        swirl_span_enter(run->spans, "sumcheck");
        int rc = ops->sumcheck_eval(run->ws, run->mr, &s1, &s2);
        swirl_span_exit(run->spans);
        if (rc) return rc;
        SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(&s1, 1) && SWIRL_EF_CANONICAL(&s2, 1)); /* what a backend returns */
        swirl_tr_observe_ext(run->tr, s1);
        swirl_tr_observe_ext(run->tr, s2);
        run->out->sumcheck_polys[2 * (r * k + s)] = s1;
        run->out->sumcheck_polys[2 * (r * k + s) + 1] = s2;
        rc = grind(run, (unsigned)run->p->whir.folding_pow_bits, &run->out->folding_pow_witnesses[r * k + s]);
        if (rc) return rc;
        const ef_t alpha = swirl_tr_sample_ext(run->tr);
        swirl_span_enter(run->spans, "sumcheck");
        rc = ops->fold(run->ws, run->mr, alpha);
        swirl_span_exit(run->spans);
        if (rc) return rc;
        run->mr--;
    }
    return SWIRL_OK;
}

/* Steps 5–7: g, then either round r's codeword commitment and OOD sample (r < R-1) or the
 * final polynomial. *z0 receives the OOD point (unused in the final round). */
static int fold_commitment_untimed(whir_run *run, size_t r, ef_t *z0) {
    const swirl_whir_ops *ops = run->be->ops;
    const size_t glen = (size_t)1 << run->mr;
    int rc = ops->coefficients(run->ws, run->mr);
    if (rc) return rc;
    if (r + 1 == run->p->whir.num_rounds) {
        rc = ops->read_g(run->ws, run->mr, run->out->final_poly);
        if (rc) return rc;
        SWIRL_VERIFY_CHECK(glen == run->out->final_len && SWIRL_EF_CANONICAL(run->out->final_poly, glen));
        for (size_t i = 0; i < glen; i++) swirl_tr_observe_ext(run->tr, run->out->final_poly[i]);
        return SWIRL_OK;
    }
    swirl_digest root;
    rc = ops->commit_round(run->ws, r, run->mr, run->L - 1, &root);
    if (rc) return rc;
    run->out->codeword_commits[r] = root;
    swirl_tr_observe_commit(run->tr, &root);
    *z0 = swirl_tr_sample_ext(run->tr);
    ef_t y0;
    rc = ops->eval_g(run->ws, run->mr, *z0, &y0);
    if (rc) return rc;
    SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(&y0, 1) && SWIRL_BB_CANONICAL(root.v, 8));
    run->out->ood_values[r] = y0;
    swirl_tr_observe_ext(run->tr, y0);
    return SWIRL_OK;
}

static int fold_commitment(whir_run *run, size_t r, ef_t *z0) {
    swirl_span_enter(run->spans, "commit");
    int rc = fold_commitment_untimed(run, r, z0);
    swirl_span_exit(run->spans);
    return rc;
}

/* Steps 9–10: the query indices, the openings of the previous codeword. */
static int open_queries(whir_run *run, size_t r) {
    const swirl_whir_ops *ops = run->be->ops;
    const size_t k = run->p->whir.k;
    const size_t q = run->p->whir.num_queries[r];
    SWIRL_VERIFY_CHECK(run->L >= k && run->L - k < 32); /* m + log_blowup <= 27 (parameter validation) */
    for (size_t i = 0; i < q; i++) run->idx[i] = swirl_tr_sample_bits(run->tr, (unsigned)(run->L - k));
    if (r == 0) return ops->open_initial(run->ws, run->idx, q, run->L, run->out);
    ef_t *values = run->out->codeword_values + run->out->cw_value_offset[r - 1];
    swirl_digest *paths = run->out->codeword_paths + run->out->cw_path_offset[r - 1];
    return ops->open_round(run->ws, r, run->idx, q, run->L, values, paths);
}

/* Steps 8–10: query PoW, then the queries. */
static int queries(whir_run *run, size_t r) {
    int rc = grind(run, (unsigned)run->p->whir.query_phase_pow_bits, &run->out->query_phase_pow_witnesses[r]);
    if (rc) return rc;
    swirl_span_enter(run->spans, "queries");
    rc = open_queries(run, r);
    swirl_span_exit(run->spans);
    return rc;
}

static int whir_rounds(whir_run *run) {
    const swirl_system_params *p = run->p;
    const size_t R = p->whir.num_rounds, k = p->whir.k;
    for (size_t r = 0; r < R; r++) {
        ef_t z0 = ef_zero();
        int rc = sumcheck_rounds(run, r);
        if (rc == SWIRL_OK) rc = fold_commitment(run, r, &z0);
        if (rc == SWIRL_OK) rc = queries(run, r);
        if (rc) return rc;
        /* step 11: gamma, also in the final round, to keep the transcripts aligned */
        const ef_t gamma = swirl_tr_sample_ext(run->tr);
        if (r + 1 < R) {
            /* step 12: w += gamma eq(., pow(z0)) + sum_i gamma^(i+2) eq(., pow(z_i)) */
            swirl_span_enter(run->spans, "weights");
            rc = run->be->ops->update_weights(run->ws, run->mr, z0, gamma, run->idx, p->whir.num_queries[r], run->L - k);
            swirl_span_exit(run->spans);
            if (rc) return rc;
        }
        run->L--;
    }
    return SWIRL_OK;
}

static int check_params(const swirl_system_params *p) {
    const size_t m = p->l_skip + p->n_stack, k = p->whir.k, R = p->whir.num_rounds, lb = p->log_blowup;
    if (k == 0 || R == 0 || R * k > m || R > SWIRL_MAX_WHIR_ROUNDS || m + lb > 27) return SWIRL_ERR_PARAMS;
    return SWIRL_OK;
}

int swirl_whir_prove_on(const swirl_system_params *p, swirl_transcript *tr, const swirl_stacked_pcs_data *const *commits,
                        size_t C, const ef_t *u, const swirl_whir_backend *be, swirl_whir_proof *out,
                        swirl_whir_stats *stats, swirl_spans *spans) {
    if (!p || !tr || !commits || !u || !out || !be || !be->ops || C == 0) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (stats) memset(stats, 0, sizeof *stats);
    const size_t calls_at_start = swirl_alloc_calls();
    int rc = check_params(p);
    if (rc) return rc;
    const size_t m = p->l_skip + p->n_stack, lb = p->log_blowup;
    swirl_whir_shape shape = {m, p->whir.k, p->whir.num_rounds, lb, C, 0, 0};
    for (size_t c = 0; c < C; c++) {
        if (!commits[c] || commits[c]->layout.log_stacked_height != m || commits[c]->tree.k != p->whir.k ||
            commits[c]->log_blowup != lb)
            return SWIRL_ERR_INVALID_ARG;
        shape.total_width += commits[c]->layout.width;
    }
    for (size_t r = 0; r < shape.num_rounds; r++)
        if (p->whir.num_queries[r] > shape.max_queries) shape.max_queries = p->whir.num_queries[r];
    ef_t *mu_pows = swirl_alloc_array(shape.total_width + 1, sizeof(ef_t));
    size_t *idx = swirl_alloc_array(shape.max_queries + 1, sizeof(size_t));
    whir_run run = {p, tr, be, NULL, out, idx, m, m + lb, spans};
    rc = mu_pows && idx ? proof_alloc(p, commits, C, out) : SWIRL_ERR_OUT_OF_MEMORY;
    swirl_span_enter(spans, "create");
    if (rc == SWIRL_OK) rc = be->ops->create(be->ops_ctx, &shape, commits, &run.ws);
    swirl_span_exit(spans);
    if (rc == SWIRL_OK) rc = initial_tables(&run, shape.total_width, u, mu_pows);
    const size_t calls_before_rounds = swirl_alloc_calls();
    if (rc == SWIRL_OK) rc = whir_rounds(&run);
    if (stats && rc == SWIRL_OK) {
        /* every buffer is sized before round 0: the rounds must allocate nothing */
        stats->setup_allocs = calls_before_rounds - calls_at_start;
        stats->round_allocs = swirl_alloc_calls() - calls_before_rounds;
        stats->rounds = p->whir.num_rounds;
    }
    if (run.ws) be->ops->destroy(run.ws);
    swirl_free(mu_pows);
    swirl_free(idx);
    if (rc) swirl_whir_proof_free(out);
    return rc;
}

/* ---- host entry points (tests, benches, keygen-time tools) ----------------------------------- */

int swirl_whir_prove(const swirl_system_params *p, swirl_transcript *tr, const swirl_stacked_pcs_data *const *commits,
                     size_t C, const ef_t *u, swirl_pool *pool, swirl_whir_proof *out, swirl_whir_stats *stats) {
    swirl_whir_backend be = {swirl_whir_cpu_ops(), pool, NULL, NULL, pool};
    return swirl_whir_prove_on(p, tr, commits, C, u, &be, out, stats, NULL);
}
