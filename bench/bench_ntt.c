/* bench_ntt.c — CPU NTT / RS-encode throughput.
 *
 *   bench_ntt [--quick] [--threads N] [--isa scalar|avx2|avx512] [--reps R]
 *
 * Full mode: batched RS encode of a 2^21 x 42 column-major matrix with log_blowup 1
 * (-> 2^22 x 42, 704 MiB) and a forward DFT of 2^22 x 42, each on 1 thread and on all
 * threads (or --threads N). --quick: 2^18 x 16 -> 2^19 x 16, about a second including a
 * per-ISA comparison. Reports the best of R repetitions (default 2 full, 5 quick). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "poly/ntt.h"
#include "poly/ntt_internal.h"
#include "swirl.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t rng = 0x243f6a8885a308d3ull;
static bb_t rand_bb(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (bb_t)(rng % BB_P);
}

/* Spot-check codeword entry r of column c against Horner evaluation (cheap sanity). */
static int spot_check(const bb_t *in, size_t n, const bb_t *cw, unsigned log_N, size_t r) {
    bb_t x = bb_pow(bb_two_adic_generator(log_N), r), acc = 0;
    for (size_t i = n; i-- > 0;) acc = bb_add(bb_mul(acc, x), in[i]);
    return acc == cw[r];
}

typedef struct {
    const swirl_ntt_tables *t;
    bb_t *in, *out;
    unsigned log_n;
    size_t ncols;
} bench_data;

static double time_rs(const bench_data *d, swirl_pool *pool, int reps) {
    double best = 1e30;
    size_t n = (size_t)1 << d->log_n;
    for (int r = 0; r < reps; r++) {
        double t0 = now_s();
        int st = swirl_rs_encode_batch(d->t, d->in, n, d->log_n, 1, d->ncols, d->out, 2 * n, pool);
        double el = now_s() - t0;
        if (st != SWIRL_OK) { fprintf(stderr, "rs encode failed: %d\n", st); exit(1); }
        if (el < best) best = el;
    }
    return best;
}

static double time_dft(const bench_data *d, swirl_pool *pool, int reps) {
    double best = 1e30;
    size_t N = (size_t)2 << d->log_n;
    for (int r = 0; r < reps; r++) {
        double t0 = now_s();
        int st = swirl_dft_batch(d->t, d->out, d->log_n + 1, d->ncols, N, pool);
        double el = now_s() - t0;
        if (st != SWIRL_OK) { fprintf(stderr, "dft failed: %d\n", st); exit(1); }
        if (el < best) best = el;
    }
    return best;
}

int main(int argc, char **argv) {
    int quick = 0, reps = -1;
    unsigned threads = 0;
    int isa = SWIRL_NTT_ISA_AUTO;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) quick = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--isa") && i + 1 < argc) {
            const char *s = argv[++i];
            isa = !strcmp(s, "scalar") ? SWIRL_NTT_ISA_SCALAR : !strcmp(s, "avx2") ? SWIRL_NTT_ISA_AVX2
                                                                                    : SWIRL_NTT_ISA_AVX512;
        } else {
            fprintf(stderr, "usage: %s [--quick] [--threads N] [--isa scalar|avx2|avx512] [--reps R]\n", argv[0]);
            return 2;
        }
    }
    if (reps < 1) reps = quick ? 5 : 2;
    unsigned log_n = quick ? 18 : 21;
    size_t ncols = quick ? 16 : 42, n = (size_t)1 << log_n, N = 2 * n;

    double t0 = now_s();
    swirl_ntt_tables *t = swirl_ntt_tables_create(log_n + 1);
    double t_tables = now_s() - t0;
    swirl_pool *pool = swirl_pool_create(threads);
    bb_t *in = malloc(n * ncols * sizeof(bb_t)), *out = malloc(N * ncols * sizeof(bb_t));
    if (!t || !pool || !in || !out) {
        fprintf(stderr, "allocation failed\n");
        return 1;
    }
    for (size_t i = 0; i < n * ncols; i++) in[i] = rand_bb();
    memset(out, 0, N * ncols * sizeof(bb_t)); /* fault the pages in before timing */
    bench_data d = {t, in, out, log_n, ncols};

    int active = swirl_ntt_set_isa(isa);
    unsigned nth = swirl_pool_size(pool);
    printf("bench_ntt: isa %s, %u threads, tables 2^%u built in %.1f ms\n", swirl_ntt_isa_name(active), nth,
           log_n + 1, 1e3 * t_tables);

    double mb_in = (double)(n * ncols * 4) / (1 << 20), mb_out = (double)(N * ncols * 4) / (1 << 20);
    double rs1 = time_rs(&d, NULL, reps);
    int ok = spot_check(in, n, out, log_n + 1, 12345 % N) &&
             spot_check(in + (ncols - 1) * n, n, out + (ncols - 1) * N, log_n + 1, N - 1);
    double rsT = time_rs(&d, pool, reps);
    ok &= spot_check(in + n, n, out + N, log_n + 1, 777 % N);
    printf("rs_encode 2^%u x %zu -> 2^%u x %zu (%.0f MiB -> %.0f MiB): 1 thread %.3f s, %u threads %.3f s (x%.2f)\n",
           log_n, ncols, log_n + 1, ncols, mb_in, mb_out, rs1, nth, rsT, rs1 / rsT);
    double df1 = time_dft(&d, NULL, reps);
    double dfT = time_dft(&d, pool, reps);
    printf("dft       2^%u x %zu (%.0f MiB): 1 thread %.3f s, %u threads %.3f s (x%.2f)\n", log_n + 1, ncols, mb_out,
           df1, nth, dfT, df1 / dfT);
    printf("per element (1 thread): rs %.2f ns/output, dft %.2f ns/element\n", 1e9 * rs1 / (double)(N * ncols),
           1e9 * df1 / (double)(N * ncols));

    if (quick) {
        /* per-ISA single-thread comparison */
        for (int i = SWIRL_NTT_ISA_SCALAR; i <= SWIRL_NTT_ISA_AVX512; i++) {
            if (swirl_ntt_set_isa(i) != i) continue;
            double a = time_rs(&d, NULL, reps), b = time_dft(&d, NULL, reps);
            printf("  isa %-6s 1 thread: rs %.4f s, dft %.4f s\n", swirl_ntt_isa_name(i), a, b);
        }
        swirl_ntt_set_isa(SWIRL_NTT_ISA_AUTO);
    }
    printf("spot checks: %s\n", ok ? "ok" : "FAILED");

    free(in);
    free(out);
    swirl_pool_destroy(pool);
    swirl_ntt_tables_free(t);
    return ok ? 0 : 1;
}
