/* poseidon2.cu — Poseidon2-16 on the GPU: permutation, row hashing, query-group Merkle trees
 * (crypto_pcs.md §2–§3) and smallest-witness proof-of-work grinding (§4.4).
 *
 * One thread per state: the 16 lanes live in registers in Montgomery form; round constants in
 * __constant__ memory (Montgomery form), converted once from the shared macros of
 * src/hash/poseidon2_constants.h. Row hashing is thread-per-row over a column-major matrix, so
 * lane c of consecutive threads reads consecutive addresses (coalesced). Digests are 8 words. */
#include <stdlib.h>
#include <string.h>
#include "backend/cuda/bb.cuh"
#include "backend/cuda/cuda_internal.h"
#include "field/babybear.h"
#include "hash/poseidon2_constants.h"
#include "util/alloc.h"

__constant__ uint32_t c_rc_init[64];
__constant__ uint32_t c_rc_int[13];
__constant__ uint32_t c_rc_term[64];
__constant__ uint32_t c_diag[16];

static int g_consts_ready = 0;

static int p2_upload_consts(void) {
    if (g_consts_ready) return SWIRL_OK;
    static const uint32_t ri[64] = SWIRL_P2_RC_INIT_INIT, rn[13] = SWIRL_P2_RC_INTERNAL_INIT,
                          rt[64] = SWIRL_P2_RC_TERM_INIT, dg[16] = SWIRL_P2_DIAG_INIT;
    uint32_t a[64], b[13], c[64], e[16];
    for (int i = 0; i < 64; i++) { a[i] = bb_to_monty(ri[i]); c[i] = bb_to_monty(rt[i]); }
    for (int i = 0; i < 13; i++) b[i] = bb_to_monty(rn[i]);
    for (int i = 0; i < 16; i++) e[i] = bb_to_monty(dg[i]);
    CU_TRY(cudaMemcpyToSymbol(c_rc_init, a, sizeof a), "p2 consts");
    CU_TRY(cudaMemcpyToSymbol(c_rc_int, b, sizeof b), "p2 consts");
    CU_TRY(cudaMemcpyToSymbol(c_rc_term, c, sizeof c), "p2 consts");
    CU_TRY(cudaMemcpyToSymbol(c_diag, e, sizeof e), "p2 consts");
    g_consts_ready = 1;
    return SWIRL_OK;
}

static __device__ __forceinline__ uint32_t sbox7(uint32_t x) {
    uint32_t x2 = d_mont(x, x), x3 = d_mont(x2, x), x6 = d_mont(x3, x3);
    return d_mont(x6, x);
}

static __device__ __forceinline__ void m4(uint32_t &x0, uint32_t &x1, uint32_t &x2, uint32_t &x3) {
    uint32_t t01 = d_add(x0, x1), t23 = d_add(x2, x3), t0123 = d_add(t01, t23);
    uint32_t t01123 = d_add(t0123, x1), t01233 = d_add(t0123, x3);
    uint32_t y3 = d_add(t01233, d_add(x0, x0));
    uint32_t y1 = d_add(t01123, d_add(x2, x2));
    uint32_t y0 = d_add(t01123, t01);
    uint32_t y2 = d_add(t01233, t23);
    x0 = y0; x1 = y1; x2 = y2; x3 = y3;
}

static __device__ __forceinline__ void ext_layer(uint32_t *s) {
#pragma unroll
    for (int c = 0; c < 4; c++) m4(s[4 * c], s[4 * c + 1], s[4 * c + 2], s[4 * c + 3]);
#pragma unroll
    for (int j = 0; j < 4; j++) {
        uint32_t sum = d_add(d_add(s[j], s[j + 4]), d_add(s[j + 8], s[j + 12]));
        s[j] = d_add(s[j], sum); s[j + 4] = d_add(s[j + 4], sum);
        s[j + 8] = d_add(s[j + 8], sum); s[j + 12] = d_add(s[j + 12], sum);
    }
}

/* Permutation of a Montgomery-form state held in registers. */
static __device__ __forceinline__ void p2_permute(uint32_t *s) {
    ext_layer(s);
#pragma unroll
    for (int r = 0; r < 4; r++) {
#pragma unroll
        for (int i = 0; i < 16; i++) s[i] = sbox7(d_add(s[i], c_rc_init[r * 16 + i]));
        ext_layer(s);
    }
#pragma unroll
    for (int r = 0; r < 13; r++) {
        s[0] = sbox7(d_add(s[0], c_rc_int[r]));
        uint32_t sum = s[0];
#pragma unroll
        for (int i = 1; i < 16; i++) sum = d_add(sum, s[i]);
#pragma unroll
        for (int i = 0; i < 16; i++) s[i] = d_add(sum, d_mont(c_diag[i], s[i]));
    }
#pragma unroll
    for (int r = 0; r < 4; r++) {
#pragma unroll
        for (int i = 0; i < 16; i++) s[i] = sbox7(d_add(s[i], c_rc_term[r * 16 + i]));
        ext_layer(s);
    }
}

__global__ void k_p2_permute(uint32_t *st, size_t n) {
    size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n) return;
    uint32_t s[16];
#pragma unroll
    for (int i = 0; i < 16; i++) s[i] = d_to_mont(st[16 * t + i]);
    p2_permute(s);
#pragma unroll
    for (int i = 0; i < 16; i++) st[16 * t + i] = d_from_mont(s[i]);
}

/* cicc 13.0 crashes (segfault) when the fully unrolled permutation is inlined into a loop body,
 * so the row hash calls a non-inlined copy (its 16-word state then lives in local memory, L1). */
static __device__ __noinline__ void p2_permute_call(uint32_t *s) { p2_permute(s); }

/* Padding-free overwrite sponge over one row (crypto_pcs.md §3.1): full blocks of 8, then a
 * short last block that overwrites only its own lanes (stale lanes stay). */
__global__ void k_hash_rows(const uint32_t *__restrict__ base, size_t nrows, size_t width, size_t rs, size_t cs,
                            uint32_t *__restrict__ out) {
    size_t r = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= nrows) return;
    uint32_t s[16];
#pragma unroll
    for (int i = 0; i < 16; i++) s[i] = 0;
    const uint32_t *row = base + r * rs;
    size_t full = width / 8 * 8;
    for (size_t c0 = 0; c0 < full; c0 += 8) {
#pragma unroll
        for (int i = 0; i < 8; i++) s[i] = d_to_mont(row[(c0 + i) * cs]);
        p2_permute_call(s);
    }
    unsigned rem = (unsigned)(width - full);
    if (rem) {
#pragma unroll
        for (int i = 0; i < 8; i++) {
            uint32_t v = s[i];
            if ((unsigned)i < rem) v = d_to_mont(row[(full + i) * cs]);
            s[i] = v;
        }
        p2_permute_call(s);
    }
#pragma unroll
    for (int i = 0; i < 8; i++) out[8 * r + i] = d_from_mont(s[i]);
}

/* out[i] = C(prev[2x*S + y], prev[(2x+1)*S + y]) with x = i / S, y = i % S (S = 1: plain
 * binary tree layer). */
__global__ void k_compress_layer(const uint32_t *__restrict__ prev, uint32_t *__restrict__ out, size_t n_out,
                                 size_t S) {
    size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n_out) return;
    size_t x = i / S, y = i % S;
    const uint32_t *l = prev + 8 * (2 * x * S + y), *rgt = l + 8 * S;
    uint32_t s[16];
#pragma unroll
    for (int k = 0; k < 8; k++) { s[k] = d_to_mont(l[k]); s[8 + k] = d_to_mont(rgt[k]); }
    p2_permute(s);
#pragma unroll
    for (int k = 0; k < 8; k++) out[8 * i + k] = d_from_mont(s[k]);
}

__global__ void k_grind(const uint32_t *__restrict__ state, unsigned absorb_idx, uint32_t mask, uint64_t base,
                        uint64_t count, unsigned long long *best) {
    uint64_t t = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= count) return;
    uint64_t w = base + t;
    if (w >= DP || w >= *best) return;
    uint32_t s[16];
#pragma unroll
    for (int i = 0; i < 16; i++) s[i] = d_to_mont(state[i]);
    s[absorb_idx & 7] = d_to_mont((uint32_t)w);
    p2_permute(s);
    if ((d_from_mont(s[7]) & mask) == 0) atomicMin(best, (unsigned long long)w);
}

extern "C" int swirl_cuda_p2_permute(swirl_cuda_dev *d, uint32_t *st, size_t n) {
    if (!d || (!st && n)) return SWIRL_ERR_INVALID_ARG;
    int rc = p2_upload_consts();
    if (rc) return rc;
    if (!n) return SWIRL_OK;
    k_p2_permute<<<(unsigned)((n + 127) / 128), 128, 0, d->stream>>>(st, n);
    CU_LAUNCHED("k_p2_permute");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_hash_rows(swirl_cuda_dev *d, const uint32_t *base, size_t nrows, size_t width, size_t rs,
                                    size_t cs, uint32_t *out) {
    if (!d || !out || (!base && nrows && width)) return SWIRL_ERR_INVALID_ARG;
    int rc = p2_upload_consts();
    if (rc) return rc;
    if (!nrows) return SWIRL_OK;
    k_hash_rows<<<(unsigned)((nrows + 127) / 128), 128, 0, d->stream>>>(base, nrows, width, rs, cs, out);
    CU_LAUNCHED("k_hash_rows");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_merkle_build(swirl_cuda_dev *d, const swirl_matrix_view *m, unsigned k,
                                       swirl_merkle_tree *t) {
    if (!d || !m || !t) return SWIRL_ERR_INVALID_ARG;
    memset(t, 0, sizeof *t);
    size_t n = m->height;
    if (n == 0 || (n & (n - 1))) return SWIRL_ERR_INVALID_ARG;
    unsigned L = 0;
    while (((size_t)1 << L) < n) L++;
    if (k > L) return SWIRL_ERR_INVALID_ARG;
    size_t S = n >> k;
    uint32_t *a = NULL, *b = NULL;
    CU_TRY(cudaMalloc((void **)&a, n * 32), "merkle alloc");
    cudaError_t e = cudaMalloc((void **)&b, (n / 2 > 0 ? n / 2 : 1) * 32);
    if (e != cudaSuccess) { cudaFree(a); return swirl_cuda_status(e, "merkle alloc"); }
    int rc = swirl_cuda_hash_rows(d, m->base, n, m->width, m->row_stride, m->col_stride, a);
    size_t len = n;
    for (unsigned j = 0; rc == SWIRL_OK && j < k; j++) {
        k_compress_layer<<<(unsigned)((len / 2 + 127) / 128), 128, 0, d->stream>>>(a, b, len / 2, S);
        e = cudaGetLastError();
        if (e != cudaSuccess) rc = swirl_cuda_status(e, "k_compress_layer");
        uint32_t *tmp = a; a = b; b = tmp;
        len /= 2;
    }
    t->log_rows = L;
    t->k = k;
    t->depth = L - k;
    if (rc == SWIRL_OK) {
        t->layers = (swirl_digest **)swirl_calloc(t->depth + 1, sizeof *t->layers);
        if (!t->layers) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    /* a holds Q (S digests). Download it, then build and download each upper layer. */
    for (unsigned j = 0; rc == SWIRL_OK && j <= t->depth; j++) {
        size_t lj = S >> j;
        if (j > 0) {
            k_compress_layer<<<(unsigned)((lj + 127) / 128), 128, 0, d->stream>>>(a, b, lj, 1);
            e = cudaGetLastError();
            if (e != cudaSuccess) { rc = swirl_cuda_status(e, "k_compress_layer"); break; }
            uint32_t *tmp = a; a = b; b = tmp;
        }
        t->layers[j] = (swirl_digest *)swirl_malloc(lj * sizeof(swirl_digest));
        if (!t->layers[j]) { rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
        rc = swirl_cuda_download(d, t->layers[j], a, lj * 32);
    }
    cudaFree(a);
    cudaFree(b);
    if (rc != SWIRL_OK) {
        swirl_merkle_free(t);
        return rc;
    }
    t->root = t->layers[t->depth][0];
    return SWIRL_OK;
}

extern "C" int swirl_cuda_grind(swirl_cuda_dev *d, const swirl_transcript *tr, unsigned bits, uint32_t *witness) {
    if (!d || !tr || !witness || bits > 30) return SWIRL_ERR_INVALID_ARG;
    *witness = 0;
    if (bits == 0) return SWIRL_OK;
    int rc = p2_upload_consts();
    if (rc) return rc;
    uint32_t *d_state = NULL;
    unsigned long long *d_best = NULL;
    CU_TRY(cudaMalloc((void **)&d_state, 64), "grind alloc");
    cudaError_t e = cudaMalloc((void **)&d_best, sizeof *d_best);
    if (e != cudaSuccess) { cudaFree(d_state); return swirl_cuda_status(e, "grind alloc"); }
    unsigned long long best = ~0ull;
    rc = swirl_cuda_upload(d, d_state, tr->state, 64);
    if (rc == SWIRL_OK) rc = swirl_cuda_upload(d, d_best, &best, sizeof best);
    const uint64_t batch = (uint64_t)1 << 24;
    for (uint64_t base = 0; rc == SWIRL_OK && base < DP; base += batch) {
        uint64_t cnt = DP - base < batch ? DP - base : batch;
        k_grind<<<(unsigned)((cnt + 255) / 256), 256, 0, d->stream>>>(d_state, tr->absorb_idx, (1u << bits) - 1, base,
                                                                     cnt, d_best);
        e = cudaGetLastError();
        if (e != cudaSuccess) { rc = swirl_cuda_status(e, "k_grind"); break; }
        rc = swirl_cuda_download(d, &best, d_best, sizeof best);
        if (rc == SWIRL_OK && best != ~0ull) break;
    }
    cudaFree(d_state);
    cudaFree(d_best);
    if (rc != SWIRL_OK) return rc;
    if (best == ~0ull) return SWIRL_ERR_INTERNAL;
    *witness = (uint32_t)best;
    return SWIRL_OK;
}
