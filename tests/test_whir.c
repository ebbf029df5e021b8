/* test_whir.c — WHIR prover/verifier round trips over the conformance configurations
 * (conformance.md §5), tamper rejection with specific errors, proof codec strictness, and the
 * allocation discipline of the prover. */
#include <string.h>
#include "field/babybear.h"
#include "pcs/stacked.h"
#include "pcs/whir.h"
#include "pcs/whir_ops.h"
#include "swirl.h"
#include "test_util.h"
#include "transcript/transcript.h"
#include "util/pool.h"

static swirl_pool *pool;

static ef_t rand_ef(void) { return ef_make(t_rand_bb(), t_rand_bb(), t_rand_bb(), t_rand_bb()); }

typedef struct {
    swirl_system_params p;
    size_t C;
    swirl_stacked_pcs_data *data[8];
    swirl_digest roots[8];
    size_t widths[8];
    ef_t u[32];
    ef_t *claims;
    swirl_whir_proof proof;
    swirl_transcript start;
} fixture;

/* claims v_g = MLE(c_g)(u) with c_g the RS message (hypercube table) of stacked column g */
static void compute_claims(fixture *fx) {
    size_t m = fx->p.l_skip + fx->p.n_stack, H = (size_t)1 << m, W = 0;
    for (size_t c = 0; c < fx->C; c++) W += fx->widths[c];
    fx->claims = malloc((W + 1) * sizeof(ef_t));
    ef_t *eq = malloc(H * sizeof(ef_t));
    eq[0] = ef_one();
    for (size_t j = 0; j < m; j++) {
        size_t h = (size_t)1 << j;
        for (size_t i = h; i-- > 0;) {
            eq[i + h] = ef_mul(eq[i], fx->u[j]);
            eq[i] = ef_mul(eq[i], ef_sub(ef_one(), fx->u[j]));
        }
    }
    size_t g = 0;
    for (size_t c = 0; c < fx->C; c++)
        for (size_t col = 0; col < fx->widths[c]; col++, g++) {
            ef_t acc = ef_zero();
            for (size_t b = 0; b < H; b++) acc = ef_add(acc, ef_mul_bb(eq[b], fx->data[c]->message[col * H + b]));
            fx->claims[g] = acc;
        }
    free(eq);
}

/* Build commitments of random traces: commitment c holds ntr[c] traces of the given log heights
 * and widths (stacking order). */
static int setup(fixture *fx, const swirl_system_params *p, size_t C, const size_t *ntr, const unsigned *lh,
                 const size_t *wd) {
    memset(fx, 0, sizeof *fx);
    fx->p = *p;
    fx->C = C;
    size_t ti = 0;
    for (size_t c = 0; c < C; c++) {
        swirl_trace tr[8];
        const swirl_trace *tp[8];
        for (size_t i = 0; i < ntr[c]; i++, ti++) {
            tr[i].height = (size_t)1 << lh[ti];
            tr[i].width = wd[ti];
            tr[i].values = malloc(tr[i].height * tr[i].width * 4 + 4);
            for (size_t e = 0; e < tr[i].height * tr[i].width; e++) tr[i].values[e] = t_rand_bb();
            tp[i] = &tr[i];
        }
        int rc = swirl_stacked_commit(p, tp, ntr[c], pool, &fx->data[c]);
        for (size_t i = 0; i < ntr[c]; i++) free(tr[i].values);
        if (rc) return rc;
        fx->roots[c] = fx->data[c]->commit;
        fx->widths[c] = fx->data[c]->layout.width;
    }
    size_t m = p->l_skip + p->n_stack;
    for (size_t i = 0; i < m; i++) fx->u[i] = rand_ef();
    compute_claims(fx);
    swirl_tr_init(&fx->start);
    swirl_tr_observe(&fx->start, 12345);
    swirl_transcript tr = fx->start;
    swirl_whir_stats st;
    int rc = swirl_whir_prove(p, &tr, (const swirl_stacked_pcs_data *const *)fx->data, C, fx->u, pool, &fx->proof, &st);
    if (rc == SWIRL_OK) {
        CHECK_MSG(st.round_allocs == 0 && st.rounds == p->whir.num_rounds, "round allocations %zu", st.round_allocs);
        CHECK_MSG(st.setup_allocs > 10, "setup allocations counted: %zu", st.setup_allocs);
    }
    return rc;
}

static int verify(fixture *fx, const swirl_whir_proof *pf, swirl_error *err) {
    swirl_transcript tr = fx->start;
    return swirl_whir_verify(&fx->p, &tr, fx->roots, fx->widths, fx->C, fx->u, fx->claims, pf, err);
}

static void teardown(fixture *fx) {
    for (size_t c = 0; c < fx->C; c++) swirl_stacked_pcs_data_free(fx->data[c]);
    free(fx->claims);
    swirl_whir_proof_free(&fx->proof);
}

static int encode(const swirl_whir_proof *pf, swirl_writer *w) {
    swirl_writer_init(w);
    return swirl_whir_proof_encode(pf, w);
}
static int decode_full(const uint8_t *b, size_t n, swirl_whir_proof *out) {
    swirl_reader r;
    swirl_reader_init(&r, b, n);
    int rc = swirl_whir_proof_decode(&r, out);
    if (rc == SWIRL_OK && r.pos != n) { swirl_whir_proof_free(out); return SWIRL_ERR_DECODE; }
    return rc;
}

/* A round trip, plus codec round trip and decoded-proof verification. */
static void roundtrip(const char *name, const swirl_system_params *p, size_t C, const size_t *ntr, const unsigned *lh,
                      const size_t *wd) {
    fixture fx;
    int rc = setup(&fx, p, C, ntr, lh, wd);
    CHECK_MSG(rc == SWIRL_OK, "%s prove rc=%d", name, rc);
    if (rc) { teardown(&fx); return; }
    swirl_error err = {0};
    rc = verify(&fx, &fx.proof, &err);
    CHECK_MSG(rc == SWIRL_OK, "%s verify: %s", name, err.message);
    swirl_writer w;
    CHECK(encode(&fx.proof, &w) == SWIRL_OK);
    swirl_whir_proof dec;
    CHECK(decode_full(w.buf, w.len, &dec) == SWIRL_OK);
    swirl_writer w2;
    encode(&dec, &w2);
    CHECK_MSG(w2.len == w.len && !memcmp(w.buf, w2.buf, w.len), "%s re-encode", name);
    CHECK(verify(&fx, &dec, &err) == SWIRL_OK);
    swirl_whir_proof_free(&dec);
    swirl_writer_free(&w);
    swirl_writer_free(&w2);
    /* a wrong claim is rejected by the final check */
    fx.claims[0] = ef_add(fx.claims[0], ef_one());
    rc = verify(&fx, &fx.proof, &err);
    CHECK_MSG(rc == SWIRL_ERR_VERIFY && err.detail == SWIRL_WHIR_ERR_FINAL_POLY, "%s wrong claim detail %d", name, err.detail);
    teardown(&fx);
}

/* rejected with exactly this detail and a message containing substr */
#define EXPECT_EXACT(fx, pf, want_detail, substr) do { swirl_error _e = {0}; int _rc = verify((fx), (pf), &_e); \
    CHECK_MSG(_rc == SWIRL_ERR_VERIFY && _e.detail == (want_detail) && strstr(_e.message, (substr)) != NULL, \
              "reject rc=%d detail=%d (%s), expected detail %d \"%s\"", _rc, _e.detail, _e.message, (want_detail), (substr)); \
    } while (0)

#define EXPECT_REJECT(fx, pf, want) do { swirl_error _e = {0}; int _rc = verify((fx), (pf), &_e); \
    CHECK_MSG(_rc == SWIRL_ERR_VERIFY && (want), "reject rc=%d detail=%d (%s)", _rc, _e.detail, _e.message); \
    last_detail = _e.detail; } while (0)

/* A backend's grinder for WHIR's proof-of-work steps: one that returns the smallest witness gives
 * the same proof bytes as the host grinder; a wrong witness is an internal error; a failing
 * grinder's status is returned. */
static int grind_mode, grind_calls;
static int test_grinder(void *ctx, const swirl_transcript *tr, unsigned bits, uint32_t *w) {
    (void)ctx;
    grind_calls++;
    if (grind_mode == 2) return SWIRL_ERR_CUDA;
    swirl_transcript copy = *tr;
    *w = swirl_tr_grind(&copy, bits, NULL);
    if (grind_mode == 1) {
        /* the next witness that fails the check */
        for (uint32_t x = *w + 1;; x++) {
            swirl_transcript c2 = *tr;
            if (!swirl_tr_check_witness(&c2, bits, x)) { *w = x; break; }
        }
    }
    return SWIRL_OK;
}

static void test_whir_grinder(void) {
    swirl_system_params p;
    CHECK(swirl_params_test_small(2, 6, 2, &p) == SWIRL_OK);
    p.whir.mu_pow_bits = p.whir.folding_pow_bits = p.whir.query_phase_pow_bits = 6;
    fixture fx;
    size_t ntr[] = {1};
    unsigned lh[] = {7};
    size_t wd[] = {3};
    CHECK(setup(&fx, &p, 1, ntr, lh, wd) == SWIRL_OK);
    swirl_writer a, b;
    swirl_writer_init(&a);
    swirl_writer_init(&b);
    CHECK(swirl_whir_proof_encode(&fx.proof, &a) == SWIRL_OK);
    for (grind_mode = 0; grind_mode <= 2; grind_mode++) {
        swirl_transcript tr = fx.start;
        swirl_whir_proof pf;
        swirl_whir_backend be = {swirl_whir_cpu_ops(), pool, test_grinder, NULL, pool};
        grind_calls = 0;
        int rc = swirl_whir_prove_on(&p, &tr, (const swirl_stacked_pcs_data *const *)fx.data, 1, fx.u, &be, &pf, NULL, NULL);
        if (grind_mode == 0) {
            CHECK_MSG(rc == SWIRL_OK && grind_calls == (int)(1 + p.whir.num_rounds * (p.whir.k + 1)), "rc %d, %d grinds", rc, grind_calls);
            if (rc == SWIRL_OK) {
                CHECK(swirl_whir_proof_encode(&pf, &b) == SWIRL_OK);
                CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
                swirl_whir_proof_free(&pf);
            }
        } else {
            CHECK_MSG(rc == (grind_mode == 1 ? SWIRL_ERR_INTERNAL : SWIRL_ERR_CUDA), "mode %d: rc %d", grind_mode, rc);
        }
    }
    swirl_writer_free(&a);
    swirl_writer_free(&b);
    teardown(&fx);
}

int main(void) {
    pool = swirl_pool_create(2);
    int last_detail = 0;
    (void)last_detail;
    /* whir_single_fib_{n_stack}_{log_blowup}_{k}_{log_final} with l_skip = 2 */
    static const size_t tuples[6][4] = {{0, 1, 1, 0}, {2, 1, 1, 2}, {2, 1, 2, 0}, {2, 1, 3, 1}, {2, 1, 4, 0}, {2, 2, 4, 0}};
    for (int i = 0; i < 6; i++) {
        swirl_system_params p;
        memset(&p, 0, sizeof p);
        p.l_skip = 2;
        p.n_stack = tuples[i][0];
        p.log_blowup = tuples[i][1];
        p.w_stack = 8;
        p.max_constraint_degree = 3;
        swirl_proximity prox = {SWIRL_PROX_SPLIT_UNIQUE_LIST, 3, 1};
        CHECK(swirl_whir_config_derive(p.log_blowup, p.l_skip + p.n_stack, tuples[i][2], tuples[i][3], 3, 1, 2, prox, 5, &p.whir) == SWIRL_OK);
        size_t ntr[] = {1};
        unsigned lh[] = {(unsigned)(p.l_skip + p.n_stack)};
        size_t wd[] = {2};
        char name[64];
        snprintf(name, sizeof name, "whir_single_fib_%zu_%zu_%zu_%zu", tuples[i][0], tuples[i][1], tuples[i][2], tuples[i][3]);
        roundtrip(name, &p, 1, ntr, lh, wd);
    }
    /* whir_multiple_commitments: l_skip 3, n_stack 3, rounds [6, 5], all PoW bits 1, k = 1..3 */
    for (size_t k = 1; k <= 3; k++) {
        swirl_system_params p;
        memset(&p, 0, sizeof p);
        p.l_skip = 3; p.n_stack = 3; p.w_stack = 64; p.log_blowup = 1; p.max_constraint_degree = 3;
        p.whir.k = k; p.whir.num_rounds = 2; p.whir.num_queries[0] = 6; p.whir.num_queries[1] = 5;
        p.whir.mu_pow_bits = p.whir.folding_pow_bits = p.whir.query_phase_pow_bits = 1;
        size_t ntr[] = {1, 1, 1, 1, 1};
        unsigned lh[] = {6, 6, 6, 6, 6};
        size_t wd[] = {3, 7, 12, 5, 9};
        roundtrip("whir_multiple_commitments", &p, 5, ntr, lh, wd);
    }
    /* several commitments with short strided traces, k = 1..4, test preset */
    for (size_t k = 1; k <= 4; k++) {
        swirl_system_params p;
        CHECK(swirl_params_test_small(2, 5, k, &p) == SWIRL_OK);
        size_t ntr[] = {3, 1};
        unsigned lh[] = {7, 4, 1, 5};
        size_t wd[] = {3, 2, 3, 5};
        roundtrip("strided multi-commit", &p, 2, ntr, lh, wd);
    }
    {
        swirl_system_params p;
        CHECK(swirl_params_default_test(&p) == SWIRL_OK);
        size_t ntr[] = {2};
        unsigned lh[] = {10, 3};
        size_t wd[] = {4, 6};
        roundtrip("default_test_params_small", &p, 1, ntr, lh, wd);
    }
    {
        /* app preset (l_skip 4, k 4, blowup 2, PoW 15/5/20) at a small height: app(15), 2 rounds */
        swirl_system_params p;
        CHECK(swirl_params_app(15, &p) == SWIRL_OK);
        size_t ntr[] = {1};
        unsigned lh[] = {12};
        size_t wd[] = {3};
        roundtrip("app_params(10)", &p, 1, ntr, lh, wd);
    }
    {
        /* Appendix B model configuration: l_skip 2, n_stack 4, k 2, rounds [3, 2], PoW (2,1,2) */
        swirl_system_params p;
        memset(&p, 0, sizeof p);
        p.l_skip = 2; p.n_stack = 4; p.w_stack = 64; p.log_blowup = 1; p.max_constraint_degree = 3;
        p.whir.k = 2; p.whir.num_rounds = 2; p.whir.num_queries[0] = 3; p.whir.num_queries[1] = 2;
        p.whir.mu_pow_bits = 2; p.whir.folding_pow_bits = 1; p.whir.query_phase_pow_bits = 2;
        size_t ntr[] = {3, 1};
        unsigned lh[] = {6, 4, 1, 5};
        size_t wd[] = {3, 2, 3, 5};
        roundtrip("appendix_b", &p, 2, ntr, lh, wd);
    }
    /* fold_single / fold_double are exercised through binary_k_fold inside every query check above. */

    /* ---- tampering: each rejected with its specific error ---- */
    {
        swirl_system_params p;
        memset(&p, 0, sizeof p);
        p.l_skip = 2; p.n_stack = 4; p.w_stack = 64; p.log_blowup = 1; p.max_constraint_degree = 3;
        p.whir.k = 2; p.whir.num_rounds = 3; p.whir.num_queries[0] = 4; p.whir.num_queries[1] = 3; p.whir.num_queries[2] = 2;
        p.whir.mu_pow_bits = 8; p.whir.folding_pow_bits = 8; p.whir.query_phase_pow_bits = 8;
        size_t ntr[] = {2, 1};
        unsigned lh[] = {6, 3, 6};
        size_t wd[] = {3, 2, 4};
        fixture fx;
        CHECK(setup(&fx, &p, 2, ntr, lh, wd) == SWIRL_OK);
        swirl_error e0 = {0};
        CHECK(verify(&fx, &fx.proof, &e0) == SWIRL_OK);
        swirl_whir_proof *pf = &fx.proof;
        /* opened row value */
        pf->initial_rows[5] = bb_add(pf->initial_rows[5], 1);
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_MERKLE);
        pf->initial_rows[5] = bb_sub(pf->initial_rows[5], 1);
        /* Merkle sibling (initial and codeword rounds) */
        pf->initial_paths[1].v[3] ^= 1;
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_MERKLE);
        pf->initial_paths[1].v[3] ^= 1;
        pf->codeword_paths[0].v[0] = bb_add(pf->codeword_paths[0].v[0], 1);
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_MERKLE);
        pf->codeword_paths[0].v[0] = bb_sub(pf->codeword_paths[0].v[0], 1);
        pf->codeword_values[2] = ef_add(pf->codeword_values[2], ef_one());
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_MERKLE);
        pf->codeword_values[2] = ef_sub(pf->codeword_values[2], ef_one());
        /* PoW witnesses */
        pf->mu_pow_witness = bb_add(pf->mu_pow_witness, 1);
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_MU_POW);
        pf->mu_pow_witness = bb_sub(pf->mu_pow_witness, 1);
        pf->folding_pow_witnesses[3] = bb_add(pf->folding_pow_witnesses[3], 1);
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_FOLDING_POW);
        pf->folding_pow_witnesses[3] = bb_sub(pf->folding_pow_witnesses[3], 1);
        pf->query_phase_pow_witnesses[1] = bb_add(pf->query_phase_pow_witnesses[1], 1);
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_QUERY_POW);
        pf->query_phase_pow_witnesses[1] = bb_sub(pf->query_phase_pow_witnesses[1], 1);
        /* sumcheck evaluation, OOD value, final polynomial coefficient: observed values, so the
         * transcript diverges; the next PoW check (8 bits) catches it */
        pf->sumcheck_polys[4] = ef_add(pf->sumcheck_polys[4], ef_one());
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_FOLDING_POW);
        pf->sumcheck_polys[4] = ef_sub(pf->sumcheck_polys[4], ef_one());
        pf->ood_values[0] = ef_add(pf->ood_values[0], ef_one());
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_QUERY_POW);
        pf->ood_values[0] = ef_sub(pf->ood_values[0], ef_one());
        pf->final_poly[0] = ef_add(pf->final_poly[0], ef_one());
        EXPECT_REJECT(&fx, pf, _e.detail == SWIRL_WHIR_ERR_QUERY_POW);
        pf->final_poly[0] = ef_sub(pf->final_poly[0], ef_one());
        CHECK(verify(&fx, pf, &e0) == SWIRL_OK);
        teardown(&fx);
    }
    {
        /* same tampers with all PoW bits 0: semantic checks alone must catch them */
        swirl_system_params p;
        memset(&p, 0, sizeof p);
        p.l_skip = 2; p.n_stack = 3; p.w_stack = 64; p.log_blowup = 1; p.max_constraint_degree = 3;
        p.whir.k = 2; p.whir.num_rounds = 2; p.whir.num_queries[0] = 4; p.whir.num_queries[1] = 3;
        p.whir.mu_pow_bits = 0; p.whir.folding_pow_bits = 0; p.whir.query_phase_pow_bits = 0;
        size_t ntr[] = {1};
        unsigned lh[] = {5};
        size_t wd[] = {3};
        fixture fx;
        CHECK(setup(&fx, &p, 1, ntr, lh, wd) == SWIRL_OK);
        swirl_whir_proof *pf = &fx.proof;
        /* observed values: the challenges after them change, so the next round's query indices
         * differ from the ones the prover opened (the domains have 2^3 = 8 points; for these proof
         * values at least one index moves), and that round's Merkle check rejects */
        pf->final_poly[1] = ef_add(pf->final_poly[1], ef_one());
        EXPECT_EXACT(&fx, pf, SWIRL_WHIR_ERR_MERKLE, "Merkle path of round 1, query");
        pf->final_poly[1] = ef_sub(pf->final_poly[1], ef_one());
        pf->sumcheck_polys[1] = ef_add(pf->sumcheck_polys[1], ef_one());
        EXPECT_EXACT(&fx, pf, SWIRL_WHIR_ERR_MERKLE, "Merkle path of commitment 0, query");
        pf->sumcheck_polys[1] = ef_sub(pf->sumcheck_polys[1], ef_one());
        pf->ood_values[0] = ef_add(pf->ood_values[0], ef_one());
        EXPECT_EXACT(&fx, pf, SWIRL_WHIR_ERR_MERKLE, "Merkle path of commitment 0, query");
        pf->ood_values[0] = ef_sub(pf->ood_values[0], ef_one());
        /* FinalPolyConstraint: the claimed evaluations and the point are inputs of WHIR that WHIR
         * does not observe (the stacked reduction did), so changing one leaves every challenge,
         * query and Merkle opening as the prover made them and only the final check fails. In a
         * full proof they are transcript-bound before WHIR starts (test_verifier_checks.c). */
        fx.claims[0] = ef_add(fx.claims[0], ef_one());
        EXPECT_EXACT(&fx, pf, SWIRL_WHIR_ERR_FINAL_POLY, "final polynomial constraint fails");
        fx.claims[0] = ef_sub(fx.claims[0], ef_one());
        fx.u[p.l_skip + p.n_stack - 1] = ef_add(fx.u[p.l_skip + p.n_stack - 1], ef_one());
        EXPECT_EXACT(&fx, pf, SWIRL_WHIR_ERR_FINAL_POLY, "final polynomial constraint fails");
        fx.u[p.l_skip + p.n_stack - 1] = ef_sub(fx.u[p.l_skip + p.n_stack - 1], ef_one());
        {
            swirl_error e1 = {0};
            CHECK(verify(&fx, pf, &e1) == SWIRL_OK);
        }

        teardown(&fx);
        /* ---- codec: every byte flip, every truncation, trailing bytes, values >= p (with PoW
         * bits > 0: with 0 bits a witness is ignored by the protocol, so flipping it is harmless) */
        p.whir.mu_pow_bits = 10; p.whir.folding_pow_bits = 10; p.whir.query_phase_pow_bits = 10;
        CHECK(setup(&fx, &p, 1, ntr, lh, wd) == SWIRL_OK);
        pf = &fx.proof;
        swirl_writer w;
        CHECK(encode(pf, &w) == SWIRL_OK);
        size_t accepted = 0, non_canonical = 0;
        for (size_t i = 0; i < w.len; i++) {
            uint8_t save = w.buf[i];
            w.buf[i] ^= (uint8_t)(1u << (i % 8));
            swirl_whir_proof d;
            if (decode_full(w.buf, w.len, &d) == SWIRL_OK) {
                swirl_error e = {0};
                if (verify(&fx, &d, &e) == SWIRL_OK) accepted++;
                /* canonical codec: whatever decodes re-encodes to the flipped bytes */
                swirl_writer re;
                if (encode(&d, &re) != SWIRL_OK || re.len != w.len || memcmp(re.buf, w.buf, w.len)) non_canonical++;
                swirl_writer_free(&re);
                swirl_whir_proof_free(&d);
            }
            w.buf[i] = save;
        }
        CHECK_MSG(accepted == 0, "%zu single-byte flips accepted", accepted);
        CHECK_MSG(non_canonical == 0, "%zu single-byte flips decoded but re-encoded differently", non_canonical);
        size_t trunc_ok = 0;
        for (size_t n = 0; n < w.len; n++) {
            swirl_whir_proof d;
            if (decode_full(w.buf, n, &d) == SWIRL_OK) { trunc_ok++; swirl_whir_proof_free(&d); }
        }
        CHECK_MSG(trunc_ok == 0, "%zu truncations decoded", trunc_ok);
        uint8_t *ext = malloc(w.len + 1);
        memcpy(ext, w.buf, w.len);
        ext[w.len] = 0;
        swirl_whir_proof d;
        CHECK(decode_full(ext, w.len + 1, &d) == SWIRL_ERR_DECODE);
        /* mu_pow_witness (first 4 bytes) set to p: out of range */
        memcpy(ext, w.buf, w.len);
        ext[0] = 0x01; ext[1] = 0x00; ext[2] = 0x00; ext[3] = 0x78;
        CHECK(decode_full(ext, w.len, &d) == SWIRL_ERR_DECODE);
        /* number of commitments 0 */
        free(ext);
        swirl_writer_free(&w);
        teardown(&fx);
    }
    test_whir_grinder();
    swirl_pool_destroy(pool);
    return t_summary("test_whir");
}
