/* test_e2e.c — end-to-end prove/verify through the public API: fib, interactions,
 * preprocessed + cached parts, absent optional AIRs; determinism; rejection of altered public
 * values, violated constraints, a proof under another key, and every single-byte change. */
#include <string.h>
#include "field/babybear.h"
#include "iop/proof.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_system_params P;

/* A flipped proof may still verify when the flip only changed a proof-of-work witness into
 * another valid witness (the preset's PoW bits are tiny): that is a different valid proof, not a
 * forgery. Returns 1 when the two proofs differ only in PoW witnesses. */
static int only_pow_differs(const uint8_t *a, const uint8_t *b, size_t len) {
    swirl_proof x, y;
    if (swirl_proof_decode(a, len, &x) != SWIRL_OK) return 0;
    if (swirl_proof_decode(b, len, &y) != SWIRL_OK) { swirl_proof_free(&x); return 0; }
    x.logup_pow_witness = y.logup_pow_witness;
    x.whir.mu_pow_witness = y.whir.mu_pow_witness;
    for (size_t i = 0; i < x.whir.num_sumcheck; i++) x.whir.folding_pow_witnesses[i] = y.whir.folding_pow_witnesses[i];
    for (size_t i = 0; i < x.whir.num_rounds; i++) x.whir.query_phase_pow_witnesses[i] = y.whir.query_phase_pow_witnesses[i];
    swirl_writer wx, wy;
    swirl_writer_init(&wx);
    swirl_writer_init(&wy);
    swirl_proof_encode(&x, &wx);
    swirl_proof_encode(&y, &wy);
    int same = wx.len == wy.len && !memcmp(wx.buf, wy.buf, wx.len);
    swirl_writer_free(&wx); swirl_writer_free(&wy);
    swirl_proof_free(&x); swirl_proof_free(&y);
    return same;
}

/* The codec is canonical: bytes that decode re-encode to themselves. Returns 1 when b does not
 * decode or re-encodes exactly, 0 when a non-canonical encoding was accepted. */
static int canonical_or_rejected(const uint8_t *b, size_t len) {
    swirl_proof d;
    if (swirl_proof_decode(b, len, &d) != SWIRL_OK) return 1;
    swirl_writer w;
    swirl_writer_init(&w);
    int same = swirl_proof_encode(&d, &w) == SWIRL_OK && w.len == len && !memcmp(w.buf, b, len);
    swirl_writer_free(&w);
    swirl_proof_free(&d);
    return same;
}

/* A rejection with exactly this detail and the check's name in the message. A violated constraint
 * makes the constraint polynomial's sum over the hypercube non-zero, so the batch sumcheck's
 * round-0 check (SumClaimMismatch) is what rejects such a proof. */
static int expect_verify(int rc, const swirl_error *e, int detail, const char *name) {
    return rc == SWIRL_ERR_VERIFY && e->status == SWIRL_ERR_VERIFY && e->detail == detail && strstr(e->message, name) != NULL;
}

static int prove(swirl_pk *pk, swirl_air_inputs *in, size_t n, uint8_t **b, size_t *len) {
    swirl_error e = {0};
    int rc = swirl_prove(NULL, pk, in, n, b, len, &e);
    if (rc) fprintf(stderr, "prove: %s\n", e.message);
    return rc;
}

int main(void) {
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    /* fib at several heights, incl. below 2^l_skip */
    for (unsigned h = 0; h <= 5; h++) {
        swirl_air *a = swirl_fib_air();
        swirl_pk *pk;
        swirl_vk *vk;
        CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, &vk, NULL) == SWIRL_OK);
        swirl_trace t;
        uint32_t pv[3];
        swirl_fib_trace(1, 1, h, &t, pv);
        swirl_air_inputs in = {&t, NULL, 0, pv, 3, NULL};
        uint8_t *b = NULL, *b2 = NULL;
        size_t len = 0, len2 = 0;
        CHECK(prove(pk, &in, 1, &b, &len) == SWIRL_OK);
        swirl_error e = {0};
        CHECK_MSG(swirl_verify(vk, b, len, &e) == SWIRL_OK, "fib h=%u: %s", h, e.message);
        CHECK(prove(pk, &in, 1, &b2, &len2) == SWIRL_OK && len2 == len && !memcmp(b, b2, len)); /* deterministic */
        swirl_bytes_free(b2);
        if (h == 3) {
            size_t accepted = 0, alt_witness = 0, non_canonical = 0;
            uint8_t *orig = malloc(len);
            memcpy(orig, b, len);
            for (size_t i = 0; i < len; i++) {
                b[i] ^= (uint8_t)(1u << (i % 8));
                if (!canonical_or_rejected(b, len)) non_canonical++;
                if (swirl_verify(vk, b, len, &e) == SWIRL_OK) {
                    if (only_pow_differs(orig, b, len)) alt_witness++;
                    else accepted++;
                }
                b[i] ^= (uint8_t)(1u << (i % 8));
            }
            free(orig);
            CHECK_MSG(accepted == 0, "%zu single-byte flips accepted (%zu were alternative PoW witnesses)", accepted, alt_witness);
            CHECK_MSG(non_canonical == 0, "%zu single-byte flips decoded but re-encoded differently", non_canonical);
            memset(&e, 0, sizeof e);
            CHECK(swirl_verify(vk, b, len - 1, &e) == SWIRL_ERR_DECODE && e.detail == 0);
        }
        swirl_bytes_free(b);
        /* altered public value: the proof of the altered statement does not verify */
        pv[2] = bb_add(pv[2], 1);
        CHECK(prove(pk, &in, 1, &b, &len) == SWIRL_OK);
        memset(&e, 0, sizeof e);
        int vrc = swirl_verify(vk, b, len, &e);
        CHECK_MSG(expect_verify(vrc, &e, SWIRL_VERIFY_ERR_SUM_CLAIM, "(SumClaimMismatch)"),
                  "fib h=%u wrong public value: verify %s detail %d (%s)", h, swirl_status_str(vrc), e.detail, e.message);
        swirl_bytes_free(b);
        pv[2] = bb_sub(pv[2], 1);
        swirl_trace_free(&t);
        swirl_pk_free(pk);
        swirl_vk_free(vk);
        swirl_air_free(a);
    }
    /* interactions + fib + absent optional AIR */
    {
        swirl_air *airs[4] = {swirl_fib_air(), swirl_dummy_interaction_air(1, 1, 2, 0, 1), swirl_dummy_interaction_air(1, 0, 2, 0, 1),
                              swirl_self_interaction_air(3, 5)};
        swirl_pk *pk;
        swirl_vk *vk;
        CHECK(swirl_keygen(NULL, &P, airs, 4, &pk, &vk, NULL) == SWIRL_OK);
        swirl_trace ft;
        uint32_t pv[3];
        swirl_fib_trace(0, 1, 3, &ft, pv);
        uint32_t sv[8] = {1, 5, 1, 6, 1, 5, 1, 6}, rv[4] = {2, 5, 2, 6};
        swirl_trace st = {sv, 4, 2}, rt = {rv, 2, 2}, self;
        swirl_self_interaction_trace(3, 4, &self);
        swirl_air_inputs in[4] = {{&ft, NULL, 0, pv, 3, NULL}, {&st, NULL, 0, NULL, 0, NULL}, {&rt, NULL, 0, NULL, 0, NULL}, {&self, NULL, 0, NULL, 0, NULL}};
        uint8_t *b;
        size_t len;
        swirl_error e = {0};
        CHECK(prove(pk, in, 4, &b, &len) == SWIRL_OK);
        CHECK_MSG(swirl_verify(vk, b, len, &e) == SWIRL_OK, "interactions: %s", e.message);
        swirl_bytes_free(b);
        /* the self-interaction AIR absent (optional) */
        in[3].common_main = NULL;
        CHECK(prove(pk, in, 4, &b, &len) == SWIRL_OK);
        CHECK_MSG(swirl_verify(vk, b, len, &e) == SWIRL_OK, "absent optional AIR: %s", e.message);
        /* the same proof under another key (fib alone) is rejected */
        swirl_air *fa = swirl_fib_air();
        swirl_pk *pk2;
        swirl_vk *vk2;
        CHECK(swirl_keygen(NULL, &P, &fa, 1, &pk2, &vk2, NULL) == SWIRL_OK);
        memset(&e, 0, sizeof e);
        int vrc = swirl_verify(vk2, b, len, &e);
        CHECK_MSG(expect_verify(vrc, &e, SWIRL_VERIFY_ERR_PROOF_SHAPE, "(InvalidVDataLength)"),
                  "a 4-AIR proof under a 1-AIR key: verify %s detail %d (%s)", swirl_status_str(vrc), e.detail, e.message);
        swirl_bytes_free(b);
        /* unbalanced bus cannot be proved */
        rv[0] = 3;
        memset(&e, 0, sizeof e);
        CHECK(swirl_prove(NULL, pk, in, 4, &b, &len, &e) == SWIRL_ERR_TRACE && strstr(e.message, "(NonZeroRootSum)"));
        rv[0] = 2;
        swirl_pk_free(pk2); swirl_vk_free(vk2); swirl_air_free(fa);
        swirl_trace_free(&ft); swirl_trace_free(&self);
        swirl_pk_free(pk); swirl_vk_free(vk);
        for (int i = 0; i < 4; i++) swirl_air_free(airs[i]);
    }
    /* preprocessed + cached (and fib_selector with preprocessed only) */
    {
        uint8_t sels[8] = {1, 0, 1, 1, 0, 0, 1, 0};
        swirl_air *airs[2] = {swirl_preprocessed_cached_air(sels, 8, 2), swirl_fib_selector_air(sels, 8, 0)};
        swirl_pk *pk;
        swirl_vk *vk;
        CHECK(swirl_keygen(NULL, &P, airs, 2, &pk, &vk, NULL) == SWIRL_OK);
        swirl_trace cm, cached[2], fs;
        uint32_t pv[3];
        swirl_preprocessed_cached_traces(sels, 8, 2, &cm, cached);
        swirl_fib_selector_trace(1, 2, sels, 8, &fs, pv);
        swirl_air_inputs in[2] = {{&cm, cached, 2, NULL, 0, NULL}, {&fs, NULL, 0, pv, 3, NULL}};
        uint8_t *b;
        size_t len;
        swirl_error e = {0};
        CHECK(prove(pk, in, 2, &b, &len) == SWIRL_OK);
        CHECK_MSG(swirl_verify(vk, b, len, &e) == SWIRL_OK, "preprocessed+cached: %s", e.message);
        swirl_bytes_free(b);
        /* a cached trace that violates its constraint */
        cached[1].values[2] = bb_add(cached[1].values[2], 1);
        CHECK(prove(pk, in, 2, &b, &len) == SWIRL_OK);
        memset(&e, 0, sizeof e);
        int vrc = swirl_verify(vk, b, len, &e);
        CHECK_MSG(expect_verify(vrc, &e, SWIRL_VERIFY_ERR_SUM_CLAIM, "(SumClaimMismatch)"),
                  "violated cached constraint: verify %s detail %d (%s)", swirl_status_str(vrc), e.detail, e.message);
        swirl_bytes_free(b);
        swirl_trace_free(&cm); swirl_trace_free(&cached[0]); swirl_trace_free(&cached[1]); swirl_trace_free(&fs);
        swirl_pk_free(pk); swirl_vk_free(vk);
        for (int i = 0; i < 2; i++) swirl_air_free(airs[i]);
    }
    /* keccakf with a few permutations under the production app preset (log stacked height 21) */
    {
        swirl_system_params app;
        CHECK(swirl_params_app(21, &app) == SWIRL_OK);
        swirl_air *a = swirl_keccakf_air();
        swirl_pk *pk;
        swirl_vk *vk;
        swirl_error e = {0};
        CHECK(swirl_keygen(NULL, &app, &a, 1, &pk, &vk, &e) == SWIRL_OK);
        uint64_t in[3][25];
        swirl_keccakf_random_inputs(9, 3, in);
        swirl_trace t;
        CHECK(swirl_keccakf_generate_trace((const uint64_t (*)[25])in, 3, &t) == SWIRL_OK);
        swirl_air_inputs ai = {&t, NULL, 0, NULL, 0, NULL};
        uint8_t *b;
        size_t len;
        CHECK(prove(pk, &ai, 1, &b, &len) == SWIRL_OK);
        CHECK_MSG(swirl_verify(vk, b, len, &e) == SWIRL_OK, "keccakf: %s", e.message);
        /* the same bytes with a 2-thread context (parallel stages are deterministic) */
        swirl_ctx *ctx = NULL;
        CHECK(swirl_ctx_create(2, SWIRL_BACKEND_CPU, &ctx, NULL) == SWIRL_OK);
        uint8_t *b2 = NULL;
        size_t len2 = 0;
        CHECK(swirl_prove(ctx, pk, &ai, 1, &b2, &len2, &e) == SWIRL_OK);
        CHECK(len2 == len && !memcmp(b, b2, len));
        swirl_bytes_free(b2);
        swirl_ctx_free(ctx);
        swirl_bytes_free(b);
        t.values[5 * 2633 + 300] ^= 1; /* flip a bit column: a violated constraint */
        CHECK(prove(pk, &ai, 1, &b, &len) == SWIRL_OK);
        memset(&e, 0, sizeof e);
        int vrc = swirl_verify(vk, b, len, &e);
        CHECK_MSG(expect_verify(vrc, &e, SWIRL_VERIFY_ERR_SUM_CLAIM, "(SumClaimMismatch)"),
                  "keccakf violated constraint: verify %s detail %d (%s)", swirl_status_str(vrc), e.detail, e.message);
        swirl_bytes_free(b);
        swirl_trace_free(&t);
        swirl_pk_free(pk);
        swirl_vk_free(vk);
        swirl_air_free(a);
    }
    return t_summary("test_e2e");
}
