/* ef.cuh — quartic-extension arithmetic on canonical values for the device kernels, and the
 * 16-byte loads and stores of EF arrays (an ef_t is four canonical words, 16-byte aligned in
 * every device buffer: allocations are 256-byte aligned and EF arrays start at offset 0).
 *
 * Products: one operand is moved to Montgomery form once (x * 2^32), after which each of the
 * 16 coefficient products is a single Montgomery multiplication giving the canonical product;
 * the W-multiples of the top coefficients are folded into that conversion (x * W * 2^32). */
#ifndef SWIRL_EF_CUH
#define SWIRL_EF_CUH

#include "backend/cuda/bb.cuh"

static __device__ __forceinline__ d_ef def_zero() {
    d_ef r = {{0, 0, 0, 0}};
    return r;
}

static __device__ __forceinline__ d_ef def_one() {
    d_ef r = {{1, 0, 0, 0}};
    return r;
}

static __device__ __forceinline__ d_ef def_load(const uint32_t *base, size_t i) {
    uint4 v = reinterpret_cast<const uint4 *>(base)[i];
    d_ef r = {{v.x, v.y, v.z, v.w}};
    return r;
}

static __device__ __forceinline__ void def_store(uint32_t *base, size_t i, d_ef a) {
    reinterpret_cast<uint4 *>(base)[i] = make_uint4(a.c[0], a.c[1], a.c[2], a.c[3]);
}

static __device__ __forceinline__ d_ef def_add(d_ef a, d_ef b) {
    d_ef r;
#pragma unroll
    for (int i = 0; i < 4; i++) r.c[i] = d_add(a.c[i], b.c[i]);
    return r;
}

static __device__ __forceinline__ d_ef def_sub(d_ef a, d_ef b) {
    d_ef r;
#pragma unroll
    for (int i = 0; i < 4; i++) r.c[i] = d_sub(a.c[i], b.c[i]);
    return r;
}

static __device__ __forceinline__ d_ef def_double(d_ef a) { return def_add(a, a); }

/* a * b for canonical b in the base field. */
static __device__ __forceinline__ d_ef def_mul_bb(d_ef a, uint32_t b) {
    const uint32_t bm = d_to_mont(b);
    d_ef r;
#pragma unroll
    for (int i = 0; i < 4; i++) r.c[i] = d_mont(a.c[i], bm);
    return r;
}

/* W * 2^64 mod p: d_mont(x, this) = x * W * 2^32, the Montgomery form of x * W. */
#define SWIRL_EF_W_R2 ((uint32_t)(((unsigned long long)SWIRL_EF_W * SWIRL_BB_MONTY_R2) % SWIRL_BB_P))

static __device__ __forceinline__ d_ef def_mul(d_ef a, d_ef b) {
    uint32_t am[4], aw[4];
#pragma unroll
    for (int i = 0; i < 4; i++) am[i] = d_to_mont(a.c[i]);
#pragma unroll
    for (int i = 1; i < 4; i++) aw[i] = d_mont(a.c[i], SWIRL_EF_W_R2);
    d_ef r;
    r.c[0] = d_add(d_add(d_mont(am[0], b.c[0]), d_mont(aw[1], b.c[3])), d_add(d_mont(aw[2], b.c[2]), d_mont(aw[3], b.c[1])));
    r.c[1] = d_add(d_add(d_mont(am[0], b.c[1]), d_mont(am[1], b.c[0])), d_add(d_mont(aw[2], b.c[3]), d_mont(aw[3], b.c[2])));
    r.c[2] = d_add(d_add(d_mont(am[0], b.c[2]), d_mont(am[1], b.c[1])), d_add(d_mont(am[2], b.c[0]), d_mont(aw[3], b.c[3])));
    r.c[3] = d_add(d_add(d_mont(am[0], b.c[3]), d_mont(am[1], b.c[2])), d_add(d_mont(am[2], b.c[1]), d_mont(am[3], b.c[0])));
    return r;
}

static __device__ __forceinline__ d_ef def_sqr(d_ef a) { return def_mul(a, a); }

/* Sum of a block's values: every thread passes its value, thread 0 gets the total (others an
 * unspecified value). scratch holds blockDim.x EF values; blockDim.x is a power of two. */
static __device__ __forceinline__ d_ef def_block_sum(d_ef v, d_ef *scratch) {
    const unsigned t = threadIdx.x;
    scratch[t] = v;
    __syncthreads();
    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
        if (t < s) scratch[t] = def_add(scratch[t], scratch[t + s]);
        __syncthreads();
    }
    d_ef r = scratch[0];
    __syncthreads();
    return r;
}

/* Sums `pairs` interleaved (a, b) EF pairs of partial into out[0], out[1]; launch with one block
 * of EF_SUM_THREADS threads (the second stage of the two-stage reductions). */
#define EF_SUM_THREADS 256
static __global__ void k_sum_pairs(const uint32_t *__restrict__ partial, unsigned pairs, uint32_t *__restrict__ out) {
    __shared__ d_ef scratch[EF_SUM_THREADS];
    d_ef a = def_zero();
    d_ef b = def_zero();
    for (unsigned i = threadIdx.x; i < pairs; i += blockDim.x) {
        a = def_add(a, def_load(partial, 2 * i));
        b = def_add(b, def_load(partial, 2 * i + 1));
    }
    a = def_block_sum(a, scratch);
    b = def_block_sum(b, scratch);
    if (threadIdx.x == 0) {
        def_store(out, 0, a);
        def_store(out, 1, b);
    }
}

#endif
