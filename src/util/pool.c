/* pool.c — a small fork-join pool: the caller thread works too, workers sleep on a condvar
 * between jobs. One job at a time; chunks are claimed with an atomic counter. */
#include "util/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/alloc.h"

struct swirl_pool {
    unsigned nthreads; /* workers including the caller */
    pthread_t *threads;
    pthread_mutex_t mu;
    pthread_cond_t cv_job, cv_done;
    /* current job (valid while generation changes) */
    swirl_pool_fn fn;
    void *arg;
    size_t n, chunk, nchunks;
    atomic_size_t next;
    unsigned active; /* workers still running the current job */
    unsigned long generation;
    int shutdown;
    atomic_int busy; /* set while a job runs: nested calls run inline */
};

static void run_chunks(swirl_pool *p, unsigned worker) {
    for (;;) {
        size_t c = atomic_fetch_add(&p->next, 1);
        if (c >= p->nchunks) break;
        size_t b = c * p->chunk, e = b + p->chunk;
        if (e > p->n) e = p->n;
        p->fn(p->arg, b, e, worker);
    }
}

typedef struct { swirl_pool *p; unsigned id; } worker_arg;

static void *worker_main(void *vp) {
    worker_arg *wa = vp;
    swirl_pool *p = wa->p;
    unsigned id = wa->id;
    swirl_free(wa);
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->shutdown && p->generation == seen) pthread_cond_wait(&p->cv_job, &p->mu);
        if (p->shutdown) break;
        seen = p->generation;
        pthread_mutex_unlock(&p->mu);
        run_chunks(p, id);
        pthread_mutex_lock(&p->mu);
        if (--p->active == 0) pthread_cond_signal(&p->cv_done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

swirl_pool *swirl_pool_create(unsigned nthreads) {
    if (nthreads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        nthreads = n > 0 ? (unsigned)n : 1;
    }
    swirl_pool *p = swirl_calloc(1, sizeof *p);
    if (!p) return NULL;
    p->nthreads = nthreads;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv_job, NULL);
    pthread_cond_init(&p->cv_done, NULL);
    atomic_init(&p->next, 0);
    atomic_init(&p->busy, 0);
    if (nthreads > 1) {
        p->threads = swirl_calloc(nthreads - 1, sizeof(pthread_t));
        if (!p->threads) { swirl_free(p); return NULL; }
        for (unsigned i = 1; i < nthreads; i++) {
            worker_arg *wa = swirl_malloc(sizeof *wa);
            if (wa) { wa->p = p; wa->id = i; }
            if (!wa || pthread_create(&p->threads[i - 1], NULL, worker_main, wa) != 0) {
                swirl_free(wa);
                p->nthreads = i; /* keep the ones that started */
                break;
            }
        }
    }
    return p;
}

void swirl_pool_destroy(swirl_pool *p) {
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->shutdown = 1;
    pthread_cond_broadcast(&p->cv_job);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 1; i < p->nthreads; i++) pthread_join(p->threads[i - 1], NULL);
    swirl_free(p->threads);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv_job);
    pthread_cond_destroy(&p->cv_done);
    swirl_free(p);
}

unsigned swirl_pool_size(const swirl_pool *p) { return p ? p->nthreads : 1; }

void swirl_pool_for(swirl_pool *p, size_t n, size_t grain, swirl_pool_fn fn, void *arg) {
    if (n == 0) return;
    if (grain == 0) grain = 1;
    int expected = 0;
    if (!p || p->nthreads == 1 || n <= grain || !atomic_compare_exchange_strong(&p->busy, &expected, 1)) {
        fn(arg, 0, n, 0);
        return;
    }
    /* About 4 chunks per worker balances load without much claiming overhead. */
    size_t chunk = n / ((size_t)p->nthreads * 4);
    if (chunk < grain) chunk = grain;
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->arg = arg;
    p->n = n;
    p->chunk = chunk;
    p->nchunks = (n + chunk - 1) / chunk;
    atomic_store(&p->next, 0);
    p->active = p->nthreads - 1;
    p->generation++;
    pthread_cond_broadcast(&p->cv_job);
    pthread_mutex_unlock(&p->mu);
    run_chunks(p, 0);
    pthread_mutex_lock(&p->mu);
    while (p->active != 0) pthread_cond_wait(&p->cv_done, &p->mu);
    pthread_mutex_unlock(&p->mu);
    atomic_store(&p->busy, 0);
}

/* ---- large-buffer helpers ------------------------------------------------------------------ */

#define POOL_PIECE ((size_t)2 << 20)

typedef struct {
    unsigned char *dst;
    const unsigned char *src; /* NULL: zero */
    size_t bytes;
} piece_job;

static void piece_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const piece_job *j = vp;
    for (size_t k = b; k < e; k++) {
        size_t off = k * POOL_PIECE, n = j->bytes - off < POOL_PIECE ? j->bytes - off : POOL_PIECE;
        if (j->src) memcpy(j->dst + off, j->src + off, n);
        else memset(j->dst + off, 0, n);
    }
}

void swirl_pool_memset0(swirl_pool *pool, void *dst, size_t bytes) {
    piece_job j = {dst, NULL, bytes};
    swirl_pool_for(pool, (bytes + POOL_PIECE - 1) / POOL_PIECE, 1, piece_body, &j);
}

void swirl_pool_memcpy(swirl_pool *pool, void *dst, const void *src, size_t bytes) {
    piece_job j = {dst, src, bytes};
    swirl_pool_for(pool, (bytes + POOL_PIECE - 1) / POOL_PIECE, 1, piece_body, &j);
}
