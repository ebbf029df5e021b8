/* ctx.c — the context: owns the thread pool (and later the device). */
#include <stdlib.h>
#include "swirl.h"
#include "util/ctx.h"
#include "util/error.h"

int swirl_ctx_create(unsigned nthreads, swirl_backend_kind backend, swirl_ctx **out, swirl_error *err) {
    if (!out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_ctx_create: out is NULL");
    *out = NULL;
    if (backend != SWIRL_BACKEND_AUTO && backend != SWIRL_BACKEND_CPU && backend != SWIRL_BACKEND_CUDA)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_ctx_create: unknown backend %d", (int)backend);
    swirl_ctx *c = calloc(1, sizeof *c);
    if (!c) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_ctx_create: out of memory");
    c->pool = swirl_pool_create(nthreads);
    c->backend = backend;
    *out = c;
    return SWIRL_OK;
}

void swirl_ctx_free(swirl_ctx *c) {
    if (!c) return;
    swirl_pool_destroy(c->pool);
    free(c);
}

void swirl_trace_free(swirl_trace *t) {
    if (!t) return;
    free(t->values);
    t->values = NULL;
    t->height = t->width = 0;
}
