/* test_bad_input.c — the bad-input audit of the public API (issue 6 item 3): NULL pointers,
 * wrong sizes, widths and heights, out-of-range field elements, inconsistent keys and traces,
 * malformed bytes, missing files (CLI, in cli_roundtrip) and absent devices each return a
 * documented status with a message; nothing aborts. */
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "swirl.h"
#include "test_util.h"

int main(void) {
    swirl_error e;
    /* status names */
    CHECK(swirl_status_str(12345) != NULL && !strcmp(swirl_status_str(SWIRL_ERR_DECODE), "SWIRL_ERR_DECODE"));
    /* context */
    CHECK(swirl_ctx_create(0, SWIRL_BACKEND_CPU, NULL, &e) == SWIRL_ERR_INVALID_ARG && e.message[0]);
    swirl_ctx *ctx = NULL;
    CHECK(swirl_ctx_create(0, (swirl_backend_kind)77, &ctx, &e) == SWIRL_ERR_INVALID_ARG && ctx == NULL);
    swirl_ctx_free(NULL);
    /* parameters */
    swirl_system_params p;
    CHECK(swirl_params_app(3, &p) == SWIRL_ERR_PARAMS);
    CHECK(swirl_params_validate(NULL) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_params_default_test(&p) == SWIRL_OK);
    swirl_system_params bad = p;
    bad.whir.num_rounds = 0;
    CHECK(swirl_params_validate(&bad) == SWIRL_ERR_PARAMS);
    /* builder */
    CHECK(swirl_air_set_common_main(NULL, 2) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_air_main(NULL, SWIRL_PART_COMMON, 0, 0) == SWIRL_EXPR_INVALID);
    swirl_air *a = swirl_air_new("bad");
    swirl_air_set_common_main(a, 2);
    CHECK(swirl_air_add(a, 12345, 0) == SWIRL_EXPR_INVALID);
    CHECK(swirl_air_status(a, &e) == SWIRL_ERR_INVALID_ARG && strstr(e.message, "handle"));
    swirl_air_free(a);
    a = swirl_air_new("prep");
    uint32_t v3[3] = {1, 2, 3}, vp[2] = {SWIRL_P, 0};
    swirl_trace t3 = {v3, 3, 1}, tp = {vp, 2, 1};
    CHECK(swirl_air_set_preprocessed(a, &t3) == SWIRL_ERR_TRACE);
    swirl_air_free(a);
    a = swirl_air_new("prep2");
    CHECK(swirl_air_set_preprocessed(a, &tp) == SWIRL_ERR_FIELD_RANGE);
    CHECK(swirl_air_add_cached_main(a, 0) < 0);
    swirl_air_free(a);
    /* keygen */
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_air *fib = swirl_fib_air();
    CHECK(swirl_keygen(NULL, NULL, &fib, 1, &pk, &vk, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_keygen(NULL, &p, &fib, 0, &pk, &vk, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_keygen(NULL, &bad, &fib, 1, &pk, &vk, &e) == SWIRL_ERR_PARAMS);
    swirl_air *nul = NULL;
    CHECK(swirl_keygen(NULL, &p, &nul, 1, &pk, &vk, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_keygen(NULL, &p, &fib, 1, &pk, &vk, &e) == SWIRL_OK);
    /* key decoding */
    CHECK(swirl_vk_decode(NULL, 0, NULL, &e) == SWIRL_ERR_INVALID_ARG);
    swirl_vk *dv = NULL;
    CHECK(swirl_vk_decode((const uint8_t *)"", 0, &dv, &e) == SWIRL_ERR_DECODE && e.message[0]);
    uint8_t junk[64];
    for (int i = 0; i < 64; i++) junk[i] = (uint8_t)(i * 37 + 5);
    CHECK(swirl_vk_decode(junk, sizeof junk, &dv, &e) == SWIRL_ERR_DECODE && dv == NULL);
    swirl_pk *dp = NULL;
    CHECK(swirl_pk_decode(NULL, junk, sizeof junk, &dp, &e) == SWIRL_ERR_DECODE && dp == NULL);
    /* proving with inputs that do not match the key */
    uint32_t pv[3];
    swirl_trace ft;
    CHECK(swirl_fib_trace(SWIRL_P, 1, 3, &ft, pv) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_fib_trace(1, 1, 3, &ft, pv) == SWIRL_OK);
    swirl_air_inputs in = {&ft, NULL, 0, pv, 3, NULL};
    uint8_t *b = NULL;
    size_t len = 0;
    CHECK(swirl_prove(NULL, NULL, &in, 1, &b, &len, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_prove(NULL, pk, &in, 2, &b, &len, &e) == SWIRL_ERR_INVALID_ARG);
    ft.width = 3;
    CHECK(swirl_prove(NULL, pk, &in, 1, &b, &len, &e) == SWIRL_ERR_TRACE && e.message[0]); /* wrong width */
    ft.width = 2;
    ft.height = 6;
    CHECK(swirl_prove(NULL, pk, &in, 1, &b, &len, &e) == SWIRL_ERR_TRACE); /* not a power of two */
    ft.height = 8;
    uint32_t save = ft.values[3];
    ft.values[3] = SWIRL_P + 5;
    CHECK(swirl_prove(NULL, pk, &in, 1, &b, &len, &e) == SWIRL_ERR_TRACE); /* value >= p */
    ft.values[3] = save;
    in.num_public_values = 2;
    CHECK(swirl_prove(NULL, pk, &in, 1, &b, &len, &e) == SWIRL_ERR_TRACE); /* public values */
    in.num_public_values = 3;
    in.common_main = NULL;
    CHECK(swirl_prove(NULL, pk, &in, 1, &b, &len, &e) != SWIRL_OK); /* nothing present */
    in.common_main = &ft;
    CHECK(swirl_prove(NULL, pk, &in, 1, &b, &len, &e) == SWIRL_OK);
    /* verification of malformed / foreign bytes */
    CHECK(swirl_verify(NULL, b, len, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_verify(vk, NULL, 0, &e) == SWIRL_ERR_DECODE);
    CHECK(swirl_verify(vk, junk, sizeof junk, &e) == SWIRL_ERR_DECODE);
    CHECK(swirl_verify(vk, b, len / 2, &e) == SWIRL_ERR_DECODE);
    CHECK(swirl_verify(vk, b, len, &e) == SWIRL_OK);
    swirl_bytes_free(b);
    /* debug checker */
    swirl_check_report rep;
    CHECK(swirl_debug_check(NULL, &in, 1, &rep, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_debug_check(pk, &in, 3, &rep, &e) == SWIRL_ERR_INVALID_ARG);
    /* built-in AIR generators */
    CHECK(swirl_keccakf_generate_trace(NULL, 0, NULL) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_fib_selector_air(NULL, 0, 0) == NULL);
    CHECK(swirl_self_interaction_air(0, 1) == NULL);
    /* CUDA entry points without a device (or without CUDA) report NO_DEVICE, never crash */
    if (swirl_cuda_device_count() == 0) {
        swirl_cuda_dev *dev = (swirl_cuda_dev *)1;
        CHECK(swirl_cuda_dev_create(20, &dev) == SWIRL_ERR_NO_DEVICE && dev == NULL);
    }
    CHECK(swirl_cuda_dev_create(40, NULL) == SWIRL_ERR_INVALID_ARG || swirl_cuda_dev_create(40, NULL) == SWIRL_ERR_NO_DEVICE);
    swirl_trace_free(&ft);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(fib);
    return t_summary("test_bad_input");
}
