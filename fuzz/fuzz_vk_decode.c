/* fuzz_vk_decode.c — libFuzzer target: verifying-key decoding must never crash; any key that
 * decodes must re-encode to exactly the input bytes (the codec is canonical). */
#include "fuzz_common.h"
#include "swirl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    swirl_vk *vk = NULL;
    swirl_error err;
    if (swirl_vk_decode(data, size, &vk, &err) != SWIRL_OK) return 0;
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = swirl_vk_encode(vk, &b, &n, &err);
    fuzz_require_reencode("verifying key", rc, b, n, data, size);
    swirl_bytes_free(b);
    swirl_vk_free(vk);
    return 0;
}
