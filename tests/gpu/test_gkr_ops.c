/* test_gkr_ops.c — the contract of every LogUp-GKR operation (iop/gkr_ops.h): the CUDA
 * implementation returns exactly what the CPU one returns, op by op, in lock step:
 *  - tree, root_children, layer, round, fold, claims on random leaves for 1..20 layers (24 out
 *    of SWIRL_GPU_QUICK) with random challenges; a fold is compared through the round sums and
 *    the claims that read its tables;
 *  - every order of round, fold, claims and layer calls the contract allows (the CUDA ops defer a
 *    fold to the next round's launch), and the launchers' own bounds (called directly);
 *  - leaves on random AIRs with interactions (several buses, messages of length 1..3 over common,
 *    preprocessed and cached columns, their rotations, selectors, public values and constants;
 *    heights below and above 2^l_skip, sub-chunk traces), compared through the tree and every
 *    layer's rounds, which read every leaf;
 *  - whole GKR proofs through the protocol (swirl_gkr_prove_traces) on balanced random leaves
 *    are identical, and an unbalanced input is refused with SWIRL_ERR_TRACE on both.
 * (A 31-layer tree needs 2^31 leaves, 64 GiB of leaves and 128 GiB of tree per side: the largest
 * shapes run are 24 by default and SWIRL_GKR_LAYERS=L on request: L = 22 passed on the H200;
 * L = 26 did not finish inside a 25 s time box in its only run, so it is not yet confirmed.)
 * Skips (exit 77) without a CUDA device. */
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_gkr.h"
#include "iop/gkr_ops.h"
#include "test_util.h"
#include "util/pool.h"

static ef_t rand_ef(void) { return ef_make(t_rand_bb(), t_rand_bb(), t_rand_bb(), t_rand_bb()); }
static int same(const void *a, const void *b, size_t n) { return !memcmp(a, b, n); }

typedef struct {
    const swirl_gkr_ops *ops;
    swirl_gkr_ws *ws;
} side;

/* Both sides from filled leaves: tree, layer 1, then every layer's rounds and folds. */
static void layers_lockstep(side *c, side *g, unsigned L, const char *what) {
    ef_t rc[2], rg[2];
    CHECK(c->ops->tree(c->ws, rc) == SWIRL_OK);
    CHECK(g->ops->tree(g->ws, rg) == SWIRL_OK);
    CHECK_MSG(same(rc, rg, sizeof rc), "%s: tree root, L=%u", what, L);
    swirl_gkr_layer_claims cc, cg;
    CHECK(c->ops->root_children(c->ws, &cc) == SWIRL_OK);
    CHECK(g->ops->root_children(g->ws, &cg) == SWIRL_OK);
    CHECK_MSG(same(&cc, &cg, sizeof cc), "%s: layer-1 claims, L=%u", what, L);
    ef_t *xi = malloc((L + 1) * sizeof *xi);
    for (unsigned i = 0; i < L; i++) xi[i] = rand_ef();
    int bad = 0;
    for (unsigned j = 2; j <= L && !bad; j++) {
        CHECK(c->ops->layer(c->ws, j, xi) == SWIRL_OK);
        CHECK(g->ops->layer(g->ws, j, xi) == SWIRL_OK);
        ef_t lambda = rand_ef();
        for (size_t len = (size_t)1 << (j - 1); len >= 2 && !bad; len /= 2) {
            ef_t sc[3], sg[3];
            CHECK(c->ops->round(c->ws, len, lambda, sc) == SWIRL_OK);
            CHECK(g->ops->round(g->ws, len, lambda, sg) == SWIRL_OK);
            bad = !same(sc, sg, sizeof sc);
            CHECK_MSG(!bad, "%s: round values, L=%u layer %u len %zu", what, L, j, len);
            ef_t r = rand_ef();
            CHECK(c->ops->fold(c->ws, len, r) == SWIRL_OK);
            CHECK(g->ops->fold(g->ws, len, r) == SWIRL_OK);
        }
        CHECK(c->ops->claims(c->ws, &cc) == SWIRL_OK);
        CHECK(g->ops->claims(g->ws, &cg) == SWIRL_OK);
        bad = bad || !same(&cc, &cg, sizeof cc);
        CHECK_MSG(same(&cc, &cg, sizeof cc), "%s: claims, L=%u layer %u", what, L, j);
        for (unsigned i = 0; i < j; i++) xi[i] = rand_ef();
    }
    free(xi);
}

/* Both sides run one operation, the CPU's writing oc_ and the CUDA's og_ (declared here, at
 * most 4 EF); the outputs must agree. */
#define BOTH(call_c, call_g, what)                                                                \
    do {                                                                                          \
        ef_t oc_[4], og_[4];                                                                      \
        memset(oc_, 0, sizeof oc_);                                                               \
        memset(og_, 0, sizeof og_);                                                               \
        CHECK_MSG((call_c) == SWIRL_OK && (call_g) == SWIRL_OK, "op order: %s", what);            \
        CHECK_MSG(same(oc_, og_, sizeof oc_), "op order: %s differs", what);                      \
    } while (0)

/* The CUDA ops defer a fold to the next round's launch: every order of calls the contract
 * allows must still give the CPU's values: two folds in a row, a fold fused into a round, a
 * fold waiting when the claims are read, a fold waiting when a new layer replaces the tables. */
static void op_orders(swirl_cuda_dev *dev, swirl_pool *pool) {
    enum { L = 9, j = 8 };
    const size_t n = (size_t)1 << L;
    ef_t *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    for (size_t k = 0; k < n; k++) {
        p[k] = rand_ef();
        q[k] = rand_ef();
    }
    side c = {swirl_gkr_cpu_ops(), NULL}, g = {swirl_gkr_cuda_ops(), NULL};
    CHECK(c.ops->create(pool, L, &c.ws) == SWIRL_OK);
    CHECK(g.ops->create(dev, L, &g.ws) == SWIRL_OK);
    if (c.ws && g.ws && p && q) {
        ef_t xi[L];
        for (unsigned i = 0; i < L; i++) xi[i] = rand_ef();
        CHECK(c.ops->load_leaves(c.ws, p, q) == SWIRL_OK && g.ops->load_leaves(g.ws, p, q) == SWIRL_OK);
        BOTH(c.ops->tree(c.ws, oc_), g.ops->tree(g.ws, og_), "tree");
        const ef_t lambda = rand_ef();
        size_t len = (size_t)1 << (j - 1);
#define ROUND(what) BOTH(c.ops->round(c.ws, len, lambda, oc_), g.ops->round(g.ws, len, lambda, og_), what)
#define FOLD(what)                                                                                \
    do {                                                                                          \
        const ef_t r_ = rand_ef();                                                                \
        CHECK_MSG(c.ops->fold(c.ws, len, r_) == SWIRL_OK && g.ops->fold(g.ws, len, r_) == SWIRL_OK, "op order: %s", what); \
        len /= 2;                                                                                 \
    } while (0)
#define CLAIMS(what)                                                                              \
    do {                                                                                          \
        swirl_gkr_layer_claims cc_, cg_;                                                          \
        CHECK_MSG(c.ops->claims(c.ws, &cc_) == SWIRL_OK && g.ops->claims(g.ws, &cg_) == SWIRL_OK, "op order: %s", what); \
        CHECK_MSG(same(&cc_, &cg_, sizeof cc_), "op order: %s differs", what);                    \
    } while (0)
        CHECK(c.ops->layer(c.ws, j, xi) == SWIRL_OK && g.ops->layer(g.ws, j, xi) == SWIRL_OK);
        ROUND("first round (no fold waiting)");
        FOLD("fold 1");
        FOLD("fold 2 right after fold 1");
        ROUND("round after two folds");
        FOLD("fold 3");
        ROUND("round with fold 3 in its launch");
        CLAIMS("claims after a fused round");
        FOLD("fold 4");
        CLAIMS("claims with fold 4 waiting");
        ROUND("round after the claims performed fold 4");
        FOLD("fold 5, then a new layer");
        len = (size_t)1 << (j - 2);
        CHECK(c.ops->layer(c.ws, j - 1, xi) == SWIRL_OK && g.ops->layer(g.ws, j - 1, xi) == SWIRL_OK);
        ROUND("a new layer's first round (fold 5 dropped)");
        FOLD("fold 6");
        ROUND("fused round of the new layer");
#undef ROUND
#undef FOLD
#undef CLAIMS
    }
    if (c.ws) c.ops->destroy(c.ws);
    if (g.ws) g.ops->destroy(g.ws);
    free(p);
    free(q);
}

/* The round, fold and layer launchers refuse lengths their tables do not hold before
 * launching anything (the ops check their own bounds first, so these are reached only here). */
static void launcher_guards(swirl_cuda_dev *dev) {
    uint32_t *d = NULL;
    const size_t cap = 8, ef_words_n = 4, total_ef = 10 * cap + SWIRL_CUDA_GKR_PARTIAL_EF + 64;
    CHECK(swirl_cuda_alloc(dev, (void **)&d, total_ef * ef_words_n * 4) == SWIRL_OK);
    if (!d) return;
    /* two sets of five tables of cap EF, the partials, an eq scratch */
    uint32_t *tab = d, *dst = d + 5 * cap * ef_words_n, *partial = d + 10 * cap * ef_words_n;
    uint32_t *eqs = partial + SWIRL_CUDA_GKR_PARTIAL_EF * ef_words_n;
    const uint32_t one[4] = {1, 0, 0, 0};
    uint32_t s[12];
    CHECK(swirl_cuda_gkr_fold(dev, tab, tab, cap, cap + 2, one) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_cuda_gkr_fold(dev, tab, tab, cap, 1, one) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_cuda_gkr_round(dev, tab, cap, cap * 2, one, partial, s) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_cuda_gkr_fold_round(dev, tab, tab, cap, cap, one, one, partial, s) == SWIRL_ERR_INVALID_ARG); /* 2 len > cap */
    CHECK(swirl_cuda_gkr_fold_round(dev, tab, tab, cap, 1, one, one, partial, s) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_cuda_gkr_fold_round(dev, tab, tab, cap, 2, one, one, NULL, s) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_cuda_gkr_layer(dev, tab, tab, 16, eqs, 4, eqs, tab, cap) == SWIRL_ERR_INVALID_ARG); /* m > cap */
    CHECK(swirl_cuda_gkr_layer(dev, tab, tab, 4, eqs, 3, eqs, tab, cap) == SWIRL_ERR_INVALID_ARG);  /* m != 2^nv */
    CHECK(swirl_cuda_gkr_layer(dev, tab, tab, 4, eqs, 2, NULL, tab, cap) == SWIRL_ERR_INVALID_ARG); /* no eq scratch */
    CHECK(swirl_cuda_gkr_layer(dev, tab, tab, 1, eqs, 64, eqs, tab, cap) == SWIRL_ERR_INVALID_ARG); /* nv > 32 (1 << 64 is 1 on x86) */
    /* the minimal valid fold and fused round run (the arrival counter was zeroed by hand here) */
    CHECK(swirl_cuda_memset0(dev, d, total_ef * ef_words_n * 4) == SWIRL_OK);
    CHECK(swirl_cuda_gkr_fold_round(dev, tab, dst, cap, 4, one, one, partial, s) == SWIRL_OK);
    static const uint32_t zero[12] = {0};
    CHECK_MSG(!memcmp(s, zero, sizeof s), "fused round over zero tables: %u %u %u", s[0], s[4], s[8]);
    swirl_cuda_release(dev, d);
}

static void random_leaves(swirl_cuda_dev *dev, swirl_pool *pool, unsigned L) {
    const size_t n = (size_t)1 << L;
    ef_t *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    for (size_t k = 0; k < n; k++) {
        p[k] = t_rand64() % 4 ? rand_ef() : ef_zero();
        q[k] = rand_ef();
    }
    side c = {swirl_gkr_cpu_ops(), NULL}, g = {swirl_gkr_cuda_ops(), NULL};
    CHECK(c.ops->create(pool, L, &c.ws) == SWIRL_OK);
    CHECK(g.ops->create(dev, L, &g.ws) == SWIRL_OK);
    if (c.ws && g.ws) {
        CHECK(c.ops->load_leaves(c.ws, p, q) == SWIRL_OK);
        CHECK(g.ops->load_leaves(g.ws, p, q) == SWIRL_OK);
        layers_lockstep(&c, &g, L, "random leaves");
        /* out-of-contract calls are refused the same way on both */
        ef_t sv[3], x = rand_ef();
        for (int k = 0; k < 2; k++) {
            side *sd = k ? &g : &c;
            CHECK(sd->ops->round(sd->ws, 1, x, sv) == SWIRL_ERR_INVALID_ARG);
            CHECK(sd->ops->round(sd->ws, n, x, sv) == SWIRL_ERR_INVALID_ARG);
            CHECK(sd->ops->fold(sd->ws, n, x) == SWIRL_ERR_INVALID_ARG);
            CHECK(sd->ops->layer(sd->ws, 1, &x) == SWIRL_ERR_INVALID_ARG);
            CHECK(sd->ops->layer(sd->ws, L + 1, &x) == SWIRL_ERR_INVALID_ARG);
        }
    }
    if (c.ws) c.ops->destroy(c.ws);
    if (g.ws) g.ops->destroy(g.ws);
    free(p);
    free(q);
}

/* ---- random AIRs with interactions ---- */

typedef struct {
    swirl_air *air;
    swirl_trace common, prep, cached[2];
    size_t ncached, cw, pw, kw[2];
    uint32_t pv[2];
    unsigned lh;
} rair;

static swirl_trace rand_trace(size_t h, size_t w) {
    swirl_trace t = {malloc((h * w + 1) * sizeof(uint32_t)), h, w};
    for (size_t i = 0; i < h * w; i++) t.values[i] = t_rand64() % 3 ? t_rand_bb() : (uint32_t)(t_rand64() % 5);
    return t;
}

static swirl_expr rand_leaf(rair *r) {
    swirl_air *a = r->air;
    const int next = (int)(t_rand64() % 2);
    switch (t_rand64() % 9) {
    case 0: case 1: case 2: return swirl_air_main(a, SWIRL_PART_COMMON, t_rand64() % r->cw, next);
    case 3: if (r->pw) return swirl_air_prep(a, t_rand64() % r->pw, next); /* fallthrough */
    case 4: if (r->ncached) { size_t k = t_rand64() % r->ncached; return swirl_air_main(a, (int)k, t_rand64() % r->kw[k], next); } /* fallthrough */
    case 5: return swirl_air_public(a, t_rand64() % 2);
    case 6: return t_rand64() % 3 == 0 ? swirl_air_is_first_row(a) : t_rand64() % 2 ? swirl_air_is_last_row(a) : swirl_air_is_transition(a);
    case 7: return swirl_air_const(a, t_rand_bb());
    default: return swirl_air_main(a, SWIRL_PART_COMMON, 0, 0);
    }
}

static swirl_expr rand_expr(rair *r) {
    swirl_expr x = rand_leaf(r);
    switch (t_rand64() % 5) {
    case 0: return swirl_air_add(r->air, x, rand_leaf(r));
    case 1: return swirl_air_sub(r->air, x, rand_leaf(r));
    case 2: return swirl_air_mul(r->air, x, rand_leaf(r));
    case 3: return swirl_air_neg(r->air, x);
    default: return x;
    }
}

static void make_rair(rair *r, unsigned lh) {
    memset(r, 0, sizeof *r);
    r->lh = lh;
    const size_t h = (size_t)1 << lh;
    r->air = swirl_air_new("random_interactions");
    r->cw = 1 + t_rand64() % 4;
    swirl_air_set_common_main(r->air, r->cw);
    r->common = rand_trace(h, r->cw);
    if (t_rand64() % 3 == 0) {
        r->pw = 1 + t_rand64() % 2;
        r->prep = rand_trace(h, r->pw);
        swirl_air_set_preprocessed(r->air, &r->prep);
    }
    r->ncached = t_rand64() % 3;
    for (size_t k = 0; k < r->ncached; k++) {
        r->kw[k] = 1 + t_rand64() % 2;
        swirl_air_add_cached_main(r->air, r->kw[k]);
        r->cached[k] = rand_trace(h, r->kw[k]);
    }
    swirl_air_set_num_public_values(r->air, 2);
    r->pv[0] = t_rand_bb();
    r->pv[1] = t_rand_bb();
    const size_t ni = 1 + t_rand64() % 4;
    for (size_t i = 0; i < ni; i++) {
        swirl_expr msg[3];
        const size_t len = 1 + t_rand64() % 3; /* keygen rejects empty messages (InteractionMessageEmpty) */
        for (size_t f = 0; f < len; f++) msg[f] = rand_expr(r);
        swirl_air_push_interaction(r->air, (uint16_t)(t_rand64() % 6), msg, len, rand_expr(r), 0);
    }
}

static void free_rair(rair *r) {
    swirl_air_free(r->air);
    free(r->common.values);
    free(r->prep.values);
    for (size_t k = 0; k < r->ncached; k++) free(r->cached[k].values);
}

static void air_leaves(swirl_ctx *ctx, swirl_cuda_dev *dev, swirl_pool *pool, const swirl_system_params *P, size_t n,
                       unsigned max_lh) {
    rair *r = calloc(n, sizeof *r);
    swirl_air **airs = calloc(n, sizeof *airs);
    for (size_t i = 0; i < n; i++) {
        make_rair(&r[i], (unsigned)(t_rand64() % (max_lh + 1)));
        airs[i] = r[i].air;
    }
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    int rc = swirl_keygen(ctx, P, airs, n, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "keygen: %s", e.message);
    if (rc == SWIRL_OK) {
        swirl_zc_trace *zt = calloc(n, sizeof *zt);
        for (size_t i = 0; i < n; i++) {
            swirl_zc_trace z = {&pk->vk->airs[i], r[i].lh, &r[i].common, r[i].pw ? &pk->airs[i].prep : NULL,
                                r[i].ncached ? r[i].cached : NULL, r[i].pv};
            zt[i] = z;
        }
        uint64_t total = 0;
        size_t n_logup = swirl_logup_n(P, zt, n, &total);
        unsigned L = (unsigned)(P->l_skip + n_logup);
        swirl_gkr_leaves_input in = {P, zt, n, n_logup, rand_ef(), rand_ef(), NULL};
        side c = {swirl_gkr_cpu_ops(), NULL}, g = {swirl_gkr_cuda_ops(), NULL};
        CHECK(c.ops->create(pool, L, &c.ws) == SWIRL_OK);
        CHECK(g.ops->create(dev, L, &g.ws) == SWIRL_OK);
        if (c.ws && g.ws) {
            CHECK(c.ops->leaves(c.ws, &in) == SWIRL_OK);
            CHECK(g.ops->leaves(g.ws, &in) == SWIRL_OK);
            char what[64];
            snprintf(what, sizeof what, "leaves of %zu AIRs", n);
            layers_lockstep(&c, &g, L, what);
            /* a workspace of the wrong size is refused */
            in.n_logup++;
            CHECK(g.ops->leaves(g.ws, &in) == SWIRL_ERR_INVALID_ARG);
        }
        if (c.ws) c.ops->destroy(c.ws);
        if (g.ws) g.ops->destroy(g.ws);
        free(zt);
    }
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    for (size_t i = 0; i < n; i++) free_rair(&r[i]);
    free(r);
    free(airs);
}

/* Whole proofs through the protocol on balanced leaves (the last numerator cancels the rest):
 * identical proof bytes and xi; unbalanced leaves are refused on both. */
static void whole(swirl_cuda_dev *dev, swirl_pool *pool, unsigned L) {
    const size_t n = (size_t)1 << L;
    ef_t *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    ef_t s = ef_zero();
    for (size_t k = 0; k < n; k++) {
        q[k] = rand_ef();
        p[k] = k % 3 ? rand_ef() : ef_zero();
        if (k + 1 < n) s = ef_add(s, ef_mul(p[k], ef_inv(q[k])));
    }
    p[n - 1] = ef_neg(ef_mul(s, q[n - 1]));
    swirl_gkr_backend cb = {swirl_gkr_cpu_ops(), pool}, gb = {swirl_gkr_cuda_ops(), dev};
    for (int balanced = 1; balanced >= 0; balanced--) {
        if (!balanced) p[1] = ef_add(p[1], ef_one());
        swirl_transcript tc, tg;
        swirl_tr_init(&tc);
        swirl_tr_observe(&tc, 5);
        tg = tc;
        swirl_gkr_proof pc, pg;
        ef_t *xc = calloc(L, sizeof *xc), *xg = calloc(L, sizeof *xg);
        int rc1 = swirl_gkr_prove_with(&tc, &cb, p, q, L, &pc, xc);
        int rc2 = swirl_gkr_prove_with(&tg, &gb, p, q, L, &pg, xg);
        CHECK_MSG(rc1 == (balanced ? SWIRL_OK : SWIRL_ERR_TRACE) && rc2 == rc1, "whole L=%u balanced=%d: %d %d", L, balanced, rc1, rc2);
        if (rc1 == SWIRL_OK && rc2 == SWIRL_OK) {
            swirl_writer wc, wg;
            swirl_writer_init(&wc);
            swirl_writer_init(&wg);
            CHECK(swirl_gkr_proof_encode(&pc, &wc) == SWIRL_OK && swirl_gkr_proof_encode(&pg, &wg) == SWIRL_OK);
            CHECK_MSG(wc.len == wg.len && same(wc.buf, wg.buf, wc.len), "whole L=%u: proofs differ", L);
            CHECK_MSG(same(xc, xg, L * sizeof *xc), "whole L=%u: xi differs", L);
            ef_t nc = swirl_tr_sample_ext(&tc), ng = swirl_tr_sample_ext(&tg);
            CHECK_MSG(ef_eq(nc, ng), "whole L=%u: transcripts differ after the proof", L);
            swirl_writer_free(&wc);
            swirl_writer_free(&wg);
        }
        if (rc1 == SWIRL_OK) swirl_gkr_proof_free(&pc);
        if (rc2 == SWIRL_OK) swirl_gkr_proof_free(&pg);
        free(xc);
        free(xg);
    }
    free(p);
    free(q);
}

/* The largest shape that fits (SWIRL_GKR_LAYERS=L, e.g. 28: 38 GB of device memory, 27 GB of
 * host memory): leaves in cancelling pairs (p, -p over the same q), so no inversions are needed
 * to balance them; CPU and CUDA proofs equal and verified. Byte offsets pass 2^32 here. */
static void whole_big(swirl_cuda_dev *dev, swirl_pool *pool, unsigned L) {
    const size_t n = (size_t)1 << L;
    ef_t *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    CHECK(p && q);
    if (!p || !q) { free(p); free(q); return; }
    uint64_t st = 0x9e3779b97f4a7c15ull;
    for (size_t k = 0; k < n; k += 2) {
        uint32_t w[8];
        for (int i = 0; i < 8; i++) { st = st * 6364136223846793005ull + 1442695040888963407ull; w[i] = (uint32_t)((st >> 33) % 2013265921u); }
        p[k] = ef_make(w[0], w[1], w[2], w[3]);
        p[k + 1] = ef_neg(p[k]);
        q[k] = q[k + 1] = ef_make(w[4] | 1u, w[5], w[6], w[7]);
    }
    swirl_gkr_backend cb = {swirl_gkr_cpu_ops(), pool}, gb = {swirl_gkr_cuda_ops(), dev};
    swirl_transcript tc, tg, tv;
    swirl_tr_init(&tc);
    tg = tv = tc;
    swirl_gkr_proof pc, pg;
    ef_t xc[32], xg[32], xv[32], P, Q;
    int rc1 = swirl_gkr_prove_with(&tc, &cb, p, q, L, &pc, xc);
    int rc2 = swirl_gkr_prove_with(&tg, &gb, p, q, L, &pg, xg);
    CHECK_MSG(rc1 == SWIRL_OK && rc2 == SWIRL_OK, "big L=%u: %d %d", L, rc1, rc2);
    if (rc1 == SWIRL_OK && rc2 == SWIRL_OK) {
        swirl_writer wc, wg;
        swirl_writer_init(&wc);
        swirl_writer_init(&wg);
        CHECK(swirl_gkr_proof_encode(&pc, &wc) == SWIRL_OK && swirl_gkr_proof_encode(&pg, &wg) == SWIRL_OK);
        CHECK_MSG(wc.len == wg.len && same(wc.buf, wg.buf, wc.len) && same(xc, xg, L * sizeof *xc), "big L=%u: proofs differ", L);
        swirl_error e = {0};
        CHECK_MSG(swirl_gkr_verify(&tv, &pg, L, &P, &Q, xv, &e) == SWIRL_OK, "big L=%u verify: %s", L, e.message);
        printf("big GKR: L = %u layers, CPU and CUDA proofs equal (%zu bytes)\n", L, wc.len);
        swirl_writer_free(&wc);
        swirl_writer_free(&wg);
    }
    if (rc1 == SWIRL_OK) swirl_gkr_proof_free(&pc);
    if (rc2 == SWIRL_OK) swirl_gkr_proof_free(&pg);
    free(p);
    free(q);
}

int main(void) {
    if (swirl_cuda_device_count() <= 0) {
        printf("skipped: no CUDA device\n");
        return 77;
    }
    const int quick = getenv("SWIRL_GPU_QUICK") != NULL;
    swirl_cuda_dev *dev = NULL;
    CHECK(swirl_cuda_dev_create(22, &dev) == SWIRL_OK);
    {
        swirl_gkr_ws *ws = NULL;
        CHECK(swirl_gkr_cuda_ops()->create(dev, 0, &ws) == SWIRL_ERR_INVALID_ARG && !ws);
        CHECK(swirl_gkr_cuda_ops()->create(dev, 33, &ws) == SWIRL_ERR_INVALID_ARG && !ws);
        CHECK(swirl_gkr_cpu_ops()->create(NULL, 33, &ws) == SWIRL_ERR_INVALID_ARG && !ws);
    }
    swirl_ctx *ctx = NULL;
    swirl_error e = {0};
    CHECK(swirl_ctx_create(2, SWIRL_BACKEND_CPU, &ctx, &e) == SWIRL_OK);
    swirl_pool *pool = swirl_pool_create(4);
    if (!dev || !ctx || !pool) return t_summary("gpu_test_gkr_ops");
    t_seed(1212);
    launcher_guards(dev);
    op_orders(dev, pool);
    for (unsigned L = 1; L <= (quick ? 12u : 20u); L++) random_leaves(dev, pool, L);
    if (!quick) random_leaves(dev, pool, 24);
    random_leaves(dev, NULL, 5); /* serial CPU side */
    swirl_system_params T, S;
    CHECK(swirl_params_default_test(&T) == SWIRL_OK);
    CHECK(swirl_params_test_small(3, 12, 4, &S) == SWIRL_OK);
    for (int rep = 0; rep < (quick ? 2 : 6); rep++) {
        air_leaves(ctx, dev, pool, &T, 1 + (size_t)(t_rand64() % 12), (unsigned)(T.l_skip + 5));
        air_leaves(ctx, dev, pool, &S, 3 + (size_t)(t_rand64() % 30), (unsigned)(S.l_skip + 6));
    }
    air_leaves(ctx, dev, pool, &T, 1, 0); /* one row */
    for (unsigned L = 1; L <= 14; L += 3) whole(dev, pool, L);
    const char *big = getenv("SWIRL_GKR_LAYERS");
    if (big && atoi(big) >= 2 && atoi(big) <= 31) whole_big(dev, pool, (unsigned)atoi(big));
    swirl_pool_destroy(pool);
    swirl_ctx_free(ctx);
    swirl_cuda_dev_free(dev);
    return t_summary("gpu_test_gkr_ops");
}
