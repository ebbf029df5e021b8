/* test_zc_ops.c — the contract of every batch constraint sumcheck operation (iop/zc_ops.h): the
 * CUDA implementation returns exactly what the CPU one returns, op by op, on the built-in AIRs
 * (rotations, selectors, interactions on several buses, preprocessed and cached parts, several
 * traces of different heights, traces shorter than 2^l_skip; test and app parameters) with random
 * challenges. The CUDA workspace reads the common mains and cached mains from commitments made
 * by the CUDA backend (resident) and uploads the preprocessed parts; a second pass gives it no
 * residence (every part uploaded). Then whole batch proofs through the protocol are identical.
 * SWIRL_GPU_QUICK=1 keeps the small scenarios only (for compute-sanitizer). Skips (exit 77)
 * without a CUDA device. */
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_zc.h"
#include "iop/zc_internal.h"
#include "iop/zc_ops.h"
#include "iop/zerocheck.h"
#include "poly/ntt.h"
#include "prover/backend.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"
#include "util/ctx.h"

#define MAXT 32

static ef_t rand_ef(void) {
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = t_rand_bb();
    return r;
}

static unsigned log2u(size_t h) { unsigned l = 0; while (((size_t)1 << l) < h) l++; return l; }

/* One scenario's present traces in trace order, their commitments on the device, and the
 * residence table pointing at them. */
typedef struct {
    swirl_builtin *bi;
    swirl_pk *pk;
    swirl_vk *vk;
    swirl_zc_trace zt[MAXT];
    swirl_trace empty[MAXT];
    size_t order[MAXT], N;
    swirl_stacked_pcs_data *common, *cached[MAXT * SWIRL_MAX_TRACE_PARTS];
    size_t ncached;
    swirl_zc_part_loc parts[MAXT * SWIRL_MAX_TRACE_PARTS];
    swirl_zc_residence res;
} scenario;

static int load(const char *name, size_t size, const swirl_system_params *P, swirl_ctx *gpu, scenario *s) {
    memset(s, 0, sizeof *s);
    swirl_error e = {0};
    if (swirl_builtin_scenario(name, size, 11, &s->bi, &e) != SWIRL_OK) { CHECK_MSG(0, "%s", e.message); return 0; }
    if (swirl_keygen(NULL, P, s->bi->airs, s->bi->num_airs, &s->pk, &s->vk, &e) != SWIRL_OK) { CHECK_MSG(0, "%s", e.message); return 0; }
    for (unsigned lh = 40; lh-- > 0;)
        for (size_t a = 0; a < s->bi->num_airs && s->N < MAXT; a++) {
            const swirl_air_inputs *in = &s->bi->inputs[a];
            if (!in->common_main && !in->num_cached_mains) continue;
            size_t h = in->common_main ? in->common_main->height : in->cached_mains[0].height;
            if (log2u(h) != lh) continue;
            swirl_zc_trace *z = &s->zt[s->N];
            z->vk = &s->pk->vk->airs[a];
            z->log_height = lh;
            if (in->common_main) z->common = in->common_main;
            else { s->empty[s->N].height = h; z->common = &s->empty[s->N]; }
            z->prep = z->vk->has_preprocessed ? &s->pk->airs[a].prep : NULL;
            z->cached = in->cached_mains;
            z->public_values = in->public_values;
            s->order[s->N++] = a;
        }
    /* the common mains in one commitment (trace order), each cached main in its own */
    const swirl_trace *ct[MAXT];
    swirl_trace empty0[MAXT];
    memset(empty0, 0, sizeof empty0);
    for (size_t t = 0; t < s->N; t++) {
        if (s->zt[t].vk->common_width) ct[t] = s->zt[t].common;
        else { empty0[t].height = (size_t)1 << s->zt[t].log_height; ct[t] = &empty0[t]; }
    }
    const swirl_backend_ops *ops = swirl_backend_cuda_ops();
    CHECK(ops->commit(gpu, P, ct, s->N, NULL, NULL, &s->common) == SWIRL_OK);
    size_t s0 = 0;
    for (size_t t = 0; t < s->N; t++) {
        const swirl_air_vk *v = s->zt[t].vk;
        size_t part = 0;
        s->parts[t * SWIRL_MAX_TRACE_PARTS + part++] = (swirl_zc_part_loc){s->common, s0};
        s0 += v->common_width;
        if (v->has_preprocessed) s->parts[t * SWIRL_MAX_TRACE_PARTS + part++] = (swirl_zc_part_loc){s->pk->airs[s->order[t]].prep_data, 0};
        for (size_t c = 0; c < v->num_cached; c++) {
            const swirl_trace *tp[] = {&s->zt[t].cached[c]};
            CHECK(ops->commit(gpu, P, tp, 1, NULL, NULL, &s->cached[s->ncached]) == SWIRL_OK);
            s->parts[t * SWIRL_MAX_TRACE_PARTS + part++] = (swirl_zc_part_loc){s->cached[s->ncached++], 0};
        }
    }
    s->res.parts = s->parts;
    return 1;
}

static void unload(scenario *s) {
    swirl_stacked_pcs_data_free(s->common);
    for (size_t i = 0; i < s->ncached; i++) swirl_stacked_pcs_data_free(s->cached[i]);
    swirl_pk_free(s->pk);
    swirl_vk_free(s->vk);
    swirl_builtin_free(s->bi);
}

#define SAME(a, b, n, what) CHECK_MSG(!memcmp((a), (b), (n) * sizeof(ef_t)), "%s/%zu: %s differ", name, size, what)

/* Op by op on one shape: round0, tables, every round and fold, openings. */
static void check_ops(const char *name, size_t size, const swirl_system_params *P, scenario *s, swirl_ctx *gpu,
                      const swirl_zc_residence *res) {
    const unsigned l = (unsigned)P->l_skip;
    const size_t D = P->max_constraint_degree, N = s->N;
    unsigned b = 0;
    while (((size_t)1 << b) < D + 1) b++;
    const size_t E = (size_t)1 << (l + b), n_max = s->zt[0].log_height > l ? s->zt[0].log_height - l : 0;
    swirl_ntt_tables *tab = swirl_ntt_tables_create(l + b);
    bb_t *wts = malloc(((size_t)1 << l) * E * sizeof *wts);
    CHECK(tab && wts && swirl_zc_extension_weights(tab, l, b, wts) == SWIRL_OK);
    ef_t xi[96], *ew[MAXT];
    for (size_t i = 0; i < 96; i++) xi[i] = rand_ef();
    for (size_t t = 0; t < N; t++) {
        ew[t] = calloc(s->zt[t].vk->dag.num_interactions + 1, sizeof(ef_t));
        for (size_t i = 0; i < s->zt[t].vk->dag.num_interactions; i++) ew[t][i] = rand_ef();
    }
    swirl_zc_shape shape = {s->zt, N, l, b, D, E, n_max, xi, rand_ef(), ew, wts, tab, res};
    swirl_cuda_zc_ctx cctx = {gpu->cuda, gpu->pool};
    const swirl_zc_ops *co = swirl_zc_cpu_ops(), *go = swirl_zc_cuda_ops();
    swirl_zc_ws *cw = NULL, *gw = NULL;
    CHECK(co->create(NULL, &shape, &cw) == SWIRL_OK);
    CHECK(go->create(&cctx, &shape, &gw) == SWIRL_OK);
    if (!cw || !gw) goto out;
    ef_t *A1 = calloc(N * E, sizeof(ef_t)), *B1 = calloc(N * E, sizeof(ef_t)), *C1 = calloc(N * E, sizeof(ef_t));
    ef_t *A2 = calloc(N * E, sizeof(ef_t)), *B2 = calloc(N * E, sizeof(ef_t)), *C2 = calloc(N * E, sizeof(ef_t));
    ef_t lambda = rand_ef();
    CHECK(co->round0(cw, lambda, A1, B1, C1) == SWIRL_OK);
    CHECK(go->round0(gw, lambda, A2, B2, C2) == SWIRL_OK);
    SAME(A1, A2, N * E, "round0 A");
    SAME(B1, B2, N * E, "round0 B");
    SAME(C1, C2, N * E, "round0 C");
    ef_t mup[3 * MAXT + 1], br1[MAXT], br2[MAXT], acc1[16], acc2[16];
    for (size_t i = 0; i <= 3 * N; i++) mup[i] = rand_ef();
    memset(br1, 0, sizeof br1);
    memset(br2, 0, sizeof br2);
    swirl_zc_bracket bk = {lambda, mup, rand_ef(), rand_ef()};
    ef_t r0 = rand_ef();
    CHECK(co->tables(cw, r0, &bk, br1) == SWIRL_OK);
    CHECK(go->tables(gw, r0, &bk, br2) == SWIRL_OK);
    SAME(br1, br2, N, "tables brackets");
    for (size_t j = 1; j <= n_max && D + 1 <= 16; j++) {
        CHECK(co->round(cw, j, acc1) == SWIRL_OK);
        CHECK(go->round(gw, j, acc2) == SWIRL_OK);
        SAME(acc1, acc2, D + 1, "round sums");
        ef_t rj = rand_ef();
        CHECK(co->fold(cw, j, rj, br1) == SWIRL_OK);
        CHECK(go->fold(gw, j, rj, br2) == SWIRL_OK);
        SAME(br1, br2, N, "fold brackets");
    }
    size_t nv = 0;
    for (size_t t = 0; t < N; t++) { colmap m; swirl_zc_make_colmap(s->zt[t].vk, &m); nv += m.sel; }
    ef_t *o1 = calloc(nv + 1, sizeof(ef_t)), *o2 = calloc(nv + 1, sizeof(ef_t));
    CHECK(co->openings(cw, o1) == SWIRL_OK);
    CHECK(go->openings(gw, o2) == SWIRL_OK);
    SAME(o1, o2, nv, "openings");
    free(A1); free(B1); free(C1); free(A2); free(B2); free(C2); free(o1); free(o2);
out:
    if (cw) co->destroy(cw);
    if (gw) go->destroy(gw);
    for (size_t t = 0; t < N; t++) free(ew[t]);
    free(wts);
    swirl_ntt_tables_free(tab);
}

/* Whole batch proofs through the protocol: CPU ops vs CUDA ops on the resident commitments. */
static void check_protocol(const char *name, size_t size, const swirl_system_params *P, scenario *s, swirl_ctx *gpu) {
    uint64_t total;
    size_t n_logup = swirl_logup_n(P, s->zt, s->N, &total);
    ef_t xi[96];
    swirl_transcript t0;
    swirl_tr_init(&t0);
    for (size_t i = 0; i < 96; i++) xi[i] = swirl_tr_sample_ext(&t0);
    ef_t beta = swirl_tr_sample_ext(&t0);
    swirl_transcript t1 = t0, t2 = t0;
    swirl_batch_proof b1, b2;
    ef_t r1[64], r2[64];
    swirl_cuda_zc_ctx cctx = {gpu->cuda, gpu->pool};
    swirl_zc_backend zb = {swirl_zc_cuda_ops(), &cctx};
    CHECK(swirl_zc_prove(P, &t1, s->zt, s->N, xi, n_logup, beta, NULL, NULL, NULL, NULL, &b1, r1) == SWIRL_OK);
    CHECK(swirl_zc_prove(P, &t2, s->zt, s->N, xi, n_logup, beta, NULL, NULL, &zb, &s->res, &b2, r2) == SWIRL_OK);
    SAME(b1.univariate, b2.univariate, b1.num_univariate, "univariate");
    SAME(b1.sum_p, b2.sum_p, s->N, "sum_p");
    SAME(b1.sum_q, b2.sum_q, s->N, "sum_q");
    SAME(b1.rounds, b2.rounds, b1.n_max * b1.degree_plus_one, "rounds");
    CHECK(b1.num_openings == b2.num_openings);
    SAME(b1.openings, b2.openings, b1.num_openings, "openings");
    SAME(r1, r2, b1.n_max + 1, "points r");
    CHECK_MSG(!memcmp(&t1, &t2, sizeof t1), "%s/%zu: transcripts differ", name, size);
    swirl_batch_proof_free(&b1);
    swirl_batch_proof_free(&b2);
}

static void check_scenario(const char *name, size_t size, const swirl_system_params *P, swirl_ctx *gpu) {
    scenario s;
    if (load(name, size, P, gpu, &s)) {
        check_ops(name, size, P, &s, gpu, &s.res);
        check_ops(name, size, P, &s, gpu, NULL); /* every part uploaded */
        check_protocol(name, size, P, &s, gpu);
    }
    unload(&s);
}

int main(void) {
    if (swirl_cuda_device_count() <= 0) {
        printf("skip: no CUDA device\n");
        return 77;
    }
    swirl_error e = {0};
    swirl_ctx *gpu = NULL;
    CHECK_MSG(swirl_ctx_create(0, SWIRL_BACKEND_CUDA, &gpu, &e) == SWIRL_OK, "%s", e.message);
    if (!gpu) return t_summary("test_zc_ops");
    gpu->ops->proof_begin(gpu); /* creates the device */
    swirl_system_params T, A;
    CHECK(swirl_params_default_test(&T) == SWIRL_OK);
    CHECK(swirl_params_app(21, &A) == SWIRL_OK);
    const char *quick = getenv("SWIRL_GPU_QUICK");
    const int full = !(quick && *quick && strcmp(quick, "0"));
    check_scenario("fib", 0, &T, gpu);
    check_scenario("fib", 5, &T, gpu);
    check_scenario("fib_selector", 3, &T, gpu);
    check_scenario("interactions", 0, &T, gpu);
    check_scenario("cached", 3, &T, gpu);
    check_scenario("preprocessed_cached", 2, &T, gpu);
    check_scenario("partitioned_sum", 4, &T, gpu);
    check_scenario("mixture", 1, &T, gpu);
    check_scenario("mixture", 3, &T, gpu);
    /* every chunk size of the lane extension (l_skip 0 .. 5: 2^l-lane groups, one to 32 groups
     * per warp) and the weights beyond it (6, 7) */
    for (size_t ls = 0; ls <= 7; ls++) {
        swirl_system_params S;
        CHECK(swirl_params_test_small(ls, 8, 3, &S) == SWIRL_OK);
        check_scenario("mixture", 2, &S, gpu);
        check_scenario("fib_selector", 1, &S, gpu);
    }
    if (full) {
        check_scenario("mixture", 3, &A, gpu);
        check_scenario("keccakf", 4, &A, gpu);
    }
    swirl_ctx_free(gpu);
    return t_summary("test_zc_ops");
}
