/* test_many_airs_cuda.c — the many-AIR keys of tests/many_airs.h (100 and 300 AIRs, interactions
 * on six buses, heights 2^1..2^10, cached parts, absent optional AIRs) and the 65-fib
 * key, proved on the CUDA backend and on the CPU backend: the two proofs are byte-identical and
 * both verify. Skips (exit 77) without a CUDA device. */
#include "many_airs.h"
#include "swirl_scenarios.h"

static swirl_ctx *cpu, *gpu;
static swirl_system_params P;

static void compare(const char *what, swirl_air *const *airs, const swirl_air_inputs *in, size_t n) {
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    uint8_t *p1 = NULL, *p2 = NULL;
    size_t l1 = 0, l2 = 0;
    swirl_error e = {0};
    int rc = swirl_keygen(cpu, &P, airs, n, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s keygen: %s", what, e.message);
    if (rc == SWIRL_OK) {
        int r1 = swirl_prove(cpu, pk, in, n, &p1, &l1, &e);
        CHECK_MSG(r1 == SWIRL_OK, "%s cpu prove: %s", what, e.message);
        int r2 = swirl_prove(gpu, pk, in, n, &p2, &l2, &e);
        CHECK_MSG(r2 == SWIRL_OK, "%s cuda prove: %s", what, e.message);
        CHECK_MSG(r1 == SWIRL_OK && r2 == SWIRL_OK && l1 == l2 && !memcmp(p1, p2, l1), "%s: CUDA proof differs from the CPU proof", what);
        if (r1 == SWIRL_OK) CHECK_MSG(swirl_verify(vk, p1, l1, &e) == SWIRL_OK, "%s cpu proof: %s", what, e.message);
        if (r2 == SWIRL_OK) CHECK_MSG(swirl_verify(vk, p2, l2, &e) == SWIRL_OK, "%s cuda proof: %s", what, e.message);
    }
    swirl_bytes_free(p1);
    swirl_bytes_free(p2);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
}

static void compare_65_fib(void) {
    enum { N = 65 };
    swirl_air *airs[N];
    swirl_trace t[N];
    swirl_air_inputs in[N];
    uint32_t pv[N][3];
    memset(in, 0, sizeof in);
    for (size_t i = 0; i < N; i++) {
        airs[i] = swirl_fib_air();
        CHECK(swirl_fib_trace(1, 1, i == 0 ? 8 : 3, &t[i], pv[i]) == SWIRL_OK);
        in[i].common_main = &t[i];
        in[i].public_values = pv[i];
        in[i].num_public_values = 3;
    }
    compare("65 fib AIRs", airs, in, N);
    for (size_t i = 0; i < N; i++) {
        swirl_air_free(airs[i]);
        swirl_trace_free(&t[i]);
    }
}

static void compare_many(size_t n, uint64_t seed) {
    many_airs m;
    char what[64];
    snprintf(what, sizeof what, "%zu AIRs", n);
    CHECK(many_airs_build(&m, n, seed) == SWIRL_OK);
    compare(what, m.airs, m.in, n);
    many_airs_free(&m);
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
    if (!gpu || !cpu) return t_summary("gpu_test_many_airs_cuda");
    CHECK(!strcmp(swirl_ctx_backend_name(gpu), "cuda"));
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    compare_65_fib();
    compare_many(100, 0x100);
    compare_many(300, 0x300);
    swirl_ctx_free(gpu);
    swirl_ctx_free(cpu);
    return t_summary("gpu_test_many_airs_cuda");
}
