/* bench_gpu.c — CUDA backend throughput: Poseidon2 permutations/s, batched DFT and RS encode of
 * a 2^21 x 42 matrix (blowup 2: both go through the three-pass NTT),
 * Merkle commit of the 2^22 x 42 codeword (k = 4), grind(20).
 * Each figure is the median of several synchronised runs after a warm-up.
 *
 *   bench_gpu [--quick]     (--quick: smaller sizes; without a GPU prints a skip line, exit 0) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "backend/cuda/cuda_api.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
#define REPS 7
#define TIME_MEDIAN(label, expr, out)                                   \
    do {                                                                \
        double _t[REPS];                                                \
        if ((expr) != SWIRL_OK) { fprintf(stderr, "%s failed: %s\n", label, swirl_cuda_last_error()); return 1; } \
        swirl_cuda_sync(dev);                                           \
        for (int _r = 0; _r < REPS; _r++) {                             \
            double _s = now_s();                                        \
            (void)(expr);                                               \
            swirl_cuda_sync(dev);                                       \
            _t[_r] = now_s() - _s;                                      \
        }                                                               \
        qsort(_t, REPS, sizeof(double), cmp_d);                         \
        out = _t[REPS / 2];                                             \
    } while (0)

int main(int argc, char **argv) {
    int quick = argc > 1 && !strcmp(argv[1], "--quick");
    if (swirl_cuda_device_count() <= 0) {
        printf("bench_gpu: skipped: no CUDA device\n");
        return 0;
    }
    swirl_cuda_dev *dev;
    if (swirl_cuda_dev_create(23, &dev) != SWIRL_OK) {
        fprintf(stderr, "device init failed: %s\n", swirl_cuda_last_error());
        return 1;
    }
    char name[256];
    swirl_cuda_dev_name(dev, name, sizeof name);
    printf("== CUDA backend on %s\n", name);

    size_t nperm = quick ? (1u << 20) : (1u << 24);
    uint32_t *h = malloc(nperm * 64);
    for (size_t i = 0; i < nperm * 16; i++) h[i] = (uint32_t)(i * 2654435761u % 2013265921u);
    uint32_t *dst;
    if (swirl_cuda_alloc(dev, (void **)&dst, nperm * 64) || swirl_cuda_upload(dev, dst, h, nperm * 64)) return 1;
    double t;
    TIME_MEDIAN("p2", swirl_cuda_p2_permute(dev, dst, nperm), t);
    printf("poseidon2 permutations     : %8.3f G perm/s (%zu states, median %.3f ms)\n", nperm / t / 1e9, nperm, t * 1e3);
    swirl_cuda_release(dev, dst);
    free(h);

    unsigned n = quick ? 16 : 21;
    size_t ncols = 42, len = (size_t)1 << n, N = len << 1;
    uint32_t *hin = malloc(len * ncols * 4);
    for (size_t i = 0; i < len * ncols; i++) hin[i] = (uint32_t)(i * 2246822519u % 2013265921u);
    uint32_t *din, *dout;
    if (swirl_cuda_alloc(dev, (void **)&din, len * ncols * 4) || swirl_cuda_alloc(dev, (void **)&dout, N * ncols * 4))
        return 1;
    swirl_cuda_upload(dev, din, hin, len * ncols * 4);
    TIME_MEDIAN("rs", swirl_cuda_rs_encode_batch(dev, din, len, n, 1, ncols, dout, N), t);
    double bytes = (double)(len + N) * ncols * 4;
    printf("RS encode 2^%u x %zu -> 2^%u  : %8.3f ms (%.0f GB/s of compulsory traffic %.0f MB; bound ~3000 GB/s on H100)\n",
           n, ncols, n + 1, t * 1e3, bytes / t / 1e9, bytes / 1e6);
    TIME_MEDIAN("dft", swirl_cuda_dft_batch(dev, dout, n + 1, ncols, N, 0), t);
    printf("DFT 2^%u x %zu (in place)    : %8.3f ms (%.0f GB/s read+write)\n", n + 1, ncols, t * 1e3,
           2.0 * N * ncols * 4 / t / 1e9);
    swirl_matrix_view v = {dout, N, ncols, 1, N};
    swirl_merkle_tree tree;
    double tm[REPS];
    for (int r = 0; r < REPS; r++) {
        double s = now_s();
        if (swirl_cuda_merkle_build(dev, &v, 4, &tree) != SWIRL_OK) { fprintf(stderr, "merkle failed\n"); return 1; }
        tm[r] = now_s() - s;
        swirl_merkle_free(&tree);
    }
    qsort(tm, REPS, sizeof(double), cmp_d);
    double perms = (double)N * ((ncols + 7) / 8) + (double)N;
    printf("Merkle commit 2^%u x %zu k=4 : %8.3f ms (%.2f G perm/s incl. layer download)\n", n + 1, ncols, tm[REPS / 2] * 1e3,
           perms / tm[REPS / 2] / 1e9);
    swirl_cuda_release(dev, din);
    swirl_cuda_release(dev, dout);
    free(hin);

    swirl_transcript tr;
    swirl_tr_init(&tr);
    swirl_tr_observe(&tr, 7);
    uint32_t w;
    TIME_MEDIAN("grind", swirl_cuda_grind(dev, &tr, quick ? 16 : 20, &w), t);
    printf("grind(%u)                  : %8.3f ms (witness %u)\n", quick ? 16 : 20, t * 1e3, w);
    swirl_cuda_dev_free(dev);
    return 0;
}
