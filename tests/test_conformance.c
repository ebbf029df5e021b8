/* test_conformance.c — the reference's end-to-end test scenarios (openvm-org/stark-backend v2.0.1,
 * crates/backend-tests/src/lib.rs), ported through the public API: proof shape (§1 of
 * conformance.md) and the end-to-end sweeps over heights, parameter sets and fixtures (§2). The
 * bus, cached-trace and negative scenarios are in test_conformance_buses.c; docs/CONFORMANCE.md
 * maps every scenario to its test; conformance_util.h holds the shared checks. */
#include "conformance_util.h"
#include "swirl_scenarios.h"

/* ---- 1. proof shape ------------------------------------------------------------------------------ */

/* proof_shape_verifier: fib (h = 3), InteractionsFixture11, CachedFixture11 and PreprocessedFibFixture
 * (h = 3) under the default test preset; check_shape() is the shape check. */
static void test_proof_shape_verifier(void) {
    builtin_happy("proof_shape_verifier", "fib", 3, 0, &P_default, CP_DETERMINISM);
    builtin_happy("proof_shape_verifier", "interactions", 0, 0, &P_default, CP_DETERMINISM);
    builtin_happy("proof_shape_verifier", "cached", 0, 0, &P_default, CP_DETERMINISM);
    builtin_happy("proof_shape_verifier", "fib_selector", 3, 0, &P_default, CP_DETERMINISM);
}

static void test_proof_shape_verifier_rng_system_params(void) { rng_params_run(10, 228); }

static void test_rng_system_params_every_shape(void) { rng_params_sweep(0, 229); }

/* Beyond the reference's list (its verifier's LogHeightOutOfBounds): a trace taller than the
 * stacked height 2^(l_skip + n_stack) is refused by the prover (and a preprocessed one by keygen). */
static void test_trace_taller_than_stacked_height(void) {
    unsigned h = (unsigned)(P_default.l_skip + P_default.n_stack + 1);
    swirl_air *a = swirl_fib_air();
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, h, &t, pv) == SWIRL_OK);
    swirl_air_inputs in = {.common_main = &t, .public_values = pv, .num_public_values = 3};
    uint8_t *proof = NULL;
    size_t len = 0;
    CHECK(swirl_keygen(ctx, &P_default, &a, 1, &pk, &vk, NULL) == SWIRL_OK);
    int rc = swirl_prove(ctx, pk, &in, 1, &proof, &len, &e);
    CHECK_MSG(rc == SWIRL_ERR_TRACE, "fib h=%u under stacked height 2^%u: prove %s", h, h - 1, swirl_status_str(rc));
    swirl_bytes_free(proof);
    swirl_trace_free(&t);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(a);
    swirl_builtin *b = NULL;
    CHECK(swirl_builtin_airs("fib_selector", h, 0, &b, NULL) == SWIRL_OK);
    if (b) {
        rc = swirl_keygen(ctx, &P_default, b->airs, b->num_airs, &pk, &vk, &e);
        CHECK_MSG(rc == SWIRL_ERR_TRACE && strstr(e.message, "exceeds the stacked height"),
                  "a preprocessed trace of height 2^%u under stacked height 2^%u: keygen %s (%s)", h, h - 1,
                  swirl_status_str(rc), e.message);
        if (rc == SWIRL_OK) { swirl_pk_free(pk); swirl_vk_free(vk); }
        swirl_builtin_free(b);
    }
}

/* ---- 2. end-to-end -------------------------------------------------------------------------------- */

static const unsigned H_SWEEP[] = {10, 3, 2, 1, 0}; /* h > l_skip (10, 3), h = l_skip, h < l_skip, h = 0 */

/* interactions_single_sender_receiver_happy, single_cached_trace_stark */
static void test_simple_fixtures(void) {
    builtin_happy("interactions_single_sender_receiver_happy", "interactions", 0, 0, &P_default, 0);
    builtin_happy("single_cached_trace_stark", "cached", 0, 0, &P_default, 0);
}

/* single_preprocessed_trace_stark(h): PreprocessedFibFixture(0, 1, sels[i] = i even) */
static void test_single_preprocessed_trace_stark(void) {
    for (size_t i = 0; i < sizeof H_SWEEP / sizeof H_SWEEP[0]; i++)
        builtin_happy("single_preprocessed_trace_stark", "fib_selector", H_SWEEP[i], 0, &P_default,
                      H_SWEEP[i] <= 3 ? CP_DETERMINISM : 0);
}

/* multi_interaction_traces_stark(h): SelfInteractionFixture widths 4, 7, 8, 8, 10, 100 on bus 4 */
static void test_multi_interaction_traces_stark(void) {
    for (size_t i = 0; i < sizeof H_SWEEP / sizeof H_SWEEP[0]; i++)
        builtin_happy("multi_interaction_traces_stark", "self_interaction", H_SWEEP[i], 0, &P_default,
                      H_SWEEP[i] <= 3 ? CP_DETERMINISM : 0);
}

/* mixture_traces_stark(h): MixtureFixture::standard(h) */
static void test_mixture_traces_stark(void) {
    for (size_t i = 0; i < sizeof H_SWEEP / sizeof H_SWEEP[0]; i++)
        builtin_happy("mixture_traces_stark", "mixture", H_SWEEP[i], 0, &P_default, H_SWEEP[i] <= 3 ? CP_DETERMINISM : 0);
}

/* SelfInteractionFixture { widths, log_height, bus } under params p */
static void self_interaction_fixture(const char *name, const swirl_system_params *p, const size_t *widths, size_t n,
                                     unsigned log_height, uint16_t bus) {
    swirl_air *airs[8];
    swirl_trace tr[8];
    swirl_air_inputs in[8];
    memset(tr, 0, sizeof tr);
    memset(in, 0, sizeof in);
    for (size_t i = 0; i < n; i++) {
        airs[i] = swirl_self_interaction_air(widths[i], bus);
        CHECK(airs[i] != NULL);
        CHECK(swirl_self_interaction_trace(widths[i], log_height, &tr[i]) == SWIRL_OK);
        in[i].common_main = &tr[i];
    }
    happy(name, p, airs, n, in, CP_DETERMINISM);
    for (size_t i = 0; i < n; i++) swirl_trace_free(&tr[i]);
    free_airs(airs, n);
}

/* matrix_stacking_overflow: test_system_params_small(3, 5, 3), widths 4, 7, 8, 8, 10 at h = 1 */
static void test_matrix_stacking_overflow(void) {
    swirl_system_params p;
    CHECK(swirl_params_test_small(3, 5, 3, &p) == SWIRL_OK);
    static const size_t widths[] = {4, 7, 8, 8, 10};
    self_interaction_fixture("matrix_stacking_overflow", &p, widths, 5, 1, 4);
}

static void test_fib_air_roundtrip(void) {
    fib_air_roundtrip(2, 10);
    fib_air_roundtrip(2, 1);
    fib_air_roundtrip(2, 0);
    fib_air_roundtrip(3, 2);
    fib_air_roundtrip(6, 10); /* fib_air_roundtrip_large_l_skip */
}

/* dummy_interactions_roundtrip, cached_trace_roundtrip, preprocessed_trace_roundtrip (h = 8) and
 * preprocessed_and_cached_trace_roundtrip (h = 8, 1-3 cached parts) under
 * test_system_params_small(l_skip, n_stack, k). */
static void test_small_params_roundtrips(void) {
    static const size_t dummy_sets[][3] = {{2, 8, 3}, {5, 5, 4}};
    static const size_t cached_sets[][3] = {{2, 8, 3}, {5, 5, 4}, {5, 8, 3}, {6, 7, 3}};
    char name[96];
    swirl_system_params p;
    for (size_t i = 0; i < 2; i++) {
        CHECK(swirl_params_test_small(dummy_sets[i][0], dummy_sets[i][1], dummy_sets[i][2], &p) == SWIRL_OK);
        snprintf(name, sizeof name, "dummy_interactions_roundtrip_%zu_%zu_%zu", dummy_sets[i][0], dummy_sets[i][1], dummy_sets[i][2]);
        builtin_happy(name, "interactions", 0, 0, &p, 0);
        snprintf(name, sizeof name, "preprocessed_trace_roundtrip_%zu_%zu_%zu", dummy_sets[i][0], dummy_sets[i][1], dummy_sets[i][2]);
        builtin_happy(name, "fib_selector", 8, 0, &p, 0);
        for (size_t parts = 1; parts <= 3; parts++) {
            snprintf(name, sizeof name, "preprocessed_and_cached_trace_roundtrip_%zu_%zu_%zu_%zu", dummy_sets[i][0],
                     dummy_sets[i][1], dummy_sets[i][2], parts);
            uint8_t sels[256];
            for (size_t r = 0; r < 256; r++) sels[r] = (r % 2) == 0;
            swirl_air *a = swirl_preprocessed_cached_air(sels, 256, parts);
            swirl_trace common, cached[3];
            memset(cached, 0, sizeof cached);
            CHECK(a != NULL && swirl_preprocessed_cached_traces(sels, 256, parts, &common, cached) == SWIRL_OK);
            swirl_air_inputs in = {.common_main = &common, .cached_mains = cached, .num_cached_mains = parts};
            happy(name, &p, &a, 1, &in, 0);
            swirl_trace_free(&common);
            for (size_t c = 0; c < parts; c++) swirl_trace_free(&cached[c]);
            swirl_air_free(a);
        }
    }
    for (size_t i = 0; i < 4; i++) {
        CHECK(swirl_params_test_small(cached_sets[i][0], cached_sets[i][1], cached_sets[i][2], &p) == SWIRL_OK);
        snprintf(name, sizeof name, "cached_trace_roundtrip_%zu_%zu_%zu", cached_sets[i][0], cached_sets[i][1], cached_sets[i][2]);
        builtin_happy(name, "cached", 0, 0, &p, 0);
    }
}

/* single_fib_and_dummy_trace_stark(h): InteractionsFixture11's AIRs with 16-row sender and 32-row
 * receiver traces (the fixture's rows repeated), beside FibFixture(0, 1, 2^(h+1)). */
static void test_single_fib_and_dummy_trace_stark(void) {
    static const uint32_t spat[8] = {0, 1, 3, 5, 7, 4, 546, 889};
    static const uint32_t rpat[16] = {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 1, 889, 0, 456};
    uint32_t sv[32], rv[64];
    for (size_t i = 0; i < 32; i++) sv[i] = spat[i % 8];
    for (size_t i = 0; i < 64; i++) rv[i] = rpat[i % 16];
    swirl_trace st = {sv, 16, 2}, rt = {rv, 32, 2};
    static const unsigned hs[] = {3, 2, 1, 0};
    for (size_t i = 0; i < 4; i++) {
        swirl_air *airs[3] = {swirl_dummy_interaction_air(1, 1, 0, 0, 0), swirl_dummy_interaction_air(1, 0, 0, 0, 0),
                              swirl_fib_air()};
        swirl_trace ft;
        uint32_t pv[3];
        CHECK(swirl_fib_trace(0, 1, hs[i] + 1, &ft, pv) == SWIRL_OK);
        swirl_air_inputs in[3] = {{.common_main = &st}, {.common_main = &rt},
                                  {.common_main = &ft, .public_values = pv, .num_public_values = 3}};
        char name[64];
        snprintf(name, sizeof name, "single_fib_and_dummy_trace_stark(%u)", hs[i]);
        happy(name, &P_default, airs, 3, in, CP_DETERMINISM);
        swirl_trace_free(&ft);
        free_airs(airs, 3);
    }
}

/* optional_air: one key (fib, sender, partitioned sender, receiver; all optional); every AIR
 * present verifies; only sender + receiver verifies; only the receiver (unbalanced) is refused by
 * the prover. Beyond the reference: with fib marked required, a proof without fib is refused. */
static void test_optional_air(void) {
    swirl_air *airs[4] = {swirl_fib_air(), swirl_dummy_interaction_air(1, 1, 0, 0, 0), swirl_dummy_interaction_air(1, 1, 0, 1, 0),
                          swirl_dummy_interaction_air(1, 0, 0, 0, 0)};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    int rc = swirl_keygen(ctx, &P_default, airs, 4, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "optional_air: keygen: %s", e.message);
    if (rc) { free_airs(airs, 4); return; }
    static const uint32_t f123[3] = {1, 2, 3};
    swirl_trace ft;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, 3, &ft, pv) == SWIRL_OK);
    uint8_t *proof = NULL;
    size_t len = 0;
    /* case 1: all present */
    {
        static const uint32_t c1[3] = {1, 2, 4}, c2[3] = {1, 2, 8}, c3[3] = {2, 4, 12};
        chip_traces s1, s2, r1;
        chip_load(&s1, 1, 0, c1, f123, 3);
        chip_load(&s2, 1, 1, c2, f123, 3);
        chip_load(&r1, 1, 0, c3, f123, 3);
        swirl_air_inputs in[4] = {{.common_main = &ft, .public_values = pv, .num_public_values = 3}, s1.in, s2.in, r1.in};
        rc = swirl_prove(ctx, pk, in, 4, &proof, &len, &e);
        CHECK_MSG(rc == SWIRL_OK, "optional_air all present: prove %s: %s", swirl_status_str(rc), e.message);
        if (!rc) {
            rc = swirl_verify(vk, proof, len, &e);
            CHECK_MSG(rc == SWIRL_OK, "optional_air all present: verify %s: %s", swirl_status_str(rc), e.message);
            check_shape("optional_air all present", vk, in, 4, proof, len);
            check_codec("optional_air all present", proof, len);
        }
        swirl_bytes_free(proof);
        proof = NULL;
        chip_free(&s1); chip_free(&s2); chip_free(&r1);
    }
    /* case 2: only the plain sender and the receiver */
    {
        static const uint32_t c1[3] = {1, 2, 4};
        chip_traces s1, r1;
        chip_load(&s1, 1, 0, c1, f123, 3);
        chip_load(&r1, 1, 0, c1, f123, 3);
        swirl_air_inputs in[4] = {{0}, s1.in, {0}, r1.in};
        rc = swirl_prove(ctx, pk, in, 4, &proof, &len, &e);
        CHECK_MSG(rc == SWIRL_OK, "optional_air fib and sender2 absent: prove %s: %s", swirl_status_str(rc), e.message);
        if (!rc) {
            rc = swirl_verify(vk, proof, len, &e);
            CHECK_MSG(rc == SWIRL_OK, "optional_air fib and sender2 absent: verify %s: %s", swirl_status_str(rc), e.message);
            check_shape("optional_air fib and sender2 absent", vk, in, 4, proof, len);
            check_codec("optional_air fib and sender2 absent", proof, len);
        }
        swirl_bytes_free(proof);
        proof = NULL;
        /* case 3: only the receiver: the bus does not balance */
        swirl_air_inputs in3[4] = {{0}, {0}, {0}, r1.in};
        rc = swirl_prove(ctx, pk, in3, 4, &proof, &len, &e);
        CHECK_MSG(rc == SWIRL_ERR_TRACE, "optional_air only receiver: prove %s, expected SWIRL_ERR_TRACE", swirl_status_str(rc));
        swirl_bytes_free(proof);
        proof = NULL;
        /* no AIR at all */
        swirl_air_inputs none[4];
        memset(none, 0, sizeof none);
        rc = swirl_prove(ctx, pk, none, 4, &proof, &len, &e);
        CHECK_MSG(rc == SWIRL_ERR_TRACE && strstr(e.message, "(EmptyTraces)"),
                  "optional_air: no AIR present: prove %s (%s), expected SWIRL_ERR_TRACE (EmptyTraces)", swirl_status_str(rc),
                  e.message);
        swirl_bytes_free(proof);
        proof = NULL;
        /* fib required: absent fib is refused by the prover; present, everything verifies */
        swirl_pk *pk2 = NULL;
        swirl_vk *vk2 = NULL;
        CHECK(swirl_air_set_required(airs[0], 1) == SWIRL_OK);
        rc = swirl_keygen(ctx, &P_default, airs, 4, &pk2, &vk2, &e);
        CHECK_MSG(rc == SWIRL_OK, "optional_air required fib: keygen: %s", e.message);
        if (!rc) {
            swirl_air_info info;
            CHECK(swirl_vk_air_info(vk2, 0, &info) == SWIRL_OK && info.is_required == 1);
            CHECK(swirl_vk_air_info(vk2, 1, &info) == SWIRL_OK && info.is_required == 0);
            rc = swirl_prove(ctx, pk2, in, 4, &proof, &len, &e);
            CHECK_MSG(rc == SWIRL_ERR_TRACE && strstr(e.message, "required"),
                      "optional_air: required AIR absent: prove %s (%s), expected SWIRL_ERR_TRACE", swirl_status_str(rc),
                      e.message);
            swirl_bytes_free(proof);
            proof = NULL;
            /* the proof without fib under the all-optional key does not verify under the required key */
            rc = swirl_prove(ctx, pk, in, 4, &proof, &len, &e);
            if (rc == SWIRL_OK) {
                rc = swirl_verify(vk2, proof, len, &e);
                CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_VERIFY_ERR_PROOF_SHAPE &&
                              strstr(e.message, "required AIR 0 is absent (RequiredAirNoVData)"),
                          "optional_air: proof without a required AIR: verify %s detail %d (%s)", swirl_status_str(rc),
                          e.detail, e.message);
            } else {
                CHECK_MSG(0, "optional_air: prove without fib under the all-optional key: %s (%s)", swirl_status_str(rc),
                          e.message);
            }
            swirl_bytes_free(proof);
            proof = NULL;
            swirl_air_inputs in4[4] = {{.common_main = &ft, .public_values = pv, .num_public_values = 3}, s1.in, {0}, r1.in};
            rc = swirl_prove(ctx, pk2, in4, 4, &proof, &len, &e);
            CHECK_MSG(rc == SWIRL_OK, "optional_air required fib present: prove %s: %s", swirl_status_str(rc), e.message);
            if (!rc) {
                rc = swirl_verify(vk2, proof, len, &e);
                CHECK_MSG(rc == SWIRL_OK, "optional_air required fib present: verify %s: %s", swirl_status_str(rc), e.message);
            }
            swirl_bytes_free(proof);
            proof = NULL;
        }
        swirl_pk_free(pk2);
        swirl_vk_free(vk2);
        chip_free(&s1); chip_free(&r1);
    }
    swirl_trace_free(&ft);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    free_airs(airs, 4);
}

/* vkey_methods: fib, sender, receiver: main widths 2, 2, 2 and 0, 1, 1 interactions */
static void test_vkey_methods(void) {
    swirl_air *airs[3] = {swirl_fib_air(), swirl_dummy_interaction_air(1, 1, 0, 0, 0), swirl_dummy_interaction_air(1, 0, 0, 0, 0)};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    CHECK(swirl_keygen(ctx, &P_default, airs, 3, &pk, &vk, NULL) == SWIRL_OK);
    if (vk) {
        CHECK_EQ_U64(swirl_vk_num_airs(vk), 3);
        static const size_t inter[3] = {0, 1, 1};
        for (size_t a = 0; a < 3; a++) {
            swirl_air_info info;
            CHECK(swirl_vk_air_info(vk, a, &info) == SWIRL_OK);
            size_t main_width = info.common_main_width;
            for (size_t c = 0; c < info.num_cached_mains; c++) main_width += info.cached_main_widths[c];
            CHECK_MSG(main_width == 2, "vkey_methods: AIR %zu main width %zu", a, main_width);
            CHECK_MSG(info.num_interactions == inter[a], "vkey_methods: AIR %zu interactions %zu", a, info.num_interactions);
        }
        CHECK(swirl_params_equal(swirl_vk_params(vk), &P_default));
    }
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    free_airs(airs, 3);
}

int main(void) {
    conformance_setup();
    RUN(test_proof_shape_verifier);
    RUN(test_proof_shape_verifier_rng_system_params);
    RUN(test_rng_system_params_every_shape);
    RUN(test_trace_taller_than_stacked_height);
    RUN(test_simple_fixtures);
    RUN(test_single_preprocessed_trace_stark);
    RUN(test_multi_interaction_traces_stark);
    RUN(test_mixture_traces_stark);
    RUN(test_matrix_stacking_overflow);
    RUN(test_fib_air_roundtrip);
    RUN(test_small_params_roundtrips);
    RUN(test_single_fib_and_dummy_trace_stark);
    RUN(test_optional_air);
    RUN(test_vkey_methods);
    swirl_ctx_free(ctx);
    return t_summary("test_conformance");
}
