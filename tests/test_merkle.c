/* test_merkle.c — Merkle trees with query-group leaves against a naive recomputation, paths,
 * and rejection of wrong siblings / rows / indices. */
#include <string.h>
#include "hash/merkle.h"
#include "test_util.h"
#include "util/pool.h"

/* Naive root straight from crypto_pcs.md §3.3. */
static void naive_root(const swirl_matrix_view *m, unsigned k, swirl_digest *root) {
    size_t n = m->height, S = n >> k;
    swirl_digest *d = malloc(n * sizeof *d);
    for (size_t r = 0; r < n; r++) {
        uint32_t *row = malloc((m->width + 1) * sizeof *row);
        for (size_t c = 0; c < m->width; c++) row[c] = m->base[r * m->row_stride + c * m->col_stride];
        swirl_hash(row, m->width, d[r].v);
        free(row);
    }
    size_t len = n;
    for (unsigned j = 0; j < k; j++) {
        swirl_digest *nd = malloc(len / 2 * sizeof *nd);
        for (size_t x = 0; x < len / S / 2; x++)
            for (size_t y = 0; y < S; y++) swirl_compress(d[2 * x * S + y].v, d[(2 * x + 1) * S + y].v, nd[x * S + y].v);
        free(d);
        d = nd;
        len /= 2;
    }
    while (len > 1) {
        for (size_t i = 0; i < len / 2; i++) swirl_compress(d[2 * i].v, d[2 * i + 1].v, d[i].v);
        len /= 2;
    }
    *root = d[0];
    free(d);
}

static void test_shape(unsigned log_rows, size_t width, unsigned k, int ef_view, swirl_pool *pool) {
    size_t n = (size_t)1 << log_rows;
    uint32_t *data = malloc(n * width * sizeof *data + 4);
    for (size_t i = 0; i < n * width; i++) data[i] = t_rand_bb();
    swirl_matrix_view m = {data, n, width, ef_view ? width : 1, ef_view ? 1 : n};
    swirl_merkle_tree t;
    CHECK(swirl_merkle_build(&t, &m, k, pool) == SWIRL_OK);
    swirl_digest want;
    naive_root(&m, k, &want);
    CHECK_MSG(memcmp(&want, &t.root, sizeof want) == 0, "root L=%u w=%zu k=%u ef=%d", log_rows, width, k, ef_view);
    size_t S = n >> k, nrow = (size_t)1 << k;
    uint32_t *rows = malloc(nrow * width * sizeof *rows + 4);
    swirl_digest proof[32];
    for (size_t q = 0; q < 6 && q < S; q++) {
        size_t idx = (size_t)(t_rand64() % S);
        for (size_t tt = 0; tt < nrow; tt++)
            for (size_t c = 0; c < width; c++) rows[tt * width + c] = data[(idx + tt * S) * m.row_stride + c * m.col_stride];
        CHECK(swirl_merkle_path(&t, idx, proof) == SWIRL_OK);
        CHECK(swirl_merkle_verify(&t.root, k, width, rows, idx, proof, t.depth));
        if (t.depth > 0) {
            unsigned j = (unsigned)(t_rand64() % t.depth);
            proof[j].v[t_rand64() % 8] ^= 1;
            CHECK(!swirl_merkle_verify(&t.root, k, width, rows, idx, proof, t.depth));
            proof[j].v[0] ^= 0; swirl_merkle_path(&t, idx, proof);
            CHECK(!swirl_merkle_verify(&t.root, k, width, rows, idx ^ 1, proof, t.depth));
        }
        if (width > 0) {
            size_t cell = (size_t)(t_rand64() % (nrow * width));
            rows[cell] = (rows[cell] + 1) % SWIRL_P;
            CHECK(!swirl_merkle_verify(&t.root, k, width, rows, idx, proof, t.depth));
        }
    }
    CHECK(swirl_merkle_path(&t, S, proof) == SWIRL_ERR_INVALID_ARG);
    swirl_merkle_free(&t);
    free(rows);
    free(data);
}

int main(void) {
    swirl_pool *pool = swirl_pool_create(2);
    static const size_t widths[] = {1, 4, 7, 8, 13, 42};
    for (unsigned k = 0; k <= 4; k++)
        for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
            test_shape(k + 3, widths[wi], k, 0, wi & 1 ? pool : NULL);
            test_shape(k + 1, widths[wi], k, 0, pool);
        }
    for (unsigned k = 1; k <= 4; k++) test_shape(10, 4, k, 1, pool); /* EF vector view */
    test_shape(14, 42, 4, 0, pool); /* large enough to use batched upper layers */
    {
        swirl_merkle_tree t;
        uint32_t d[8] = {0};
        swirl_matrix_view m = {d, 3, 1, 1, 3};
        CHECK(swirl_merkle_build(&t, &m, 0, NULL) == SWIRL_ERR_INVALID_ARG);
        m.height = 4;
        CHECK(swirl_merkle_build(&t, &m, 3, NULL) == SWIRL_ERR_INVALID_ARG);
    }
    swirl_pool_destroy(pool);
    return t_summary("test_merkle");
}
