/* test_soundness.c — the soundness calculator (src/pcs/soundness.c) against the reference's
 * tests (stark-backend v2.0.1 tests/soundness.rs, soundness/calculator.rs and soundness/vk.rs
 * unit tests, config.rs query tests) and against values worked out by hand from the formulas
 * (crypto_pcs.md §6.7). The hand values were evaluated with 40-digit arithmetic. */
#include <math.h>
#include <string.h>
#include "pcs/soundness.h"
#include "swirl.h"
#include "test_util.h"

#define TARGET 100.0

/* Reference circuit bounds (tests/soundness.rs). */
#define APP_MAX_CONSTRAINTS 5000
#define APP_NUM_AIRS 100
#define APP_MAX_LOG_HEIGHT 24
#define APP_NUM_COLUMNS 30000
#define APP_MAX_INTERACTIONS_PER_AIR 1000
#define REC_MAX_CONSTRAINTS 1000
#define REC_NUM_AIRS 50
#define REC_NUM_COLUMNS 2000
#define REC_MAX_INTERACTIONS_PER_AIR 100

static int verbose;

static int close_to(double a, double b, double tol) { return fabs(a - b) <= tol; }

/* check_soundness of tests/soundness.rs: num_stacked_columns = w_stack, degree from params. */
static int check_soundness(const swirl_system_params *p, size_t max_constraints, size_t num_airs,
                           size_t max_log_height, size_t num_columns, size_t max_interactions,
                           swirl_soundness_report *rep) {
    swirl_soundness_inputs in = {0};
    in.max_num_constraints_per_air = max_constraints;
    in.num_airs = num_airs;
    in.max_constraint_degree = p->max_constraint_degree;
    in.max_log_trace_height = max_log_height;
    in.num_trace_columns = num_columns;
    in.num_stacked_columns = p->w_stack;
    in.n_logup = swirl_soundness_n_logup_bound(p->l_skip, num_airs, max_interactions, max_log_height,
                                               p->logup.max_interaction_count);
    return swirl_soundness_evaluate(p, &in, rep);
}

/* Structural invariants every report must satisfy. */
static void check_report_consistency(const char *name, const swirl_soundness_report *r) {
    double min_total = INFINITY;
    const char *argmin = "";
    for (size_t i = 0; i < r->num_components; i++) {
        if (r->components[i].in_total && r->components[i].bits < min_total) {
            min_total = r->components[i].bits;
            argmin = r->components[i].name;
        }
    }
    CHECK_MSG(r->num_dropped == 0, "%s: %zu components dropped", name, r->num_dropped);
    CHECK_MSG(close_to(min_total, r->total_bits, 1e-12), "%s: total %.6f vs component min %.6f", name, r->total_bits,
              min_total);
    CHECK_MSG(strcmp(argmin, r->weakest) == 0, "%s: weakest %s vs %s", name, r->weakest, argmin);
    double expect = fmin(fmin(fmin(r->logup_bits, r->gkr_sumcheck_bits), fmin(r->gkr_batching_bits,
                                                                             r->zerocheck_sumcheck_bits)),
                         fmin(fmin(r->constraint_batching_bits, r->stacked_reduction_bits), r->whir_bits));
    CHECK_MSG(fabs(r->total_bits - expect) < 0.001, "%s: total is the min of the parts", name);
    /* whir_bits = min(mu, fold, shift, ood) and the combined terms never exceed their parts */
    double w = fmin(fmin(r->whir.mu_batching_bits, r->whir.fold_rbr_bits),
                    fmin(r->whir.shift_rbr_bits, r->whir.ood_rbr_bits));
    CHECK_MSG(close_to(w, r->whir_bits, 1e-12), "%s: whir_bits", name);
    CHECK(r->whir.fold_rbr_bits <= fmin(r->whir.proximity_gaps_bits, r->whir.sumcheck_bits));
    CHECK(r->whir.shift_rbr_bits <= fmin(r->whir.query_bits, r->whir.gamma_batching_bits));
}

/* ---- test_all_production_configs and the per-preset tests --------------------------------- */
static void test_production(void) {
    struct {
        const char *name;
        int which; /* 0 app(24), 1 leaf, 2 internal, 3 root, 4 hook, 5 app(21) */
        size_t max_constraints, num_airs, max_log_height, num_columns, max_interactions;
    } cfg[] = {
        {"App VM", 0, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, APP_MAX_LOG_HEIGHT, APP_NUM_COLUMNS,
         APP_MAX_INTERACTIONS_PER_AIR},
        {"Leaf", 1, REC_MAX_CONSTRAINTS, REC_NUM_AIRS, 20, REC_NUM_COLUMNS, REC_MAX_INTERACTIONS_PER_AIR},
        {"Internal", 2, REC_MAX_CONSTRAINTS, REC_NUM_AIRS, 19, REC_NUM_COLUMNS, REC_MAX_INTERACTIONS_PER_AIR},
        {"Root", 3, REC_MAX_CONSTRAINTS, REC_NUM_AIRS, 20, REC_NUM_COLUMNS, REC_MAX_INTERACTIONS_PER_AIR},
        {"Hook", 4, REC_MAX_CONSTRAINTS, REC_NUM_AIRS, 20, REC_NUM_COLUMNS, REC_MAX_INTERACTIONS_PER_AIR},
        /* test_root_aggregation_security uses max_log_height 21 (test_all_production_configs 20) */
        {"Root (h=21)", 3, REC_MAX_CONSTRAINTS, REC_NUM_AIRS, 21, REC_NUM_COLUMNS, REC_MAX_INTERACTIONS_PER_AIR},
        /* app_params_with_100_bits_security(21), the keccakf/bench preset (crypto_pcs.md §7.2) */
        {"App VM (21)", 5, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, 21, APP_NUM_COLUMNS, APP_MAX_INTERACTIONS_PER_AIR},
    };
    for (size_t i = 0; i < sizeof cfg / sizeof cfg[0]; i++) {
        swirl_system_params p;
        int rc = SWIRL_ERR_INTERNAL;
        switch (cfg[i].which) {
        case 0: rc = swirl_params_app(24, &p); break;
        case 1: rc = swirl_params_leaf(&p); break;
        case 2: rc = swirl_params_internal(&p); break;
        case 3: rc = swirl_params_root(&p); break;
        case 4: rc = swirl_params_hook(&p); break;
        case 5: rc = swirl_params_app(21, &p); break;
        }
        CHECK(rc == SWIRL_OK);
        swirl_soundness_report r;
        CHECK(check_soundness(&p, cfg[i].max_constraints, cfg[i].num_airs, cfg[i].max_log_height,
                              cfg[i].num_columns, cfg[i].max_interactions, &r) == SWIRL_OK);
        if (verbose) swirl_soundness_fprint(stdout, cfg[i].name, &r);
        CHECK_MSG(r.total_bits >= TARGET, "%s: got %.3f bits (weakest %s)", cfg[i].name, r.total_bits, r.weakest);
        CHECK(r.logup_bits > 0 && r.gkr_sumcheck_bits > 0 && r.gkr_batching_bits > 0 &&
              r.zerocheck_sumcheck_bits > 0 && r.constraint_batching_bits > 0 && r.stacked_reduction_bits > 0 &&
              r.whir_bits > 0);
        check_report_consistency(cfg[i].name, &r);
        /* params.c's LogUp PoW (log_up_security_params_baby_bear_100_bits) is the least grinding that
         * lifts this calculator's LogUp term to 100 bits, floored at 18 */
        double pre = swirl_soundness_logup(p.logup.max_interaction_count, p.logup.log_max_message_length,
                                           swirl_soundness_challenge_field_bits(), r.log2_pcs_list_size);
        double need = ceil(TARGET - pre);
        CHECK_EQ_U64(p.logup.pow_bits, need > 18.0 ? (size_t)need : 18);
        CHECK(r.logup_bits >= TARGET);
        printf("%-12s total %.4f bits (weakest %s) | logup %.2f zc %.2f cb %.2f stack %.2f whir %.4f\n",
               cfg[i].name, r.total_bits, r.weakest, r.logup_bits, r.zerocheck_sumcheck_bits,
               r.constraint_batching_bits, r.stacked_reduction_bits, r.whir_bits);
    }
}

/* ---- app(24): component values against independent hand evaluation ------------------------ */
static void test_app_hand_values(void) {
    const double tol = 1e-9;
    double p = swirl_soundness_base_field_order();
    CHECK(p == 2013265921.0);
    CHECK(close_to(swirl_soundness_challenge_field_bits(), 123.62756238530045163, tol));
    /* p = 7680 * 2^18 + 1 = 61440 * 2^15 + 1 = 1920 * 2^20 + 1 = 62914560 * 2^5 + 1 */
    CHECK(close_to(swirl_soundness_effective_pow_bits(18, p), 17.999812162028627838, tol));
    CHECK(close_to(swirl_soundness_effective_pow_bits(15, p), 14.999976519543086337, tol));
    CHECK(close_to(swirl_soundness_effective_pow_bits(20, p), 19.999248792659585791, tol));
    CHECK(close_to(swirl_soundness_effective_pow_bits(5, p), 4.9999999777855744456, tol));
    CHECK(swirl_soundness_effective_pow_bits(0, p) == 0.0);

    swirl_system_params sp;
    CHECK(swirl_params_app(24, &sp) == SWIRL_OK);
    swirl_soundness_report r;
    CHECK(check_soundness(&sp, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, APP_MAX_LOG_HEIGHT, APP_NUM_COLUMNS,
                          APP_MAX_INTERACTIONS_PER_AIR, &r) == SWIRL_OK);
    /* n_logup = min(ceil(log2 p) - 4, 7 + 10 + 24 - 4) = 27 */
    CHECK_EQ_U64(swirl_soundness_n_logup_bound(4, 100, 1000, 24, SWIRL_P), 27);
    CHECK(r.log2_pcs_list_size == 0.0);
    /* logup = cf - log2(2p) - 7 + eff(18) */
    CHECK_MSG(close_to(r.logup_bits, 102.72048395100396656, tol), "logup %.12f", r.logup_bits);
    CHECK(close_to(r.gkr_sumcheck_bits, 123.62756238530045163 - log2(3.0), tol));
    CHECK(close_to(r.gkr_batching_bits, 123.62756238530045163, tol));
    /* zerocheck: degree (3+1)(2^4-1) = 60; fused boundary 3 + 15 + 4999 = 5017; stacking 2*30000 */
    CHECK(close_to(r.zerocheck_sumcheck_bits, 117.72067178969193310, tol));
    CHECK(close_to(r.constraint_batching_bits, 111.33495316253615488, tol));
    CHECK(close_to(r.stacked_reduction_bits, 107.75488750502984606, tol));
    /* mu batching: cf - log2(2048 - 1) - 24 - 1 + eff(15) */
    CHECK_MSG(close_to(r.whir.mu_batching_bits, 102.62824351782012734, tol), "mu %.12f", r.whir.mu_batching_bits);
    const swirl_soundness_component *c;
    c = swirl_soundness_find(&r, "whir.mu_batching");
    CHECK(c && c->in_total && c->bits == r.whir.mu_batching_bits);
    /* round 0, sub-round 0: prox gaps cf - 23 - 1 + eff(5), sumcheck cf - log2 3 + eff(5), combined */
    c = swirl_soundness_find(&r, "whir.round0.fold0.prox_gaps");
    CHECK(c && close_to(c->bits, 104.62756236308602608, tol));
    c = swirl_soundness_find(&r, "whir.round0.sumcheck");
    CHECK(c && close_to(c->bits, 127.04259986236486990, tol));
    c = swirl_soundness_find(&r, "whir.round0.fold0");
    CHECK(c && c->in_total && close_to(c->bits, 104.62756210511207285, tol));
    CHECK(close_to(r.whir.fold_rbr_bits, 104.62756210511207285, tol)); /* the worst sub-round */
    /* round 0 queries: 193 draws of sample_bits(21), alpha = 3/4, one heavy residue, + eff(20) */
    c = swirl_soundness_find(&r, "whir.round0.queries");
    CHECK_MSG(c && close_to(c->bits, 100.10148610737553777, tol), "q0 %.12f", c ? c->bits : 0.0);
    c = swirl_soundness_find(&r, "whir.round0.gamma"); /* cf - log2(193 + 1) */
    CHECK(c && close_to(c->bits, 116.02764954311332395, tol));
    c = swirl_soundness_find(&r, "whir.round0.shift");
    CHECK(c && c->in_total && close_to(c->bits, 100.10146293779659058, tol));
    c = swirl_soundness_find(&r, "whir.round0.ood"); /* cf - 20 + 1 */
    CHECK(c && c->in_total && close_to(c->bits, 104.62756238530045163, tol));
    c = swirl_soundness_find(&r, "whir.round1.shift"); /* 88 queries at rate 2^-4 */
    CHECK(c && close_to(c->bits, 100.30250648829088156, tol));
    c = swirl_soundness_find(&r, "whir.round3.final"); /* 81 queries at rate 2^-10, gamma over 82 */
    CHECK(c && c->in_total && close_to(c->bits, 100.88516812927946068, tol));
    CHECK(swirl_soundness_find(&r, "whir.round3.ood") == NULL);
    CHECK(swirl_soundness_find(&r, "whir.round3.shift") == NULL);
    /* weakest: round 2, 81 queries at rate 2^-7 */
    c = swirl_soundness_find(&r, "whir.round2.queries");
    CHECK(c && close_to(c->bits, 100.08984104623176664, tol));
    CHECK_MSG(close_to(r.total_bits, 100.08983133159030998, tol), "total %.12f", r.total_bits);
    CHECK_MSG(strcmp(r.weakest, "whir.round2.shift") == 0, "weakest %s", r.weakest);
    CHECK(close_to(r.whir.query_bits, 100.08984104623176664, tol));
    /* OOD: cf - m_i + 1 with m_i = 20, 16, 12 after rounds 0, 1, 2; round 0 is the minimum */
    CHECK(close_to(r.whir.ood_rbr_bits, 104.62756238530045163, tol));
}

/* ---- list decoding (internal preset) against hand evaluation ------------------------------ */
static void test_internal_hand_values(void) {
    const double tol = 1e-9;
    swirl_system_params sp;
    CHECK(swirl_params_internal(&sp) == SWIRL_OK);
    swirl_soundness_report r;
    CHECK(check_soundness(&sp, REC_MAX_CONSTRAINTS, REC_NUM_AIRS, 19, REC_NUM_COLUMNS, REC_MAX_INTERACTIONS_PER_AIR,
                          &r) == SWIRL_OK);
    /* L_PCS = D_Y = (2 + 1/2) * 2^(3/2); it is also what params.c feeds the LogUp PoW choice */
    CHECK(close_to(r.log2_pcs_list_size, 2.8219280948873623479, tol));
    CHECK(close_to(r.log2_pcs_list_size, log2(2.5) + 1.5, 1e-12));
    CHECK(close_to(r.logup_bits, 100.89836804188202419, tol));
    /* mu: cf - log2(511) - log2(ceil(a)), a = 2 D_X D_Y^2 D_Z + (gamma n + 1) D_Y (m=2, 2^19, rate 2^-3) */
    double la, ll;
    swirl_soundness_bchks25_log2_a_bound(19, 3, 2, &la, &ll);
    CHECK_MSG(close_to(la, 32.528537326542729097, tol), "log2 a %.12f", la);
    CHECK(close_to(ll, 2.8219280948873623479, tol));
    CHECK_MSG(close_to(r.whir.mu_batching_bits, 102.10109437047968699, tol), "mu %.12f", r.whir.mu_batching_bits);
}

/* ---- calculator.rs unit tests ------------------------------------------------------------- */
static void ref_test_params(swirl_system_params *p) {
    memset(p, 0, sizeof *p);
    p->l_skip = 3;
    p->n_stack = 8;
    p->w_stack = 64;
    p->log_blowup = 1;
    p->whir.k = 4;
    p->whir.num_rounds = 2;
    p->whir.num_queries[0] = 36;
    p->whir.num_queries[1] = 18;
    p->whir.mu_pow_bits = 16;
    p->whir.query_phase_pow_bits = 16;
    p->whir.folding_pow_bits = 10;
    p->whir.proximity.kind = SWIRL_PROX_UNIQUE;
    p->logup.max_interaction_count = 1u << 20;
    p->logup.log_max_message_length = 4;
    p->logup.pow_bits = 16;
    p->max_constraint_degree = 5;
}

static void test_calculator_units(void) {
    const double cf = swirl_soundness_challenge_field_bits(), p = swirl_soundness_base_field_order();
    swirl_system_params sp;
    ref_test_params(&sp);

    /* test_soundness_calculation */
    swirl_soundness_inputs in = {0};
    in.max_num_constraints_per_air = 1000;
    in.num_airs = 50;
    in.max_constraint_degree = 4;
    in.max_log_trace_height = 24;
    in.num_trace_columns = 200;
    in.num_stacked_columns = 10;
    in.n_logup = 15;
    swirl_soundness_report r;
    CHECK(swirl_soundness_evaluate(&sp, &in, &r) == SWIRL_OK);
    CHECK(r.logup_bits > 0 && r.gkr_sumcheck_bits > 0 && r.gkr_batching_bits > 0 && r.zerocheck_sumcheck_bits > 0 &&
          r.constraint_batching_bits > 0 && r.stacked_reduction_bits > 0 && r.whir_bits > 0 && r.total_bits > 0);
    check_report_consistency("test_params", &r);
    /* explicit base field / challenge bits give the same as the defaults */
    swirl_soundness_report r2;
    in.base_field_order = p;
    in.challenge_field_bits = cf;
    CHECK(swirl_soundness_evaluate(&sp, &in, &r2) == SWIRL_OK && r2.total_bits == r.total_bits);

    /* test_whir_query_calculation */
    swirl_prox_regime ud = {0, 0};
    CHECK(swirl_soundness_min_whir_queries(ud, 100, 1) > 0);
    CHECK_EQ_U64(swirl_soundness_min_whir_queries(ud, 80, 1), 193); /* agrees with the presets */

    /* test_logup_soundness */
    double sec = swirl_soundness_logup(sp.logup.max_interaction_count, sp.logup.log_max_message_length, cf, 0.0) +
                 swirl_soundness_effective_pow_bits(sp.logup.pow_bits, p);
    CHECK(sec > TARGET);

    /* test_logup_list_size_is_security_penalty */
    double no_list = swirl_soundness_logup(1u << 20, 4, cf, 0.0);
    double with_list = swirl_soundness_logup(1u << 20, 4, cf, 5.0);
    CHECK(close_to(no_list - with_list, 5.0, 1e-9));

    /* test_fused_batch_constraint_boundary_soundness */
    double fb = swirl_soundness_constraint_batching(100.0, 11, 7, 3, 10, 4, 2.0);
    CHECK(close_to(fb, 100.0 - log2(fmax(3.0 + 7.0 + 10.0, 20.0)) - 2.0, 1e-9));

    /* test_whir_unique_decoding_security */
    double s1 = swirl_soundness_query_bits(ud, 100, 1), s2 = swirl_soundness_query_bits(ud, 100, 2);
    CHECK_MSG(fabs(s1 - 41.5) < 1.0, "expected ~41.5, got %f", s1);
    CHECK_MSG(fabs(s2 - 67.8) < 1.0, "expected ~67.8, got %f", s2);

    /* test_whir_gamma_batching_uses_list_size_and_full_batch_size */
    CHECK(close_to(swirl_soundness_whir_gamma_batching(100.0, 5, 3.0), 100.0 - log2(5.0) - 3.0, 1e-9));

    /* test_combine_security_bits_sums_errors_before_taking_log */
    CHECK(close_to(swirl_soundness_combine_bits(100.0, 100.0), 99.0, 1e-9));
    CHECK(swirl_soundness_combine_bits(INFINITY, 42.0) == 42.0);
    CHECK(swirl_soundness_combine_bits(42.0, INFINITY) == 42.0);

    /* test_bchks25_reference_m2_enforces_dz_ge_dy */
    double dx, dy, dz;
    swirl_soundness_bchks25_log2_degrees(24, 2, 2, &dx, &dy, &dz);
    CHECK(dz >= dy);

    /* test_bchks25_m1_requires_rho_below_four_ninths */
    double la, ll;
    swirl_soundness_bchks25_log2_a_bound(12, 1, 1, &la, &ll);
    CHECK(isinf(la) && isinf(ll));
    swirl_soundness_bchks25_log2_a_bound(12, 2, 1, &la, &ll);
    CHECK(isfinite(la) && isfinite(ll));

    /* config.rs test_whir_list_decoding_query_bits_monotone_in_num_queries */
    swirl_prox_regime ld2 = {1, 2};
    double q10 = swirl_soundness_query_bits(ld2, 10, 1), q20 = swirl_soundness_query_bits(ld2, 20, 1);
    CHECK(q20 > q10 && q10 > 0.0);

    /* the biased query model differs from the ideal one only by ~2^-31 per query */
    double ideal = swirl_soundness_query_bits(ud, 193, 1);
    double biased = swirl_soundness_query_bits_biased(ud, 193, 1, 21, p);
    CHECK(biased < ideal && ideal - biased < 1e-6);
}

/* ---- vk.rs: calculates_vk_soundness_from_verifier_bounds (n_logup part) ------------------- */
static void test_vk_bounds(void) {
    swirl_system_params sp;
    CHECK(swirl_params_default_test(&sp) == SWIRL_OK);
    /* 3 AIRs, at most 1 interaction per AIR, heights up to 2^(l_skip + n_stack), count 2^30 */
    size_t n_logup = swirl_soundness_n_logup_bound(sp.l_skip, 3, 1, sp.l_skip + sp.n_stack,
                                                   sp.logup.max_interaction_count);
    CHECK_EQ_U64(n_logup, 10);
    CHECK_EQ_U64(swirl_soundness_n_logup_bound(2, 0, 5, 10, 1u << 30), 0);
    CHECK_EQ_U64(swirl_soundness_n_logup_bound(2, 3, 1, 10, 0), 0);
    swirl_soundness_inputs in = {0};
    in.max_num_constraints_per_air = 4;
    in.num_airs = 3;
    in.max_constraint_degree = sp.max_constraint_degree;
    in.max_log_trace_height = sp.l_skip + sp.n_stack;
    in.num_trace_columns = 6;
    in.num_stacked_columns = sp.w_stack;
    in.n_logup = n_logup;
    swirl_soundness_report r;
    CHECK(swirl_soundness_evaluate(&sp, &in, &r) == SWIRL_OK);
    check_report_consistency("default_test", &r);
    /* SplitUniqueList{3, 1}: round 0 unique (L_PCS = 1), later rounds list decoding */
    CHECK(r.log2_pcs_list_size == 0.0);
    CHECK(isfinite(r.total_bits) && r.total_bits < 20.0); /* a 5-bit test configuration */
}

/* ---- weakened configurations name the weak component ------------------------------------- */
static int component_below(const swirl_soundness_report *r, const char *name, double bits) {
    const swirl_soundness_component *c = swirl_soundness_find(r, name);
    return c && c->bits < bits;
}

static void test_weakened(void) {
    swirl_system_params base, p;
    CHECK(swirl_params_app(24, &base) == SWIRL_OK);
    swirl_soundness_report r;

    p = base; /* fewer round-0 queries */
    p.whir.num_queries[0] = 150;
    CHECK(check_soundness(&p, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, 24, APP_NUM_COLUMNS, 1000, &r) == SWIRL_OK);
    CHECK_MSG(r.total_bits < TARGET && strcmp(r.weakest, "whir.round0.shift") == 0, "%.3f %s", r.total_bits,
              r.weakest);
    CHECK(component_below(&r, "whir.round0.queries", TARGET));
    CHECK(!component_below(&r, "whir.round1.queries", TARGET));

    p = base; /* no query-phase grinding: every round drops by ~20 bits; round 2 is the worst */
    p.whir.query_phase_pow_bits = 0;
    CHECK(check_soundness(&p, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, 24, APP_NUM_COLUMNS, 1000, &r) == SWIRL_OK);
    CHECK_MSG(r.total_bits < 81.0 && strcmp(r.weakest, "whir.round2.shift") == 0, "%.3f %s", r.total_bits,
              r.weakest);

    p = base; /* no LogUp grinding */
    p.logup.pow_bits = 0;
    CHECK(check_soundness(&p, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, 24, APP_NUM_COLUMNS, 1000, &r) == SWIRL_OK);
    CHECK_MSG(strcmp(r.weakest, "logup") == 0 && close_to(r.total_bits, 102.72048395100396656 -
                                                                            17.999812162028627838, 1e-9),
              "%.6f %s", r.total_bits, r.weakest);

    p = base; /* no mu grinding */
    p.whir.mu_pow_bits = 0;
    CHECK(check_soundness(&p, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, 24, APP_NUM_COLUMNS, 1000, &r) == SWIRL_OK);
    CHECK_MSG(r.total_bits < TARGET && strcmp(r.weakest, "whir.mu_batching") == 0, "%s", r.weakest);

    p = base; /* no folding grinding: the first (largest) sub-round of round 0 */
    p.whir.folding_pow_bits = 0;
    CHECK(check_soundness(&p, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, 24, APP_NUM_COLUMNS, 1000, &r) == SWIRL_OK);
    CHECK_MSG(r.total_bits < TARGET && strcmp(r.weakest, "whir.round0.fold0") == 0, "%s", r.weakest);
    CHECK(component_below(&r, "whir.round0.fold0.prox_gaps", TARGET));

    /* too many unstacked columns for the stacked reduction's lambda batching */
    CHECK(check_soundness(&base, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, 24, (size_t)1 << 24, 1000, &r) == SWIRL_OK);
    CHECK_MSG(r.total_bits < TARGET && strcmp(r.weakest, "stacking") == 0, "%s", r.weakest);

    /* list decoding beyond its valid regime (m = 1 at rate 1/2) gives no security at all */
    p = base;
    p.whir.proximity.kind = SWIRL_PROX_LIST;
    p.whir.proximity.m = 1;
    CHECK(check_soundness(&p, APP_MAX_CONSTRAINTS, APP_NUM_AIRS, 24, APP_NUM_COLUMNS, 1000, &r) == SWIRL_OK);
    CHECK(isinf(r.total_bits) && r.total_bits < 0);
}

static void test_errors(void) {
    swirl_system_params sp;
    CHECK(swirl_params_app(21, &sp) == SWIRL_OK);
    swirl_soundness_inputs in = {0};
    in.max_num_constraints_per_air = 10;
    in.num_airs = 2;
    in.max_constraint_degree = 3;
    in.max_log_trace_height = 21;
    in.num_trace_columns = 10;
    in.num_stacked_columns = 8;
    in.n_logup = 5;
    swirl_soundness_report r;
    CHECK(swirl_soundness_evaluate(&sp, &in, &r) == SWIRL_OK);
    CHECK(swirl_soundness_evaluate(NULL, &in, &r) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_soundness_evaluate(&sp, NULL, &r) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_soundness_evaluate(&sp, &in, NULL) == SWIRL_ERR_INVALID_ARG);
    swirl_soundness_inputs bad = in;
    bad.num_stacked_columns = 1;
    CHECK(swirl_soundness_evaluate(&sp, &bad, &r) == SWIRL_ERR_INVALID_ARG);
    bad = in;
    bad.num_airs = 0;
    CHECK(swirl_soundness_evaluate(&sp, &bad, &r) == SWIRL_ERR_INVALID_ARG);
    bad = in;
    bad.max_num_constraints_per_air = 0;
    CHECK(swirl_soundness_evaluate(&sp, &bad, &r) == SWIRL_ERR_INVALID_ARG);
    swirl_system_params bp = sp;
    bp.whir.num_rounds = 6; /* 6 * 4 > 21 */
    CHECK(swirl_soundness_evaluate(&bp, &in, &r) == SWIRL_ERR_PARAMS);
    bp = sp;
    bp.whir.k = 0;
    CHECK(swirl_soundness_evaluate(&bp, &in, &r) == SWIRL_ERR_PARAMS);
}

int main(int argc, char **argv) {
    verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    test_production();
    test_app_hand_values();
    test_internal_hand_values();
    test_calculator_units();
    test_vk_bounds();
    test_weakened();
    test_errors();
    return t_summary("test_soundness");
}
