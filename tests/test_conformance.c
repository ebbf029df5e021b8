/* test_conformance.c — the reference's end-to-end test scenarios (openvm-org/stark-backend v2.0.1,
 * crates/backend-tests/src/lib.rs and crates/stark-backend/tests/partitioned_sum_air.rs), ported
 * through the public API (docs/CONFORMANCE.md maps every scenario of conformance.md to its test).
 *
 * Every proof made here goes through check_proof(): swirl_verify must accept it, the standalone
 * shape summary (swirl_proof_summarize) must match the key, the parameters and the inputs (the
 * reference's proof_shape_verifier), and the bytes must survive decode -> encode unchanged (the
 * reference's proof_codec round trip). Negative scenarios assert the exact failure: SWIRL_ERR_TRACE
 * from swirl_prove for an unbalanced bus, or SWIRL_ERR_VERIFY with a non-zero detail.
 *
 * The backend is the CPU one unless SWIRL_CONFORMANCE_BACKEND is "cuda" or "auto".
 * test_long_conformance.c includes this file with CONFORMANCE_NO_MAIN defined. */
#include <stdlib.h>
#include <string.h>
#include "codec/bytes.h"
#include "field/babybear.h"
#include "iop/gkr.h"
#include "iop/proof.h"
#include "swirl.h"
#include "test_util.h"

static swirl_ctx *ctx;
static swirl_system_params P_default; /* default_test_params_small() */
static swirl_system_params P_logup100; /* only .logup used: log_up_security_params_baby_bear_100_bits(0.0) */

/* ---- helpers ----------------------------------------------------------------------------------- */

static unsigned log2_exact(size_t h) {
    unsigned l = 0;
    while (((size_t)1 << l) < h) l++;
    return l;
}

/* The trace that fixes an AIR's height in a proof, or NULL when the AIR is absent. */
static const swirl_trace *height_trace(const swirl_air_inputs *in) {
    if (in->common_main) return in->common_main;
    if (in->num_cached_mains) return &in->cached_mains[0];
    return NULL;
}

/* Proof shape (the reference's verify_proof_shape, through the public summary): the summary
 * of the bytes must agree with the key, its parameters and the inputs that were proved. */
static void check_shape(const char *name, const swirl_vk *vk, const swirl_air_inputs *in, size_t n, const uint8_t *proof,
                        size_t len) {
    swirl_proof_summary s;
    swirl_error e = {0};
    memset(&s, 0, sizeof s);
    int rc = swirl_proof_summarize(proof, len, &s, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: swirl_proof_summarize: %s (%s)", name, swirl_status_str(rc), e.message);
    if (rc != SWIRL_OK) return;
    const swirl_system_params *p = swirl_vk_params(vk);
    CHECK_MSG(s.total_bytes == len, "%s: summary total_bytes %zu != proof length %zu", name, s.total_bytes, len);
    CHECK_MSG(s.preamble_bytes + s.gkr_bytes + s.constraint_bytes + s.stacking_bytes + s.whir_bytes == len,
              "%s: summary sections %zu+%zu+%zu+%zu+%zu != %zu", name, s.preamble_bytes, s.gkr_bytes, s.constraint_bytes,
              s.stacking_bytes, s.whir_bytes, len);
    CHECK_MSG(s.num_airs == n && swirl_vk_num_airs(vk) == n, "%s: summary num_airs %zu, key %zu, inputs %zu", name, s.num_airs,
              swirl_vk_num_airs(vk), n);
    size_t present = 0, commitments = 1, interactions = 0;
    uint64_t total_interactions = 0; /* sum over present AIRs of interactions x 2^max(h, l_skip) */
    unsigned max_log = 0;
    for (size_t a = 0; a < n && a < s.num_airs; a++) {
        const swirl_trace *t = height_trace(&in[a]);
        swirl_air_info info;
        CHECK(swirl_vk_air_info(vk, a, &info) == SWIRL_OK);
        const swirl_proof_air_summary *as = &s.airs[a];
        CHECK_MSG(as->present == (t != NULL), "%s: AIR %zu present %d, expected %d", name, a, as->present, t != NULL);
        if (!t) continue;
        unsigned lh = log2_exact(t->height);
        present++;
        if (lh > max_log) max_log = lh;
        commitments += (size_t)(info.has_preprocessed != 0) + info.num_cached_mains;
        interactions += info.num_interactions;
        total_interactions += (uint64_t)info.num_interactions << (lh > p->l_skip ? lh : p->l_skip);
        CHECK_MSG(as->log_height == lh, "%s: AIR %zu log height %u, expected %u", name, a, as->log_height, lh);
        CHECK_MSG(as->num_cached_mains == info.num_cached_mains, "%s: AIR %zu cached %zu, expected %zu", name, a,
                  as->num_cached_mains, info.num_cached_mains);
        CHECK_MSG(as->num_public_values == info.num_public_values, "%s: AIR %zu public values %zu, expected %zu", name, a,
                  as->num_public_values, info.num_public_values);
    }
    CHECK_MSG(s.num_present == present, "%s: %zu present, expected %zu", name, s.num_present, present);
    size_t n_max = max_log > p->l_skip ? max_log - p->l_skip : 0;
    CHECK_MSG(s.constraint_rounds == n_max, "%s: constraint rounds %zu, expected %zu", name, s.constraint_rounds, n_max);
    /* GKR: L = l_skip + n_logup = bitlen(total interactions) layers, none without interactions */
    size_t L = 0;
    while (L < 64 && (total_interactions >> L) != 0) L++;
    CHECK_MSG(s.gkr_layers == L, "%s: %zu GKR layers, expected %zu (%zu interactions)", name, s.gkr_layers, L, interactions);
    CHECK_MSG(s.stacking_rounds == p->n_stack, "%s: stacking rounds %zu != n_stack %zu", name, s.stacking_rounds, p->n_stack);
    CHECK_MSG(s.num_commitments == commitments, "%s: %zu commitments opened, expected %zu", name, s.num_commitments,
              commitments);
    size_t R = p->whir.num_rounds, k = p->whir.k, m = p->l_skip + p->n_stack;
    CHECK_MSG(s.whir_rounds == R, "%s: %zu WHIR rounds, params %zu", name, s.whir_rounds, R);
    CHECK_MSG(s.whir_sumcheck_rounds == R * k, "%s: %zu WHIR sumcheck rounds, expected %zu", name, s.whir_sumcheck_rounds,
              R * k);
    if (m >= R * k)
        CHECK_MSG(s.whir_final_poly_len == ((size_t)1 << (m - R * k)), "%s: final poly length %zu, expected 2^%zu", name,
                  s.whir_final_poly_len, m - R * k);
    size_t q_total = 0;
    for (size_t r = 0; r < R && r < SWIRL_MAX_WHIR_ROUNDS; r++) q_total += p->whir.num_queries[r];
    CHECK_MSG(s.whir_queries == q_total, "%s: %zu WHIR queries, params %zu", name, s.whir_queries, q_total);
    swirl_proof_summary_free(&s);
}

/* The proof codec (conformance.md §7): decode -> encode gives the same bytes. */
static void check_codec(const char *name, const uint8_t *proof, size_t len) {
    swirl_proof pf;
    int rc = swirl_proof_decode(proof, len, &pf);
    CHECK_MSG(rc == SWIRL_OK, "%s: proof does not decode (%s)", name, swirl_status_str(rc));
    if (rc) return;
    swirl_writer w;
    swirl_writer_init(&w);
    CHECK_MSG(swirl_proof_encode(&pf, &w) == SWIRL_OK && w.len == len && !memcmp(w.buf, proof, len),
              "%s: decode -> encode changed the bytes (%zu -> %zu)", name, len, w.len);
    swirl_writer_free(&w);
    swirl_proof_free(&pf);
}

enum { CP_DETERMINISM = 1 };

/* Keygen + prove + verify of one fixture, with every check of a happy path. Returns SWIRL_OK when
 * the proof verified. `flags`: CP_DETERMINISM proves twice and compares the bytes. */
static int happy(const char *name, const swirl_system_params *p, swirl_air *const *airs, size_t n,
                 const swirl_air_inputs *in, int flags) {
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    uint8_t *proof = NULL;
    size_t len = 0;
    int rc = swirl_keygen(ctx, p, airs, n, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: keygen %s: %s", name, swirl_status_str(rc), e.message);
    if (rc) goto out;
    rc = swirl_prove(ctx, pk, in, n, &proof, &len, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: prove %s: %s", name, swirl_status_str(rc), e.message);
    if (rc) goto out;
    rc = swirl_verify(vk, proof, len, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: verify %s (detail %d): %s", name, swirl_status_str(rc), e.detail, e.message);
    check_shape(name, vk, in, n, proof, len);
    check_codec(name, proof, len);
    if (flags & CP_DETERMINISM) {
        uint8_t *again = NULL;
        size_t len2 = 0;
        CHECK_MSG(swirl_prove(ctx, pk, in, n, &again, &len2, &e) == SWIRL_OK && len2 == len && !memcmp(again, proof, len),
                  "%s: a second proof differs", name);
        swirl_bytes_free(again);
    }
out:
    swirl_bytes_free(proof);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    return rc;
}

/* A statement that must not be provable: swirl_prove fails with SWIRL_ERR_TRACE (an unbalanced
 * bus is refused by the prover), or its bytes are rejected by swirl_verify with a detail. */
static void rejected(const char *name, const swirl_system_params *p, swirl_air *const *airs, size_t n,
                     const swirl_air_inputs *in) {
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    uint8_t *proof = NULL;
    size_t len = 0;
    int rc = swirl_keygen(ctx, p, airs, n, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: keygen %s: %s", name, swirl_status_str(rc), e.message);
    if (rc == SWIRL_OK) {
        rc = swirl_prove(ctx, pk, in, n, &proof, &len, &e);
        if (rc == SWIRL_OK) {
            memset(&e, 0, sizeof e);
            int vrc = swirl_verify(vk, proof, len, &e);
            CHECK_MSG(vrc == SWIRL_ERR_VERIFY && e.detail != 0, "%s: proof of a false statement: verify %s (detail %d)", name,
                      swirl_status_str(vrc), e.detail);
        } else {
            CHECK_MSG(rc == SWIRL_ERR_TRACE, "%s: prove refused with %s, expected SWIRL_ERR_TRACE: %s", name,
                      swirl_status_str(rc), e.message);
        }
    }
    swirl_bytes_free(proof);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
}

/* Runs a built-in scenario (the reference's fixtures) under params p. */
static int builtin_happy(const char *label, const char *scenario, size_t size, uint64_t seed, const swirl_system_params *p,
                         int flags) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    char name[128];
    snprintf(name, sizeof name, "%s(%s/%zu)", label, scenario, size);
    int rc = swirl_builtin_scenario(scenario, size, seed, &b, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: scenario: %s", name, e.message);
    if (rc == SWIRL_OK) rc = happy(name, p, b->airs, b->num_airs, b->inputs, flags);
    swirl_builtin_free(b);
    return rc;
}

static void free_airs(swirl_air **airs, size_t n) {
    for (size_t i = 0; i < n; i++) swirl_air_free(airs[i]);
}

/* ---- 1. proof shape ------------------------------------------------------------------------------ */

/* proof_shape_verifier: fib (h = 3), InteractionsFixture11, CachedFixture11 and PreprocessedFibFixture
 * (h = 3) under the default test preset; check_shape() is the shape check. */
static void test_proof_shape_verifier(void) {
    builtin_happy("proof_shape_verifier", "fib", 3, 0, &P_default, CP_DETERMINISM);
    builtin_happy("proof_shape_verifier", "interactions", 0, 0, &P_default, CP_DETERMINISM);
    builtin_happy("proof_shape_verifier", "cached", 0, 0, &P_default, CP_DETERMINISM);
    builtin_happy("proof_shape_verifier", "fib_selector", 3, 0, &P_default, CP_DETERMINISM);
}

/* proof_shape_verifier_rng_system_params: random SystemParams (l_skip 1-2, n_stack 8-9, k_whir 1-4,
 * log_blowup 1-3, 1-2 WHIR rounds of 1-10 queries, PoW bits 1, w_stack 16, SplitUniqueList{3, 1},
 * logup = log_up_security_params_baby_bear_100_bits(0.0)); InteractionsFixture11 under each.
 * The reference draws from StdRng::from_seed([228; 32]); we draw from splitmix64 seeded with 228,
 * so the sets differ but the ranges are the same. Every set is one the reference accepts, so
 * swirl_params_validate must accept it too. */
static void whir_params_case(size_t l_skip, size_t n_stack, size_t k, size_t log_blowup, size_t R, const size_t *queries) {
    swirl_system_params p;
    memset(&p, 0, sizeof p);
    int rc = swirl_params_test_small(l_skip, n_stack, k, &p);
    CHECK_MSG(rc == SWIRL_OK, "swirl_params_test_small(%zu, %zu, %zu): %s", l_skip, n_stack, k, swirl_status_str(rc));
    p.l_skip = l_skip;
    p.n_stack = n_stack;
    p.w_stack = 16;
    p.log_blowup = log_blowup;
    p.whir.k = k;
    p.whir.num_rounds = R;
    for (size_t r = 0; r < SWIRL_MAX_WHIR_ROUNDS; r++) p.whir.num_queries[r] = r < R ? queries[r] : 0;
    p.whir.mu_pow_bits = p.whir.query_phase_pow_bits = p.whir.folding_pow_bits = 1;
    p.whir.proximity.kind = SWIRL_PROX_SPLIT_UNIQUE_LIST;
    p.whir.proximity.m = 3;
    p.whir.proximity.list_start_round = 1;
    p.logup = P_logup100.logup;
    p.max_constraint_degree = 3;
    char name[160], q[32];
    if (R > 1) snprintf(q, sizeof q, "%zu,%zu", queries[0], queries[1]);
    else snprintf(q, sizeof q, "%zu", queries[0]);
    snprintf(name, sizeof name, "rng_system_params(l_skip=%zu n_stack=%zu k=%zu log_blowup=%zu queries=[%s])", l_skip, n_stack,
             k, log_blowup, q);
    int vrc = swirl_params_validate(&p);
    CHECK_MSG(vrc == SWIRL_OK, "%s: swirl_params_validate rejects a set the reference accepts (%s)", name, swirl_status_str(vrc));
    if (vrc == SWIRL_OK) builtin_happy(name, "interactions", 0, 0, &p, 0);
}

/* `count` draws from the reference's ranges */
static void rng_params_run(int count, uint64_t seed) {
    t_seed(seed);
    for (int it = 0; it < count; it++) {
        size_t l_skip = 1 + (size_t)(t_rand64() % 2), n_stack = 8 + (size_t)(t_rand64() % 2);
        size_t k = 1 + (size_t)(t_rand64() % 4), log_blowup = 1 + (size_t)(t_rand64() % 3), R = 1 + (size_t)(t_rand64() % 2);
        size_t q[2];
        for (size_t r = 0; r < R; r++) q[r] = 1 + (size_t)(t_rand64() % 10);
        whir_params_case(l_skip, n_stack, k, log_blowup, R, q);
    }
}

/* Every (l_skip, n_stack, k, log_blowup, rounds) of the reference's ranges (96 sets); query counts
 * drawn, or (all_queries) every query count 1-10 of every round. */
static void rng_params_sweep(int all_queries, uint64_t seed) {
    t_seed(seed);
    for (size_t l_skip = 1; l_skip <= 2; l_skip++)
        for (size_t n_stack = 8; n_stack <= 9; n_stack++)
            for (size_t k = 1; k <= 4; k++)
                for (size_t lb = 1; lb <= 3; lb++)
                    for (size_t R = 1; R <= 2; R++) {
                        if (!all_queries) {
                            size_t q[2] = {1 + (size_t)(t_rand64() % 10), 1 + (size_t)(t_rand64() % 10)};
                            whir_params_case(l_skip, n_stack, k, lb, R, q);
                            continue;
                        }
                        for (size_t q0 = 1; q0 <= 10; q0++)
                            for (size_t q1 = 1; q1 <= (R > 1 ? 10u : 1u); q1++) {
                                size_t q[2] = {q0, q1};
                                whir_params_case(l_skip, n_stack, k, lb, R, q);
                            }
                    }
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
        CHECK_MSG(rc != SWIRL_OK && e.message[0], "a preprocessed trace of height 2^%u was accepted by keygen", h);
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

/* fib_air_roundtrip(l_skip, h): n_stack 8, w_stack 8, log_blowup 1, WhirConfig::new(1, l_skip + 8,
 * {k 4, log_final_poly_len 4, query pow 1, folding pow 11, mu pow 10, UniqueDecoding}, 80 bits),
 * logup 100 bits, FibFixture(0, 1, 2^h). */
static int fib_roundtrip_params(size_t l_skip, swirl_system_params *p) {
    memset(p, 0, sizeof *p);
    p->l_skip = l_skip;
    p->n_stack = 8;
    p->w_stack = 8;
    p->log_blowup = 1;
    swirl_proximity unique = {SWIRL_PROX_UNIQUE, 0, 0};
    int rc = swirl_whir_config_derive(1, l_skip + 8, 4, 4, 10, 1, 11, unique, 80, &p->whir);
    p->logup = P_logup100.logup;
    p->max_constraint_degree = 3;
    return rc;
}

static void fib_air_roundtrip(size_t l_skip, unsigned h) {
    char name[96];
    snprintf(name, sizeof name, "fib_air_roundtrip(l_skip=%zu, h=%u)", l_skip, h);
    swirl_system_params p;
    int rc = fib_roundtrip_params(l_skip, &p);
    CHECK_MSG(rc == SWIRL_OK, "%s: swirl_whir_config_derive: %s", name, swirl_status_str(rc));
    rc = swirl_params_validate(&p);
    CHECK_MSG(rc == SWIRL_OK, "%s: swirl_params_validate: %s", name, swirl_status_str(rc));
    if (rc) return;
    swirl_air *a = swirl_fib_air();
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, h, &t, pv) == SWIRL_OK);
    swirl_air_inputs in = {.common_main = &t, .public_values = pv, .num_public_values = 3};
    happy(name, &p, &a, 1, &in, 0);
    swirl_trace_free(&t);
    swirl_air_free(a);
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

/* DummyInteractionChip data: n rows of count + w fields -> traces (partitioned: cached fields) */
typedef struct {
    swirl_trace common, cached;
    swirl_air_inputs in;
} chip_traces;

static void chip_load(chip_traces *c, size_t w, int partition, const uint32_t *counts, const uint32_t *fields, size_t n) {
    memset(c, 0, sizeof *c);
    int rc = swirl_dummy_interaction_traces(w, partition, counts, fields, n, &c->common, partition ? &c->cached : NULL);
    CHECK_MSG(rc == SWIRL_OK, "swirl_dummy_interaction_traces: %s", swirl_status_str(rc));
    c->in.common_main = &c->common;
    if (partition) {
        c->in.cached_mains = &c->cached;
        c->in.num_cached_mains = 1;
    }
}

static void chip_free(chip_traces *c) {
    swirl_trace_free(&c->common);
    swirl_trace_free(&c->cached);
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
        CHECK_MSG(rc != SWIRL_OK, "optional_air: a proof with no AIR present was produced");
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
            CHECK_MSG(rc != SWIRL_OK && e.message[0], "optional_air: required AIR absent was not refused by swirl_prove");
            swirl_bytes_free(proof);
            proof = NULL;
            /* the proof without fib under the all-optional key does not verify under the required key */
            rc = swirl_prove(ctx, pk, in, 4, &proof, &len, &e);
            if (rc == SWIRL_OK) {
                rc = swirl_verify(vk2, proof, len, &e);
                CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail != 0, "optional_air: proof without a required AIR verified (%s)",
                          swirl_status_str(rc));
            } else CHECK(0);
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

/* ---- interaction fixtures (RowMajorMatrix of (count, field) rows on bus 0) ------------------------ */

static void dummy_fixture(const char *name, int expect_ok, size_t n, const int *is_send, uint32_t *const *vals,
                          const size_t *rows) {
    swirl_air *airs[4];
    swirl_trace tr[4];
    swirl_air_inputs in[4];
    memset(in, 0, sizeof in);
    for (size_t i = 0; i < n; i++) {
        airs[i] = swirl_dummy_interaction_air(1, is_send[i], 0, 0, 0);
        tr[i].values = vals[i];
        tr[i].height = rows[i];
        tr[i].width = 2;
        in[i].common_main = &tr[i];
    }
    if (expect_ok) happy(name, &P_default, airs, n, in, CP_DETERMINISM);
    else rejected(name, &P_default, airs, n, in);
    free_airs(airs, n);
}

static void test_interaction_fixtures(void) {
    /* interaction_all_zero_sender: one sender whose counts are all 0 */
    {
        uint32_t s[8] = {0, 1, 0, 5, 0, 4, 0, 889};
        uint32_t *v[1] = {s};
        size_t rows[1] = {4};
        int send[1] = {1};
        dummy_fixture("interaction_all_zero_sender", 1, 1, send, v, rows);
    }
    /* interaction_multi_senders (+ _neg: sender1's count 6 -> 5) */
    {
        uint32_t s1[8] = {0, 1, 3, 5, 6, 4, 333, 889}, s2[4] = {1, 4, 213, 889};
        uint32_t r[16] = {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 1, 889, 0, 456};
        uint32_t *v[3] = {s1, s2, r};
        size_t rows[3] = {4, 2, 8};
        int send[3] = {1, 1, 0};
        dummy_fixture("interaction_multi_senders", 1, 3, send, v, rows);
        s1[4] = 5;
        dummy_fixture("interaction_multi_senders_neg", 0, 3, send, v, rows);
    }
    /* interaction_multi_sender_receiver */
    {
        uint32_t s1[8] = {0, 1, 3, 5, 6, 4, 333, 889}, s2[4] = {1, 4, 213, 889};
        uint32_t r1[16] = {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 0, 289, 0, 456}, r2[2] = {1, 889};
        uint32_t *v[4] = {s1, s2, r1, r2};
        size_t rows[4] = {4, 2, 8, 1};
        int send[4] = {1, 1, 0, 0};
        dummy_fixture("interaction_multi_sender_receiver", 1, 4, send, v, rows);
    }
    /* interaction_multi_rows_neg: the receiver's count of 889 is 545, the sender's 546 */
    {
        uint32_t s[8] = {0, 1, 3, 5, 7, 4, 546, 0};
        uint32_t r[16] = {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 0, 0, 0, 0, 456};
        uint32_t *v[2] = {s, r};
        size_t rows[2] = {4, 8};
        int send[2] = {1, 0};
        dummy_fixture("interaction_multi_rows_neg", 0, 2, send, v, rows);
    }
}

/* ---- cached traces ------------------------------------------------------------------------------ */

/* interaction_cached_trace_neg (reference fixture): a partitioned receiver with 2 fields whose
 * message [889, 10] has no sender; the statement must not be provable. */
static void test_interaction_cached_trace_neg_reference(void) {
    static const uint32_t sc[4] = {0, 7, 3, 546}, sf[8] = {1, 1, 4, 2, 5, 1, 889, 4};
    static const uint32_t rc_[8] = {1, 3, 4, 2, 0, 545, 1, 0};
    static const uint32_t rf[16] = {5, 1, 4, 2, 4, 2, 5, 1, 123, 3, 889, 4, 889, 10, 456, 5};
    swirl_air *airs[2] = {swirl_dummy_interaction_air(2, 0, 0, 1, 0), swirl_dummy_interaction_air(2, 1, 0, 0, 0)};
    chip_traces r, s;
    chip_load(&r, 2, 1, rc_, rf, 8);
    chip_load(&s, 2, 0, sc, sf, 4);
    swirl_air_inputs in[2] = {r.in, s.in};
    rejected("interaction_cached_trace_neg", &P_default, airs, 2, in);
    chip_free(&r);
    chip_free(&s);
    free_airs(airs, 2);
}

static void digest_of_proof(const uint8_t *proof, size_t len, size_t air, size_t part, uint32_t out[8]) {
    swirl_proof pf;
    memset(out, 0xff, 8 * sizeof *out);
    if (swirl_proof_decode(proof, len, &pf) != SWIRL_OK) return;
    if (air < pf.num_airs && pf.vdata[air].present && part < pf.vdata[air].num_cached)
        memcpy(out, pf.vdata[air].cached[part].v, 8 * sizeof *out);
    swirl_proof_free(&pf);
}

/* Cached commitments made once with swirl_commit_cached_main (CachedFixture11):
 *  - a proof with the commitments equals the proof where the prover commits itself, carries the
 *    commitment's root, and verifies; the same commitments serve a second proof with other
 *    (balanced) counts;
 *  - interaction_cached_trace_neg as the brief states it: the cached trace altered after its
 *    commitment (alone: the bus no longer balances; together with the matching sender field: the
 *    altered traces balance but the committed one does not) is never accepted;
 *  - a commitment of another trace (wrong height) is never accepted. */
static void test_cached_commitments(void) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    int rc = swirl_builtin_scenario("cached", 0, 0, &b, &e);
    CHECK_MSG(rc == SWIRL_OK, "cached: %s", e.message);
    if (rc) return;
    rc = swirl_keygen(ctx, &P_default, b->airs, b->num_airs, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "cached: keygen %s", e.message);
    if (rc) { swirl_builtin_free(b); return; }
    swirl_committed_trace *c[2] = {NULL, NULL}, *c_again = NULL;
    for (int i = 0; i < 2; i++) {
        rc = swirl_commit_cached_main(ctx, vk, &b->inputs[i].cached_mains[0], &c[i], &e);
        CHECK_MSG(rc == SWIRL_OK && c[i], "swirl_commit_cached_main(AIR %d): %s: %s", i, swirl_status_str(rc), e.message);
    }
    CHECK(swirl_commit_cached_main(ctx, vk, &b->inputs[1].cached_mains[0], &c_again, &e) == SWIRL_OK);
    if (!c[0] || !c[1] || !c_again) goto out;
    uint32_t root0[8], root1[8], root_again[8], in_proof[8];
    swirl_committed_trace_root(c[0], root0);
    swirl_committed_trace_root(c[1], root1);
    swirl_committed_trace_root(c_again, root_again);
    CHECK_MSG(memcmp(root0, root1, sizeof root0) != 0, "two different cached traces have the same root");
    CHECK_MSG(!memcmp(root1, root_again, sizeof root1), "committing the same trace twice gave two roots");
    for (int i = 0; i < 8; i++) CHECK(root0[i] < SWIRL_P && root1[i] < SWIRL_P);

    const swirl_committed_trace *cc0[1] = {c[0]}, *cc1[1] = {c[1]};
    swirl_air_inputs in[2];
    memcpy(in, b->inputs, sizeof in);
    in[0].cached_commitments = cc0;
    in[1].cached_commitments = cc1;
    uint8_t *plain = NULL, *with = NULL, *second = NULL, *bad = NULL;
    size_t lplain = 0, lwith = 0, lsecond = 0, lbad = 0;
    CHECK(swirl_prove(ctx, pk, b->inputs, 2, &plain, &lplain, &e) == SWIRL_OK);
    rc = swirl_prove(ctx, pk, in, 2, &with, &lwith, &e);
    CHECK_MSG(rc == SWIRL_OK, "cached commitments: prove %s: %s", swirl_status_str(rc), e.message);
    if (rc == SWIRL_OK) {
        rc = swirl_verify(vk, with, lwith, &e);
        CHECK_MSG(rc == SWIRL_OK, "cached commitments: verify %s: %s", swirl_status_str(rc), e.message);
        check_shape("cached commitments", vk, in, 2, with, lwith);
        check_codec("cached commitments", with, lwith);
        CHECK_MSG(plain && lplain == lwith && !memcmp(plain, with, lwith),
                  "a proof from pre-made commitments differs from the prover's own commitments");
        digest_of_proof(with, lwith, 1, 0, in_proof);
        CHECK_MSG(!memcmp(in_proof, root1, sizeof root1), "the proof does not carry swirl_committed_trace_root");
    }
    /* second proof, same commitments, receiver counts moved between the two rows of message 5 */
    {
        const swirl_trace *rcm = b->inputs[1].common_main;
        CHECK(rcm->height == 8 && rcm->width == 1 && rcm->values[0] == 1 && rcm->values[3] == 2);
        uint32_t counts[8];
        memcpy(counts, rcm->values, sizeof counts);
        counts[0] = 0;
        counts[3] = 3;
        swirl_trace moved = {counts, 8, 1};
        in[1].common_main = &moved;
        rc = swirl_prove(ctx, pk, in, 2, &second, &lsecond, &e);
        CHECK_MSG(rc == SWIRL_OK, "cached commitments reused: prove %s: %s", swirl_status_str(rc), e.message);
        if (rc == SWIRL_OK) {
            rc = swirl_verify(vk, second, lsecond, &e);
            CHECK_MSG(rc == SWIRL_OK, "cached commitments reused: verify %s: %s", swirl_status_str(rc), e.message);
            CHECK(!(with && lsecond == lwith && !memcmp(second, with, lwith)));
            digest_of_proof(second, lsecond, 1, 0, in_proof);
            CHECK_MSG(!memcmp(in_proof, root1, sizeof root1), "the second proof does not carry the same root");
        }
        in[1].common_main = b->inputs[1].common_main;
    }
    /* negatives: the receiver's cached trace altered after its commitment */
    {
        swirl_trace *rcached = (swirl_trace *)&b->inputs[1].cached_mains[0];
        swirl_trace *scached = (swirl_trace *)&b->inputs[0].cached_mains[0];
        CHECK(rcached->values[5] == 889 && rcached->values[6] == 889 && scached->values[3] == 889);
        /* (a) the receiver's message 889 -> 890 (rows 5 and 6) alone */
        rcached->values[5] = rcached->values[6] = 890;
        rc = swirl_prove(ctx, pk, in, 2, &bad, &lbad, &e);
        if (rc == SWIRL_OK) { /* (a prover error, SWIRL_ERR_TRACE for the unbalanced bus, is the other acceptable outcome) */
            rc = swirl_verify(vk, bad, lbad, &e);
            CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail != 0, "interaction_cached_trace_neg (a): verify %s", swirl_status_str(rc));
        }
        swirl_bytes_free(bad);
        bad = NULL;
        /* (b) the sender's field too, with the sender committed by the prover: the traces passed
         * balance, the committed receiver trace does not */
        scached->values[3] = 890;
        in[0].cached_commitments = NULL;
        rc = swirl_prove(ctx, pk, in, 2, &bad, &lbad, &e);
        if (rc == SWIRL_OK) {
            rc = swirl_verify(vk, bad, lbad, &e);
            CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail != 0,
                      "interaction_cached_trace_neg (b): altered cached trace with the original commitment: verify %s",
                      swirl_status_str(rc));
            printf("    (b) altered cached trace + original commitment: proved, verify %s (detail %d)\n", swirl_status_str(rc), e.detail);
        } else {
            printf("    (b) altered cached trace + original commitment: swirl_prove %s: %s\n", swirl_status_str(rc), e.message);
        }
        swirl_bytes_free(bad);
        bad = NULL;
        /* sanity: the same altered traces without commitments are a true statement */
        in[1].cached_commitments = NULL;
        rc = swirl_prove(ctx, pk, in, 2, &bad, &lbad, &e);
        CHECK_MSG(rc == SWIRL_OK && swirl_verify(vk, bad, lbad, &e) == SWIRL_OK,
                  "altered but consistent traces committed by the prover: %s", e.message);
        swirl_bytes_free(bad);
        bad = NULL;
        rcached->values[5] = rcached->values[6] = 889;
        scached->values[3] = 889;
        /* (c) the sender's commitment (4 rows) passed for the receiver (8 rows) */
        in[0].cached_commitments = cc0;
        in[1].cached_commitments = cc0;
        rc = swirl_prove(ctx, pk, in, 2, &bad, &lbad, &e);
        if (rc == SWIRL_OK) {
            rc = swirl_verify(vk, bad, lbad, &e);
            CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail != 0, "another trace's commitment: verify %s", swirl_status_str(rc));
        }
        swirl_bytes_free(bad);
        bad = NULL;
    }
    swirl_bytes_free(plain);
    swirl_bytes_free(with);
    swirl_bytes_free(second);
out:
    swirl_committed_trace_free(c[0]);
    swirl_committed_trace_free(c[1]);
    swirl_committed_trace_free(c_again);
    swirl_committed_trace_free(NULL);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_builtin_free(b);
}

/* partitioned_sum_air (stark-backend tests/partitioned_sum_air.rs): SumAir(5), 8 rows, y < 1000,
 * the cached part committed before proving; _neg: x[0] = 0, the proof is rejected. */
static void test_partitioned_sum_air(void) {
    swirl_air *a = swirl_partitioned_sum_air(5);
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    int rc = swirl_keygen(ctx, &P_default, &a, 1, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air: keygen %s", e.message);
    swirl_trace x, y;
    CHECK(swirl_partitioned_sum_traces(5, 3, 0, &x, &y) == SWIRL_OK);
    swirl_committed_trace *cy = NULL;
    if (rc == SWIRL_OK) {
        rc = swirl_commit_cached_main(ctx, vk, &y, &cy, &e);
        CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air: swirl_commit_cached_main %s: %s", swirl_status_str(rc), e.message);
    }
    if (rc == SWIRL_OK) {
        const swirl_committed_trace *cc[1] = {cy};
        swirl_air_inputs in = {.common_main = &x, .cached_mains = &y, .num_cached_mains = 1, .cached_commitments = cc};
        uint8_t *proof = NULL;
        size_t len = 0;
        rc = swirl_prove(ctx, pk, &in, 1, &proof, &len, &e);
        CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air: prove %s: %s", swirl_status_str(rc), e.message);
        if (rc == SWIRL_OK) {
            rc = swirl_verify(vk, proof, len, &e);
            CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air: verify %s: %s", swirl_status_str(rc), e.message);
            check_shape("partitioned_sum_air", vk, &in, 1, proof, len);
            check_codec("partitioned_sum_air", proof, len);
        }
        swirl_bytes_free(proof);
        proof = NULL;
        /* _neg: a violated row sum still yields bytes (no bus), and the verifier rejects them */
        CHECK(x.values[0] != 0);
        x.values[0] = 0;
        for (int with_commit = 1; with_commit >= 0; with_commit--) {
            in.cached_commitments = with_commit ? cc : NULL;
            rc = swirl_prove(ctx, pk, &in, 1, &proof, &len, &e);
            CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air_neg: prove %s (constraint violations must still give bytes): %s",
                      swirl_status_str(rc), e.message);
            if (rc == SWIRL_OK) {
                memset(&e, 0, sizeof e);
                rc = swirl_verify(vk, proof, len, &e);
                CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail != 0, "partitioned_sum_air_neg (commitment %d): verify %s (detail %d)",
                          with_commit, swirl_status_str(rc), e.detail);
            }
            swirl_bytes_free(proof);
            proof = NULL;
        }
    }
    swirl_committed_trace_free(cy);
    swirl_trace_free(&x);
    swirl_trace_free(&y);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(a);
}

/* ---- 3. batch_sumcheck_zero_interactions_malleable_q0 ----------------------------------------------
 * fib (h = 4), no interactions: the honest proof has q0_claim = 1 and no GKR layers; the same proof
 * with q0_claim = 2 is rejected with InvalidZeroRoundValue (the proof is re-encoded with the
 * internal codec, since the public API has no proof editing). */
static void test_malleable_q0(void) {
    swirl_air *a = swirl_fib_air();
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, 4, &t, pv) == SWIRL_OK);
    swirl_air_inputs in = {.common_main = &t, .public_values = pv, .num_public_values = 3};
    uint8_t *proof = NULL;
    size_t len = 0;
    if (swirl_keygen(ctx, &P_default, &a, 1, &pk, &vk, &e) == SWIRL_OK && swirl_prove(ctx, pk, &in, 1, &proof, &len, &e) == SWIRL_OK) {
        swirl_proof pf;
        if (swirl_proof_decode(proof, len, &pf) == SWIRL_OK) {
            CHECK_MSG(ef_eq(pf.gkr.q0_claim, ef_one()) && pf.gkr.num_layers == 0, "malleable_q0: honest q0_claim != 1");
            pf.gkr.q0_claim = ef_from_bb(2);
            swirl_writer w;
            swirl_writer_init(&w);
            CHECK(swirl_proof_encode(&pf, &w) == SWIRL_OK);
            memset(&e, 0, sizeof e);
            int rc = swirl_verify(vk, w.buf, w.len, &e);
            CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_GKR_ERR_INVALID_ZERO_ROUND_VALUE,
                      "batch_sumcheck_zero_interactions_malleable_q0: verify %s detail %d (%s)", swirl_status_str(rc), e.detail,
                      e.message);
            swirl_writer_free(&w);
            swirl_proof_free(&pf);
        } else CHECK(0);
    } else CHECK_MSG(0, "malleable_q0: %s", e.message);
    swirl_bytes_free(proof);
    swirl_trace_free(&t);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(a);
}

/* ---- setup -------------------------------------------------------------------------------------- */

static void conformance_setup(void) {
    const char *be = getenv("SWIRL_CONFORMANCE_BACKEND");
    swirl_backend_kind kind = SWIRL_BACKEND_CPU;
    if (be && !strcmp(be, "cuda")) kind = SWIRL_BACKEND_CUDA;
    if (be && !strcmp(be, "auto")) kind = SWIRL_BACKEND_AUTO;
    swirl_error e = {0};
    int rc = swirl_ctx_create(2, kind, &ctx, &e);
    CHECK_MSG(rc == SWIRL_OK, "swirl_ctx_create: %s", e.message);
    if (rc) exit(t_summary("conformance"));
    printf("backend: %s\n", swirl_ctx_backend_name(ctx));
    CHECK(swirl_params_default_test(&P_default) == SWIRL_OK);
    CHECK(swirl_params_app(21, &P_logup100) == SWIRL_OK);
    /* log_up_security_params_baby_bear_100_bits(0.0) */
    CHECK(P_logup100.logup.max_interaction_count == SWIRL_P && P_logup100.logup.log_max_message_length == 7 &&
          P_logup100.logup.pow_bits == 18);
}

#ifndef CONFORMANCE_NO_MAIN
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define RUN(fn) do { double _t = now_s(); int _f = t_fail; fn(); \
    printf("  %-48s %7.2f s%s\n", #fn, now_s() - _t, t_fail != _f ? "  FAILED" : ""); fflush(stdout); } while (0)

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
    RUN(test_interaction_fixtures);
    RUN(test_interaction_cached_trace_neg_reference);
    RUN(test_cached_commitments);
    RUN(test_partitioned_sum_air);
    RUN(test_malleable_q0);
    swirl_ctx_free(ctx);
    return t_summary("test_conformance");
}
#endif
