/* cuda_trace_view.h — where the columns of one present trace live in device memory, per part
 * (common main, preprocessed, cached mains: the proof's part order, iop/zerocheck.h).
 *
 * Invariant: column c of part p is the 2^log_height contiguous words starting at
 * base[p] + (c << log_height) (canonical base-field values, row order). A commitment made by the
 * CUDA backend stacks a matrix of height >= 2^l_skip column after column in the column-major
 * stacked buffer (pcs/stacked.h), so its columns are such a run; shorter matrices are strided
 * there and get a packed copy. Used by the constraint sumcheck (zc_cuda.c) and the LogUp leaves. */
#ifndef SWIRL_CUDA_TRACE_VIEW_H
#define SWIRL_CUDA_TRACE_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include "air/keys.h" /* SWIRL_MAX_TRACE_PARTS */

typedef struct swirl_cuda_part_view {
    const uint32_t *base; /* device pointer to column 0 (NULL when width is 0) */
    size_t width;
    unsigned log_height;
} swirl_cuda_part_view;

typedef struct swirl_cuda_trace_view {
    size_t num_parts; /* <= SWIRL_MAX_TRACE_PARTS */
    swirl_cuda_part_view part[SWIRL_MAX_TRACE_PARTS];
} swirl_cuda_trace_view;

/* Device address of column c of a part (c < width). */
static inline const uint32_t *swirl_cuda_part_column(const swirl_cuda_part_view *p, size_t c) {
    return p->base + (c << p->log_height);
}

struct swirl_cuda_dev;
struct swirl_zc_part_loc;
/* Device address of column 0 of a part of `width` columns and log height lh when its commitment
 * (loc) is resident on dev and lays the columns out as above (column c at first + (c << lh)),
 * else NULL (not resident there, strided because lh < l_skip = l, or not one run). */
const uint32_t *swirl_cuda_resident_part(struct swirl_cuda_dev *dev, const struct swirl_zc_part_loc *loc, size_t width,
                                         unsigned lh, unsigned l);

#endif
