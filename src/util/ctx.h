/* ctx.h — internal view of swirl_ctx. Stages reach the pool (and device) through it. */
#ifndef SWIRL_CTX_H
#define SWIRL_CTX_H

#include "swirl.h"
#include "util/pool.h"

struct swirl_ctx {
    swirl_pool *pool;           /* may be NULL if thread creation failed: then serial */
    swirl_backend_kind backend; /* as requested; resolved by the prover */
    void *cuda;                 /* CUDA backend state (src/backend/cuda), NULL when unused */
};

#endif
