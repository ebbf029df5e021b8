/* test_long_many_airs.c — the many-AIR keys of tests/many_airs.h at larger sizes (label long):
 * 1000 and 2000 AIRs on the test preset (heights 2^1..2^10), and 400 AIRs with heights up to
 * 2^16 on swirl_params_for_testing(16). Each proves and verifies on the CPU backend, and the
 * proof made with one worker thread equals the one made with the default pool, byte for byte. */
#include "many_airs.h"

static void prove_verify(size_t n, uint64_t seed, unsigned max_log, const swirl_system_params *P) {
    many_airs m;
    CHECK(many_airs_build_h(&m, n, seed, max_log) == SWIRL_OK);
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_ctx *one = NULL;
    uint8_t *p1 = NULL, *p2 = NULL;
    size_t l1 = 0, l2 = 0;
    swirl_error e = {0};
    int rc = swirl_keygen(NULL, P, m.airs, n, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "%zu AIRs keygen: %s", n, e.message);
    if (rc == SWIRL_OK) {
        rc = swirl_prove(NULL, pk, m.in, n, &p1, &l1, &e);
        CHECK_MSG(rc == SWIRL_OK, "%zu AIRs prove: %s", n, e.message);
        if (rc == SWIRL_OK) CHECK_MSG(swirl_verify(vk, p1, l1, &e) == SWIRL_OK, "%zu AIRs verify: %s", n, e.message);
        CHECK(swirl_ctx_create(1, SWIRL_BACKEND_CPU, &one, &e) == SWIRL_OK);
        CHECK_MSG(swirl_prove(one, pk, m.in, n, &p2, &l2, &e) == SWIRL_OK, "%zu AIRs prove (1 thread): %s", n, e.message);
        CHECK_MSG(p1 && p2 && l1 == l2 && !memcmp(p1, p2, l1), "%zu AIRs: the 1-thread proof differs", n);
    }
    swirl_bytes_free(p1);
    swirl_bytes_free(p2);
    swirl_ctx_free(one);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    many_airs_free(&m);
}

int main(void) {
    swirl_system_params T, H;
    CHECK(swirl_params_default_test(&T) == SWIRL_OK);
    CHECK(swirl_params_for_testing(16, &H) == SWIRL_OK);
    prove_verify(1000, 0x1000, 10, &T);
    prove_verify(2000, 0x2000, 10, &T);
    prove_verify(400, 0x400, 16, &H);
    return t_summary("test_long_many_airs");
}
