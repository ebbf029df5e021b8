/* hash.c — padding-free overwrite sponge (leaf hash) and truncated-permutation compression
 * (crypto_pcs.md §3.1–3.2), single and batched.
 *
 * Sponge: state starts at zero; each block of up to 8 inputs OVERWRITES state[0..len) (stale
 * rate lanes stay when the last block is short), then the state is permuted. No padding, no
 * length tag; H([]) = 0. Output state[0..8). */
#include "hash/poseidon2.h"

#include <string.h>
#include "field/babybear.h"
#include "util/check.h"

void swirl_hash_strided(const uint32_t *base, size_t n, size_t stride, swirl_digest *out) {
    uint32_t st[16] = {0};
    size_t i = 0;
    while (i < n) {
        size_t len = n - i < SWIRL_P2_RATE ? n - i : SWIRL_P2_RATE;
        for (size_t j = 0; j < len; j++) st[j] = base[(i + j) * stride];
        swirl_poseidon2_permute(st);
        i += len;
    }
    memcpy(out->v, st, sizeof out->v);
}

/* Contracts of the three public primitives (swirl.h): they have no error channel, so their
 * pointers must be valid; checked in SWIRL_VERIFY builds. */
void swirl_hash(const uint32_t *in, size_t n, uint32_t out[8]) {
    SWIRL_VERIFY_CHECK(out != NULL && (in != NULL || n == 0));
    swirl_digest d;
    swirl_hash_strided(in, n, 1, &d);
    memcpy(out, d.v, sizeof d.v);
}

void swirl_compress(const uint32_t left[8], const uint32_t right[8], uint32_t out[8]) {
    SWIRL_VERIFY_CHECK(left != NULL && right != NULL && out != NULL);
    uint32_t st[16];
    memcpy(st, left, 8 * sizeof(uint32_t));
    memcpy(st + 8, right, 8 * sizeof(uint32_t));
    swirl_poseidon2_permute(st);
    memcpy(out, st, 8 * sizeof(uint32_t));
}

/* Rows are hashed in groups of HASH_BATCH states so swirl_p2_permute_many can use SIMD lanes. */
#define HASH_BATCH 16

typedef struct {
    const uint32_t *base;
    size_t width, rs, cs;
    swirl_digest *out;
} rows_job;

static void hash_rows_range(void *vp, size_t b, size_t e, unsigned worker) {
    (void)worker;
    const rows_job *j = vp;
    uint32_t st[HASH_BATCH * 16];
    for (size_t r0 = b; r0 < e; r0 += HASH_BATCH) {
        size_t nb = e - r0 < HASH_BATCH ? e - r0 : HASH_BATCH;
        memset(st, 0, sizeof st);
        for (size_t c0 = 0; c0 < j->width; c0 += SWIRL_P2_RATE) {
            size_t len = j->width - c0 < SWIRL_P2_RATE ? j->width - c0 : SWIRL_P2_RATE;
            for (size_t k = 0; k < nb; k++) {
                const uint32_t *row = j->base + (r0 + k) * j->rs;
                for (size_t c = 0; c < len; c++) st[k * 16 + c] = row[(c0 + c) * j->cs];
            }
            swirl_p2_permute_many(st, nb);
        }
        for (size_t k = 0; k < nb; k++) memcpy(j->out[r0 + k].v, st + k * 16, 8 * sizeof(uint32_t));
    }
}

void swirl_hash_rows(const uint32_t *base, size_t nrows, size_t width, size_t row_stride,
                     size_t col_stride, swirl_digest *out, swirl_pool *pool) {
    rows_job j = {base, width, row_stride, col_stride, out};
    if (width == 0) {
        memset(out, 0, nrows * sizeof *out);
        return;
    }
    swirl_pool_for(pool, nrows, 256, hash_rows_range, &j);
}

typedef struct {
    const swirl_digest *l, *r;
    swirl_digest *out;
} comp_job;

static void compress_range(void *vp, size_t b, size_t e, unsigned worker) {
    (void)worker;
    const comp_job *j = vp;
    uint32_t st[HASH_BATCH * 16];
    for (size_t i0 = b; i0 < e; i0 += HASH_BATCH) {
        size_t nb = e - i0 < HASH_BATCH ? e - i0 : HASH_BATCH;
        for (size_t k = 0; k < nb; k++) {
            memcpy(st + k * 16, j->l[i0 + k].v, 32);
            memcpy(st + k * 16 + 8, j->r[i0 + k].v, 32);
        }
        swirl_p2_permute_many(st, nb);
        for (size_t k = 0; k < nb; k++) memcpy(j->out[i0 + k].v, st + k * 16, 32);
    }
}

void swirl_compress_many(const swirl_digest *left, const swirl_digest *right, swirl_digest *out,
                         size_t n, swirl_pool *pool) {
    comp_job j = {left, right, out};
    swirl_pool_for(pool, n, 512, compress_range, &j);
}
