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
 * result equals the CPU ops' bit for bit (tests/gpu/test_zc_ops.c). That is k_zc_round0, one
 * trace a launch, for the large programs (keccakf's 2 672 slots). Small programs (at most
 * SWIRL_CUDA_ZC_R0M_MAX_SLOTS slots) run all in one launch of k_zc_round0_multi: a warp per
 * (trace, coset, a few steps of chunks) found in a job table, the same instructions on slots in
 * shared memory, its sums over the steps kept per thread and added with one set of atomics per
 * warp. k_zc_r0_tables makes every trace's EF tables in one launch (the eq tables from xi).
 *
 * The multilinear rounds, every trace in one launch per step (threads or blocks placed by a
 * prefix over the traces in descending ñ, found by bisection): k_zc_tables_all (a thread per
 * lifted column and chunk: the r_0 table entry), k_zc_eqy (a round's eq tables over y for every
 * ñ), k_zc_mle_batch (a block per point (y, X) of every trace whose slots fit shared memory: the
 * level program in EF on interpolated columns, a level's instructions shared by the block's
 * threads; the bracket, eq-weighted sums by 64-bit atomics), k_zc_mle (one trace, the same body:
 * the programs whose slots need global scratch), k_zc_fold_all (between two table buffers: an
 * in-place fold would race), k_zc_first_all (the openings' gather). */
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

/* column c's chunk x extended to point pt by the weights W (2^l x E, times 2^64): Montgomery form */
static __device__ __forceinline__ uint32_t zc_extend_w(const swirl_cuda_zc_col &c, const uint32_t *W, uint32_t E, uint32_t l,
                                                       uint32_t x, uint32_t pt) {
    const uint32_t ch = 1u << l;
    uint32_t acc = 0;
    for (uint32_t z = 0; z < ch; z++) acc = d_add(acc, d_mont(W[(size_t)z * E + pt], zc_col_value(c, x * ch + z)));
    return acc;
}

/* the column's chunk x extended to point pt, Montgomery form (zc_extend_w's sum, written out
 * so that k_zc_round0's code stays as it was measured) */
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

/* The tables a job's kernel reads exist for its counts: the program and its slots, the chunk
 * weights (eqx, and W off the lane path), lambda's powers for its constraints, the interaction
 * tables for its interactions; lifted row indices x 2^l + z stay below 2^32. */
static int zc_r0_tables_ok(const swirl_cuda_zc_r0 *p) {
    if (p->ninstr && (!p->code || !p->nslots)) return 0;
    if (!p->eqx || !p->nx || ((uint64_t)p->nx << p->l) > 0xffffffffull) return 0;
    if (!swirl_cuda_zc_uses_lanes(p) && !p->W) return 0;
    if (p->ncons && !p->lp) return 0;
    return !p->ni || (p->cnt && p->moff && p->msg && p->den0 && p->ew && p->bp);
}

extern "C" int swirl_cuda_zc_round0(swirl_cuda_dev *dev, const swirl_cuda_zc_r0 *p) {
    if (!dev || !p || !p->E || !p->T || p->l > 10 || !p->slots || !p->acc) return SWIRL_ERR_INVALID_ARG;
    if (!zc_r0_tables_ok(p)) return SWIRL_ERR_INVALID_ARG;
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

/* ---- round 0 of many traces in one launch ----------------------------------------------------- */

/* Round 0's EF tables, a thread per entry g < total of the traces' concatenated regions
 * (swirl_cuda_zc_eft): trace i is the one with first_i <= g < first_(i+1) (a bisection over the
 * descriptors; every region has at least one entry, so the firsts increase strictly). A head
 * entry is copied; eqx entry x is the product of its ntil factors, bit j of x picking xi[j] or
 * 1 - xi[j], multiplied in swirl_eq_table's order (field products are exact in any order). */
static __global__ void k_zc_r0_tables(const swirl_cuda_zc_eft *descs, uint32_t n, uint64_t total, const uint32_t *heads,
                                      const uint32_t *xi) {
    const uint64_t g = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= total) return;
    uint32_t lo = 0, hi = n; /* descs[lo].first <= g < descs[hi].first (descs[n]: total) */
    while (hi - lo > 1) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if (descs[mid].first <= g) lo = mid;
        else hi = mid;
    }
    const swirl_cuda_zc_eft d = descs[lo];
    const uint64_t e = g - d.first;
    if (e < d.head) {
        def_store(d.dst, e, def_load(heads, d.src + e));
        return;
    }
    const uint32_t x = (uint32_t)(e - d.head); /* < 2^ntil: g is below the next region */
    d_ef v = def_one();
    for (uint32_t j = 0; j < d.ntil; j++) {
        const d_ef f = def_load(xi, j);
        v = def_mul(v, (x >> j) & 1 ? f : def_sub(def_one(), f));
    }
    def_store(d.dst, d.head + (size_t)x, v);
}

/* Threads per block of the multi-job kernel; thread tid's slot s is sm[s ZC_R0M_THREADS + tid]
 * (a warp's 32 threads in 32 banks). */
#define ZC_R0M_THREADS 256

/* The job holding warp w: the last j with jobs[j].w0 <= w (jobs[0].w0 = 0, w0 increasing, w <
 * nwarps), by bisection: log2(njobs) loads of one word for the whole warp. */
static __device__ __forceinline__ uint32_t zc_job_of(const swirl_cuda_zc_r0job *jobs, uint32_t n, uint32_t w) {
    uint32_t lo = 0, hi = n; /* jobs[lo].w0 <= w < jobs[hi].w0 (jobs[n]: nwarps) */
    while (hi - lo > 1) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if (jobs[mid].w0 <= w) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* The per-thread sums of the multi-job kernel, after its slots: A, B, C, 4 words each. */
#define ZC_R0M_ACC 12

/* a[j ZC_R0M_THREADS] += v.c[j]: one of a thread's sums in shared memory (kept there, not in
 * registers, across its steps) */
static __device__ __forceinline__ void zc_acc_add(uint32_t *a, d_ef v) {
#pragma unroll
    for (int j = 0; j < 4; j++) a[j * ZC_R0M_THREADS] = d_add(a[j * ZC_R0M_THREADS], v.c[j]);
}

/* v plus the value of lane ^ o (the full warp takes part) */
static __device__ __forceinline__ d_ef zc_shfl_add(d_ef v, uint32_t o) {
#pragma unroll
    for (int i = 0; i < 4; i++) v.c[i] = d_add(v.c[i], __shfl_xor_sync(0xffffffffu, v.c[i], o));
    return v;
}

/* A warp per (job, coset c, steps [s0, s1)) (cuda_zc.h: swirl_cuda_zc_r0m; lbc = log2 of the
 * cosets). L = 0 .. 5, the lane path: lane = xi 2^L + k (group xi, lane k of the group), step st
 * is chunks st G + xi (G = 32 / 2^L), the point c + k 2^lbc, COL by zc_extend_lanes with the
 * tables in shared memory; a group past the last chunk computes chunk nx - 1 (the exchanges need
 * it) and adds nothing. L < 0: step st is chunk st, the point 32 c + lane, COL by the weights.
 * Per step the thread runs the job's program on its slots in shared memory (the same
 * branch-light dispatch as k_zc_round0) and adds the step's eq-weighted sums into its sums in
 * shared memory after the slots (A without norm, which multiplies the total once; registers
 * would cost occupancy). After the last step the G lanes of one point are summed by shuffles and
 * group 0 adds them into the job's acc: one set of atomics per warp and point. Every branch the
 * shuffles sit under is warp-uniform (job, coset, steps, op). Launch bounds of 4 blocks an SM cap
 * it at 64 registers (unbounded it takes 72-80 and 3 blocks fit; the few spills this costs are
 * per step, not per instruction). */
template <int L>
static __global__ void __launch_bounds__(ZC_R0M_THREADS, 4)
    k_zc_round0_multi(swirl_cuda_zc_r0m p, uint32_t lbc, int w_shared) {
    extern __shared__ uint32_t sm[];
    uint32_t *X = sm + (size_t)(p.nsl + ZC_R0M_ACC) * ZC_R0M_THREADS; /* lane tables, or W when w_shared */
    const uint32_t *W = p.W;
    if constexpr (L < 0) {
        if (w_shared) {
            for (uint32_t k = threadIdx.x; k < (p.E << p.l); k += ZC_R0M_THREADS) X[k] = p.W[k];
            W = X;
        }
    } else {
        for (uint32_t k = threadIdx.x; k < ((2 * L) << L) + p.E; k += ZC_R0M_THREADS) X[k] = p.lanes[k];
    }
    __syncthreads();
    const uint32_t lane = threadIdx.x & 31, w = blockIdx.x * (ZC_R0M_THREADS / 32) + (threadIdx.x >> 5);
    if (w >= p.nwarps) return; /* whole warps, after the block's only barrier */
    const swirl_cuda_zc_r0job *J = p.jobs + zc_job_of(p.jobs, p.njobs, w);
    const uint32_t q = w - J->w0, c = q & ((1u << lbc) - 1), s0 = (q >> lbc) * p.K;
    const uint32_t s1 = min(s0 + p.K, J->steps); /* s0 < steps: the host gave the job ceil(steps / K) warps per coset */
    uint32_t k = 0, xi = 0, pt;
    if constexpr (L < 0) {
        pt = (c << 5) | lane;
    } else {
        k = lane & ((1u << L) - 1);
        xi = lane >> L;
        pt = c + (k << lbc);
    }
    uint32_t *S = sm + threadIdx.x;
    const uint4 *code = reinterpret_cast<const uint4 *>(J->code);
    const uint32_t ninstr = J->ninstr, nx = J->nx, ni = J->ni;
    const uint32_t *ef = J->ef;
    uint32_t *sums = S + p.nsl * ZC_R0M_THREADS; /* the thread's sums A, B, C (4 words each, stride ZC_R0M_THREADS) */
    for (uint32_t j = 0; j < ZC_R0M_ACC; j++) sums[j * ZC_R0M_THREADS] = 0;
#define SLOT(s) S[(s) * ZC_R0M_THREADS]
    for (uint32_t st = s0; st < s1; st++) {
        uint32_t x;
        if constexpr (L < 0) x = st;
        else x = (st << (5 - L)) | xi;
        const bool live = x < nx;
        if (!live) x = nx - 1;
        d_ef C = def_zero();
        for (uint32_t i = 0; i < ninstr; i++) {
            const uint4 in = code[i];
            uint32_t v;
            if (in.x - SWIRL_ZC_OP_ADD <= SWIRL_ZC_OP_MUL - SWIRL_ZC_OP_ADD) { /* as in k_zc_round0 */
                const uint32_t a = SLOT(in.z), b = SLOT(in.w);
                const uint32_t prod = d_mont(a, b);
                const uint32_t sum = d_add(in.x == SWIRL_ZC_OP_NEG ? 0u : a, in.x == SWIRL_ZC_OP_ADD ? b : DP - b);
                v = in.x == SWIRL_ZC_OP_MUL ? prod : sum;
            } else if (in.x == SWIRL_CUDA_ZC_OP_CACC) { /* lp = ef[0 ..] */
                C = def_add(C, zc_ef_mul_m(def_load(ef, in.w), SLOT(in.z)));
                continue;
            } else if (in.x == SWIRL_ZC_OP_COL) {
                if constexpr (L < 0) v = zc_extend_w(J->cols[in.z], W, p.E, p.l, x, pt);
                else v = zc_extend_lanes<L>(J->cols[in.z], X, x, k, c);
            } else {
                v = in.z; /* CONST, Montgomery form */
            }
            SLOT(in.y) = v;
        }
        if (!live) continue;
        const d_ef ex = def_load(ef + J->o_eqx, x);
        zc_acc_add(sums + 8 * ZC_R0M_THREADS, def_mul(ex, C));
        if (!ni) continue;
        const uint32_t *cnt = J->tabs, *moff = cnt + ni, *msg = moff + ni + 1;
        const uint32_t *bp = ef + J->o_bp, *den0 = ef + J->o_den0, *ew = ef + J->o_ew;
        d_ef sn = def_zero(), sd = def_zero();
        for (uint32_t i = 0; i < ni; i++) {
            const d_ef e = def_load(ew, i);
            sn = def_add(sn, zc_ef_mul_m(e, SLOT(cnt[i])));
            d_ef den = def_load(den0, i);
            for (uint32_t m = moff[i], o = 0; m < moff[i + 1]; m++, o++)
                den = def_add(den, zc_ef_mul_m(def_load(bp, o), SLOT(msg[m])));
            sd = def_add(sd, def_mul(e, den));
        }
        zc_acc_add(sums, def_mul(ex, sn));
        zc_acc_add(sums + 4 * ZC_R0M_THREADS, def_mul(ex, sd));
    }
#undef SLOT
    d_ef sa, sb, sc;
#pragma unroll
    for (int j = 0; j < 4; j++) {
        sa.c[j] = sums[j * ZC_R0M_THREADS];
        sb.c[j] = sums[(4 + j) * ZC_R0M_THREADS];
        sc.c[j] = sums[(8 + j) * ZC_R0M_THREADS];
    }
    sa = zc_ef_mul_m(sa, d_to_mont(J->norm));
    if constexpr (L >= 0) {
#pragma unroll
        for (uint32_t o = 1u << L; o < 32; o <<= 1) {
            sa = zc_shfl_add(sa, o);
            sb = zc_shfl_add(sb, o);
            sc = zc_shfl_add(sc, o);
        }
    }
    if (xi) return; /* group 0 holds its point's sum */
    unsigned long long *a = J->acc + (size_t)pt * 4, *b = a + (size_t)p.E * 4, *cc = b + (size_t)p.E * 4;
#pragma unroll
    for (int j = 0; j < 4; j++) {
        if (ni) { atomicAdd(a + j, (unsigned long long)sa.c[j]); atomicAdd(b + j, (unsigned long long)sb.c[j]); }
        atomicAdd(cc + j, (unsigned long long)sc.c[j]);
    }
}

/* Raise a kernel's dynamic shared memory limit to at least bytes (never lower it: another
 * workspace's launches may rely on a larger one); nothing to do within the default 48 KB. */
static int zc_reserve(const void *kernel, size_t bytes, const char *what) {
    if (bytes <= 48 * 1024) return SWIRL_OK;
    cudaFuncAttributes a;
    CU_TRY(cudaFuncGetAttributes(&a, kernel), what);
    if ((size_t)a.maxDynamicSharedSizeBytes >= bytes) return SWIRL_OK;
    CU_TRY(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)bytes), what);
    return SWIRL_OK;
}

template <int L>
static int zc_round0_multi_launch(swirl_cuda_dev *dev, const swirl_cuda_zc_r0m *p, uint32_t lbc, size_t smem,
                                  int w_shared) {
    int rc = zc_reserve((const void *)k_zc_round0_multi<L>, smem, "k_zc_round0_multi shared memory size");
    if (rc) return rc;
    const unsigned wpb = ZC_R0M_THREADS / 32, blocks = (p->nwarps + wpb - 1) / wpb;
    k_zc_round0_multi<L><<<blocks, ZC_R0M_THREADS, smem, dev->stream>>>(*p, lbc, w_shared);
    CU_LAUNCHED("k_zc_round0_multi");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_round0_multi(swirl_cuda_dev *dev, const swirl_cuda_zc_r0m *p) {
    if (!dev || !p || !p->jobs || !p->njobs || !p->nwarps || !p->K || !p->nsl || p->l > 10) return SWIRL_ERR_INVALID_ARG;
    if (p->nsl > SWIRL_CUDA_ZC_R0M_MAX_SLOTS || p->nwarps > (1u << 26)) return SWIRL_ERR_INVALID_ARG; /* 32-bit thread ids */
    if (!p->E || (p->E & (p->E - 1)) || p->E < (1u << p->l)) return SWIRL_ERR_INVALID_ARG;
    const uint32_t ncos = swirl_cuda_zc_r0m_cosets(p);
    if (!ncos || (!swirl_cuda_zc_r0m_lanes(p) && !p->W)) return SWIRL_ERR_INVALID_ARG; /* the weights path needs E >= 32 */
    uint32_t lbc = 0;
    while ((2u << lbc) <= ncos) lbc++;
    int optin = 0;
    CU_TRY(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, dev->device), "shared memory limit");
    const size_t slots = (size_t)(p->nsl + ZC_R0M_ACC) * ZC_R0M_THREADS * sizeof(uint32_t);
    if (swirl_cuda_zc_r0m_lanes(p)) {
        const size_t smem = slots + ((((size_t)2 * p->l) << p->l) + p->E) * sizeof(uint32_t);
        if (smem > (size_t)optin) return SWIRL_ERR_INVALID_ARG;
        switch (p->l) {
        case 0: return zc_round0_multi_launch<0>(dev, p, lbc, smem, 0);
        case 1: return zc_round0_multi_launch<1>(dev, p, lbc, smem, 0);
        case 2: return zc_round0_multi_launch<2>(dev, p, lbc, smem, 0);
        case 3: return zc_round0_multi_launch<3>(dev, p, lbc, smem, 0);
        case 4: return zc_round0_multi_launch<4>(dev, p, lbc, smem, 0);
        default: return zc_round0_multi_launch<5>(dev, p, lbc, smem, 0);
        }
    }
    /* the extension weights in shared memory when they fit the default 48 KB beside the slots */
    const size_t wbytes = ((size_t)p->E << p->l) * sizeof(uint32_t);
    const int w_shared = slots + wbytes <= 48 * 1024;
    return zc_round0_multi_launch<-1>(dev, p, lbc, slots + (w_shared ? wbytes : 0), w_shared);
}

extern "C" int swirl_cuda_zc_r0_tables(swirl_cuda_dev *dev, const swirl_cuda_zc_eft *d_descs, size_t n, uint64_t total,
                                       const uint32_t *d_heads, const uint32_t *d_xi) {
    if (!dev || !d_descs || !n || n > 0xffffffffu || (total + 255) / 256 > 0x7fffffffu) return SWIRL_ERR_INVALID_ARG;
    if (!total) return SWIRL_OK;
    k_zc_r0_tables<<<(unsigned)((total + 255) / 256), 256, 0, dev->stream>>>(d_descs, (uint32_t)n, total, d_heads, d_xi);
    CU_LAUNCHED("k_zc_r0_tables");
    return SWIRL_OK;
}

/* ---- the multilinear rounds ------------------------------------------------------------------- */

/* The i in [0, n) with (pre[i] >> j) <= g < (pre[i + 1] >> j). Contract (the callers' prefixes):
 * pre[0] = 0, g < pre[n] >> j, and every range [pre[i] >> j, pre[i+1] >> j) of i < n is what the
 * launch gives trace i (empty ranges are never returned: the bisection keeps pre[lo] <= g <
 * pre[hi]). A per-thread bisection over a few hundred cached words: log2(n) loads. */
static __device__ __forceinline__ uint32_t zc_find(const uint64_t *pre, uint32_t n, uint32_t j, uint64_t g) {
    uint32_t lo = 0, hi = n;
    while (hi - lo > 1) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if ((pre[mid] >> j) <= g) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* Every trace's r_0 tables, a thread per (trace i, column c, chunk x) at g = pre[i] + c 2^ñ + x:
 * T[0][c 2^ñ + x] = sum_z L0[z] lifted_c[x 2^l + z] (EF, canonical). */
static __global__ void k_zc_tables_all(const swirl_cuda_zc_tab *tabs, const uint64_t *pre, uint32_t n, uint64_t total,
                                       uint32_t l, const uint32_t *L0) {
    const uint64_t g = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= total) return;
    const uint32_t i = zc_find(pre, n, 0, g);
    const swirl_cuda_zc_tab &t = tabs[i];
    const uint64_t off = g - pre[i];
    const uint32_t nt = t.ntil, c = (uint32_t)(off >> nt), x = (uint32_t)off & ((1u << nt) - 1), ch = 1u << l;
    const swirl_cuda_zc_col col = t.cols[c];
    d_ef acc = def_zero();
    for (uint32_t z = 0; z < ch; z++) acc = def_add(acc, def_mul_bb(def_load(L0, z), zc_col_value(col, x * ch + z)));
    def_store(t.T[0], ((size_t)c << nt) + x, acc);
}

/* Round j's fold of every active trace (the first n of the order, ñ >= j), a thread per (trace,
 * column c, y < 2^(ñ-j)) at g = (pre[i] >> j) + c 2^(ñ-j) + y: dst[c][y] = src[c][2y] + r
 * (src[c][2y+1] - src[c][2y]), src = T[(j-1) & 1], dst = T[j & 1] (two buffers: an in-place fold
 * would race), column c at c 2^ñ. */
static __global__ void k_zc_fold_all(const swirl_cuda_zc_tab *tabs, const uint64_t *pre, uint32_t n, uint64_t total,
                                     uint32_t j, d_ef r) {
    const uint64_t g = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= total) return;
    const uint32_t i = zc_find(pre, n, j, g);
    const swirl_cuda_zc_tab &t = tabs[i];
    const uint64_t off = g - (pre[i] >> j);
    const uint32_t nt = t.ntil, h = nt - j, c = (uint32_t)(off >> h), y = (uint32_t)off & ((1u << h) - 1);
    const uint32_t *src = t.T[(j - 1) & 1] + 4 * ((size_t)c << nt);
    const d_ef a = def_load(src, 2 * (size_t)y), b = def_load(src, 2 * (size_t)y + 1);
    def_store(t.T[j & 1] + 4 * ((size_t)c << nt), y, def_add(a, def_mul(r, def_sub(b, a))));
}

/* The openings, a thread per (trace i, column c < sel) at g = opre[i] + c: out[out_i + c] =
 * T[ñ & 1][c 2^ñ] (after the last fold: a trace folds once in each round 1 .. ñ). */
static __global__ void k_zc_first_all(const swirl_cuda_zc_tab *tabs, const uint64_t *opre, uint32_t n, uint64_t total,
                                      uint32_t *out) {
    const uint64_t g = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= total) return;
    const uint32_t i = zc_find(opre, n, 0, g);
    const swirl_cuda_zc_tab &t = tabs[i];
    const uint64_t c = g - opre[i];
    def_store(out, (size_t)t.out + c, def_load(t.T[t.ntil & 1], (size_t)c << t.ntil));
}

/* Round j's eq tables, a thread per entry g < 2^(mtop+1) - 1: table m (ñ = j + m) at 2^m - 1,
 * out[2^m - 1 + y] = prod_{i<m} (y_i ? x_i : 1 - x_i), x = xi + j: swirl_eq_table(xi_full + l + j,
 * m) entry y (bit i of y is variable i; field products are exact, so the order of the factors
 * never changes the value). */
static __global__ void k_zc_eqy(const uint32_t *xi, uint32_t j, uint32_t count, uint32_t *out) {
    const uint32_t g = blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= count) return;
    const uint32_t m = 31 - __clz(g + 1), y = g + 1 - (1u << m);
    d_ef v = def_one();
    for (uint32_t i = 0; i < m; i++) {
        const d_ef x = def_load(xi, j + i);
        v = def_mul(v, (y >> i) & 1 ? x : def_sub(def_one(), x));
    }
    def_store(out, g, v);
}

static __device__ __forceinline__ d_ef zc_ld4(const uint4 *p) {
    const uint4 v = *p;
    return d_ef{{v.x, v.y, v.z, v.w}};
}

/* One level-program instruction of point (y, X): COL interpolates the column between T[2y] and
 * T[2y+1] at X, the others combine slots (slot s at S[s st], 16-byte words). */
static __device__ __forceinline__ d_ef zc_mle_instr(const swirl_cuda_zc_mle &p, const uint32_t *T, uint4 in, uint32_t y,
                                                    uint32_t X, const uint4 *S, uint32_t st) {
#define LOADS(s) zc_ld4(S + (size_t)(s) * st)
    d_ef v;
    switch (in.x) {
    case SWIRL_ZC_OP_COL: {
        const size_t base = (size_t)p.ucols[in.z] * p.stride + 2 * (size_t)y;
        const d_ef a = def_load(T, base), b = def_load(T, base + 1);
        v = def_add(a, def_mul_bb(def_sub(b, a), X));
        break;
    }
    case SWIRL_ZC_OP_CONST: v = def_zero(); v.c[0] = d_from_mont(in.z); break;
    case SWIRL_ZC_OP_ADD: v = def_add(LOADS(in.z), LOADS(in.w)); break;
    case SWIRL_ZC_OP_SUB: v = def_sub(LOADS(in.z), LOADS(in.w)); break;
    case SWIRL_ZC_OP_NEG: v = def_sub(def_zero(), LOADS(in.z)); break;
    default: v = def_mul(LOADS(in.z), LOADS(in.w)); break;
    }
#undef LOADS
    return v;
}

/* Interaction i's terms of the bracket: sn += ew_i count_i, sd += ew_i (den0_i + sum_q beta^q
 * msg_q) (slots as in zc_mle_instr). */
static __device__ __forceinline__ void zc_mle_interaction(const swirl_cuda_zc_mle &p, uint32_t i, const uint4 *S, uint32_t st,
                                                          d_ef &sn, d_ef &sd) {
    const d_ef ew = def_load(p.ew, i);
    sn = def_add(sn, def_mul(ew, zc_ld4(S + (size_t)p.cnt[i] * st)));
    d_ef den = def_load(p.den0, i);
    for (uint32_t q = p.moff[i], o = 0; q < p.moff[i + 1]; q++, o++)
        den = def_add(den, def_mul(def_load(p.bp, o), zc_ld4(S + (size_t)p.msg[q] * st)));
    sd = def_add(sd, def_mul(ew, den));
}

/* bracket = cA (norm sn) + cB sd + cC C, with cA = eq#(xi, r0) mu^(2t), cB = eq#(xi, r0)
 * mu^(2t+1), cC = mu^(2N+t) eq(xi_0, r0) */
static __device__ __forceinline__ d_ef zc_mle_bracket(const swirl_cuda_zc_mle &p, d_ef C, d_ef sn, d_ef sd) {
    return def_add(def_add(def_mul(def_load(p.coef, 0), def_mul_bb(sn, p.norm)), def_mul(def_load(p.coef, 1), sd)),
                   def_mul(def_load(p.coef, 2), C));
}

/* One point (y, X) of job p, run by the whole block (it synchronises the block): the level
 * program in EF on the columns interpolated at X between T[2y] and T[2y+1]. The instructions of
 * one level are independent (their operands come from earlier levels), so the block's threads
 * share them; after each level the constraints computed in it are added into per-thread partial
 * sums (CACC phase). S: the point's slots (4 words each, slot s at S[4 s ..], 16-byte aligned);
 * red: blockDim.x EF of shared scratch. Thread 0 adds eqy[y] times the bracket into
 * acc[(X - X0) 4 ..]. */
static __device__ __forceinline__ void zc_mle_point(const swirl_cuda_zc_mle &p, uint32_t y, uint32_t X, uint32_t *S,
                                                    d_ef *red) {
    const uint32_t tid = threadIdx.x;
    const uint4 *code = reinterpret_cast<const uint4 *>(p.code);
    d_ef C = def_zero(), sn = def_zero(), sd = def_zero();
    /* a slot is one 16-byte word: one vector access instead of four */
    uint4 *S4 = reinterpret_cast<uint4 *>(S);
#define LOADS(s) zc_ld4(S4 + (s))
    for (uint32_t L = 0; L < p.nlevels; L++) {
        for (uint32_t k = p.lv[L] + tid; k < p.lv[L + 1]; k += blockDim.x) {
            const uint4 in = code[k];
            const d_ef v = zc_mle_instr(p, p.T, in, y, X, S4, 1);
            S4[in.y] = make_uint4(v.c[0], v.c[1], v.c[2], v.c[3]);
        }
        __syncthreads();
        for (uint32_t q = p.cacc_off[L] + tid; q < p.cacc_off[L + 1]; q += blockDim.x)
            C = def_add(C, def_mul(def_load(p.lp, p.cacc[2 * q + 1]), LOADS(p.cacc[2 * q])));
        __syncthreads();
    }
    for (uint32_t i = tid; i < p.ni; i += blockDim.x) zc_mle_interaction(p, i, S4, 1, sn, sd);
#undef LOADS
    C = def_block_sum(C, red);
    sn = def_block_sum(sn, red);
    sd = def_block_sum(sd, red);
    if (tid) return;
    const d_ef r = def_mul(def_load(p.eqy, y), zc_mle_bracket(p, C, sn, sd));
    unsigned long long *acc = p.acc + (size_t)(X - p.X0) * 4;
#pragma unroll
    for (int k = 0; k < 4; k++) atomicAdd(acc + k, (unsigned long long)r.c[k]);
}

/* One trace's points, a block per point (y, X = X0 + point % nX). The slots are in shared memory
 * when they fit, else in the point's region of the global scratch (S is 16-byte aligned: dynamic
 * shared memory, or the pool's allocation plus a multiple of 16 bytes). */
static __global__ void k_zc_mle(swirl_cuda_zc_mle p, int shared_slots) {
    extern __shared__ uint32_t sm[];
    const uint32_t point = blockIdx.x;
    const uint32_t y = point / p.nX, X = p.X0 + point % p.nX;
    uint32_t *S = shared_slots ? sm : p.slots + (size_t)point * p.nslots * 4;
    d_ef *red = reinterpret_cast<d_ef *>(sm + (shared_slots ? (size_t)p.nslots * 4 : 0));
    zc_mle_point(p, y, X, S, red);
}

/* Many traces' points in one launch, slots in shared memory. Round j >= 1: block b is point
 * (q = b / nX, X = X0 + b % nX) of the concatenated y ranges, trace i the one with (pre[i] >> j)
 * <= q < (pre[i+1] >> j), y = q - (pre[i] >> j); its tables T[(j-1) & 1], its eq table at
 * 2^(ñ-j) - 1 of eqy (k_zc_eqy), its sum into acc[(X - X0) 4]. Brackets (j = 0): block b is
 * trace first + b at (y, X) = (0, 0), tables T[ñ & 1] (after its last fold), eqy[0] = 1, sum
 * into acc[4 trace]. sm: maxslots slots | threads EF of reduction scratch | the job, copied from
 * its descriptor with this launch's T, eqy, acc and X0 patched in: the body then reads shared
 * words where k_zc_mle reads its parameters (62 registers; reading the descriptor in global
 * memory, or passing the patched values as arguments, holds 64-bit pointers in registers: 70). */
static_assert(sizeof(swirl_cuda_zc_mle) % 4 == 0 && sizeof(swirl_cuda_zc_mle) <= SWIRL_CUDA_ZC_MLE_JOB_BYTES,
              "the job's words fit the shared memory swirl_cuda_zc_mle_batch_fits reserves");
static __global__ void k_zc_mle_batch(swirl_cuda_zc_mle_batch b) {
    extern __shared__ uint32_t sm[];
    uint32_t i, y, X;
    if (b.j) {
        const uint32_t q = blockIdx.x / b.nX;
        X = b.X0 + blockIdx.x % b.nX;
        i = zc_find(b.pre, b.n, b.j, q);
        y = q - (uint32_t)(b.pre[i] >> b.j);
    } else {
        i = b.first + blockIdx.x;
        y = 0;
        X = 0;
    }
    const swirl_cuda_zc_mle_desc &d = b.descs[i];
    swirl_cuda_zc_mle *job = reinterpret_cast<swirl_cuda_zc_mle *>(sm + 4 * ((size_t)b.maxslots + blockDim.x));
    for (uint32_t k = threadIdx.x; k < sizeof(swirl_cuda_zc_mle) / 4; k += blockDim.x)
        reinterpret_cast<uint32_t *>(job)[k] = reinterpret_cast<const uint32_t *>(&d.job)[k];
    __syncthreads();
    if (threadIdx.x == 0) {
        const uint32_t nt = d.ntil;
        job->T = d.T[b.j ? (b.j - 1) & 1 : nt & 1];
        job->eqy = b.j ? b.eqy + 4 * (((size_t)1 << (nt - b.j)) - 1) : b.eqy;
        job->acc = b.j ? b.acc : b.acc + 4 * (size_t)d.trace;
        job->X0 = b.j ? b.X0 : 0;
    }
    __syncthreads();
    zc_mle_point(*job, y, X, sm, reinterpret_cast<d_ef *>(sm + 4 * (size_t)b.maxslots));
}

/* One point (y, X) of a small program run by one thread (k_zc_mle_serial): the level program
 * in order, each level then its CACC phase (within a level no result overwrites an operand of
 * the level: its slots were free before the level began), then the epilogue; returns the bracket
 * (before eqy). S: the thread's slot 0, slot s at S[s st] (the block's threads interleaved: no
 * bank conflicts). T: the job's current tables. */
static __device__ d_ef zc_mle_point_serial(const swirl_cuda_zc_mle &p, const uint32_t *T, uint32_t y, uint32_t X, uint4 *S,
                                           uint32_t st) {
    const uint4 *code = reinterpret_cast<const uint4 *>(p.code);
    d_ef C = def_zero(), sn = def_zero(), sd = def_zero();
#define LOADS(s) zc_ld4(S + (size_t)(s) * st)
    for (uint32_t L = 0; L < p.nlevels; L++) {
        for (uint32_t k = p.lv[L]; k < p.lv[L + 1]; k++) {
            const uint4 in = code[k];
            const d_ef v = zc_mle_instr(p, T, in, y, X, S, st);
            S[(size_t)in.y * st] = make_uint4(v.c[0], v.c[1], v.c[2], v.c[3]);
        }
        for (uint32_t q = p.cacc_off[L]; q < p.cacc_off[L + 1]; q++)
            C = def_add(C, def_mul(def_load(p.lp, p.cacc[2 * q + 1]), LOADS(p.cacc[2 * q])));
    }
    for (uint32_t i = 0; i < p.ni; i++) zc_mle_interaction(p, i, S, st, sn, sd);
#undef LOADS
    return zc_mle_bracket(p, C, sn, sd);
}

/* Round j >= 1 of the batched traces when every program is small (swirl_cuda_zc_mle_batch.serial):
 * a thread per point, g = (X - X0) points + q over the concatenated y ranges (trace i the one
 * with (pre[i] >> j) <= q < (pre[i+1] >> j), y = q - (pre[i] >> j)), so a block's threads share
 * X except in the blocks that straddle two X: a block sum and one set of atomics per block, or
 * (straddling blocks) each thread's own atomics. Slots: maxslots x blockDim 16-byte words of
 * dynamic shared memory. */
static __global__ void __launch_bounds__(SWIRL_CUDA_ZC_MLE_SERIAL_THREADS) k_zc_mle_serial(swirl_cuda_zc_mle_batch b) {
    extern __shared__ uint4 slots4[];
    __shared__ d_ef red[SWIRL_CUDA_ZC_MLE_SERIAL_THREADS];
    const uint64_t total = b.points * b.nX, g0 = (uint64_t)blockIdx.x * blockDim.x, g = g0 + threadIdx.x;
    d_ef r = def_zero();
    if (g < total) {
        const uint64_t q = g % b.points;
        const uint32_t X = b.X0 + (uint32_t)(g / b.points);
        const uint32_t i = zc_find(b.pre, b.n, b.j, q);
        const swirl_cuda_zc_mle_desc &d = b.descs[i];
        const uint32_t y = (uint32_t)(q - (b.pre[i] >> b.j));
        const uint32_t *eqy = b.eqy + 4 * (((size_t)1 << (d.ntil - b.j)) - 1);
        r = def_mul(def_load(eqy, y), zc_mle_point_serial(d.job, d.T[(b.j - 1) & 1], y, X, slots4 + threadIdx.x, blockDim.x));
    }
    const uint64_t glast = (g0 + blockDim.x < total ? g0 + blockDim.x : total) - 1;
    if (g0 / b.points == glast / b.points) { /* uniform over the block */
        r = def_block_sum(r, red);
        if (threadIdx.x) return;
        unsigned long long *acc = b.acc + (size_t)(g0 / b.points) * 4;
#pragma unroll
        for (int k = 0; k < 4; k++) atomicAdd(acc + k, (unsigned long long)r.c[k]);
        return;
    }
    if (g >= total) return;
    unsigned long long *acc = b.acc + (size_t)(g / b.points) * 4;
#pragma unroll
    for (int k = 0; k < 4; k++) atomicAdd(acc + k, (unsigned long long)r.c[k]);
}

/* blocks of 256 threads over total threads; grid x below 2^31 */
static int zc_grid(uint64_t total, unsigned *blocks) {
    const uint64_t nb = (total + 255) / 256;
    if (nb > 0x7fffffffu) return SWIRL_ERR_INVALID_ARG;
    *blocks = (unsigned)nb;
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_tables_all(swirl_cuda_dev *dev, const swirl_cuda_zc_tab *d_tabs, const uint64_t *d_pre,
                                        size_t n, uint64_t total, unsigned l, const uint32_t *d_L0) {
    unsigned blocks = 0;
    if (!dev || l > 10 || n > 0xffffffffu || zc_grid(total, &blocks)) return SWIRL_ERR_INVALID_ARG;
    if (!total) return SWIRL_OK;
    k_zc_tables_all<<<blocks, 256, 0, dev->stream>>>(d_tabs, d_pre, (uint32_t)n, total, l, d_L0);
    CU_LAUNCHED("k_zc_tables_all");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_fold_all(swirl_cuda_dev *dev, const swirl_cuda_zc_tab *d_tabs, const uint64_t *d_pre, size_t n,
                                      uint64_t total, unsigned j, const uint32_t r[4]) {
    unsigned blocks = 0;
    if (!dev || !j || j > 31 || n > 0xffffffffu || zc_grid(total, &blocks)) return SWIRL_ERR_INVALID_ARG;
    if (!total) return SWIRL_OK;
    const d_ef rr = {{r[0], r[1], r[2], r[3]}};
    k_zc_fold_all<<<blocks, 256, 0, dev->stream>>>(d_tabs, d_pre, (uint32_t)n, total, j, rr);
    CU_LAUNCHED("k_zc_fold_all");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_first_all(swirl_cuda_dev *dev, const swirl_cuda_zc_tab *d_tabs, const uint64_t *d_opre, size_t n,
                                       uint64_t total, uint32_t *d_out) {
    unsigned blocks = 0;
    if (!dev || n > 0xffffffffu || zc_grid(total, &blocks)) return SWIRL_ERR_INVALID_ARG;
    if (!total) return SWIRL_OK;
    k_zc_first_all<<<blocks, 256, 0, dev->stream>>>(d_tabs, d_opre, (uint32_t)n, total, d_out);
    CU_LAUNCHED("k_zc_first_all");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_eqy(swirl_cuda_dev *dev, const uint32_t *d_xi, unsigned j, unsigned mtop, uint32_t *d_out) {
    if (!dev || mtop > 30) return SWIRL_ERR_INVALID_ARG;
    const uint32_t count = (uint32_t)((2ull << mtop) - 1);
    k_zc_eqy<<<(count + 255) / 256, 256, 0, dev->stream>>>(d_xi, j, count, d_out);
    CU_LAUNCHED("k_zc_eqy");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_mle_optin(swirl_cuda_dev *dev, size_t *optin) {
    if (!dev || !optin) return SWIRL_ERR_INVALID_ARG;
    int v = 0;
    CU_TRY(cudaDeviceGetAttribute(&v, cudaDevAttrMaxSharedMemoryPerBlockOptin, dev->device), "shared memory limit");
    *optin = v > 0 ? (size_t)v : 0;
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_mle_reserve(swirl_cuda_dev *dev, size_t bytes) {
    if (!dev || bytes > 0x7fffffff) return SWIRL_ERR_INVALID_ARG;
    int rc = zc_reserve((const void *)k_zc_mle, bytes, "k_zc_mle shared memory size");
    if (rc == SWIRL_OK) rc = zc_reserve((const void *)k_zc_mle_batch, bytes, "k_zc_mle_batch shared memory size");
    return rc;
}

extern "C" int swirl_cuda_zc_mle_sums(swirl_cuda_dev *dev, const swirl_cuda_zc_mle *p, size_t optin) {
    if (!dev || !p || !p->nX || !p->nslots) return SWIRL_ERR_INVALID_ARG;
    const uint64_t n = (uint64_t)p->half * p->nX;
    if (!n) return SWIRL_OK;
    if (n > 0x7fffffffu) return SWIRL_ERR_INVALID_ARG;
    const size_t red = SWIRL_CUDA_ZC_MLE_THREADS * 16, bytes = (size_t)p->nslots * 16 + red;
    const int shared_slots = bytes <= optin;
    if (!shared_slots && !p->slots) return SWIRL_ERR_INVALID_ARG; /* the caller sized the global scratch */
    k_zc_mle<<<(unsigned)n, SWIRL_CUDA_ZC_MLE_THREADS, shared_slots ? bytes : red, dev->stream>>>(*p, shared_slots);
    CU_LAUNCHED("k_zc_mle");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_zc_mle_batch_sums(swirl_cuda_dev *dev, const swirl_cuda_zc_mle_batch *b) {
    if (!dev || !b || !b->descs || !b->eqy || !b->acc || !b->maxslots) return SWIRL_ERR_INVALID_ARG;
    const uint32_t th = b->threads;
    if (th < 32 || th > SWIRL_CUDA_ZC_MLE_THREADS || (th & (th - 1))) return SWIRL_ERR_INVALID_ARG; /* def_block_sum */
    if (b->j && (b->first || !b->pre || !b->nX || b->j > 31)) return SWIRL_ERR_INVALID_ARG;
    if (b->j && b->serial) {
        if (b->maxslots > SWIRL_CUDA_ZC_MLE_SERIAL_SLOTS) return SWIRL_ERR_INVALID_ARG;
        const uint64_t n = b->points * b->nX, sb = (n + SWIRL_CUDA_ZC_MLE_SERIAL_THREADS - 1) / SWIRL_CUDA_ZC_MLE_SERIAL_THREADS;
        if (!n) return SWIRL_OK;
        if (sb > 0x7fffffffu) return SWIRL_ERR_INVALID_ARG;
        const size_t smem = (size_t)b->maxslots * SWIRL_CUDA_ZC_MLE_SERIAL_THREADS * 16; /* <= 32 KB: the default limit */
        k_zc_mle_serial<<<(unsigned)sb, SWIRL_CUDA_ZC_MLE_SERIAL_THREADS, smem, dev->stream>>>(*b);
        CU_LAUNCHED("k_zc_mle_serial");
        return SWIRL_OK;
    }
    const uint64_t blocks = b->j ? b->points * b->nX : b->n;
    if (!blocks) return SWIRL_OK;
    if (blocks > 0x7fffffffu) return SWIRL_ERR_INVALID_ARG;
    const size_t smem = ((size_t)b->maxslots + th) * 16 + SWIRL_CUDA_ZC_MLE_JOB_BYTES;
    k_zc_mle_batch<<<(unsigned)blocks, th, smem, dev->stream>>>(*b);
    CU_LAUNCHED("k_zc_mle_batch");
    return SWIRL_OK;
}
