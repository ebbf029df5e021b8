/* openings.c — the openings stage of the protocol (iop.md §6 then crypto_pcs.md §6): the stacked
 * opening reduction, then WHIR at u_cube = (u_0, u_0^2, ..., u_0^(2^(l-1)), u_1, ..., u_n).
 * Written once for every backend: the backend supplies the operation tables of the stacked
 * reduction and of WHIR (and WHIR's grinder). */
#include "iop/sr_ops.h"
#include "pcs/whir_ops.h"
#include "prover/backend.h"
#include "util/alloc.h"
#include "util/ctx.h"

int swirl_prove_openings_with(swirl_ctx *ctx, const swirl_openings_job *j, swirl_transcript *tr, swirl_spans *spans,
                              const swirl_sr_backend *sr_backend, const swirl_whir_backend *whir_backend,
                              swirl_stacking_proof *sp, swirl_whir_proof *wp) {
    const swirl_system_params *p = j->params;
    const size_t l = p->l_skip;
    (void)ctx;
    const bb_t **stacked = swirl_calloc(j->num_commits, sizeof *stacked);
    size_t *widths = swirl_calloc(j->num_commits, sizeof *widths);
    ef_t *u = swirl_alloc_array(p->n_stack + 1, sizeof(ef_t));
    ef_t *ucube = swirl_alloc_array(l + p->n_stack + 1, sizeof(ef_t));
    int rc = stacked && widths && u && ucube ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t c = 0; rc == SWIRL_OK && c < j->num_commits; c++) {
        stacked[c] = j->commits[c]->stacked;
        widths[c] = j->commits[c]->layout.width;
    }
    if (rc == SWIRL_OK) {
        swirl_span_enter(spans, "stacked_reduction");
        size_t W = 0;
        for (size_t c = 0; c < j->num_commits; c++) W += widths[c];
        swirl_sr_shape shape = {(unsigned)l, p->n_stack, j->num_commits, widths, W, j->slices, j->num_slices,
                                j->n_max, stacked, j->commits};
        rc = swirl_sr_prove_on(p, tr, &shape, j->r, sr_backend, sp, u, spans);
        swirl_span_exit(spans);
    }
    if (rc == SWIRL_OK) {
        ef_t z = u[0];
        for (size_t i = 0; i < l; i++) {
            ucube[i] = z;
            z = ef_sqr(z);
        }
        for (size_t i = 0; i < p->n_stack; i++) ucube[l + i] = u[1 + i];
        swirl_span_enter(spans, "whir");
        rc = swirl_whir_prove_on(p, tr, j->commits, j->num_commits, ucube, whir_backend, wp, NULL, spans);
        swirl_span_exit(spans);
    }
    swirl_free(stacked);
    swirl_free(widths);
    swirl_free(u);
    swirl_free(ucube);
    return rc;
}
