/* fuzz_proof_verify.c — libFuzzer target: decode-then-verify of full proofs (codec v3) against a
 * fixed small verifying key (fib, test preset). Must never crash; nothing but the honest proofs
 * of the seed corpus is expected to verify. */
#include <stdlib.h>
#include "swirl.h"

static swirl_vk *VK;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!VK) {
        swirl_system_params p;
        swirl_params_default_test(&p);
        swirl_air *a = swirl_fib_air();
        swirl_pk *pk;
        if (swirl_keygen(NULL, &p, &a, 1, &pk, &VK, NULL) != SWIRL_OK) abort();
        swirl_pk_free(pk);
        swirl_air_free(a);
    }
    swirl_error err;
    (void)swirl_verify(VK, data, size, &err);
    return 0;
}
