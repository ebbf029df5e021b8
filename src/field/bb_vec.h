/* bb_vec.h — vectorised slice operations over canonical BabyBear values, for hot loops outside
 * the NTT (sumcheck folding, linear combinations, quotient evaluation).
 *
 * Every function takes and returns canonical values ([0, p)) and gives exactly the result of
 * the scalar definitions in babybear.h (bb_add, bb_sub, bb_mul), whatever the ISA. The ISA
 * (AVX-512F > AVX2 > scalar) is picked at run time with __builtin_cpu_supports; no global
 * -march flag is needed. dst may equal an input exactly (in place), but must not partially
 * overlap one. n == 0 is allowed (no-op; dot returns 0). No allocation, no threads. */
#ifndef SWIRL_BB_VEC_H
#define SWIRL_BB_VEC_H

#include <stddef.h>
#include "field/babybear.h"

void swirl_bb_vec_add(bb_t *dst, const bb_t *a, const bb_t *b, size_t n);   /* dst = a + b */
void swirl_bb_vec_sub(bb_t *dst, const bb_t *a, const bb_t *b, size_t n);   /* dst = a - b */
void swirl_bb_vec_mul(bb_t *dst, const bb_t *a, const bb_t *b, size_t n);   /* dst = a * b */
void swirl_bb_vec_scale(bb_t *dst, const bb_t *a, bb_t c, size_t n);        /* dst = c * a */
void swirl_bb_vec_axpy(bb_t *y, bb_t c, const bb_t *x, size_t n);           /* y += c * x */
bb_t swirl_bb_vec_dot(const bb_t *a, const bb_t *b, size_t n);              /* sum a_i b_i */

/* The index of the first value >= p among v[0..n), or n when all are canonical. Branch-free in
 * blocks (the compiler vectorises the block test), then exact within the first bad block. */
size_t swirl_bb_first_noncanonical(const uint32_t *v, size_t n);

/* ISA override for tests and benches (not thread-safe; never change it mid-call):
 * 0 = auto, 1 = scalar, 2 = AVX2, 3 = AVX-512; capped by CPU support. Returns the ISA now in
 * effect (same numbering). */
int swirl_bb_vec_set_isa(int isa);

#endif
