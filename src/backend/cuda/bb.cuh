/* bb.cuh — BabyBear / EF4 device arithmetic for the CUDA backend.
 *
 * Values in device buffers are canonical. Inside kernels: Montgomery form (x * 2^32 mod p) for
 * chains of products (Poseidon2). Useful identity: mont_mul(canonical a, Montgomery(c)) is the
 * canonical a*c, so kernels that only multiply data by constants (NTT twiddles) keep the data
 * canonical and store the constants in Montgomery form. Constants come from the shared macros
 * in src/field/field_constants.h (one source for C and CUDA). */
#ifndef SWIRL_BB_CUH
#define SWIRL_BB_CUH

#include <stdint.h>
#include "field/field_constants.h"

#define DP SWIRL_BB_P

static __device__ __forceinline__ uint32_t d_add(uint32_t a, uint32_t b) {
    uint32_t s = a + b;
    return s >= DP ? s - DP : s;
}
static __device__ __forceinline__ uint32_t d_sub(uint32_t a, uint32_t b) { return a >= b ? a - b : a + DP - b; }

/* a*b*2^-32 mod p for a, b < p. The low halves of x and m*p agree, so the high-half
 * difference is exact; it lies in (-p, p). */
static __device__ __forceinline__ uint32_t d_mont(uint32_t a, uint32_t b) {
    uint64_t x = (uint64_t)a * b;
    uint32_t m = (uint32_t)x * SWIRL_BB_MONTY_MU;
    uint32_t xh = (uint32_t)(x >> 32), mh = __umulhi(m, DP);
    return xh >= mh ? xh - mh : xh - mh + DP;
}
static __device__ __forceinline__ uint32_t d_to_mont(uint32_t a) { return d_mont(a, SWIRL_BB_MONTY_R2); }
static __device__ __forceinline__ uint32_t d_from_mont(uint32_t a) { return d_mont(a, 1u); }
/* canonical product */
static __device__ __forceinline__ uint32_t d_mul(uint32_t a, uint32_t b) { return d_mont(d_to_mont(a), b); }

static __device__ __forceinline__ uint32_t d_pow(uint32_t a, uint32_t e) {
    uint32_t r = 1;
    while (e) {
        if (e & 1) r = d_mul(r, a);
        a = d_mul(a, a);
        e >>= 1;
    }
    return r;
}
static __device__ __forceinline__ uint32_t d_inv(uint32_t a) { return d_pow(a, DP - 2); }

struct d_ef { uint32_t c[4]; };

static __device__ __forceinline__ d_ef d_ef_mul(d_ef a, d_ef b) {
    d_ef r;
    uint32_t W = SWIRL_EF_W;
    r.c[0] = d_add(d_mul(a.c[0], b.c[0]), d_mul(W, d_add(d_add(d_mul(a.c[1], b.c[3]), d_mul(a.c[2], b.c[2])), d_mul(a.c[3], b.c[1]))));
    r.c[1] = d_add(d_add(d_mul(a.c[0], b.c[1]), d_mul(a.c[1], b.c[0])), d_mul(W, d_add(d_mul(a.c[2], b.c[3]), d_mul(a.c[3], b.c[2]))));
    r.c[2] = d_add(d_add(d_add(d_mul(a.c[0], b.c[2]), d_mul(a.c[1], b.c[1])), d_mul(a.c[2], b.c[0])), d_mul(W, d_mul(a.c[3], b.c[3])));
    r.c[3] = d_add(d_add(d_mul(a.c[0], b.c[3]), d_mul(a.c[1], b.c[2])), d_add(d_mul(a.c[2], b.c[1]), d_mul(a.c[3], b.c[0])));
    return r;
}

#endif
