/* gkr.h — the GKR fractional sumcheck of LogUp (iop.md §4.4–4.7): prover, verifier and the
 * GkrProof byte codec (§8.3).
 *
 * Leaves are fractions p[k] / q[k], k < 2^L (little-endian leaf index: variable 0 = bit 0). The
 * fraction tree combines children (2x, 2x+1) into p0 q1 + p1 q0 over q0 q1. The prover requires
 * the root numerator to be 0 and proves the root denominator (q0_claim) layer by layer, ending
 * with claims about p̂_L(ξ), q̂_L(ξ) at a random point ξ in EF^L. */
#ifndef SWIRL_GKR_H
#define SWIRL_GKR_H

#include <stddef.h>
#include "codec/bytes.h"
#include "field/babybear.h"
#include "iop/zerocheck.h"
#include "swirl.h"
#include "transcript/transcript.h"
#include "util/pool.h"

typedef enum swirl_gkr_error {
    SWIRL_GKR_OK = 0,
    SWIRL_GKR_ERR_INVALID_ZERO_ROUND_VALUE = 200, /* no interactions but q0_claim != 1 */
    SWIRL_GKR_ERR_ZERO_CHECK = 201,               /* layer-1 claims do not sum to zero */
    SWIRL_GKR_ERR_ROOT_CONSISTENCY = 202,         /* q0 * q1 != q0_claim */
    SWIRL_GKR_ERR_LAYER_CONSISTENCY = 203,        /* a layer's sumcheck does not reduce correctly */
    SWIRL_GKR_ERR_SHAPE = 204                     /* wrong number of layers / rounds */
} swirl_gkr_error;

/* Layer claims as stored in the proof: p(0), p(1), q(0), q(1) (observed as p0, q0, p1, q1). */
typedef struct swirl_gkr_layer_claims { ef_t p0, p1, q0, q1; } swirl_gkr_layer_claims;

typedef struct swirl_gkr_proof {
    ef_t q0_claim;
    size_t num_layers;               /* L; 0 when there are no interactions */
    swirl_gkr_layer_claims *claims;  /* L entries: entry k is layer k+1 */
    ef_t *sumcheck;                  /* layers j = 2..L: (j-1) rounds x [s(1), s(2), s(3)], flattened */
} swirl_gkr_proof;

void swirl_gkr_proof_free(swirl_gkr_proof *p);
/* offset (in EF values) of layer j's (j >= 2) first round in `sumcheck` */
size_t swirl_gkr_sumcheck_offset(size_t j);

/* Prove. p and q hold 2^L leaves (L >= 1). Fails with SWIRL_ERR_TRACE when the fractions do not
 * sum to zero (NonZeroRootSum). xi_out receives ξ (L values). */
int swirl_gkr_prove(swirl_transcript *tr, const ef_t *p, const ef_t *q, unsigned L, swirl_pool *pool,
                    swirl_gkr_proof *out, ef_t *xi_out);

/* GKR input layer (iop.md §4.3) on the host: leaves p, q of 2^(l + n_logup) entries for the
 * present traces (the CPU backend's leaves operation, src/backend/cpu/gkr_cpu.c). */
int swirl_logup_leaves(const swirl_system_params *params, const swirl_zc_trace *traces, size_t N, size_t n_logup,
                       ef_t alpha, ef_t beta, swirl_pool *pool, ef_t *p, ef_t *q);

/* Verify a proof with L >= 1 layers; outputs P = p̂(ξ), Q = q̂(ξ) and ξ (L values). */
int swirl_gkr_verify(swirl_transcript *tr, const swirl_gkr_proof *proof, unsigned L, ef_t *P, ef_t *Q, ef_t *xi_out,
                     swirl_error *err);

/* The zero-interaction case: q0_claim must be 1. */
int swirl_gkr_verify_empty(const swirl_gkr_proof *proof, swirl_error *err);

/* Codec (iop.md §8.3) without the leading logup PoW witness, which the full proof codec owns. */
int swirl_gkr_proof_encode(const swirl_gkr_proof *p, swirl_writer *w);
int swirl_gkr_proof_decode(swirl_reader *r, swirl_gkr_proof *out);

#endif
