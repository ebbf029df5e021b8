/* ntt3.cu — natural-order DFT of 2^n points (15 <= n <= 24) in three passes, no bit reversal
 * pass and no zero-padding pass (the RS encoding reads only the message).
 *
 * Two implementations of one contract: swirl_cuda_ntt3 (v2, the live one: register radix-16
 * short DFTs, one shared-memory exchange per pass, compile-time strides per n; see the "v2"
 * block comment further down) and swirl_cuda_ntt3_v1 (the previous kernels, described here,
 * kept for A/B runs in bench_gpu and the contract test; H200, RS 2^21 x 42 -> 2^22: v1 3.56 ms,
 * v2 1.21 ms).
 *
 * v1:
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
extern "C" int swirl_cuda_ntt3_v1(swirl_cuda_dev *d, const uint32_t *in, size_t in_stride, size_t in_len, unsigned n,
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

/* ============================================================================================
 * v2 (the live swirl_cuda_ntt3). Same three-level decomposition and the same split3 sizes as
 * v1 above (N = N1 N2a N3, j = j1 N2 + j2 N3 + j3, k = k1 + N1 (k2 + N2a k3), N2 = N2a N3):
 *   pass 1  in      -> scratch  y[k1 N2 + j23]      = w_N^(k1 j23) DFT_N1(x[. N2 + j23])[k1]
 *   pass 2  scratch -> scratch  z[k1 N2 + k2 N3 + j3] = w_N^(k2 j3 N1) DFT_N2a(y[k1 N2 + . N3 + j3])[k2]
 *   pass 3  scratch -> out      X[k1 + N1 k2 + N1 N2a k3] = DFT_N3(z[k1 N2 + k2 N3 + .])[k3]
 * (pass 2 is in place: a block loads every entry it stores before its first barrier; pass 3
 * reads only the scratch, so out may alias in). Inputs of pass 1 at j >= in_len are zero and
 * never read (RS encode: in_len = N/2, the upper half of every register DFT input).
 *
 * One block = G = 32 lanes (consecutive in memory, except pass 3's input) x one short DFT of
 * L = 2^m points, 5 <= m <= 8, split L = R1 R2 (R1 = 2^ceil(m/2) <= 16, R2 = 2^floor(m/2),
 * R1 >= R2), row r = ja R2 + jb, output row k = ka + R1 kb:
 *   X[ka + R1 kb] = sum_jb w_R2^(jb kb) w_L^(jb ka) sum_ja x[ja R2 + jb] w_R1^(ja ka).
 *   step A: thread (jb = tid / 32, g = tid % 32) holds the R1 values of rows ja R2 + jb of lane
 *           g in registers (read straight from global memory: one coalesced 128-byte line per
 *           warp and row), does the DFT-R1 in registers, multiplies output ka by w_L^(jb ka)
 *           (per-block table in shared memory; jb is warp-uniform: broadcast) and stores it at
 *           sm[(ka R2 + jb) SP + g];
 *   step B: thread (ka = tid / 32 (+ R2 ...), g) loads sm[(ka R2 + jb) SP + g] for all jb, does
 *           the DFT-R2 in registers, multiplies output kb by the inter-pass twiddle
 *           w_N^((ka + R1 kb) E_g) (c = w_N^(ka E), c *= s = w_N^(R1 E) per kb: two table
 *           reads per thread instead of one gather per value) and stores row ka + R1 kb
 *           (coalesced per warp).
 * Pass 3 (rows contiguous, lanes N2 apart) first stages its tile through shared memory (a warp
 * reads 32 consecutive rows of one lane), then step A reads the registers from there.
 * SP = G + 1: the staging (warp = 32 rows of one lane) and steps A/B (warp = 32 lanes of one
 * row) are bank-conflict free.
 * Register DFTs: radix-2 decimation in frequency, natural input, bit-reversed output (the
 * register index is reversed at compile time), constants w_16^i as immediates multiplied by
 * Shoup's method; table twiddles (Montgomery form) by d_mont-style products.
 * Value ranges: every stored value and every register between butterflies is canonical
 * (< p); the only non-canonical operands are u + p - v < 2p, fed to products that accept any
 * 32-bit left operand. All in-column offsets are 32-bit (N <= 2^24); column bases are size_t.
 * ========================================================================================== */

#define V2_G 32
#define V2_SP (V2_G + 1)

/* canonical a + b, a - b (a, b < p): the wrapped alternative is larger, so min picks right */
static __device__ __forceinline__ uint32_t v2_add(uint32_t a, uint32_t b) {
    const uint32_t s = a + b;
    return min(s, s - DP);
}
static __device__ __forceinline__ uint32_t v2_sub(uint32_t a, uint32_t b) {
    const uint32_t d = a - b;
    return min(d, d + DP);
}
/* canonical a * b * 2^-32 for any a < 2^32 and b < p (b a twiddle in Montgomery form: the
 * canonical a * w). floor(a b / 2^32) < p, so the high-half difference lies in (-p, p). */
static __device__ __forceinline__ uint32_t v2_mont(uint32_t a, uint32_t b) {
    const uint64_t x = (uint64_t)a * b;
    const uint32_t mh = __umulhi((uint32_t)x * SWIRL_BB_MONTY_MU, DP);
    const uint32_t r = (uint32_t)(x >> 32) - mh;
    return min(r, r + DP);
}
/* canonical a * w for any a < 2^32, w < p canonical, wq = floor(w 2^32 / p) (Shoup): the
 * quotient estimate is at most one short, so a w - q p lies in [0, 2p). */
static __device__ __forceinline__ uint32_t v2_shoup(uint32_t a, uint32_t w, uint32_t wq) {
    const uint32_t q = __umulhi(a, wq);
    const uint32_t r = a * w - q * DP;
    return min(r, r - DP);
}

/* w_16^i (canonical) and floor(w_16^i 2^32 / p), i < 8: compile-time immediates. */
struct v2_c16 {
    uint32_t w[8], q[8];
};
static __host__ __device__ constexpr v2_c16 v2_make_c16() {
    v2_c16 c{};
    const uint64_t w16 = 196396260u; /* SWIRL_BB_TWO_ADIC_GENERATORS[4]: order 16 */
    uint64_t acc = 1;
    for (int i = 0; i < 8; i++) {
        c.w[i] = (uint32_t)acc;
        c.q[i] = (uint32_t)((acc << 32) / SWIRL_BB_P);
        acc = acc * w16 % SWIRL_BB_P;
    }
    return c;
}

/* One DIF stage of an in-register DFT of 2^LR values: half h = 2^S, the difference of pair
 * (b + j, b + j + h) multiplied by w_{2h}^j = w_16^(j 2^(3-S)). A template per stage so that
 * every loop has compile-time bounds (fully unrolled: the array stays in registers). */
template <int LR, int S>
static __device__ __forceinline__ void v2_dif_stage(uint32_t *a) {
    constexpr v2_c16 C = v2_make_c16();
    constexpr int h = 1 << S;
#pragma unroll
    for (int b = 0; b < (1 << LR); b += 2 * h) {
#pragma unroll
        for (int j = 0; j < h; j++) {
            const uint32_t u = a[b + j], v = a[b + j + h];
            a[b + j] = v2_add(u, v);
            if (j == 0) a[b + j + h] = v2_sub(u, v);
            else a[b + j + h] = v2_shoup(u + DP - v, C.w[j << (3 - S)], C.q[j << (3 - S)]);
        }
    }
}

/* In-register DFT of 2^LR <= 16 values: on return a[rev_LR(k)] = sum_j a_in[j] w^(jk),
 * w = w_{2^LR} (radix-2 decimation in frequency, stages S = LR-1 .. 0). */
template <int LR>
static __device__ __forceinline__ void v2_dft_reg(uint32_t *a) {
    if (LR > 3) v2_dif_stage<LR, (LR > 3 ? 3 : 0)>(a);
    if (LR > 2) v2_dif_stage<LR, (LR > 2 ? 2 : 0)>(a);
    if (LR > 1) v2_dif_stage<LR, (LR > 1 ? 1 : 0)>(a);
    if (LR > 0) v2_dif_stage<LR, 0>(a);
}

template <int B>
static __device__ __forceinline__ constexpr int v2_rev(int x) {
    int r = 0;
    for (int i = 0; i < B; i++) r |= ((x >> i) & 1) << (B - 1 - i);
    return r;
}

/* w_{2^lg}^e (Montgomery form) for e < 2^lg, lg >= 1: w^e = -w^(e - half) for e >= half. */
static __device__ __forceinline__ uint32_t v2_tw(const uint32_t *__restrict__ tw, unsigned lg, uint32_t e) {
    const uint32_t half = 1u << (lg - 1);
    return e < half ? tw[half + e] : DP - tw[e];
}

/* The split of n (same as split3): n1 = ceil(n/3), n2 = ceil((n - n1)/2), n3 = the rest. */
template <int NL>
struct v2_split {
    static constexpr int n1 = (NL + 2) / 3, n2 = (NL - n1 + 1) / 2, n3 = NL - n1 - n2;
    static_assert(n1 >= 5 && n1 <= 8 && n2 >= 5 && n2 <= 8 && n3 >= 5 && n3 <= 8, "three passes of 2^5 .. 2^8");
};

/* A block's shared memory: the exchange / staging tile and twl[e] = w_L^e, e < L. */
template <int LGL>
struct v2_smem {
    uint32_t sm[(1 << LGL) * V2_SP];
    uint32_t twl[1 << LGL];
};

/* One block of a pass: G lanes x one short DFT of L = 2^LGL points (see the comment above),
 * every stride a compile-time constant (addresses are a base plus immediates):
 *   src:  row r, lane g at src[r * SRS + g] (TIN: src[g * SLS + r]); with LIM only offsets
 *         below src_lim are read (the others are zero);
 *   dst:  output row k, lane g at dst[k * DRS + g], times w_N^((k E_g) mod N) when TW,
 *         E_g = lane_e0 + (g << LSH), N = 2^NL.
 * Threads: 32 R2, tid = 32 t + g. */
template <int LGL, int NL, bool TIN, bool LIM, bool TW, uint32_t SRS, uint32_t SLS, uint32_t DRS, int LSH>
static __device__ __forceinline__ void v2_block(const uint32_t *src, uint32_t src_lim, uint32_t *dst, uint32_t lane_e0,
                                                const uint32_t *__restrict__ tw, v2_smem<LGL> &shm) {
    constexpr int LR2 = LGL / 2, LR1 = LGL - LR2;
    constexpr int R1 = 1 << LR1, R2 = 1 << LR2, L = 1 << LGL, NT = V2_G * R2;
    uint32_t *sm = shm.sm, *twl = shm.twl;
    const unsigned tid = threadIdx.x, g = tid % V2_G, t = tid / V2_G;
    for (unsigned e = tid; e < L; e += NT) twl[e] = v2_tw(tw, LGL, e);
    uint32_t a[R1];
    if (TIN) {
        /* staging: consecutive threads read consecutive rows of one lane; NT = 32 R2 is a
         * multiple of L = R1 R2 (R1 <= 16), so element tid + i NT is row tid % L of lane
         * tid / L + i NT / L */
        static_assert(NT % L == 0, "staging step");
        const uint32_t *p = src + (tid / L) * SLS + tid % L;
#pragma unroll
        for (int i = 0; i < L * V2_G / NT; i++)
            sm[(tid % L) * V2_SP + tid / L + i * (NT / L)] = p[i * (NT / L) * SLS];
        __syncthreads();
#pragma unroll
        for (int ja = 0; ja < R1; ja++) a[ja] = sm[(ja * R2 + t) * V2_SP + g];
    } else {
        /* this thread's rows t + ja R2 */
        const uint32_t o0 = t * SRS + g;
        const uint32_t *p = src + o0;
#pragma unroll
        for (int ja = 0; ja < R1; ja++) a[ja] = (!LIM || o0 + ja * R2 * SRS < src_lim) ? p[ja * R2 * SRS] : 0;
    }
    v2_dft_reg<LR1>(a);
    __syncthreads(); /* twl written; TIN: every staged value read */
#pragma unroll
    for (int ka = 0; ka < R1; ka++) {
        uint32_t v = a[v2_rev<LR1>(ka)];
        if (ka) v = v2_mont(v, twl[t * ka]);
        sm[(ka * R2 + t) * V2_SP + g] = v;
    }
    __syncthreads();
    constexpr uint32_t mask = (NL >= 32) ? 0xffffffffu : (1u << NL) - 1;
    const uint32_t E = lane_e0 + (g << LSH);
#pragma unroll
    for (int it = 0; it < R1 / R2; it++) {
        const unsigned ka = t + it * R2;
        uint32_t b[R2];
#pragma unroll
        for (int jb = 0; jb < R2; jb++) b[jb] = sm[(ka * R2 + jb) * V2_SP + g];
        v2_dft_reg<LR2>(b);
        uint32_t c = 0, s = 0;
        if (TW) {
            c = v2_tw(tw, NL, (ka * E) & mask);
            s = v2_tw(tw, NL, (R1 * E) & mask);
        }
        uint32_t *q = dst + (ka * DRS + g);
#pragma unroll
        for (int kb = 0; kb < R2; kb++) {
            uint32_t v = b[v2_rev<LR2>(kb)];
            if (TW) {
                v = v2_mont(v, c);
                if (kb + 1 < R2) c = v2_mont(c, s);
            }
            q[kb * R1 * DRS] = v;
        }
    }
}

/* pass 1: blockIdx.x = j23 group (j23_0 = 32 x), blockIdx.y = column; rows j1 at stride N2. */
template <int NL>
static __global__ void __launch_bounds__(V2_G << (v2_split<NL>::n1 / 2))
    k_v2_pass1(const uint32_t *__restrict__ in, size_t in_stride, uint32_t in_len, uint32_t *__restrict__ y,
               const uint32_t *__restrict__ tw) {
    constexpr int n1 = v2_split<NL>::n1;
    constexpr uint32_t N2 = 1u << (NL - n1);
    const uint32_t j23_0 = blockIdx.x * V2_G;
    const uint32_t *src = in + blockIdx.y * in_stride + j23_0;
    uint32_t *dst = y + ((size_t)blockIdx.y << NL) + j23_0;
    const uint32_t lim = in_len > j23_0 ? in_len - j23_0 : 0;
    __shared__ v2_smem<n1> shm;
    if (in_len >= (1u << NL)) v2_block<n1, NL, false, false, true, N2, 0, N2, 0>(src, lim, dst, j23_0, tw, shm);
    else v2_block<n1, NL, false, true, true, N2, 0, N2, 0>(src, lim, dst, j23_0, tw, shm);
}

/* pass 2: blockIdx.x = k1 * (N3 / 32) + j3 group, in place on the scratch; rows j2 at stride N3;
 * w_N2^(k2 j3) = w_N^(k2 (j3 << n1)). */
template <int NL>
static __global__ void __launch_bounds__(V2_G << (v2_split<NL>::n2 / 2))
    k_v2_pass2(uint32_t *y, const uint32_t *__restrict__ tw) {
    constexpr int n1 = v2_split<NL>::n1, n2 = v2_split<NL>::n2, n3 = v2_split<NL>::n3;
    constexpr uint32_t groups = 1u << (n3 - 5);
    const uint32_t k1 = blockIdx.x / groups, j3_0 = (blockIdx.x % groups) * V2_G;
    uint32_t *row = y + ((size_t)blockIdx.y << NL) + (k1 << (NL - n1)) + j3_0;
    __shared__ v2_smem<n2> shm;
    v2_block<n2, NL, false, false, true, (1u << n3), 0, (1u << n3), n1>(row, 0, row, j3_0 << n1, tw, shm);
}

/* pass 3: blockIdx.x = k2 * (N1 / 32) + k1 group: lane k1 = 32-lane group, rows j3 contiguous,
 * lanes N2 apart; output rows k3 at stride N1 N2a. */
template <int NL>
static __global__ void __launch_bounds__(V2_G << (v2_split<NL>::n3 / 2))
    k_v2_pass3(const uint32_t *__restrict__ z, uint32_t *__restrict__ out, size_t out_stride,
               const uint32_t *__restrict__ tw) {
    constexpr int n1 = v2_split<NL>::n1, n2 = v2_split<NL>::n2, n3 = v2_split<NL>::n3;
    constexpr uint32_t groups = 1u << (n1 - 5);
    const uint32_t k2 = blockIdx.x / groups, k1_0 = (blockIdx.x % groups) * V2_G;
    const uint32_t *src = z + ((size_t)blockIdx.y << NL) + (k1_0 << (NL - n1)) + (k2 << n3);
    uint32_t *dst = out + blockIdx.y * out_stride + k1_0 + (k2 << n1);
    __shared__ v2_smem<n3> shm;
    v2_block<n3, NL, true, false, false, 1, (1u << (NL - n1)), (1u << (n1 + n2)), 0>(src, 0, dst, 0, tw, shm);
}

template <int NL>
static int v2_launch(swirl_cuda_dev *d, const uint32_t *in, size_t in_stride, uint32_t in_len, unsigned cols,
                     uint32_t *scratch, uint32_t *out, size_t out_stride) {
    constexpr int n1 = v2_split<NL>::n1, n2 = v2_split<NL>::n2, n3 = v2_split<NL>::n3;
    const uint32_t *tw = d->d_twiddles;
    k_v2_pass1<NL><<<dim3(1u << (NL - n1 - 5), cols), V2_G << (n1 / 2), 0, d->stream>>>(in, in_stride, in_len, scratch, tw);
    CU_LAUNCHED("k_v2_pass1");
    k_v2_pass2<NL><<<dim3(1u << (n1 + n3 - 5), cols), V2_G << (n2 / 2), 0, d->stream>>>(scratch, tw);
    CU_LAUNCHED("k_v2_pass2");
    k_v2_pass3<NL><<<dim3(1u << (n1 + n2 - 5), cols), V2_G << (n3 / 2), 0, d->stream>>>(scratch, out, out_stride, tw);
    CU_LAUNCHED("k_v2_pass3");
    return SWIRL_OK;
}

/* out column c (2^n values) = DFT of in column c zero-padded from in_len <= 2^n values. in and
 * out may be the same buffer (pass 1 reads in, pass 3 writes out). */
extern "C" int swirl_cuda_ntt3(swirl_cuda_dev *d, const uint32_t *in, size_t in_stride, size_t in_len, unsigned n,
                               size_t ncols, uint32_t *out, size_t out_stride) {
    if (!d || !swirl_cuda_ntt3_usable(n, ncols) || n > d->max_log_n || (ncols && (!in || !out))) return SWIRL_ERR_INVALID_ARG;
    if (!ncols) return SWIRL_OK;
    const size_t N = (size_t)1 << n;
    if (in_len > N) return SWIRL_ERR_INVALID_ARG;
    uint32_t *scratch = NULL;
    int rc = scratch_for(d, N * ncols * sizeof(uint32_t), &scratch);
    if (rc) return rc;
    const uint32_t len = (uint32_t)in_len;
    const unsigned c = (unsigned)ncols;
    switch (n) {
    case 15: return v2_launch<15>(d, in, in_stride, len, c, scratch, out, out_stride);
    case 16: return v2_launch<16>(d, in, in_stride, len, c, scratch, out, out_stride);
    case 17: return v2_launch<17>(d, in, in_stride, len, c, scratch, out, out_stride);
    case 18: return v2_launch<18>(d, in, in_stride, len, c, scratch, out, out_stride);
    case 19: return v2_launch<19>(d, in, in_stride, len, c, scratch, out, out_stride);
    case 20: return v2_launch<20>(d, in, in_stride, len, c, scratch, out, out_stride);
    case 21: return v2_launch<21>(d, in, in_stride, len, c, scratch, out, out_stride);
    case 22: return v2_launch<22>(d, in, in_stride, len, c, scratch, out, out_stride);
    case 23: return v2_launch<23>(d, in, in_stride, len, c, scratch, out, out_stride);
    case 24: return v2_launch<24>(d, in, in_stride, len, c, scratch, out, out_stride);
    default: return SWIRL_ERR_INVALID_ARG;
    }
}
