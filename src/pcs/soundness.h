/* soundness.h — the SWIRL soundness calculator (crypto_pcs.md §6.7, §7; reference:
 * stark-backend v2.0.1 crates/stark-backend/src/soundness/{calculator.rs, vk.rs} together with the
 * ProximityRegime helpers of config.rs).
 *
 * The calculator only *evaluates* a configuration: given SystemParams and upper bounds on the
 * shape of what is proven (constraints, AIRs, trace heights, columns, GKR depth) it reports the
 * round-by-round security, in bits, of every error source of the protocol:
 *
 *   LogUp (alpha/beta + PoW), GKR sumcheck, GKR mu/lambda batching, ZeroCheck batch sumcheck,
 *   the fused GKR/ZeroCheck input boundary + constraint batching, the stacked reduction, and
 *   WHIR (mu batching; per folding sub-round: sumcheck + proximity gaps; per round: queries +
 *   gamma batching (epsilon_shift / epsilon_fin), OOD for non-final rounds).
 *
 * The total is the minimum over all of them. Everything is IEEE double arithmetic (log2, exp2,
 * sqrt, ceil), as in the reference. PoW bits are charged through effective_pow, which accounts
 * for the bias of sample_bits (crypto_pcs.md §4.3).
 *
 * List decoding uses the closed-form BCHKS25 Lemma 3.1 degrees (the reference's default build);
 * the reference's optional `soundness-bchks25-optimized` brute-force degree search is not
 * ported. */
#ifndef SWIRL_SOUNDNESS_H
#define SWIRL_SOUNDNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "swirl.h"

#define SWIRL_SOUNDNESS_MAX_COMPONENTS 96
#define SWIRL_SOUNDNESS_NAME_LEN 48

/* ---- context / inputs -------------------------------------------------------------------- */

/* Upper bounds describing what the parameters must be sound for (SoundnessCalculator::calculate
 * arguments after `params`). */
typedef struct swirl_soundness_inputs {
    double base_field_order;            /* p that sample_bits reduces; <= 0 selects BabyBear */
    double challenge_field_bits;        /* bits of the challenge field; <= 0 selects 4*log2(p_BabyBear) */
    size_t max_num_constraints_per_air; /* N_C, max constraints of a single AIR (> 0) */
    size_t num_airs;                    /* |T|, number of AIRs batched (> 0) */
    size_t max_constraint_degree;       /* max degree of any constraint (usually params->max_constraint_degree) */
    size_t max_log_trace_height;        /* max log2 trace height across AIRs */
    size_t num_trace_columns;           /* total unstacked columns batched in the stacked reduction */
    size_t num_stacked_columns;         /* total stacked columns across commitments, WHIR mu batch (>= 2);
                                           the production check passes params->w_stack */
    size_t n_logup;                     /* GKR depth beyond l_skip (0 if no interactions); l_skip + n_logup >= 1 */
} swirl_soundness_inputs;

/* BabyBear: p = 2^31 - 2^27 + 1, and the challenge field BabyBear^4 has 4*log2(p) ~ 123.63 bits. */
double swirl_soundness_base_field_order(void);
double swirl_soundness_challenge_field_bits(void);

/* ---- report ------------------------------------------------------------------------------ */

/* WhirSoundnessCalculator: minima by error source. */
typedef struct swirl_whir_soundness {
    double mu_batching_bits;    /* initial mu batching + mu PoW */
    double fold_rbr_bits;       /* min epsilon_fold (sumcheck (+) proximity gaps) */
    double proximity_gaps_bits; /* min proximity-gap term (+ folding PoW) */
    double sumcheck_bits;       /* min WHIR sumcheck term (+ folding PoW) */
    double ood_rbr_bits;        /* min OOD term (+inf when there is a single round) */
    double shift_rbr_bits;      /* min epsilon_shift / epsilon_fin (queries (+) gamma batching) */
    double query_bits;          /* min query term (+ query-phase PoW) */
    double gamma_batching_bits; /* min gamma batching term */
} swirl_whir_soundness;

typedef struct swirl_soundness_component {
    char name[SWIRL_SOUNDNESS_NAME_LEN];
    double bits;
    int in_total; /* 1: a round-by-round term the total is the minimum of;
                     0: an informational sub-term (already folded into an in_total term) */
} swirl_soundness_component;

typedef struct swirl_soundness_report {
    double total_bits; /* min over all in_total components */
    char weakest[SWIRL_SOUNDNESS_NAME_LEN]; /* name of the in_total component attaining total_bits */

    /* SoundnessCalculator fields */
    double logup_bits;
    double gkr_sumcheck_bits;
    double gkr_batching_bits;
    double zerocheck_sumcheck_bits;
    double constraint_batching_bits;
    double stacked_reduction_bits;
    double whir_bits;
    swirl_whir_soundness whir;
    double log2_pcs_list_size; /* log2 L_PCS of the initial WHIR round (0 for unique decoding) */

    /* Per-component breakdown, in protocol order. Names:
     *   logup, gkr.sumcheck, gkr.batching, zerocheck.sumcheck, zerocheck.constraint_batching,
     *   stacking, whir.mu_batching, and for WHIR round r, sub-round s:
     *   whir.round<r>.fold<s> (in_total), whir.round<r>.fold<s>.prox_gaps, whir.round<r>.sumcheck,
     *   whir.round<r>.queries, whir.round<r>.gamma, whir.round<r>.shift (non-final, in_total) or
     *   whir.round<r>.final (final round, in_total), whir.round<r>.ood (non-final, in_total).
     * Entries past SWIRL_SOUNDNESS_MAX_COMPONENTS are counted in num_dropped (totals stay exact). */
    size_t num_components;
    size_t num_dropped;
    swirl_soundness_component components[SWIRL_SOUNDNESS_MAX_COMPONENTS];
} swirl_soundness_report;

/* SoundnessCalculator::calculate. Returns SWIRL_OK, SWIRL_ERR_INVALID_ARG (NULL pointer,
 * num_stacked_columns < 2, no constraints, no AIRs, l_skip + n_logup == 0) or SWIRL_ERR_PARAMS
 * (inconsistent WHIR shape: k == 0, too many rounds, R*k > l_skip + n_stack, l_skip > 30). */
int swirl_soundness_evaluate(const swirl_system_params *params, const swirl_soundness_inputs *in,
                             swirl_soundness_report *out);

/* Component lookup by exact name; NULL if absent. */
const swirl_soundness_component *swirl_soundness_find(const swirl_soundness_report *r, const char *name);

/* print_soundness_report, condensed: one line per component plus the total. */
void swirl_soundness_fprint(FILE *file, const char *title, const swirl_soundness_report *r);

/* ---- n_logup bounds (vk.rs; tests/soundness.rs n_logup_bound) ----------------------------- */

/* min( ceil_log2(max_interaction_count) - l_skip,
 *      ceil_log2(num_airs) + ceil_log2(max_interactions_per_air) + max_log_height - l_skip ),
 * each saturating at 0 and each 0 when its count is 0. */
size_t swirl_soundness_n_logup_bound(size_t l_skip, size_t num_airs, size_t max_interactions_per_air,
                                     size_t max_log_height, uint64_t max_interaction_count);

/* ---- building blocks (exposed for the tests) ---------------------------------------------- */

typedef struct swirl_prox_regime {
    int list;  /* 0: UniqueDecoding, 1: ListDecoding { m } */
    size_t m;
} swirl_prox_regime;

/* WhirProximityStrategy::in_round. */
swirl_prox_regime swirl_soundness_regime_in_round(const swirl_proximity *strategy, size_t whir_round);

/* ProximityRegime::max_agreement: (1+rho)/2 (unique) or sqrt(rho)(1 + 1/(2m)) (list), clamped to
 * [DBL_MIN, 1]. */
double swirl_soundness_max_agreement(swirl_prox_regime regime, size_t log_inv_rate);
/* ProximityRegime::whir_query_security_bits (ideal uniform sampling). */
double swirl_soundness_query_bits(swirl_prox_regime regime, size_t num_queries, size_t log_inv_rate);
/* min_whir_queries / WhirConfig::queries. */
size_t swirl_soundness_min_whir_queries(swirl_prox_regime regime, size_t target_bits, size_t log_inv_rate);
/* Query security charging the sample_bits(log_query_domain) bias (no PoW). */
double swirl_soundness_query_bits_biased(swirl_prox_regime regime, size_t num_queries, size_t log_inv_rate,
                                         size_t log_query_domain, double base_field_order);

/* -log2((floor(p / 2^b) + 1) / p); 0 when b == 0. */
double swirl_soundness_effective_pow_bits(size_t pow_bits, double base_field_order);
/* cf - log2(2 * max_interaction_count) - log_max_message_length - log2 L_PCS (no PoW). */
double swirl_soundness_logup(uint32_t max_interaction_count, uint32_t log_max_message_length,
                             double challenge_field_bits, double log2_list_size);
/* -log2(2^-a + 2^-b), with +inf treated as "no error". */
double swirl_soundness_combine_bits(double bits_a, double bits_b);

typedef struct swirl_prox_gap {
    double log2_err;       /* security bits of err*(C, batch_size, delta) */
    double log2_list_size; /* log2 of the list size at the regime's radius (0 unique, +inf invalid) */
} swirl_prox_gap;
swirl_prox_gap swirl_soundness_proximity_gap(swirl_prox_regime regime, double challenge_field_bits,
                                             size_t log_degree, size_t log_inv_rate, size_t batch_size);

/* BCHKS25 Lemma 3.1 closed-form degrees: log2 D_X, log2 D_Y, log2 D_Z (D_Z >= D_Y). */
void swirl_soundness_bchks25_log2_degrees(size_t log_degree, size_t log_inv_rate, size_t m, double *log2_dx,
                                          double *log2_dy, double *log2_dz);
/* log2(a_bound) and log2(list size) of BCHKS25 Theorem 1.5; both +inf outside the valid regime
 * (e.g. m = 1 with rho >= 4/9). */
void swirl_soundness_bchks25_log2_a_bound(size_t log_degree, size_t log_inv_rate, size_t m, double *log2_a,
                                          double *log2_list_size);

double swirl_soundness_gkr_sumcheck(double challenge_field_bits);
double swirl_soundness_gkr_batching(double challenge_field_bits);
double swirl_soundness_zerocheck_sumcheck(double challenge_field_bits, size_t max_constraint_degree, size_t l_skip,
                                          double log2_list_size);
double swirl_soundness_constraint_batching(double challenge_field_bits, size_t max_num_constraints_per_air,
                                           size_t num_airs, size_t l_skip, size_t max_log_trace_height,
                                           size_t n_logup, double log2_list_size);
double swirl_soundness_stacked_reduction(double challenge_field_bits, size_t num_trace_columns, size_t l_skip,
                                         double log2_list_size);
double swirl_soundness_whir_sumcheck(double base_field_order, double challenge_field_bits, size_t folding_pow_bits,
                                     double log2_list_size);
double swirl_soundness_whir_ood(double log2_list_size, double challenge_field_bits, size_t log_degree_at_round_start);
double swirl_soundness_whir_gamma_batching(double challenge_field_bits, size_t batch_size, double log2_list_size);

#endif
