/* bench_bb_vec.c — throughput of the vectorised BabyBear slice ops (src/field/bb_vec.c) per
 * ISA, on L1-resident slices of 2^14 elements. Usage: bench_bb_vec [--reps R] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "field/bb_vec.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    int reps = 2000;
    if (argc == 3 && !strcmp(argv[1], "--reps")) reps = atoi(argv[2]);
    if (reps < 1) reps = 1;
    size_t n = (size_t)1 << 14;
    bb_t *a = malloc(n * sizeof(bb_t)), *b = malloc(n * sizeof(bb_t)), *d = malloc(n * sizeof(bb_t));
    if (!a || !b || !d) return 1;
    for (size_t i = 0; i < n; i++) {
        a[i] = (bb_t)((i * 7919u) % BB_P);
        b[i] = (bb_t)((i * 104729u + 5) % BB_P);
    }
    static const char *names[] = {"", "scalar", "avx2", "avx512"};
    bb_t sink = 0;
    for (int isa = 1; isa <= 3; isa++) {
        if (swirl_bb_vec_set_isa(isa) != isa) continue;
        double t0 = now_s();
        for (int r = 0; r < reps; r++) swirl_bb_vec_mul(d, a, b, n);
        double t1 = now_s();
        for (int r = 0; r < reps; r++) sink ^= swirl_bb_vec_dot(a, b, n);
        double t2 = now_s();
        for (int r = 0; r < reps; r++) swirl_bb_vec_axpy(d, 12345, a, n);
        double t3 = now_s();
        double k = 1e9 / ((double)reps * (double)n);
        printf("bb_vec %-6s: mul %.3f ns/elem, dot %.3f ns/elem, axpy %.3f ns/elem\n", names[isa], (t1 - t0) * k,
               (t2 - t1) * k, (t3 - t2) * k);
    }
    swirl_bb_vec_set_isa(0);
    printf("(checksum %u)\n", (unsigned)(sink ^ d[n / 2]));
    free(a); free(b); free(d);
    return 0;
}
