/* bigalloc.c — see bigalloc.h. */
#define _GNU_SOURCE
#include "util/bigalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define SWIRL_HUGE (2u << 20)

void *swirl_big_alloc(size_t bytes, int zero) {
    if (bytes == 0) bytes = 1;
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
