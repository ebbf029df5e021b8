/* stacked_root.c — the root of a stacked commitment of caller traces (for the OpenVM interop
 * crate: the reference's TraceCommitter stage asks a backend for the commitment of the common
 * main traces before anything else is proved). The commitment is made by the context's backend,
 * exactly as swirl_prove makes it, then only its root is kept. */
#include <string.h>
#include "prover/backend.h"
#include "util/ctx.h"
#include "util/error.h"

static int check_trace(const swirl_system_params *p, const swirl_trace *t, size_t i, size_t prev_height, swirl_error *err) {
    if (!t) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_stacked_root: trace %zu is NULL", i);
    if (t->height == 0 || (t->height & (t->height - 1)))
        return swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_stacked_root: trace %zu height %zu is not a power of two", i, t->height);
    if (t->height > ((size_t)1 << (p->l_skip + p->n_stack)))
        return swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_stacked_root: trace %zu height %zu exceeds the stacked height 2^%zu", i,
                          t->height, p->l_skip + p->n_stack);
    if (t->height > prev_height)
        return swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_stacked_root: trace %zu is taller than the one before (stacking order)", i);
    if (t->width > 0 && !t->values) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_stacked_root: trace %zu has no values", i);
    size_t cells = t->height * t->width;
    for (size_t k = 0; k < cells; k++)
        if (t->values[k] >= SWIRL_P)
            return swirl_fail(err, SWIRL_ERR_FIELD_RANGE, 0, "swirl_stacked_root: trace %zu value %zu is not below p", i, k);
    return SWIRL_OK;
}

int swirl_stacked_root(swirl_ctx *ctx, const swirl_system_params *params, const swirl_trace *const *traces,
                       size_t num_traces, uint32_t root_out[8], swirl_error *err) {
    if (!params || !traces || !root_out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_stacked_root: null argument");
    if (num_traces == 0) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_stacked_root: no traces");
    if (swirl_params_validate(params) != SWIRL_OK)
        return swirl_fail(err, SWIRL_ERR_PARAMS, 0, "swirl_stacked_root: unsupported system parameters");
    size_t prev_height = (size_t)-1;
    for (size_t i = 0; i < num_traces; i++) {
        int rc = check_trace(params, traces[i], i, prev_height, err);
        if (rc) return rc;
        prev_height = traces[i]->height;
    }
    const swirl_backend_ops *ops = ctx && ctx->ops ? ctx->ops : swirl_backend_cpu_ops();
    swirl_stacked_pcs_data *data = NULL;
    int rc = ops->commit(ctx, params, traces, num_traces, NULL, NULL, &data);
    if (rc) return swirl_fail(err, rc, 0, "swirl_stacked_root: commitment failed: %s", swirl_status_str(rc));
    for (int i = 0; i < 8; i++) root_out[i] = data->commit.v[i];
    swirl_stacked_pcs_data_free(data);
    return SWIRL_OK;
}
