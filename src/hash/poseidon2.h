/* poseidon2.h — Poseidon2-16 over BabyBear (crypto_pcs.md §2) and the hash / compression built
 * on it (§3.1–3.2). Canonical values in and out. No allocation. */
#ifndef SWIRL_POSEIDON2_H
#define SWIRL_POSEIDON2_H

#include <stddef.h>
#include <stdint.h>
#include "swirl.h"
#include "util/pool.h"

#define SWIRL_P2_WIDTH 16
#define SWIRL_P2_RATE 8
#define SWIRL_DIGEST_ELEMS 8

typedef struct { uint32_t v[SWIRL_DIGEST_ELEMS]; } swirl_digest;

/* Permute n independent states stored contiguously (16 lanes each), using the widest SIMD
 * path this CPU supports (selected at run time). */
void swirl_p2_permute_many(uint32_t *states, size_t n);

/* Tests/benches only: force the portable scalar path (1) or restore run-time dispatch (0). */
void swirl_p2_force_scalar(int force);

/* Leaf hash of a strided row: elements base[i*stride] for i < n (padding-free overwrite
 * sponge, §3.1). */
void swirl_hash_strided(const uint32_t *base, size_t n, size_t stride, swirl_digest *out);

/* Batched leaf hashes of `nrows` rows of a matrix with element (r, c) at
 * base[r*row_stride + c*col_stride], width `width`; digests written to out[0..nrows).
 * Uses the pool for large batches. */
void swirl_hash_rows(const uint32_t *base, size_t nrows, size_t width, size_t row_stride,
                     size_t col_stride, swirl_digest *out, swirl_pool *pool);

/* Batched compression: out[i] = C(left[i], right[i]) for i < n. */
void swirl_compress_many(const swirl_digest *left, const swirl_digest *right, swirl_digest *out,
                         size_t n, swirl_pool *pool);

#endif
