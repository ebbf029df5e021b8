/* test_conformance_buses.c — the reference's bus and cached-trace scenarios and the negative
 * end-to-end cases (conformance.md §2-§3): the interaction fixtures (all-zero sender, several
 * senders and receivers, unbalanced rows), cached traces committed once and altered after
 * commitment, partitioned_sum_air (+ neg) and the malleable q0 claim. */
#include "conformance_util.h"
#include "swirl_scenarios.h"

/* ---- interaction fixtures (RowMajorMatrix of (count, field) rows on bus 0) ------------------------ */

static void dummy_fixture(const char *name, int expect_ok, size_t n, const int *is_send, uint32_t *const *vals,
                          const size_t *rows) {
    swirl_air *airs[4];
    swirl_trace tr[4];
    swirl_air_inputs in[4];
    memset(in, 0, sizeof in);
    for (size_t i = 0; i < n; i++) {
        airs[i] = swirl_dummy_interaction_air(1, is_send[i], 0, 0, 0);
        tr[i].values = vals[i];
        tr[i].height = rows[i];
        tr[i].width = 2;
        in[i].common_main = &tr[i];
    }
    if (expect_ok) happy(name, &P_default, airs, n, in, CP_DETERMINISM);
    else rejected(name, &P_default, airs, n, in, SWIRL_ERR_TRACE, 0, "(NonZeroRootSum)");
    free_airs(airs, n);
}

static void test_interaction_fixtures(void) {
    /* interaction_all_zero_sender: one sender whose counts are all 0 */
    {
        uint32_t s[8] = {0, 1, 0, 5, 0, 4, 0, 889};
        uint32_t *v[1] = {s};
        size_t rows[1] = {4};
        int send[1] = {1};
        dummy_fixture("interaction_all_zero_sender", 1, 1, send, v, rows);
    }
    /* interaction_multi_senders (+ _neg: sender1's count 6 -> 5) */
    {
        uint32_t s1[8] = {0, 1, 3, 5, 6, 4, 333, 889}, s2[4] = {1, 4, 213, 889};
        uint32_t r[16] = {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 1, 889, 0, 456};
        uint32_t *v[3] = {s1, s2, r};
        size_t rows[3] = {4, 2, 8};
        int send[3] = {1, 1, 0};
        dummy_fixture("interaction_multi_senders", 1, 3, send, v, rows);
        s1[4] = 5;
        dummy_fixture("interaction_multi_senders_neg", 0, 3, send, v, rows);
    }
    /* interaction_multi_sender_receiver */
    {
        uint32_t s1[8] = {0, 1, 3, 5, 6, 4, 333, 889}, s2[4] = {1, 4, 213, 889};
        uint32_t r1[16] = {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 0, 289, 0, 456}, r2[2] = {1, 889};
        uint32_t *v[4] = {s1, s2, r1, r2};
        size_t rows[4] = {4, 2, 8, 1};
        int send[4] = {1, 1, 0, 0};
        dummy_fixture("interaction_multi_sender_receiver", 1, 4, send, v, rows);
    }
    /* interaction_multi_rows_neg: the receiver's count of 889 is 545, the sender's 546 */
    {
        uint32_t s[8] = {0, 1, 3, 5, 7, 4, 546, 0};
        uint32_t r[16] = {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 0, 0, 0, 0, 456};
        uint32_t *v[2] = {s, r};
        size_t rows[2] = {4, 8};
        int send[2] = {1, 0};
        dummy_fixture("interaction_multi_rows_neg", 0, 2, send, v, rows);
    }
}

/* ---- cached traces ------------------------------------------------------------------------------ */

/* interaction_cached_trace_neg (reference fixture): a partitioned receiver with 2 fields whose
 * message [889, 10] has no sender; the statement must not be provable. */
static void test_interaction_cached_trace_neg_reference(void) {
    static const uint32_t sc[4] = {0, 7, 3, 546}, sf[8] = {1, 1, 4, 2, 5, 1, 889, 4};
    static const uint32_t rc_[8] = {1, 3, 4, 2, 0, 545, 1, 0};
    static const uint32_t rf[16] = {5, 1, 4, 2, 4, 2, 5, 1, 123, 3, 889, 4, 889, 10, 456, 5};
    swirl_air *airs[2] = {swirl_dummy_interaction_air(2, 0, 0, 1, 0), swirl_dummy_interaction_air(2, 1, 0, 0, 0)};
    chip_traces r, s;
    chip_load(&r, 2, 1, rc_, rf, 8);
    chip_load(&s, 2, 0, sc, sf, 4);
    swirl_air_inputs in[2] = {r.in, s.in};
    rejected("interaction_cached_trace_neg", &P_default, airs, 2, in, SWIRL_ERR_TRACE, 0, "(NonZeroRootSum)");
    chip_free(&r);
    chip_free(&s);
    free_airs(airs, 2);
}

static void digest_of_proof(const uint8_t *proof, size_t len, size_t air, size_t part, uint32_t out[8]) {
    swirl_proof pf;
    memset(out, 0xff, 8 * sizeof *out);
    int rc = swirl_proof_decode(proof, len, &pf);
    CHECK_MSG(rc == SWIRL_OK, "digest_of_proof: the proof does not decode (%s)", swirl_status_str(rc));
    if (rc != SWIRL_OK) return;
    if (air < pf.num_airs && pf.vdata[air].present && part < pf.vdata[air].num_cached)
        memcpy(out, pf.vdata[air].cached[part].v, 8 * sizeof *out);
    swirl_proof_free(&pf);
}

/* Cached commitments made once with swirl_commit_cached_main (CachedFixture11):
 *  - a proof with the commitments equals the proof where the prover commits itself, carries the
 *    commitment's root, and verifies; the same commitments serve a second proof with other
 *    (balanced) counts;
 *  - interaction_cached_trace_neg as the brief states it: the cached trace altered after its
 *    commitment (alone: the bus no longer balances; together with the matching sender field: the
 *    altered traces balance but the committed one does not) is never accepted;
 *  - a commitment of another trace (wrong height) is never accepted. */
static void test_cached_commitments(void) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    int rc = swirl_builtin_scenario("cached", 0, 0, &b, &e);
    CHECK_MSG(rc == SWIRL_OK, "cached: %s", e.message);
    if (rc) return;
    rc = swirl_keygen(ctx, &P_default, b->airs, b->num_airs, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "cached: keygen %s", e.message);
    if (rc) { swirl_builtin_free(b); return; }
    swirl_committed_trace *c[2] = {NULL, NULL}, *c_again = NULL;
    for (int i = 0; i < 2; i++) {
        rc = swirl_commit_cached_main(ctx, vk, &b->inputs[i].cached_mains[0], &c[i], &e);
        CHECK_MSG(rc == SWIRL_OK && c[i], "swirl_commit_cached_main(AIR %d): %s: %s", i, swirl_status_str(rc), e.message);
    }
    CHECK(swirl_commit_cached_main(ctx, vk, &b->inputs[1].cached_mains[0], &c_again, &e) == SWIRL_OK);
    if (!c[0] || !c[1] || !c_again) goto out;
    uint32_t root0[8], root1[8], root_again[8], in_proof[8];
    swirl_committed_trace_root(c[0], root0);
    swirl_committed_trace_root(c[1], root1);
    swirl_committed_trace_root(c_again, root_again);
    CHECK_MSG(memcmp(root0, root1, sizeof root0) != 0, "two different cached traces have the same root");
    CHECK_MSG(!memcmp(root1, root_again, sizeof root1), "committing the same trace twice gave two roots");
    for (int i = 0; i < 8; i++) CHECK(root0[i] < SWIRL_P && root1[i] < SWIRL_P);

    const swirl_committed_trace *cc0[1] = {c[0]}, *cc1[1] = {c[1]};
    swirl_air_inputs in[2];
    memcpy(in, b->inputs, sizeof in);
    in[0].cached_commitments = cc0;
    in[1].cached_commitments = cc1;
    uint8_t *plain = NULL, *with = NULL, *second = NULL, *bad = NULL;
    size_t lplain = 0, lwith = 0, lsecond = 0, lbad = 0;
    CHECK(swirl_prove(ctx, pk, b->inputs, 2, &plain, &lplain, &e) == SWIRL_OK);
    rc = swirl_prove(ctx, pk, in, 2, &with, &lwith, &e);
    CHECK_MSG(rc == SWIRL_OK, "cached commitments: prove %s: %s", swirl_status_str(rc), e.message);
    if (rc == SWIRL_OK) {
        rc = swirl_verify(vk, with, lwith, &e);
        CHECK_MSG(rc == SWIRL_OK, "cached commitments: verify %s: %s", swirl_status_str(rc), e.message);
        check_shape("cached commitments", vk, in, 2, with, lwith);
        check_codec("cached commitments", with, lwith);
        CHECK_MSG(plain && lplain == lwith && !memcmp(plain, with, lwith),
                  "a proof from pre-made commitments differs from the prover's own commitments");
        digest_of_proof(with, lwith, 1, 0, in_proof);
        CHECK_MSG(!memcmp(in_proof, root1, sizeof root1), "the proof does not carry swirl_committed_trace_root");
    }
    /* second proof, same commitments, receiver counts moved between the two rows of message 5 */
    {
        const swirl_trace *rcm = b->inputs[1].common_main;
        CHECK(rcm->height == 8 && rcm->width == 1 && rcm->values[0] == 1 && rcm->values[3] == 2);
        uint32_t counts[8];
        memcpy(counts, rcm->values, sizeof counts);
        counts[0] = 0;
        counts[3] = 3;
        swirl_trace moved = {counts, 8, 1};
        in[1].common_main = &moved;
        rc = swirl_prove(ctx, pk, in, 2, &second, &lsecond, &e);
        CHECK_MSG(rc == SWIRL_OK, "cached commitments reused: prove %s: %s", swirl_status_str(rc), e.message);
        if (rc == SWIRL_OK) {
            rc = swirl_verify(vk, second, lsecond, &e);
            CHECK_MSG(rc == SWIRL_OK, "cached commitments reused: verify %s: %s", swirl_status_str(rc), e.message);
            CHECK(!(with && lsecond == lwith && !memcmp(second, with, lwith)));
            digest_of_proof(second, lsecond, 1, 0, in_proof);
            CHECK_MSG(!memcmp(in_proof, root1, sizeof root1), "the second proof does not carry the same root");
        }
        in[1].common_main = b->inputs[1].common_main;
    }
    /* negatives: the receiver's cached trace altered after its commitment */
    {
        swirl_trace *rcached = (swirl_trace *)&b->inputs[1].cached_mains[0];
        swirl_trace *scached = (swirl_trace *)&b->inputs[0].cached_mains[0];
        CHECK(rcached->values[5] == 889 && rcached->values[6] == 889 && scached->values[3] == 889);
        /* (a) the receiver's message 889 -> 890 (rows 5 and 6) alone */
        rcached->values[5] = rcached->values[6] = 890;
        /* the prover runs LogUp over the traces it is given: they do not balance */
        memset(&e, 0, sizeof e);
        rc = swirl_prove(ctx, pk, in, 2, &bad, &lbad, &e);
        CHECK_MSG(rc == SWIRL_ERR_TRACE && strstr(e.message, "(NonZeroRootSum)"),
                  "interaction_cached_trace_neg (a): prove %s (%s), expected SWIRL_ERR_TRACE (NonZeroRootSum)",
                  swirl_status_str(rc), e.message);
        swirl_bytes_free(bad);
        bad = NULL;
        /* (b) the sender's field too, with the sender committed by the prover: the traces passed
         * balance, the committed receiver trace does not */
        scached->values[3] = 890;
        in[0].cached_commitments = NULL;
        /* the batch sumcheck opens the altered receiver trace, the stacked reduction and WHIR the
         * committed one: the column claims are not those of the committed matrix (S0) */
        memset(&e, 0, sizeof e);
        rc = swirl_prove(ctx, pk, in, 2, &bad, &lbad, &e);
        CHECK_MSG(rc == SWIRL_OK, "interaction_cached_trace_neg (b): prove %s (%s)", swirl_status_str(rc), e.message);
        if (rc == SWIRL_OK) {
            memset(&e, 0, sizeof e);
            rc = swirl_verify(vk, bad, lbad, &e);
            CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_VERIFY_ERR_STACKING_S0 && strstr(e.message, "(S0Mismatch)"),
                      "interaction_cached_trace_neg (b): altered cached trace with the original commitment: verify %s detail %d (%s)",
                      swirl_status_str(rc), e.detail, e.message);
        }
        swirl_bytes_free(bad);
        bad = NULL;
        /* sanity: the same altered traces without commitments are a true statement */
        in[1].cached_commitments = NULL;
        rc = swirl_prove(ctx, pk, in, 2, &bad, &lbad, &e);
        CHECK_MSG(rc == SWIRL_OK && swirl_verify(vk, bad, lbad, &e) == SWIRL_OK,
                  "altered but consistent traces committed by the prover: %s", e.message);
        swirl_bytes_free(bad);
        bad = NULL;
        rcached->values[5] = rcached->values[6] = 889;
        scached->values[3] = 889;
        /* (c) the sender's commitment (4 rows) passed for the receiver (8 rows) */
        in[0].cached_commitments = cc0;
        in[1].cached_commitments = cc0;
        memset(&e, 0, sizeof e);
        rc = swirl_prove(ctx, pk, in, 2, &bad, &lbad, &e);
        CHECK_MSG(rc == SWIRL_ERR_INVALID_ARG && strstr(e.message, "a cached commitment is of a 4 x 1 trace"),
                  "another trace's commitment: prove %s (%s), expected SWIRL_ERR_INVALID_ARG", swirl_status_str(rc), e.message);
        swirl_bytes_free(bad);
        bad = NULL;
    }
    swirl_bytes_free(plain);
    swirl_bytes_free(with);
    swirl_bytes_free(second);
out:
    swirl_committed_trace_free(c[0]);
    swirl_committed_trace_free(c[1]);
    swirl_committed_trace_free(c_again);
    swirl_committed_trace_free(NULL);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_builtin_free(b);
}

/* partitioned_sum_air (stark-backend tests/partitioned_sum_air.rs): SumAir(5), 8 rows, y < 1000,
 * the cached part committed before proving; _neg: x[0] = 0, the proof is rejected
 * (SumClaimMismatch: the round-0 polynomial no longer sums to zero). */
static void test_partitioned_sum_air(void) {
    swirl_air *a = swirl_partitioned_sum_air(5);
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    int rc = swirl_keygen(ctx, &P_default, &a, 1, &pk, &vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air: keygen %s", e.message);
    swirl_trace x, y;
    CHECK(swirl_partitioned_sum_traces(5, 3, 0, &x, &y) == SWIRL_OK);
    swirl_committed_trace *cy = NULL;
    if (rc == SWIRL_OK) {
        rc = swirl_commit_cached_main(ctx, vk, &y, &cy, &e);
        CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air: swirl_commit_cached_main %s: %s", swirl_status_str(rc), e.message);
    }
    if (rc == SWIRL_OK) {
        const swirl_committed_trace *cc[1] = {cy};
        swirl_air_inputs in = {.common_main = &x, .cached_mains = &y, .num_cached_mains = 1, .cached_commitments = cc};
        uint8_t *proof = NULL;
        size_t len = 0;
        rc = swirl_prove(ctx, pk, &in, 1, &proof, &len, &e);
        CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air: prove %s: %s", swirl_status_str(rc), e.message);
        if (rc == SWIRL_OK) {
            rc = swirl_verify(vk, proof, len, &e);
            CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air: verify %s: %s", swirl_status_str(rc), e.message);
            check_shape("partitioned_sum_air", vk, &in, 1, proof, len);
            check_codec("partitioned_sum_air", proof, len);
        }
        swirl_bytes_free(proof);
        proof = NULL;
        /* _neg: a violated row sum still yields bytes (no bus), and the verifier rejects them */
        CHECK(x.values[0] != 0);
        x.values[0] = 0;
        for (int with_commit = 1; with_commit >= 0; with_commit--) {
            in.cached_commitments = with_commit ? cc : NULL;
            rc = swirl_prove(ctx, pk, &in, 1, &proof, &len, &e);
            CHECK_MSG(rc == SWIRL_OK, "partitioned_sum_air_neg: prove %s (constraint violations must still give bytes): %s",
                      swirl_status_str(rc), e.message);
            if (rc == SWIRL_OK) {
                memset(&e, 0, sizeof e);
                rc = swirl_verify(vk, proof, len, &e);
                /* the violated row makes the constraint's sum over the hypercube non-zero */
                CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_VERIFY_ERR_SUM_CLAIM && strstr(e.message, "(SumClaimMismatch)"),
                          "partitioned_sum_air_neg (commitment %d): verify %s detail %d (%s)", with_commit, swirl_status_str(rc),
                          e.detail, e.message);
            }
            swirl_bytes_free(proof);
            proof = NULL;
        }
    }
    swirl_committed_trace_free(cy);
    swirl_trace_free(&x);
    swirl_trace_free(&y);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(a);
}

/* ---- 3. batch_sumcheck_zero_interactions_malleable_q0 ----------------------------------------------
 * fib (h = 4), no interactions: the honest proof has q0_claim = 1 and no GKR layers; the same proof
 * with q0_claim = 2 is rejected with InvalidZeroRoundValue (the proof is re-encoded with the
 * internal codec, since the public API has no proof editing). */
static void test_malleable_q0(void) {
    swirl_air *a = swirl_fib_air();
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, 4, &t, pv) == SWIRL_OK);
    swirl_air_inputs in = {.common_main = &t, .public_values = pv, .num_public_values = 3};
    uint8_t *proof = NULL;
    size_t len = 0;
    if (swirl_keygen(ctx, &P_default, &a, 1, &pk, &vk, &e) == SWIRL_OK && swirl_prove(ctx, pk, &in, 1, &proof, &len, &e) == SWIRL_OK) {
        swirl_proof pf;
        if (swirl_proof_decode(proof, len, &pf) == SWIRL_OK) {
            CHECK_MSG(ef_eq(pf.gkr.q0_claim, ef_one()) && pf.gkr.num_layers == 0, "malleable_q0: honest q0_claim != 1");
            pf.gkr.q0_claim = ef_from_bb(2);
            swirl_writer w;
            swirl_writer_init(&w);
            CHECK(swirl_proof_encode(&pf, &w) == SWIRL_OK);
            memset(&e, 0, sizeof e);
            int rc = swirl_verify(vk, w.buf, w.len, &e);
            CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_GKR_ERR_INVALID_ZERO_ROUND_VALUE,
                      "batch_sumcheck_zero_interactions_malleable_q0: verify %s detail %d (%s)", swirl_status_str(rc), e.detail,
                      e.message);
            swirl_writer_free(&w);
            swirl_proof_free(&pf);
        } else CHECK(0);
    } else CHECK_MSG(0, "malleable_q0: %s", e.message);
    swirl_bytes_free(proof);
    swirl_trace_free(&t);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(a);
}

int main(void) {
    conformance_setup();
    RUN(test_interaction_fixtures);
    RUN(test_interaction_cached_trace_neg_reference);
    RUN(test_cached_commitments);
    RUN(test_partitioned_sum_air);
    RUN(test_malleable_q0);
    swirl_ctx_free(ctx);
    return t_summary("test_conformance_buses");
}
