/* field_constants.h — the one source of BabyBear constants shared by the C and CUDA code.
 *
 * Plain macros only, so that C includes them into `static const` arrays and CUDA into
 * `__constant__` arrays without duplicating a single literal. All values are canonical
 * integers in [0, p).  See docs/protocol/crypto_pcs.md §1. */
#ifndef SWIRL_FIELD_CONSTANTS_H
#define SWIRL_FIELD_CONSTANTS_H

#define SWIRL_BB_P          2013265921u   /* 2^31 - 2^27 + 1 = 15 * 2^27 + 1 */
#define SWIRL_BB_TWO_ADICITY 27
#define SWIRL_BB_GENERATOR  31u           /* multiplicative generator (Plonky3 MONTY_GEN) */
#define SWIRL_EF_W          11u           /* EF = F[X]/(X^4 - W) */

/* Montgomery form helpers (R = 2^32): used by the CUDA kernels and the postcard
 * encoder (Plonky3 serialises BabyBear in Montgomery form). */
#define SWIRL_BB_MONTY_R      268435454u  /* 2^32 mod p */
#define SWIRL_BB_MONTY_R2     1172168163u /* 2^64 mod p */
#define SWIRL_BB_MONTY_MU     0x88000001u /* p^-1 mod 2^32 */

/* TWO_ADIC_GENERATORS[b] has exact order 2^b; g[b]^2 = g[b-1]; g[27] = 31^15 mod p. */
#define SWIRL_BB_TWO_ADIC_GENERATORS_INIT {                                            \
    1u, 2013265920u, 1728404513u, 1592366214u, 196396260u, 760005850u, 1721589904u,     \
    397765732u, 1732600167u, 1753498361u, 341742893u, 1340477990u, 1282623253u,         \
    298008106u, 1657000625u, 2009781145u, 1421947380u, 1286330022u, 1559589183u,        \
    1049899240u, 195061667u, 414040701u, 570250684u, 1267047229u, 1003846038u,          \
    1149491290u, 975630072u, 440564289u }

#endif
