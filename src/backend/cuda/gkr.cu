/* gkr.cu — the LogUp-GKR device kernels (see cuda_gkr.h for each one's contract).
 *
 * Leaves: one launch for every trace with interactions: a thread per lifted row (grid-stride
 * over a fixed thread count across all segments' rows, a row's segment found by bisection) runs
 * its trace's leaves program in F, keeping node values in a global scratch laid out node-major
 * (scratch[node * threads + thread]: coalesced), then writes every interaction's fraction.
 * Tree, layer tables, folds: one thread per output entry; a layer's eq table is the product of
 * two tables over the halves of xi (one multiplication per entry instead of nv). Rounds: one
 * launch each: per-block partial sums of the three values in shared memory, then the last block
 * to arrive sums the partials; a round after a fold performs that fold in the same pass
 * (k_gkr_fold_round). Every sum is a field sum and every product a field product, so neither
 * the order nor the grouping changes a value (identical to the CPU's). */
#include "backend/cuda/cuda_gkr.h"
#include "backend/cuda/cuda_internal.h"
#include "backend/cuda/ef.cuh"

#define GKR_THREADS 256

static unsigned blocks_for(size_t n) { return (unsigned)((n + GKR_THREADS - 1) / GKR_THREADS); }

static __global__ void k_logup_fill(uint32_t *__restrict__ p, uint32_t *__restrict__ q, size_t n, d_ef alpha) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    def_store(p, i, def_zero());
    def_store(q, i, alpha);
}

static __device__ __forceinline__ uint32_t leaf_column(const swirl_cuda_logup_col c, uint64_t r, uint64_t hmask) {
    const uint32_t *ptr = (const uint32_t *)c.ptr;
    switch (c.kind) {
    case SWIRL_CUDA_LCOL_DATA: return ptr[r * c.stride];
    case SWIRL_CUDA_LCOL_NEXT: return ptr[((r + 1) & hmask) * c.stride];
    case SWIRL_CUDA_LCOL_FIRST: return r == 0;
    case SWIRL_CUDA_LCOL_LAST: return r == hmask;
    default: return r != hmask;
    }
}

/* Row k of segment d: its cone program in F over the node-major scratch s (node n at s[n T]),
 * then every interaction's fraction at leaf offset + i rows + k. */
static __device__ __forceinline__ void leaf_row(const swirl_cuda_logup_desc &d, uint64_t k, uint32_t *s, uint32_t T,
                                                uint32_t *__restrict__ p, uint32_t *__restrict__ q) {
    const uint64_t hmask = ((uint64_t)1 << d.log_height) - 1;
    const uint64_t r = k & hmask;
    for (uint32_t n = 0; n < d.num_nodes; n++) {
        const uint32_t a0 = d.a0[n], a1 = d.a1[n];
        uint32_t v;
        switch (d.op[n]) {
        case SWIRL_CUDA_LOP_COL: v = leaf_column(d.cols[a0], r, hmask); break;
        case SWIRL_CUDA_LOP_CONST: v = a0; break;
        case SWIRL_CUDA_LOP_ADD: v = d_add(s[(size_t)a0 * T], s[(size_t)a1 * T]); break;
        case SWIRL_CUDA_LOP_SUB: v = d_sub(s[(size_t)a0 * T], s[(size_t)a1 * T]); break;
        case SWIRL_CUDA_LOP_NEG: v = d_sub(0, s[(size_t)a0 * T]); break;
        default: v = d_mul(s[(size_t)a0 * T], s[(size_t)a1 * T]); break;
        }
        s[(size_t)n * T] = v;
    }
    const d_ef alpha = {{d.alpha[0], d.alpha[1], d.alpha[2], d.alpha[3]}};
    for (uint32_t i = 0; i < d.num_interactions; i++) {
        const uint32_t o0 = d.msg_off[i], o1 = d.msg_off[i + 1];
        d_ef h = alpha;
        for (uint32_t m = o0; m < o1; m++) h = def_add(h, def_mul_bb(def_load(d.beta_pow, m - o0), s[(size_t)d.msg[m] * T]));
        h = def_add(h, def_mul_bb(def_load(d.beta_pow, o1 - o0), d.bus[i] + 1));
        const d_ef num = {{d_mul(s[(size_t)d.count[i] * T], d.norm), 0, 0, 0}};
        const size_t at = d.offset + (size_t)i * d.rows + k;
        def_store(p, at, num);
        def_store(q, at, h);
    }
}

/* A thread strides over the launch's global rows g; g's segment is the s with first[s] <= g <
 * first[s + 1] (a bisection over a few hundred cached words; consecutive rows of a warp mostly
 * share a segment, so its program is fetched once per warp). */
static __global__ void k_logup_leaves_batch(const swirl_cuda_logup_desc *__restrict__ desc, const uint64_t *__restrict__ first,
                                            uint32_t ns, uint64_t total, uint32_t T, uint32_t *__restrict__ scratch,
                                            uint32_t *__restrict__ p, uint32_t *__restrict__ q) {
    const uint32_t tid = blockIdx.x * blockDim.x + threadIdx.x;
    for (uint64_t g = tid; g < total; g += T) {
        uint32_t lo = 0, hi = ns;
        while (hi - lo > 1) {
            const uint32_t mid = (lo + hi) / 2;
            if (first[mid] <= g) lo = mid; else hi = mid;
        }
        leaf_row(desc[lo], g - first[lo], scratch + tid, T, p, q);
    }
}

static __global__ void k_gkr_comb(const uint32_t *__restrict__ cp, const uint32_t *__restrict__ cq, uint32_t *__restrict__ np,
                           uint32_t *__restrict__ nq, size_t n) {
    const size_t x = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (x >= n) return;
    const d_ef p0 = def_load(cp, 2 * x), p1 = def_load(cp, 2 * x + 1), q0 = def_load(cq, 2 * x), q1 = def_load(cq, 2 * x + 1);
    def_store(np, x, def_add(def_mul(p0, q1), def_mul(p1, q0)));
    def_store(nq, x, def_mul(q0, q1));
}

struct gkr_src4 { const uint32_t *s[4]; };

static __global__ void k_gkr_gather(gkr_src4 src, unsigned n, uint32_t *__restrict__ out) {
    const unsigned i = threadIdx.x;
    if (i < n) def_store(out, i, def_load(src.s[i], 0));
}

/* eq(xi, y) over nv values split at lo: eqs[u] = eq(xi_0 .. xi_{lo-1}, u) for u < 2^lo, then
 * eqs[2^lo + v] = eq(xi_lo .. xi_{nv-1}, v) for v < 2^(nv-lo); each entry the product of its
 * factors (bit i of the index ? xi_i : 1 - xi_i), at most 16 of them. */
static __global__ void k_gkr_eq_halves(const uint32_t *__restrict__ xi, unsigned nv, unsigned lo, uint32_t *__restrict__ eqs) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const size_t nlo = (size_t)1 << lo;
    if (t >= nlo + ((size_t)1 << (nv - lo))) return;
    const int high = t >= nlo;
    const size_t u = high ? t - nlo : t;
    const unsigned first = high ? lo : 0, count = high ? nv - lo : lo;
    d_ef e = def_one();
    for (unsigned i = 0; i < count; i++) {
        const d_ef x = def_load(xi, first + i);
        e = def_mul(e, (u >> i) & 1 ? x : def_sub(def_one(), x));
    }
    def_store(eqs, t, e);
}

/* The five layer tables; e[y] = eqs[y mod 2^lo] * eqs[2^lo + (y >> lo)]: eq(xi, y) is the
 * product of its nv factors, so splitting the product gives the CPU's value exactly. */
static __global__ void k_gkr_split(const uint32_t *__restrict__ lp, const uint32_t *__restrict__ lq, size_t m,
                                   const uint32_t *__restrict__ eqs, unsigned lo, uint32_t *__restrict__ tab, size_t cap) {
    const size_t y = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (y >= m) return;
    def_store(tab, y, def_load(lp, 2 * y));
    def_store(tab, cap + y, def_load(lp, 2 * y + 1));
    def_store(tab, 2 * cap + y, def_load(lq, 2 * y));
    def_store(tab, 3 * cap + y, def_load(lq, 2 * y + 1));
    const size_t nlo = (size_t)1 << lo;
    def_store(tab, 4 * cap + y, def_mul(def_load(eqs, y & (nlo - 1)), def_load(eqs, nlo + (y >> lo))));
}

/* One table index's terms of the round polynomial at X = 1, 2, 3: v(X) = v0 + X dv for the
 * five tables (a0, a1, b0, b1, eq), f = a0 b1 + a1 b0 + lambda b0 b1, acc[X - 1] += eq f. */
static __device__ __forceinline__ void gkr_round_terms(d_ef v0[5], const d_ef dv[5], d_ef lambda, d_ef acc[3]) {
#pragma unroll
    for (int X = 0; X < 3; X++) {
#pragma unroll
        for (int k = 0; k < 5; k++) v0[k] = def_add(v0[k], dv[k]); /* the table at X + 1 */
        const d_ef f = def_add(def_add(def_mul(v0[0], v0[3]), def_mul(v0[1], v0[2])), def_mul(lambda, def_mul(v0[2], v0[3])));
        acc[X] = def_add(acc[X], def_mul(v0[4], f));
    }
}

/* partial[3 b + X] = block b's sums; the last block to finish (by the arrival counter, which it
 * resets to 0 for the next launch) adds every block's partials into out[0..2]. The sums are
 * field sums, so the order of arrival does not change the result. */
static __device__ __forceinline__ void gkr_round_finish(d_ef acc[3], d_ef *scratch, uint32_t *__restrict__ partial,
                                                        unsigned *__restrict__ arrived, uint32_t *__restrict__ out) {
    __shared__ int last;
    for (int X = 0; X < 3; X++) {
        const d_ef t = def_block_sum(acc[X], scratch);
        if (threadIdx.x == 0) def_store(partial, 3 * (size_t)blockIdx.x + X, t);
    }
    if (threadIdx.x == 0) {
        __threadfence(); /* this block's partials before its arrival */
        last = atomicAdd(arrived, 1u) == gridDim.x - 1;
    }
    __syncthreads();
    if (!last) return;
    __threadfence();
    for (int X = 0; X < 3; X++) {
        d_ef a = def_zero();
        for (unsigned b = threadIdx.x; b < gridDim.x; b += blockDim.x) {
            const uint4 w = __ldcg(reinterpret_cast<const uint4 *>(partial) + 3 * (size_t)b + X); /* past L1: other blocks wrote it */
            const d_ef v = {{w.x, w.y, w.z, w.w}};
            a = def_add(a, v);
        }
        a = def_block_sum(a, scratch);
        if (threadIdx.x == 0) def_store(out, X, a);
    }
    if (threadIdx.x == 0) *arrived = 0;
}

/* The round over tables of 2 half entries. blockDim.x = GKR_THREADS. */
static __global__ void k_gkr_round(const uint32_t *__restrict__ tab, size_t cap, size_t half, d_ef lambda,
                                   uint32_t *__restrict__ partial, unsigned *__restrict__ arrived, uint32_t *__restrict__ out) {
    __shared__ d_ef scratch[GKR_THREADS];
    d_ef acc[3] = {def_zero(), def_zero(), def_zero()};
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < half; i += (size_t)gridDim.x * blockDim.x) {
        d_ef v0[5], dv[5];
#pragma unroll
        for (int k = 0; k < 5; k++) {
            v0[k] = def_load(tab, (size_t)k * cap + 2 * i);
            dv[k] = def_sub(def_load(tab, (size_t)k * cap + 2 * i + 1), v0[k]);
        }
        gkr_round_terms(v0, dv, lambda, acc);
    }
    gkr_round_finish(acc, scratch, partial, arrived, out);
}

/* The previous round's fold by r (src, tables of 4 half entries, into dst: 2 half entries) and
 * then this round over dst, in one pass: index i's two folded entries are the round's pair. */
static __global__ void k_gkr_fold_round(const uint32_t *__restrict__ src, uint32_t *__restrict__ dst, size_t cap, size_t half,
                                        d_ef r, d_ef lambda, uint32_t *__restrict__ partial, unsigned *__restrict__ arrived,
                                        uint32_t *__restrict__ out) {
    __shared__ d_ef scratch[GKR_THREADS];
    d_ef acc[3] = {def_zero(), def_zero(), def_zero()};
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < half; i += (size_t)gridDim.x * blockDim.x) {
        d_ef v0[5], dv[5];
#pragma unroll
        for (int k = 0; k < 5; k++) {
            const size_t at = (size_t)k * cap + 4 * i;
            const d_ef a = def_load(src, at), b = def_load(src, at + 1), c = def_load(src, at + 2), e = def_load(src, at + 3);
            const d_ef f0 = def_add(a, def_mul(r, def_sub(b, a))), f1 = def_add(c, def_mul(r, def_sub(e, c)));
            def_store(dst, (size_t)k * cap + 2 * i, f0);
            def_store(dst, (size_t)k * cap + 2 * i + 1, f1);
            v0[k] = f0;
            dv[k] = def_sub(f1, f0);
        }
        gkr_round_terms(v0, dv, lambda, acc);
    }
    gkr_round_finish(acc, scratch, partial, arrived, out);
}

static __global__ void k_gkr_fold(const uint32_t *__restrict__ src, uint32_t *__restrict__ dst, size_t cap, size_t half, d_ef r) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= half) return;
#pragma unroll
    for (int k = 0; k < 5; k++) {
        const d_ef a = def_load(src, (size_t)k * cap + 2 * i), b = def_load(src, (size_t)k * cap + 2 * i + 1);
        def_store(dst, (size_t)k * cap + i, def_add(a, def_mul(r, def_sub(b, a))));
    }
}

static d_ef ef_of4(const uint32_t *c) {
    d_ef r = {{c[0], c[1], c[2], c[3]}};
    return r;
}

extern "C" int swirl_cuda_logup_fill(swirl_cuda_dev *d, uint32_t *p, uint32_t *q, size_t n, const uint32_t alpha[4]) {
    if (!d || !p || !q || !alpha) return SWIRL_ERR_INVALID_ARG;
    if (!n) return SWIRL_OK;
    k_logup_fill<<<blocks_for(n), GKR_THREADS, 0, d->stream>>>(p, q, n, ef_of4(alpha));
    CU_LAUNCHED("k_logup_fill");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_logup_leaves_batch(swirl_cuda_dev *d, const swirl_cuda_logup_batch *b, uint32_t *p, uint32_t *q) {
    if (!d || !b || !p || !q || !b->threads || b->threads % GKR_THREADS) return SWIRL_ERR_INVALID_ARG;
    if (!b->num_segments || !b->total_rows) return SWIRL_OK;
    if (!b->desc || !b->first || !b->scratch) return SWIRL_ERR_INVALID_ARG;
    k_logup_leaves_batch<<<b->threads / GKR_THREADS, GKR_THREADS, 0, d->stream>>>(b->desc, b->first, b->num_segments, b->total_rows,
                                                                                 b->threads, b->scratch, p, q);
    CU_LAUNCHED("k_logup_leaves_batch");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_gkr_tree(swirl_cuda_dev *d, uint32_t *P, uint32_t *Q, unsigned L) {
    if (!d || !P || !Q || L == 0 || L > 32) return SWIRL_ERR_INVALID_ARG;
    for (unsigned j = L; j >= 1; j--) {
        const size_t n = (size_t)1 << (j - 1);
        k_gkr_comb<<<blocks_for(n), GKR_THREADS, 0, d->stream>>>(P + 8 * n, Q + 8 * n, P + 4 * n, Q + 4 * n, n);
        CU_LAUNCHED("k_gkr_comb");
    }
    return SWIRL_OK;
}

extern "C" int swirl_cuda_gkr_gather(swirl_cuda_dev *d, const uint32_t *const src[4], unsigned n, uint32_t *tmp,
                                     uint32_t *out) {
    if (!d || !src || !tmp || !out || n == 0 || n > 4) return SWIRL_ERR_INVALID_ARG;
    gkr_src4 s;
    for (unsigned i = 0; i < 4; i++) s.s[i] = src[i < n ? i : 0];
    k_gkr_gather<<<1, 32, 0, d->stream>>>(s, n, tmp);
    CU_LAUNCHED("k_gkr_gather");
    return swirl_cuda_read_small(d, out, tmp, 16 * (size_t)n);
}

extern "C" int swirl_cuda_gkr_layer(swirl_cuda_dev *d, const uint32_t *lp, const uint32_t *lq, size_t m,
                                    const uint32_t *xi, unsigned nv, uint32_t *eqs, uint32_t *tab, size_t cap) {
    if (!d || !lp || !lq || (nv && !xi) || !eqs || !tab || m > cap || nv > 32 || ((size_t)1 << nv) != m)
        return SWIRL_ERR_INVALID_ARG;
    const unsigned lo = nv / 2;
    const size_t halves = ((size_t)1 << lo) + ((size_t)1 << (nv - lo));
    k_gkr_eq_halves<<<blocks_for(halves), GKR_THREADS, 0, d->stream>>>(xi, nv, lo, eqs);
    CU_LAUNCHED("k_gkr_eq_halves");
    k_gkr_split<<<blocks_for(m), GKR_THREADS, 0, d->stream>>>(lp, lq, m, eqs, lo, tab, cap);
    CU_LAUNCHED("k_gkr_split");
    return SWIRL_OK;
}

static unsigned round_blocks(size_t half) {
    const size_t nb = blocks_for(half);
    return (unsigned)(nb > SWIRL_CUDA_GKR_MAX_BLOCKS ? SWIRL_CUDA_GKR_MAX_BLOCKS : nb);
}

/* partial's layout (cuda_gkr.h): the blocks' partials, the 3 sums, the arrival counter */
static uint32_t *round_total(uint32_t *partial) { return partial + 12 * SWIRL_CUDA_GKR_MAX_BLOCKS; }
static unsigned *round_arrived(uint32_t *partial) { return (unsigned *)(partial + 12 * SWIRL_CUDA_GKR_MAX_BLOCKS + 12); }

extern "C" int swirl_cuda_gkr_round(swirl_cuda_dev *d, const uint32_t *tab, size_t cap, size_t len,
                                    const uint32_t lambda[4], uint32_t *partial, uint32_t s[12]) {
    if (!d || !tab || !lambda || !partial || !s || len < 2 || len > cap) return SWIRL_ERR_INVALID_ARG;
    const size_t half = len / 2;
    k_gkr_round<<<round_blocks(half), GKR_THREADS, 0, d->stream>>>(tab, cap, half, ef_of4(lambda), partial,
                                                                   round_arrived(partial), round_total(partial));
    CU_LAUNCHED("k_gkr_round");
    return swirl_cuda_read_small(d, s, round_total(partial), 48);
}

extern "C" int swirl_cuda_gkr_fold_round(swirl_cuda_dev *d, const uint32_t *src, uint32_t *dst, size_t cap, size_t len,
                                         const uint32_t r[4], const uint32_t lambda[4], uint32_t *partial, uint32_t s[12]) {
    if (!d || !src || !dst || !r || !lambda || !partial || !s || len < 2 || len > cap / 2) return SWIRL_ERR_INVALID_ARG;
    const size_t half = len / 2;
    k_gkr_fold_round<<<round_blocks(half), GKR_THREADS, 0, d->stream>>>(src, dst, cap, half, ef_of4(r), ef_of4(lambda), partial,
                                                                        round_arrived(partial), round_total(partial));
    CU_LAUNCHED("k_gkr_fold_round");
    return swirl_cuda_read_small(d, s, round_total(partial), 48);
}

extern "C" int swirl_cuda_gkr_fold(swirl_cuda_dev *d, const uint32_t *src, uint32_t *dst, size_t cap, size_t len,
                                   const uint32_t r[4]) {
    if (!d || !src || !dst || !r || len < 2 || len > cap) return SWIRL_ERR_INVALID_ARG;
    k_gkr_fold<<<blocks_for(len / 2), GKR_THREADS, 0, d->stream>>>(src, dst, cap, len / 2, ef_of4(r));
    CU_LAUNCHED("k_gkr_fold");
    return SWIRL_OK;
}
