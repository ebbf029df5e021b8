/* consumer.c — a program built against an INSTALLED swirl (tests/install): only <swirl.h> and
 * the installed libraries, found through pkg-config or find_package(swirl).
 *
 * It writes a tiny AIR with the public builder (a Fibonacci pair: a' = b, b' = a + b on every
 * transition, the first row and the last b bound to public values), keygens, proves a 16-row
 * trace, round-trips the verifying key through its bytes, verifies, and checks that a wrong
 * public value is rejected. Exit 0 and the line "consumer: PASS" on success. */
#include <stdio.h>
#include <string.h>
#include <swirl.h>

#define LOG_HEIGHT 4
#define HEIGHT (1u << LOG_HEIGHT)

static swirl_air *pair_air(void) {
    swirl_air *air = swirl_air_new("pair");
    if (!air) return NULL;
    swirl_air_set_common_main(air, 2);
    swirl_air_set_num_public_values(air, 3);
    swirl_expr a = swirl_air_main(air, SWIRL_PART_COMMON, 0, 0), b = swirl_air_main(air, SWIRL_PART_COMMON, 1, 0);
    swirl_expr next_a = swirl_air_main(air, SWIRL_PART_COMMON, 0, 1);
    swirl_expr next_b = swirl_air_main(air, SWIRL_PART_COMMON, 1, 1);
    swirl_when first = swirl_air_when_first_row(air), step = swirl_air_when_transition(air);
    swirl_when_assert_eq(first, a, swirl_air_public(air, 0));
    swirl_when_assert_eq(first, b, swirl_air_public(air, 1));
    swirl_when_assert_eq(step, next_a, b);
    swirl_when_assert_eq(step, next_b, swirl_air_add(air, a, b));
    swirl_when_assert_eq(swirl_air_when_last_row(air), b, swirl_air_public(air, 2));
    return air;
}

static int fail(const char *what, const swirl_error *err) {
    fprintf(stderr, "consumer: FAIL: %s: %s (%s)\n", what, swirl_status_str(err->status), err->message);
    return 1;
}

int main(void) {
    uint32_t values[2 * HEIGHT], public_values[3];
    uint32_t a = 1, b = 1;
    for (unsigned r = 0; r < HEIGHT; r++) {
        values[2 * r] = a;
        values[2 * r + 1] = b;
        uint32_t sum = (uint32_t)(((uint64_t)a + b) % SWIRL_P);
        a = b;
        b = sum;
    }
    public_values[0] = 1;
    public_values[1] = 1;
    public_values[2] = values[2 * HEIGHT - 1];
    swirl_trace trace = {values, HEIGHT, 2};
    swirl_air_inputs input = {&trace, NULL, 0, public_values, 3, NULL};

    swirl_error err;
    memset(&err, 0, sizeof err);
    swirl_ctx *ctx = NULL;
    swirl_air *air = pair_air();
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    uint8_t *vk_bytes = NULL, *proof = NULL;
    size_t vk_len = 0, proof_len = 0;
    swirl_system_params params;
    int failures = 0;
    if (!air || swirl_air_status(air, &err) != SWIRL_OK) failures += fail("building the AIR", &err);
    if (!failures && swirl_ctx_create(1, SWIRL_BACKEND_CPU, &ctx, &err) != SWIRL_OK) failures += fail("context", &err);
    if (!failures && swirl_params_default_test(&params) != SWIRL_OK) {
        err.status = SWIRL_ERR_PARAMS;
        failures += fail("parameters", &err);
    }
    if (!failures && swirl_keygen(ctx, &params, &air, 1, &pk, NULL, &err) != SWIRL_OK) failures += fail("keygen", &err);
    if (!failures && swirl_vk_encode(swirl_pk_vk(pk), &vk_bytes, &vk_len, &err) != SWIRL_OK)
        failures += fail("vk encode", &err);
    if (!failures && swirl_vk_decode(vk_bytes, vk_len, &vk, &err) != SWIRL_OK) failures += fail("vk decode", &err);
    if (!failures && swirl_prove(ctx, pk, &input, 1, &proof, &proof_len, &err) != SWIRL_OK) failures += fail("prove", &err);
    if (!failures && swirl_verify(vk, proof, proof_len, &err) != SWIRL_OK) failures += fail("verify", &err);
    if (!failures) {
        /* the same trace with a wrong claimed result: the proof must not verify */
        uint8_t *bad = NULL;
        size_t bad_len = 0;
        public_values[2] = (public_values[2] + 1) % SWIRL_P;
        int rc = swirl_prove(ctx, pk, &input, 1, &bad, &bad_len, &err);
        if (rc == SWIRL_OK) rc = swirl_verify(vk, bad, bad_len, &err);
        if (rc != SWIRL_ERR_VERIFY) {
            fprintf(stderr, "consumer: FAIL: a wrong public value gave %s, expected SWIRL_ERR_VERIFY\n",
                    swirl_status_str(rc));
            failures++;
        }
        swirl_bytes_free(bad);
    }
    if (!failures)
        printf("consumer: swirl %s, %s backend, proof of %zu bytes verified\nconsumer: PASS\n", swirl_version(),
               swirl_ctx_backend_name(ctx), proof_len);
    swirl_bytes_free(proof);
    swirl_bytes_free(vk_bytes);
    swirl_vk_free(vk);
    swirl_pk_free(pk);
    swirl_air_free(air);
    swirl_ctx_free(ctx);
    return failures ? 1 : 0;
}
