/* conformance_util.h — what the conformance tests share (test_conformance.c,
 * test_conformance_buses.c, test_long_conformance.c): the context and presets, check_proof() and
 * the happy / rejected drivers, the parameter-sweep and fib round-trip scenarios the long suite
 * reruns at larger sizes, and the RUN timer.
 *
 * Every proof made through these helpers goes through check_proof(): swirl_verify must accept it,
 * the standalone shape summary (swirl_proof_summarize) must match the key, the parameters and the
 * inputs (the reference's proof_shape_verifier), and the bytes must survive decode -> encode
 * unchanged (the reference's proof_codec round trip). Negative scenarios assert the exact failure:
 * SWIRL_ERR_TRACE from swirl_prove for an unbalanced bus (NonZeroRootSum), or SWIRL_ERR_VERIFY
 * with the detail and message of the check that rejects. The backend is the CPU one unless SWIRL_CONFORMANCE_BACKEND is "cuda" or "auto". */
#ifndef SWIRL_CONFORMANCE_UTIL_H
#define SWIRL_CONFORMANCE_UTIL_H
#include <stdlib.h>
#include <string.h>
#include "codec/bytes.h"
#include "field/babybear.h"
#include "iop/gkr.h"
#include "iop/proof.h"
#include "swirl.h"
#include "swirl_scenarios.h"
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

/* A statement that must not be provable, with its exact outcome: want_status SWIRL_ERR_TRACE means
 * swirl_prove refuses it (an unbalanced bus: the GKR root sum is not zero) with a message
 * containing want_substr; SWIRL_ERR_VERIFY means swirl_prove makes bytes (a violated constraint
 * is not the prover's to check) and swirl_verify rejects them with detail want_detail and a
 * message containing want_substr. */
static void rejected(const char *name, const swirl_system_params *p, swirl_air *const *airs, size_t n,
                     const swirl_air_inputs *in, int want_status, int want_detail, const char *want_substr) {
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    uint8_t *proof = NULL;
    size_t len = 0;
    int rc = swirl_keygen(ctx, p, airs, n, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: keygen %s: %s", name, swirl_status_str(rc), e.message);
    if (rc == SWIRL_OK) {
        memset(&e, 0, sizeof e);
        rc = swirl_prove(ctx, pk, in, n, &proof, &len, &e);
        if (want_status == SWIRL_ERR_TRACE) {
            CHECK_MSG(rc == SWIRL_ERR_TRACE && strstr(e.message, want_substr),
                      "%s: prove %s (%s), expected SWIRL_ERR_TRACE containing \"%s\"", name, swirl_status_str(rc), e.message,
                      want_substr);
        } else {
            CHECK_MSG(rc == SWIRL_OK, "%s: prove %s (%s), expected bytes for the verifier", name, swirl_status_str(rc),
                      e.message);
            if (rc == SWIRL_OK) {
                memset(&e, 0, sizeof e);
                int vrc = swirl_verify(vk, proof, len, &e);
                CHECK_MSG(vrc == want_status && e.detail == want_detail && strstr(e.message, want_substr),
                          "%s: proof of a false statement: verify %s detail %d (%s), expected %s detail %d \"%s\"", name,
                          swirl_status_str(vrc), e.detail, e.message, swirl_status_str(want_status), want_detail, want_substr);
            }
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

#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define RUN(fn) do { double _t = now_s(); int _f = t_fail; fn(); \
    printf("  %-48s %7.2f s%s\n", #fn, now_s() - _t, t_fail != _f ? "  FAILED" : ""); fflush(stdout); } while (0)

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

/* ---- shared scenarios ---------------------------------------------------------------------- */

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

#endif
