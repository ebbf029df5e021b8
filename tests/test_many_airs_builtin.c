/* test_many_airs_builtin.c — the many_airs built-in scenario (airs/many_airs.c, issue 12 item 7):
 * 100 AIRs with interactions on five buses (a lookup table and its queriers, permutation pairs),
 * preprocessed and cached parts, heights 2^4 .. 2^top. At a small top on the CPU backend:
 *  - the bundle's shape (100 AIRs, the required range table first, heights within 2^4..2^top,
 *    parts present), and the keys-only bundle gives the same verifying key;
 *  - it proves and verifies; the same seed gives the same proof bytes, another seed another
 *    proof (and both verify);
 *  - one querier's lookup changed (the bus no longer balances) -> the prover refuses with
 *    SWIRL_ERR_TRACE (NonZeroRootSum).
 * The full size (top 20, app parameters) runs under the gpu label and in `swirl bench`. */
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_ctx *ctx;
static swirl_system_params P;

static int keyed_prove(const swirl_builtin *b, swirl_vk **vk_out, uint8_t **proof, size_t *len) {
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    int rc = swirl_keygen(ctx, &P, b->airs, b->num_airs, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "keygen: %s", e.message);
    if (rc == SWIRL_OK) rc = swirl_prove(ctx, pk, b->inputs, b->num_airs, proof, len, &e);
    swirl_pk_free(pk);
    if (vk_out) *vk_out = vk;
    else swirl_vk_free(vk);
    return rc;
}

int main(void) {
    swirl_error e = {0};
    CHECK(swirl_ctx_create(2, SWIRL_BACKEND_CPU, &ctx, &e) == SWIRL_OK);
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    const size_t top = 7;
    swirl_builtin *b = NULL, *keys = NULL, *other = NULL;
    CHECK(swirl_builtin_scenario("many_airs", 23, 0, &b, NULL) == SWIRL_ERR_INVALID_ARG && !b);
    CHECK(swirl_builtin_scenario("many_airs", top, 42, &b, &e) == SWIRL_OK);
    CHECK(swirl_builtin_airs("many_airs", top, 42, &keys, &e) == SWIRL_OK);
    CHECK(swirl_builtin_scenario("many_airs", top, 43, &other, &e) == SWIRL_OK);
    if (!ctx || !b || !keys || !other) return t_summary("test_many_airs_builtin");
    CHECK_EQ_U64(b->num_airs, 100);
    CHECK_EQ_U64(b->max_log_height, top);
    size_t cached = 0, pv = 0;
    for (size_t i = 0; i < b->num_airs; i++) {
        const swirl_trace *t = b->inputs[i].common_main;
        CHECK_MSG(t && t->height >= 16 && t->height <= ((size_t)1 << top), "AIR %zu height", i);
        cached += b->inputs[i].num_cached_mains;
        pv += b->inputs[i].num_public_values;
    }
    CHECK_MSG(cached == 6 && pv == 57, "cached %zu pv %zu", cached, pv);
    CHECK(!strcmp(swirl_air_name(b->airs[0]), "range_table"));

    swirl_vk *vk = NULL, *vk_keys = NULL, *vk_other = NULL;
    uint8_t *p1 = NULL, *p2 = NULL, *p3 = NULL;
    size_t l1 = 0, l2 = 0, l3 = 0;
    CHECK(keyed_prove(b, &vk, &p1, &l1) == SWIRL_OK);
    CHECK(keyed_prove(b, NULL, &p2, &l2) == SWIRL_OK);
    CHECK_MSG(l1 == l2 && p1 && p2 && !memcmp(p1, p2, l1), "the same seed gives the same proof");
    if (p1) CHECK_MSG(swirl_verify(vk, p1, l1, &e) == SWIRL_OK, "verify: %s", e.message);
    {
        swirl_pk *pk = NULL;
        CHECK(swirl_keygen(ctx, &P, keys->airs, keys->num_airs, &pk, &vk_keys, &e) == SWIRL_OK);
        swirl_pk_free(pk);
        if (vk_keys && p1) CHECK_MSG(swirl_verify(vk_keys, p1, l1, &e) == SWIRL_OK, "keys-only bundle's vk: %s", e.message);
    }
    CHECK(keyed_prove(other, &vk_other, &p3, &l3) == SWIRL_OK);
    CHECK(p3 && (l3 != l1 || memcmp(p1, p3, l1)));
    if (p3) CHECK_MSG(swirl_verify(vk_other, p3, l3, &e) == SWIRL_OK, "seed 43: %s", e.message);

    /* unbalance the lookup bus: a querier (AIR 1: common x.. e, or its cached x) looks up a
     * value the table does not count */
    /* the bundle owns its traces: writable behind the inputs' const view */
    swirl_trace *common = (swirl_trace *)b->inputs[1].common_main;
    swirl_trace *t = b->inputs[1].num_cached_mains ? (swirl_trace *)&b->inputs[1].cached_mains[0] : common;
    uint32_t *en = b->inputs[1].num_cached_mains ? &common->values[0] : &common->values[common->width - 1];
    *en = 1;
    t->values[0] = (t->values[0] + 1) % (1u << 7);
    uint8_t *p4 = NULL;
    size_t l4 = 0;
    int rc = keyed_prove(b, NULL, &p4, &l4);
    CHECK_MSG(rc == SWIRL_ERR_TRACE, "unbalanced bus: rc %d", rc);
    swirl_bytes_free(p4);

    swirl_bytes_free(p1); swirl_bytes_free(p2); swirl_bytes_free(p3);
    swirl_vk_free(vk); swirl_vk_free(vk_keys); swirl_vk_free(vk_other);
    swirl_builtin_free(b); swirl_builtin_free(keys); swirl_builtin_free(other);
    swirl_ctx_free(ctx);
    return t_summary("test_many_airs_builtin");
}
