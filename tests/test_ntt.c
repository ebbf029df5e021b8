/* test_ntt.c — the CPU NTT (src/poly/ntt.c) against the definitions of crypto_pcs.md §5.1/§5.4:
 * naive O(n^2) DFT, round trips up to 2^22, closed forms (delta, constant), linearity,
 * batching, threading, RS encoding (naive evaluation and the §5.4 model-derived vector),
 * bit-identical ISA paths, and argument validation. */
#include <stdlib.h>
#include "poly/ntt.h"
#include "poly/ntt_internal.h"
#include "swirl.h"
#include "test_util.h"

#define MAXLOG 22

static void fill_rand(bb_t *a, size_t n) {
    for (size_t i = 0; i < n; i++) a[i] = t_rand_bb();
}
static int eq(const bb_t *a, const bb_t *b, size_t n) { return memcmp(a, b, n * sizeof(bb_t)) == 0; }
static int all_canonical(const bb_t *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (a[i] >= BB_P) return 0;
    return 1;
}

/* Naive evaluation of sum_i c_i x^i (Horner). */
static bb_t eval_poly(const bb_t *c, size_t n, bb_t x) {
    bb_t acc = 0;
    for (size_t i = n; i-- > 0;) acc = bb_add(bb_mul(acc, x), c[i]);
    return acc;
}

static int isa_list(int *out) {
    int k = 0;
    out[k++] = SWIRL_NTT_ISA_SCALAR;
    int best = swirl_ntt_set_isa(SWIRL_NTT_ISA_AUTO);
    if (best >= SWIRL_NTT_ISA_AVX2) out[k++] = SWIRL_NTT_ISA_AVX2;
    if (best >= SWIRL_NTT_ISA_AVX512) out[k++] = SWIRL_NTT_ISA_AVX512;
    return k;
}

/* dft vs naive, 2^0..2^10, 3 columns, col_stride > length; idft inverts the naive dft. */
static void test_vs_naive(const swirl_ntt_tables *t, int isa) {
    swirl_ntt_set_isa(isa);
    for (unsigned L = 0; L <= 10; L++) {
        size_t n = (size_t)1 << L, stride = n + 7, ncols = 3;
        bb_t *x = malloc(stride * ncols * sizeof(bb_t)), *y = malloc(stride * ncols * sizeof(bb_t));
        bb_t *ref = malloc(n * sizeof(bb_t));
        fill_rand(x, stride * ncols);
        memcpy(y, x, stride * ncols * sizeof(bb_t));
        CHECK(swirl_dft_batch(t, y, L, ncols, stride, NULL) == SWIRL_OK);
        for (size_t c = 0; c < ncols; c++) {
            swirl_dft_naive(x + c * stride, ref, L);
            CHECK_MSG(eq(y + c * stride, ref, n), "isa %s L %u col %zu", swirl_ntt_isa_name(isa), L, c);
            /* gap between columns untouched */
            CHECK(eq(y + c * stride + n, x + c * stride + n, stride - n));
        }
        CHECK(swirl_idft_batch(t, y, L, ncols, stride, NULL) == SWIRL_OK);
        CHECK_MSG(eq(x, y, stride * ncols), "idft isa %s L %u", swirl_ntt_isa_name(isa), L);
        free(x); free(y); free(ref);
    }
    swirl_ntt_set_isa(SWIRL_NTT_ISA_AUTO);
}

/* idft(dft(x)) == x for 2^0..2^22 (single column above 2^14). */
static void test_round_trip(const swirl_ntt_tables *t, swirl_pool *pool) {
    for (unsigned L = 0; L <= MAXLOG; L++) {
        size_t n = (size_t)1 << L, ncols = L <= 14 ? 3 : 1;
        bb_t *x = malloc(n * ncols * sizeof(bb_t)), *y = malloc(n * ncols * sizeof(bb_t));
        fill_rand(x, n * ncols);
        memcpy(y, x, n * ncols * sizeof(bb_t));
        CHECK(swirl_dft_batch(t, y, L, ncols, n, pool) == SWIRL_OK);
        CHECK(all_canonical(y, n * ncols));
        if (L >= 2) CHECK(!eq(x, y, n * ncols)); /* the transform did something */
        /* spot-check a few outputs against direct evaluation */
        for (int k = 0; k < 3; k++) {
            size_t i = (size_t)(t_rand64() % n);
            CHECK_MSG(y[i] == eval_poly(x, n, bb_pow(bb_two_adic_generator(L), i)), "L %u i %zu", L, i);
        }
        CHECK(swirl_idft_batch(t, y, L, ncols, n, pool) == SWIRL_OK);
        CHECK_MSG(eq(x, y, n * ncols), "round trip L %u", L);
        free(x); free(y);
    }
}

static void test_closed_forms(const swirl_ntt_tables *t) {
    for (unsigned L = 0; L <= 16; L += (L < 6 ? 1 : 5)) {
        size_t n = (size_t)1 << L;
        bb_t *a = calloc(n, sizeof(bb_t));
        bb_t w = bb_two_adic_generator(L);
        /* delta at k: dft[i] = w^(i k) */
        size_t k = n > 1 ? (size_t)(t_rand64() % n) : 0;
        a[k] = 1;
        CHECK(swirl_dft_batch(t, a, L, 1, n, NULL) == SWIRL_OK);
        bb_t wk = bb_pow(w, k), x = 1;
        int ok = 1;
        for (size_t i = 0; i < n; i++, x = bb_mul(x, wk)) ok &= a[i] == x;
        CHECK_MSG(ok, "delta L %u k %zu", L, k);
        /* constant c: dft = [n c, 0, ..., 0]; idft of that is the constant again */
        bb_t c = t_rand_bb();
        for (size_t i = 0; i < n; i++) a[i] = c;
        CHECK(swirl_dft_batch(t, a, L, 1, n, NULL) == SWIRL_OK);
        ok = a[0] == bb_mul(c, bb_from_u64(n));
        for (size_t i = 1; i < n; i++) ok &= a[i] == 0;
        CHECK_MSG(ok, "constant L %u", L);
        /* idft of delta at 0 is the constant 1/n */
        memset(a, 0, n * sizeof(bb_t));
        a[0] = 1;
        CHECK(swirl_idft_batch(t, a, L, 1, n, NULL) == SWIRL_OK);
        ok = 1;
        for (size_t i = 0; i < n; i++) ok &= a[i] == bb_inv_pow2(L);
        CHECK_MSG(ok, "idft delta L %u", L);
        free(a);
    }
}

static void test_linearity(const swirl_ntt_tables *t) {
    for (unsigned L = 1; L <= 18; L += 3) {
        size_t n = (size_t)1 << L;
        bb_t *x = malloc(n * sizeof(bb_t)), *y = malloc(n * sizeof(bb_t)), *z = malloc(n * sizeof(bb_t));
        fill_rand(x, n);
        fill_rand(y, n);
        bb_t s = t_rand_bb();
        for (size_t i = 0; i < n; i++) z[i] = bb_add(bb_mul(s, x[i]), y[i]);
        swirl_dft_batch(t, x, L, 1, n, NULL);
        swirl_dft_batch(t, y, L, 1, n, NULL);
        swirl_dft_batch(t, z, L, 1, n, NULL);
        int ok = 1;
        for (size_t i = 0; i < n; i++) ok &= z[i] == bb_add(bb_mul(s, x[i]), y[i]);
        CHECK_MSG(ok, "linearity L %u", L);
        free(x); free(y); free(z);
    }
}

/* Batched == per column; pool NULL == pool of 2 (both the column-parallel and the in-column
 * parallel paths). */
static void test_batch_and_threads(const swirl_ntt_tables *t, swirl_pool *pool) {
    static const unsigned Ls[] = {3, 12, 15, 17, 19};
    static const size_t cols[] = {1, 2, 5};
    for (size_t a = 0; a < sizeof Ls / sizeof Ls[0]; a++)
        for (size_t b = 0; b < sizeof cols / sizeof cols[0]; b++) {
            unsigned L = Ls[a];
            size_t n = (size_t)1 << L, ncols = cols[b], stride = n + 3, tot = stride * ncols;
            bb_t *x = malloc(tot * sizeof(bb_t)), *y1 = malloc(tot * sizeof(bb_t)), *y2 = malloc(tot * sizeof(bb_t));
            fill_rand(x, tot);
            memcpy(y1, x, tot * sizeof(bb_t));
            memcpy(y2, x, tot * sizeof(bb_t));
            for (size_t c = 0; c < ncols; c++) swirl_dft_batch(t, y1 + c * stride, L, 1, n, NULL);
            CHECK(swirl_dft_batch(t, y2, L, ncols, stride, pool) == SWIRL_OK);
            CHECK_MSG(eq(y1, y2, tot), "batch dft L %u cols %zu", L, ncols);
            CHECK(swirl_idft_batch(t, y2, L, ncols, stride, pool) == SWIRL_OK);
            CHECK_MSG(eq(x, y2, tot), "batch idft L %u cols %zu", L, ncols);
            /* RS encode, blowup 2, 4 and 8 */
            for (unsigned lb = 1; lb <= 3; lb++) {
                size_t N = n << lb, os = N + 1;
                bb_t *o1 = malloc(os * ncols * sizeof(bb_t)), *o2 = malloc(os * ncols * sizeof(bb_t));
                memset(o1, 0, os * ncols * sizeof(bb_t));
                memset(o2, 0, os * ncols * sizeof(bb_t));
                for (size_t c = 0; c < ncols; c++)
                    swirl_rs_encode_batch(t, x + c * stride, n, L, lb, 1, o1 + c * os, N, NULL);
                CHECK(swirl_rs_encode_batch(t, x, stride, L, lb, ncols, o2, os, pool) == SWIRL_OK);
                CHECK_MSG(eq(o1, o2, os * ncols), "batch rs L %u cols %zu lb %u", L, ncols, lb);
                free(o1); free(o2);
            }
            free(x); free(y1); free(y2);
        }
}

/* RS encode == naive evaluation at w_{n+b}^r; ISA-independent. */
static void test_rs_naive(const swirl_ntt_tables *t, int isa) {
    swirl_ntt_set_isa(isa);
    for (unsigned L = 0; L <= 7; L++)
        for (unsigned lb = 0; lb <= 3; lb++) {
            size_t n = (size_t)1 << L, N = n << lb, ncols = 2, is = n + 2, os = N + 5;
            bb_t *in = malloc(is * ncols * sizeof(bb_t)), *out = malloc(os * ncols * sizeof(bb_t));
            fill_rand(in, is * ncols);
            for (size_t i = 0; i < os * ncols; i++) out[i] = 12345;
            CHECK(swirl_rs_encode_batch(t, in, is, L, lb, ncols, out, os, NULL) == SWIRL_OK);
            bb_t w = bb_two_adic_generator(L + lb);
            int ok = 1;
            for (size_t c = 0; c < ncols; c++) {
                bb_t x = 1;
                for (size_t r = 0; r < N; r++, x = bb_mul(x, w)) ok &= out[c * os + r] == eval_poly(in + c * is, n, x);
                for (size_t r = N; r < os; r++) ok &= out[c * os + r] == 12345;
            }
            CHECK_MSG(ok, "rs naive isa %s L %u lb %u", swirl_ntt_isa_name(isa), L, lb);
            free(in); free(out);
        }
    swirl_ntt_set_isa(SWIRL_NTT_ISA_AUTO);
}

/* crypto_pcs.md §5.4 model-derived example. */
static void test_rs_kat(const swirl_ntt_tables *t) {
    static const bb_t c[8] = {1006632963, 1870835219, 2, 1, 1006632967, 1870835223, 6, 5};
    static const bb_t want[16] = {1728404544, 183085675, 1976151680, 811967169, 1443543105, 512275804,
                                  1710526337, 318825559, 284861411, 997327368, 302739576, 700593353,
                                  569722818, 967244160, 37114233, 1548478695};
    int isas[3], k = isa_list(isas);
    for (int i = 0; i < k; i++) {
        swirl_ntt_set_isa(isas[i]);
        bb_t out[16];
        CHECK(swirl_rs_encode_batch(t, c, 8, 3, 1, 1, out, 16, NULL) == SWIRL_OK);
        CHECK_MSG(eq(out, want, 16), "KAT isa %s", swirl_ntt_isa_name(isas[i]));
        /* negative: a different blowup (log_blowup 2) does not give the listed codeword prefix */
        bb_t out2[32];
        CHECK(swirl_rs_encode_batch(t, c, 8, 3, 2, 1, out2, 32, NULL) == SWIRL_OK);
        CHECK(!eq(out2, want, 16));
        /* the codeword's first half-rate subsampling is the plain dft of c */
        bb_t d[8];
        memcpy(d, c, sizeof d);
        swirl_dft_batch(t, d, 3, 1, 8, NULL);
        int ok = 1;
        for (int r = 0; r < 8; r++) ok &= d[r] == want[2 * r];
        CHECK(ok);
    }
    swirl_ntt_set_isa(SWIRL_NTT_ISA_AUTO);
}

/* Scalar path == every SIMD path, bit for bit, on random data (incl. the in-column parallel
 * path with a pool). */
static void test_isa_equal(const swirl_ntt_tables *t, swirl_pool *pool) {
    int isas[3], k = isa_list(isas);
    printf("test_ntt: ISAs available:");
    for (int i = 0; i < k; i++) printf(" %s", swirl_ntt_isa_name(isas[i]));
    printf("\n");
    static const unsigned Ls[] = {1, 4, 5, 6, 9, 13, 17, 20};
    for (size_t a = 0; a < sizeof Ls / sizeof Ls[0]; a++) {
        unsigned L = Ls[a];
        size_t n = (size_t)1 << L, ncols = L < 17 ? 3 : 1, tot = n * ncols;
        bb_t *x = malloc(tot * sizeof(bb_t)), *ref = malloc(tot * sizeof(bb_t)), *y = malloc(tot * sizeof(bb_t));
        bb_t *rref = malloc(2 * tot * sizeof(bb_t)), *r = malloc(2 * tot * sizeof(bb_t));
        fill_rand(x, tot);
        /* include edge values */
        x[0] = 0;
        if (tot > 1) x[1] = BB_P - 1;
        swirl_ntt_set_isa(SWIRL_NTT_ISA_SCALAR);
        memcpy(ref, x, tot * sizeof(bb_t));
        swirl_dft_batch(t, ref, L, ncols, n, NULL);
        swirl_rs_encode_batch(t, x, n, L, 1, ncols, rref, 2 * n, NULL);
        for (int i = 1; i < k; i++) {
            swirl_ntt_set_isa(isas[i]);
            for (int withpool = 0; withpool < 2; withpool++) {
                swirl_pool *p = withpool ? pool : NULL;
                memcpy(y, x, tot * sizeof(bb_t));
                swirl_dft_batch(t, y, L, ncols, n, p);
                CHECK_MSG(eq(ref, y, tot), "dft scalar vs %s L %u pool %d", swirl_ntt_isa_name(isas[i]), L, withpool);
                swirl_idft_batch(t, y, L, ncols, n, p);
                CHECK_MSG(eq(x, y, tot), "idft %s L %u", swirl_ntt_isa_name(isas[i]), L);
                swirl_rs_encode_batch(t, x, n, L, 1, ncols, r, 2 * n, p);
                CHECK_MSG(eq(rref, r, 2 * tot), "rs scalar vs %s L %u", swirl_ntt_isa_name(isas[i]), L);
            }
        }
        swirl_ntt_set_isa(SWIRL_NTT_ISA_AUTO);
        free(x); free(ref); free(y); free(rref); free(r);
    }
}

static void test_bit_reverse(void) {
    for (unsigned L = 0; L <= 14; L++) {
        size_t n = (size_t)1 << L;
        bb_t *a = malloc(n * sizeof(bb_t));
        for (size_t i = 0; i < n; i++) a[i] = (bb_t)i;
        swirl_ntt_bit_reverse(a, L);
        int ok = 1;
        for (size_t i = 0; i < n; i++) {
            size_t r = 0;
            for (unsigned b = 0; b < L; b++) r |= ((i >> b) & 1) << (L - 1 - b);
            ok &= a[i] == r;
        }
        CHECK_MSG(ok, "bitrev L %u", L);
        free(a);
    }
}

static void test_invalid(const swirl_ntt_tables *t) {
    bb_t buf[64] = {0}, out[128];
    swirl_ntt_tables *small = swirl_ntt_tables_create(4);
    CHECK(small != NULL);
    CHECK(swirl_ntt_tables_max_log(small) == 4);
    CHECK(swirl_dft_batch(small, buf, 5, 1, 32, NULL) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_idft_batch(small, buf, 5, 1, 32, NULL) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_rs_encode_batch(small, buf, 8, 3, 2, 1, out, 32, NULL) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_dft_batch(small, buf, 4, 1, 16, NULL) == SWIRL_OK);
    CHECK(swirl_dft_batch(t, buf, 4, 2, 15, NULL) == SWIRL_ERR_INVALID_ARG); /* stride < length */
    CHECK(swirl_rs_encode_batch(t, buf, 16, 4, 1, 2, out, 31, NULL) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_dft_batch(NULL, buf, 4, 1, 16, NULL) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_dft_batch(t, NULL, 4, 1, 16, NULL) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_dft_batch(t, NULL, 4, 0, 16, NULL) == SWIRL_OK); /* nothing to do */
    CHECK(swirl_ntt_tables_create(28) == NULL);
    swirl_ntt_tables_free(small);
    swirl_ntt_tables_free(NULL);
    /* tables for max_log 0 handle the size-1 transform */
    swirl_ntt_tables *t0 = swirl_ntt_tables_create(0);
    CHECK(t0 != NULL);
    bb_t one = 77;
    CHECK(swirl_dft_batch(t0, &one, 0, 1, 1, NULL) == SWIRL_OK && one == 77);
    CHECK(swirl_idft_batch(t0, &one, 0, 1, 1, NULL) == SWIRL_OK && one == 77);
    CHECK(swirl_rs_encode_batch(t0, &one, 1, 0, 0, 1, out, 1, NULL) == SWIRL_OK && out[0] == 77);
    swirl_ntt_tables_free(t0);
}

int main(void) {
    swirl_ntt_tables *t = swirl_ntt_tables_create(MAXLOG + 2);
    swirl_pool *pool = swirl_pool_create(2);
    CHECK(t != NULL && pool != NULL);
    if (!t || !pool) return t_summary("test_ntt");

    int isas[3], k = isa_list(isas);
    for (int i = 0; i < k; i++) {
        test_vs_naive(t, isas[i]);
        test_rs_naive(t, isas[i]);
    }
    test_bit_reverse();
    test_closed_forms(t);
    test_linearity(t);
    test_rs_kat(t);
    test_round_trip(t, NULL);
    test_round_trip(t, pool);
    test_batch_and_threads(t, pool);
    test_isa_equal(t, pool);
    test_invalid(t);

    swirl_pool_destroy(pool);
    swirl_ntt_tables_free(t);
    return t_summary("test_ntt");
}
