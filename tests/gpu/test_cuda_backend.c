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

/* Proves inputs with pk on the CPU context and on ctx; the proofs must be equal. Returns ctx's
 * device statistics of the proof. */
static swirl_device_stats prove_pair(swirl_ctx *ctx, const swirl_pk *pk, const swirl_builtin *b, const char *what) {
    swirl_error e = {0};
    uint8_t *p1 = NULL, *p2 = NULL;
    size_t l1 = 0, l2 = 0;
    swirl_device_stats st;
    memset(&st, 0, sizeof st);
    int r1 = swirl_prove(cpu, pk, b->inputs, b->num_airs, &p1, &l1, &e);
    int r2 = swirl_prove(ctx, pk, b->inputs, b->num_airs, &p2, &l2, &e);
    CHECK_MSG(r1 == SWIRL_OK && r2 == SWIRL_OK, "%s: prove: %s", what, e.message);
    CHECK_MSG(r1 == SWIRL_OK && r2 == SWIRL_OK && l1 == l2 && !memcmp(p1, p2, l1), "%s: CUDA proof differs from the CPU proof", what);
    CHECK(swirl_ctx_device_stats(ctx, &st) == SWIRL_OK);
    swirl_bytes_free(p1);
    swirl_bytes_free(p2);
    return st;
}

/* The device key cache: a key's second proof finds its programs and preprocessed copies (no
 * misses, fewer bytes up), a cached program serves other public values, the limit 0 empties the
 * cache, and a new key (same AIRs) gets copies of its own. Every proof equals the CPU's. */
static void key_cache(const swirl_system_params *P) {
    swirl_error e = {0};
    swirl_ctx *ctx = NULL;
    CHECK_MSG(swirl_ctx_create(0, SWIRL_BACKEND_CUDA, &ctx, &e) == SWIRL_OK, "%s", e.message);
    swirl_builtin *pc = NULL, *f1 = NULL, *f2 = NULL;
    swirl_pk *pk = NULL, *fpk = NULL, *fpk2 = NULL;
    CHECK(swirl_builtin_scenario("preprocessed_cached", 5, 11, &pc, &e) == SWIRL_OK);
    CHECK(swirl_builtin_scenario("fib", 4, 12, &f1, &e) == SWIRL_OK);
    CHECK(swirl_builtin_scenario("fib", 4, 13, &f2, &e) == SWIRL_OK); /* same AIR, other public values */
    if (!ctx || !pc || !f1 || !f2) goto done;
    CHECK(swirl_keygen(cpu, P, pc->airs, pc->num_airs, &pk, NULL, &e) == SWIRL_OK);
    CHECK(swirl_keygen(cpu, P, f1->airs, f1->num_airs, &fpk, NULL, &e) == SWIRL_OK);
    CHECK(swirl_keygen(cpu, P, f1->airs, f1->num_airs, &fpk2, NULL, &e) == SWIRL_OK);
    if (!pk || !fpk || !fpk2) goto done;
    swirl_device_stats a = prove_pair(ctx, pk, pc, "preprocessed_cached, first proof");
    swirl_device_stats b = prove_pair(ctx, pk, pc, "preprocessed_cached, second proof");
    /* the first proof builds the AIR's program and uploads its preprocessed commitment (later
     * stages of the same proof find it: hits); the second finds both */
    CHECK_MSG(a.key_cache_misses >= 2, "first proof: %zu misses, %zu hits", a.key_cache_misses, a.key_cache_hits);
    CHECK_MSG(b.key_cache_misses == 0 && b.key_cache_hits == a.key_cache_hits + a.key_cache_misses,
              "second proof: %zu misses, %zu hits", b.key_cache_misses, b.key_cache_hits);
    CHECK_MSG(b.bytes_to_device < a.bytes_to_device, "second proof moved %llu bytes up, the first %llu",
              (unsigned long long)b.bytes_to_device, (unsigned long long)a.bytes_to_device);
    CHECK(b.key_cache_entries == a.key_cache_entries && b.key_cache_bytes > 0);
    /* one program, two proofs with different public values, then the first values again */
    swirl_device_stats c = prove_pair(ctx, fpk, f1, "fib, seed 12");
    swirl_device_stats d = prove_pair(ctx, fpk, f2, "fib, seed 13 on the cached program");
    swirl_device_stats d2 = prove_pair(ctx, fpk, f1, "fib, seed 12 again");
    CHECK(c.key_cache_misses == 1 && d.key_cache_misses == 0 && d.key_cache_hits == 1 && d2.key_cache_hits == 1);
    /* another key of the same AIRs has its own identity */
    swirl_device_stats g = prove_pair(ctx, fpk2, f2, "fib, second key");
    CHECK(g.key_cache_misses == 1 && g.key_cache_hits == 0);
    /* limit 0: nothing kept across proofs */
    CHECK(swirl_ctx_set_device_cache_limit(ctx, 0) == SWIRL_OK);
    swirl_device_stats h;
    CHECK(swirl_ctx_device_stats(ctx, &h) == SWIRL_OK && h.key_cache_entries == 0 && h.key_cache_bytes == 0);
    swirl_device_stats i = prove_pair(ctx, pk, pc, "preprocessed_cached after the limit 0");
    CHECK(i.key_cache_misses == a.key_cache_misses && i.key_cache_hits == a.key_cache_hits);
    swirl_device_stats j = prove_pair(ctx, pk, pc, "preprocessed_cached, limit 0, again");
    CHECK(j.key_cache_misses == a.key_cache_misses && j.key_cache_hits == a.key_cache_hits);
done:
    swirl_pk_free(pk);
    swirl_pk_free(fpk);
    swirl_pk_free(fpk2);
    swirl_builtin_free(pc);
    swirl_builtin_free(f1);
    swirl_builtin_free(f2);
    swirl_ctx_free(ctx);
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
    key_cache(&T);
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
