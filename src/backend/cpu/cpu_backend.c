/* cpu_backend.c — the portable backend: every stage on the host, split over the context's
 * thread pool. This is the reference every other backend is compared with byte for byte. */
#include <stdlib.h>
#include "prover/backend.h"
#include "util/ctx.h"
#include "util/alloc.h"
#include "util/check.h"

static swirl_pool *pool_of(swirl_ctx *ctx) { return ctx ? ctx->pool : NULL; }

static int cpu_commit(swirl_ctx *ctx, const swirl_system_params *p, const swirl_trace *const *traces, size_t n,
                      swirl_spans *spans, swirl_stacked_pcs_data **out) {
    return swirl_stacked_commit_timed(p, traces, n, pool_of(ctx), spans, out);
}

static int cpu_grind(swirl_ctx *ctx, const swirl_transcript *tr, unsigned bits, uint32_t *witness) {
    swirl_transcript copy = *tr;
    *witness = swirl_tr_grind(&copy, bits, pool_of(ctx));
    return SWIRL_OK;
}

int swirl_cpu_prove_rap_constraints(swirl_ctx *ctx, const swirl_rap_job *j, swirl_transcript *tr, swirl_spans *spans,
                                    const swirl_zc_accel *accel, swirl_gkr_proof *gkr, swirl_batch_proof *batch, ef_t *r) {
    const unsigned l = (unsigned)j->params->l_skip;
    swirl_pool *pool = pool_of(ctx);
    /* xi: l + n_global values (n_global >= n_logup: the GKR part, then sampled) */
    SWIRL_VERIFY_CHECK(j->n_global >= j->n_logup);
    ef_t *xi = swirl_alloc_array(l + j->n_global, sizeof *xi);
    if (!xi) return SWIRL_ERR_OUT_OF_MEMORY;
    int rc = SWIRL_OK;
    swirl_span_enter(spans, "logup_gkr");
    if (j->total_interactions) {
        size_t L = l + j->n_logup, n = (size_t)1 << L;
        ef_t *pl = swirl_malloc(n * sizeof *pl), *ql = swirl_malloc(n * sizeof *ql);
        if (!pl || !ql) rc = SWIRL_ERR_OUT_OF_MEMORY;
        if (!rc) rc = swirl_logup_leaves(j->params, j->traces, j->num_traces, j->n_logup, j->alpha, j->beta, pool, pl, ql);
        if (!rc) rc = swirl_gkr_prove(tr, pl, ql, (unsigned)L, pool, gkr, xi);
        swirl_free(pl);
        swirl_free(ql);
    } else {
        gkr->q0_claim = ef_one();
    }
    swirl_span_exit(spans);
    if (rc == SWIRL_OK) {
        for (size_t i = j->total_interactions ? l + j->n_logup : 0; i < l + j->n_global; i++) xi[i] = swirl_tr_sample_ext(tr);
        rc = swirl_zc_prove(j->params, tr, j->traces, j->num_traces, xi, j->n_logup, j->beta, pool, spans, accel, batch, r);
    }
    swirl_free(xi);
    return rc;
}

static int cpu_rap(swirl_ctx *ctx, const swirl_rap_job *j, swirl_transcript *tr, swirl_spans *spans,
                   swirl_gkr_proof *gkr, swirl_batch_proof *batch, ef_t *r) {
    return swirl_cpu_prove_rap_constraints(ctx, j, tr, spans, NULL, gkr, batch, r);
}

int swirl_cpu_prove_openings(swirl_ctx *ctx, const swirl_openings_job *j, swirl_transcript *tr, swirl_spans *spans,
                             const swirl_whir_grinder *grinder, swirl_stacking_proof *sp, swirl_whir_proof *wp) {
    const swirl_system_params *p = j->params;
    const unsigned l = (unsigned)p->l_skip;
    swirl_pool *pool = pool_of(ctx);
    const bb_t **stacked = swirl_calloc(j->num_commits, sizeof *stacked);
    size_t *widths = swirl_calloc(j->num_commits, sizeof *widths);
    if (!stacked || !widths) { swirl_free(stacked); swirl_free(widths); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t c = 0; c < j->num_commits; c++) {
        stacked[c] = j->commits[c]->stacked;
        widths[c] = j->commits[c]->layout.width;
    }
    /* u: n_stack + 1 values; u_cube: l + n_stack */
    ef_t *u = swirl_alloc_array(p->n_stack + 1, sizeof *u), *ucube = swirl_alloc_array(l + p->n_stack, sizeof *ucube);
    int rc = u && ucube ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        swirl_span_enter(spans, "stacked_reduction");
        rc = swirl_sr_prove(p, tr, stacked, widths, j->num_commits, j->slices, j->num_slices, j->r, j->n_max, pool, sp, u);
        swirl_span_exit(spans);
    }
    swirl_free(stacked);
    swirl_free(widths);
    if (rc == SWIRL_OK) {
        /* WHIR opens the stacked columns at u_cube = (u_0, u_0^2, ..., u_0^(2^(l-1)), u_1, ...) */
        ef_t z = u[0];
        for (size_t i = 0; i < l; i++) { ucube[i] = z; z = ef_sqr(z); }
        for (size_t i = 0; i < p->n_stack; i++) ucube[l + i] = u[1 + i];
        swirl_span_enter(spans, "whir");
        rc = swirl_whir_prove_with(p, tr, j->commits, j->num_commits, ucube, pool, grinder, wp, NULL);
        swirl_span_exit(spans);
    }
    swirl_free(u);
    swirl_free(ucube);
    return rc;
}

static int cpu_openings(swirl_ctx *ctx, const swirl_openings_job *j, swirl_transcript *tr, swirl_spans *spans,
                        swirl_stacking_proof *sp, swirl_whir_proof *wp) {
    return swirl_cpu_prove_openings(ctx, j, tr, spans, NULL, sp, wp);
}

static const swirl_backend_ops cpu_ops = {"cpu", cpu_commit, cpu_grind, cpu_rap, cpu_openings};

const swirl_backend_ops *swirl_backend_cpu_ops(void) { return &cpu_ops; }
