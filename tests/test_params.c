/* test_params.c — the preset tables of crypto_pcs.md §7.2–7.4, reproduced by the deriving code. */
#include "swirl.h"
#include "test_util.h"

static void check_rounds(const char *name, const swirl_system_params *p, const size_t *q, size_t R, size_t final_log,
                         size_t logup_pow) {
    int ok = p->whir.num_rounds == R;
    for (size_t r = 0; ok && r < R; r++) ok &= p->whir.num_queries[r] == q[r];
    CHECK_MSG(ok, "%s rounds", name);
    size_t m = p->l_skip + p->n_stack;
    CHECK_MSG(m - p->whir.num_rounds * p->whir.k == final_log, "%s final log len", name);
    CHECK_MSG(p->logup.pow_bits == logup_pow, "%s logup pow %zu", name, p->logup.pow_bits);
    CHECK(swirl_params_validate(p) == SWIRL_OK);
}

int main(void) {
    swirl_system_params p;
    CHECK(swirl_params_app(21, &p) == SWIRL_OK);
    { size_t q[] = {193, 88, 81}; check_rounds("app21", &p, q, 3, 9, 18); }
    CHECK(p.l_skip == 4 && p.n_stack == 17 && p.w_stack == 2048 && p.log_blowup == 1 && p.whir.k == 4);
    CHECK(p.whir.mu_pow_bits == 15 && p.whir.folding_pow_bits == 5 && p.whir.query_phase_pow_bits == 20);
    CHECK(p.logup.max_interaction_count == SWIRL_P && p.logup.log_max_message_length == 7);
    CHECK(p.max_constraint_degree == 3 && p.whir.proximity.kind == SWIRL_PROX_UNIQUE);
    CHECK(swirl_params_app(24, &p) == SWIRL_OK);
    { size_t q[] = {193, 88, 81, 81}; check_rounds("app24", &p, q, 4, 8, 18); }
    CHECK(swirl_params_leaf(&p) == SWIRL_OK);
    { size_t q[] = {118, 84, 81}; check_rounds("leaf", &p, q, 3, 9, 18); }
    CHECK(p.max_constraint_degree == 4);
    CHECK(swirl_params_internal(&p) == SWIRL_OK);
    { size_t q[] = {68, 30, 20}; check_rounds("internal", &p, q, 3, 7, 19); }
    CHECK(swirl_params_root(&p) == SWIRL_OK);
    { size_t q[] = {61, 30, 20}; check_rounds("root", &p, q, 3, 8, 18); }
    CHECK(swirl_params_hook(&p) == SWIRL_OK);
    { size_t q[] = {193, 42, 24}; check_rounds("hook", &p, q, 3, 8, 18); }
    CHECK(swirl_params_default_test(&p) == SWIRL_OK);
    { size_t q[] = {10, 4, 2}; check_rounds("default_test", &p, q, 3, 1, 2); }
    CHECK(p.whir.k == 3 && p.w_stack == 4096 && p.logup.max_interaction_count == (1u << 30));
    CHECK(swirl_params_test_small(2, 5, 3, &p) == SWIRL_OK);
    { size_t q[] = {10, 4}; check_rounds("small_2_5_3", &p, q, 2, 1, 2); }
    CHECK(swirl_params_test_small(3, 5, 2, &p) == SWIRL_OK);
    { size_t q[] = {10, 6, 4, 3}; check_rounds("small_3_5_2", &p, q, 4, 0, 2); }
    CHECK(swirl_params_for_testing(5, &p) == SWIRL_OK);
    { size_t q[] = {10}; check_rounds("for_testing_5", &p, q, 1, 1, 2); }
    CHECK(p.max_constraint_degree == 4);
    /* R = 0 is rejected (m <= log_final_poly_len) */
    swirl_whir_config w;
    swirl_proximity u = {SWIRL_PROX_UNIQUE, 0, 0};
    CHECK(swirl_whir_config_derive(1, 8, 4, 10, 0, 0, 0, u, 100, &w) == SWIRL_ERR_PARAMS);
    CHECK(swirl_params_app(4, &p) == SWIRL_ERR_PARAMS);
    CHECK(swirl_params_app(25, &p) == SWIRL_ERR_PARAMS); /* reference: MAX_APP_LOG_STACKED_HEIGHT = 24 */
    /* equality */
    swirl_system_params a, b;
    swirl_params_app(21, &a);
    swirl_params_app(21, &b);
    CHECK(swirl_params_equal(&a, &b));
    b.whir.num_queries[1]++;
    CHECK(!swirl_params_equal(&a, &b));
    return t_summary("test_params");
}
