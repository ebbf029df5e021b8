/* poseidon2.cu — Poseidon2-16 on the GPU: permutation, row hashing, query-group Merkle trees
 * (crypto_pcs.md §2–§3) and smallest-witness proof-of-work grinding (§4.4).
 *
 * One thread per state: the 16 lanes live in registers in Montgomery form. The round constants
 * and the internal diagonal (Montgomery form, converted once from the shared macros of
 * src/hash/poseidon2_constants.h) belong to the device object (swirl_cuda_dev.p2, built when it
 * is created) and reach every kernel by value as a kernel parameter: parameters live in the
 * constant bank, so the unrolled rounds read them as c[0x0][...] operands, exactly as they would
 * read __constant__ memory, and the module has no global device state. Row hashing is
 * thread-per-row over a column-major matrix, so lane c of consecutive threads reads consecutive
 * addresses (coalesced). Digests are 8 words. */
#include <stdlib.h>
#include <string.h>
#include "backend/cuda/bb.cuh"
#include "backend/cuda/cuda_internal.h"
#include "field/babybear.h"
#include "hash/poseidon2_constants.h"
#include "util/alloc.h"

extern "C" void swirl_cuda_p2_consts_init(swirl_p2_consts *k) {
    static const uint32_t ri[64] = SWIRL_P2_RC_INIT_INIT, rn[13] = SWIRL_P2_RC_INTERNAL_INIT,
                          rt[64] = SWIRL_P2_RC_TERM_INIT, dg[16] = SWIRL_P2_DIAG_INIT;
    for (int i = 0; i < 64; i++) { k->init[i] = bb_to_monty(ri[i]); k->term[i] = bb_to_monty(rt[i]); }
    for (int i = 0; i < 13; i++) k->internal[i] = bb_to_monty(rn[i]);
    for (int i = 0; i < 16; i++) k->diag[i] = bb_to_monty(dg[i]);
}

/* ---- Poseidon2 arithmetic: lazy (partly reduced) Montgomery values ------------------------------
 *
 * Values are Montgomery residues held in 32 bits, not always canonical. p = 15*2^27 + 1 ~ 0.469*2^32,
 * so a 32-bit register holds [0, 2p) with 2^28 - 2 to spare. The bounds below are worst cases
 * (each one was checked with exact integer arithmetic at its extreme inputs).
 * Only residues matter for the result: every output goes through d_from_mont, which maps any
 * 32-bit value to the canonical residue, so all outputs are bit-identical to fully reduced
 * arithmetic (the CPU reference). */

/* M4 of Poseidon2 (canonical in, canonical out) */
static __device__ __forceinline__ void m4(uint32_t &x0, uint32_t &x1, uint32_t &x2, uint32_t &x3) {
    uint32_t t01 = d_add(x0, x1), t23 = d_add(x2, x3), t0123 = d_add(t01, t23);
    uint32_t t01123 = d_add(t0123, x1), t01233 = d_add(t0123, x3);
    uint32_t y3 = d_add(t01233, d_add(x0, x0));
    uint32_t y1 = d_add(t01123, d_add(x2, x2));
    uint32_t y0 = d_add(t01123, t01);
    uint32_t y2 = d_add(t01233, t23);
    x0 = y0; x1 = y1; x2 = y2; x3 = y3;
}

/* The external layer circ(2 M4, M4, M4, M4) on canonical lanes. LAZY = 0: canonical out;
 * LAZY = 1: lanes 1..15 left as y + sum < 2p (lane 0 canonical; what the internal rounds take);
 * LAZY = 2: every lane < 2p (the last layer, whose consumer is d_from_mont). */
template <int LAZY> static __device__ __forceinline__ void ext_layer(uint32_t *s) {
#pragma unroll
    for (int c = 0; c < 4; c++) m4(s[4 * c], s[4 * c + 1], s[4 * c + 2], s[4 * c + 3]);
#pragma unroll
    for (int j = 0; j < 4; j++) {
        uint32_t sum = d_add(d_add(s[j], s[j + 4]), d_add(s[j + 8], s[j + 12]));
#pragma unroll
        for (int c = 0; c < 4; c++) {
            const int i = j + 4 * c;
            s[i] = (LAZY == 2 || (LAZY == 1 && i != 0)) ? s[i] + sum : d_add(s[i], sum);
        }
    }
}

/* a*b*2^-32 mod p without the final correction: r = hi(ab) - hi(m p) + p in [1, hi(ab) + p].
 * Exact (the low halves of ab and mp agree) and 32-bit when hi(ab) < 2^32 - p, i.e. ab < 2^32 (2^32 - p). */
static __device__ __forceinline__ uint32_t p2_mont_lazy(uint32_t a, uint32_t b) {
    uint64_t x = (uint64_t)a * b;
    uint32_t m = (uint32_t)x * SWIRL_BB_MONTY_MU;
    return (uint32_t)(x >> 32) - __umulhi(m, DP) + DP;
}

/* x^7 for canonical x, canonical result:
 *   x2 = lazy(x, x)    hi < 0.469p            -> x2 < 1.469p
 *   x3 = lazy(x2, x)   hi < 1.469*0.469p = 0.689p -> x3 < 1.689p
 *   x6 = d_mont(x3,x3) hi < 1.689^2*0.469p = 1.337p: d_mont returns hi - mh (< hi) or hi - mh + p (< p),
 *                      so x6 < 1.337p
 *   x7 = d_mont(x6, x) hi < 1.337*0.469p = 0.627p < p -> canonical. */
static __device__ __forceinline__ uint32_t p2_sbox(uint32_t x) {
    uint32_t x2 = p2_mont_lazy(x, x), x3 = p2_mont_lazy(x2, x), x6 = d_mont(x3, x3);
    return d_mont(x6, x);
}

/* [0, 2p) -> [0, p) */
static __device__ __forceinline__ uint32_t p2_red(uint32_t x) { return x >= DP ? x - DP : x; }

/* c_k = 15 * 2^(27-k) = (p - 1) / 2^k, so 2^-k = -c_k (mod p): for x = q 2^k + r (r < 2^k),
 * x 2^-k = q + r 2^-k = q - r c_k, with r c_k <= p - 1 - c_k. */
#define P2_CK(k) (15u << (27 - (k)))

/* x * 2^-k canonical, for q = x >> k < p (k >= 2: any x; k = 1: x < 2p): t = q - r c_k in (-p, p). */
template <int k> static __device__ __forceinline__ uint32_t p2_shr(uint32_t x) {
    int32_t t = (int32_t)(x >> k) - (int32_t)((x & ((1u << k) - 1)) * P2_CK(k));
    return t < 0 ? (uint32_t)(t + (int32_t)DP) : (uint32_t)t;
}
/* -x * 2^-k = c_k x canonical, same conditions: t = r c_k - q in (-p, p). */
template <int k> static __device__ __forceinline__ uint32_t p2_nshr(uint32_t x) {
    int32_t t = (int32_t)((x & ((1u << k) - 1)) * P2_CK(k)) - (int32_t)(x >> k);
    return t < 0 ? (uint32_t)(t + (int32_t)DP) : (uint32_t)t;
}

/* Sum of the 16 lanes, canonical. The lanes are < 2p + 2^24 (see p2_internal_round), so the
 * 64-bit sum S < 31p + 2^25 < 2^36 and S >> 27 < 512. q = floor(S / (p - 1)) =
 * floor((S >> 27) / 15) = ((S >> 27) * 4370) >> 16 (exact below 512), q <= 31, and
 * S - q p = S - q (p - 1) - q lies in [-31, p - 1): one signed correction. */
static __device__ __forceinline__ uint32_t p2_sum16(const uint32_t *s) {
    uint64_t S = 0;
#pragma unroll
    for (int i = 0; i < 16; i++) S += s[i];
    uint32_t q = ((uint32_t)(S >> 27) * 4370u) >> 16;
    int32_t t = (int32_t)((uint32_t)S - q * DP);
    return t < 0 ? (uint32_t)(t + (int32_t)DP) : (uint32_t)t;
}

/* One internal round. Lane bounds on entry and exit: s[0] canonical; s[9] < 2p + 2^24;
 * s[12] < 2p + 31; every other lane < 2p. New lane i is sum + d_i s_i with sum canonical:
 *  - most lanes: a canonical product t_i, then sum + t_i < 2p without reduction;
 *  - d = 2^-8, 2^-27 (lanes 9, 12): sum + q + (p - r c_k) with p - r c_k in [1, p]: < 2p + q,
 *    q < 2^24 (resp. 32) for any 32-bit input, so these bounds hold for any input;
 *  - d = 3, 4, -3, -4 (lanes 4, 5, 7, 8): d_mont by the Montgomery diagonal (any 32-bit x times
 *    a canonical constant is < 2^32 p, so the product is canonical). */
static __device__ __forceinline__ void p2_internal_round(uint32_t *s, uint32_t rc, const swirl_p2_consts &k) {
    s[0] = p2_sbox(d_add(s[0], rc));
    const uint32_t sum = p2_sum16(s);
    s[0] = d_sub(sum, p2_red(s[0] << 1));            /* -2: 2 s0 < 2p */
    s[1] = sum + p2_red(s[1]);                        /* 1 */
    s[2] = sum + p2_red(p2_red(s[2]) << 1);           /* 2 */
    s[3] = sum + p2_shr<1>(s[3]);                     /* 1/2: s3 < 2p so q < p */
    s[4] = sum + d_mont(s[4], k.diag[4]);             /* 3 */
    s[5] = sum + d_mont(s[5], k.diag[5]);             /* 4 */
    s[6] = sum + p2_nshr<1>(s[6]);                    /* -1/2 */
    s[7] = sum + d_mont(s[7], k.diag[7]);             /* -3 */
    s[8] = sum + d_mont(s[8], k.diag[8]);             /* -4 */
    s[9] = sum + (s[9] >> 8) + (DP - (s[9] & 0xffu) * P2_CK(8));          /* 2^-8 */
    s[10] = sum + p2_shr<2>(s[10]);                   /* 1/4 */
    s[11] = sum + p2_shr<3>(s[11]);                   /* 1/8 */
    s[12] = sum + (s[12] >> 27) + (DP - (s[12] & 0x7ffffffu) * P2_CK(27)); /* 2^-27 */
    s[13] = sum + p2_nshr<8>(s[13]);                  /* -2^-8 */
    s[14] = sum + p2_nshr<4>(s[14]);                  /* -1/16 */
    s[15] = sum + p2_nshr<27>(s[15]);                 /* -2^-27 = 15 */
}

/* Permutation of a Montgomery-form state held in registers (the residues of the CPU's permutation).
 * In: canonical lanes. Out: canonical lanes when CANON (a sponge or tree that permutes the state
 * again), else lanes < 2p (for d_from_mont, which maps any 32-bit value to the canonical residue). */
template <bool CANON = true> static __device__ __forceinline__ void p2_permute(uint32_t *s, const swirl_p2_consts &k) {
    ext_layer<0>(s);
#pragma unroll
    for (int r = 0; r < 4; r++) {
#pragma unroll
        for (int i = 0; i < 16; i++) s[i] = p2_sbox(d_add(s[i], k.init[r * 16 + i]));
        if (r < 3) ext_layer<0>(s);
        else ext_layer<1>(s); /* lane 0 canonical, lanes 1..15 < 2p: p2_internal_round's entry bounds */
    }
#pragma unroll
    for (int r = 0; r < 13; r++) p2_internal_round(s, k.internal[r], k);
    /* back to canonical for M4: lanes 9 and 12 are < 2p + 2^24 (two subtractions), the others < 2p */
#pragma unroll
    for (int i = 1; i < 16; i++) s[i] = (i == 9 || i == 12) ? p2_red(p2_red(s[i])) : p2_red(s[i]);
#pragma unroll
    for (int r = 0; r < 4; r++) {
#pragma unroll
        for (int i = 0; i < 16; i++) s[i] = p2_sbox(d_add(s[i], k.term[r * 16 + i]));
        if (r < 3 || CANON) ext_layer<0>(s);
        else ext_layer<2>(s);
    }
}

static __global__ void k_p2_permute(uint32_t *st, size_t n, const swirl_p2_consts k) {
    size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n) return;
    uint32_t s[16];
#pragma unroll
    for (int i = 0; i < 16; i++) s[i] = d_to_mont(st[16 * t + i]);
    p2_permute<false>(s, k);
#pragma unroll
    for (int i = 0; i < 16; i++) st[16 * t + i] = d_from_mont(s[i]);
}


/* Padding-free overwrite sponge over one row (crypto_pcs.md §3.1): full blocks of 8, then a
 * short last block that overwrites only its own lanes (stale lanes stay). */
static __global__ void k_hash_rows(const uint32_t *__restrict__ base, size_t nrows, size_t width, size_t rs, size_t cs,
                                   uint32_t *__restrict__ out, const swirl_p2_consts k) {
    size_t r = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= nrows) return;
    uint32_t s[16];
#pragma unroll
    for (int i = 0; i < 16; i++) s[i] = 0;
    const uint32_t *row = base + r * rs;
    /* one loop (one inlined copy of the permutation) for the full blocks and the short last one */
    for (size_t c0 = 0; c0 < width; c0 += 8) {
        const size_t n = width - c0 < 8 ? width - c0 : 8;
#pragma unroll
        for (int i = 0; i < 8; i++)
            if ((size_t)i < n) s[i] = d_to_mont(row[(c0 + i) * cs]);
        p2_permute(s, k);
    }
#pragma unroll
    for (int i = 0; i < 8; i++) out[8 * r + i] = d_from_mont(s[i]);
}

/* out[i] = C(prev[2x*S + y], prev[(2x+1)*S + y]) with x = i / S, y = i % S (S = 1: plain
 * binary tree layer). */
static __global__ void k_compress_layer(const uint32_t *__restrict__ prev, uint32_t *__restrict__ out, size_t n_out,
                                        size_t S, const swirl_p2_consts k) {
    size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n_out) return;
    size_t x = i / S, y = i % S;
    const uint32_t *l = prev + 8 * (2 * x * S + y), *rgt = l + 8 * S;
    uint32_t s[16];
#pragma unroll
    for (int j = 0; j < 8; j++) { s[j] = d_to_mont(l[j]); s[8 + j] = d_to_mont(rgt[j]); }
    p2_permute<false>(s, k);
#pragma unroll
    for (int j = 0; j < 8; j++) out[8 * i + j] = d_from_mont(s[j]);
}

static __global__ void k_grind(const uint32_t *__restrict__ state, unsigned absorb_idx, uint32_t mask, uint64_t base,
                               uint64_t count, unsigned long long *best, const swirl_p2_consts k) {
    uint64_t t = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= count) return;
    uint64_t w = base + t;
    if (w >= DP || w >= *best) return;
    uint32_t s[16];
#pragma unroll
    for (int i = 0; i < 16; i++) s[i] = d_to_mont(state[i]);
    s[absorb_idx & 7] = d_to_mont((uint32_t)w);
    p2_permute<false>(s, k);
    if ((d_from_mont(s[7]) & mask) == 0) atomicMin(best, (unsigned long long)w);
}

extern "C" int swirl_cuda_p2_permute(swirl_cuda_dev *d, uint32_t *st, size_t n) {
    if (!d || (!st && n)) return SWIRL_ERR_INVALID_ARG;
    if (!n) return SWIRL_OK;
    k_p2_permute<<<(unsigned)((n + 127) / 128), 128, 0, d->stream>>>(st, n, d->p2);
    CU_LAUNCHED("k_p2_permute");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_hash_rows(swirl_cuda_dev *d, const uint32_t *base, size_t nrows, size_t width, size_t rs,
                                    size_t cs, uint32_t *out) {
    if (!d || !out || (!base && nrows && width)) return SWIRL_ERR_INVALID_ARG;
    if (!nrows) return SWIRL_OK;
    k_hash_rows<<<(unsigned)((nrows + 127) / 128), 128, 0, d->stream>>>(base, nrows, width, rs, cs, out, d->p2);
    CU_LAUNCHED("k_hash_rows");
    return SWIRL_OK;
}

/* Leaf layer Q of a query-group tree: thread y hashes rows y + t*S (t < 2^k) and reduces their
 * digests by the binary tree over t (adjacent pairs first), keeping a stack of at most k + 1
 * digests: a digest of level v waits until its right sibling of level v arrives. */
static __global__ void k_tree_leaves(const uint32_t *__restrict__ base, size_t rs, size_t cs, size_t width, unsigned lk,
                                     size_t S, uint32_t *__restrict__ q_layer, const swirl_p2_consts k) {
    const size_t y = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (y >= S) return;
    uint32_t stack[8 * 17];
    unsigned level[17];
    unsigned top = 0, t = 0, lv = 0;
    const unsigned T = 1u << lk;
    const size_t nb = (width + 7) / 8; /* sponge blocks per row; the last may be short */
    size_t b = 0;                      /* next block of row t */
    int merge = 0;
    int ready = nb == 0;               /* s[0..8) holds a digest of level lv to settle */
    uint32_t s[16];
#pragma unroll
    for (int i = 0; i < 16; i++) s[i] = 0;
    /* One permutation site for row blocks and merges alike: the unrolled permutation is inlined
     * once (one copy of its code: several inlined copies ran slower than a call, and cicc 13.0
     * once crashed on them). Each pass settles a finished digest, picks the next input, permutes. */
    for (;;) {
        while (ready) {
            if (top > 0 && level[top - 1] == lv) { /* its left sibling waits: merge next */
                merge = 1;
                break;
            }
#pragma unroll
            for (int i = 0; i < 8; i++) stack[8 * top + i] = s[i];
            level[top++] = lv;
            if (++t == T) {
#pragma unroll
                for (int i = 0; i < 8; i++) q_layer[8 * y + i] = d_from_mont(stack[i]);
                return;
            }
#pragma unroll
            for (int i = 0; i < 16; i++) s[i] = 0;
            b = 0;
            lv = 0;
            merge = 0;
            ready = nb == 0; /* width 0: the zero state is the row digest */
        }
        if (merge) { /* C(left = stack top, right = s[0..8)) */
#pragma unroll
            for (int i = 0; i < 8; i++) {
                s[8 + i] = s[i];
                s[i] = stack[8 * (top - 1) + i];
            }
            top--;
            lv++;
        } else { /* overwrite-absorb block b of row t: a short last block keeps the stale lanes */
            const uint32_t *row = base + (y + (size_t)t * S) * rs;
            const size_t c0 = 8 * b, n = width - c0 < 8 ? width - c0 : 8;
#pragma unroll
            for (int i = 0; i < 8; i++)
                if ((size_t)i < n) s[i] = d_to_mont(row[(c0 + i) * cs]);
            b++;
        }
        p2_permute(s, k);
        ready = merge || b == nb;
    }
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
    const size_t S = (size_t)1 << t->depth;
    k_tree_leaves<<<(unsigned)((S + 127) / 128), 128, 0, d->stream>>>(m->base, m->row_stride, m->col_stride, m->width,
                                                                    t->k, S, t->d_nodes, d->p2);
    CU_LAUNCHED("k_tree_leaves");
    for (unsigned j = 1; j <= t->depth; j++) {
        const size_t n_out = S >> j;
        const uint32_t *prev = t->d_nodes + 8 * tree_layer_offset(t->depth, j - 1);
        uint32_t *out = t->d_nodes + 8 * tree_layer_offset(t->depth, j);
        k_compress_layer<<<(unsigned)((n_out + 127) / 128), 128, 0, d->stream>>>(prev, out, n_out, 1, d->p2);
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
    memset(&dt, 0, sizeof dt); /* tree_alloc can fail before it clears dt; tree_free then reads it */
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
    int rc;
    /* the device object's small scratch: the state (16 words) then the best witness */
    uint32_t *d_state = (uint32_t *)d->d_small;
    unsigned long long *d_best = (unsigned long long *)((char *)d->d_small + 64);
    unsigned long long best = ~0ull;
    rc = swirl_cuda_write_async(d, d_state, tr->state, 64);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(d, d_best, &best, sizeof best);
    /* The smallest witness wins (the CPU grinder's), so each batch's minimum is final once found
     * and the batch size only trades launches against wasted work: 16 times the expected tries
     * (a miss is then e^-16 likely), at least 2^16 (a launch is worth that much work), at most
     * 2^24. A fixed 2^24 made each 5-bit folding grind cost 16 M candidate slots. */
    const unsigned log_batch = bits + 4 < 16 ? 16 : (bits + 4 > 24 ? 24 : bits + 4);
    const uint64_t batch = (uint64_t)1 << log_batch;
    for (uint64_t base = 0; rc == SWIRL_OK && base < DP; base += batch) {
        uint64_t cnt = DP - base < batch ? DP - base : batch;
        k_grind<<<(unsigned)((cnt + 255) / 256), 256, 0, d->stream>>>(d_state, tr->absorb_idx, (1u << bits) - 1, base,
                                                                     cnt, d_best, d->p2);
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
