/* test_cuda_backend.c — whole proofs from the CUDA backend equal the CPU backend's byte for byte,
 * over the built-in scenarios at several heights and seeds (random traces), on the test preset and
 * on the production app preset; cached commitments made on the device equal the host's; proofs
 * made by either verify. Skips (exit 77) without a CUDA device. */
#include <stdlib.h>
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_ctx *cpu, *gpu;

static void compare(const char *name, size_t size, uint64_t seed, const swirl_system_params *P) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    uint8_t *p1 = NULL, *p2 = NULL;
    size_t l1 = 0, l2 = 0;
    int rc = swirl_builtin_scenario(name, size, seed, &b, &e);
    if (!rc) rc = swirl_keygen(cpu, P, b->airs, b->num_airs, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s/%zu setup: %s", name, size, e.message);
    if (!rc) {
        int r1 = swirl_prove(cpu, pk, b->inputs, b->num_airs, &p1, &l1, &e);
        CHECK_MSG(r1 == SWIRL_OK, "%s/%zu cpu prove: %s", name, size, e.message);
        int r2 = swirl_prove(gpu, pk, b->inputs, b->num_airs, &p2, &l2, &e);
        CHECK_MSG(r2 == SWIRL_OK, "%s/%zu cuda prove: %s", name, size, e.message);
        CHECK_MSG(r1 == SWIRL_OK && r2 == SWIRL_OK && l1 == l2 && !memcmp(p1, p2, l1),
                  "%s/%zu seed %llu: CUDA proof differs from the CPU proof", name, size, (unsigned long long)seed);
        if (r2 == SWIRL_OK) CHECK_MSG(swirl_verify(vk, p2, l2, &e) == SWIRL_OK, "%s/%zu cuda proof: %s", name, size, e.message);
    }
    swirl_bytes_free(p1);
    swirl_bytes_free(p2);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_builtin_free(b);
}

int main(void) {
    if (swirl_cuda_device_count() <= 0) {
        printf("skipped: no CUDA device\n");
        return 77;
    }
    swirl_error e = {0};
    CHECK(swirl_ctx_create(0, SWIRL_BACKEND_CPU, &cpu, &e) == SWIRL_OK);
    CHECK_MSG(swirl_ctx_create(0, SWIRL_BACKEND_CUDA, &gpu, &e) == SWIRL_OK, "%s", e.message);
    if (!gpu || !cpu) return t_summary("gpu_test_cuda_backend");
    CHECK(!strcmp(swirl_ctx_backend_name(gpu), "cuda"));
    swirl_system_params T, A;
    CHECK(swirl_params_default_test(&T) == SWIRL_OK);
    CHECK(swirl_params_app(21, &A) == SWIRL_OK);
    static const struct { const char *name; size_t size; } cases[] = {
        {"fib", 0}, {"fib", 3}, {"fib", 10}, {"fib_selector", 2}, {"interactions", 0}, {"interactions", 5},
        {"cached", 3}, {"self_interaction", 1}, {"preprocessed_cached", 4}, {"partitioned_sum", 6},
        {"mixture", 0}, {"mixture", 2}, {"mixture", 3}, {"keccakf", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (uint64_t seed = 1; seed <= 2; seed++) compare(cases[i].name, cases[i].size, seed * 7919 + i, &T);
    /* the production preset (log stacked height 21): the device commits 2^22-row codewords
     * (skipped under SWIRL_GPU_QUICK, used for compute-sanitizer runs) */
    if (!getenv("SWIRL_GPU_QUICK")) {
        compare("keccakf", 3, 5, &A);
        compare("keccakf", 40, 6, &A);
        compare("fib", 12, 7, &A);
    }
    /* a cached commitment made on the device equals the host's */
    {
        swirl_builtin *b = NULL;
        swirl_pk *pk = NULL;
        swirl_vk *vk = NULL;
        CHECK(swirl_builtin_scenario("cached", 4, 3, &b, &e) == SWIRL_OK);
        CHECK(swirl_keygen(cpu, &T, b->airs, b->num_airs, &pk, &vk, &e) == SWIRL_OK);
        const swirl_trace *ct = NULL;
        for (size_t a = 0; a < b->num_airs && !ct; a++)
            if (b->inputs[a].num_cached_mains) ct = &b->inputs[a].cached_mains[0];
        swirl_committed_trace *c1 = NULL, *c2 = NULL;
        CHECK(ct && swirl_commit_cached_main(cpu, vk, ct, &c1, &e) == SWIRL_OK);
        CHECK(ct && swirl_commit_cached_main(gpu, vk, ct, &c2, &e) == SWIRL_OK);
        uint32_t r1[8] = {0}, r2[8] = {1};
        swirl_committed_trace_root(c1, r1);
        swirl_committed_trace_root(c2, r2);
        CHECK(!memcmp(r1, r2, sizeof r1));
        swirl_committed_trace_free(c1);
        swirl_committed_trace_free(c2);
        swirl_pk_free(pk);
        swirl_vk_free(vk);
        swirl_builtin_free(b);
    }
    swirl_ctx_free(cpu);
    swirl_ctx_free(gpu);
    return t_summary("gpu_test_cuda_backend");
}
