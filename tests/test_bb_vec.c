/* test_bb_vec.c — vectorised BabyBear slice ops (src/field/bb_vec.c) against the scalar
 * definitions of babybear.h, on every ISA the CPU offers, with edge values, odd lengths
 * (vector tails), in-place use, and a long dot product (lazy accumulation overflow check). */
#include <stdlib.h>
#include "field/bb_vec.h"
#include "test_util.h"

static bb_t rnd_edge(void) {
    static const bb_t edge[] = {0, 1, 2, BB_P - 1, BB_P - 2, (BB_P - 1) / 2, (BB_P + 1) / 2, 1u << 30};
    uint64_t r = t_rand64();
    if ((r & 3) == 0) return edge[(r >> 2) % 8];
    return t_rand_bb();
}

static void check_len(size_t n, int isa) {
    bb_t *a = malloc((n + 1) * sizeof(bb_t)), *b = malloc((n + 1) * sizeof(bb_t));
    bb_t *d = malloc((n + 1) * sizeof(bb_t)), *y = malloc((n + 1) * sizeof(bb_t));
    for (size_t i = 0; i < n; i++) {
        a[i] = rnd_edge();
        b[i] = rnd_edge();
    }
    bb_t c = rnd_edge();
    int ok_add = 1, ok_sub = 1, ok_mul = 1, ok_scale = 1, ok_axpy = 1;
    swirl_bb_vec_add(d, a, b, n);
    for (size_t i = 0; i < n; i++) ok_add &= d[i] == bb_add(a[i], b[i]);
    swirl_bb_vec_sub(d, a, b, n);
    for (size_t i = 0; i < n; i++) ok_sub &= d[i] == bb_sub(a[i], b[i]);
    swirl_bb_vec_mul(d, a, b, n);
    for (size_t i = 0; i < n; i++) ok_mul &= d[i] == bb_mul(a[i], b[i]);
    swirl_bb_vec_scale(d, a, c, n);
    for (size_t i = 0; i < n; i++) ok_scale &= d[i] == bb_mul(c, a[i]);
    memcpy(y, b, n * sizeof(bb_t));
    swirl_bb_vec_axpy(y, c, a, n);
    for (size_t i = 0; i < n; i++) ok_axpy &= y[i] == bb_add(b[i], bb_mul(c, a[i]));
    bb_t ref = 0;
    for (size_t i = 0; i < n; i++) ref = bb_add(ref, bb_mul(a[i], b[i]));
    CHECK_MSG(ok_add && ok_sub && ok_mul && ok_scale && ok_axpy, "isa %d n %zu: add %d sub %d mul %d scale %d axpy %d",
              isa, n, ok_add, ok_sub, ok_mul, ok_scale, ok_axpy);
    CHECK_MSG(swirl_bb_vec_dot(a, b, n) == ref, "dot isa %d n %zu", isa, n);
    /* in place: dst == a */
    memcpy(d, a, n * sizeof(bb_t));
    swirl_bb_vec_mul(d, d, b, n);
    int ok = 1;
    for (size_t i = 0; i < n; i++) ok &= d[i] == bb_mul(a[i], b[i]);
    CHECK_MSG(ok, "in-place mul isa %d n %zu", isa, n);
    free(a); free(b); free(d); free(y);
}

int main(void) {
    int best = swirl_bb_vec_set_isa(0);
    printf("test_bb_vec: best ISA %d (1 scalar, 2 avx2, 3 avx512)\n", best);
    for (int isa = 1; isa <= best; isa++) {
        CHECK(swirl_bb_vec_set_isa(isa) == isa);
        for (size_t n = 0; n <= 70; n++) check_len(n, isa);
        check_len(1000, isa);
        check_len(4097, isa);
        /* all-maximal dot product, long: exercises the lazy accumulators */
        size_t n = (size_t)1 << 20;
        bb_t *a = malloc(n * sizeof(bb_t));
        for (size_t i = 0; i < n; i++) a[i] = BB_P - 1;
        /* sum of (p-1)^2 = n * 1 */
        CHECK_MSG(swirl_bb_vec_dot(a, a, n) == (bb_t)(n % BB_P), "long dot isa %d", isa);
        free(a);
    }
    /* negative: a wrong expectation must not match (dot of [1,2]·[3,4] = 11) */
    bb_t x[2] = {1, 2}, z[2] = {3, 4};
    CHECK(swirl_bb_vec_dot(x, z, 2) == 11);
    CHECK(swirl_bb_vec_dot(x, z, 2) != 10);
    swirl_bb_vec_set_isa(0);
    return t_summary("test_bb_vec");
}
