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

/* swirl_cuda_zc_round0's argument checks: each bad field alone on an otherwise valid job is
 * rejected with SWIRL_ERR_INVALID_ARG before any launch, then the valid job runs. It is the
 * smallest one (l = 0, E = 1, nx = 1, T = 256, one slot, no interactions, no columns): CONST 5
 * into slot 0, CACC of slot 0 as constraint 0 (lambda^0 = 1), eq weight 1, so point 0's C sum is
 * exactly 5 and A, B stay zero; the acc read back afterwards also shows no rejected call launched. */
static void check_round0_guards(swirl_cuda_dev *dev) {
    enum { CODE = 0, LP = 8, EQX = 12, W = 16, SLOTS = 32, ACC = SLOTS + 256, WORDS = ACC + 24 };
    uint32_t h[WORDS];
    memset(h, 0, sizeof h);
    const uint32_t code[8] = {SWIRL_ZC_OP_CONST, 0, bb_to_monty(5), 0, SWIRL_CUDA_ZC_OP_CACC, 0, 0, 0};
    memcpy(h + CODE, code, sizeof code);
    h[LP] = 1;  /* lambda^0 = 1 (EF, canonical) */
    h[EQX] = 1; /* eqx[0] = 1 */
    uint32_t *d = NULL;
    CHECK(swirl_cuda_alloc(dev, (void **)&d, sizeof h) == SWIRL_OK);
    if (!d) return;
    CHECK(swirl_cuda_upload(dev, d, h, sizeof h) == SWIRL_OK);
    swirl_cuda_zc_r0 ok;
    memset(&ok, 0, sizeof ok);
    ok.code = d + CODE;
    ok.ninstr = 2;
    ok.nslots = 1;
    ok.ncons = 1;
    ok.lp = d + LP;
    ok.eqx = d + EQX;
    ok.nx = 1;
    ok.norm = 1;
    ok.l = 0;
    ok.E = 1;
    ok.W = d + W; /* never read as a weight (no COL), but staged into shared memory */
    ok.acc = (unsigned long long *)(d + ACC);
    ok.slots = d + SLOTS;
    ok.T = 256;
#define BAD(edit, what)                                                                               \
    do {                                                                                              \
        swirl_cuda_zc_r0 j = ok;                                                                      \
        edit;                                                                                         \
        const int rc = swirl_cuda_zc_round0(dev, &j);                                                 \
        CHECK_MSG(rc == SWIRL_ERR_INVALID_ARG, "round0 guard %s: rc %d", what, rc);                   \
    } while (0)
    CHECK(swirl_cuda_zc_round0(NULL, &ok) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_cuda_zc_round0(dev, NULL) == SWIRL_ERR_INVALID_ARG);
    BAD(j.E = 0, "E = 0");
    BAD(j.E = 3, "E = 3 (not a power of two)");
    BAD(j.E = 12, "E = 12 (not a power of two)");
    BAD((j.l = 1, j.E = 1), "E = 1 < 2^l, l = 1");
    BAD((j.l = 3, j.E = 4), "E = 4 < 2^l, l = 3");
    BAD((j.l = 11, j.E = 2048), "l = 11 > 10 (E = 2^l)");
    BAD(j.T = 0, "T = 0");
    BAD(j.T = 128, "T = 128");
    BAD(j.T = 255, "T = 255");
    BAD(j.T = 257, "T = 257");
    BAD(j.slots = NULL, "slots NULL");
    BAD(j.acc = NULL, "acc NULL");
    /* nslots T 4 bytes must stay below 2^32 (the kernel's 32-bit slot offsets): exactly 2^32, T
     * alone at 2^30 (4 T wraps), and a product that a 32-bit multiply would wrap to 1024 */
    BAD((j.nslots = 256, j.T = 1u << 22), "nslots T 4 = 2^32");
    BAD((j.nslots = 1, j.T = 1u << 30), "T = 2^30");
    BAD((j.nslots = (1u << 30) + 1, j.T = 256), "nslots T 4 = 2^40 + 1024");
    /* the lane path's tables (2 l 2^l + E words) must fit 48 KB of shared memory: 66816 bytes */
    BAD((j.l = 5, j.E = 1u << 14, j.lanes = d + W), "lane tables of 66816 bytes");
    /* the tables the counts promise */
    BAD(j.code = NULL, "code NULL with 2 instructions");
    BAD(j.nslots = 0, "0 slots with 2 instructions");
    BAD(j.eqx = NULL, "eqx NULL");
    BAD(j.nx = 0, "nx = 0");
    BAD((j.l = 8, j.E = 256, j.nx = 1u << 24), "nx 2^l = 2^32");
    BAD((j.l = 6, j.E = 64, j.W = NULL), "W NULL off the lane path");
    BAD(j.lp = NULL, "lp NULL with a constraint");
    BAD(j.ni = 1, "an interaction without its tables");
#undef BAD
    CHECK(swirl_cuda_zc_round0(dev, &ok) == SWIRL_OK);
    unsigned long long acc[12];
    CHECK(swirl_cuda_download(dev, acc, d + ACC, sizeof acc) == SWIRL_OK);
    static const unsigned long long want[12] = {0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0};
    CHECK_MSG(!memcmp(acc, want, sizeof acc), "round0 minimal job: C = %llu %llu %llu %llu", acc[8], acc[9], acc[10],
              acc[11]);
    swirl_cuda_release(dev, d);
}

/* Many traces in one workspace: the CUDA MLE rounds batch the traces whose slots fit shared
 * memory (one launch per round for all of them, the folds, brackets, tables and openings of
 * every trace one launch each) and run the others alone on global slots. The many_airs scenario
 * (100 AIRs of heights 2^4 .. 2^9, small DAGs, interactions on five buses, preprocessed and
 * cached parts; with l_skip 5 its 2^4-row traces are shorter than 2^l) together with, unless
 * quick, keccakf 4 (a level program whose slots need global scratch), merged into one shape by
 * height; every op's outputs equal the CPU ops' (round sums of every round, brackets, openings).
 * Every part is uploaded (no residence). Arrays sized from the trace count. */
typedef struct {
    swirl_builtin *bi;
    swirl_pk *pk;
    swirl_vk *vk;
} keyed;

static int keyed_load(const char *name, size_t size, const swirl_system_params *P, keyed *k) {
    swirl_error e = {0};
    if (swirl_builtin_scenario(name, size, 11, &k->bi, &e) != SWIRL_OK) { CHECK_MSG(0, "%s", e.message); return 0; }
    if (swirl_keygen(NULL, P, k->bi->airs, k->bi->num_airs, &k->pk, &k->vk, &e) != SWIRL_OK) { CHECK_MSG(0, "%s", e.message); return 0; }
    return 1;
}

static void keyed_free(keyed *k) {
    swirl_pk_free(k->pk);
    swirl_vk_free(k->vk);
    swirl_builtin_free(k->bi);
}

/* The present traces of the bundles, tallest first (the driver's order); empty common mains of
 * AIRs with cached parts only get a zero-width trace of their height. */
static size_t merge_traces(const keyed *k, size_t nk, swirl_zc_trace *zt, swirl_trace *empty) {
    size_t N = 0;
    for (unsigned lh = 40; lh-- > 0;)
        for (size_t b = 0; b < nk; b++)
            for (size_t a = 0; a < k[b].bi->num_airs; a++) {
                const swirl_air_inputs *in = &k[b].bi->inputs[a];
                if (!in->common_main && !in->num_cached_mains) continue;
                const size_t h = in->common_main ? in->common_main->height : in->cached_mains[0].height;
                if (log2u(h) != lh) continue;
                swirl_zc_trace *z = &zt[N];
                z->vk = &k[b].pk->vk->airs[a];
                z->log_height = lh;
                if (in->common_main) z->common = in->common_main;
                else { empty[N].height = h; z->common = &empty[N]; }
                z->prep = z->vk->has_preprocessed ? &k[b].pk->airs[a].prep : NULL;
                z->cached = in->cached_mains;
                z->public_values = in->public_values;
                N++;
            }
    return N;
}

#define SAME_J(a, b, n, what, j) CHECK_MSG(!memcmp((a), (b), (n) * sizeof(ef_t)), "%s: %s differ (round %zu)", name, what, (size_t)(j))

/* The CPU and CUDA ops on one merged shape, outputs compared byte for byte: round 0, then the
 * tables' brackets and either (every_round) every round's sums and fold brackets and the openings
 * under round 0's lambda, or round 1 only under another lambda, so that the CUDA workspace
 * refreshes every trace's EF tables before the multilinear rounds read them. */
static void compare_many(const char *name, const swirl_system_params *P, const swirl_zc_trace *zt, size_t N, swirl_ctx *gpu,
                         int every_round) {
    const unsigned l = (unsigned)P->l_skip;
    const size_t D = P->max_constraint_degree, n_max = zt[0].log_height > l ? zt[0].log_height - l : 0;
    unsigned b = 0;
    while (((size_t)1 << b) < D + 1) b++;
    const size_t E = (size_t)1 << (l + b);
    swirl_ntt_tables *tab = swirl_ntt_tables_create(l + b);
    bb_t *wts = malloc(((size_t)1 << l) * E * sizeof *wts);
    ef_t *xi = malloc((l + n_max + 1) * sizeof *xi), *mup = malloc((3 * N + 1) * sizeof *mup), **ew = calloc(N, sizeof *ew);
    ef_t *br1 = calloc(N, sizeof *br1), *br2 = calloc(N, sizeof *br2), *acc1 = calloc(D + 1, sizeof *acc1), *acc2 = calloc(D + 1, sizeof *acc2);
    ef_t *A1 = calloc(N * E, sizeof(ef_t)), *B1 = calloc(N * E, sizeof(ef_t)), *C1 = calloc(N * E, sizeof(ef_t));
    ef_t *A2 = calloc(N * E, sizeof(ef_t)), *B2 = calloc(N * E, sizeof(ef_t)), *C2 = calloc(N * E, sizeof(ef_t));
    size_t nv = 0;
    for (size_t t = 0; t < N; t++) { colmap m; swirl_zc_make_colmap(zt[t].vk, &m); nv += m.sel; }
    ef_t *o1 = calloc(nv + 1, sizeof(ef_t)), *o2 = calloc(nv + 1, sizeof(ef_t));
    swirl_zc_ws *cw = NULL, *gw = NULL;
    const swirl_zc_ops *co = swirl_zc_cpu_ops(), *go = swirl_zc_cuda_ops();
    int ok = tab && wts && xi && mup && ew && br1 && br2 && acc1 && acc2 && A1 && B1 && C1 && A2 && B2 && C2 && o1 && o2;
    CHECK(ok && swirl_zc_extension_weights(tab, l, b, wts) == SWIRL_OK);
    for (size_t t = 0; ok && t < N; t++) {
        const size_t ni = zt[t].vk->dag.num_interactions;
        ok = (ew[t] = calloc(ni + 1, sizeof(ef_t))) != NULL;
        for (size_t i = 0; ok && i < ni; i++) ew[t][i] = rand_ef();
    }
    if (!ok) goto out;
    for (size_t i = 0; i < l + n_max + 1; i++) xi[i] = rand_ef();
    for (size_t i = 0; i <= 3 * N; i++) mup[i] = rand_ef();
    swirl_zc_shape shape = {zt, N, l, b, D, E, n_max, xi, rand_ef(), ew, wts, tab, NULL};
    swirl_cuda_zc_ctx cctx = {gpu->cuda, gpu->pool};
    CHECK(co->create(NULL, &shape, &cw) == SWIRL_OK);
    CHECK(go->create(&cctx, &shape, &gw) == SWIRL_OK);
    if (!cw || !gw) goto out;
    const ef_t lambda = rand_ef();
    CHECK(co->round0(cw, lambda, A1, B1, C1) == SWIRL_OK);
    CHECK(go->round0(gw, lambda, A2, B2, C2) == SWIRL_OK);
    SAME_J(A1, A2, N * E, "round0 A", 0);
    SAME_J(B1, B2, N * E, "round0 B", 0);
    SAME_J(C1, C2, N * E, "round0 C", 0);
    swirl_zc_bracket bk = {every_round ? lambda : rand_ef(), mup, rand_ef(), rand_ef()};
    const ef_t r0 = rand_ef();
    CHECK(co->tables(cw, r0, &bk, br1) == SWIRL_OK);
    CHECK(go->tables(gw, r0, &bk, br2) == SWIRL_OK);
    SAME_J(br1, br2, N, every_round ? "tables brackets" : "tables brackets (lambda changed)", 0);
    if (!every_round && n_max) {
        CHECK(co->round(cw, 1, acc1) == SWIRL_OK);
        CHECK(go->round(gw, 1, acc2) == SWIRL_OK);
        SAME_J(acc1, acc2, D + 1, "round sums (lambda changed)", 1);
    }
    if (!every_round) goto out;
    for (size_t j = 1; j <= n_max; j++) {
        CHECK(co->round(cw, j, acc1) == SWIRL_OK);
        CHECK(go->round(gw, j, acc2) == SWIRL_OK);
        SAME_J(acc1, acc2, D + 1, "round sums", j);
        const ef_t rj = rand_ef();
        CHECK(co->fold(cw, j, rj, br1) == SWIRL_OK);
        CHECK(go->fold(gw, j, rj, br2) == SWIRL_OK);
        SAME_J(br1, br2, N, "fold brackets", j);
    }
    CHECK(co->openings(cw, o1) == SWIRL_OK);
    CHECK(go->openings(gw, o2) == SWIRL_OK);
    SAME_J(o1, o2, nv, "openings", n_max);
out:
    if (cw) co->destroy(cw);
    if (gw) go->destroy(gw);
    for (size_t t = 0; ew && t < N; t++) free(ew[t]);
    void *bufs[] = {wts, xi, mup, ew, br1, br2, acc1, acc2, A1, B1, C1, A2, B2, C2, o1, o2};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) free(bufs[i]);
    swirl_ntt_tables_free(tab);
}

typedef struct {
    const char *name;
    size_t size;
} bundle;

/* The bundles' traces merged into one shape by height (keyed_load, merge_traces), at least
 * min_traces of them, compared by compare_many. */
static void check_merged(const char *name, const swirl_system_params *P, const bundle *list, size_t nb, size_t min_traces,
                         swirl_ctx *gpu, int every_round) {
    keyed *k = calloc(nb, sizeof *k);
    int ok = k != NULL;
    for (size_t i = 0; ok && i < nb; i++) ok = keyed_load(list[i].name, list[i].size, P, &k[i]);
    if (ok) {
        size_t cap = 0;
        for (size_t i = 0; i < nb; i++) cap += k[i].bi->num_airs;
        swirl_zc_trace *zt = calloc(cap + 1, sizeof *zt);
        swirl_trace *empty = calloc(cap + 1, sizeof *empty);
        CHECK(zt && empty);
        const size_t N = zt && empty ? merge_traces(k, nb, zt, empty) : 0;
        CHECK_MSG(N >= min_traces, "%s: %zu traces", name, N);
        if (N) compare_many(name, P, zt, N, gpu, every_round);
        free(zt);
        free(empty);
    }
    for (size_t i = 0; k && i < nb; i++) keyed_free(&k[i]);
    free(k);
}

/* many_airs 9 (with keccakf 4 unless quick: a program whose slots need global scratch), every
 * MLE round compared. */
static void check_many(const char *name, const swirl_system_params *P, swirl_ctx *gpu, int with_keccak) {
    static const bundle list[] = {{"many_airs", 9}, {"keccakf", 4}};
    check_merged(name, P, list, with_keccak ? 2 : 1, 30, gpu, 1);
}

/* Round 0 of many traces at once (the CUDA ops: one launch for every trace's EF tables, one
 * multi-job launch for every small slot program, a launch each for the others), then the
 * multilinear rounds' start under another lambda than round 0's. Every l_skip of the lane
 * extension (0 .. 5) and of the weights (6, 7) over 44 traces of
 * heights 2^1 .. 2^8 (most shorter than 2^l for the larger l), with interactions, preprocessed
 * and cached parts, slot programs of 2 .. 25 slots (the multi-job launch) and of 205 (the
 * self-interaction AIR of width 100) and 2 672 (keccakf; each its own launch); unless quick, the
 * app parameters with a trace of 2^19 rows among 31 of 2^1 .. 2^12 rows, where the multi-job
 * launch runs several steps per warp (more than 32 768 warps' worth of chunks). */
static void check_round0_many(swirl_ctx *gpu, int full) {
    static const bundle mix[] = {{"mixture", 1},         {"mixture", 2},      {"mixture", 3}, {"fib_selector", 8},
                                 {"partitioned_sum", 7}, {"preprocessed_cached", 2}, {"interactions", 3}, {"cached", 2},
                                 {"keccakf", 1}};
    for (size_t ls = 0; ls <= 7; ls++) {
        swirl_system_params S;
        char name[64];
        snprintf(name, sizeof name, "round 0 of many traces (l_skip %zu)", ls);
        CHECK(swirl_params_test_small(ls, 8, 3, &S) == SWIRL_OK);
        check_merged(name, &S, mix, sizeof mix / sizeof mix[0], 40, gpu, 0);
    }
    if (!full) return;
    static const bundle tall[] = {{"partitioned_sum", 19}, {"fib_selector", 12}, {"interactions", 10}, {"mixture", 2},
                                  {"mixture", 3},          {"preprocessed_cached", 5}, {"cached", 4},       {"keccakf", 4}};
    swirl_system_params A;
    CHECK(swirl_params_app(21, &A) == SWIRL_OK);
    check_merged("round 0 of many traces (app, 2^19 rows)", &A, tall, sizeof tall / sizeof tall[0], 30, gpu, 0);
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
    check_round0_guards(gpu->cuda);
    /* many traces in one workspace, l_skip 5 (traces shorter than 2^l) and 2 */
    swirl_system_params S5;
    CHECK(swirl_params_test_small(5, 8, 3, &S5) == SWIRL_OK);
    check_many("many traces (l_skip 5)", &S5, gpu, full);
    check_many("many traces (l_skip 2)", &T, gpu, full);
    check_round0_many(gpu, full);
    if (full) {
        check_scenario("mixture", 3, &A, gpu);
        check_scenario("keccakf", 4, &A, gpu);
    }
    swirl_ctx_free(gpu);
    return t_summary("test_zc_ops");
}
