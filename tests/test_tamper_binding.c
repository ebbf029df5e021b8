/* test_tamper_binding.c — transcript binding, tested where only the transcript can catch a change.
 *
 * Each case edits a value that no constraint, shape or Merkle check depends on, so the edited
 * proof proves a statement that is also TRUE (the test shows this where it can: an honest proof
 * of the edited statement verifies too). What makes the verifier reject it is that the value is
 * observed by the transcript: every later challenge differs from the prover's, and a later check
 * fails. Remove the observation from the prover and the verifier together and the edited proof
 * verifies: these tests then fail (scripts/mutation-check.sh runs exactly those mutants).
 *
 *  - public values of an AIR that declares them but never uses them in a constraint;
 *  - the log height of an AIR whose constraints hold at any height (an all-zero boolean column),
 *    between heights at or below 2^l_skip, where every proof section has the same shape;
 *  - presence bits: two identical optional AIRs, the one present and the one absent swapped;
 *  - proof-of-work witnesses: another witness that passes the same PoW check (LogUp, WHIR mu,
 *    folding, query phase), found by trying successors of the honest one under a 4-bit check.
 * Expected details: with the LogUp PoW at 12 bits (vh_params_strong) the first check after the
 * preamble is that PoW: InvalidLogupPowWitness (503). With every PoW at 0 bits the divergence
 * reaches the constraint check: InconsistentClaims (403). */
#include <string.h>
#include "verifier_harness.h"
#include "swirl_scenarios.h"

static swirl_system_params P;      /* vh_params_strong */
static swirl_system_params P_nopow; /* every PoW at 0 bits */

/* x boolean; `num_pv` public values declared, unused */
static swirl_air *bool_air(size_t num_pv) {
    swirl_air *a = swirl_air_new("bool_unused_pv");
    swirl_air_set_common_main(a, 1);
    swirl_air_set_num_public_values(a, num_pv);
    swirl_air_assert_bool(a, swirl_air_main(a, SWIRL_PART_COMMON, 0, 0));
    return a;
}

static void bool_trace(swirl_trace *t, size_t h, int zero) {
    t->height = h;
    t->width = 1;
    t->values = calloc(h, sizeof(uint32_t));
    for (size_t i = 0; i < h; i++) t->values[i] = zero ? 0 : (uint32_t)(t_rand64() & 1);
}

/* ---- public values -------------------------------------------------------------------------- */

typedef struct { size_t air, idx; uint32_t value; } pv_edit;
static void set_pv(swirl_proof *pf, const void *arg) {
    const pv_edit *e = arg;
    pf->pv[e->air][e->idx] = e->value;
}

static void test_public_values(void) {
    swirl_air *a = bool_air(2);
    swirl_trace t;
    bool_trace(&t, 16, 0);
    uint32_t pv[2] = {5, 7}, pv2[2] = {5, 8};
    swirl_air_inputs in = {.common_main = &t, .public_values = pv, .num_public_values = 2};
    swirl_air_inputs in2 = {.common_main = &t, .public_values = pv2, .num_public_values = 2};
    const swirl_system_params *ps[2] = {&P, &P_nopow};
    const int want[2] = {SWIRL_VERIFY_ERR_LOGUP_POW, SWIRL_VERIFY_ERR_INCONSISTENT_CLAIMS};
    const char *sub[2] = {"(InvalidLogupPowWitness)", "(InconsistentClaims)"};
    for (int k = 0; k < 2; k++) {
        vh_fixture fx, other;
        char name[64];
        snprintf(name, sizeof name, "unused public values (5, 7)%s", k ? ", no PoW" : "");
        vh_prove_airs(&fx, name, ps[k], &a, 1, &in);
        snprintf(name, sizeof name, "unused public values (5, 8)%s", k ? ", no PoW" : "");
        vh_prove_airs(&other, name, ps[k], &a, 1, &in2);
        /* both statements are true: the values are not constrained */
        if (vh_fixture_ok(&fx) && vh_fixture_ok(&other)) {
            pv_edit e = {0, 1, 8};
            vh_check_edit("public value 1 re-encoded as 8", &fx, NULL, set_pv, &e, SWIRL_ERR_VERIFY, want[k], sub[k]);
            pv_edit e0 = {0, 0, 6};
            vh_check_edit("public value 0 re-encoded as 6", &fx, NULL, set_pv, &e0, SWIRL_ERR_VERIFY, want[k], sub[k]);
        }
        vh_free(&fx);
        vh_free(&other);
    }
    swirl_trace_free(&t);
    swirl_air_free(a);
}

/* ---- log heights ---------------------------------------------------------------------------- */

typedef struct { size_t air; unsigned log_height; } lh_edit;
static void set_lh(swirl_proof *pf, const void *arg) {
    const lh_edit *e = arg;
    pf->vdata[e->air].log_height = e->log_height;
}

static void test_log_heights(void) {
    swirl_air *a = bool_air(0);
    const unsigned l = (unsigned)P.l_skip;
    vh_fixture fx[3];
    swirl_trace t[3];
    for (unsigned h = 0; h <= l; h++) {
        bool_trace(&t[h], (size_t)1 << h, 1);
        swirl_air_inputs in = {.common_main = &t[h]};
        char name[64];
        snprintf(name, sizeof name, "zero boolean column, height 2^%u", h);
        vh_prove_airs(&fx[h], name, &P, &a, 1, &in);
        vh_fixture_ok(&fx[h]);
    }
    /* every height <= 2^l_skip gives a proof of the same length: the edit below changes no shape */
    CHECK_MSG(fx[0].len == fx[l].len && fx[1].len == fx[l].len, "proof lengths %zu %zu %zu differ", fx[0].len, fx[1].len,
              fx[l].len);
    for (unsigned to = 0; to < l; to++) {
        lh_edit e = {0, to};
        char label[64];
        snprintf(label, sizeof label, "log height %u re-encoded as %u", l, to);
        vh_check_edit(label, &fx[l], NULL, set_lh, &e, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_LOGUP_POW, "(InvalidLogupPowWitness)");
    }
    for (unsigned h = 0; h <= l; h++) {
        vh_free(&fx[h]);
        swirl_trace_free(&t[h]);
    }
    swirl_air_free(a);
}

/* ---- presence bits -------------------------------------------------------------------------- */

/* swap AIRs 0 and 1 of the proof (their vdata and public values) */
static void swap_airs(swirl_proof *pf, const void *arg) {
    (void)arg;
    swirl_trace_vdata v = pf->vdata[0];
    pf->vdata[0] = pf->vdata[1];
    pf->vdata[1] = v;
    size_t n = pf->num_pv[0];
    pf->num_pv[0] = pf->num_pv[1];
    pf->num_pv[1] = n;
    uint32_t *x = pf->pv[0];
    pf->pv[0] = pf->pv[1];
    pf->pv[1] = x;
}

static void test_presence(void) {
    swirl_air *airs[2] = {swirl_fib_air(), swirl_fib_air()};
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, 4, &t, pv) == SWIRL_OK);
    swirl_air_inputs first[2] = {{.common_main = &t, .public_values = pv, .num_public_values = 3}, {0}};
    swirl_air_inputs second[2] = {{0}, {.common_main = &t, .public_values = pv, .num_public_values = 3}};
    const swirl_system_params *ps[2] = {&P, &P_nopow};
    const int want[2] = {SWIRL_VERIFY_ERR_LOGUP_POW, SWIRL_VERIFY_ERR_INCONSISTENT_CLAIMS};
    const char *sub[2] = {"(InvalidLogupPowWitness)", "(InconsistentClaims)"};
    for (int k = 0; k < 2; k++) {
        vh_fixture fx, other;
        vh_prove_airs(&fx, k ? "fib x2, AIR 0 present, no PoW" : "fib x2, AIR 0 present", ps[k], airs, 2, first);
        vh_prove_airs(&other, k ? "fib x2, AIR 1 present, no PoW" : "fib x2, AIR 1 present", ps[k], airs, 2, second);
        if (vh_fixture_ok(&fx) && vh_fixture_ok(&other)) {
            CHECK_MSG(fx.len == other.len, "the two presence patterns give proofs of %zu and %zu bytes", fx.len, other.len);
            vh_check_edit("AIR 0 absent, AIR 1 present", &fx, NULL, swap_airs, NULL, SWIRL_ERR_VERIFY, want[k], sub[k]);
        }
        vh_free(&fx);
        vh_free(&other);
    }
    swirl_trace_free(&t);
    swirl_air_free(airs[0]);
    swirl_air_free(airs[1]);
}

/* ---- proof-of-work witnesses ---------------------------------------------------------------- */

typedef enum { W_LOGUP, W_MU, W_FOLD, W_QUERY } pow_phase;
typedef struct { pow_phase phase; size_t idx; bb_t add; } pow_edit;

static void set_pow(swirl_proof *pf, const void *arg) {
    const pow_edit *e = arg;
    bb_t *w = e->phase == W_LOGUP ? &pf->logup_pow_witness
              : e->phase == W_MU  ? &pf->whir.mu_pow_witness
              : e->phase == W_FOLD ? &pf->whir.folding_pow_witnesses[e->idx]
                                   : &pf->whir.query_phase_pow_witnesses[e->idx];
    *w = bb_add(*w, e->add);
}

/* Verify the proof with the witness replaced by its successors until one passes its own PoW
 * check (the rejection is not (pow_detail, pow_substr)); that one must be rejected with
 * (want, substr). */
static void alt_witness(const vh_fixture *fx, const char *label, pow_phase phase, size_t idx, int pow_detail,
                        const char *pow_substr, int want, const char *substr) {
    for (bb_t add = 1; add < 4096; add++) {
        pow_edit e = {phase, idx, add};
        swirl_proof pf;
        if (swirl_proof_decode(fx->proof, fx->len, &pf) != SWIRL_OK) break;
        set_pow(&pf, &e);
        uint8_t *b = NULL;
        size_t len = 0;
        int rc = vh_encode(&pf, &b, &len);
        swirl_proof_free(&pf);
        if (rc) break;
        swirl_error err;
        memset(&err, 0, sizeof err);
        rc = swirl_verify(fx->vk, b, len, &err);
        swirl_free(b);
        if (rc == SWIRL_ERR_VERIFY && err.detail == pow_detail && strstr(err.message, pow_substr)) continue;
        char full[160];
        snprintf(full, sizeof full, "%s: %s (witness + %u also passes the PoW check)", fx->name, label, add);
        vh_check_edit(full, fx, NULL, set_pow, &e, SWIRL_ERR_VERIFY, want, substr);
        return;
    }
    CHECK_MSG(0, "%s: %s: no other witness passes the 4-bit check", fx->name, label);
}

static void test_pow_witnesses(void) {
    swirl_air *a = swirl_fib_air();
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, 6, &t, pv) == SWIRL_OK);
    swirl_air_inputs in = {.common_main = &t, .public_values = pv, .num_public_values = 3};
    for (int phase = W_LOGUP; phase <= W_QUERY; phase++) {
        swirl_system_params q = P;
        if (phase == W_LOGUP) q.logup.pow_bits = 4;
        if (phase == W_MU) q.whir.mu_pow_bits = 4;
        if (phase == W_FOLD) q.whir.folding_pow_bits = 4;
        if (phase == W_QUERY) q.whir.query_phase_pow_bits = 4;
        vh_fixture fx;
        static const char *names[] = {"fib/6, LogUp PoW 4 bits", "fib/6, WHIR mu PoW 4 bits", "fib/6, WHIR folding PoW 4 bits",
                                      "fib/6, WHIR query PoW 4 bits"};
        if (vh_prove_airs(&fx, names[phase], &q, &a, 1, &in) == SWIRL_OK && vh_fixture_ok(&fx)) {
            if (phase == W_LOGUP)
                alt_witness(&fx, "another LogUp witness", W_LOGUP, 0, SWIRL_VERIFY_ERR_LOGUP_POW, "(InvalidLogupPowWitness)",
                            SWIRL_VERIFY_ERR_INCONSISTENT_CLAIMS, "(InconsistentClaims)");
            if (phase == W_MU)
                alt_witness(&fx, "another mu witness", W_MU, 0, SWIRL_VERIFY_ERR_WHIR_MU_POW, "mu proof-of-work",
                            SWIRL_VERIFY_ERR_WHIR_FOLDING_POW,
                            "folding proof-of-work witness 0 invalid");
            if (phase == W_FOLD)
                alt_witness(&fx, "another folding witness 0", W_FOLD, 0, SWIRL_VERIFY_ERR_WHIR_FOLDING_POW, "witness 0 invalid",
                            SWIRL_VERIFY_ERR_WHIR_FOLDING_POW, "folding proof-of-work witness 1 invalid");
            if (phase == W_QUERY)
                alt_witness(&fx, "another query-phase witness 0", W_QUERY, 0, SWIRL_VERIFY_ERR_WHIR_QUERY_POW, "round 0 invalid",
                            SWIRL_VERIFY_ERR_WHIR_MERKLE, "Merkle path of commitment 0, query 0 invalid");
        }
        vh_free(&fx);
    }
    swirl_trace_free(&t);
    swirl_air_free(a);
}

int main(void) {
    CHECK(vh_params_strong(&P) == SWIRL_OK);
    P_nopow = P;
    P_nopow.logup.pow_bits = 0;
    P_nopow.whir.mu_pow_bits = P_nopow.whir.folding_pow_bits = P_nopow.whir.query_phase_pow_bits = 0;
    test_public_values();
    test_log_heights();
    test_presence();
    test_pow_witnesses();
    return t_summary("test_tamper_binding");
}
