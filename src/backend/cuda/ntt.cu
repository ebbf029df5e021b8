/* ntt.cu — batched natural-order DFT / inverse DFT and RS encoding on the GPU.
 *
 * Algorithm per column of length N = 2^n (column-major, column c at data + c*col_stride):
 *   1. in-place bit-reversal permutation;
 *   2. radix-2 DIT stages s = 0..n-1 (half-size h = 2^s, twiddle w_{2h}^j, j = i mod h), fused
 *      up to 8 stages per kernel in shared memory: a block owns the elements whose index bits
 *      s0..s0+b-1 vary (the butterflies of those stages never leave the group) for G = min(2^s0,
 *      32) consecutive values of the low bits, so global loads/stores stay coalesced;
 *   3. inverse only: a[j] <-> a[N-j] and scale by 2^-n (idft = reversed dft / N).
 * For n = 22 that is 1 permutation pass + 3 stage passes over the data.
 * Twiddles (Montgomery form) live in the device object: d_mont(canonical, twiddle) is the
 * canonical product, so data stays canonical throughout. */
#include "backend/cuda/bb.cuh"
#include "backend/cuda/cuda_internal.h"
#include "field/babybear.h"

#define NTT_MAX_B 8
#define NTT_MAX_G 32
#define NTT_THREADS 256

static __global__ void k_bitrev(uint32_t *data, size_t stride, unsigned n) {
    size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >> n) return;
    uint32_t *a = data + blockIdx.y * stride;
    size_t j = __brev((unsigned)i) >> (32 - n);
    if (i < j) {
        uint32_t t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* Coalesced in-place bit reversal for n >= 2*BR_T. Index i = (a, m, b) with a the top BR_T
 * bits, b the low BR_T bits and m the middle n - 2*BR_T bits; rev(i) = (rev(b), rev(m), rev(a)).
 * The block for middle value m (handled only when m <= rev(m)) loads the 32x32 tiles of m and
 * rev(m) (rows a, contiguous b: coalesced), transposes through shared memory and stores each
 * tile at the other's place (rows rev(b), contiguous rev(a): coalesced). */
#define BR_T 5
static __global__ void k_bitrev_tiled(uint32_t *data, size_t stride, unsigned n) {
    __shared__ uint32_t t0[32][33], t1[32][33];
    uint32_t *a = data + blockIdx.y * stride;
    const unsigned mb = n - 2 * BR_T;
    const size_t m = blockIdx.x;
    const size_t mr = mb ? (__brevll((unsigned long long)m) >> (64 - mb)) : 0;
    if (m > mr) return;
    const unsigned tx = threadIdx.x, ty = threadIdx.y; /* 32 x 8 threads */
    for (unsigned r = ty; r < 32; r += 8) {
        t0[r][tx] = a[((size_t)r << (n - BR_T)) + (m << BR_T) + tx];
        t1[r][tx] = a[((size_t)r << (n - BR_T)) + (mr << BR_T) + tx];
    }
    __syncthreads();
    /* element (row a=r2, col b=tx2) of tile m goes to row rev(b), middle mr, col rev(a). */
    for (unsigned r = ty; r < 32; r += 8) {
        unsigned rb = __brev(r) >> 27;        /* output row = rev(b) -> b = rev(r) */
        unsigned ra = __brev(tx) >> 27;       /* output col = rev(a) -> a = rev(tx) */
        a[((size_t)r << (n - BR_T)) + (mr << BR_T) + tx] = t0[ra][rb];
        a[((size_t)r << (n - BR_T)) + (m << BR_T) + tx] = t1[ra][rb];
    }
}

static __global__ void k_dit_stages(uint32_t *data, size_t stride, unsigned s0, unsigned b, unsigned G_log,
                             const uint32_t *__restrict__ tw) {
    __shared__ uint32_t sm[NTT_MAX_G << NTT_MAX_B];
    uint32_t *a = data + blockIdx.y * stride;
    const unsigned G = 1u << G_log;
    const size_t lo_groups = (size_t)1 << (s0 - G_log);
    const size_t grp = blockIdx.x;
    const size_t hi = grp / lo_groups, lo_base = (grp % lo_groups) << G_log;
    const unsigned total = G << b;
    for (unsigned idx = threadIdx.x; idx < total; idx += blockDim.x) {
        unsigned g = idx & (G - 1), mid = idx >> G_log;
        size_t gi = lo_base + g + ((size_t)mid << s0) + (hi << (s0 + b));
        sm[idx] = a[gi];
    }
    __syncthreads();
    /* Each thread keeps one low-bit lane g for the whole pass (blockDim.x is a multiple of G),
     * so the twiddle base lo_base + g is loop-invariant; all index math is 32-bit (n <= 27). */
    const unsigned nbf = G << (b - 1);
    const unsigned g = threadIdx.x & (G - 1), p0 = threadIdx.x >> G_log, pstep = blockDim.x >> G_log;
    const unsigned jbase = (unsigned)lo_base + g;
    for (unsigned ls = 0; ls < b; ls++) {
        const unsigned half = 1u << ls;
        const uint32_t *twh = tw + ((size_t)half << s0) + jbase;
        for (unsigned p = p0; p < (nbf >> G_log); p += pstep) {
            unsigned off = p & (half - 1);
            unsigned m1 = ((p >> ls) << (ls + 1)) + off, m2 = m1 + half;
            uint32_t w = twh[off << s0];
            uint32_t u = sm[(m1 << G_log) + g], v = d_mont(sm[(m2 << G_log) + g], w);
            sm[(m1 << G_log) + g] = d_add(u, v);
            sm[(m2 << G_log) + g] = d_sub(u, v);
        }
        __syncthreads();
    }
    for (unsigned idx = threadIdx.x; idx < total; idx += blockDim.x) {
        unsigned g = idx & (G - 1), mid = idx >> G_log;
        size_t gi = lo_base + g + ((size_t)mid << s0) + (hi << (s0 + b));
        a[gi] = sm[idx];
    }
}

static __global__ void k_inverse_fix(uint32_t *data, size_t stride, unsigned n, uint32_t ninv_mont) {
    size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    size_t N = (size_t)1 << n;
    if (i > N / 2) return;
    uint32_t *a = data + blockIdx.y * stride;
    if (i == 0 || i == N - i) {
        a[i] = d_mont(a[i], ninv_mont);
    } else {
        uint32_t x = a[i], y = a[N - i];
        a[i] = d_mont(y, ninv_mont);
        a[N - i] = d_mont(x, ninv_mont);
    }
}

extern "C" int swirl_cuda_dft_batch(swirl_cuda_dev *d, uint32_t *data, unsigned n, size_t ncols, size_t stride,
                                    int inverse) {
    if (!d || (!data && ncols)) return SWIRL_ERR_INVALID_ARG;
    if (n > d->max_log_n || ncols > 65535 || (ncols > 1 && stride < ((size_t)1 << n))) return SWIRL_ERR_INVALID_ARG;
    if (ncols == 0 || n == 0) return SWIRL_OK;
    size_t N = (size_t)1 << n;
    if (!inverse && swirl_cuda_ntt3_usable(n, ncols)) return swirl_cuda_ntt3(d, data, stride, N, n, ncols, data, stride);
    if (n >= 2 * BR_T) {
        dim3 g1((unsigned)((size_t)1 << (n - 2 * BR_T)), (unsigned)ncols);
        k_bitrev_tiled<<<g1, dim3(32, 8), 0, d->stream>>>(data, stride, n);
        CU_LAUNCHED("k_bitrev_tiled");
    } else {
        dim3 g1((unsigned)((N + 255) / 256), (unsigned)ncols);
        k_bitrev<<<g1, 256, 0, d->stream>>>(data, stride, n);
        CU_LAUNCHED("k_bitrev");
    }
    for (unsigned s0 = 0; s0 < n;) {
        unsigned b = n - s0 < NTT_MAX_B ? n - s0 : NTT_MAX_B;
        unsigned G_log = s0 < 5 ? s0 : 5;
        size_t groups = N >> (b + G_log);
        dim3 g2((unsigned)groups, (unsigned)ncols);
        k_dit_stages<<<g2, NTT_THREADS, 0, d->stream>>>(data, stride, s0, b, G_log, d->d_twiddles);
        CU_LAUNCHED("k_dit_stages");
        s0 += b;
    }
    if (inverse) {
        uint32_t ninv = bb_to_monty(bb_inv_pow2(n));
        dim3 g3((unsigned)((N / 2 + 1 + 255) / 256), (unsigned)ncols);
        k_inverse_fix<<<g3, 256, 0, d->stream>>>(data, stride, n, ninv);
        CU_LAUNCHED("k_inverse_fix");
    }
    return SWIRL_OK;
}

extern "C" int swirl_cuda_rs_encode_batch(swirl_cuda_dev *d, const uint32_t *in, size_t in_stride, unsigned n,
                                          unsigned lb, size_t ncols, uint32_t *out, size_t out_stride) {
    if (!d || (ncols && (!in || !out))) return SWIRL_ERR_INVALID_ARG;
    size_t len = (size_t)1 << n, N = (size_t)1 << (n + lb);
    if (n + lb > d->max_log_n || (ncols > 1 && (out_stride < N || in_stride < len))) return SWIRL_ERR_INVALID_ARG;
    if (ncols == 0) return SWIRL_OK;
    if (swirl_cuda_ntt3_usable(n + lb, ncols)) return swirl_cuda_ntt3(d, in, in_stride, len, n + lb, ncols, out, out_stride);
    size_t op = (ncols > 1 ? out_stride : N) * 4, ip = (ncols > 1 ? in_stride : len) * 4;
    CU_TRY(cudaMemcpy2DAsync(out, op, in, ip, len * 4, ncols, cudaMemcpyDeviceToDevice, d->stream), "rs copy");
    if (N > len) CU_TRY(cudaMemset2DAsync(out + len, op, 0, (N - len) * 4, ncols, d->stream), "rs zero");
    return swirl_cuda_dft_batch(d, out, n + lb, ncols, ncols > 1 ? out_stride : N, 0);
}
