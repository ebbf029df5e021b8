/* transcript.h — the duplex-sponge Fiat–Shamir transcript and proof of work (crypto_pcs.md §4).
 *
 * State: 16 lanes (zero at start), absorb_idx in [0,8), sample_idx in [0,8]. Overwrite-mode
 * duplexing, samples read from the rate top-down (state[7], state[6], ...). Exactly Plonky3's
 * DuplexChallenger<BabyBear, Poseidon2BabyBear<16>, 16, 8>. Value type: plain struct, copyable
 * (copies fork the transcript, as the grinder and the verifier's replay need). */
#ifndef SWIRL_TRANSCRIPT_H
#define SWIRL_TRANSCRIPT_H

#include <stdint.h>
#include "field/babybear.h"
#include "hash/poseidon2.h"
#include "util/pool.h"

typedef struct swirl_transcript {
    uint32_t state[16];
    unsigned absorb_idx;
    unsigned sample_idx;
} swirl_transcript;

void swirl_tr_init(swirl_transcript *t);
void swirl_tr_observe(swirl_transcript *t, bb_t x);
void swirl_tr_observe_ext(swirl_transcript *t, ef_t x);
void swirl_tr_observe_commit(swirl_transcript *t, const swirl_digest *d);
bb_t swirl_tr_sample(swirl_transcript *t);
ef_t swirl_tr_sample_ext(swirl_transcript *t);
/* Low `bits` bits of the canonical value of one sample (bits < 32). Biased by design. */
uint32_t swirl_tr_sample_bits(swirl_transcript *t, unsigned bits);

/* check_witness: bits == 0 -> returns 1 and leaves the transcript untouched. Otherwise
 * observes w, samples, and returns 1 iff the low `bits` bits are zero. */
int swirl_tr_check_witness(swirl_transcript *t, unsigned bits, bb_t w);

/* Would check_witness(bits, w) succeed on a copy of t? (Pure; does not mutate t.) */
int swirl_tr_pow_ok(const swirl_transcript *t, unsigned bits, bb_t w);

/* grind: bits == 0 -> returns 0, transcript untouched. Otherwise finds the SMALLEST w in
 * [0, p) passing check_witness (searching in parallel batches on the pool), applies
 * check_witness(bits, w) to t and returns w. Deterministic: same transcript -> same witness,
 * whatever the thread count, so CPU and CUDA backends agree. bits must be <= 30. */
bb_t swirl_tr_grind(swirl_transcript *t, unsigned bits, swirl_pool *pool);

#endif
