/* fuzz_pk_decode.c — libFuzzer target: proving-key decoding (vk + names + preprocessed traces,
 * recommitted on decode) must never crash; any key that decodes re-encodes to the input bytes. */
#include "fuzz_common.h"
#include "swirl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    swirl_pk *pk = NULL;
    swirl_error err;
    if (swirl_pk_decode(NULL, data, size, &pk, &err) != SWIRL_OK) return 0;
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = swirl_pk_encode(pk, &b, &n, &err);
    fuzz_require_reencode("proving key", rc, b, n, data, size);
    swirl_bytes_free(b);
    swirl_pk_free(pk);
    return 0;
}
