/* zc.cu — round 0 of the batch constraint sumcheck on the device (zc_cuda.c drives it).
 *
 * A thread per (chunk x, point pt) of a pass (T threads, passes in stream order over the
 * nx * E pairs). Each COL instruction extends its column's chunk to the point on the fly: the
 * 2^l values of the chunk read straight from the trace's device columns (rotation and the
 * repetition of short traces as index arithmetic, selectors from the row index) times the
 * extension weights W (times 2^64, so one Montgomery product leaves value * 2^32: Montgomery
 * form). The other instructions run on liveness-packed slots (slot s of thread t at
 * slots[s * T + t]: coalesced), so the scratch is nslots x T words, not nodes x threads. A
 * constraint's value is added into the lambda-batched sum (CACC) right after it is computed, so
 * it does not hold a slot to the end. The epilogue forms the LogUp sums in canonical EF, weights
 * them by eqx[x] and adds them with 64-bit atomics into per-point sums (canonical values < 2^31,
 * at most 2^32 of them: no wrap), which the host reduces mod p. Field sums are exact, so the
 * result equals the CPU ops' bit for bit (tests/gpu/test_zc_ops.c).
 *
 * The multilinear rounds: k_zc_tables (a thread per lifted column and chunk: the r_0 table
 * entry), k_zc_mle (a block per point (y, X): the level program in EF on interpolated columns,
 * a level's instructions shared by the block's threads, slots in shared memory when they fit;
 * the bracket, eq-weighted sums by 64-bit atomics), k_zc_fold (between two table buffers: an
 * in-place fold would race), k_zc_first (the openings' gather). */
#include "backend/cuda/cuda_internal.h"
#include "backend/cuda/cuda_zc.h"
#include "backend/cuda/ef.cuh"
#include "iop/zerocheck.h"

static __device__ __forceinline__ uint32_t zc_col_value(const swirl_cuda_zc_col &c, uint32_t i) {
    const uint32_t hm = (uint32_t)((1ull << c.log_h) - 1), r = (i + c.rot) & hm;
    switch (c.kind) {
    case SWIRL_CUDA_ZC_DATA: return ((const uint32_t *)c.base)[r];
    case SWIRL_CUDA_ZC_FIRST: return r == 0;
    case SWIRL_CUDA_ZC_LAST: return r == hm;
    default: return r != hm;
    }
}

/* the column's chunk x extended to point pt, Montgomery form */
static __device__ uint32_t zc_extend(const swirl_cuda_zc_r0 &p, uint32_t col, uint32_t x, uint32_t pt) {
    const swirl_cuda_zc_col c = p.cols[col];
    const uint32_t ch = 1u << p.l;
    uint32_t acc = 0;
    for (uint32_t z = 0; z < ch; z++) acc = d_add(acc, d_mont(p.W[(size_t)z * p.E + pt], zc_col_value(c, x * ch + z)));
    return acc;
}

/* canonical EF times a base value in Montgomery form: canonical */
static __device__ __forceinline__ d_ef zc_ef_mul_m(d_ef e, uint32_t vm) {
    d_ef r;
#pragma unroll
    for (int c = 0; c < 4; c++) r.c[c] = d_mont(e.c[c], vm);
    return r;
}

/* The column's chunk x extended to the point (coset c, lane k) of a lane group: lane k of the
 * group's 2^L lanes holds the chunk's row k, an inverse DFT across the lanes (Gentleman-Sande,
 * natural in, bit-reversed out: lane k holds 2^L a_rev(k), a the coefficients), the coset twist
 * (a_m w_E^(c m) / 2^L, times 2^32: Montgomery form from here on), and a forward DFT across the
 * lanes (Cooley-Tukey, bit-reversed in, natural out) leave lane k with f(w_E^c w_ch^k) =
 * f(w_E^(c + k 2^b)). Every lane of the warp runs this together (shuffles over the full mask);
 * the group is the aligned 2^L-lane segment, so partners k ^ s stay inside it. Coset 0 is the
 * chunk itself: the row's value in Montgomery form, no exchange (c is warp-uniform).
 * X (shared memory): the DIF twiddles [st][k] (stage st exchanges with k ^ (2^L >> (st + 1))),
 * the DIT twiddles [L + st][k] (k ^ 2^st), both Montgomery form and R (one) on the lower lanes,
 * then the twists [2L + c][k] (times 2^64). Stages whose twiddles are all one skip the product. */
template <int L>
static __device__ __forceinline__ uint32_t zc_extend_lanes(const swirl_cuda_zc_col &cd, const uint32_t *X, uint32_t x,
                                                           uint32_t k, uint32_t c) {
    constexpr uint32_t ch = 1u << L;
    uint32_t a = zc_col_value(cd, (x << L) + k);
    if (c == 0) return d_to_mont(a);
#pragma unroll
    for (int st = 0; st < L; st++) {
        const uint32_t s = ch >> (st + 1);
        const uint32_t o = __shfl_xor_sync(0xffffffffu, a, s);
        a = d_add(o, (k & s) ? DP - a : a); /* upper: o - a (DP - 0 = DP is fine for d_add), lower: a + o */
        if (s > 1) a = d_mont(a, X[st * ch + k]);
    }
    a = d_mont(a, X[(2 * L + c) * ch + k]);
#pragma unroll
    for (int st = 0; st < L; st++) {
        const uint32_t s = 1u << st;
        const uint32_t m = s > 1 ? d_mont(a, X[(L + st) * ch + k]) : a;
        const uint32_t o = __shfl_xor_sync(0xffffffffu, m, s);
        a = d_add(o, (k & s) ? DP - m : m);
    }
    return a;
}

/* &base[s T] from a 32-bit byte offset (s T4 < 2^32: the launcher checks nslots T): a 32-bit
 * product and one 64-bit add, where 64-bit index arithmetic costs five instructions. */
static __device__ __forceinline__ uint32_t *zc_slot(uint32_t *base, uint32_t s, uint32_t T4) {
    return reinterpret_cast<uint32_t *>(reinterpret_cast<char *>(base) + (s * T4));
}

/* L < 0: a thread per (x, pt = g % E), COL by the weights W. L = 0 .. 5: lane groups of 2^L
 * threads per (chunk, coset), COL by zc_extend_lanes; a warp holds G = 32 / 2^L groups of one
 * coset and consecutive chunks: g = ((xb ncos + c) G + xi) 2^L + k, x = xb G + xi, pt = c + k 2^b.
 * The launcher pads the pairs to whole warps of groups (total = ceil(nx / G) G E); a group past
 * the last chunk computes chunk nx - 1 (its warp needs it in the exchanges) and adds nothing. */
template <int L>
static __global__ void k_zc_round0(swirl_cuda_zc_r0 p, uint64_t g0, uint64_t total, int w_shared) {
    extern __shared__ uint32_t w_sh[];
    if constexpr (L < 0) {
        if (w_shared) {
            for (uint32_t k = threadIdx.x; k < (p.E << p.l); k += blockDim.x) w_sh[k] = p.W[k];
            __syncthreads();
            p.W = w_sh;
        }
    } else {
        for (uint32_t k = threadIdx.x; k < ((2 * L) << L) + p.E; k += blockDim.x) w_sh[k] = p.lanes[k];
        __syncthreads();
    }
    const uint32_t t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= p.T || g0 + t >= total) return; /* lane path: total and g0 are whole warps */
    const uint64_t g = g0 + t;
    uint32_t x, pt, k = 0, c = 0;
    bool live = true;
    if constexpr (L < 0) {
        x = (uint32_t)(g / p.E);
        pt = (uint32_t)(g % p.E);
    } else {
        const uint32_t lb = 31 - __clz(p.E) - L, q = (uint32_t)(g >> L);
        k = (uint32_t)g & ((1u << L) - 1);
        c = (q >> (5 - L)) & ((1u << lb) - 1);
        x = ((q >> (5 - L + lb)) << (5 - L)) | (q & ((1u << (5 - L)) - 1));
        pt = c + (k << lb);
        live = x < p.nx;
        if (!live) x = p.nx - 1;
    }
    /* slot s of this thread at S[s T], addressed by 32-bit byte offsets (zc_slot) */
    uint32_t *S = p.slots + t;
    const uint32_t T = p.T, T4 = 4 * p.T;
    const uint4 *code = reinterpret_cast<const uint4 *>(p.code);
    d_ef C = def_zero(), sn = def_zero(), sd = def_zero();
#define SLOT(s) (*zc_slot(S, (s), T4))
    for (uint32_t i = 0; i < p.ninstr; i++) {
        const uint4 in = code[i];
        uint32_t v;
        if (in.x - SWIRL_ZC_OP_ADD <= SWIRL_ZC_OP_MUL - SWIRL_ZC_OP_ADD) {
            /* ADD, SUB, NEG, MUL without a branch per kind (93% of the nodes): both operands read
             * (NEG carries its operand twice), a - b as a + (p - b) (p - 0 = p is fine for d_add),
             * -b as 0 + (p - b), the product always formed and selected */
            const uint32_t a = SLOT(in.z), b = SLOT(in.w);
            const uint32_t prod = d_mont(a, b);
            const uint32_t sum = d_add(in.x == SWIRL_ZC_OP_NEG ? 0u : a, in.x == SWIRL_ZC_OP_ADD ? b : DP - b);
            v = in.x == SWIRL_ZC_OP_MUL ? prod : sum;
        } else if (in.x == SWIRL_CUDA_ZC_OP_CACC) { /* constraint in.w at slot in.z: C += lambda^in.w value */
            C = def_add(C, zc_ef_mul_m(def_load(p.lp, in.w), SLOT(in.z)));
            continue;
        } else if (in.x == SWIRL_ZC_OP_COL) {
            if constexpr (L < 0) v = zc_extend(p, in.z, x, pt);
            else v = zc_extend_lanes<L>(p.cols[in.z], w_sh, x, k, c);
        } else {
            v = in.z; /* CONST, Montgomery form */
        }
        SLOT(in.y) = v;
    }
#undef SLOT
    if (!live) return;
    for (uint32_t i = 0; i < p.ni; i++) {
        d_ef ew = def_load(p.ew, i);
        sn = def_add(sn, zc_ef_mul_m(ew, S[p.cnt[i] * T]));
        d_ef den = def_load(p.den0, i);
        for (uint32_t q = p.moff[i], o = 0; q < p.moff[i + 1]; q++, o++) den = def_add(den, zc_ef_mul_m(def_load(p.bp, o), S[p.msg[q] * T]));
        sd = def_add(sd, def_mul(ew, den));
    }
    const d_ef ex = def_load(p.eqx, x);
    const d_ef ra = def_mul(ex, zc_ef_mul_m(sn, d_to_mont(p.norm))), rb = def_mul(ex, sd), rc = def_mul(ex, C);
    unsigned long long *a = p.acc + (size_t)pt * 4, *b = p.acc + ((size_t)p.E + pt) * 4, *cc = p.acc + ((size_t)2 * p.E + pt) * 4;
#pragma unroll
    for (int j = 0; j < 4; j++) {
        if (p.ni) { atomicAdd(a + j, (unsigned long long)ra.c[j]); atomicAdd(b + j, (unsigned long long)rb.c[j]); }
        atomicAdd(cc + j, (unsigned long long)rc.c[j]);
    }
}

template <int L>
static int zc_round0_launch(swirl_cuda_dev *dev, const swirl_cuda_zc_r0 *p, uint64_t total, unsigned blocks, size_t smem,
                            int w_shared) {
    for (uint64_t g0 = 0; g0 < total; g0 += p->T) {
        k_zc_round0<L><<<blocks, 256, smem, dev->stream>>>(*p, g0, total, w_shared);
        CU_LAUNCHED("k_zc_round0");
    }
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_round0(swirl_cuda_dev *dev, const swirl_cuda_zc_r0 *p) {
    if (!dev || !p || !p->E || !p->T || p->l > 10 || !p->slots || !p->acc) return SWIRL_ERR_INVALID_ARG;
    if ((p->E & (p->E - 1)) || p->E < (1u << p->l) || p->T % 256) return SWIRL_ERR_INVALID_ARG;
    if ((uint64_t)p->nslots * p->T * 4 > 0xffffffffu) return SWIRL_ERR_INVALID_ARG; /* the kernel's 32-bit slot byte offsets */
    const uint64_t total = swirl_cuda_zc_round0_pairs(p);
    const unsigned blocks = p->T / 256;
    if (swirl_cuda_zc_uses_lanes(p)) {
        const size_t smem = ((((size_t)2 * p->l) << p->l) + p->E) * sizeof(uint32_t);
        if (smem > 48 * 1024) return SWIRL_ERR_INVALID_ARG;
        switch (p->l) {
        case 0: return zc_round0_launch<0>(dev, p, total, blocks, smem, 0);
        case 1: return zc_round0_launch<1>(dev, p, total, blocks, smem, 0);
        case 2: return zc_round0_launch<2>(dev, p, total, blocks, smem, 0);
        case 3: return zc_round0_launch<3>(dev, p, total, blocks, smem, 0);
        case 4: return zc_round0_launch<4>(dev, p, total, blocks, smem, 0);
        default: return zc_round0_launch<5>(dev, p, total, blocks, smem, 0);
        }
    }
    /* the extension weights in shared memory when they fit the default 48 KB */
    const size_t wbytes = ((size_t)p->E << p->l) * sizeof(uint32_t);
    const int w_shared = wbytes <= 48 * 1024;
    return zc_round0_launch<-1>(dev, p, total, blocks, w_shared ? wbytes : 0, w_shared);
}

/* ---- the multilinear rounds ------------------------------------------------------------------- */

/* T[c * stride + x] = sum_z L0[z] * lifted_c[x 2^l + z] for c < ncols, x < nx (EF, canonical). */
static __global__ void k_zc_tables(const swirl_cuda_zc_col *cols, uint32_t ncols, uint32_t nx, uint32_t l, const uint32_t *L0,
                            uint32_t *T, uint32_t stride) {
    const uint64_t g = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= (uint64_t)ncols * nx) return;
    const uint32_t c = (uint32_t)(g / nx), x = (uint32_t)(g % nx), ch = 1u << l;
    const swirl_cuda_zc_col col = cols[c];
    d_ef acc = def_zero();
    for (uint32_t z = 0; z < ch; z++) acc = def_add(acc, def_mul_bb(def_load(L0, z), zc_col_value(col, x * ch + z)));
    def_store(T, (size_t)c * stride + x, acc);
}

/* dst[c][y] = src[c][2y] + r (src[c][2y+1] - src[c][2y]), y < half */
static __global__ void k_zc_fold(const uint32_t *src, uint32_t *dst, uint32_t ncols, uint32_t half, uint32_t stride, d_ef r) {
    const uint64_t g = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= (uint64_t)ncols * half) return;
    const uint32_t c = (uint32_t)(g / half), y = (uint32_t)(g % half);
    const d_ef a = def_load(src, (size_t)c * stride + 2 * y), b = def_load(src, (size_t)c * stride + 2 * y + 1);
    def_store(dst, (size_t)c * stride + y, def_add(a, def_mul(r, def_sub(b, a))));
}

static __device__ __forceinline__ d_ef zc_ld4(const uint4 *p) {
    const uint4 v = *p;
    return d_ef{{v.x, v.y, v.z, v.w}};
}

/* A block per point (y, X = X0 + point % nX): the level program in EF on the columns
 * interpolated at X between T[2y] and T[2y+1]. The instructions of one level are independent
 * (their operands come from earlier levels), so the block's threads share them; after each
 * level the constraints computed in it are added into per-thread partial sums (CACC phase). The
 * slots (4 words each, slot s at S[4 s ..]) are in shared memory when they fit, else in the
 * point's region of the global scratch. The bracket, times eqy[y], is added into acc[X - X0]. */
static __global__ void k_zc_mle(swirl_cuda_zc_mle p, int shared_slots) {
    extern __shared__ uint32_t sm[];
    const uint32_t point = blockIdx.x, tid = threadIdx.x;
    const uint32_t y = point / p.nX, X = p.X0 + point % p.nX;
    uint32_t *S = shared_slots ? sm : p.slots + (size_t)point * p.nslots * 4;
    d_ef *red = reinterpret_cast<d_ef *>(sm + (shared_slots ? (size_t)p.nslots * 4 : 0));
    const uint4 *code = reinterpret_cast<const uint4 *>(p.code);
    d_ef C = def_zero(), sn = def_zero(), sd = def_zero();
    /* a slot is one 16-byte word (S is 16-byte aligned: dynamic shared memory, or the pool's
     * allocation plus a multiple of 16 bytes): one vector access instead of four */
    uint4 *S4 = reinterpret_cast<uint4 *>(S);
#define LOADS(s) zc_ld4(S4 + (s))
    for (uint32_t L = 0; L < p.nlevels; L++) {
        for (uint32_t k = p.lv[L] + tid; k < p.lv[L + 1]; k += blockDim.x) {
            const uint4 in = code[k];
            d_ef v;
            switch (in.x) {
            case SWIRL_ZC_OP_COL: {
                const size_t base = (size_t)p.ucols[in.z] * p.stride + 2 * (size_t)y;
                const d_ef a = def_load(p.T, base), b = def_load(p.T, base + 1);
                v = def_add(a, def_mul_bb(def_sub(b, a), X));
                break;
            }
            case SWIRL_ZC_OP_CONST: v = def_zero(); v.c[0] = d_from_mont(in.z); break;
            case SWIRL_ZC_OP_ADD: v = def_add(LOADS(in.z), LOADS(in.w)); break;
            case SWIRL_ZC_OP_SUB: v = def_sub(LOADS(in.z), LOADS(in.w)); break;
            case SWIRL_ZC_OP_NEG: v = def_sub(def_zero(), LOADS(in.z)); break;
            default: v = def_mul(LOADS(in.z), LOADS(in.w)); break;
            }
            S4[in.y] = make_uint4(v.c[0], v.c[1], v.c[2], v.c[3]);
        }
        __syncthreads();
        for (uint32_t q = p.cacc_off[L] + tid; q < p.cacc_off[L + 1]; q += blockDim.x)
            C = def_add(C, def_mul(def_load(p.lp, p.cacc[2 * q + 1]), LOADS(p.cacc[2 * q])));
        __syncthreads();
    }
    for (uint32_t i = tid; i < p.ni; i += blockDim.x) {
        const d_ef ew = def_load(p.ew, i);
        sn = def_add(sn, def_mul(ew, LOADS(p.cnt[i])));
        d_ef den = def_load(p.den0, i);
        for (uint32_t q = p.moff[i], o = 0; q < p.moff[i + 1]; q++, o++) den = def_add(den, def_mul(def_load(p.bp, o), LOADS(p.msg[q])));
        sd = def_add(sd, def_mul(ew, den));
    }
#undef LOADS
    C = def_block_sum(C, red);
    sn = def_block_sum(sn, red);
    sd = def_block_sum(sd, red);
    if (tid) return;
    /* bracket = cA (norm sn) + cB sd + cC C, with cA = eq#(xi, r0) mu^(2t), cB = eq#(xi, r0)
     * mu^(2t+1), cC = mu^(2N+t) eq(xi_0, r0) */
    const d_ef br = def_add(def_add(def_mul(def_load(p.coef, 0), def_mul_bb(sn, p.norm)), def_mul(def_load(p.coef, 1), sd)),
                            def_mul(def_load(p.coef, 2), C));
    const d_ef r = def_mul(def_load(p.eqy, y), br);
    unsigned long long *acc = p.acc + (size_t)(X - p.X0) * 4;
#pragma unroll
    for (int k = 0; k < 4; k++) atomicAdd(acc + k, (unsigned long long)r.c[k]);
}

/* out[k] = T[cols[k] * stride] (the openings) */
static __global__ void k_zc_first(const uint32_t *T, uint32_t stride, uint32_t n, uint32_t *out) {
    const uint32_t k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k < n) def_store(out, k, def_load(T, (size_t)k * stride));
}

extern "C" int swirl_cuda_zc_tables(swirl_cuda_dev *dev, const swirl_cuda_zc_col *d_cols, size_t ncols, size_t nx,
                                    unsigned l, const uint32_t *d_L0, uint32_t *d_T, size_t stride) {
    if (!dev || l > 10 || ncols * nx > 0xffffffffull * 256) return SWIRL_ERR_INVALID_ARG;
    const uint64_t n = (uint64_t)ncols * nx;
    if (!n) return SWIRL_OK;
    k_zc_tables<<<(unsigned)((n + 255) / 256), 256, 0, dev->stream>>>(d_cols, (uint32_t)ncols, (uint32_t)nx, l, d_L0, d_T,
                                                                        (uint32_t)stride);
    CU_LAUNCHED("k_zc_tables");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_fold(swirl_cuda_dev *dev, const uint32_t *d_src, uint32_t *d_dst, size_t ncols, size_t half,
                                  size_t stride, const uint32_t r[4]) {
    if (!dev) return SWIRL_ERR_INVALID_ARG;
    const uint64_t n = (uint64_t)ncols * half;
    if (!n) return SWIRL_OK;
    d_ef rr = {{r[0], r[1], r[2], r[3]}};
    k_zc_fold<<<(unsigned)((n + 255) / 256), 256, 0, dev->stream>>>(d_src, d_dst, (uint32_t)ncols, (uint32_t)half,
                                                                      (uint32_t)stride, rr);
    CU_LAUNCHED("k_zc_fold");
    return SWIRL_OK;
}

#define ZC_MLE_THREADS 256
extern "C" int swirl_cuda_zc_mle_shared_fits(swirl_cuda_dev *dev, size_t nslots, int *fits) {
    if (!dev || !fits) return SWIRL_ERR_INVALID_ARG;
    int optin = 0;
    CU_TRY(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, dev->device), "shared memory limit");
    *fits = nslots * 16 + ZC_MLE_THREADS * 16 <= (size_t)optin;
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_mle_sums(swirl_cuda_dev *dev, const swirl_cuda_zc_mle *p) {
    if (!dev || !p || !p->nX || !p->nslots) return SWIRL_ERR_INVALID_ARG;
    const uint64_t n = (uint64_t)p->half * p->nX;
    if (!n) return SWIRL_OK;
    if (n > 0x7fffffffu) return SWIRL_ERR_INVALID_ARG;
    int optin = 0;
    CU_TRY(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, dev->device), "shared memory limit");
    const size_t red = ZC_MLE_THREADS * 16, bytes = (size_t)p->nslots * 16 + red;
    const int shared_slots = bytes <= (size_t)optin;
    if (!shared_slots && !p->slots) return SWIRL_ERR_INVALID_ARG; /* the caller sized the global scratch */
    const size_t smem = shared_slots ? bytes : red;
    if (smem > 48 * 1024) CU_TRY(cudaFuncSetAttribute(k_zc_mle, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem), "shared memory size");
    k_zc_mle<<<(unsigned)n, ZC_MLE_THREADS, smem, dev->stream>>>(*p, shared_slots);
    CU_LAUNCHED("k_zc_mle");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_first(swirl_cuda_dev *dev, const uint32_t *d_T, size_t stride, size_t n, uint32_t *d_out) {
    if (!dev) return SWIRL_ERR_INVALID_ARG;
    if (!n) return SWIRL_OK;
    k_zc_first<<<(unsigned)((n + 255) / 256), 256, 0, dev->stream>>>(d_T, (uint32_t)stride, (uint32_t)n, d_out);
    CU_LAUNCHED("k_zc_first");
    return SWIRL_OK;
}
