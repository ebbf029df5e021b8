/* params.h — SystemParams and the WHIR configuration (crypto_pcs.md §6.7, §7; iop.md §0.2).
 *
 * Field order matches the reference's struct declaration order, which the postcard encoding of
 * the verifying key (iop.md §2.5) follows. */
#ifndef SWIRL_PARAMS_H
#define SWIRL_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#define SWIRL_MAX_WHIR_ROUNDS 16

typedef enum swirl_proximity_kind {
    SWIRL_PROX_UNIQUE = 0,            /* UniqueDecoding */
    SWIRL_PROX_SPLIT_UNIQUE_LIST = 1, /* SplitUniqueList { m, list_start_round } */
    SWIRL_PROX_LIST = 2               /* ListDecoding { m } */
} swirl_proximity_kind;

typedef struct swirl_proximity {
    swirl_proximity_kind kind;
    size_t m;                /* list multiplicity (SplitUniqueList, ListDecoding) */
    size_t list_start_round; /* SplitUniqueList only */
} swirl_proximity;

typedef struct swirl_whir_config {
    size_t k;                                      /* folding factor k_whir */
    size_t num_rounds;                             /* R = rounds.len() >= 1 */
    size_t num_queries[SWIRL_MAX_WHIR_ROUNDS];     /* rounds[r].num_queries */
    size_t mu_pow_bits;
    size_t query_phase_pow_bits;
    size_t folding_pow_bits;
    swirl_proximity proximity;
} swirl_whir_config;

typedef struct swirl_logup_params {
    uint32_t max_interaction_count;
    uint32_t log_max_message_length;
    size_t pow_bits;
} swirl_logup_params;

typedef struct swirl_system_params {
    size_t l_skip;
    size_t n_stack;
    size_t w_stack;
    size_t log_blowup;
    swirl_whir_config whir;
    swirl_logup_params logup;
    size_t max_constraint_degree;
} swirl_system_params;

#endif
