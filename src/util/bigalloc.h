/* bigalloc.h — allocation of large prover buffers (stacked matrices, codewords, tables), through
 * the library's allocator (util/alloc.h): 2 MiB aligned and advised as transparent huge pages
 * when large. Released with swirl_free. */
#ifndef SWIRL_BIGALLOC_H
#define SWIRL_BIGALLOC_H

#include "util/alloc.h"

/* NULL on failure; zeroed when `zero` is non-zero. */
#define swirl_big_alloc(bytes, zero) swirl_big_alloc_at((bytes), (zero), SWIRL_SITE)

/* Allocation calls so far (process-wide). Prover stages that promise not to allocate inside
 * their rounds compare this counter around each round (see swirl_whir_stats). */
#define swirl_alloc_count() swirl_alloc_calls()

#endif
