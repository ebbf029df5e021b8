/* ntt.h — DFT over BabyBear in natural order (crypto_pcs.md §5.1), batched over columns.
 *
 *   dft(c)[i]  = sum_j c_j w^(i j),           w = two_adic_generator(log_n)
 *   idft(v)[j] = 2^-log_n sum_i v_i w^(-i j)
 *
 * Inputs and outputs are natural order (no bit reversal is visible). Columns are stored
 * column-major: column c occupies data[c*col_stride .. c*col_stride + 2^log_n).
 *
 * Twiddles live in a swirl_ntt_tables object created once by the caller (no hidden
 * allocation in the transforms). Transforms that need scratch take it from the caller or work
 * in place. */
#ifndef SWIRL_NTT_H
#define SWIRL_NTT_H

#include <stddef.h>
#include <stdint.h>
#include "field/babybear.h"
#include "util/pool.h"

typedef struct swirl_ntt_tables swirl_ntt_tables;

/* Tables for every size up to 2^max_log_n (max_log_n <= 27). NULL on out of memory. */
swirl_ntt_tables *swirl_ntt_tables_create(unsigned max_log_n);
void swirl_ntt_tables_free(swirl_ntt_tables *t);
unsigned swirl_ntt_tables_max_log(const swirl_ntt_tables *t);

/* In-place forward / inverse DFT of ncols columns of length 2^log_n. */
int swirl_dft_batch(const swirl_ntt_tables *t, bb_t *data, unsigned log_n, size_t ncols,
                    size_t col_stride, swirl_pool *pool);
int swirl_idft_batch(const swirl_ntt_tables *t, bb_t *data, unsigned log_n, size_t ncols,
                     size_t col_stride, swirl_pool *pool);

/* Reed–Solomon encode: for each column c, take the 2^log_n coefficients in[c*in_stride ..],
 * zero-pad to 2^(log_n+log_blowup) and DFT into out[c*out_stride ..] (out_stride >= 2^(log_n+log_blowup)).
 * in and out must not overlap. */
int swirl_rs_encode_batch(const swirl_ntt_tables *t, const bb_t *in, size_t in_stride,
                          unsigned log_n, unsigned log_blowup, size_t ncols, bb_t *out,
                          size_t out_stride, swirl_pool *pool);

/* Naive O(n^2) reference DFT of one column (tests only). */
void swirl_dft_naive(const bb_t *in, bb_t *out, unsigned log_n);
/* x with its low `bits` bits reversed (higher bits of x are ignored). */
size_t swirl_ntt_rev_bits(size_t x, unsigned bits);

#endif
