/* test_cuda_foundations.c — the CUDA backend's primitives against the CPU reference, bit for bit:
 * field ops, NTT / inverse NTT / RS encode, Poseidon2, row hashing + Merkle trees (every layer),
 * and smallest-witness grinding. Skips (exit 77) without a CUDA device. */
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "field/babybear.h"
#include "hash/merkle.h"
#include "p2_kat.h"
#include "poly/ntt.h"
#include "test_util.h"
#include "transcript/transcript.h"
#include "util/pool.h"

static swirl_cuda_dev *dev;
static swirl_pool *pool;

static uint32_t *up(const void *h, size_t bytes) {
    void *d = NULL;
    if (swirl_cuda_alloc(dev, &d, bytes) != SWIRL_OK) return NULL;
    if (swirl_cuda_upload(dev, d, h, bytes) != SWIRL_OK) return NULL;
    return d;
}

static void test_field(void) {
    enum { N = 1 << 16 };
    uint32_t *a = malloc(4 * N * 4), *b = malloc(4 * N * 4), *o = malloc(4 * N * 4);
    static const uint32_t edge[] = {0, 1, 2, SWIRL_P - 1, SWIRL_P - 2, (SWIRL_P - 1) / 2};
    for (size_t i = 0; i < 4 * N; i++) {
        a[i] = i < 36 ? edge[i % 6] : t_rand_bb();
        b[i] = i < 36 ? edge[(i / 6) % 6] : t_rand_bb();
    }
    uint32_t *da = up(a, 4 * N * 4), *db = up(b, 4 * N * 4), *dout = NULL;
    swirl_cuda_alloc(dev, (void **)&dout, 4 * N * 4);
    for (int op = 0; op <= 4; op++) {
        CHECK(swirl_cuda_field_op(dev, op, da, db, dout, N) == SWIRL_OK);
        swirl_cuda_download(dev, o, dout, (op == 4 ? 4 * N : N) * 4);
        int ok = 1;
        for (size_t i = 0; i < N; i++) {
            if (op == 0) ok &= o[i] == bb_add(a[i], b[i]);
            if (op == 1) ok &= o[i] == bb_sub(a[i], b[i]);
            if (op == 2) ok &= o[i] == bb_mul(a[i], b[i]);
            if (op == 3) ok &= o[i] == bb_inv(a[i]);
            if (op == 4) {
                ef_t x = ef_make(a[4 * i], a[4 * i + 1], a[4 * i + 2], a[4 * i + 3]);
                ef_t y = ef_make(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]);
                ef_t z = ef_mul(x, y);
                ok &= !memcmp(z.c, o + 4 * i, 16);
            }
        }
        CHECK_MSG(ok, "field op %d", op);
    }
    swirl_cuda_release(dev, da); swirl_cuda_release(dev, db); swirl_cuda_release(dev, dout);
    free(a); free(b); free(o);
}

static void test_ntt(const swirl_ntt_tables *tab) {
    for (unsigned n = 1; n <= 22; n++) {
        size_t N = (size_t)1 << n;
        size_t ncols = n <= 12 ? 5 : (n <= 18 ? 3 : 1);
        size_t stride = N + (n < 10 ? 3 : 0); /* exercise col_stride > length */
        uint32_t *h = malloc(stride * ncols * 4), *c = malloc(stride * ncols * 4), *g = malloc(stride * ncols * 4);
        for (size_t i = 0; i < stride * ncols; i++) h[i] = c[i] = t_rand_bb();
        uint32_t *d = up(h, stride * ncols * 4);
        CHECK(d != NULL);
        for (int inv = 0; inv <= 1; inv++) {
            CHECK(swirl_cuda_dft_batch(dev, d, n, ncols, stride, inv) == SWIRL_OK);
            swirl_cuda_download(dev, g, d, stride * ncols * 4);
            if (inv) swirl_idft_batch(tab, c, n, ncols, stride, pool);
            else swirl_dft_batch(tab, c, n, ncols, stride, pool);
            CHECK_MSG(!memcmp(g, c, stride * ncols * 4), "ntt n=%u inv=%d", n, inv);
        }
        CHECK_MSG(!memcmp(g, h, stride * ncols * 4), "ntt roundtrip n=%u", n);
        swirl_cuda_release(dev, d);
        free(h); free(c); free(g);
    }
    /* RS encode */
    for (unsigned n = 0; n <= 18; n += 3)
        for (unsigned lb = 1; lb <= 3; lb++) {
            size_t len = (size_t)1 << n, N = len << lb, ncols = 7;
            uint32_t *h = malloc(len * ncols * 4), *c = malloc(N * ncols * 4), *g = malloc(N * ncols * 4);
            for (size_t i = 0; i < len * ncols; i++) h[i] = t_rand_bb();
            uint32_t *di = up(h, len * ncols * 4), *dout = NULL;
            swirl_cuda_alloc(dev, (void **)&dout, N * ncols * 4);
            CHECK(swirl_cuda_rs_encode_batch(dev, di, len, n, lb, ncols, dout, N) == SWIRL_OK);
            swirl_cuda_download(dev, g, dout, N * ncols * 4);
            swirl_rs_encode_batch(tab, h, len, n, lb, ncols, c, N, pool);
            CHECK_MSG(!memcmp(g, c, N * ncols * 4), "rs n=%u lb=%u", n, lb);
            swirl_cuda_release(dev, di); swirl_cuda_release(dev, dout);
            free(h); free(c); free(g);
        }
}

#if SWIRL_HAVE_CUDA
/* The three-pass NTT (ntt3.cu, internal: declared here for the direct contract test). */
int swirl_cuda_ntt3(swirl_cuda_dev *d, const uint32_t *in, size_t in_stride, size_t in_len, unsigned n, size_t ncols,
                    uint32_t *out, size_t out_stride);

/* One ntt3 call against the CPU DFT of the zero-padded input: ncols columns of in_len values
 * (stride in_stride) -> 2^n values (stride out_stride; gaps between output columns untouched).
 * inplace: one buffer, in_stride == out_stride. */
static void ntt3_case(const swirl_ntt_tables *tab, unsigned n, size_t ncols, size_t in_len, size_t in_stride,
                      size_t out_stride, int inplace) {
    const size_t N = (size_t)1 << n;
    const size_t in_words = in_stride * (ncols - 1) + in_len, out_words = out_stride * (ncols - 1) + N;
    const size_t words = inplace ? out_words : in_words;
    uint32_t *h = malloc(words * 4), *ref = malloc(N * ncols * 4), *g = malloc(out_words * 4);
    for (size_t i = 0; i < words; i++) h[i] = t_rand_bb();
    memset(ref, 0, N * ncols * 4);
    for (size_t c = 0; c < ncols; c++) memcpy(ref + c * N, h + c * in_stride, in_len * 4);
    swirl_dft_batch(tab, ref, n, ncols, N, pool);
    uint32_t *din = up(h, words * 4), *dout = din;
    CHECK(din != NULL);
    if (!inplace) {
        for (size_t i = 0; i < out_words; i++) g[i] = 0xdeadbeefu;
        dout = up(g, out_words * 4);
        CHECK(dout != NULL);
    }
    int rc = swirl_cuda_ntt3(dev, din, in_stride, in_len, n, ncols, dout, out_stride);
    CHECK_MSG(rc == SWIRL_OK, "ntt3 n=%u rc=%d", n, rc);
    swirl_cuda_download(dev, g, dout, out_words * 4);
    int ok = 1;
    for (size_t c = 0; c < ncols; c++) {
        ok &= !memcmp(g + c * out_stride, ref + c * N, N * 4);
        if (!inplace && c + 1 < ncols)
            for (size_t i = N; i < out_stride; i++) ok &= g[c * out_stride + i] == 0xdeadbeefu;
    }
    CHECK_MSG(ok, "ntt3 n=%u ncols=%zu in_len=%zu in_stride=%zu out_stride=%zu inplace=%d", n, ncols, in_len,
              in_stride, out_stride, inplace);
    swirl_cuda_release(dev, din);
    if (!inplace) swirl_cuda_release(dev, dout);
    free(h); free(ref); free(g);
}

/* Contract of ntt3 for every n it serves (15..24): RS-style half input, full input, in place,
 * odd strides, one column, a ragged in_len; few columns at large n (the CPU reference dominates). */
static void test_ntt3_contract(void) {
    CHECK(swirl_cuda_ensure_twiddles(dev, 24) == SWIRL_OK);
    swirl_ntt_tables *tab = swirl_ntt_tables_create(24);
    CHECK(tab != NULL);
    for (unsigned n = 15; n <= 24; n++) {
        const size_t N = (size_t)1 << n, half = N / 2;
        const size_t nc = n <= 18 ? 3 : (n <= 21 ? 2 : 1);
        ntt3_case(tab, n, nc, half, half + 5, N + 3, 0);  /* RS encode, odd strides */
        ntt3_case(tab, n, nc, N, N + 1, N + 1, 1);        /* in-place DFT, odd stride */
        if (n <= 20) {
            ntt3_case(tab, n, 1, N, N, N, 0);             /* one column, out of place */
            ntt3_case(tab, n, 2, 3 * N / 8 + 7, N, N, 0); /* ragged in_len */
        }
        if (n == 22) ntt3_case(tab, n, 1, half, half, N, 0); /* RS encode, packed strides (the bench's shape) */
    }
    swirl_ntt_tables_free(tab);
}
#endif

/* a (n states) permuted on the device equals b permuted on the CPU (a, b equal on entry; both
 * hold their permuted states on return) */
static void p2_matches_cpu(uint32_t *a, uint32_t *b, size_t n, const char *what) {
    uint32_t *d = up(a, n * 64);
    CHECK(d != NULL && swirl_cuda_p2_permute(dev, d, n) == SWIRL_OK);
    swirl_cuda_download(dev, a, d, n * 64);
    swirl_p2_permute_many(b, n);
    CHECK_MSG(!memcmp(a, b, n * 64), "%s", what);
    swirl_cuda_release(dev, d);
}

static void test_poseidon2(void) {
    static const uint32_t kin[3][16] = {SWIRL_P2_KAT_ZEROS_IN, SWIRL_P2_KAT_RANGE_IN, SWIRL_P2_KAT_PLONKY3_IN};
    static const uint32_t kout[3][16] = {SWIRL_P2_KAT_ZEROS_OUT, SWIRL_P2_KAT_RANGE_OUT, SWIRL_P2_KAT_PLONKY3_OUT};
    uint32_t s[48];
    memcpy(s, kin, sizeof s);
    uint32_t *d = up(s, sizeof s);
    CHECK(swirl_cuda_p2_permute(dev, d, 3) == SWIRL_OK);
    swirl_cuda_download(dev, s, d, sizeof s);
    CHECK(!memcmp(s, kout, sizeof s));
    swirl_cuda_release(dev, d);
    size_t n = 100003;
    uint32_t *a = malloc(n * 64), *b = malloc(n * 64);
    for (size_t i = 0; i < n * 16; i++) a[i] = b[i] = t_rand_bb();
    p2_matches_cpu(a, b, n, "poseidon2 random states");
    /* the kernels keep lanes partly reduced (poseidon2.cu): states built from the extreme values
     * exercise the bounds (0, 1, p - 1, p - 2, (p - 1) / 2, (p + 1) / 2, 2^27, random) */
    static const uint32_t ext[8] = {0u, 1u, 2013265920u, 2013265919u, 1006632960u, 1006632961u, 1u << 27, 0u};
    for (size_t i = 0; i < n * 16; i++) {
        uint32_t r = t_rand_bb();
        a[i] = b[i] = (r & 7u) == 7u ? t_rand_bb() : ext[r & 7u];
    }
    p2_matches_cpu(a, b, n, "poseidon2 extreme-value states");
    free(a); free(b);
}

static void test_merkle_shape(unsigned log_rows, size_t width, unsigned k, int ef) {
    size_t n = (size_t)1 << log_rows;
    uint32_t *h = malloc(n * width * 4);
    for (size_t i = 0; i < n * width; i++) h[i] = t_rand_bb();
    swirl_matrix_view hv = {h, n, width, ef ? width : 1, ef ? 1 : n};
    uint32_t *d = up(h, n * width * 4);
    swirl_matrix_view dv = hv;
    dv.base = d;
    swirl_merkle_tree tc, tg;
    CHECK(swirl_merkle_build(&tc, &hv, k, pool) == SWIRL_OK);
    CHECK(swirl_cuda_merkle_build(dev, &dv, k, &tg) == SWIRL_OK);
    int ok = tc.depth == tg.depth && !memcmp(&tc.root, &tg.root, sizeof tc.root);
    for (unsigned j = 0; ok && j <= tc.depth; j++)
        ok &= !memcmp(tc.layers[j], tg.layers[j], ((n >> k) >> j) * sizeof(swirl_digest));
    CHECK_MSG(ok, "merkle L=%u w=%zu k=%u ef=%d", log_rows, width, k, ef);
    /* the GPU tree opens and verifies like the CPU one */
    swirl_digest proof[40];
    size_t idx = (size_t)(t_rand64() % (n >> k));
    CHECK(swirl_merkle_path(&tg, idx, proof) == SWIRL_OK);
    uint32_t *rows = malloc(((size_t)1 << k) * width * 4 + 4);
    for (size_t t = 0; t < ((size_t)1 << k); t++)
        for (size_t c = 0; c < width; c++) rows[t * width + c] = h[(idx + t * (n >> k)) * hv.row_stride + c * hv.col_stride];
    CHECK(swirl_merkle_verify(&tg.root, k, width, rows, idx, proof, tg.depth));
    free(rows);
    swirl_merkle_free(&tc);
    swirl_merkle_free(&tg);
    swirl_cuda_release(dev, d);
    free(h);
}

static void test_grind(void) {
    for (unsigned bits = 1; bits <= 20; bits++)
        for (int v = 0; v < 3; v++) {
            swirl_transcript t;
            swirl_tr_init(&t);
            for (unsigned i = 0; i < bits * 3 + (unsigned)v; i++) swirl_tr_observe(&t, (bb_t)(i * 7919 + v));
            uint32_t wg = 0;
            swirl_transcript c = t;
            CHECK(swirl_cuda_grind(dev, &t, bits, &wg) == SWIRL_OK);
            bb_t wc = swirl_tr_grind(&c, bits, pool);
            CHECK_MSG(wg == wc, "grind bits=%u v=%d gpu=%u cpu=%u", bits, v, wg, wc);
        }
}

int main(void) {
    if (swirl_cuda_device_count() <= 0) {
        printf("skipped: no CUDA device\n");
        return 77;
    }
    if (swirl_cuda_dev_create(23, &dev) != SWIRL_OK) {
        fprintf(stderr, "device init failed: %s\n", swirl_cuda_last_error());
        return 1;
    }
    char name[256];
    swirl_cuda_dev_name(dev, name, sizeof name);
    printf("device: %s\n", name);
    pool = swirl_pool_create(0);
    swirl_ntt_tables *tab = swirl_ntt_tables_create(23);
    test_field();
    test_ntt(tab);
#if SWIRL_HAVE_CUDA
    test_ntt3_contract();
#endif
    test_poseidon2();
    static const size_t widths[] = {1, 7, 8, 13, 42};
    for (unsigned k = 1; k <= 4; k++)
        for (size_t w = 0; w < 5; w++) test_merkle_shape(k + 6, widths[w], k, 0);
    test_merkle_shape(16, 42, 4, 0);
    for (unsigned k = 1; k <= 4; k++) test_merkle_shape(12, 4, k, 1);
    test_merkle_shape(5, 3, 0, 0);
    test_grind();
    /* bad arguments are reported, not crashed on */
    CHECK(swirl_cuda_dft_batch(dev, NULL, 3, 1, 8, 0) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_cuda_dft_batch(dev, (uint32_t *)8, 30, 1, 8, 0) == SWIRL_ERR_INVALID_ARG);
    void *huge = NULL;
    CHECK(swirl_cuda_alloc(dev, &huge, (size_t)1 << 46) == SWIRL_ERR_CUDA_OOM);
    swirl_ntt_tables_free(tab);
    swirl_pool_destroy(pool);
    swirl_cuda_dev_free(dev);
    return t_summary("gpu_test_cuda_foundations");
}
