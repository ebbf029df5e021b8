/* ctx.h — internal view of swirl_ctx. Stages reach the pool (and device) through it. */
#ifndef SWIRL_CTX_H
#define SWIRL_CTX_H

#include "swirl.h"
#include "util/pool.h"
#include "util/spans.h"

struct swirl_backend_ops;
struct swirl_cuda_dev;

struct swirl_ctx {
    swirl_pool *pool;                    /* may be NULL if thread creation failed: then serial */
    swirl_backend_kind backend;          /* resolved at creation: CPU or CUDA, never AUTO */
    const struct swirl_backend_ops *ops; /* the stage table of `backend` */
    struct swirl_cuda_dev *cuda;         /* CUDA device state, created on first use; NULL otherwise */
    unsigned cuda_max_log_n;             /* NTT size the device's twiddles cover */
    size_t cuda_cache_limit;             /* device bytes of key copies kept across proofs */
    int cuda_cache_limit_set;            /* 0: the default (an eighth of the device's memory) */
    swirl_spans spans;                   /* spans of the last proof */
};

#endif
