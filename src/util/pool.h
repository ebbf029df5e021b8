/* pool.h — the thread pool a swirl context owns.
 *
 * Primitives never spawn threads: they take a `swirl_pool *` (NULL means "run on the calling
 * thread") and split work with swirl_pool_for. The pool is created once by the context and
 * reused for every stage of every proof. */
#ifndef SWIRL_POOL_H
#define SWIRL_POOL_H

#include <stddef.h>

typedef struct swirl_pool swirl_pool;

/* Body of a parallel loop: process indices [begin, end). `worker` is in [0, nthreads) and is
 * stable for the duration of one call, so bodies may index per-worker scratch with it. */
typedef void (*swirl_pool_fn)(void *arg, size_t begin, size_t end, unsigned worker);

/* nthreads == 0 means "one per online core". Returns NULL on failure (out of memory or
 * thread creation failure); callers then run serially. */
swirl_pool *swirl_pool_create(unsigned nthreads);
void swirl_pool_destroy(swirl_pool *pool);
/* Number of workers (>= 1); 1 for a NULL pool. */
unsigned swirl_pool_size(const swirl_pool *pool);

/* Run fn over [0, n) split into chunks of at least `grain` indices; returns when all are done.
 * Safe to call with pool == NULL (runs fn(arg, 0, n, 0) inline). Not reentrant: a body must
 * not call swirl_pool_for on the same pool (nested calls run inline, serially). */
void swirl_pool_for(swirl_pool *pool, size_t n, size_t grain, swirl_pool_fn fn, void *arg);

/* memset / memcpy of large buffers split over the pool in 2 MiB pieces: first touches of fresh
 * pages (and the kernel's zeroing of them) then run on every worker instead of one. */
void swirl_pool_memset0(swirl_pool *pool, void *dst, size_t bytes);
void swirl_pool_memcpy(swirl_pool *pool, void *dst, const void *src, size_t bytes);

#endif
