/* bigalloc.c — see bigalloc.h. */
#define _GNU_SOURCE
#include "util/bigalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <stdatomic.h>

#define SWIRL_HUGE (2u << 20)

static atomic_size_t g_alloc_count;

size_t swirl_alloc_count(void) { return atomic_load(&g_alloc_count); }

void *swirl_big_alloc(size_t bytes, int zero) {
    if (bytes == 0) bytes = 1;
    atomic_fetch_add(&g_alloc_count, 1);
    void *p = NULL;
    if (bytes >= SWIRL_HUGE) {
        size_t rounded = (bytes + SWIRL_HUGE - 1) / SWIRL_HUGE * SWIRL_HUGE;
        if (posix_memalign(&p, SWIRL_HUGE, rounded) != 0) return NULL;
#ifdef MADV_HUGEPAGE
        madvise(p, rounded, MADV_HUGEPAGE); /* advisory: failure only costs speed */
#endif
        if (zero) memset(p, 0, bytes);
        return p;
    }
    return zero ? calloc(1, bytes) : malloc(bytes);
}
