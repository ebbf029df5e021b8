/* test_long_conformance.c — larger instances of the conformance scenarios (label "long"):
 *  - proof_shape_verifier_rng_system_params over the whole parameter space of the reference's
 *    random draw: every (l_skip, n_stack, k, log_blowup, rounds) with every query count 1-10 of
 *    every round (5280 parameter sets, InteractionsFixture11 under each);
 *  - single_preprocessed_trace_stark, multi_interaction_traces_stark and mixture_traces_stark at
 *    every h in 0..10 under the default preset (the reference runs 10, 3, 2, 1, 0) and 11..14
 *    under test_system_params_small(2, 12, 3), and mixture / fib_selector with drawn values;
 *  - fib_air_roundtrip for every l_skip in 1..6 and h in 0..12 (l_skip + 8 >= h);
 *  - single_fib_and_dummy_trace_stark for h in 0..7 (the fib trace up to the interaction traces'
 *    heights and beyond).
 * The helpers and checks are those of conformance_util.h. */
#include "conformance_util.h"
#include "swirl_scenarios.h"

static void long_rng_system_params_all(void) { rng_params_sweep(1, 0); }

static void long_h_sweeps(void) {
    /* the default preset stacks to height 2^10 (a taller trace is out of bounds); above that,
     * test_system_params_small(2, 12, 3) */
    swirl_system_params tall;
    CHECK(swirl_params_test_small(2, 12, 3, &tall) == SWIRL_OK);
    for (unsigned h = 0; h <= 14; h++) {
        const swirl_system_params *p = h <= 10 ? &P_default : &tall;
        builtin_happy("single_preprocessed_trace_stark", "fib_selector", h, 0, p, 0);
        builtin_happy("multi_interaction_traces_stark", "self_interaction", h, 0, p, 0);
        builtin_happy("mixture_traces_stark", "mixture", h, 0, p, 0);
    }
    /* other seeds: drawn fib values and selectors */
    for (uint64_t seed = 1; seed <= 4; seed++)
        for (unsigned h = 0; h <= 6; h++) {
            builtin_happy("mixture_traces_stark(seeded)", "mixture", h, seed, &P_default, 0);
            builtin_happy("single_preprocessed_trace_stark(seeded)", "fib_selector", h, seed, &P_default, 0);
        }
}

static void long_fib_air_roundtrip(void) {
    for (size_t l_skip = 1; l_skip <= 6; l_skip++)
        for (unsigned h = 0; h <= 12 && h <= l_skip + 8; h++) fib_air_roundtrip(l_skip, h);
}

static void long_single_fib_and_dummy(void) {
    static const uint32_t spat[8] = {0, 1, 3, 5, 7, 4, 546, 889};
    static const uint32_t rpat[16] = {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 1, 889, 0, 456};
    uint32_t sv[32], rv[64];
    for (size_t i = 0; i < 32; i++) sv[i] = spat[i % 8];
    for (size_t i = 0; i < 64; i++) rv[i] = rpat[i % 16];
    swirl_trace st = {sv, 16, 2}, rt = {rv, 32, 2};
    for (unsigned h = 0; h <= 7; h++) {
        swirl_air *airs[3] = {swirl_dummy_interaction_air(1, 1, 0, 0, 0), swirl_dummy_interaction_air(1, 0, 0, 0, 0),
                              swirl_fib_air()};
        swirl_trace ft;
        uint32_t pv[3];
        CHECK(swirl_fib_trace(0, 1, h + 1, &ft, pv) == SWIRL_OK);
        swirl_air_inputs in[3] = {{.common_main = &st}, {.common_main = &rt},
                                  {.common_main = &ft, .public_values = pv, .num_public_values = 3}};
        char name[64];
        snprintf(name, sizeof name, "single_fib_and_dummy_trace_stark(%u)", h);
        happy(name, &P_default, airs, 3, in, 0);
        swirl_trace_free(&ft);
        free_airs(airs, 3);
    }
}

int main(void) {
    conformance_setup();
    RUN(long_h_sweeps);
    RUN(long_fib_air_roundtrip);
    RUN(long_single_fib_and_dummy);
    RUN(long_rng_system_params_all);
    swirl_ctx_free(ctx);
    return t_summary("test_long_conformance");
}
