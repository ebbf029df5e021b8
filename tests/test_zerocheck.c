/* test_zerocheck.c — the batch constraint sumcheck (conformance.md §4):
 * batch_sumcheck_zero_interactions for fib at h in {4, 3, 2, 1, 0} (r has max(h - l, 0) + 1
 * entries), batch_constraints_with_interactions (three AIRs of width 2 with 0, 1, 1 interactions,
 * one shorter than 2^l) chained with the real GKR prover/verifier, and rejection of violated
 * constraints and tampered proof values. */
#include <string.h>
#include "air/keys.h"
#include "field/babybear.h"
#include "iop/gkr.h"
#include "iop/zerocheck.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"
#include "transcript/transcript.h"
#include "util/pool.h"

static swirl_system_params P;
static swirl_pool *pool;

/* The check each tamper of run() reaches: univariate[1] (a coefficient outside the round-0 sum),
 * rounds[0] and openings[0] are observed and change the challenges, so the final
 * InconsistentClaims check rejects; sum_p[0] is compared with GKR's numerator; univariate[0] is
 * in the round-0 sum (SumClaimMismatch). A violated constraint makes the round-0 sum non-zero. */
static const int tamper_detail[6] = {0, SWIRL_ZC_ERR_INCONSISTENT, SWIRL_ZC_ERR_INCONSISTENT, SWIRL_ZC_ERR_INCONSISTENT,
                                     SWIRL_ZC_ERR_GKR_NUMERATOR, SWIRL_ZC_ERR_SUM_CLAIM};

static int run(swirl_zc_trace *zt, size_t N, int tamper, int *detail) {
    const unsigned l = (unsigned)P.l_skip;
    uint64_t total;
    size_t n_logup = swirl_logup_n(&P, zt, N, &total);
    size_t n_max = zt[0].log_height > l ? zt[0].log_height - l : 0;
    size_t n_global = n_max > n_logup ? n_max : n_logup;
    swirl_transcript tp;
    swirl_tr_init(&tp);
    swirl_tr_observe(&tp, 77);
    swirl_transcript tv = tp;
    /* prover */
    ef_t alpha = swirl_tr_sample_ext(&tp), beta = swirl_tr_sample_ext(&tp);
    ef_t xi[64];
    swirl_gkr_proof gp;
    memset(&gp, 0, sizeof gp);
    gp.q0_claim = ef_one();
    if (total) {
        size_t L = l + n_logup, n = (size_t)1 << L;
        ef_t *pl = malloc(n * sizeof *pl), *ql = malloc(n * sizeof *ql);
        CHECK(swirl_logup_leaves(&P, zt, N, n_logup, alpha, beta, pool, pl, ql) == SWIRL_OK);
        int rc = swirl_gkr_prove(&tp, pl, ql, (unsigned)L, NULL, &gp, xi);
        free(pl); free(ql);
        if (rc) return rc;
    }
    size_t have = total ? l + n_logup : 0;
    for (size_t i = have; i < l + n_global; i++) xi[i] = swirl_tr_sample_ext(&tp);
    swirl_batch_proof bp;
    ef_t r[64];
    int rc = swirl_zc_prove(&P, &tp, zt, N, xi, n_logup, beta, tamper == 0 ? pool : NULL, NULL, NULL, NULL, &bp, r);
    CHECK_MSG(rc == SWIRL_OK, "prove rc=%d", rc);
    if (rc) { swirl_gkr_proof_free(&gp); return rc; }
    if (tamper == 1) bp.univariate[1] = ef_add(bp.univariate[1], ef_one());
    if (tamper == 2 && bp.n_max) bp.rounds[0] = ef_add(bp.rounds[0], ef_one());
    if (tamper == 3) bp.openings[0] = ef_add(bp.openings[0], ef_one());
    if (tamper == 4) bp.sum_p[0] = ef_add(bp.sum_p[0], ef_one());
    if (tamper == 5) bp.univariate[0] = ef_add(bp.univariate[0], ef_one());
    /* verifier */
    ef_t va = swirl_tr_sample_ext(&tv), vb = swirl_tr_sample_ext(&tv), vxi[64], Pv = ef_zero(), Qv = va;
    swirl_error e = {0};
    if (total) {
        rc = swirl_gkr_verify(&tv, &gp, (unsigned)(l + n_logup), &Pv, &Qv, vxi, &e);
        CHECK_MSG(rc == SWIRL_OK, "gkr verify: %s", e.message);
    } else {
        CHECK(swirl_gkr_verify_empty(&gp, &e) == SWIRL_OK);
    }
    for (size_t i = have; i < l + n_global; i++) vxi[i] = swirl_tr_sample_ext(&tv);
    ef_t rv[64];
    rc = swirl_zc_verify(&P, &tv, zt, N, vxi, n_logup, va, vb, Pv, Qv, &bp, rv, &e);
    if (detail) *detail = e.detail;
    if (rc == SWIRL_OK) {
        CHECK(!memcmp(r, rv, (n_max + 1) * sizeof(ef_t)));
        CHECK(!memcmp(&tp, &tv, sizeof tp));
    }
    swirl_batch_proof_free(&bp);
    swirl_gkr_proof_free(&gp);
    return rc;
}

int main(void) {
    CHECK(swirl_params_default_test(&P) == SWIRL_OK); /* l_skip 2, D 3 */
    pool = swirl_pool_create(2);
    /* zero interactions: fib at several heights */
    for (unsigned h = 0; h <= 4; h++) {
        swirl_air *a = swirl_fib_air();
        swirl_pk *pk;
        CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, NULL, NULL) == SWIRL_OK);
        swirl_trace t;
        uint32_t pv[3];
        swirl_fib_trace(1, 2, h, &t, pv);
        swirl_zc_trace zt = {&pk->vk->airs[0], h, &t, NULL, NULL, pv};
        int det = 0;
        CHECK_MSG(run(&zt, 1, 0, &det) == SWIRL_OK, "fib h=%u", h);
        for (int tam = 1; tam <= 5; tam++) {
            if (tam == 2 && h <= 2) continue;
            if (tam == 4) continue; /* no interactions: sum_p is not bound to GKR beyond P = 0 */
            int rc = run(&zt, 1, tam, &det);
            CHECK_MSG(rc == SWIRL_ERR_VERIFY && det == tamper_detail[tam], "fib h=%u tamper %d: rc %d detail %d, expected %d", h,
                      tam, rc, det, tamper_detail[tam]);
        }
        /* a trace that violates a constraint cannot verify */
        t.values[2 * ((1u << h) - 1)] = bb_add(t.values[2 * ((1u << h) - 1)], 1);
        int rc = run(&zt, 1, 0, &det);
        CHECK_MSG(rc == SWIRL_ERR_VERIFY && det == SWIRL_ZC_ERR_SUM_CLAIM, "fib h=%u violated trace: rc %d detail %d", h, rc, det);
        swirl_trace_free(&t);
        swirl_pk_free(pk);
        swirl_air_free(a);
    }
    /* batch_constraints_with_interactions: fib (0), sender (1), receiver (1) */
    {
        swirl_air *airs[3] = {swirl_fib_air(), swirl_dummy_interaction_air(1, 1, 2, 0, 1), swirl_dummy_interaction_air(1, 0, 2, 0, 1)};
        swirl_pk *pk;
        CHECK(swirl_keygen(NULL, &P, airs, 3, &pk, NULL, NULL) == SWIRL_OK);
        swirl_trace ft;
        uint32_t pv[3];
        swirl_fib_trace(0, 1, 3, &ft, pv);
        uint32_t sv[8] = {1, 5, 1, 6, 1, 5, 1, 6}, rv[4] = {2, 5, 2, 6};
        swirl_trace st = {sv, 4, 2}, rt = {rv, 2, 2};
        swirl_zc_trace zt[3] = {{&pk->vk->airs[0], 3, &ft, NULL, NULL, pv},
                                {&pk->vk->airs[1], 2, &st, NULL, NULL, NULL},
                                {&pk->vk->airs[2], 1, &rt, NULL, NULL, NULL}};
        int det = 0;
        CHECK(run(zt, 3, 0, &det) == SWIRL_OK);
        int rc = run(zt, 3, 4, &det);
        CHECK_MSG(rc == SWIRL_ERR_VERIFY && det == SWIRL_ZC_ERR_GKR_NUMERATOR, "tampered sum_p: %d %d", rc, det);
        for (int tam = 1; tam <= 3; tam++) {
            rc = run(zt, 3, tam, &det);
            CHECK_MSG(rc == SWIRL_ERR_VERIFY && det == tamper_detail[tam], "interactions tamper %d: rc %d detail %d, expected %d",
                      tam, rc, det, tamper_detail[tam]);
        }
        /* unbalanced bus: the GKR prover refuses (non-zero root sum) */
        rv[0] = 3;
        CHECK(run(zt, 3, 0, &det) == SWIRL_ERR_TRACE);
        swirl_trace_free(&ft);
        swirl_pk_free(pk);
        for (int i = 0; i < 3; i++) swirl_air_free(airs[i]);
    }
    /* preprocessed + cached parts, with rotations */
    {
        uint8_t sels[8] = {1, 0, 1, 1, 0, 0, 1, 0};
        swirl_air *a = swirl_preprocessed_cached_air(sels, 8, 2);
        swirl_pk *pk;
        CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, NULL, NULL) == SWIRL_OK);
        swirl_trace cm, cached[2];
        swirl_preprocessed_cached_traces(sels, 8, 2, &cm, cached);
        swirl_zc_trace zt = {&pk->vk->airs[0], 3, &cm, &pk->airs[0].prep, cached, NULL};
        int det = 0;
        CHECK(run(&zt, 1, 0, &det) == SWIRL_OK);
        cached[1].values[3] = bb_add(cached[1].values[3], 1);
        CHECK(run(&zt, 1, 0, &det) == SWIRL_ERR_VERIFY && det == SWIRL_ZC_ERR_SUM_CLAIM);
        swirl_trace_free(&cm); swirl_trace_free(&cached[0]); swirl_trace_free(&cached[1]);
        swirl_pk_free(pk);
        swirl_air_free(a);
    }
    return t_summary("test_zerocheck");
}
