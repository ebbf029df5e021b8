/* ctx.c — the context: owns the thread pool, the resolved backend and its device. */
#include <stdlib.h>
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_cache.h"
#include "prover/backend.h"
#include "swirl.h"
#include "util/ctx.h"
#include "util/error.h"
#include "util/alloc.h"

int swirl_ctx_create(unsigned nthreads, swirl_backend_kind backend, swirl_ctx **out, swirl_error *err) {
    if (!out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_ctx_create: out is NULL");
    *out = NULL;
    if (backend != SWIRL_BACKEND_AUTO && backend != SWIRL_BACKEND_CPU && backend != SWIRL_BACKEND_CUDA)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_ctx_create: unknown backend %d", (int)backend);
    int have_device = swirl_cuda_device_count() > 0;
    if (backend == SWIRL_BACKEND_CUDA && !have_device) {
#ifdef SWIRL_HAVE_CUDA
        return swirl_fail(err, SWIRL_ERR_NO_DEVICE, 0, "swirl_ctx_create: the CUDA backend was requested but no CUDA device is usable (%s)",
                          swirl_cuda_last_error());
#else
        return swirl_fail(err, SWIRL_ERR_NO_DEVICE, 0, "swirl_ctx_create: the CUDA backend was requested but swirl was built without CUDA");
#endif
    }
    swirl_ctx *c = swirl_calloc(1, sizeof *c);
    if (!c) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_ctx_create: out of memory");
    c->pool = swirl_pool_create(nthreads);
    if (!c->pool) { swirl_free(c); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_ctx_create: out of memory (thread pool)"); }
    c->backend = backend == SWIRL_BACKEND_AUTO ? (have_device ? SWIRL_BACKEND_CUDA : SWIRL_BACKEND_CPU) : backend;
    c->ops = c->backend == SWIRL_BACKEND_CUDA ? swirl_backend_cuda_ops() : swirl_backend_cpu_ops();
    *out = c;
    return SWIRL_OK;
}

void swirl_ctx_free(swirl_ctx *c) {
    if (!c) return;
    swirl_cuda_cache_destroy(c->cuda); /* no proof can use the key copies after the context */
    swirl_cuda_dev_free(c->cuda);
    swirl_pool_destroy(c->pool);
    swirl_free(c);
}

const char *swirl_ctx_backend_name(const swirl_ctx *c) {
    if (!c) return "cpu";
    return c->backend == SWIRL_BACKEND_CUDA ? "cuda" : "cpu";
}

size_t swirl_ctx_spans(const swirl_ctx *c, swirl_span *out, size_t max) {
    if (!c) return 0;
    for (size_t i = 0; out && i < c->spans.count && i < max; i++) {
        out[i].name = c->spans.entries[i].name;
        out[i].depth = c->spans.entries[i].depth;
        out[i].seconds = c->spans.entries[i].seconds;
        out[i].bytes_to_device = c->spans.entries[i].metered[SWIRL_METER_TO_DEVICE];
        out[i].bytes_from_device = c->spans.entries[i].metered[SWIRL_METER_FROM_DEVICE];
        out[i].host_waits = c->spans.entries[i].metered[SWIRL_METER_WAITS];
    }
    return c->spans.count;
}

int swirl_ctx_device_stats(const swirl_ctx *c, swirl_device_stats *out) {
    if (!c || !out) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (!c->cuda) return SWIRL_ERR_NO_DEVICE;
    swirl_cuda_counters k;
    int rc = swirl_cuda_counters_get(c->cuda, &k);
    if (rc) return rc;
    out->pool_allocs = k.pool_allocs;
    out->raw_allocs = k.raw_allocs;
    out->bytes_to_device = k.h2d_bytes;
    out->bytes_from_device = k.d2h_bytes;
    out->host_waits = k.syncs;
    out->peak_device_bytes = k.peak_bytes;
    out->host_stage_ops = k.host_ops;
    swirl_cuda_cache_stats cs;
    swirl_cuda_cache_stats_get(c->cuda, &cs);
    out->key_cache_entries = cs.entries;
    out->key_cache_bytes = cs.device_bytes;
    out->key_cache_hits = cs.hits;
    out->key_cache_misses = cs.misses;
    return SWIRL_OK;
}

int swirl_ctx_set_device_cache_limit(swirl_ctx *c, size_t bytes) {
    if (!c) return SWIRL_ERR_INVALID_ARG;
    c->cuda_cache_limit = bytes;
    c->cuda_cache_limit_set = 1;
    swirl_cuda_cache_trim(c->cuda, bytes); /* between proofs by the context's contract */
    return SWIRL_OK;
}

void swirl_trace_free(swirl_trace *t) {
    if (!t) return;
    swirl_free(t->values);
    t->values = NULL;
    t->height = t->width = 0;
}

void swirl_ctx_set_progress(swirl_ctx *c, swirl_progress_fn fn, void *user) {
    if (c) swirl_spans_set_progress(&c->spans, fn, user);
}
