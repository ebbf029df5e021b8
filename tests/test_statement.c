/* test_statement.c — the statement of a proof (swirl_proof_statement, swirl_statement_expect_public):
 * the built-in fib scenario (seed 0: a, b = 0, 1) at log height 4 states AIR 0 present, log height
 * 4, public values [0, 1, 987] (fib(16) = 987), with and without its key; a two-AIR key with the
 * second AIR absent states it absent; a statement is refused against a key it does not fit
 * (detail 501, exact reasons) and for malformed bytes (SWIRL_ERR_DECODE); expected values are
 * compared with exact details (520 absent, 521 count, 522 value with its index) and values >= p
 * are SWIRL_ERR_FIELD_RANGE; every allocation failure is SWIRL_ERR_OUT_OF_MEMORY and leaks nothing. */
#include <stdlib.h>
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"
#include "util/alloc.h"

typedef struct made {
    swirl_pk *pk;
    swirl_vk *vk;
    uint8_t *proof;
    size_t len;
} made;

static void made_free(made *m) {
    swirl_pk_free(m->pk);
    swirl_vk_free(m->vk);
    swirl_bytes_free(m->proof);
    memset(m, 0, sizeof *m);
}

/* keygen over airs and prove with inputs; 0 on success */
static int make(swirl_ctx *ctx, swirl_air *const *airs, size_t n, const swirl_air_inputs *in, made *m) {
    swirl_system_params p;
    swirl_error e;
    memset(m, 0, sizeof *m);
    if (swirl_params_default_test(&p)) return 1;
    if (swirl_keygen(ctx, &p, airs, n, &m->pk, &m->vk, &e)) return fprintf(stderr, "keygen: %s\n", e.message), 1;
    if (in && swirl_prove(ctx, m->pk, in, n, &m->proof, &m->len, &e)) return fprintf(stderr, "prove: %s\n", e.message), 1;
    return 0;
}

static void test_fib_builtin(swirl_ctx *ctx) {
    swirl_builtin *b = NULL;
    swirl_error e;
    CHECK(swirl_builtin_scenario("fib", 4, 0, &b, &e) == SWIRL_OK);
    if (!b) return;
    made m;
    CHECK(make(ctx, b->airs, b->num_airs, b->inputs, &m) == 0);
    CHECK(swirl_verify(m.vk, m.proof, m.len, &e) == SWIRL_OK);
    for (int with_key = 0; with_key < 2; with_key++) {
        swirl_statement s;
        CHECK(swirl_proof_statement(with_key ? m.vk : NULL, m.proof, m.len, &s, &e) == SWIRL_OK);
        CHECK_EQ_U64(s.num_airs, 1);
        CHECK_EQ_U64(s.num_present, 1);
        if (s.num_airs == 1) {
            CHECK(s.airs[0].present == 1);
            CHECK_EQ_U64(s.airs[0].log_height, 4);
            CHECK_EQ_U64(s.airs[0].num_public_values, 3);
            static const uint32_t want[3] = {0, 1, 987};
            CHECK(s.airs[0].num_public_values == 3 && !memcmp(s.airs[0].public_values, want, sizeof want));
            size_t idx = 99;
            CHECK(swirl_statement_expect_public(&s, 0, want, 3, &idx, &e) == SWIRL_OK);
            CHECK_EQ_U64(idx, 99); /* untouched on success */
            /* a different value: 522 with its index and both values in the message */
            const uint32_t wrong[3] = {0, 1, 988};
            memset(&e, 0, sizeof e);
            CHECK(swirl_statement_expect_public(&s, 0, wrong, 3, &idx, &e) == SWIRL_ERR_VERIFY);
            CHECK_EQ_U64(e.detail, SWIRL_STATEMENT_ERR_PUBLIC_VALUE);
            CHECK_EQ_U64(idx, 2);
            CHECK_MSG(strstr(e.message, "AIR 0 public value 2 is 987, 988 expected") != NULL, "%s", e.message);
            const uint32_t first[3] = {5, 1, 987};
            CHECK(swirl_statement_expect_public(&s, 0, first, 3, &idx, &e) == SWIRL_ERR_VERIFY);
            CHECK_EQ_U64(idx, 0);
            /* a different count: 521, index = n */
            CHECK(swirl_statement_expect_public(&s, 0, want, 2, &idx, &e) == SWIRL_ERR_VERIFY);
            CHECK_EQ_U64(e.detail, SWIRL_STATEMENT_ERR_PUBLIC_COUNT);
            CHECK_EQ_U64(idx, 2);
            CHECK(swirl_statement_expect_public(&s, 0, NULL, 0, &idx, &e) == SWIRL_ERR_VERIFY);
            CHECK_EQ_U64(e.detail, SWIRL_STATEMENT_ERR_PUBLIC_COUNT);
            /* an expected value >= p is the caller's error, before any comparison */
            const uint32_t big[3] = {0, SWIRL_P, 987};
            e.detail = -1;
            CHECK(swirl_statement_expect_public(&s, 0, big, 3, &idx, &e) == SWIRL_ERR_FIELD_RANGE);
            CHECK_EQ_U64(idx, 1);
            CHECK_EQ_U64(e.detail, 0);
            const uint32_t big_wrong_count[1] = {0xffffffffu};
            CHECK(swirl_statement_expect_public(&s, 0, big_wrong_count, 1, &idx, &e) == SWIRL_ERR_FIELD_RANGE);
            /* caller errors */
            CHECK(swirl_statement_expect_public(&s, 1, want, 3, &idx, &e) == SWIRL_ERR_INVALID_ARG);
            CHECK(swirl_statement_expect_public(&s, 0, NULL, 3, &idx, &e) == SWIRL_ERR_INVALID_ARG);
            CHECK(swirl_statement_expect_public(NULL, 0, want, 3, &idx, &e) == SWIRL_ERR_INVALID_ARG);
        }
        swirl_statement_free(&s);
        CHECK(s.airs == NULL && s.num_airs == 0);
        swirl_statement_free(&s); /* twice: harmless */
    }
    /* malformed bytes: every truncation and a trailing byte are SWIRL_ERR_DECODE, *out empty */
    int all_decode = 1;
    for (size_t cut = 0; cut < m.len; cut += 1 + cut / 8) {
        swirl_statement s;
        int rc = swirl_proof_statement(m.vk, m.proof, cut, &s, &e);
        if (rc != SWIRL_ERR_DECODE || s.airs || s.num_airs) all_decode = 0;
    }
    CHECK(all_decode);
    uint8_t *longer = malloc(m.len + 1);
    if (longer) {
        memcpy(longer, m.proof, m.len);
        longer[m.len] = 0;
        swirl_statement s;
        CHECK(swirl_proof_statement(NULL, longer, m.len + 1, &s, &e) == SWIRL_ERR_DECODE);
        CHECK_MSG(strstr(e.message, "malformed proof bytes") != NULL, "%s", e.message);
        free(longer);
    }
    /* argument errors */
    swirl_statement s;
    CHECK(swirl_proof_statement(m.vk, m.proof, m.len, NULL, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_proof_statement(m.vk, NULL, 5, &s, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(s.airs == NULL);
    CHECK(swirl_proof_statement(m.vk, NULL, 0, &s, &e) == SWIRL_ERR_DECODE);
    CHECK(swirl_proof_statement(m.vk, m.proof, m.len, &s, NULL) == SWIRL_OK); /* err may be NULL */
    swirl_statement_free(&s);

    /* every allocation failure: OUT_OF_MEMORY, nothing left allocated, *out empty */
    int oom_ok = 1, fired = 0;
    for (size_t k = 1; k < 200; k++) {
        long live = swirl_alloc_live();
        swirl_alloc_fail_at(k);
        int rc = swirl_proof_statement(m.vk, m.proof, m.len, &s, &e);
        int hit = swirl_alloc_fail_fired();
        swirl_alloc_fail_at(0);
        if (!hit) {
            CHECK(rc == SWIRL_OK);
            swirl_statement_free(&s);
            break;
        }
        fired++;
        if (rc != SWIRL_ERR_OUT_OF_MEMORY || s.airs || swirl_alloc_live() != live) oom_ok = 0;
    }
    CHECK(oom_ok);
    CHECK(fired > 2);
    made_free(&m);
    swirl_builtin_free(b);
}

/* Two fib AIRs (optional) with only the first present; keys it does not fit. */
static void test_absent_and_mismatch(swirl_ctx *ctx) {
    swirl_air *airs[2] = {swirl_fib_air(), swirl_fib_air()};
    swirl_trace t;
    uint32_t pv[3];
    swirl_error e;
    CHECK(airs[0] && airs[1]);
    CHECK(swirl_fib_trace(2, 3, 3, &t, pv) == SWIRL_OK);
    CHECK_EQ_U64(pv[2], 89); /* rows (2,3) (3,5) ... (34,55) (55,89) */
    swirl_air_inputs in[2];
    memset(in, 0, sizeof in);
    in[0].common_main = &t;
    in[0].public_values = pv;
    in[0].num_public_values = 3;
    made m;
    CHECK(make(ctx, airs, 2, in, &m) == 0);
    CHECK(swirl_verify(m.vk, m.proof, m.len, &e) == SWIRL_OK);
    swirl_statement s;
    CHECK(swirl_proof_statement(m.vk, m.proof, m.len, &s, &e) == SWIRL_OK);
    CHECK_EQ_U64(s.num_airs, 2);
    CHECK_EQ_U64(s.num_present, 1);
    if (s.num_airs == 2) {
        CHECK(s.airs[0].present && s.airs[0].log_height == 3 && s.airs[0].num_public_values == 3);
        CHECK(s.airs[0].public_values[0] == 2 && s.airs[0].public_values[1] == 3 && s.airs[0].public_values[2] == 89);
        CHECK(!s.airs[1].present && s.airs[1].log_height == 0 && s.airs[1].num_public_values == 0);
        size_t idx = 7;
        CHECK(swirl_statement_expect_public(&s, 1, pv, 3, &idx, &e) == SWIRL_ERR_VERIFY);
        CHECK_EQ_U64(e.detail, SWIRL_STATEMENT_ERR_AIR_ABSENT);
        CHECK_MSG(strstr(e.message, "AIR 1 is absent") != NULL, "%s", e.message);
        CHECK(swirl_statement_expect_public(&s, 1, NULL, 0, &idx, &e) == SWIRL_ERR_VERIFY);
        CHECK_EQ_U64(e.detail, SWIRL_STATEMENT_ERR_AIR_ABSENT);
    }
    swirl_statement_free(&s);

    /* a key with one AIR: InvalidVDataLength */
    made one;
    CHECK(make(ctx, airs, 1, NULL, &one) == 0);
    CHECK(swirl_proof_statement(one.vk, m.proof, m.len, &s, &e) == SWIRL_ERR_VERIFY);
    CHECK_EQ_U64(e.detail, SWIRL_VERIFY_ERR_PROOF_SHAPE);
    CHECK_MSG(strstr(e.message, "the proof has 2 AIRs, the key 1") != NULL, "%s", e.message);
    CHECK(s.airs == NULL);
    made_free(&one);

    /* the second AIR required: RequiredAirNoVData */
    swirl_air *req[2] = {swirl_fib_air(), swirl_fib_air()};
    CHECK(req[0] && req[1]);
    CHECK(swirl_air_set_required(req[1], 1) == SWIRL_OK);
    made r;
    CHECK(make(ctx, req, 2, NULL, &r) == 0);
    CHECK(swirl_proof_statement(r.vk, m.proof, m.len, &s, &e) == SWIRL_ERR_VERIFY);
    CHECK_EQ_U64(e.detail, SWIRL_VERIFY_ERR_PROOF_SHAPE);
    CHECK_MSG(strstr(e.message, "required AIR 1 is absent") != NULL, "%s", e.message);
    made_free(&r);

    /* a key whose AIR 0 has a cached main the proof does not commit: InvalidCachedCommitments */
    swirl_air *cach[2] = {swirl_fib_air(), swirl_fib_air()};
    CHECK(cach[0] && cach[1]);
    CHECK(swirl_air_add_cached_main(cach[0], 1) >= 0);
    made c;
    CHECK(make(ctx, cach, 2, NULL, &c) == 0);
    CHECK(swirl_proof_statement(c.vk, m.proof, m.len, &s, &e) == SWIRL_ERR_VERIFY);
    CHECK_EQ_U64(e.detail, SWIRL_VERIFY_ERR_PROOF_SHAPE);
    CHECK_MSG(strstr(e.message, "AIR 0 has 0 cached commitments, the key 1") != NULL, "%s", e.message);
    made_free(&c);
    swirl_air_free(cach[0]);
    swirl_air_free(cach[1]);

    /* a key whose AIRs have no public values: InvalidPublicValues names AIR 0 */
    swirl_air *selfs[2] = {swirl_self_interaction_air(4, 0), swirl_self_interaction_air(4, 0)};
    CHECK(selfs[0] && selfs[1]);
    made q;
    CHECK(make(ctx, selfs, 2, NULL, &q) == 0);
    CHECK(swirl_proof_statement(q.vk, m.proof, m.len, &s, &e) == SWIRL_ERR_VERIFY);
    CHECK_EQ_U64(e.detail, SWIRL_VERIFY_ERR_PROOF_SHAPE);
    CHECK_MSG(strstr(e.message, "AIR 0 has 3 public values, the key 0") != NULL, "%s", e.message);
    /* ... and without a key the same bytes still state their values */
    CHECK(swirl_proof_statement(NULL, m.proof, m.len, &s, &e) == SWIRL_OK);
    CHECK(s.num_airs == 2 && s.num_present == 1);
    swirl_statement_free(&s);
    made_free(&q);

    for (int i = 0; i < 2; i++) {
        swirl_air_free(airs[i]);
        swirl_air_free(req[i]);
        swirl_air_free(selfs[i]);
    }
    swirl_trace_free(&t);
    made_free(&m);
}

int main(void) {
    swirl_ctx *ctx = NULL;
    swirl_error e;
    if (swirl_ctx_create(2, SWIRL_BACKEND_CPU, &ctx, &e)) {
        fprintf(stderr, "ctx: %s\n", e.message);
        return 1;
    }
    test_fib_builtin(ctx);
    test_absent_and_mismatch(ctx);
    swirl_ctx_free(ctx);
    return t_summary("test_statement");
}
