/* test_pcs_stacking.c — stacking layout, RS message, codeword and commitment (crypto_pcs.md §5):
 * the spec's examples and model-derived vectors, the straddle error, and the identity
 * MLE(c)(u_cube) = P(u0, u1..) on random data. */
#include <string.h>
#include "field/babybear.h"
#include "pcs/stacked.h"
#include "poly/ntt.h"
#include "swirl.h"
#include "test_util.h"

static swirl_system_params params(size_t l_skip, size_t n_stack, size_t lb, size_t k) {
    swirl_system_params p;
    memset(&p, 0, sizeof p);
    p.l_skip = l_skip;
    p.n_stack = n_stack;
    p.log_blowup = lb;
    p.w_stack = 1 << 20;
    p.whir.k = k;
    p.whir.num_rounds = 1;
    p.max_constraint_degree = 3;
    return p;
}

/* traces given as single columns */
static int stack_cols(size_t l_skip, size_t n_stack, const uint32_t *const *cols, const size_t *heights, size_t n,
                      const uint32_t *const *want, size_t want_w) {
    swirl_system_params p = params(l_skip, n_stack, 1, 0);
    swirl_trace tr[8];
    const swirl_trace *tp[8];
    for (size_t i = 0; i < n; i++) {
        tr[i].values = (uint32_t *)cols[i];
        tr[i].height = heights[i];
        tr[i].width = 1;
        tp[i] = &tr[i];
    }
    swirl_stacked_pcs_data *d = NULL;
    if (swirl_stacked_commit(&p, tp, n, NULL, &d) != SWIRL_OK) return 0;
    size_t H = (size_t)1 << (l_skip + n_stack);
    int ok = d->layout.width == want_w;
    for (size_t c = 0; ok && c < want_w; c++) ok &= !memcmp(d->stacked + c * H, want[c], H * 4);
    swirl_stacked_pcs_data_free(d);
    return ok;
}

static ef_t rand_ef(void) { return ef_make(t_rand_bb(), t_rand_bb(), t_rand_bb(), t_rand_bb()); }

int main(void) {
    /* §5.3 examples: columns [1,2,3,4], [5,6], [7] */
    {
        static const uint32_t c0[] = {1, 2, 3, 4}, c1[] = {5, 6}, c2[] = {7};
        const uint32_t *cols[] = {c0, c1, c2};
        size_t hs[] = {4, 2, 1};
        static const uint32_t a0[] = {1, 2, 3, 4}, a1[] = {5, 6, 7, 0};
        const uint32_t *wa[] = {a0, a1};
        CHECK(stack_cols(0, 2, cols, hs, 3, wa, 2));
        static const uint32_t b0[] = {1, 2, 3, 4}, b1[] = {5, 0, 6, 0}, b2[] = {7, 0, 0, 0};
        const uint32_t *wb[] = {b0, b1, b2};
        CHECK(stack_cols(2, 0, cols, hs, 3, wb, 3));
        static const uint32_t e0[] = {1, 0, 2, 0, 3, 0, 4, 0}, e1[] = {5, 0, 0, 0, 6, 0, 0, 0}, e2[] = {7, 0, 0, 0, 0, 0, 0, 0};
        const uint32_t *we[] = {e0, e1, e2};
        CHECK(stack_cols(3, 0, cols, hs, 3, we, 3));
        /* a wrong expectation must not match */
        const uint32_t *wbad[] = {a0, b1};
        CHECK(!stack_cols(0, 2, cols, hs, 3, wbad, 2));
    }
    /* model-derived RS message, codeword and Merkle root (§5.4) */
    {
        uint32_t col[8], col2[2] = {9, 10};
        for (int i = 0; i < 8; i++) col[i] = (uint32_t)(i + 1);
        swirl_system_params p = params(2, 1, 1, 1);
        swirl_trace t0 = {col, 8, 1}, t1 = {col2, 2, 1};
        const swirl_trace *tp[] = {&t0, &t1};
        swirl_stacked_pcs_data *d = NULL;
        CHECK(swirl_stacked_commit(&p, tp, 1, NULL, &d) == SWIRL_OK);
        static const uint32_t want_c[8] = {1006632963, 1870835219, 2, 1, 1006632967, 1870835223, 6, 5};
        static const uint32_t want_cw[16] = {1728404544, 183085675, 1976151680, 811967169, 1443543105, 512275804,
                                             1710526337, 318825559, 284861411, 997327368, 302739576, 700593353,
                                             569722818, 967244160, 37114233, 1548478695};
        CHECK(!memcmp(d->message, want_c, sizeof want_c));
        CHECK(!memcmp(d->codeword, want_cw, sizeof want_cw));
        swirl_stacked_pcs_data_free(d);
        CHECK(swirl_stacked_commit(&p, tp, 2, NULL, &d) == SWIRL_OK);
        static const uint32_t q1[8] = {9, 0, 10, 0, 0, 0, 0, 0};
        CHECK(d->layout.width == 2 && !memcmp(d->stacked + 8, q1, sizeof q1));
        static const uint32_t root[8] = {1416436611, 1267638814, 1884440001, 1352579059, 1694484504, 1028415102, 902980366, 1631554307};
        CHECK(!memcmp(d->commit.v, root, sizeof root));
        swirl_stacked_pcs_data_free(d);
    }
    /* layout: straddle (increasing heights) and too-tall traces are errors; width formula */
    {
        swirl_stacked_layout l;
        size_t w1[] = {1, 1};
        unsigned h1[] = {1, 2};
        CHECK(swirl_stacked_layout_build(0, 2, w1, h1, 2, &l) == SWIRL_ERR_TRACE);
        unsigned h2[] = {3};
        CHECK(swirl_stacked_layout_build(0, 2, w1, h2, 1, &l) == SWIRL_ERR_TRACE);
        for (int it = 0; it < 200; it++) {
            size_t l_skip = t_rand64() % 4, m = l_skip + t_rand64() % 5, n = 1 + t_rand64() % 6;
            size_t ws[6];
            unsigned hs[6];
            unsigned cur = (unsigned)m;
            size_t cells = 0;
            for (size_t i = 0; i < n; i++) {
                cur = cur ? cur - (unsigned)(t_rand64() % 2) : 0;
                hs[i] = cur;
                ws[i] = t_rand64() % 5;
                cells += ws[i] << (cur > l_skip ? cur : l_skip);
            }
            CHECK(swirl_stacked_layout_build(l_skip, m, ws, hs, n, &l) == SWIRL_OK);
            size_t H = (size_t)1 << m;
            CHECK_EQ_U64(l.width, (cells + H - 1) / H);
            swirl_stacked_layout_free(&l);
        }
    }
    /* MLE(c)(u_cube) == P(u0, u1..) for random stacked columns */
    swirl_ntt_tables *tab = swirl_ntt_tables_create(12);
    for (int it = 0; it < 12; it++) {
        size_t l_skip = (size_t)(t_rand64() % 4), n_stack = (size_t)(t_rand64() % 4), m = l_skip + n_stack;
        size_t H = (size_t)1 << m, ch = (size_t)1 << l_skip;
        swirl_system_params p = params(l_skip, n_stack, 1, 0);
        uint32_t *vals = malloc(H * 2 * 4);
        for (size_t i = 0; i < 2 * H; i++) vals[i] = t_rand_bb();
        swirl_trace t = {vals, H, 2};
        const swirl_trace *tp[] = {&t};
        swirl_stacked_pcs_data *d = NULL;
        CHECK(swirl_stacked_commit(&p, tp, 1, NULL, &d) == SWIRL_OK);
        ef_t u[16];
        for (size_t i = 0; i <= n_stack; i++) u[i] = rand_ef();
        ef_t ucube[32];
        ef_t z = u[0];
        for (size_t i = 0; i < l_skip; i++) { ucube[i] = z; z = ef_sqr(z); }
        for (size_t i = 0; i < n_stack; i++) ucube[l_skip + i] = u[1 + i];
        for (size_t c = 0; c < d->layout.width; c++) {
            /* MLE of c (hypercube table) at u_cube */
            ef_t mle = ef_zero();
            for (size_t b = 0; b < H; b++) {
                ef_t e = ef_one();
                for (size_t j = 0; j < m; j++)
                    e = ef_mul(e, (b >> j) & 1 ? ucube[j] : ef_sub(ef_one(), ucube[j]));
                mle = ef_add(mle, ef_mul_bb(e, d->message[c * H + b]));
            }
            /* PLE: for each x, the chunk's monomial coefficients at u0, times eq(x, u') */
            ef_t ple = ef_zero();
            bb_t *chunk = malloc(ch * 4);
            for (size_t x = 0; x < (H >> l_skip); x++) {
                memcpy(chunk, d->stacked + c * H + x * ch, ch * 4);
                swirl_idft_batch(tab, chunk, (unsigned)l_skip, 1, ch, NULL);
                ef_t acc = ef_zero();
                for (size_t tt = ch; tt-- > 0;) acc = ef_add(ef_mul(acc, u[0]), ef_from_bb(chunk[tt]));
                ef_t e = ef_one();
                for (size_t j = 0; j < n_stack; j++) e = ef_mul(e, (x >> j) & 1 ? u[1 + j] : ef_sub(ef_one(), u[1 + j]));
                ple = ef_add(ple, ef_mul(acc, e));
            }
            free(chunk);
            CHECK_MSG(ef_eq(mle, ple), "identity l_skip=%zu n_stack=%zu", l_skip, n_stack);
        }
        swirl_stacked_pcs_data_free(d);
        free(vals);
    }
    swirl_ntt_tables_free(tab);
    return t_summary("test_pcs_stacking");
}
