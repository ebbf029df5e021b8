/* whir_ops.h — the computations of the WHIR prover between two transcript events.
 *
 * src/pcs/whir.c owns the protocol: every observe, sample and proof-of-work, the order of the
 * rounds, the query indices and the proof. Everything that happens between two transcript
 * events is ONE call of this table, made on a workspace that the backend owns (the tables f and
 * w over the remaining hypercube, the coefficients g, each round's codeword and Merkle tree).
 * The protocol never dereferences the workspace; the backend returns only small scalars
 * (sumcheck values, a root, an evaluation) and the opened rows and paths the proof carries.
 *
 * Implementations: src/backend/cpu/whir_cpu.c (host memory, the context's pool) and
 * src/backend/cuda/whir_cuda.c + whir.cu (device memory). They must return identical values:
 * tests/gpu/test_whir_ops.c compares them op by op on random inputs.
 *
 * Sizes: m = l_skip + n_stack; a table in state `mr` holds 2^mr EF entries (mr <= m). Round r
 * (r < R) starts at mr = m - r*k and at the log codeword size L = m + log_blowup - r. */
#ifndef SWIRL_WHIR_OPS_H
#define SWIRL_WHIR_OPS_H

#include <stddef.h>
#include "field/babybear.h"
#include "hash/poseidon2.h"
#include "pcs/stacked.h"
#include "transcript/transcript.h"
#include "util/pool.h"

struct swirl_whir_proof;
typedef struct swirl_whir_ws swirl_whir_ws; /* backend workspace, opaque to the protocol */

typedef struct swirl_whir_shape {
    size_t m;           /* l_skip + n_stack */
    size_t k;           /* folding factor */
    size_t num_rounds;  /* R >= 1 */
    size_t log_blowup;
    size_t num_commits; /* C >= 1 */
    size_t total_width; /* W = sum of the commitments' stacked widths */
    size_t max_queries; /* largest per-round query count */
} swirl_whir_shape;

typedef struct swirl_whir_ops {
    /* Allocate every buffer of every round once (the rounds allocate nothing) and bind the
     * commitments, whose messages, codewords and trees stay valid until destroy. */
    int (*create)(void *backend, const swirl_whir_shape *shape, const swirl_stacked_pcs_data *const *commits,
                  swirl_whir_ws **out);
    void (*destroy)(swirl_whir_ws *ws);
    /* f = zeta transform of sum_g mu_pows[g] * message_g (g over the W stacked columns in
     * commitment order); w[b] = prod_i K_i(b_i) with K_i(0) = 1 - 2 u_i, K_i(1) = u_i (u: m). */
    int (*init_tables)(swirl_whir_ws *ws, const ef_t *mu_pows, const ef_t *u);
    /* The round polynomial of sum_b f(b) w(b) in its first variable, at 1 and at 2. */
    int (*sumcheck_eval)(swirl_whir_ws *ws, size_t mr, ef_t *s1, ef_t *s2);
    /* f, w <- their restrictions to first variable = alpha: 2^mr -> 2^(mr-1) entries. */
    int (*fold)(swirl_whir_ws *ws, size_t mr, ef_t alpha);
    /* g <- the coefficients of f (Moebius transform), 2^mr entries. */
    int (*coefficients)(swirl_whir_ws *ws, size_t mr);
    /* Round r's codeword (g zero-padded, DFT on 2^lcw points, as EF values) and its Merkle tree
     * (rows of 4 coefficients, k-row query groups); *root receives the tree's root. */
    int (*commit_round)(swirl_whir_ws *ws, size_t r, size_t mr, size_t lcw, swirl_digest *root);
    /* *value = g(z) = sum_i g_i z^i. */
    int (*eval_g)(swirl_whir_ws *ws, size_t mr, ef_t z, ef_t *value);
    /* out[0 .. 2^mr) = g. */
    int (*read_g)(swirl_whir_ws *ws, size_t mr, ef_t *out);
    /* Round 0: for each query i, the 2^k codeword rows idx[i] + t * 2^(L-k) of every commitment
     * and its Merkle path, written at the proof's offsets (initial_rows, initial_paths). */
    int (*open_initial)(swirl_whir_ws *ws, const size_t *idx, size_t q, size_t L, struct swirl_whir_proof *out);
    /* Round r >= 1: the 2^k values of round r-1's codeword per query (values[i * 2^k + t]) and
     * the paths (paths[i * (L - k) + j]). */
    int (*open_round)(swirl_whir_ws *ws, size_t r, const size_t *idx, size_t q, size_t L, ef_t *values,
                      swirl_digest *paths);
    /* w += gamma eq(., pow(z0)) + sum_i gamma^(i+2) eq(., pow(g_L^idx_i)) over 2^mr entries,
     * pow(x) = (x, x^2, x^4, ...), g_L = two_adic_generator(log_domain). */
    int (*update_weights)(swirl_whir_ws *ws, size_t mr, ef_t z0, ef_t gamma, const size_t *idx, size_t q,
                          size_t log_domain);
} swirl_whir_ops;

/* The proof-of-work steps go through the backend too (the transcript is not changed; the
 * protocol checks the witness into the transcript as the verifier will). */
typedef struct swirl_whir_backend {
    const swirl_whir_ops *ops;
    void *ops_ctx; /* passed to ops->create */
    int (*grind)(void *grind_ctx, const swirl_transcript *tr, unsigned bits, uint32_t *witness); /* NULL: host */
    void *grind_ctx;
    swirl_pool *pool; /* for the host grinder */
} swirl_whir_backend;

/* The CPU implementation; ops_ctx is the swirl_pool (NULL: serial). */
const swirl_whir_ops *swirl_whir_cpu_ops(void);

#endif
