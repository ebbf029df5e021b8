/* test_builtin_prove.c — every built-in scenario proves and verifies end to end at small sizes
 * (test preset), and a proof of one scenario does not verify under another scenario's key. */
#include <string.h>
#include "swirl.h"
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

int main(void) {
    CHECK(swirl_ctx_create(2, SWIRL_BACKEND_CPU, &ctx, NULL) == SWIRL_OK);
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    static const struct { const char *name; size_t size; } cases[] = {
        {"keccakf", 1},          {"fib", 0},          {"fib", 3},         {"fib_selector", 1},
        {"fib_selector", 4},     {"interactions", 0}, {"interactions", 3}, {"cached", 0},
        {"cached", 2},           {"self_interaction", 0}, {"self_interaction", 2},
        {"preprocessed_cached", 3}, {"partitioned_sum", 3}, {"mixture", 0}, {"mixture", 1},
        {"mixture", 3},
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
            CHECK_MSG(swirl_verify(vk_prev, proof, len, NULL) != SWIRL_OK, "%s verified under another key", cases[i].name);
        swirl_bytes_free(proof);
        swirl_vk_free(vk_prev);
        vk_prev = vk;
    }
    swirl_vk_free(vk_prev);
    swirl_ctx_free(ctx);
    return t_summary("test_builtin_prove");
}
