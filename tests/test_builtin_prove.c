/* test_builtin_prove.c — every built-in scenario proves and verifies end to end at small sizes
 * (test preset), and a proof of one scenario does not verify under another scenario's key. */
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_ctx *ctx;
static swirl_system_params P;

/* proves `name`/size; returns the proof (owned) and its vk through the out-parameters */
static int prove_one(const char *name, size_t size, uint64_t seed, swirl_vk **vk_out, uint8_t **proof, size_t *len) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    swirl_pk *pk = NULL;
    int rc = swirl_builtin_scenario(name, size, seed, &b, &e);
    if (!rc) rc = swirl_keygen(ctx, &P, b->airs, b->num_airs, &pk, vk_out, &e);
    if (!rc) rc = swirl_prove(ctx, pk, b->inputs, b->num_airs, proof, len, &e);
    if (!rc) rc = swirl_verify(*vk_out, *proof, *len, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s/%zu: %s", name, size, e.message);
    swirl_pk_free(pk);
    swirl_builtin_free(b);
    return rc;
}

/* A proof verified under the previous scenario's key, with the exact outcome of that pair:
 * different AIR counts fail the preamble's shape check (InvalidVDataLength); the same count with
 * other AIR shapes fails the first per-AIR shape check; otherwise the keys' pre-hashes start
 * different transcripts and the first challenge-dependent check rejects (the LogUp PoW). */
static void expect_other_key(const char *name, const swirl_vk *vk, const uint8_t *proof, size_t len, int detail,
                             const char *substr) {
    swirl_error e;
    memset(&e, 0, sizeof e);
    int rc = swirl_verify(vk, proof, len, &e);
    CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == detail && strstr(e.message, substr),
              "%s under another key: verify %s detail %d (%s), expected detail %d \"%s\"", name, swirl_status_str(rc), e.detail,
              e.message, detail, substr);
}

int main(void) {
    CHECK(swirl_ctx_create(2, SWIRL_BACKEND_CPU, &ctx, NULL) == SWIRL_OK);
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    /* detail / substr: the outcome of verifying the case's proof under the previous case's key
     * when the scenario changed (see expect_other_key) */
    enum { SHAPE = SWIRL_VERIFY_ERR_PROOF_SHAPE, POW = SWIRL_VERIFY_ERR_LOGUP_POW };
    static const struct { const char *name; size_t size; int detail; const char *substr; } cases[] = {
        {"keccakf", 1, 0, NULL},
        {"fib", 0, SHAPE, "(InvalidPublicValues)"}, /* keccakf has no public values */
        {"fib", 3, 0, NULL},
        {"fib_selector", 1, POW, "(InvalidLogupPowWitness)"}, /* same shape as fib's */
        {"fib_selector", 4, 0, NULL},
        {"interactions", 0, SHAPE, "(InvalidVDataLength)"},
        {"interactions", 3, 0, NULL},
        {"cached", 0, SHAPE, "(InvalidCachedCommitments)"},
        {"cached", 2, 0, NULL},
        {"self_interaction", 0, SHAPE, "(InvalidVDataLength)"},
        {"self_interaction", 2, 0, NULL},
        {"preprocessed_cached", 3, SHAPE, "(InvalidVDataLength)"},
        {"partitioned_sum", 3, SHAPE, "(InvalidCachedCommitments)"},
        {"mixture", 0, SHAPE, "(InvalidVDataLength)"},
        {"mixture", 1, 0, NULL},
        {"mixture", 3, 0, NULL},
    };
    swirl_vk *vk_prev = NULL;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        swirl_vk *vk = NULL;
        uint8_t *proof = NULL;
        size_t len = 0;
        /* consecutive cases of one scenario may share their key (fib's AIR does not depend on
         * the height); a different scenario's key must reject the proof */
        if (prove_one(cases[i].name, cases[i].size, 1 + i, &vk, &proof, &len) == SWIRL_OK && vk_prev &&
            strcmp(cases[i].name, cases[i - 1].name))
            expect_other_key(cases[i].name, vk_prev, proof, len, cases[i].detail, cases[i].substr);
        swirl_bytes_free(proof);
        swirl_vk_free(vk_prev);
        vk_prev = vk;
    }
    swirl_vk_free(vk_prev);
    swirl_ctx_free(ctx);
    return t_summary("test_builtin_prove");
}
