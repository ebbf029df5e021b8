/* test_many_airs.c — proofs with many AIRs (issue 9 §1): every per-trace table of the prover and
 * the verifier is sized from the data, so 65, 100 and 300 AIRs prove and verify like 3 do.
 *  - the case: 65 fib AIRs, one of height 2^8 and 64 of height 2^3 (before the fix the
 *    prover's MLE rounds kept a 64-entry per-trace table and the verifier rejected the proof with
 *    InconsistentClaims);
 *  - 100 and 300 AIRs with interactions on six buses, mixed heights 2^1..2^10, cached parts and
 *    absent optional AIRs (tests/many_airs.h), proved and verified on the CPU backend, and the
 *    proof is deterministic;
 *  - negative: one fib trace past the 64th AIR broken -> the verifier rejects it with exactly
 *    SWIRL_ERR_VERIFY / SumClaimMismatch; one receiver's count changed -> the prover refuses
 *    with SWIRL_ERR_TRACE (NonZeroRootSum);
 *  - the constraint degree bound D of the parameters sizes the round tables: D = 15 and 31 (the
 *    largest the proof codec's round width carries) with 70 AIRs (before, the MLE rounds kept
 *    16 values per round and overflowed them from D = 15 on);
 *  - the prover's guard on the GKR size: with the key's trace-height constraints removed, 2^12
 *    interactions on a 2^20-row trace (2^32 in total, one past what a u32 threshold can admit)
 *    are refused before any GKR buffer is sized from them. */
#include "air/keys.h"
#include "iop/zerocheck.h"
#include "many_airs.h"
#include "swirl_scenarios.h"

static swirl_system_params P;

typedef struct {
    swirl_pk *pk;
    swirl_vk *vk;
    uint8_t *proof;
    size_t len;
} keyed_proof;

static void keyed_proof_free(keyed_proof *k) {
    swirl_bytes_free(k->proof);
    swirl_pk_free(k->pk);
    swirl_vk_free(k->vk);
    memset(k, 0, sizeof *k);
}

/* keygen (under parameters Q) + prove; SWIRL_OK or the failing call's code (message in *e) */
static int keygen_prove_with(const swirl_system_params *Q, const many_airs *m, keyed_proof *k, swirl_error *e) {
    memset(k, 0, sizeof *k);
    int rc = swirl_keygen(NULL, Q, m->airs, m->n, &k->pk, &k->vk, e);
    if (rc == SWIRL_OK) rc = swirl_prove(NULL, k->pk, m->in, m->n, &k->proof, &k->len, e);
    return rc;
}

static int keygen_prove(const many_airs *m, keyed_proof *k, swirl_error *e) { return keygen_prove_with(&P, m, k, e); }

/* the reproduction: 65 fib AIRs, one 2^8 and the rest 2^3 */
static void test_65_fib(void) {
    const size_t n = 65;
    swirl_air *airs[65];
    swirl_trace t[65];
    swirl_air_inputs in[65];
    uint32_t pv[65][3];
    memset(in, 0, sizeof in);
    for (size_t i = 0; i < n; i++) {
        airs[i] = swirl_fib_air();
        CHECK(swirl_fib_trace(1, 1, i == 0 ? 8 : 3, &t[i], pv[i]) == SWIRL_OK);
        in[i].common_main = &t[i];
        in[i].public_values = pv[i];
        in[i].num_public_values = 3;
    }
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    uint8_t *proof = NULL;
    size_t len = 0;
    swirl_error e = {0};
    CHECK_MSG(swirl_keygen(NULL, &P, airs, n, &pk, &vk, &e) == SWIRL_OK, "%s", e.message);
    CHECK_MSG(swirl_prove(NULL, pk, in, n, &proof, &len, &e) == SWIRL_OK, "%s", e.message);
    int rc = swirl_verify(vk, proof, len, &e);
    CHECK_MSG(rc == SWIRL_OK, "65 fib AIRs: %s", e.message);
    swirl_bytes_free(proof);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    for (size_t i = 0; i < n; i++) {
        swirl_air_free(airs[i]);
        swirl_trace_free(&t[i]);
    }
}

/* the key's shape: how many AIRs are present, absent, partitioned, and the heights spanned */
static void check_shape(const many_airs *m) {
    size_t present = 0, absent = 0, cached = 0, pairs = 0;
    unsigned lo = 99, hi = 0;
    for (size_t a = 0; a < m->n; a++) {
        if (!m->in[a].common_main) { absent++; continue; }
        present++;
        cached += m->in[a].num_cached_mains;
        pairs += m->kind[a] == MA_SEND;
        if (m->log_height[a] < lo) lo = m->log_height[a];
        if (m->log_height[a] > hi) hi = m->log_height[a];
    }
    CHECK_MSG(absent > 0 && present > 64, "%zu AIRs: %zu present, %zu absent", m->n, present, absent);
    CHECK_MSG(cached > 0 && pairs >= 6, "%zu AIRs: %zu cached parts, %zu bus pairs", m->n, cached, pairs);
    CHECK_MSG(lo == 1 && hi == 10, "%zu AIRs: log heights %u..%u", m->n, lo, hi);
}

static void test_many(size_t n, uint64_t seed) {
    many_airs m;
    CHECK(many_airs_build(&m, n, seed) == SWIRL_OK);
    check_shape(&m);
    keyed_proof k, k2;
    swirl_error e = {0};
    int rc = keygen_prove(&m, &k, &e);
    CHECK_MSG(rc == SWIRL_OK, "%zu AIRs: %s", n, e.message);
    rc = rc == SWIRL_OK ? swirl_verify(k.vk, k.proof, k.len, &e) : rc;
    CHECK_MSG(rc == SWIRL_OK, "%zu AIRs: verify: %s", n, e.message);
    /* deterministic: the same inputs give the same bytes */
    CHECK(swirl_prove(NULL, k.pk, m.in, n, &k2.proof, &k2.len, &e) == SWIRL_OK);
    CHECK(k2.len == k.len && k.proof && !memcmp(k.proof, k2.proof, k.len));
    swirl_bytes_free(k2.proof);
    keyed_proof_free(&k);
    many_airs_free(&m);
}

/* a fib trace past the 64th AIR with one transition broken: the prover still proves (it checks
 * shapes only), the verifier rejects at the round-0 sum */
static void test_broken_trace(size_t n, uint64_t seed) {
    many_airs m;
    CHECK(many_airs_build(&m, n, seed) == SWIRL_OK);
    size_t a = many_airs_find(&m, MA_FIB, 65);
    while (a < n && m.log_height[a] < 3) a = many_airs_find(&m, MA_FIB, a + 1);
    CHECK_MSG(a < n, "no fib AIR past 64 with 8 rows or more");
    if (a < n) {
        swirl_trace *t = &m.common[a];
        t->values[3 * t->width + 1] = (t->values[3 * t->width + 1] + 1) % SWIRL_P; /* row 3, column right */
        keyed_proof k;
        swirl_error e = {0};
        CHECK_MSG(keygen_prove(&m, &k, &e) == SWIRL_OK, "%s", e.message);
        e.status = 0;
        e.detail = 0;
        int rc = swirl_verify(k.vk, k.proof, k.len, &e);
        CHECK_EQ_U64(rc, SWIRL_ERR_VERIFY);
        CHECK_EQ_U64(e.status, SWIRL_ERR_VERIFY);
        CHECK_EQ_U64(e.detail, SWIRL_ZC_ERR_SUM_CLAIM);
        CHECK_MSG(strstr(e.message, "SumClaimMismatch") != NULL, "message: %s", e.message);
        keyed_proof_free(&k);
    }
    many_airs_free(&m);
}

/* a receiver past the 64th AIR with one count changed: bus (pair % 5) no longer balances */
static void test_unbalanced_bus(size_t n, uint64_t seed) {
    many_airs m;
    CHECK(many_airs_build(&m, n, seed) == SWIRL_OK);
    size_t a = many_airs_find(&m, MA_RECV, 65);
    CHECK_MSG(a < n, "no receiver past 64");
    if (a < n) {
        swirl_trace *t = &m.common[a];
        t->values[0] = (t->values[0] + 1) % SWIRL_P; /* row 0's count */
        keyed_proof k;
        swirl_error e = {0};
        int rc = keygen_prove(&m, &k, &e);
        CHECK_EQ_U64(rc, SWIRL_ERR_TRACE);
        CHECK_EQ_U64(e.status, SWIRL_ERR_TRACE);
        CHECK_MSG(strstr(e.message, "NonZeroRootSum") != NULL, "message: %s", e.message);
        CHECK(k.proof == NULL && k.len == 0);
        keyed_proof_free(&k);
    }
    many_airs_free(&m);
}

static void test_high_degree(size_t degree) {
    swirl_system_params Q = P;
    Q.max_constraint_degree = degree;
    many_airs m;
    CHECK(many_airs_build(&m, 70, 0x70 + degree) == SWIRL_OK);
    keyed_proof k;
    swirl_error e = {0};
    int rc = keygen_prove_with(&Q, &m, &k, &e);
    CHECK_MSG(rc == SWIRL_OK, "D = %zu: %s", degree, e.message);
    rc = rc == SWIRL_OK ? swirl_verify(k.vk, k.proof, k.len, &e) : rc;
    CHECK_MSG(rc == SWIRL_OK, "D = %zu: verify: %s", degree, e.message);
    keyed_proof_free(&k);
    many_airs_free(&m);
}

static void test_total_interactions_guard(void) {
    const unsigned lh = 20;
    const size_t ni = 4096;
    swirl_system_params T;
    CHECK(swirl_params_for_testing(lh, &T) == SWIRL_OK);
    swirl_air *a = swirl_air_new("many_interactions");
    CHECK(a && swirl_air_set_common_main(a, 1) == SWIRL_OK);
    swirl_expr x = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0);
    size_t pushed = 0;
    for (size_t i = 0; i < ni; i++) pushed += swirl_air_push_interaction(a, 0, &x, 1, swirl_air_const(a, 0), 1) == SWIRL_OK;
    CHECK_EQ_U64(pushed, ni);
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    CHECK_MSG(swirl_keygen(NULL, &T, &a, 1, &pk, &vk, &e) == SWIRL_OK, "%s", e.message);
    if (pk) {
        swirl_trace t = {calloc((size_t)1 << lh, 4), (size_t)1 << lh, 1};
        swirl_air_inputs in = {&t, NULL, 0, NULL, 0, NULL};
        /* the key without its trace-height constraints (restored before it is freed) */
        size_t nhc = pk->vk->num_height_constraints;
        pk->vk->num_height_constraints = 0;
        uint8_t *proof = NULL;
        size_t len = 0;
        int rc = swirl_prove(NULL, pk, &in, 1, &proof, &len, &e);
        CHECK_EQ_U64(rc, SWIRL_ERR_TRACE);
        CHECK_MSG(strstr(e.message, "4294967296 interactions, not below 2^32 (TraceHeightsTooLarge)") != NULL, "message: %s", e.message);
        CHECK(proof == NULL);
        pk->vk->num_height_constraints = nhc;
        /* with the constraints, the shape check refuses first (threshold 2^30 on this preset) */
        rc = swirl_prove(NULL, pk, &in, 1, &proof, &len, &e);
        CHECK_EQ_U64(rc, SWIRL_ERR_TRACE);
        CHECK_MSG(strstr(e.message, "TraceHeightsTooLarge") != NULL && strstr(e.message, "not below 2^32") == NULL, "message: %s", e.message);
        free(t.values);
    }
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(a);
}

int main(void) {
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    test_65_fib();
    test_many(100, 0x100);
    test_many(300, 0x300);
    test_broken_trace(100, 0x100);
    test_unbalanced_bus(100, 0x100);
    test_high_degree(15);
    test_high_degree(31);
    test_total_interactions_guard();
    return t_summary("test_many_airs");
}
