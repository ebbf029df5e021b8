/* ntt3.cu — natural-order DFT of 2^n points (15 <= n <= 24) in three passes, no bit reversal
 * pass and no zero-padding pass (the RS encoding reads only the message). Register radix-16
 * short DFTs, one shared-memory exchange per pass, compile-time strides per n (H200, RS
 * 2^21 x 42 -> 2^22: 1.21 ms). The v2_ prefix of the names is historical (the first version's
 * figures are in docs/PERFORMANCE.md).
 *
 * Four-step decomposition, applied twice: N = N1 N2, N2 = N2a N3 (N1 = 2^n1, N2a = 2^n2,
 * N3 = 2^n3; n1 = ceil(n/3), n2 = ceil((n - n1)/2), n3 = the rest, each 5 .. 8: see v2_split),
 * j = j1 N2 + j2 N3 + j3, k = k1 + N1 (k2 + N2a k3):
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
 * 32-bit left operand. All in-column offsets are 32-bit (N <= 2^24); column bases are size_t. */
#include "backend/cuda/bb.cuh"
#include "backend/cuda/cuda_internal.h"
#include "field/babybear.h"

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

/* Every pass is a short DFT of 2^5 (one 32-lane group) .. 2^8 points (registers and shared
 * memory: v2_split), so 15 <= n <= 24; columns are gridDim.y. */
extern "C" int swirl_cuda_ntt3_usable(unsigned n, size_t ncols) { return n >= 15 && n <= 24 && ncols <= 65535; }

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

/* The split of n: n1 = ceil(n/3), n2 = ceil((n - n1)/2), n3 = the rest. */
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
