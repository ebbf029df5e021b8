/* alloc.h — the one door through which library code takes host memory.
 *
 * Every allocation of libswirl goes through these functions (never malloc/calloc/realloc/free
 * directly), for three reasons:
 *  - overflow: swirl_calloc and swirl_alloc_array check count * size and return NULL when the
 *    product does not fit in size_t, so a huge width from a caller can never shrink a buffer;
 *  - failure injection: tests make the k-th allocation fail (swirl_alloc_fail_at) and check
 *    that every path reports SWIRL_ERR_OUT_OF_MEMORY, crashes nowhere and leaks nothing;
 *  - accounting: the number of live blocks and of calls is observable (leak checks, "no
 *    allocation inside a round" checks).
 * Memory from any of these is released with swirl_free (NULL accepted). The counters are atomic;
 * the injection countdown is process-wide and meant for single-threaded test drivers. */
#ifndef SWIRL_ALLOC_H
#define SWIRL_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* `site` is the call site ("file:line"), recorded for tests; use the macros below. */
void *swirl_malloc_at(size_t bytes, const char *site);
void *swirl_calloc_at(size_t count, size_t size, const char *site);
void *swirl_realloc_at(void *ptr, size_t bytes, const char *site); /* on failure ptr stays valid */
/* 2 MiB aligned, advised as transparent huge pages when large; zeroed when `zero` != 0. */
void *swirl_big_alloc_at(size_t bytes, int zero, const char *site);
void swirl_free(void *ptr);

#define SWIRL_STR2_(x) #x
#define SWIRL_STR_(x) SWIRL_STR2_(x)
#define SWIRL_SITE __FILE__ ":" SWIRL_STR_(__LINE__)
#define swirl_malloc(bytes) swirl_malloc_at((bytes), SWIRL_SITE)
#define swirl_calloc(count, size) swirl_calloc_at((count), (size), SWIRL_SITE)
#define swirl_realloc(ptr, bytes) swirl_realloc_at((ptr), (bytes), SWIRL_SITE)
/* count elements of `size` bytes, uninitialised; NULL when count * size overflows. */
#define swirl_alloc_array(count, size) swirl_calloc_at_uninit((count), (size), SWIRL_SITE)
void *swirl_calloc_at_uninit(size_t count, size_t size, const char *site);

/* ---- test instrumentation ---- */
/* Make the k-th allocation from now fail (k >= 1); 0 disables injection. */
void swirl_alloc_fail_at(size_t k);
/* 1 once the injected failure has fired (so a test knows the k-th allocation was reached). */
int swirl_alloc_fail_fired(void);
/* Called on every allocation attempt with its site (NULL: none). Not thread-safe to change
 * while the library runs. */
void swirl_alloc_set_observer(void (*observer)(const char *site, void *user), void *user);
/* Allocation calls made so far and blocks currently live (process-wide). */
size_t swirl_alloc_calls(void);
long swirl_alloc_live(void);

#ifdef __cplusplus
}
#endif
#endif
