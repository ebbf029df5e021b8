/* params.c — SystemParams presets and the WhirConfig derivation (crypto_pcs.md §6.7, §7).
 *
 * Query counts are derived with the reference's IEEE double formulas (log2, sqrt, ceil); none
 * of the preset values is near an integer boundary, so the libm results are exact enough. */
#include <math.h>
#include <string.h>
#include "pcs/params.h"
#include "swirl.h"

#define SWIRL_WHIR_MAX_LOG_FINAL_POLY_LEN 10

static double bits_per_query(const swirl_proximity *prox, size_t round, size_t log_inv_rate) {
    double rho = ldexp(1.0, -(int)log_inv_rate);
    int list = prox->kind == SWIRL_PROX_LIST ||
               (prox->kind == SWIRL_PROX_SPLIT_UNIQUE_LIST && round >= prox->list_start_round);
    double alpha;
    if (!list) {
        alpha = (1.0 + rho) / 2.0;
    } else {
        alpha = sqrt(rho) * (1.0 + 1.0 / (2.0 * (double)prox->m));
        if (alpha > 1.0) alpha = 1.0;
    }
    return -log2(alpha);
}

int swirl_whir_config_derive(size_t log_blowup, size_t log_stacked_height, size_t k, size_t log_final_poly_len,
                             size_t mu_pow_bits, size_t query_phase_pow_bits, size_t folding_pow_bits,
                             swirl_proximity proximity, size_t security_bits, swirl_whir_config *out) {
    if (!out || k == 0) return SWIRL_ERR_INVALID_ARG;
    if ((proximity.kind == SWIRL_PROX_LIST || proximity.kind == SWIRL_PROX_SPLIT_UNIQUE_LIST) && proximity.m == 0)
        return SWIRL_ERR_PARAMS;
    memset(out, 0, sizeof *out);
    size_t m = log_stacked_height;
    size_t excess = m > log_final_poly_len ? m - log_final_poly_len : 0;
    size_t R = (excess + k - 1) / k;
    if (R == 0 || R > SWIRL_MAX_WHIR_ROUNDS || R * k > m) return SWIRL_ERR_PARAMS; /* R >= 1 required (§8.7) */
    double level = security_bits > query_phase_pow_bits ? (double)(security_bits - query_phase_pow_bits) : 0.0;
    out->k = k;
    out->num_rounds = R;
    for (size_t r = 0; r < R; r++) {
        double b = bits_per_query(&proximity, r, log_blowup + r * (k - 1));
        double q = b > 0 ? ceil(level / b) : 0;
        out->num_queries[r] = (size_t)q;
    }
    out->mu_pow_bits = mu_pow_bits;
    out->query_phase_pow_bits = query_phase_pow_bits;
    out->folding_pow_bits = folding_pow_bits;
    out->proximity = proximity;
    return SWIRL_OK;
}

/* log_up_security_params_baby_bear_100_bits(log2 L_PCS): pow = max(ceil(100 - (cf - log2(2p) - 7 -
 * log2 L)), 18) with cf = 4 log2 p, max_interaction_count = p, log_max_message_length = 7. */
static swirl_logup_params logup_100_bits(double log2_l_pcs) {
    double p = (double)SWIRL_P;
    double cf = 4.0 * log2(p);
    double sec = cf - log2(2.0 * p) - 7.0 - log2_l_pcs;
    double need = ceil(100.0 - sec);
    size_t pow = need > 18.0 ? (size_t)need : 18;
    swirl_logup_params lp = {SWIRL_P, 7, pow};
    return lp;
}

static double log2_list_size(const swirl_proximity *prox, size_t log_blowup) {
    if (prox->kind == SWIRL_PROX_UNIQUE) return 0.0;
    return log2((double)prox->m + 0.5) + (double)log_blowup / 2.0;
}

static int production(size_t log_blowup, size_t l_skip, size_t n_stack, size_t w_stack, swirl_proximity prox,
                      size_t fold, size_t mu, size_t query, size_t max_deg, swirl_system_params *out) {
    if (!out) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    out->l_skip = l_skip;
    out->n_stack = n_stack;
    out->w_stack = w_stack;
    out->log_blowup = log_blowup;
    int rc = swirl_whir_config_derive(log_blowup, l_skip + n_stack, 4, SWIRL_WHIR_MAX_LOG_FINAL_POLY_LEN, mu, query,
                                      fold, prox, 100, &out->whir);
    if (rc) return rc;
    out->logup = logup_100_bits(log2_list_size(&prox, log_blowup));
    out->max_constraint_degree = max_deg;
    return SWIRL_OK;
}

int swirl_params_app(size_t log_stacked_height, swirl_system_params *out) {
    /* the reference's app_params_with_100_bits_security asserts log_stacked_height <= 24
     * (MAX_APP_LOG_STACKED_HEIGHT); below 11 its WHIR config has no rounds (swirl refuses it at
     * derivation; the reference's prover panics on it) */
    if (log_stacked_height < 5 || log_stacked_height > 24) return SWIRL_ERR_PARAMS;
    swirl_proximity u = {SWIRL_PROX_UNIQUE, 0, 0};
    return production(1, 4, log_stacked_height - 4, 2048, u, 5, 15, 20, 3, out);
}
int swirl_params_leaf(swirl_system_params *out) {
    swirl_proximity u = {SWIRL_PROX_UNIQUE, 0, 0};
    return production(2, 4, 17, 2048, u, 4, 13, 20, 4, out);
}
int swirl_params_internal(swirl_system_params *out) {
    swirl_proximity l = {SWIRL_PROX_LIST, 2, 0};
    return production(3, 2, 17, 512, l, 18, 20, 20, 4, out);
}
int swirl_params_root(swirl_system_params *out) {
    swirl_proximity l = {SWIRL_PROX_LIST, 1, 0};
    return production(4, 2, 18, 18, l, 15, 15, 15, 4, out);
}
int swirl_params_hook(swirl_system_params *out) {
    swirl_proximity l = {SWIRL_PROX_LIST, 1, 0};
    return production(2, 2, 18, 80, l, 12, 11, 20, 4, out);
}

int swirl_params_test_small(size_t l_skip, size_t n_stack, size_t k, swirl_system_params *out) {
    if (!out || k == 0) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    out->l_skip = l_skip;
    out->n_stack = n_stack;
    out->w_stack = 4096;
    out->log_blowup = 1;
    swirl_proximity prox = {SWIRL_PROX_SPLIT_UNIQUE_LIST, 3, 1};
    int rc = swirl_whir_config_derive(1, l_skip + n_stack, k, (l_skip + n_stack) % k, 3, 1, 2, prox, 5, &out->whir);
    if (rc) return rc;
    out->logup.max_interaction_count = 1u << 30;
    out->logup.log_max_message_length = 7;
    out->logup.pow_bits = 2;
    out->max_constraint_degree = 3;
    return SWIRL_OK;
}

int swirl_params_default_test(swirl_system_params *out) { return swirl_params_test_small(2, 8, 3, out); }

int swirl_params_for_testing(size_t h, swirl_system_params *out) {
    if (h < 5) return SWIRL_ERR_PARAMS;
    int rc = swirl_params_test_small(4, h - 4, 4, out);
    if (rc == SWIRL_OK) out->max_constraint_degree = 4;
    return rc;
}

int swirl_params_validate(const swirl_system_params *p) {
    if (!p) return SWIRL_ERR_INVALID_ARG;
    size_t m = p->l_skip + p->n_stack;
    if (p->l_skip > 10 || m > 27 || m + p->log_blowup > 27 || p->log_blowup == 0) return SWIRL_ERR_PARAMS;
    const swirl_whir_config *w = &p->whir;
    if (w->k == 0 || w->num_rounds == 0 || w->num_rounds > SWIRL_MAX_WHIR_ROUNDS || w->k * w->num_rounds > m)
        return SWIRL_ERR_PARAMS;
    if (w->mu_pow_bits > 30 || w->query_phase_pow_bits > 30 || w->folding_pow_bits > 30 || p->logup.pow_bits > 30)
        return SWIRL_ERR_PARAMS;
    for (size_t r = 0; r < w->num_rounds; r++) {
        /* query indices are sample_bits(L_r - k) with L_r = m + log_blowup - r */
        if (m + p->log_blowup < r + w->k) return SWIRL_ERR_PARAMS;
        if (w->num_queries[r] > (1u << 20)) return SWIRL_ERR_PARAMS;
        /* a round without queries checks nothing of its codeword: never sound. (PoW bits of 0
         * stay valid: the reference allows them, grinding only adds to the query security; see
         * swirl_vk_security_bits for a minimum-security check.) */
        if (w->num_queries[r] == 0) return SWIRL_ERR_PARAMS;
    }
    if (p->max_constraint_degree == 0 || p->max_constraint_degree > SWIRL_MAX_CONSTRAINT_DEGREE) return SWIRL_ERR_PARAMS;
    return SWIRL_OK;
}

int swirl_params_equal(const swirl_system_params *a, const swirl_system_params *b) {
    if (!a || !b) return 0; /* no error channel: NULL equals nothing (swirl.h) */
    if (a->l_skip != b->l_skip || a->n_stack != b->n_stack || a->w_stack != b->w_stack ||
        a->log_blowup != b->log_blowup || a->max_constraint_degree != b->max_constraint_degree)
        return 0;
    const swirl_whir_config *x = &a->whir, *y = &b->whir;
    if (x->k != y->k || x->num_rounds != y->num_rounds || x->mu_pow_bits != y->mu_pow_bits ||
        x->query_phase_pow_bits != y->query_phase_pow_bits || x->folding_pow_bits != y->folding_pow_bits ||
        x->proximity.kind != y->proximity.kind || x->proximity.m != y->proximity.m ||
        x->proximity.list_start_round != y->proximity.list_start_round)
        return 0;
    for (size_t r = 0; r < x->num_rounds; r++)
        if (x->num_queries[r] != y->num_queries[r]) return 0;
    return a->logup.max_interaction_count == b->logup.max_interaction_count &&
           a->logup.log_max_message_length == b->logup.log_max_message_length &&
           a->logup.pow_bits == b->logup.pow_bits;
}
