/* bench_poseidon2.c — CPU Poseidon2-16 throughput, Merkle commit and grinding.
 *
 *   bench_poseidon2 [--quick]
 *
 * Reports permutations/s (scalar and best SIMD path, one thread; all threads), the Merkle build
 * of a column-major 2^20 x 42 matrix (2^16 x 42 with --quick) with k = 4, and grind(20)
 * (grind(14) with --quick). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hash/merkle.h"
#include "hash/poseidon2.h"
#include "transcript/transcript.h"
#include "util/pool.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct { uint32_t *st; size_t per; } perm_job;
static void perm_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    perm_job *j = vp;
    for (size_t i = b; i < e; i++) swirl_p2_permute_many(j->st + i * j->per * 16, j->per);
}

int main(int argc, char **argv) {
    int quick = argc > 1 && !strcmp(argv[1], "--quick");
    size_t n = quick ? (1u << 16) : (1u << 20);
    uint32_t *st = malloc(n * 64);
    for (size_t i = 0; i < n * 16; i++) st[i] = (uint32_t)(i * 2654435761u % 2013265921u);
    swirl_pool *pool = swirl_pool_create(0);
    unsigned nt = swirl_pool_size(pool);
    printf("== Poseidon2-16 (CPU, %u threads available)\n", nt);
    swirl_p2_force_scalar(1);
    double t0 = now_s();
    size_t ns = n / 8;
    swirl_p2_permute_many(st, ns);
    double ts = now_s() - t0;
    printf("scalar, 1 thread     : %8.3f M perm/s\n", (double)ns / ts / 1e6);
    swirl_p2_force_scalar(0);
    t0 = now_s();
    swirl_p2_permute_many(st, n);
    double tv = now_s() - t0;
    printf("best SIMD, 1 thread  : %8.3f M perm/s\n", (double)n / tv / 1e6);
    perm_job pj = {st, 256};
    t0 = now_s();
    swirl_pool_for(pool, n / 256, 1, perm_body, &pj);
    double tp = now_s() - t0;
    printf("best SIMD, %u threads : %8.3f M perm/s\n", nt, (double)n / tp / 1e6);
    free(st);

    unsigned log_rows = quick ? 16 : 20;
    size_t rows = (size_t)1 << log_rows, width = 42;
    uint32_t *m = malloc(rows * width * 4);
    for (size_t i = 0; i < rows * width; i++) m[i] = (uint32_t)(i * 2246822519u % 2013265921u);
    swirl_matrix_view v = {m, rows, width, 1, rows};
    swirl_merkle_tree tree;
    t0 = now_s();
    int rc = swirl_merkle_build(&tree, &v, 4, pool);
    double tm = now_s() - t0;
    printf("merkle 2^%u x %zu, k=4: %8.3f s (%d)  [%zu perms: %.2f M perm/s]\n", log_rows, width, tm, rc,
           rows * 6 + rows, (double)(rows * 6 + rows) / tm / 1e6);
    swirl_merkle_free(&tree);
    free(m);

    unsigned bits = quick ? 14 : 20;
    swirl_transcript t;
    swirl_tr_init(&t);
    swirl_tr_observe(&t, 7);
    t0 = now_s();
    bb_t w = swirl_tr_grind(&t, bits, pool);
    printf("grind(%u)            : %8.3f s (witness %u)\n", bits, now_s() - t0, w);
    swirl_pool_destroy(pool);
    return 0;
}
