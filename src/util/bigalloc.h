/* bigalloc.h — allocation of large prover buffers (stacked matrices, codewords, tables).
 *
 * Large buffers are 2 MiB aligned and advised as transparent huge pages: first-touch page
 * faults dominated the CPU commit on VMs (a 1.4 GB commit took ~2.5 s of kernel time in 4 KiB
 * faults). Memory from swirl_big_alloc is released with plain free(). */
#ifndef SWIRL_BIGALLOC_H
#define SWIRL_BIGALLOC_H

#include <stddef.h>

/* NULL on failure or bytes == 0 overflow; zeroed when `zero` is non-zero. */
void *swirl_big_alloc(size_t bytes, int zero);

/* Number of swirl_big_alloc calls so far (process-wide). Prover stages that promise not to
 * allocate inside their rounds allocate only through swirl_big_alloc and compare this counter
 * around each round (debug instrumentation; see swirl_whir_stats). */
size_t swirl_alloc_count(void);

#endif
