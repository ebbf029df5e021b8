/* whir.h — WHIR opening of stacked PCS commitments (crypto_pcs.md §6): prover, verifier,
 * proof structure and its byte codec (§6.5–6.6).
 *
 * Statement: commitments com_0..com_{C-1} (stacked widths w_c, W = sum w_c), a point u in EF^m
 * (m = l_skip + n_stack), claims v_g = MLE(c_g)(u) for every stacked column g (flattened in
 * commitment order). WHIR proves sum_b f(b) w(b) = sum_g mu^g v_g. */
#ifndef SWIRL_WHIR_H
#define SWIRL_WHIR_H

#include <stddef.h>
#include "codec/bytes.h"
#include "field/babybear.h"
#include "hash/poseidon2.h"
#include "pcs/stacked.h"
#include "swirl.h"
#include "transcript/transcript.h"
#include "util/pool.h"

/* Verification failures (swirl_error.detail when status is SWIRL_ERR_VERIFY). */
typedef enum swirl_whir_error {
    SWIRL_WHIR_OK = 0,
    SWIRL_WHIR_ERR_SHAPE = 100,          /* proof shape does not match params / commitments */
    SWIRL_WHIR_ERR_MU_POW = 101,         /* MuPoWInvalid */
    SWIRL_WHIR_ERR_FOLDING_POW = 102,    /* FoldingPoWInvalid */
    SWIRL_WHIR_ERR_QUERY_POW = 103,      /* QueryPhasePoWInvalid */
    SWIRL_WHIR_ERR_MERKLE = 104,         /* MerkleVerify */
    SWIRL_WHIR_ERR_FINAL_POLY_DEGREE = 105,
    SWIRL_WHIR_ERR_FINAL_POLY = 106      /* FinalPolyConstraint */
} swirl_whir_error;

/* All arrays are owned by the proof (swirl_whir_proof_free). Index conventions:
 *   sumcheck_polys[2*i + e]           i < num_sumcheck = R*k, e = 0 (s(1)), 1 (s(2))
 *   initial_rows: commit c's block starts at row_offset[c] (in F elements) and holds
 *                 num_queries0 x 2^k x widths[c] values [query][t][col]
 *   initial_paths[(c*num_queries0 + q)*depth0 + j]
 *   codeword_values: round r>=1 block starts at cw_value_offset[r-1]: round_queries[r-1] x 2^k EF
 *   codeword_paths: round r>=1 block starts at cw_path_offset[r-1]: round_queries[r-1] x (depth1 - (r-1)) */
typedef struct swirl_whir_proof {
    bb_t mu_pow_witness;
    size_t num_rounds;   /* R */
    size_t k;            /* derived: num_sumcheck / R */
    size_t num_sumcheck; /* R*k */
    ef_t *sumcheck_polys;
    swirl_digest *codeword_commits; /* */
    ef_t *ood_values;               /* */
    bb_t *folding_pow_witnesses;    /* R*k */
    bb_t *query_phase_pow_witnesses; /* R */
    size_t num_commits;             /* C > 0 */
    size_t num_queries0;
    size_t depth0;
    size_t *widths;                 /* C */
    size_t *row_offset;             /* C */
    bb_t *initial_rows;
    swirl_digest *initial_paths;
    size_t *round_queries;          /* queries of rounds 1..R-1 */
    size_t *cw_value_offset, *cw_path_offset; /* R-1 each */
    ef_t *codeword_values;
    size_t depth1;
    swirl_digest *codeword_paths;
    size_t final_len;
    ef_t *final_poly;
} swirl_whir_proof;

void swirl_whir_proof_free(swirl_whir_proof *p); /* frees the arrays, zeroes *p */

/* Byte codec (§6.6). Encode fails (SWIRL_ERR_INVALID_ARG) on the shapes the reference encoder
 * cannot represent (C = 0, q0 > 0 with an empty round-1 query list). Decode is strict: C = 0,
 * num_sumcheck not a multiple of R, field elements >= p, truncation, absurd lengths and depth
 * underflow are SWIRL_ERR_DECODE. */
int swirl_whir_proof_encode(const swirl_whir_proof *p, swirl_writer *w);
int swirl_whir_proof_decode(swirl_reader *r, swirl_whir_proof *out);

/* Prover instrumentation: allocation counts before/inside the rounds (the rounds allocate
 * nothing: every buffer is sized once up front). */
typedef struct swirl_whir_stats {
    size_t setup_allocs;
    size_t round_allocs;
    size_t rounds;
} swirl_whir_stats;

/* Prove the opening of commits[0..C) at u (length l_skip + n_stack). The transcript must be at
 * the point where WHIR starts (after the stacking openings were observed). */
int swirl_whir_prove(const swirl_system_params *params, swirl_transcript *tr,
                     const swirl_stacked_pcs_data *const *commits, size_t num_commits, const ef_t *u,
                     swirl_pool *pool, swirl_whir_proof *out, swirl_whir_stats *stats);

/* WHIR's binary k-fold of opened codeword values (the verifier's binary_k_fold, crypto_pcs.md
 * §6.3): v[t] (t < 2^k) is the queried function's value at x * w_k^t (w_k = two_adic_generator(k),
 * x != 0); folds with alpha[0..k), lowest variable first, and returns the value of the folded
 * function at x^(2^k). v is overwritten (used as scratch). k <= 27. */
ef_t swirl_whir_fold(ef_t *v, const ef_t *alpha, size_t k, bb_t x);

/* The protocol over any backend's operations (pcs/whir_ops.h); swirl_whir_prove is this with
 * the CPU operations and the host grinder. spans (may be NULL): the rounds' phases are timed as
 * sub-spans of the open span (sumcheck, pow, commit, queries, weights); a backend's asynchronous
 * work lands in the phase that waits for it. */
struct swirl_whir_backend;
struct swirl_spans;
int swirl_whir_prove_on(const swirl_system_params *params, swirl_transcript *tr,
                        const swirl_stacked_pcs_data *const *commits, size_t num_commits, const ef_t *u,
                        const struct swirl_whir_backend *backend, swirl_whir_proof *out, swirl_whir_stats *stats,
                        struct swirl_spans *spans);

/* Verify. commits/widths describe the C commitments; claims has sum(widths) entries.
 * Returns SWIRL_OK, or SWIRL_ERR_VERIFY with err->detail a swirl_whir_error. */
int swirl_whir_verify(const swirl_system_params *params, swirl_transcript *tr, const swirl_digest *commits,
                      const size_t *widths, size_t num_commits, const ef_t *u, const ef_t *claims,
                      const swirl_whir_proof *proof, swirl_error *err);

#endif
