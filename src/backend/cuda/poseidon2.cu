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

/* The constants are uploaded once per device object, on first use by a launcher of that object
 * (so under the one-thread-per-context contract, never concurrently for one object). Two device
 * objects on the same GPU write the same bytes into the module's __constant__ memory. */
static int p2_upload_consts(swirl_cuda_dev *d) {
    if (d->p2_consts_ready) return SWIRL_OK;
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
    d->p2_consts_ready = 1;
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

/* Linear maps commute with the Montgomery representation, so doubling, halving and negation act
 * on Montgomery-form values directly. */
static __device__ __forceinline__ uint32_t p2_dbl(uint32_t x) { return d_add(x, x); }
static __device__ __forceinline__ uint32_t p2_half(uint32_t x) { return (x & 1u) ? (x + DP) >> 1 : x >> 1; }

/* s_i <- sum + d_i s_i for BabyBear-16's internal diagonal
 * d = [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 2^-8, 1/4, 1/8, 2^-27 (= -15), -2^-8, -1/16, -2^-27 (= 15)]:
 * twelve of the sixteen products are additions and halvings; 2^-8 and 15 keep a Montgomery
 * product by their constant. */
static __device__ __forceinline__ void internal_diag(uint32_t *s, uint32_t sum) {
    s[0] = d_sub(sum, p2_dbl(s[0]));
    s[1] = d_add(sum, s[1]);
    s[2] = d_add(sum, p2_dbl(s[2]));
    s[3] = d_add(sum, p2_half(s[3]));
    s[4] = d_add(sum, d_add(p2_dbl(s[4]), s[4]));
    s[5] = d_add(sum, p2_dbl(p2_dbl(s[5])));
    s[6] = d_sub(sum, p2_half(s[6]));
    s[7] = d_sub(sum, d_add(p2_dbl(s[7]), s[7]));
    s[8] = d_sub(sum, p2_dbl(p2_dbl(s[8])));
    s[9] = d_add(sum, d_mont(c_diag[9], s[9]));
    s[10] = d_add(sum, p2_half(p2_half(s[10])));
    s[11] = d_add(sum, p2_half(p2_half(p2_half(s[11]))));
    s[12] = d_add(sum, d_mont(c_diag[12], s[12]));
    s[13] = d_add(sum, d_mont(c_diag[13], s[13]));
    s[14] = d_sub(sum, p2_half(p2_half(p2_half(p2_half(s[14])))));
    s[15] = d_add(sum, d_mont(c_diag[15], s[15]));
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
        internal_diag(s, sum);
    }
#pragma unroll
    for (int r = 0; r < 4; r++) {
#pragma unroll
        for (int i = 0; i < 16; i++) s[i] = sbox7(d_add(s[i], c_rc_term[r * 16 + i]));
        ext_layer(s);
    }
}

static __global__ void k_p2_permute(uint32_t *st, size_t n) {
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
static __global__ void k_hash_rows(const uint32_t *__restrict__ base, size_t nrows, size_t width, size_t rs, size_t cs,
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
static __global__ void k_compress_layer(const uint32_t *__restrict__ prev, uint32_t *__restrict__ out, size_t n_out,
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

static __global__ void k_grind(const uint32_t *__restrict__ state, unsigned absorb_idx, uint32_t mask, uint64_t base,
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
    int rc = p2_upload_consts(d);
    if (rc) return rc;
    if (!n) return SWIRL_OK;
    k_p2_permute<<<(unsigned)((n + 127) / 128), 128, 0, d->stream>>>(st, n);
    CU_LAUNCHED("k_p2_permute");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_hash_rows(swirl_cuda_dev *d, const uint32_t *base, size_t nrows, size_t width, size_t rs,
                                    size_t cs, uint32_t *out) {
    if (!d || !out || (!base && nrows && width)) return SWIRL_ERR_INVALID_ARG;
    int rc = p2_upload_consts(d);
    if (rc) return rc;
    if (!nrows) return SWIRL_OK;
    k_hash_rows<<<(unsigned)((nrows + 127) / 128), 128, 0, d->stream>>>(base, nrows, width, rs, cs, out);
    CU_LAUNCHED("k_hash_rows");
    return SWIRL_OK;
}

/* Leaf layer Q of a query-group tree: thread y hashes rows y + t*S (t < 2^k) and reduces their
 * digests by the binary tree over t (adjacent pairs first), keeping a stack of at most k + 1
 * digests: a digest of level v waits until its right sibling of level v arrives. */
static __global__ void k_tree_leaves(const uint32_t *__restrict__ base, size_t rs, size_t cs, size_t width, unsigned k,
                              size_t S, uint32_t *__restrict__ q_layer) {
    const size_t y = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (y >= S) return;
    uint32_t stack[8 * 17];
    unsigned level[17];
    unsigned top = 0;
    for (unsigned t = 0; t < (1u << k); t++) {
        uint32_t s[16];
#pragma unroll
        for (int i = 0; i < 16; i++) s[i] = 0;
        const uint32_t *row = base + (y + (size_t)t * S) * rs;
        const size_t full = width / 8 * 8;
        for (size_t c0 = 0; c0 < full; c0 += 8) {
#pragma unroll
            for (int i = 0; i < 8; i++) s[i] = d_to_mont(row[(c0 + i) * cs]);
            p2_permute_call(s);
        }
        const unsigned rem = (unsigned)(width - full);
        if (rem) {
#pragma unroll
            for (int i = 0; i < 8; i++)
                if ((unsigned)i < rem) s[i] = d_to_mont(row[(full + i) * cs]);
            p2_permute_call(s);
        }
        /* s[0..8) is the row digest in Montgomery form; merge while the top has its level */
        unsigned lv = 0;
        while (top > 0 && level[top - 1] == lv) {
            uint32_t st[16];
#pragma unroll
            for (int i = 0; i < 8; i++) {
                st[i] = stack[8 * (top - 1) + i];
                st[8 + i] = s[i];
            }
            p2_permute_call(st);
#pragma unroll
            for (int i = 0; i < 8; i++) s[i] = st[i];
            top--;
            lv++;
        }
#pragma unroll
        for (int i = 0; i < 8; i++) stack[8 * top + i] = s[i];
        level[top] = lv;
        top++;
    }
#pragma unroll
    for (int i = 0; i < 8; i++) q_layer[8 * y + i] = d_from_mont(stack[i]);
}

/* paths[i * depth + j] = nodes of layer j at (idx_i >> j) ^ 1 */
static __global__ void k_tree_paths(const uint32_t *__restrict__ nodes, unsigned depth, const uint32_t *__restrict__ idx,
                             size_t q, uint32_t *__restrict__ paths) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= q * depth) return;
    const size_t i = t / depth;
    const unsigned j = (unsigned)(t % depth);
    const size_t S = (size_t)1 << depth;
    const size_t layer_off = 2 * S - (S >> j) * 2;
    const size_t sib = ((size_t)idx[i] >> j) ^ 1;
    const uint32_t *src = nodes + 8 * (layer_off + sib);
#pragma unroll
    for (int w = 0; w < 8; w++) paths[8 * t + w] = src[w];
}

static size_t tree_layer_offset(unsigned depth, unsigned j) {
    const size_t S = (size_t)1 << depth;
    return 2 * S - (S >> j) * 2;
}

extern "C" int swirl_cuda_tree_alloc(swirl_cuda_dev *d, swirl_cuda_tree *t, unsigned log_rows, unsigned k) {
    if (!d || !t || k > log_rows || k > 16 || log_rows > 27) return SWIRL_ERR_INVALID_ARG;
    memset(t, 0, sizeof *t);
    t->log_rows = log_rows;
    t->k = k;
    t->depth = log_rows - k;
    const size_t nodes = ((size_t)2 << t->depth) - 1;
    return swirl_cuda_alloc(d, (void **)&t->d_nodes, nodes * 32);
}

extern "C" void swirl_cuda_tree_free(swirl_cuda_dev *d, swirl_cuda_tree *t) {
    if (!t) return;
    swirl_cuda_release(d, t->d_nodes);
    t->d_nodes = NULL;
}

extern "C" int swirl_cuda_tree_build(swirl_cuda_dev *d, swirl_cuda_tree *t, const swirl_matrix_view *m) {
    if (!d || !t || !m || !t->d_nodes || m->height != ((size_t)1 << t->log_rows)) return SWIRL_ERR_INVALID_ARG;
    int rc = p2_upload_consts(d);
    if (rc) return rc;
    const size_t S = (size_t)1 << t->depth;
    k_tree_leaves<<<(unsigned)((S + 127) / 128), 128, 0, d->stream>>>(m->base, m->row_stride, m->col_stride, m->width,
                                                                    t->k, S, t->d_nodes);
    CU_LAUNCHED("k_tree_leaves");
    for (unsigned j = 1; j <= t->depth; j++) {
        const size_t n_out = S >> j;
        const uint32_t *prev = t->d_nodes + 8 * tree_layer_offset(t->depth, j - 1);
        uint32_t *out = t->d_nodes + 8 * tree_layer_offset(t->depth, j);
        k_compress_layer<<<(unsigned)((n_out + 127) / 128), 128, 0, d->stream>>>(prev, out, n_out, 1);
        CU_LAUNCHED("k_compress_layer");
    }
    return swirl_cuda_read_small(d, t->root.v, t->d_nodes + 8 * tree_layer_offset(t->depth, t->depth), 32);
}

extern "C" int swirl_cuda_tree_paths(swirl_cuda_dev *d, const swirl_cuda_tree *t, const uint32_t *idx, size_t q,
                                     uint32_t *paths) {
    if (!d || !t || !t->d_nodes || (q && (!idx || !paths))) return SWIRL_ERR_INVALID_ARG;
    const size_t n = q * t->depth;
    if (n == 0) return SWIRL_OK;
    k_tree_paths<<<(unsigned)((n + 127) / 128), 128, 0, d->stream>>>(t->d_nodes, t->depth, idx, q, paths);
    CU_LAUNCHED("k_tree_paths");
    return SWIRL_OK;
}

/* The resident tree, then its layers copied into a host tree (for callers that open on the host). */
extern "C" int swirl_cuda_merkle_build(swirl_cuda_dev *d, const swirl_matrix_view *m, unsigned k,
                                       swirl_merkle_tree *t) {
    if (!d || !m || !t) return SWIRL_ERR_INVALID_ARG;
    memset(t, 0, sizeof *t);
    const size_t n = m->height;
    if (n == 0 || (n & (n - 1))) return SWIRL_ERR_INVALID_ARG;
    unsigned L = 0;
    while (((size_t)1 << L) < n) L++;
    swirl_cuda_tree dt;
    int rc = swirl_cuda_tree_alloc(d, &dt, L, k);
    if (rc == SWIRL_OK) rc = swirl_cuda_tree_build(d, &dt, m);
    if (rc == SWIRL_OK) rc = swirl_merkle_alloc(t, L, k);
    for (unsigned j = 0; rc == SWIRL_OK && j <= dt.depth; j++) {
        const size_t lj = ((size_t)1 << dt.depth) >> j;
        rc = swirl_cuda_download(d, t->layers[j], dt.d_nodes + 8 * tree_layer_offset(dt.depth, j), lj * 32);
    }
    swirl_cuda_tree_free(d, &dt);
    if (rc) {
        swirl_merkle_free(t);
        return rc;
    }
    t->root = dt.root;
    return SWIRL_OK;
}

extern "C" int swirl_cuda_grind(swirl_cuda_dev *d, const swirl_transcript *tr, unsigned bits, uint32_t *witness) {
    if (!d || !tr || !witness || bits > 30) return SWIRL_ERR_INVALID_ARG;
    *witness = 0;
    if (bits == 0) return SWIRL_OK;
    int rc = p2_upload_consts(d);
    if (rc) return rc;
    /* the device object's small scratch: the state (16 words) then the best witness */
    uint32_t *d_state = (uint32_t *)d->d_small;
    unsigned long long *d_best = (unsigned long long *)((char *)d->d_small + 64);
    unsigned long long best = ~0ull;
    rc = swirl_cuda_write_async(d, d_state, tr->state, 64);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(d, d_best, &best, sizeof best);
    const uint64_t batch = (uint64_t)1 << 24;
    for (uint64_t base = 0; rc == SWIRL_OK && base < DP; base += batch) {
        uint64_t cnt = DP - base < batch ? DP - base : batch;
        k_grind<<<(unsigned)((cnt + 255) / 256), 256, 0, d->stream>>>(d_state, tr->absorb_idx, (1u << bits) - 1, base,
                                                                     cnt, d_best);
        cudaError_t e = cudaGetLastError();
        if (e != cudaSuccess) {
            rc = swirl_cuda_status(e, "k_grind");
            break;
        }
        rc = swirl_cuda_read_small(d, &best, d_best, sizeof best);
        if (rc == SWIRL_OK && best != ~0ull) break;
    }
    if (rc != SWIRL_OK) return rc;
    if (best == ~0ull) return SWIRL_ERR_INTERNAL;
    *witness = (uint32_t)best;
    return SWIRL_OK;
}
