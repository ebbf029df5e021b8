/* fuzz_pk_decode.c — libFuzzer target: proving-key decoding (vk + names + preprocessed traces,
 * recommitted on decode) must never crash. */
#include "swirl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    swirl_pk *pk = NULL;
    swirl_error err;
    if (swirl_pk_decode(NULL, data, size, &pk, &err) == SWIRL_OK) swirl_pk_free(pk);
    return 0;
}
