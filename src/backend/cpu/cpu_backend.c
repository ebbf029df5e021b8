/* cpu_backend.c — the portable backend: every stage on the host, split over the context's
 * thread pool. This is the reference every other backend is compared with byte for byte. */
#include <stdlib.h>
#include "iop/gkr_ops.h"
#include "iop/sr_ops.h"
#include "iop/zc_ops.h"
#include "pcs/whir_ops.h"
#include "prover/backend.h"
#include "util/ctx.h"
#include "util/alloc.h"
#include "util/check.h"

static swirl_pool *pool_of(swirl_ctx *ctx) { return ctx ? ctx->pool : NULL; }

static int cpu_commit(swirl_ctx *ctx, const swirl_system_params *p, const swirl_trace *const *traces, size_t n,
                      swirl_staged_traces *staged, swirl_spans *spans, swirl_stacked_pcs_data **out) {
    SWIRL_VERIFY_CHECK(staged == NULL); /* no upload op: the host traces are where the CPU computes */
    (void)staged;
    return swirl_stacked_commit_timed(p, traces, n, pool_of(ctx), spans, out);
}

static int cpu_grind(swirl_ctx *ctx, const swirl_transcript *tr, unsigned bits, uint32_t *witness) {
    swirl_transcript copy = *tr;
    *witness = swirl_tr_grind(&copy, bits, pool_of(ctx));
    return SWIRL_OK;
}

int swirl_cpu_prove_rap_constraints(swirl_ctx *ctx, const swirl_rap_job *j, swirl_transcript *tr, swirl_spans *spans,
                                    const swirl_zc_backend *zc, const swirl_gkr_backend *gkr_be, swirl_gkr_proof *gkr,
                                    swirl_batch_proof *batch, ef_t *r) {
    const unsigned l = (unsigned)j->params->l_skip;
    swirl_pool *pool = pool_of(ctx);
    /* xi: l + n_global values (n_global >= n_logup: the GKR part, then sampled) */
    SWIRL_VERIFY_CHECK(j->n_global >= j->n_logup);
    ef_t *xi = swirl_alloc_array(l + j->n_global, sizeof *xi);
    if (!xi) return SWIRL_ERR_OUT_OF_MEMORY;
    int rc = SWIRL_OK;
    swirl_span_enter(spans, "logup_gkr");
    if (j->total_interactions) {
        /* the leaves go straight into the backend's workspace: no host copy on any backend */
        swirl_gkr_backend cpu_gkr = {swirl_gkr_cpu_ops(), pool};
        swirl_gkr_leaves_input in = {j->params, j->traces, j->num_traces, j->n_logup, j->alpha, j->beta, j->residence};
        rc = swirl_gkr_prove_traces(tr, gkr_be ? gkr_be : &cpu_gkr, &in, (unsigned)(l + j->n_logup), gkr, xi);
    } else {
        gkr->q0_claim = ef_one();
    }
    swirl_span_exit(spans);
    if (rc == SWIRL_OK) {
        for (size_t i = j->total_interactions ? l + j->n_logup : 0; i < l + j->n_global; i++) xi[i] = swirl_tr_sample_ext(tr);
        rc = swirl_zc_prove(j->params, tr, j->traces, j->num_traces, xi, j->n_logup, j->beta, pool, spans, zc, j->residence, batch, r);
    }
    swirl_free(xi);
    return rc;
}

static int cpu_rap(swirl_ctx *ctx, const swirl_rap_job *j, swirl_transcript *tr, swirl_spans *spans,
                   swirl_gkr_proof *gkr, swirl_batch_proof *batch, ef_t *r) {
    return swirl_cpu_prove_rap_constraints(ctx, j, tr, spans, NULL, NULL, gkr, batch, r);
}

static int cpu_openings(swirl_ctx *ctx, const swirl_openings_job *j, swirl_transcript *tr, swirl_spans *spans,
                        swirl_stacking_proof *sp, swirl_whir_proof *wp) {
    swirl_sr_backend sr = {swirl_sr_cpu_ops(), pool_of(ctx)};
    swirl_whir_backend whir = {swirl_whir_cpu_ops(), pool_of(ctx), NULL, NULL, pool_of(ctx)};
    return swirl_prove_openings_with(ctx, j, tr, spans, &sr, &whir, sp, wp);
}

static const swirl_backend_ops cpu_ops = {
    .name = "cpu", .commit = cpu_commit, .grind = cpu_grind, .prove_rap_constraints = cpu_rap, .prove_openings = cpu_openings};

const swirl_backend_ops *swirl_backend_cpu_ops(void) { return &cpu_ops; }
