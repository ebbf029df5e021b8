/* alloc.c — see alloc.h. The only file of libswirl that calls the C allocator. */
#define _GNU_SOURCE
#include "util/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Blocks this large are 2 MiB aligned and advised as huge pages: first-touch page faults
 * dominated the CPU commit on VMs (a 1.4 GB commit took ~2.5 s of kernel time in 4 KiB faults). */
#define SWIRL_HUGE ((size_t)2 << 20)

static atomic_size_t g_calls;
static atomic_long g_live;
static atomic_size_t g_fail_countdown; /* 0: off; else the attempt that fails, counting down */
static atomic_int g_fail_fired;
static void (*g_observer)(const char *, void *);
static void *g_observer_user;

void swirl_alloc_fail_at(size_t k) {
    atomic_store(&g_fail_fired, 0);
    atomic_store(&g_fail_countdown, k);
}

int swirl_alloc_fail_fired(void) { return atomic_load(&g_fail_fired); }

void swirl_alloc_set_observer(void (*observer)(const char *, void *), void *user) {
    g_observer = observer;
    g_observer_user = user;
}

size_t swirl_alloc_calls(void) { return atomic_load(&g_calls); }

long swirl_alloc_live(void) { return atomic_load(&g_live); }

/* Counts the attempt; returns 1 when this attempt must fail (injection). */
static int attempt(const char *site) {
    atomic_fetch_add(&g_calls, 1);
    if (g_observer) g_observer(site, g_observer_user);
    size_t left = atomic_load(&g_fail_countdown);
    while (left != 0) {
        if (atomic_compare_exchange_weak(&g_fail_countdown, &left, left - 1)) {
            if (left != 1) return 0;
            atomic_store(&g_fail_fired, 1);
            return 1;
        }
    }
    return 0;
}

static void *counted(void *p) {
    if (p) atomic_fetch_add(&g_live, 1);
    return p;
}

void *swirl_malloc_at(size_t bytes, const char *site) {
    if (attempt(site)) return NULL;
    return counted(malloc(bytes ? bytes : 1));
}

void *swirl_calloc_at(size_t count, size_t size, const char *site) {
    if (attempt(site)) return NULL;
    if (size && count > SIZE_MAX / size) return NULL;
    if (count == 0 || size == 0) return counted(calloc(1, 1));
    return counted(calloc(count, size));
}

void *swirl_calloc_at_uninit(size_t count, size_t size, const char *site) {
    if (size && count > SIZE_MAX / size) {
        atomic_fetch_add(&g_calls, 1);
        return NULL;
    }
    return swirl_malloc_at(count * size, site);
}

void *swirl_realloc_at(void *ptr, size_t bytes, const char *site) {
    if (attempt(site)) return NULL;
    void *q = realloc(ptr, bytes ? bytes : 1);
    if (q && !ptr) atomic_fetch_add(&g_live, 1);
    return q;
}

void *swirl_big_alloc_at(size_t bytes, int zero, const char *site) {
    if (bytes < SWIRL_HUGE) return zero ? swirl_calloc_at(1, bytes, site) : swirl_malloc_at(bytes, site);
    if (attempt(site)) return NULL;
    if (bytes > SIZE_MAX - SWIRL_HUGE) return NULL;
    size_t rounded = (bytes + SWIRL_HUGE - 1) / SWIRL_HUGE * SWIRL_HUGE;
    void *p = NULL;
    if (posix_memalign(&p, SWIRL_HUGE, rounded) != 0) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE); /* advisory: failure only costs speed */
#endif
    if (zero) memset(p, 0, bytes);
    return counted(p);
}

void swirl_free(void *ptr) {
    if (!ptr) return;
    atomic_fetch_sub(&g_live, 1);
    free(ptr);
}
