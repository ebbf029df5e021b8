/* cuda_trace_view.c — finding a trace part's columns in a resident commitment (cuda_trace_view.h). */
#include "backend/cuda/cuda_trace_view.h"
#include "backend/cuda/cuda_cache.h"
#include "backend/cuda/cuda_resident.h"
#include "iop/zerocheck.h"

const uint32_t *swirl_cuda_resident_part(swirl_cuda_dev *dev, const swirl_zc_part_loc *loc, size_t width,
                                         unsigned lh, unsigned l) {
    const swirl_cuda_resident *r = loc ? swirl_cuda_resident_find(dev, loc->data) : NULL;
    if (!r || lh < l || !width) return NULL;
    const swirl_stacked_layout *lay = &loc->data->layout;
    if (loc->slice0 + width > lay->num_slices) return NULL;
    const size_t H = (size_t)1 << lay->log_stacked_height;
    const swirl_stacked_slice *s0 = &lay->slices[loc->slice0];
    const size_t first = s0->col_idx * H + s0->row_idx;
    for (size_t c = 0; c < width; c++) {
        const swirl_stacked_slice *s = &lay->slices[loc->slice0 + c];
        if (s->log_height != lh || s->col_idx * H + s->row_idx != first + (c << lh)) return NULL;
    }
    return r->d_stacked + first;
}
