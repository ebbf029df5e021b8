/* test_gkr.c — the GKR fractional sumcheck (conformance.md §4): round trips for 1..12 layers,
 * the output claims equal the leaf MLEs at ξ, zero numerators, mixed fractions, tampering of
 * every claim and sumcheck value rejected with the specific error, non-zero sums refused by the
 * prover, the zero-interaction q0 check, and the codec. */
#include <string.h>
#include "field/babybear.h"
#include "iop/gkr.h"
#include "test_util.h"
#include "transcript/transcript.h"
#include "util/pool.h"

static ef_t rnd(void) { return ef_make(t_rand_bb(), t_rand_bb(), t_rand_bb(), t_rand_bb()); }

static ef_t mle(const ef_t *v, unsigned L, const ef_t *x) {
    ef_t acc = ef_zero();
    for (size_t k = 0; k < ((size_t)1 << L); k++) {
        ef_t e = ef_one();
        for (unsigned i = 0; i < L; i++) e = ef_mul(e, (k >> i) & 1 ? x[i] : ef_sub(ef_one(), x[i]));
        acc = ef_add(acc, ef_mul(e, v[k]));
    }
    return acc;
}

/* balanced: sum p/q = 0; mode 1: half the numerators zero; mode 2: base-field numerators */
static void make_leaves(ef_t *p, ef_t *q, unsigned L, int mode) {
    size_t n = (size_t)1 << L;
    ef_t s = ef_zero();
    for (size_t k = 0; k < n; k++) {
        q[k] = rnd();
        p[k] = mode == 1 && (k & 1) ? ef_zero() : (mode == 2 ? ef_from_bb(t_rand_bb()) : rnd());
        if (k + 1 < n) s = ef_add(s, ef_mul(p[k], ef_inv(q[k])));
    }
    p[n - 1] = ef_neg(ef_mul(s, q[n - 1]));
}

static int verify(const swirl_gkr_proof *pf, unsigned L, ef_t *P, ef_t *Q, ef_t *xi, swirl_error *e) {
    swirl_transcript t;
    swirl_tr_init(&t);
    swirl_tr_observe(&t, 99);
    return swirl_gkr_verify(&t, pf, L, P, Q, xi, e);
}

int main(void) {
    swirl_pool *pool = swirl_pool_create(2);
    for (unsigned L = 1; L <= 12; L++)
        for (int mode = 0; mode < 3; mode++) {
            size_t n = (size_t)1 << L;
            ef_t *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
            make_leaves(p, q, L, mode);
            swirl_transcript t;
            swirl_tr_init(&t);
            swirl_tr_observe(&t, 99);
            swirl_gkr_proof pf;
            ef_t xi_p[32], xi_v[32], P, Q;
            CHECK(swirl_gkr_prove(&t, p, q, L, mode == 2 ? NULL : pool, &pf, xi_p) == SWIRL_OK);
            swirl_error e = {0};
            CHECK_MSG(verify(&pf, L, &P, &Q, xi_v, &e) == SWIRL_OK, "L=%u mode=%d: %s", L, mode, e.message);
            CHECK(!memcmp(xi_p, xi_v, L * sizeof(ef_t)));
            if (L <= 10) {
                CHECK_MSG(ef_eq(P, mle(p, L, xi_v)), "P = p(xi) L=%u", L);
                CHECK_MSG(ef_eq(Q, mle(q, L, xi_v)), "Q = q(xi) L=%u", L);
            }
            /* shape: layer k+2 has k+1 rounds */
            CHECK(pf.num_layers == L);
            if (L == 5 && mode == 0) {
                /* tamper each claim and each sumcheck value */
                swirl_gkr_layer_claims *c0 = &pf.claims[0];
                c0->p0 = ef_add(c0->p0, ef_one());
                CHECK(verify(&pf, L, &P, &Q, xi_v, &e) == SWIRL_ERR_VERIFY && e.detail == SWIRL_GKR_ERR_ZERO_CHECK);
                c0->p0 = ef_sub(c0->p0, ef_one());
                pf.q0_claim = ef_add(pf.q0_claim, ef_one());
                CHECK(verify(&pf, L, &P, &Q, xi_v, &e) == SWIRL_ERR_VERIFY && e.detail == SWIRL_GKR_ERR_ROOT_CONSISTENCY);
                pf.q0_claim = ef_sub(pf.q0_claim, ef_one());
                size_t bad = 0;
                for (unsigned k = 1; k < L; k++) {
                    ef_t *fields[4] = {&pf.claims[k].p0, &pf.claims[k].p1, &pf.claims[k].q0, &pf.claims[k].q1};
                    for (int f = 0; f < 4; f++) {
                        *fields[f] = ef_add(*fields[f], ef_one());
                        if (!(verify(&pf, L, &P, &Q, xi_v, &e) == SWIRL_ERR_VERIFY && e.detail == SWIRL_GKR_ERR_LAYER_CONSISTENCY)) bad++;
                        *fields[f] = ef_sub(*fields[f], ef_one());
                    }
                }
                for (size_t i = 0; i < swirl_gkr_sumcheck_offset(L + 1); i++) {
                    pf.sumcheck[i] = ef_add(pf.sumcheck[i], ef_one());
                    if (!(verify(&pf, L, &P, &Q, xi_v, &e) == SWIRL_ERR_VERIFY && e.detail == SWIRL_GKR_ERR_LAYER_CONSISTENCY)) bad++;
                    pf.sumcheck[i] = ef_sub(pf.sumcheck[i], ef_one());
                }
                CHECK_MSG(bad == 0, "%zu tampers not rejected as LayerConsistency", bad);
                CHECK(verify(&pf, L, &P, &Q, xi_v, &e) == SWIRL_OK);
                CHECK(verify(&pf, L + 1, &P, &Q, xi_v, &e) == SWIRL_ERR_VERIFY && e.detail == SWIRL_GKR_ERR_SHAPE);
                /* codec round trip, truncations, out-of-range element */
                swirl_writer w;
                swirl_writer_init(&w);
                CHECK(swirl_gkr_proof_encode(&pf, &w) == SWIRL_OK);
                swirl_reader r;
                swirl_reader_init(&r, w.buf, w.len);
                swirl_gkr_proof d;
                CHECK(swirl_gkr_proof_decode(&r, &d) == SWIRL_OK && r.pos == w.len);
                CHECK(verify(&d, L, &P, &Q, xi_v, &e) == SWIRL_OK);
                swirl_gkr_proof_free(&d);
                size_t tok = 0;
                for (size_t len = 0; len < w.len; len++) {
                    swirl_reader_init(&r, w.buf, len);
                    if (swirl_gkr_proof_decode(&r, &d) == SWIRL_OK) { tok++; swirl_gkr_proof_free(&d); }
                }
                CHECK(tok == 0);
                w.buf[3] = 0x7f; w.buf[2] = 0xff; /* first element of q0_claim >= p */
                swirl_reader_init(&r, w.buf, w.len);
                CHECK(swirl_gkr_proof_decode(&r, &d) == SWIRL_ERR_DECODE);
                swirl_writer_free(&w);
            }
            swirl_gkr_proof_free(&pf);
            free(p);
            free(q);
        }
    /* unbalanced fractions: the prover refuses (NonZeroRootSum) */
    {
        ef_t p[8], q[8], xi[8];
        for (int k = 0; k < 8; k++) { p[k] = rnd(); q[k] = rnd(); }
        swirl_transcript t;
        swirl_tr_init(&t);
        swirl_gkr_proof pf;
        CHECK(swirl_gkr_prove(&t, p, q, 3, NULL, &pf, xi) == SWIRL_ERR_TRACE);
    }
    /* zero interactions: q0_claim must be 1 */
    {
        swirl_gkr_proof pf;
        memset(&pf, 0, sizeof pf);
        pf.q0_claim = ef_one();
        swirl_error e = {0};
        CHECK(swirl_gkr_verify_empty(&pf, &e) == SWIRL_OK);
        pf.q0_claim = ef_from_bb(2);
        CHECK(swirl_gkr_verify_empty(&pf, &e) == SWIRL_ERR_VERIFY && e.detail == SWIRL_GKR_ERR_INVALID_ZERO_ROUND_VALUE);
    }
    swirl_pool_destroy(pool);
    return t_summary("test_gkr");
}
