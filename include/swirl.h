/* swirl.h — the public interface of swirl, a C implementation of the SWIRL STARK proof system
 * (the protocol of OpenVM stark-backend v2.0.1: BabyBear, Poseidon2-16, stacked PCS + WHIR,
 * LogUp-GKR, batch constraint sumcheck with univariate skip).
 *
 * This is the ONLY public header. Conventions:
 *  - Every field element crossing this interface is a uint32_t holding the canonical value in
 *    [0, p), p = 2013265921. Functions that accept field elements from outside validate them and
 *    return SWIRL_ERR_FIELD_RANGE for values >= p.
 *  - Every fallible function returns swirl_status (0 = success). swirl_status_str() names it;
 *    functions that take a swirl_error* also fill a human-readable message.
 *  - Objects returned by *_new / *_create are owned by the caller and released by the matching
 *    *_free / *_destroy, which accept NULL.
 *  - Library code never aborts, exits or prints.
 */
#ifndef SWIRL_H
#define SWIRL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SWIRL_VERSION_MAJOR 0
#define SWIRL_VERSION_MINOR 1
#define SWIRL_VERSION_PATCH 0
#define SWIRL_VERSION_STRING "0.1.0"

/* The BabyBear prime. */
#define SWIRL_P 2013265921u

/* ---- status codes -------------------------------------------------------------------------- */
typedef enum swirl_status {
    SWIRL_OK = 0,
    SWIRL_ERR_INVALID_ARG = 1,      /* null pointer, wrong size, inconsistent arguments */
    SWIRL_ERR_OUT_OF_MEMORY = 2,    /* host allocation failed */
    SWIRL_ERR_FIELD_RANGE = 3,      /* a field element >= p was supplied */
    SWIRL_ERR_DECODE = 4,           /* malformed bytes (proof, key): truncated, trailing, bad value */
    SWIRL_ERR_VERIFY = 5,           /* the proof was rejected; see swirl_error.detail */
    SWIRL_ERR_AIR = 6,              /* invalid AIR definition (keygen validation) */
    SWIRL_ERR_TRACE = 7,            /* trace does not match its AIR (width, height, constraints) */
    SWIRL_ERR_PARAMS = 8,           /* unsupported or inconsistent system parameters */
    SWIRL_ERR_CUDA = 9,             /* CUDA runtime error */
    SWIRL_ERR_CUDA_OOM = 10,        /* device allocation failed */
    SWIRL_ERR_NO_DEVICE = 11,       /* CUDA backend requested but no device / not built */
    SWIRL_ERR_IO = 12,              /* file could not be read or written */
    SWIRL_ERR_INTERNAL = 13         /* an invariant of swirl itself failed (a bug) */
} swirl_status;

/* Static string naming a status, e.g. "SWIRL_ERR_DECODE". Never NULL. */
const char *swirl_status_str(int status);

/* Error report filled by functions that take one (may be NULL). `detail` is a machine-readable
 * sub-code for verification failures (a swirl_verify_error); 0 otherwise. */
typedef struct swirl_error {
    int status;
    int detail;
    char message[256];
} swirl_error;

/* Library version string, e.g. "0.1.0". */
const char *swirl_version(void);

/* ---- primitives ---------------------------------------------------------------------------- */

/* Poseidon2 over BabyBear, width 16 (Plonky3 default_babybear_poseidon2_16), in place.
 * Input lanes must be canonical (< p); outputs are canonical. Inputs >= p are reduced mod p. */
void swirl_poseidon2_permute(uint32_t state[16]);

/* Padding-free overwrite sponge (rate 8): digest of n canonical elements (n may be 0). */
void swirl_hash(const uint32_t *in, size_t n, uint32_t out[8]);

/* Two-to-one compression: first 8 lanes of Poseidon2(left || right). */
void swirl_compress(const uint32_t left[8], const uint32_t right[8], uint32_t out[8]);

#ifdef __cplusplus
}
#endif
#endif
