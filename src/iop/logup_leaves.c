/* logup_leaves.c — the layout of the LogUp input layer (iop.md §4.3): where each trace's
 * interactions sit among the GKR leaves. The row loop that fills them is a backend operation
 * (swirl_gkr_ops.leaves: src/backend/cpu/gkr_cpu.c, src/backend/cuda/gkr_cuda.c). */
#include "iop/gkr_ops.h"
#include "iop/zc_internal.h"
#include "util/alloc.h"

int swirl_logup_segments(const swirl_gkr_leaves_input *in, swirl_logup_segment **out, size_t *n) {
    if (!in || !out || !n || (in->num_traces && !in->traces)) return SWIRL_ERR_INVALID_ARG;
    *out = NULL;
    *n = 0;
    const unsigned l = (unsigned)in->params->l_skip;
    const size_t total = (size_t)1 << (l + in->n_logup);
    swirl_logup_segment *seg = swirl_alloc_array(in->num_traces + 1, sizeof *seg);
    if (!seg) return SWIRL_ERR_OUT_OF_MEMORY;
    size_t R = 0, k = 0;
    for (size_t ti = 0; ti < in->num_traces; ti++) {
        const swirl_zc_trace *t = &in->traces[ti];
        const size_t ni = t->vk->dag.num_interactions;
        if (!ni) continue;
        if (!zc_parts_ok(t->vk)) { swirl_free(seg); return SWIRL_ERR_INVALID_ARG; }
        const unsigned lh = t->log_height < l ? l : t->log_height;
        const size_t rows = (size_t)1 << lh;
        /* n_logup is the bit length of the total count: every block fits (checked, not assumed) */
        if (ni > (total - R) / rows) { swirl_free(seg); return SWIRL_ERR_INVALID_ARG; }
        seg[k].trace = ti;
        seg[k].offset = R;
        seg[k].rows = rows;
        seg[k].norm = t->log_height < l ? bb_inv_pow2(l - t->log_height) : 1;
        R += ni * rows;
        k++;
    }
    *out = seg;
    *n = k;
    return SWIRL_OK;
}
