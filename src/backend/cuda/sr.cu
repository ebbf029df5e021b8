/* sr.cu — the stacked reduction's device kernels (see cuda_sr.h for each one's contract).
 *
 * Round 0 runs one block per (slice, range of chunks): threads are (z, y-lane) pairs that fold
 * the slice's chunks with eqY and rotY into a[z], b[z] (2^l EF values), reduced over the y-lanes
 * in shared memory; the block then extends a and b to the D2 points and adds its contributions
 * into 64-bit accumulators with atomicAdd. Each coefficient added is < p < 2^31 and there are
 * fewer than 2^32 blocks, so the integer sums cannot overflow and are reduced mod p once: exact,
 * hence independent of the order of the atomics (the result is deterministic). */
#include "backend/cuda/cuda_internal.h"
#include "backend/cuda/cuda_sr.h"
#include "backend/cuda/ef.cuh"

#define SR_THREADS 256

static unsigned blocks_for(size_t n) { return (unsigned)((n + SR_THREADS - 1) / SR_THREADS); }

static __device__ __forceinline__ d_ef ef_of(const uint32_t *c) {
    d_ef r = {{c[0], c[1], c[2], c[3]}};
    return r;
}

/* blockDim.x = max(256, 2^l); shared: 2 * blockDim.x EF */
static __global__ void k_sr_round0(unsigned l, const swirl_cuda_sr_slice *__restrict__ slices,
                            const swirl_cuda_sr_block *__restrict__ blocks, const uint32_t *__restrict__ ytab,
                            const uint32_t *__restrict__ zf, const uint32_t *__restrict__ lw,
                            unsigned long long *__restrict__ acc) {
    extern __shared__ d_ef sh[];
    d_ef *A = sh;
    d_ef *B = sh + blockDim.x;
    const swirl_cuda_sr_block blk = blocks[blockIdx.x];
    const swirl_cuda_sr_slice s = slices[blk.slice];
    const unsigned ch = 1u << l;
    const unsigned lanes = blockDim.x >> l;
    const unsigned z = threadIdx.x & (ch - 1);
    const unsigned lane = threadIdx.x >> l;
    const uint32_t *col = (const uint32_t *)s.col;
    const uint32_t *eqY = ytab + 4 * (size_t)s.ytab;
    const uint32_t *rotY = eqY + 4 * (size_t)s.nch;
    d_ef a = def_zero();
    d_ef b = def_zero();
    for (uint32_t y = blk.y0 + lane; y < blk.y1; y += lanes) {
        const uint32_t v = col[((size_t)s.chunk0 + y) * ch + z];
        a = def_add(a, def_mul_bb(def_load(eqY, y), v));
        if (s.has_rot) b = def_add(b, def_mul_bb(def_load(rotY, y), v));
    }
    A[threadIdx.x] = a;
    B[threadIdx.x] = b;
    __syncthreads();
    for (unsigned half = lanes / 2; half > 0; half >>= 1) {
        if (lane < half) {
            A[threadIdx.x] = def_add(A[threadIdx.x], A[threadIdx.x + half * ch]);
            B[threadIdx.x] = def_add(B[threadIdx.x], B[threadIdx.x + half * ch]);
        }
        __syncthreads();
    }
    const unsigned D2 = 2 * ch;
    const d_ef lam_e = ef_of(s.lam_e), lam_k = ef_of(s.lam_k);
    const uint32_t *zrow = zf + (size_t)s.zf_row * D2 * 12;
    for (unsigned t = threadIdx.x; t < D2; t += blockDim.x) {
        const uint32_t *L = lw + (size_t)t * ch;
        d_ef qa = def_zero();
        d_ef qb = def_zero();
        for (unsigned k = 0; k < ch; k++) {
            qa = def_add(qa, def_mul_bb(A[k], L[k]));
            if (s.has_rot) qb = def_add(qb, def_mul_bb(B[k], L[k]));
        }
        const uint32_t *f = zrow + (size_t)t * 12;
        const d_ef c_eq = def_add(def_mul(lam_e, ef_of(f)), def_mul(lam_k, ef_of(f + 4)));
        d_ef v = def_mul(c_eq, qa);
        if (s.has_rot) v = def_add(v, def_mul(def_mul(lam_k, ef_of(f + 8)), qb));
#pragma unroll
        for (int c = 0; c < 4; c++) atomicAdd(&acc[4 * t + c], (unsigned long long)v.c[c]);
    }
}

static __global__ void k_acc_reduce(const unsigned long long *__restrict__ acc, size_t n, uint32_t *__restrict__ out) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = (uint32_t)(acc[i] % DP);
}

static __global__ void k_sr_qtable(unsigned l, const uint32_t *const *__restrict__ cols, size_t W, size_t nchunks,
                            const uint32_t *__restrict__ l0, uint32_t *__restrict__ q) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= W * nchunks) return;
    const size_t g = i / nchunks, y = i % nchunks;
    const unsigned ch = 1u << l;
    const uint32_t *chunk = cols[g] + y * ch;
    d_ef acc = def_zero();
    for (unsigned z = 0; z < ch; z++) acc = def_add(acc, def_mul_bb(def_load(l0, z), chunk[z]));
    def_store(q, i, acc);
}

static __global__ void k_sr_wtable(const swirl_cuda_sr_slice *__restrict__ slices, const swirl_cuda_sr_block *__restrict__ blocks,
                            const uint32_t *__restrict__ ytab, const uint32_t *__restrict__ zf0, size_t nchunks,
                            uint32_t *__restrict__ w) {
    const swirl_cuda_sr_block blk = blocks[blockIdx.x];
    const swirl_cuda_sr_slice s = slices[blk.slice];
    const uint32_t *f = zf0 + (size_t)s.zf_row * 12;
    const d_ef lam_e = ef_of(s.lam_e), lam_k = ef_of(s.lam_k);
    const d_ef fa = def_add(def_mul(lam_e, ef_of(f)), def_mul(lam_k, ef_of(f + 4)));
    const d_ef fb = def_mul(lam_k, ef_of(f + 8));
    const uint32_t *eqY = ytab + 4 * (size_t)s.ytab;
    const uint32_t *rotY = eqY + 4 * (size_t)s.nch;
    uint32_t *wcol = w + 4 * ((size_t)s.gcol * nchunks + s.chunk0);
    for (uint32_t y = blk.y0 + threadIdx.x; y < blk.y1; y += blockDim.x) {
        d_ef v = def_add(def_load(wcol, y), def_mul(fa, def_load(eqY, y)));
        v = def_add(v, def_mul(fb, def_load(rotY, y)));
        def_store(wcol, y, v);
    }
}

static __global__ void k_sr_round(const uint32_t *__restrict__ q, const uint32_t *__restrict__ w, size_t W, size_t nchunks,
                           size_t half, uint32_t *__restrict__ partial) {
    __shared__ d_ef scratch[SR_THREADS];
    d_ef s1 = def_zero();
    d_ef s2 = def_zero();
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < W * half; i += (size_t)gridDim.x * blockDim.x) {
        const size_t base = (i / half) * nchunks + 2 * (i % half);
        const d_ef q0 = def_load(q, base), q1 = def_load(q, base + 1);
        const d_ef w0 = def_load(w, base), w1 = def_load(w, base + 1);
        s1 = def_add(s1, def_mul(q1, w1));
        s2 = def_add(s2, def_mul(def_sub(def_double(q1), q0), def_sub(def_double(w1), w0)));
    }
    s1 = def_block_sum(s1, scratch);
    s2 = def_block_sum(s2, scratch);
    if (threadIdx.x == 0) {
        def_store(partial, 2 * blockIdx.x, s1);
        def_store(partial, 2 * blockIdx.x + 1, s2);
    }
}

static __global__ void k_sr_fold(const uint32_t *__restrict__ q, uint32_t *__restrict__ q2, const uint32_t *__restrict__ w,
                          uint32_t *__restrict__ w2, size_t W, size_t nchunks, size_t half, d_ef u) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= W * half) return;
    const size_t g = i / half, y = i % half;
    const size_t src = g * nchunks + 2 * y, dst = g * nchunks + y;
    const d_ef a = def_load(q, src), c = def_load(q, src + 1);
    def_store(q2, dst, def_add(a, def_mul(u, def_sub(c, a))));
    const d_ef x = def_load(w, src), z = def_load(w, src + 1);
    def_store(w2, dst, def_add(x, def_mul(u, def_sub(z, x))));
}

static __global__ void k_sr_first(const uint32_t *__restrict__ q, size_t W, size_t nchunks, uint32_t *__restrict__ out) {
    const size_t g = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (g < W) def_store(out, g, def_load(q, g * nchunks));
}

extern "C" int swirl_cuda_sr_round0(swirl_cuda_dev *d, unsigned l, const swirl_cuda_sr_slice *slices,
                                    const swirl_cuda_sr_block *blocks, size_t nb, const uint32_t *ytab,
                                    const uint32_t *zf, const uint32_t *lw, uint64_t *acc, uint32_t *evals) {
    if (!d || l > 10 || (nb && (!slices || !blocks || !ytab)) || !zf || !lw || !acc || !evals) return SWIRL_ERR_INVALID_ARG;
    const size_t D2 = (size_t)2 << l;
    CU_TRY(cudaMemsetAsync(acc, 0, D2 * 4 * sizeof(uint64_t), d->stream), "sr acc zero");
    const unsigned threads = (1u << l) > SR_THREADS ? (1u << l) : SR_THREADS;
    for (size_t first = 0; first < nb; first += 65535u * 1024u) {
        const size_t n = nb - first < 65535u * 1024u ? nb - first : 65535u * 1024u;
        k_sr_round0<<<(unsigned)n, threads, 2 * threads * sizeof(d_ef), d->stream>>>(
            l, slices, blocks + first, ytab, zf, lw, (unsigned long long *)acc);
        CU_LAUNCHED("k_sr_round0");
    }
    uint32_t *out = (uint32_t *)(acc + D2 * 4); /* D2 EF after the accumulators */
    k_acc_reduce<<<blocks_for(D2 * 4), SR_THREADS, 0, d->stream>>>((const unsigned long long *)acc, D2 * 4, out);
    CU_LAUNCHED("k_acc_reduce");
    return swirl_cuda_read_small(d, evals, out, D2 * 16);
}

extern "C" int swirl_cuda_sr_qtable(swirl_cuda_dev *d, unsigned l, const uint32_t *const *cols, size_t W, size_t nchunks,
                                    const uint32_t *l0, uint32_t *q) {
    if (!d || (W && (!cols || !l0 || !q)) || l > 10) return SWIRL_ERR_INVALID_ARG;
    if (!W || !nchunks) return SWIRL_OK;
    k_sr_qtable<<<blocks_for(W * nchunks), SR_THREADS, 0, d->stream>>>(l, cols, W, nchunks, l0, q);
    CU_LAUNCHED("k_sr_qtable");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_sr_wtable(swirl_cuda_dev *d, const swirl_cuda_sr_slice *slices, const swirl_cuda_sr_block *blocks,
                                    size_t nb, const uint32_t *ytab, const uint32_t *zf0, size_t W, size_t nchunks,
                                    uint32_t *w) {
    if (!d || !w || (nb && (!slices || !blocks || !ytab || !zf0))) return SWIRL_ERR_INVALID_ARG;
    CU_TRY(cudaMemsetAsync(w, 0, W * nchunks * 16, d->stream), "sr w zero");
    for (size_t first = 0; first < nb; first += 65535u * 1024u) {
        const size_t n = nb - first < 65535u * 1024u ? nb - first : 65535u * 1024u;
        k_sr_wtable<<<(unsigned)n, SR_THREADS, 0, d->stream>>>(slices, blocks + first, ytab, zf0, nchunks, w);
        CU_LAUNCHED("k_sr_wtable");
    }
    return SWIRL_OK;
}

extern "C" int swirl_cuda_sr_round(swirl_cuda_dev *d, const uint32_t *q, const uint32_t *w, size_t W, size_t nchunks,
                                   size_t len, uint32_t *scratch, uint32_t out[8]) {
    if (!d || !q || !w || !scratch || !out || len < 2) return SWIRL_ERR_INVALID_ARG;
    const size_t items = W * (len / 2);
    size_t nb = (items + SR_THREADS - 1) / SR_THREADS;
    if (nb > 512) nb = 512;
    if (nb == 0) nb = 1;
    uint32_t *total = scratch + 8 * 512;
    k_sr_round<<<(unsigned)nb, SR_THREADS, 0, d->stream>>>(q, w, W, nchunks, len / 2, scratch);
    CU_LAUNCHED("k_sr_round");
    k_sum_pairs<<<1, EF_SUM_THREADS, 0, d->stream>>>(scratch, (unsigned)nb, total);
    CU_LAUNCHED("k_sum_pairs");
    return swirl_cuda_read_small(d, out, total, 32);
}

extern "C" int swirl_cuda_sr_fold(swirl_cuda_dev *d, const uint32_t *q, uint32_t *q2, const uint32_t *w, uint32_t *w2,
                                  size_t W, size_t nchunks, size_t len, const uint32_t u[4]) {
    if (!d || !q || !q2 || !w || !w2 || !u) return SWIRL_ERR_INVALID_ARG;
    const size_t items = W * (len / 2);
    if (!items) return SWIRL_OK;
    d_ef uu = {{u[0], u[1], u[2], u[3]}};
    k_sr_fold<<<blocks_for(items), SR_THREADS, 0, d->stream>>>(q, q2, w, w2, W, nchunks, len / 2, uu);
    CU_LAUNCHED("k_sr_fold");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_sr_first(swirl_cuda_dev *d, const uint32_t *q, size_t W, size_t nchunks, uint32_t *out) {
    if (!d || (W && (!q || !out))) return SWIRL_ERR_INVALID_ARG;
    if (!W) return SWIRL_OK;
    k_sr_first<<<blocks_for(W), SR_THREADS, 0, d->stream>>>(q, W, nchunks, out);
    CU_LAUNCHED("k_sr_first");
    return SWIRL_OK;
}
