/* whir.cu — the WHIR prover's device kernels (see cuda_whir.h for each one's contract).
 *
 * Whole-buffer operations over EF tables in device memory, one thread per output entry (or a
 * grid-stride loop for the reductions). Reductions are two-stage: SWIRL_CUDA_REDUCE_BLOCKS
 * block sums into a scratch array, then one block sums those; field addition is exact, so the
 * result equals the CPU's sum in any order. */
#include "backend/cuda/cuda_internal.h"
#include "backend/cuda/cuda_whir.h"
#include "backend/cuda/ef.cuh"

#define WHIR_THREADS 256

static unsigned blocks_for(size_t n) { return (unsigned)((n + WHIR_THREADS - 1) / WHIR_THREADS); }

static unsigned reduce_blocks(size_t n) {
    size_t b = (n + WHIR_THREADS - 1) / WHIR_THREADS;
    return (unsigned)(b < SWIRL_CUDA_REDUCE_BLOCKS ? (b ? b : 1) : SWIRL_CUDA_REDUCE_BLOCKS);
}

static __global__ void k_whir_combine(const uint32_t *const *__restrict__ cols, const uint32_t *__restrict__ mu, size_t W,
                               size_t H, uint32_t *__restrict__ f) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= H) return;
    d_ef acc = def_zero();
    for (size_t g = 0; g < W; g++) acc = def_add(acc, def_mul_bb(def_load(mu, g), cols[g][i]));
    def_store(f, i, acc);
}

static __global__ void k_ef_zeta_bit(uint32_t *a, unsigned bit, size_t pairs, int inverse) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= pairs) return;
    const size_t hb = (size_t)1 << bit;
    const size_t lo = ((i >> bit) << (bit + 1)) | (i & (hb - 1));
    const d_ef x = def_load(a, lo);
    const d_ef y = def_load(a, lo | hb);
    def_store(a, lo | hb, inverse ? def_sub(y, x) : def_add(y, x));
}

static __global__ void k_whir_weights(uint32_t *__restrict__ w, const uint32_t *__restrict__ kt, unsigned m) {
    const size_t b = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (b >> m) return;
    d_ef acc = def_one();
    for (unsigned i = 0; i < m; i++) acc = def_mul(acc, def_load(kt, 2 * i + ((b >> i) & 1)));
    def_store(w, b, acc);
}

static __global__ void k_whir_sumcheck(const uint32_t *__restrict__ f, const uint32_t *__restrict__ w, size_t half,
                                uint32_t *__restrict__ partial) {
    __shared__ d_ef scratch[WHIR_THREADS];
    d_ef s1 = def_zero();
    d_ef s2 = def_zero();
    for (size_t y = (size_t)blockIdx.x * blockDim.x + threadIdx.x; y < half; y += (size_t)gridDim.x * blockDim.x) {
        const d_ef f0 = def_load(f, 2 * y), f1 = def_load(f, 2 * y + 1);
        const d_ef w0 = def_load(w, 2 * y), w1 = def_load(w, 2 * y + 1);
        s1 = def_add(s1, def_mul(f1, w1));
        s2 = def_add(s2, def_mul(def_sub(def_double(f1), f0), def_sub(def_double(w1), w0)));
    }
    s1 = def_block_sum(s1, scratch);
    s2 = def_block_sum(s2, scratch);
    if (threadIdx.x == 0) {
        def_store(partial, 2 * blockIdx.x, s1);
        def_store(partial, 2 * blockIdx.x + 1, s2);
    }
}

static __global__ void k_whir_fold(const uint32_t *__restrict__ f, uint32_t *__restrict__ f2, const uint32_t *__restrict__ w,
                            uint32_t *__restrict__ w2, size_t half, d_ef alpha) {
    const size_t y = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (y >= half) return;
    const d_ef a = def_load(f, 2 * y), c = def_load(f, 2 * y + 1);
    def_store(f2, y, def_add(a, def_mul(alpha, def_sub(c, a))));
    const d_ef u = def_load(w, 2 * y), v = def_load(w, 2 * y + 1);
    def_store(w2, y, def_add(u, def_mul(alpha, def_sub(v, u))));
}

static __global__ void k_ef_split(const uint32_t *__restrict__ g, size_t glen, uint32_t *__restrict__ cols, size_t ncw) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= ncw) return;
    const d_ef v = i < glen ? def_load(g, i) : def_zero();
#pragma unroll
    for (int c = 0; c < 4; c++) cols[(size_t)c * ncw + i] = v.c[c];
}

static __global__ void k_ef_eval(const uint32_t *__restrict__ g, size_t glen, const uint32_t *__restrict__ zpow,
                          uint32_t *__restrict__ partial) {
    __shared__ d_ef scratch[WHIR_THREADS];
    d_ef acc = def_zero();
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < glen; i += (size_t)gridDim.x * blockDim.x) {
        d_ef zi = def_one();
        for (unsigned j = 0; ((size_t)1 << j) <= i; j++)
            if ((i >> j) & 1) zi = def_mul(zi, def_load(zpow, j));
        acc = def_add(acc, def_mul(zi, def_load(g, i)));
    }
    acc = def_block_sum(acc, scratch);
    if (threadIdx.x == 0) {
        def_store(partial, 2 * blockIdx.x, acc);
        def_store(partial, 2 * blockIdx.x + 1, def_zero());
    }
}

static __global__ void k_gather_rows(const uint32_t *__restrict__ m, size_t col_stride, size_t width,
                              const uint32_t *__restrict__ idx, size_t q, unsigned k, size_t S,
                              uint32_t *__restrict__ out) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const size_t rows = (size_t)1 << k;
    if (t >= q * rows * width) return;
    const size_t c = t % width;
    const size_t qr = t / width; /* i * rows + row */
    const size_t i = qr >> k;
    const size_t row = qr & (rows - 1);
    out[t] = m[c * col_stride + idx[i] + row * S];
}

static __global__ void k_whir_update(uint32_t *__restrict__ w, unsigned nv, const uint32_t *__restrict__ ext,
                              const uint32_t *__restrict__ base, size_t q) {
    const size_t b = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (b >> nv) return;
    d_ef e = def_load(ext, 0);
    for (unsigned j = 0; j < nv; j++) {
        const d_ef x = def_load(ext, 1 + j);
        e = def_mul(e, ((b >> j) & 1) ? x : def_sub(def_one(), x));
    }
    d_ef acc = def_add(def_load(w, b), e);
    const size_t block_words = 4 + (size_t)nv;
    for (size_t p = 0; p < q; p++) {
        const uint32_t *blk = base + p * block_words;
        uint32_t eqv = 1;
        for (unsigned j = 0; j < nv; j++) {
            const uint32_t x = blk[4 + j];
            eqv = d_mul(eqv, ((b >> j) & 1) ? x : d_sub(1, x));
        }
        d_ef coef = {{blk[0], blk[1], blk[2], blk[3]}};
        acc = def_add(acc, def_mul_bb(coef, eqv));
    }
    def_store(w, b, acc);
}

extern "C" int swirl_cuda_whir_combine(swirl_cuda_dev *d, const uint32_t *const *cols, const uint32_t *mu, size_t W,
                                       size_t H, uint32_t *f) {
    if (!d || !f || (W && (!cols || !mu))) return SWIRL_ERR_INVALID_ARG;
    if (!H) return SWIRL_OK;
    k_whir_combine<<<blocks_for(H), WHIR_THREADS, 0, d->stream>>>(cols, mu, W, H, f);
    CU_LAUNCHED("k_whir_combine");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_ef_zeta(swirl_cuda_dev *d, uint32_t *a, unsigned n, int inverse) {
    if (!d || !a || n > 30) return SWIRL_ERR_INVALID_ARG;
    const size_t pairs = ((size_t)1 << n) / 2;
    for (unsigned bit = 0; bit < n; bit++) {
        k_ef_zeta_bit<<<blocks_for(pairs), WHIR_THREADS, 0, d->stream>>>(a, bit, pairs, inverse);
        CU_LAUNCHED("k_ef_zeta_bit");
    }
    return SWIRL_OK;
}

extern "C" int swirl_cuda_whir_weights(swirl_cuda_dev *d, uint32_t *w, const uint32_t *kt, unsigned m) {
    if (!d || !w || (m && !kt) || m > 30) return SWIRL_ERR_INVALID_ARG;
    k_whir_weights<<<blocks_for((size_t)1 << m), WHIR_THREADS, 0, d->stream>>>(w, kt, m);
    CU_LAUNCHED("k_whir_weights");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_whir_sumcheck(swirl_cuda_dev *d, const uint32_t *f, const uint32_t *w, size_t half,
                                        uint32_t *scratch, uint32_t out[8]) {
    if (!d || !f || !w || !scratch || !out) return SWIRL_ERR_INVALID_ARG;
    const unsigned nb = reduce_blocks(half);
    uint32_t *total = scratch + 8 * SWIRL_CUDA_REDUCE_BLOCKS;
    k_whir_sumcheck<<<nb, WHIR_THREADS, 0, d->stream>>>(f, w, half, scratch);
    CU_LAUNCHED("k_whir_sumcheck");
    k_sum_pairs<<<1, WHIR_THREADS, 0, d->stream>>>(scratch, nb, total);
    CU_LAUNCHED("k_sum_pairs");
    return swirl_cuda_read_small(d, out, total, 32);
}

extern "C" int swirl_cuda_whir_fold(swirl_cuda_dev *d, const uint32_t *f, uint32_t *f2, const uint32_t *w, uint32_t *w2,
                                    size_t half, const uint32_t alpha[4]) {
    if (!d || !f || !f2 || !w || !w2 || !alpha) return SWIRL_ERR_INVALID_ARG;
    if (!half) return SWIRL_OK;
    d_ef a = {{alpha[0], alpha[1], alpha[2], alpha[3]}};
    k_whir_fold<<<blocks_for(half), WHIR_THREADS, 0, d->stream>>>(f, f2, w, w2, half, a);
    CU_LAUNCHED("k_whir_fold");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_ef_split(swirl_cuda_dev *d, const uint32_t *g, size_t glen, uint32_t *cols, size_t ncw) {
    if (!d || !g || !cols || glen > ncw) return SWIRL_ERR_INVALID_ARG;
    if (!ncw) return SWIRL_OK;
    k_ef_split<<<blocks_for(ncw), WHIR_THREADS, 0, d->stream>>>(g, glen, cols, ncw);
    CU_LAUNCHED("k_ef_split");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_ef_eval(swirl_cuda_dev *d, const uint32_t *g, size_t glen, const uint32_t *zpow,
                                  uint32_t *scratch, uint32_t out[4]) {
    if (!d || !g || !zpow || !scratch || !out) return SWIRL_ERR_INVALID_ARG;
    const unsigned nb = reduce_blocks(glen);
    uint32_t *total = scratch + 8 * SWIRL_CUDA_REDUCE_BLOCKS;
    k_ef_eval<<<nb, WHIR_THREADS, 0, d->stream>>>(g, glen, zpow, scratch);
    CU_LAUNCHED("k_ef_eval");
    k_sum_pairs<<<1, WHIR_THREADS, 0, d->stream>>>(scratch, nb, total);
    CU_LAUNCHED("k_sum_pairs");
    return swirl_cuda_read_small(d, out, total, 16);
}

extern "C" int swirl_cuda_gather_rows(swirl_cuda_dev *d, const uint32_t *m, size_t col_stride, size_t width,
                                      const uint32_t *idx, size_t q, unsigned k, size_t S, uint32_t *out) {
    if (!d || (q && width && (!m || !idx || !out)) || k > 16) return SWIRL_ERR_INVALID_ARG;
    const size_t n = q * ((size_t)1 << k) * width;
    if (!n) return SWIRL_OK;
    k_gather_rows<<<blocks_for(n), WHIR_THREADS, 0, d->stream>>>(m, col_stride, width, idx, q, k, S, out);
    CU_LAUNCHED("k_gather_rows");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_whir_update_weights(swirl_cuda_dev *d, uint32_t *w, unsigned nv, const uint32_t *ext,
                                              const uint32_t *base, size_t q) {
    if (!d || !w || !ext || (q && !base) || nv > 30) return SWIRL_ERR_INVALID_ARG;
    k_whir_update<<<blocks_for((size_t)1 << nv), WHIR_THREADS, 0, d->stream>>>(w, nv, ext, base, q);
    CU_LAUNCHED("k_whir_update");
    return SWIRL_OK;
}
