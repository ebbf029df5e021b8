/* test_bad_input.c — the bad-input audit of the public API (issue 6 item 3, issue 9 items 3-4):
 * NULL pointers, wrong sizes, widths and heights, absurd widths, out-of-range field elements,
 * inconsistent keys and traces, malformed bytes and absent devices each return a documented
 * status (asserted exactly) with a message; nothing aborts, nothing overflows. */
#include <stdint.h>
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "builtin.h"
#include "iop/proof.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_error e;

/* status AND a substring of the message */
#define CHECK_ERR(call, status, needle)                                                                        \
    do {                                                                                                       \
        memset(&e, 0, sizeof e);                                                                               \
        int rc_ = (call);                                                                                      \
        CHECK_MSG(rc_ == (status) && strstr(e.message, (needle)) != NULL, "%s: got %s '%s', want %s '%s'", #call, \
                  swirl_status_str(rc_), e.message, swirl_status_str(status), needle);                         \
    } while (0)

static void test_status_and_ctx(void) {
    CHECK(swirl_status_str(12345) != NULL && !strcmp(swirl_status_str(SWIRL_ERR_DECODE), "SWIRL_ERR_DECODE"));
    CHECK_ERR(swirl_ctx_create(0, SWIRL_BACKEND_CPU, NULL, &e), SWIRL_ERR_INVALID_ARG, "out is NULL");
    swirl_ctx *ctx = NULL;
    CHECK_ERR(swirl_ctx_create(0, (swirl_backend_kind)77, &ctx, &e), SWIRL_ERR_INVALID_ARG, "unknown backend");
    CHECK(ctx == NULL);
    swirl_ctx_free(NULL);
}

static void test_params(void) {
    swirl_system_params p;
    CHECK_EQ_U64(swirl_params_app(3, &p), SWIRL_ERR_PARAMS);
    CHECK_EQ_U64(swirl_params_validate(NULL), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_params_default_test(&p), SWIRL_OK);
    swirl_system_params bad = p;
    bad.whir.num_rounds = 0;
    CHECK_EQ_U64(swirl_params_validate(&bad), SWIRL_ERR_PARAMS);
    /* no error channel: NULL compares unequal (documented in swirl.h) */
    CHECK_EQ_U64(swirl_params_equal(&p, &p), 1);
    CHECK_EQ_U64(swirl_params_equal(NULL, &p), 0);
    CHECK_EQ_U64(swirl_params_equal(&p, NULL), 0);
    CHECK_EQ_U64(swirl_params_equal(NULL, NULL), 0);
}

static void test_builder(void) {
    CHECK_EQ_U64(swirl_air_set_common_main(NULL, 2), SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_air_main(NULL, SWIRL_PART_COMMON, 0, 0) == SWIRL_EXPR_INVALID);
    swirl_air *a = swirl_air_new("bad");
    swirl_air_set_common_main(a, 2);
    CHECK(swirl_air_add(a, 12345, 0) == SWIRL_EXPR_INVALID);
    CHECK_ERR(swirl_air_status(a, &e), SWIRL_ERR_INVALID_ARG, "handle");
    swirl_air_free(a);
    a = swirl_air_new("prep");
    uint32_t v3[3] = {1, 2, 3}, vp[2] = {SWIRL_P, 0};
    swirl_trace t3 = {v3, 3, 1}, tp = {vp, 2, 1};
    CHECK_EQ_U64(swirl_air_set_preprocessed(a, &t3), SWIRL_ERR_TRACE);
    swirl_air_free(a);
    a = swirl_air_new("prep2");
    CHECK_EQ_U64(swirl_air_set_preprocessed(a, &tp), SWIRL_ERR_FIELD_RANGE);
    swirl_air_free(a);
    a = swirl_air_new("cached0");
    CHECK(swirl_air_add_cached_main(a, 0) == -SWIRL_ERR_AIR);
    swirl_air_free(a);
}

/* An AIR with one constraint on column 0 of the common main, for keygen probes. */
static swirl_air *one_constraint_air(const char *name, size_t common_width) {
    swirl_air *a = swirl_air_new(name);
    swirl_air_set_common_main(a, common_width);
    swirl_air_assert_zero(a, swirl_air_main(a, SWIRL_PART_COMMON, 0, 0));
    return a;
}

/* Issue 9 item 3: widths whose products overflowed in keygen (heap overflow) are rejected. */
static void test_absurd_widths(void) {
    swirl_system_params p;
    swirl_params_default_test(&p);
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_air *a = swirl_air_new("huge_common");
    CHECK_EQ_U64(swirl_air_set_common_main(a, SIZE_MAX), SWIRL_ERR_AIR);
    CHECK_ERR(swirl_air_status(a, &e), SWIRL_ERR_AIR, "exceeds swirl's limit");
    CHECK_ERR(swirl_keygen(NULL, &p, &a, 1, &pk, &vk, &e), SWIRL_ERR_AIR, "width");
    CHECK(pk == NULL && vk == NULL);
    swirl_air_free(a);

    a = swirl_air_new("huge_cached");
    swirl_air_set_common_main(a, 1);
    CHECK(swirl_air_add_cached_main(a, SIZE_MAX) == -SWIRL_ERR_AIR);
    CHECK(swirl_air_add_cached_main(a, SWIRL_MAX_AIR_WIDTH + 1) == -SWIRL_ERR_AIR);
    swirl_air_assert_zero(a, swirl_air_main(a, SWIRL_PART_COMMON, 0, 0));
    CHECK_ERR(swirl_keygen(NULL, &p, &a, 1, &pk, &vk, &e), SWIRL_ERR_AIR, "width");
    swirl_air_free(a);

    a = swirl_air_new("huge_pv");
    CHECK_EQ_U64(swirl_air_set_num_public_values(a, SIZE_MAX), SWIRL_ERR_AIR);
    CHECK_ERR(swirl_air_status(a, &e), SWIRL_ERR_AIR, "public values");
    swirl_air_free(a);

    /* the limit itself is a valid width for the builder */
    a = swirl_air_new("limit");
    CHECK_EQ_U64(swirl_air_set_common_main(a, SWIRL_MAX_AIR_WIDTH), SWIRL_OK);
    CHECK(swirl_air_add_cached_main(a, SWIRL_MAX_AIR_WIDTH) == 0);
    CHECK_EQ_U64(swirl_air_set_num_public_values(a, SWIRL_MAX_PUBLIC_VALUES), SWIRL_OK);
    CHECK_EQ_U64(swirl_air_status(a, NULL), SWIRL_OK);
    swirl_air_free(a);
}

/* Issue 9 item 4: keygen's error codes name the cause (degree: AIR; parameters: PARAMS). */
static void test_keygen_codes(void) {
    swirl_system_params p;
    swirl_params_default_test(&p);
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    /* x^(2^32): its degree does not fit in 32 bits (it used to wrap to 0 and fail decoding) */
    swirl_air *a = swirl_air_new("deg2_32");
    swirl_air_set_common_main(a, 1);
    swirl_expr x = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0);
    for (int i = 0; i < 32; i++) x = swirl_air_mul(a, x, x);
    swirl_air_assert_zero(a, x);
    CHECK_ERR(swirl_keygen(NULL, &p, &a, 1, &pk, &vk, &e), SWIRL_ERR_AIR, "MaxConstraintDegreeExceeded");
    swirl_air_free(a);
    /* degree 2^31 (above the decoder's node-degree bound) */
    a = swirl_air_new("deg2_31");
    swirl_air_set_common_main(a, 1);
    x = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0);
    for (int i = 0; i < 31; i++) x = swirl_air_mul(a, x, x);
    swirl_air_assert_zero(a, x);
    CHECK_ERR(swirl_keygen(NULL, &p, &a, 1, &pk, &vk, &e), SWIRL_ERR_AIR, "MaxConstraintDegreeExceeded");
    swirl_air_free(a);

    swirl_air *ok = one_constraint_air("ok", 1);
    swirl_system_params bad = p;
    bad.whir.proximity.kind = (swirl_proximity_kind)7;
    CHECK_ERR(swirl_keygen(NULL, &bad, &ok, 1, &pk, &vk, &e), SWIRL_ERR_PARAMS, "proximity");
    bad = p;
    bad.w_stack = SIZE_MAX;
    CHECK_ERR(swirl_keygen(NULL, &bad, &ok, 1, &pk, &vk, &e), SWIRL_ERR_PARAMS, "w_stack");
    bad = p;
    bad.whir.proximity.m = SIZE_MAX;
    CHECK_ERR(swirl_keygen(NULL, &bad, &ok, 1, &pk, &vk, &e), SWIRL_ERR_PARAMS, "proximity");
    CHECK(pk == NULL && vk == NULL);
    CHECK_EQ_U64(swirl_keygen(NULL, &p, &ok, 1, &pk, &vk, &e), SWIRL_OK);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(ok);
}

/* Re-encodes a proof with degree_plus_one evaluations per sumcheck round (zero values). */
static int decode_with_degree_plus_one(const uint8_t *proof, size_t len, size_t dp1) {
    swirl_proof pf;
    if (swirl_proof_decode(proof, len, &pf) != SWIRL_OK) return -1;
    ef_t *rounds = calloc(pf.batch.n_max * dp1 + 1, sizeof *rounds);
    ef_t *saved = pf.batch.rounds;
    size_t saved_dp1 = pf.batch.degree_plus_one;
    pf.batch.rounds = rounds;
    pf.batch.degree_plus_one = dp1;
    swirl_writer w;
    swirl_writer_init(&w);
    int rc = swirl_proof_encode(&pf, &w);
    pf.batch.rounds = saved;
    pf.batch.degree_plus_one = saved_dp1;
    free(rounds);
    swirl_proof_free(&pf);
    if (rc == SWIRL_OK) {
        swirl_proof again;
        rc = swirl_proof_decode(w.buf, w.len, &again);
        if (rc == SWIRL_OK) swirl_proof_free(&again);
    }
    swirl_writer_free(&w);
    return rc;
}

/* the decoder admits D + 1 <= SWIRL_MAX_CONSTRAINT_DEGREE + 1 evaluations per round, no more */
static void check_degree_bound(const uint8_t *proof, size_t len) {
    CHECK_EQ_U64(decode_with_degree_plus_one(proof, len, SWIRL_MAX_CONSTRAINT_DEGREE + 1), SWIRL_OK);
    CHECK_EQ_U64(decode_with_degree_plus_one(proof, len, SWIRL_MAX_CONSTRAINT_DEGREE + 2), SWIRL_ERR_DECODE);
}

/* Issue 9 item 4: every max_constraint_degree that parameter validation accepts (up to
 * SWIRL_MAX_CONSTRAINT_DEGREE) gives proofs that decode and verify; one above is rejected. */
static void test_constraint_degree_range(void) {
    static const size_t degrees[] = {31, 32, 33, SWIRL_MAX_CONSTRAINT_DEGREE};
    for (size_t i = 0; i < sizeof degrees / sizeof degrees[0]; i++) {
        size_t D = degrees[i];
        swirl_system_params p;
        swirl_params_default_test(&p);
        p.max_constraint_degree = D;
        CHECK_EQ_U64(swirl_params_validate(&p), SWIRL_OK);
        swirl_air *a = swirl_air_new("power");
        swirl_air_set_common_main(a, 1);
        swirl_expr x = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0), xd = x;
        for (size_t k = 1; k < D; k++) xd = swirl_air_mul(a, xd, x); /* x^D, degree D */
        swirl_air_assert_zero(a, xd);
        swirl_pk *pk = NULL;
        swirl_vk *vk = NULL;
        CHECK_EQ_U64(swirl_keygen(NULL, &p, &a, 1, &pk, &vk, &e), SWIRL_OK);
        uint32_t zeros[8] = {0};
        swirl_trace t = {zeros, 8, 1};
        swirl_air_inputs in = {&t, NULL, 0, NULL, 0, NULL};
        uint8_t *b = NULL;
        size_t len = 0;
        CHECK_EQ_U64(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_OK);
        CHECK_MSG(swirl_verify(vk, b, len, &e) == SWIRL_OK, "degree %zu: %s", D, e.message);
        if (D == SWIRL_MAX_CONSTRAINT_DEGREE) check_degree_bound(b, len);
        swirl_bytes_free(b);
        swirl_pk_free(pk);
        swirl_vk_free(vk);
        swirl_air_free(a);
    }
    swirl_system_params p;
    swirl_params_default_test(&p);
    p.max_constraint_degree = SWIRL_MAX_CONSTRAINT_DEGREE + 1;
    CHECK_EQ_U64(swirl_params_validate(&p), SWIRL_ERR_PARAMS);
}

static void test_key_decoding(void) {
    CHECK_ERR(swirl_vk_decode(NULL, 0, NULL, &e), SWIRL_ERR_INVALID_ARG, "null argument");
    swirl_vk *dv = NULL;
    CHECK_ERR(swirl_vk_decode((const uint8_t *)"", 0, &dv, &e), SWIRL_ERR_DECODE, "verifying key");
    uint8_t junk[64];
    for (int i = 0; i < 64; i++) junk[i] = (uint8_t)(i * 37 + 5);
    CHECK_ERR(swirl_vk_decode(junk, sizeof junk, &dv, &e), SWIRL_ERR_DECODE, "verifying key");
    CHECK(dv == NULL);
    swirl_pk *dp = NULL;
    CHECK_ERR(swirl_pk_decode(NULL, junk, sizeof junk, &dp, &e), SWIRL_ERR_DECODE, "proving key");
    CHECK(dp == NULL);
}

/* fib: inputs that do not match the key, then verification of malformed bytes */
static void test_fib_prove_verify(void) {
    swirl_system_params p;
    swirl_params_default_test(&p);
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_air *fib = swirl_fib_air();
    swirl_air *nul = NULL;
    CHECK_ERR(swirl_keygen(NULL, NULL, &fib, 1, &pk, &vk, &e), SWIRL_ERR_INVALID_ARG, "null argument");
    CHECK_ERR(swirl_keygen(NULL, &p, &fib, 0, &pk, &vk, &e), SWIRL_ERR_INVALID_ARG, "no AIRs");
    CHECK_ERR(swirl_keygen(NULL, &p, &nul, 1, &pk, &vk, &e), SWIRL_ERR_INVALID_ARG, "AIR 0 is NULL");
    CHECK_EQ_U64(swirl_keygen(NULL, &p, &fib, 1, &pk, &vk, &e), SWIRL_OK);
    uint32_t pv[3];
    swirl_trace ft;
    CHECK_EQ_U64(swirl_fib_trace(SWIRL_P, 1, 3, &ft, pv), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_fib_trace(1, 1, 3, &ft, pv), SWIRL_OK);
    swirl_air_inputs in = {&ft, NULL, 0, pv, 3, NULL};
    uint8_t *b = NULL;
    size_t len = 0;
    CHECK_ERR(swirl_prove(NULL, NULL, &in, 1, &b, &len, &e), SWIRL_ERR_INVALID_ARG, "null argument");
    /* device traces need a device backend: the default (CPU) context and no context refuse them */
    CHECK_ERR(swirl_prove_device(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_INVALID_ARG, "(cpu) takes host traces only");
    CHECK_ERR(swirl_prove_device(NULL, NULL, &in, 1, &b, &len, &e), SWIRL_ERR_INVALID_ARG, "swirl_prove_device: null argument");
    CHECK(b == NULL && len == 0);
    CHECK_ERR(swirl_prove(NULL, pk, &in, 2, &b, &len, &e), SWIRL_ERR_INVALID_ARG, "2 inputs");
    ft.width = 3;
    CHECK_ERR(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_TRACE, "wrong shape");
    ft.width = 2;
    ft.height = 6;
    CHECK_ERR(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_TRACE, "not a power of two");
    ft.height = 8;
    uint32_t save = ft.values[3];
    ft.values[3] = SWIRL_P + 5; /* the header promises FIELD_RANGE for values >= p */
    CHECK_ERR(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_FIELD_RANGE, ">= p");
    ft.values[3] = save;
    /* the same check on a context's pool (chunks of 2^16 values over the workers, blocks of 4096
     * inside): a 2^16 x 2 fib trace (two chunks) with bad values in the second block, at a
     * block's first value and in the second chunk only names the first one each time */
    {
        swirl_ctx *pc = NULL;
        swirl_trace big;
        uint32_t bpv[3];
        CHECK_EQ_U64(swirl_ctx_create(2, SWIRL_BACKEND_CPU, &pc, &e), SWIRL_OK);
        CHECK_EQ_U64(swirl_fib_trace(1, 1, 16, &big, bpv), SWIRL_OK);
        swirl_pk *bpk = NULL;
        swirl_vk *bvk = NULL;
        swirl_system_params bp;
        CHECK_EQ_U64(swirl_params_app(21, &bp), SWIRL_OK); /* a stacked height above 2^12 */
        CHECK_EQ_U64(swirl_keygen(pc, &bp, &fib, 1, &bpk, &bvk, &e), SWIRL_OK);
        swirl_air_inputs bin = {&big, NULL, 0, bpv, 3, NULL};
        big.values[2 * 3000 + 1] = SWIRL_P + 1;  /* row 3000, column 1: the first bad value (block 1) */
        big.values[2 * 3001 + 0] = 0xffffffffu;  /* a later one in the same block */
        big.values[2 * 4000 + 1] = SWIRL_P;      /* and one in the last block */
        CHECK_ERR(swirl_prove(pc, bpk, &bin, 1, &b, &len, &e), SWIRL_ERR_FIELD_RANGE,
                  "common main value 2013265922 at row 3000, column 1 is >= p");
        big.values[2 * 3000 + 1] = 5;
        big.values[2 * 3001 + 0] = 5;
        CHECK_ERR(swirl_prove(pc, bpk, &bin, 1, &b, &len, &e), SWIRL_ERR_FIELD_RANGE,
                  "common main value 2013265921 at row 4000, column 1 is >= p");
        big.values[4096] = SWIRL_P + 7; /* the first value of block 1 (row 2048, column 0) */
        CHECK_ERR(swirl_prove(pc, bpk, &bin, 1, &b, &len, &e), SWIRL_ERR_FIELD_RANGE,
                  "common main value 2013265928 at row 2048, column 0 is >= p");
        big.values[4096] = 5;
        big.values[2 * 4000 + 1] = 5;
        big.values[70001] = SWIRL_P + 9; /* only in the second chunk: row 35000, column 1 */
        CHECK_ERR(swirl_prove(pc, bpk, &bin, 1, &b, &len, &e), SWIRL_ERR_FIELD_RANGE,
                  "common main value 2013265930 at row 35000, column 1 is >= p");
        CHECK(b == NULL);
        swirl_trace_free(&big);
        swirl_pk_free(bpk);
        swirl_vk_free(bvk);
        swirl_ctx_free(pc);
    }
    pv[1] = SWIRL_P;
    CHECK_ERR(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_FIELD_RANGE, "public value");
    pv[1] = 1;
    in.num_public_values = 2;
    CHECK_ERR(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_TRACE, "wrong number of public values");
    in.num_public_values = 3;
    in.common_main = NULL;
    CHECK_ERR(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_TRACE, "absent but has public values");
    in.common_main = &ft;
    CHECK_EQ_U64(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_OK);
    CHECK_ERR(swirl_verify(NULL, b, len, &e), SWIRL_ERR_INVALID_ARG, "null argument");
    CHECK_ERR(swirl_verify(vk, NULL, 0, &e), SWIRL_ERR_DECODE, "malformed");
    uint8_t junk[64];
    for (int i = 0; i < 64; i++) junk[i] = (uint8_t)(i * 37 + 5);
    CHECK_ERR(swirl_verify(vk, junk, sizeof junk, &e), SWIRL_ERR_DECODE, "malformed");
    CHECK_ERR(swirl_verify(vk, b, len / 2, &e), SWIRL_ERR_DECODE, "malformed");
    CHECK_EQ_U64(swirl_verify(vk, b, len, &e), SWIRL_OK);
    swirl_bytes_free(b);
    swirl_check_report rep;
    CHECK_ERR(swirl_debug_check(NULL, &in, 1, &rep, &e), SWIRL_ERR_INVALID_ARG, "null argument");
    CHECK_ERR(swirl_debug_check(pk, &in, 3, &rep, &e), SWIRL_ERR_INVALID_ARG, "3 inputs");
    ft.values[0] = SWIRL_P;
    CHECK_ERR(swirl_debug_check(pk, &in, 1, &rep, &e), SWIRL_ERR_FIELD_RANGE, ">= p");
    CHECK(rep.kind == SWIRL_CHECK_SHAPE && rep.air == 0);
    swirl_trace_free(&ft);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(fib);
}

/* partitioned_sum (common x + cached y): the cached-main argument checks */
static void test_cached_inputs(void) {
    swirl_builtin *s = NULL;
    CHECK_EQ_U64(swirl_builtin_scenario("partitioned_sum", 3, 0, &s, &e), SWIRL_OK);
    swirl_system_params p;
    swirl_params_default_test(&p);
    swirl_pk *pk = NULL;
    CHECK_EQ_U64(swirl_keygen(NULL, &p, s->airs, s->num_airs, &pk, NULL, &e), SWIRL_OK);
    swirl_air_inputs in = s->inputs[0];
    uint8_t *b = NULL;
    size_t len = 0;
    swirl_check_report rep;
    /* num_cached_mains says 1 but the array is NULL: used to dereference NULL */
    in.common_main = NULL;
    in.cached_mains = NULL;
    CHECK_ERR(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_INVALID_ARG, "cached_mains is NULL");
    CHECK_ERR(swirl_debug_check(pk, &in, 1, &rep, &e), SWIRL_ERR_INVALID_ARG, "cached_mains is NULL");
    in.common_main = s->inputs[0].common_main;
    CHECK_ERR(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_INVALID_ARG, "cached_mains is NULL");
    /* a value >= p in a cached main */
    in = s->inputs[0];
    uint32_t *cv = s->inputs[0].cached_mains[0].values;
    uint32_t save = cv[7];
    cv[7] = 0xffffffffu;
    CHECK_ERR(swirl_prove(NULL, pk, &in, 1, &b, &len, &e), SWIRL_ERR_FIELD_RANGE, ">= p");
    CHECK_ERR(swirl_debug_check(pk, &in, 1, &rep, &e), SWIRL_ERR_FIELD_RANGE, ">= p");
    cv[7] = save;
    CHECK_EQ_U64(swirl_debug_check(pk, &in, 1, &rep, &e), SWIRL_OK);
    /* a committed cached trace: absurd widths and values >= p */
    swirl_committed_trace *c = NULL;
    swirl_trace wide = *s->inputs[0].cached_mains;
    wide.width = SIZE_MAX; /* height * width would wrap */
    CHECK_ERR(swirl_commit_cached_main(NULL, swirl_pk_vk(pk), &wide, &c, &e), SWIRL_ERR_TRACE, "width");
    CHECK(c == NULL);
    CHECK_ERR(swirl_commit_cached_main(NULL, swirl_pk_vk(pk), NULL, &c, &e), SWIRL_ERR_INVALID_ARG, "null argument");
    cv[7] = SWIRL_P;
    CHECK_ERR(swirl_commit_cached_main(NULL, swirl_pk_vk(pk), s->inputs[0].cached_mains, &c, &e), SWIRL_ERR_FIELD_RANGE, "not below p");
    cv[7] = save;
    swirl_pk_free(pk);
    swirl_builtin_free(s);
}

/* The debug checker's bus key is sized from the key: a 300-field message is checked (it used to
 * be skipped by a fixed 256-word key buffer, hiding an unbalanced bus). */
static void test_checker_long_message(void) {
    swirl_system_params p;
    swirl_params_default_test(&p);
    p.logup.log_max_message_length = 9;
    swirl_air *a = swirl_air_new("long_message");
    swirl_air_set_common_main(a, 1);
    swirl_expr msg[300];
    for (size_t i = 0; i < 300; i++) msg[i] = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0);
    swirl_air_push_interaction(a, 3, msg, 300, swirl_air_const(a, 1), 1); /* sent, never received */
    swirl_pk *pk = NULL;
    CHECK_EQ_U64(swirl_keygen(NULL, &p, &a, 1, &pk, NULL, &e), SWIRL_OK);
    uint32_t zeros[8] = {0};
    swirl_trace t = {zeros, 8, 1};
    swirl_air_inputs in = {&t, NULL, 0, NULL, 0, NULL};
    swirl_check_report rep;
    CHECK_ERR(swirl_debug_check(pk, &in, 1, &rep, &e), SWIRL_ERR_TRACE, "bus 3 does not balance");
    CHECK(rep.kind == SWIRL_CHECK_BUS && rep.bus == 3);
    swirl_pk_free(pk);
    swirl_air_free(a);
}

/* Issue 9 item 3: h * w overflowed in the trace helpers (heap overflow). */
static void test_trace_helpers(void) {
    swirl_trace t, k;
    memset(&t, 0, sizeof t);
    memset(&k, 0, sizeof k);
    uint32_t pv[3], counts[1] = {1}, fields[2] = {1, 2};
    uint8_t sels[4] = {1, 0, 1, 0};
    CHECK_EQ_U64(swirl_self_interaction_trace((size_t)1 << 62, 3, &t), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_self_interaction_trace(SWIRL_MAX_AIR_WIDTH + 1, 0, &t), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_partitioned_sum_traces((size_t)1 << 62, 3, 0, &t, &k), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_dummy_interaction_traces(SIZE_MAX, 0, counts, fields, 1, &t, &k), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_dummy_interaction_traces(SIZE_MAX, 1, counts, fields, 1, &t, &k), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_dummy_interaction_traces(SIZE_MAX / 2, 0, counts, fields, 3, &t, &k), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_fib_selector_trace(0, 1, sels, (size_t)1 << 63, &t, pv), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_preprocessed_cached_traces(sels, (size_t)1 << 62, 1, &t, &k), SWIRL_ERR_INVALID_ARG);
    CHECK_EQ_U64(swirl_builtin_alloc_trace(&t, SIZE_MAX / 2, 3), SWIRL_ERR_INVALID_ARG);
    CHECK(t.values == NULL && k.values == NULL);
    /* small, valid calls still work */
    CHECK_EQ_U64(swirl_dummy_interaction_traces(2, 1, counts, fields, 1, &t, &k), SWIRL_OK);
    CHECK(t.height == 1 && t.width == 1 && k.width == 2 && k.values[1] == 2);
    swirl_trace_free(&t);
    swirl_trace_free(&k);
    CHECK_EQ_U64(swirl_keccakf_generate_trace(NULL, 0, NULL), SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_fib_selector_air(NULL, 0, 0) == NULL);
    CHECK(swirl_self_interaction_air(0, 1) == NULL);
    CHECK(swirl_self_interaction_air(SIZE_MAX, 1) == NULL);
}

#ifdef SWIRL_VERIFY
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
/* In a checked-contracts build a NULL passed to a function without an error channel aborts. */
static int dies_with_abort(void (*fn)(void)) {
    pid_t pid = fork();
    if (pid == 0) {
        fclose(stderr); /* the expected contract message */
        fn();
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}
static void hash_null_in(void) { uint32_t out[8]; swirl_hash(NULL, 3, out); }
static void hash_null_out(void) { uint32_t in[3] = {1, 2, 3}; swirl_hash(in, 3, NULL); }
static void compress_null(void) { uint32_t l[8] = {0}, out[8]; swirl_compress(l, NULL, out); }
static void permute_null(void) { swirl_poseidon2_permute(NULL); }
#endif

static void test_primitive_contracts(void) {
    uint32_t out[8] = {1};
    swirl_hash(NULL, 0, out); /* n == 0 allows NULL: H([]) = 0 */
    CHECK(out[0] == 0 && out[7] == 0);
#ifdef SWIRL_VERIFY
    CHECK(dies_with_abort(hash_null_in));
    CHECK(dies_with_abort(hash_null_out));
    CHECK(dies_with_abort(compress_null));
    CHECK(dies_with_abort(permute_null));
#endif
}

static void test_cuda_without_device(void) {
    if (swirl_cuda_device_count() == 0) {
        swirl_cuda_dev *dev = (swirl_cuda_dev *)1;
        CHECK(swirl_cuda_dev_create(20, &dev) == SWIRL_ERR_NO_DEVICE && dev == NULL);
    }
#ifdef SWIRL_HAVE_CUDA
    CHECK_EQ_U64(swirl_cuda_dev_create(40, NULL), SWIRL_ERR_INVALID_ARG);
#else
    CHECK_EQ_U64(swirl_cuda_dev_create(40, NULL), SWIRL_ERR_NO_DEVICE);
#endif
}

int main(void) {
    test_status_and_ctx();
    test_params();
    test_builder();
    test_absurd_widths();
    test_keygen_codes();
    test_constraint_degree_range();
    test_key_decoding();
    test_fib_prove_verify();
    test_cached_inputs();
    test_checker_long_message();
    test_trace_helpers();
    test_primitive_contracts();
    test_cuda_without_device();
    return t_summary("test_bad_input");
}
