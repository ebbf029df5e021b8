/* test_many_airs_builtin_cuda.c — the many_airs built-in scenario (100 AIRs, interactions on five
 * buses, preprocessed and cached parts) proved on the CUDA backend and on the CPU backend: the
 * proofs are byte-identical and both verify. Top height 2^10 on the test parameters; out of
 * SWIRL_GPU_QUICK also 2^16 on the app parameters. Skips (exit 77) without a CUDA device. */
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_ctx *cpu, *gpu;

static void compare(size_t top, uint64_t seed, const swirl_system_params *P, const char *what) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    CHECK_MSG(swirl_builtin_scenario("many_airs", top, seed, &b, &e) == SWIRL_OK, "%s: %s", what, e.message);
    if (!b) return;
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    uint8_t *p1 = NULL, *p2 = NULL;
    size_t l1 = 0, l2 = 0;
    int rc = swirl_keygen(cpu, P, b->airs, b->num_airs, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s keygen: %s", what, e.message);
    if (rc == SWIRL_OK) {
        int r1 = swirl_prove(cpu, pk, b->inputs, b->num_airs, &p1, &l1, &e);
        CHECK_MSG(r1 == SWIRL_OK, "%s cpu prove: %s", what, e.message);
        int r2 = swirl_prove(gpu, pk, b->inputs, b->num_airs, &p2, &l2, &e);
        CHECK_MSG(r2 == SWIRL_OK, "%s cuda prove: %s", what, e.message);
        CHECK_MSG(r1 == SWIRL_OK && r2 == SWIRL_OK && l1 == l2 && !memcmp(p1, p2, l1), "%s: CUDA proof differs from the CPU proof", what);
        if (r2 == SWIRL_OK) CHECK_MSG(swirl_verify(vk, p2, l2, &e) == SWIRL_OK, "%s cuda proof: %s", what, e.message);
    }
    swirl_bytes_free(p1);
    swirl_bytes_free(p2);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_builtin_free(b);
}

int main(void) {
    swirl_error e = {0};
    int rc = swirl_ctx_create(0, SWIRL_BACKEND_CUDA, &gpu, &e);
    if (rc == SWIRL_ERR_NO_DEVICE) {
        printf("skipped: no CUDA device (%s)\n", e.message);
        return 77;
    }
    CHECK_MSG(rc == SWIRL_OK, "%s", e.message);
    CHECK(swirl_ctx_create(0, SWIRL_BACKEND_CPU, &cpu, &e) == SWIRL_OK);
    if (!gpu || !cpu) return t_summary("gpu_test_many_airs_builtin_cuda");
    swirl_system_params T, A;
    CHECK(swirl_params_default_test(&T) == SWIRL_OK);
    CHECK(swirl_params_app(21, &A) == SWIRL_OK);
    compare(10, 1, &T, "many_airs 10 (test)");
    compare(6, 7, &T, "many_airs 6 (test)");
    if (!getenv("SWIRL_GPU_QUICK")) compare(16, 1, &A, "many_airs 16 (app)");
    swirl_ctx_free(gpu);
    swirl_ctx_free(cpu);
    return t_summary("gpu_test_many_airs_builtin_cuda");
}
