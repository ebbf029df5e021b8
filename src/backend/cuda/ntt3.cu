/* ntt3.cu — natural-order DFT of 2^n points (12 <= n <= 24) in three passes, no bit reversal
 * pass and no zero-padding pass (the RS encoding reads only the message).
 *
 * Four-step decomposition, applied twice: N = N1 N2, N2 = N2a N3 (N1 = 2^n1, N2a = 2^n2,
 * N3 = 2^n3, each <= 2^8), j = j1 N2 + j2 N3 + j3, k = k1 + N1 (k2 + N2a k3):
 *   pass 1: for each (j2, j3): y[k1][j2 j3] = w_N^(k1 (j2 N3 + j3)) sum_j1 x[j] w_N1^(j1 k1);
 *   pass 2: for each (k1, j3): z[k1][k2][j3] = w_N2^(k2 j3) sum_j2 y[k1][j2 N3 + j3] w_N2a^(j2 k2)
 *           (in place: a block reads exactly the entries it writes);
 *   pass 3: for each (k1, k2): X[k1 + N1 (k2 + N2a k3)] = sum_j3 z[k1][k2][j3] w_N3^(j3 k3).
 * Passes 1 and 2 run G = 32 independent short DFTs side by side in shared memory (G consecutive
 * lanes: coalesced loads and stores); pass 3 runs G rows with consecutive k1 so that its
 * scattered outputs are 32-word runs. Pass 1 writes the scratch, pass 3 reads it and writes the
 * output. Short DFTs: radix-2 DIT over a bit-reversed load, twiddles tw[h + j] = w_2h^j
 * (Montgomery form) from the device table; inter-pass twiddles w_N^e from the same table
 * (w_N^e = -w_N^(e - N/2) for e >= N/2). */
#include "backend/cuda/bb.cuh"
#include "backend/cuda/cuda_internal.h"
#include "field/babybear.h"

#define N3_G 32
#define N3_THREADS 256

/* w_N^e (Montgomery form) for N = 2^n, any e. */
static __device__ __forceinline__ uint32_t tw_pow(const uint32_t *__restrict__ tw, unsigned n, uint64_t e) {
    const uint64_t N = 1ull << n, half = N >> 1;
    e &= N - 1;
    if (e < half) return tw[half + e];
    const uint32_t v = tw[half + (e - half)];
    return v ? DP - v : 0;
}

/* In-place DFT of `len` = 2^lg points for each of G lanes: sm[row * rs + g], rows loaded
 * bit-reversed by the caller (rs = G, or G + 1 where the load walks rows: no bank conflicts).
 * Stages go two at a time (radix 4: a thread takes rows b + j + {0, h, 2h, 3h} of one lane and
 * does stage s on (0, 1), (2, 3) with w_2h^j and stage s + 1 on (0, 2), (1, 3) with w_4h^j,
 * w_4h^(j + h) in registers), so half the barriers and half the shared-memory traffic of one
 * stage per pass; an odd last stage runs alone. */
static __device__ __forceinline__ void smem_dit(uint32_t *sm, unsigned lg, unsigned rs, const uint32_t *__restrict__ tw) {
    const unsigned len = 1u << lg;
    unsigned s = 0;
    for (; s + 1 < lg; s += 2) {
        const unsigned h = 1u << s;
        const unsigned quads = (len / 4) * N3_G;
        for (unsigned q = threadIdx.x; q < quads; q += blockDim.x) {
            const unsigned g = q % N3_G, p = q / N3_G;
            const unsigned j = p & (h - 1), base = (p >> s) << (s + 2);
            const unsigned i0 = (base + j) * rs + g, step = h * rs;
            uint32_t a0 = sm[i0], a1 = sm[i0 + step], a2 = sm[i0 + 2 * step], a3 = sm[i0 + 3 * step];
            const uint32_t w1 = tw[h + j];
            uint32_t v = d_mont(a1, w1);
            a1 = d_sub(a0, v);
            a0 = d_add(a0, v);
            v = d_mont(a3, w1);
            a3 = d_sub(a2, v);
            a2 = d_add(a2, v);
            v = d_mont(a2, tw[2 * h + j]);
            sm[i0 + 2 * step] = d_sub(a0, v);
            sm[i0] = d_add(a0, v);
            v = d_mont(a3, tw[2 * h + j + h]);
            sm[i0 + 3 * step] = d_sub(a1, v);
            sm[i0 + step] = d_add(a1, v);
        }
        __syncthreads();
    }
    if (s < lg) {
        const unsigned h = 1u << s;
        const unsigned butterflies = (len / 2) * N3_G;
        for (unsigned b = threadIdx.x; b < butterflies; b += blockDim.x) {
            const unsigned g = b % N3_G, p = b / N3_G;
            const unsigned j = p & (h - 1), k = (p >> s) << (s + 1);
            const unsigned i0 = (k + j) * rs + g, i1 = (k + j + h) * rs + g;
            const uint32_t u = sm[i0], v = d_mont(sm[i1], tw[h + j]);
            sm[i0] = d_add(u, v);
            sm[i1] = d_sub(u, v);
        }
        __syncthreads();
    }
}

static __device__ __forceinline__ unsigned rev(unsigned x, unsigned bits) { return bits ? __brev(x) >> (32 - bits) : 0; }

/* pass 1: block (group of G consecutive (j2, j3) = j23, column); inputs at j >= in_len are the
 * RS zero padding and are not read. */
static __global__ void k_ntt3_pass1(const uint32_t *__restrict__ in, size_t in_stride, uint32_t *__restrict__ out,
                             size_t out_stride, unsigned n, unsigned n1, size_t in_len, const uint32_t *__restrict__ tw) {
    extern __shared__ uint32_t sm[];
    const unsigned N1 = 1u << n1;
    const size_t N2 = (size_t)1 << (n - n1);
    const size_t j23_0 = (size_t)blockIdx.x * N3_G;
    const uint32_t *x = in + blockIdx.y * in_stride;
    for (unsigned idx = threadIdx.x; idx < N1 * N3_G; idx += blockDim.x) {
        const unsigned g = idx % N3_G, j1 = idx / N3_G;
        const size_t j = (size_t)j1 * N2 + j23_0 + g;
        const uint32_t v = j < in_len ? x[j] : 0;
        sm[rev(j1, n1) * N3_G + g] = v;
    }
    __syncthreads();
    smem_dit(sm, n1, N3_G, tw);
    uint32_t *y = out + blockIdx.y * out_stride;
    for (unsigned idx = threadIdx.x; idx < N1 * N3_G; idx += blockDim.x) {
        const unsigned g = idx % N3_G, k1 = idx / N3_G;
        const size_t j23 = j23_0 + g;
        y[(size_t)k1 * N2 + j23] = d_mont(sm[idx], tw_pow(tw, n, (uint64_t)k1 * j23));
    }
}

/* pass 2: block (k1 * (N3 / G) + j3 group, column), in place on the scratch. */
static __global__ void k_ntt3_pass2(uint32_t *__restrict__ y, size_t stride, unsigned n, unsigned n1, unsigned n2,
                             const uint32_t *__restrict__ tw) {
    extern __shared__ uint32_t sm[];
    const unsigned n3 = n - n1 - n2;
    const unsigned N2a = 1u << n2;
    const size_t N3 = (size_t)1 << n3, N2 = (size_t)1 << (n2 + n3);
    const size_t groups = N3 / N3_G;
    const size_t k1 = blockIdx.x / groups, j3_0 = (blockIdx.x % groups) * N3_G;
    uint32_t *row = y + blockIdx.y * stride + k1 * N2;
    for (unsigned idx = threadIdx.x; idx < N2a * N3_G; idx += blockDim.x) {
        const unsigned g = idx % N3_G, j2 = idx / N3_G;
        sm[rev(j2, n2) * N3_G + g] = row[(size_t)j2 * N3 + j3_0 + g];
    }
    __syncthreads();
    smem_dit(sm, n2, N3_G, tw);
    for (unsigned idx = threadIdx.x; idx < N2a * N3_G; idx += blockDim.x) {
        const unsigned g = idx % N3_G, k2 = idx / N3_G;
        const size_t j3 = j3_0 + g;
        /* w_N2^(k2 j3) = w_N^(k2 j3 N1) */
        row[(size_t)k2 * N3 + j3] = d_mont(sm[idx], tw_pow(tw, n, ((uint64_t)k2 * j3) << n1));
    }
}

/* pass 3: block (k2 * (N1 / G) + k1 group, column): G rows of N3 contiguous values. */
static __global__ void k_ntt3_pass3(const uint32_t *__restrict__ z, size_t z_stride, uint32_t *__restrict__ out,
                             size_t out_stride, unsigned n, unsigned n1, unsigned n2, const uint32_t *__restrict__ tw) {
    extern __shared__ uint32_t sm[];
    const unsigned n3 = n - n1 - n2;
    const unsigned N3 = 1u << n3;
    const size_t N1 = (size_t)1 << n1, N2 = (size_t)1 << (n2 + n3);
    const size_t groups = N1 / N3_G;
    const size_t k2 = blockIdx.x / groups, k1_0 = (blockIdx.x % groups) * N3_G;
    const uint32_t *src = z + blockIdx.y * z_stride;
    /* read along j3 (contiguous), rows g */
    for (unsigned idx = threadIdx.x; idx < N3 * N3_G; idx += blockDim.x) {
        const unsigned j3 = idx % N3, g = idx / N3;
        sm[rev(j3, n3) * (N3_G + 1) + g] = src[(k1_0 + g) * N2 + k2 * N3 + j3];
    }
    __syncthreads();
    smem_dit(sm, n3, N3_G + 1, tw);
    uint32_t *X = out + blockIdx.y * out_stride;
    const size_t N1N2a = N1 << n2;
    for (unsigned idx = threadIdx.x; idx < N3 * N3_G; idx += blockDim.x) {
        const unsigned g = idx % N3_G, k3 = idx / N3_G;
        X[k1_0 + g + N1 * k2 + N1N2a * k3] = sm[k3 * (N3_G + 1) + g];
    }
}

/* Split n into three parts of at most 8 (pass 1 and 3 at least 5 = log2 of the lane group). */
static void split3(unsigned n, unsigned *n1, unsigned *n2, unsigned *n3) {
    *n1 = (n + 2) / 3;
    *n2 = (n - *n1 + 1) / 2;
    *n3 = n - *n1 - *n2;
}

/* The scratch of the device object, grown to `bytes` (reused by every later transform). */
static int scratch_for(swirl_cuda_dev *d, size_t bytes, uint32_t **out) {
    if (d->ntt_scratch_bytes < bytes) {
        swirl_cuda_release(d, d->ntt_scratch);
        d->ntt_scratch = NULL;
        d->ntt_scratch_bytes = 0;
        int rc = swirl_cuda_alloc(d, (void **)&d->ntt_scratch, bytes);
        if (rc) return rc;
        d->ntt_scratch_bytes = bytes;
    }
    *out = (uint32_t *)d->ntt_scratch;
    return SWIRL_OK;
}

/* Passes 1 and 3 need at least G = 2^5 points, every pass at most 2^8 (shared memory). */
extern "C" int swirl_cuda_ntt3_usable(unsigned n, size_t ncols) { return n >= 15 && n <= 24 && ncols <= 65535; }

/* out column c (2^n values) = DFT of in column c zero-padded from in_len <= 2^n values. in and
 * out may be the same buffer (pass 1 reads in, pass 3 writes out). */
extern "C" int swirl_cuda_ntt3(swirl_cuda_dev *d, const uint32_t *in, size_t in_stride, size_t in_len, unsigned n,
                               size_t ncols, uint32_t *out, size_t out_stride) {
    if (!d || !swirl_cuda_ntt3_usable(n, ncols) || n > d->max_log_n || (ncols && (!in || !out))) return SWIRL_ERR_INVALID_ARG;
    if (!ncols) return SWIRL_OK;
    unsigned n1, n2, n3;
    split3(n, &n1, &n2, &n3);
    const size_t N = (size_t)1 << n, N2 = N >> n1;
    if (in_len > N) return SWIRL_ERR_INVALID_ARG;
    uint32_t *scratch = NULL;
    int rc = scratch_for(d, N * ncols * sizeof(uint32_t), &scratch);
    if (rc) return rc;
    dim3 g1((unsigned)(N2 / N3_G), (unsigned)ncols);
    k_ntt3_pass1<<<g1, N3_THREADS, (N3_G << n1) * 4, d->stream>>>(in, in_stride, scratch, N, n, n1, in_len, d->d_twiddles);
    CU_LAUNCHED("k_ntt3_pass1");
    dim3 g2((unsigned)(((size_t)1 << n1) * (((size_t)1 << n3) / N3_G)), (unsigned)ncols);
    k_ntt3_pass2<<<g2, N3_THREADS, (N3_G << n2) * 4, d->stream>>>(scratch, N, n, n1, n2, d->d_twiddles);
    CU_LAUNCHED("k_ntt3_pass2");
    dim3 g3((unsigned)(((size_t)1 << n2) * (((size_t)1 << n1) / N3_G)), (unsigned)ncols);
    k_ntt3_pass3<<<g3, N3_THREADS, ((N3_G + 1) << n3) * 4, d->stream>>>(scratch, N, out, out_stride, n, n1, n2, d->d_twiddles);
    CU_LAUNCHED("k_ntt3_pass3");
    return SWIRL_OK;
}
