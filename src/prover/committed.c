/* committed.c — cached main traces committed once and reused across proofs. */
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
#include "prover/backend.h"
#include "prover/committed.h"
#include "util/ctx.h"
#include "util/error.h"
#include "util/alloc.h"

int swirl_commit_cached_main(swirl_ctx *ctx, const swirl_vk *vk, const swirl_trace *trace, swirl_committed_trace **out,
                             swirl_error *err) {
    if (!vk || !trace || !out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_commit_cached_main: null argument");
    *out = NULL;
    const swirl_system_params *p = &vk->params;
    if (trace->height == 0 || (trace->height & (trace->height - 1)) || trace->width == 0 || trace->width > SWIRL_MAX_AIR_WIDTH ||
        !trace->values)
        return swirl_fail(err, SWIRL_ERR_TRACE, 0,
                          "swirl_commit_cached_main: the trace must have a power-of-two height and a width in 1..SWIRL_MAX_AIR_WIDTH");
    if (trace->height > ((size_t)1 << (p->l_skip + p->n_stack)))
        return swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_commit_cached_main: height %zu exceeds the stacked height 2^%zu",
                          trace->height, p->l_skip + p->n_stack);
    for (size_t i = 0; i < trace->height * trace->width; i++)
        if (trace->values[i] >= SWIRL_P)
            return swirl_fail(err, SWIRL_ERR_FIELD_RANGE, 0, "swirl_commit_cached_main: value %u at index %zu is not below p",
                              trace->values[i], i);
    swirl_committed_trace *c = swirl_calloc(1, sizeof *c);
    if (!c) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_commit_cached_main: out of memory");
    c->params = *p;
    c->height = trace->height;
    c->width = trace->width;
    const swirl_backend_ops *ops = ctx && ctx->ops ? ctx->ops : swirl_backend_cpu_ops();
    const swirl_trace *tp[] = {trace};
    int rc = ops->commit(ctx, p, tp, 1, NULL, NULL, &c->data);
    if (rc) { swirl_free(c); return swirl_fail(err, rc, 0, "swirl_commit_cached_main: commitment failed: %s", swirl_status_str(rc)); }
    *out = c;
    return SWIRL_OK;
}

void swirl_committed_trace_free(swirl_committed_trace *c) {
    if (!c) return;
    swirl_stacked_pcs_data_free(c->data);
    swirl_free(c);
}

void swirl_committed_trace_root(const swirl_committed_trace *c, uint32_t out[8]) {
    if (!out) return;
    for (int i = 0; i < 8; i++) out[i] = c && c->data ? c->data->commit.v[i] : 0;
}

int swirl_committed_trace_check(const swirl_committed_trace *c, const swirl_system_params *p, const swirl_trace *t,
                                swirl_error *err) {
    if (!swirl_params_equal(&c->params, p))
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_prove: a cached commitment was made under other system parameters");
    if (c->height != t->height || c->width != t->width)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0,
                          "swirl_prove: a cached commitment is of a %zu x %zu trace, the cached trace given is %zu x %zu",
                          c->height, c->width, t->height, t->width);
    return SWIRL_OK;
}
