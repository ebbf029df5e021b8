/* stacked.c — the stacked PCS commitment (crypto_pcs.md §5.2–5.4; iop.md §6.1).
 *
 * traces (row-major, stacking order) -> layout -> stacked matrix Q (column-major, 2^m rows,
 * short traces strided) -> RS message c per column (chunk iDFT over the skip domain, then the
 * zeta transform over the chunk bits) -> codeword (zero-padded DFT of size 2^(m+log_blowup))
 * -> Merkle tree over codeword rows with rows_per_query = 2^k_whir. */
#include "pcs/stacked.h"
#include "util/spans.h"

#include <stdlib.h>
#include <string.h>
#include "poly/ntt.h"
#include "util/bigalloc.h"

int swirl_stacked_layout_build(size_t l_skip, size_t m, const size_t *widths, const unsigned *log_heights,
                               size_t n, swirl_stacked_layout *out) {
    if (!out || (n && (!widths || !log_heights))) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    out->l_skip = l_skip;
    out->log_stacked_height = m;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (log_heights[i] > m) return SWIRL_ERR_TRACE;
        if (widths[i] > SWIRL_MAX_AIR_WIDTH) return SWIRL_ERR_TRACE;
        if (widths[i] > SIZE_MAX - total) return SWIRL_ERR_OUT_OF_MEMORY; /* cannot be allocated */
        total += widths[i];
    }
    out->slices = total ? swirl_calloc(total, sizeof *out->slices) : NULL;
    if (total && !out->slices) return SWIRL_ERR_OUT_OF_MEMORY;
    size_t H = (size_t)1 << m, col = 0, row = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned lh = log_heights[i] > l_skip ? log_heights[i] : (unsigned)l_skip;
        size_t len = (size_t)1 << lh;
        if (len > H) { swirl_stacked_layout_free(out); return SWIRL_ERR_TRACE; }
        for (size_t j = 0; j < widths[i]; j++) {
            if (row + len > H) {
                if (row != H) { swirl_stacked_layout_free(out); return SWIRL_ERR_TRACE; } /* straddle */
                col++;
                row = 0;
            }
            swirl_stacked_slice *sl = &out->slices[s++];
            sl->matrix = i;
            sl->column = j;
            sl->col_idx = col;
            sl->row_idx = row;
            sl->log_height = log_heights[i];
            row += len;
        }
    }
    out->num_slices = s;
    out->width = col + (row != 0 ? 1 : 0);
    return SWIRL_OK;
}

void swirl_stacked_layout_free(swirl_stacked_layout *l) {
    if (!l) return;
    swirl_free(l->slices);
    l->slices = NULL;
    l->num_slices = 0;
}

void swirl_stacked_pcs_data_free(swirl_stacked_pcs_data *d) {
    if (!d) return;
    if (d->resident) d->resident->release(d->resident);
    swirl_stacked_layout_free(&d->layout);
    swirl_free(d->stacked);
    swirl_free(d->message);
    swirl_free(d->codeword);
    swirl_merkle_free(&d->tree);
    swirl_free(d);
}

typedef struct {
    const swirl_stacked_layout *layout;
    const swirl_trace *const *traces;
    bb_t *Q;
    size_t H;
} stack_job;

/* One task per (matrix, block of 64 trace rows): the row-major trace is read sequentially and
 * each of its columns receives a run of 64 consecutive (or strided) writes, instead of one
 * page-crossing gather per element (a 2^15 x 2633 trace has rows 10 KiB apart). */
#define STACK_ROW_BLOCK 64
typedef struct {
    const swirl_stacked_layout *layout;
    const swirl_trace *const *traces;
    bb_t *Q;
    size_t H;
    const size_t *task_matrix, *task_row, *first_slice;
} stack_job2;

static void stack_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const stack_job2 *j = vp;
    for (size_t task = b; task < e; task++) {
        size_t mi = j->task_matrix[task], r0 = j->task_row[task];
        const swirl_trace *t = j->traces[mi];
        size_t r1 = r0 + STACK_ROW_BLOCK < t->height ? r0 + STACK_ROW_BLOCK : t->height;
        const swirl_stacked_slice *sl0 = &j->layout->slices[j->first_slice[mi]];
        unsigned lh = sl0->log_height;
        size_t stride = lh >= j->layout->l_skip ? 1 : (size_t)1 << (j->layout->l_skip - lh);
        for (size_t c = 0; c < t->width; c++) {
            const swirl_stacked_slice *sl = sl0 + c;
            bb_t *dst = j->Q + sl->col_idx * j->H + sl->row_idx;
            const uint32_t *src = t->values + c;
            for (size_t i = r0; i < r1; i++) dst[i * stride] = src[i * t->width];
        }
    }
}

typedef struct {
    bb_t *data;
    size_t chunk;
    unsigned l_skip;
} zeta_job;

static void zeta_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const zeta_job *j = vp;
    for (size_t c = b; c < e; c++) {
        bb_t *a = j->data + c * j->chunk;
        for (unsigned bit = 0; bit < j->l_skip; bit++) {
            size_t hb = (size_t)1 << bit;
            for (size_t idx = 0; idx < j->chunk; idx++)
                if (!(idx & hb)) a[idx | hb] = bb_add(a[idx | hb], a[idx]);
        }
    }
}

int swirl_stacked_prepare(const swirl_system_params *p, const swirl_trace *const *traces, size_t n, swirl_pool *pool,
                          swirl_stacked_pcs_data **out) {
    if (!p || !out || (n && !traces)) return SWIRL_ERR_INVALID_ARG;
    *out = NULL;
    size_t m = p->l_skip + p->n_stack;
    if (m + p->log_blowup > 27 || p->whir.k > m + p->log_blowup) return SWIRL_ERR_PARAMS;
    size_t *widths = swirl_calloc(n + 1, sizeof *widths);
    unsigned *lhs = swirl_calloc(n + 1, sizeof *lhs);
    if (!widths || !lhs) { swirl_free(widths); swirl_free(lhs); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t i = 0; i < n; i++) {
        const swirl_trace *t = traces[i];
        if (!t || (!t->values && t->height != 0 && t->width != 0) || t->height == 0 || (t->height & (t->height - 1))) {
            swirl_free(widths); swirl_free(lhs);
            return SWIRL_ERR_TRACE;
        }
        unsigned lh = 0;
        while (((size_t)1 << lh) < t->height) lh++;
        widths[i] = t->width;
        lhs[i] = lh;
    }
    swirl_stacked_pcs_data *d = swirl_calloc(1, sizeof *d);
    if (!d) { swirl_free(widths); swirl_free(lhs); return SWIRL_ERR_OUT_OF_MEMORY; }
    int rc = swirl_stacked_layout_build(p->l_skip, m, widths, lhs, n, &d->layout);
    swirl_free(widths);
    swirl_free(lhs);
    if (rc) { swirl_free(d); return rc; }
    size_t H = (size_t)1 << m, W = d->layout.width, N = H << p->log_blowup;
    /* the codeword (N x W, the largest buffer) must have a byte size that fits in size_t: a wider
     * matrix could never be allocated, so it is out of memory rather than a wrapped size */
    if (W > SIZE_MAX / sizeof(bb_t) / N) { swirl_stacked_pcs_data_free(d); return SWIRL_ERR_OUT_OF_MEMORY; }
    d->log_blowup = (unsigned)p->log_blowup;
    d->stacked = swirl_big_alloc(H * (W ? W : 1) * sizeof(bb_t), 0);
    d->message = swirl_big_alloc(H * (W ? W : 1) * sizeof(bb_t), 0);
    d->codeword = swirl_big_alloc(N * (W ? W : 1) * sizeof(bb_t), 0);
    if (!d->stacked || !d->message || !d->codeword) {
        swirl_stacked_pcs_data_free(d);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    swirl_pool_memset0(pool, d->stacked, H * (W ? W : 1) * sizeof(bb_t)); /* gaps of short traces stay zero */
    size_t ntasks = 0;
    for (size_t i = 0; i < n; i++) ntasks += (traces[i]->height + STACK_ROW_BLOCK - 1) / STACK_ROW_BLOCK;
    size_t *tm = swirl_malloc((ntasks + 1) * sizeof *tm), *trw = swirl_malloc((ntasks + 1) * sizeof *trw),
           *fs = swirl_malloc((n + 1) * sizeof *fs);
    if (!tm || !trw || !fs) {
        swirl_free(tm); swirl_free(trw); swirl_free(fs);
        swirl_stacked_pcs_data_free(d);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    size_t tk = 0, sl = 0;
    for (size_t i = 0; i < n; i++) {
        fs[i] = sl;
        sl += traces[i]->width;
        if (!traces[i]->width) continue;
        for (size_t r = 0; r < traces[i]->height; r += STACK_ROW_BLOCK) { tm[tk] = i; trw[tk] = r; tk++; }
    }
    stack_job2 sj = {&d->layout, traces, d->stacked, H, tm, trw, fs};
    swirl_pool_for(pool, tk, 4, stack_body, &sj);
    swirl_free(tm); swirl_free(trw); swirl_free(fs);
    *out = d;
    return SWIRL_OK;
}

int swirl_stacked_message(const swirl_system_params *p, swirl_stacked_pcs_data *d, swirl_pool *pool) {
    size_t m = p->l_skip + p->n_stack, H = (size_t)1 << m, W = d->layout.width, chunk = (size_t)1 << p->l_skip;
    swirl_pool_memcpy(pool, d->message, d->stacked, H * W * sizeof(bb_t));
    if (!W) return SWIRL_OK;
    swirl_ntt_tables *tab = swirl_ntt_tables_create((unsigned)p->l_skip);
    if (!tab) return SWIRL_ERR_OUT_OF_MEMORY;
    int rc = swirl_idft_batch(tab, d->message, (unsigned)p->l_skip, W * (H / chunk), chunk, pool);
    swirl_ntt_tables_free(tab);
    if (rc) return rc;
    zeta_job zj = {d->message, chunk, (unsigned)p->l_skip};
    swirl_pool_for(pool, W * (H / chunk), 256, zeta_body, &zj);
    return SWIRL_OK;
}

int swirl_stacked_encode(const swirl_system_params *p, swirl_stacked_pcs_data *d, swirl_pool *pool) {
    size_t m = p->l_skip + p->n_stack, H = (size_t)1 << m, W = d->layout.width, N = H << p->log_blowup;
    if (!W) return SWIRL_OK;
    swirl_ntt_tables *tab = swirl_ntt_tables_create((unsigned)(m + p->log_blowup));
    if (!tab) return SWIRL_ERR_OUT_OF_MEMORY;
    int rc = swirl_rs_encode_batch(tab, d->message, H, (unsigned)m, (unsigned)p->log_blowup, W, d->codeword, N, pool);
    swirl_ntt_tables_free(tab);
    return rc;
}

int swirl_stacked_merkle(const swirl_system_params *p, swirl_stacked_pcs_data *d, swirl_pool *pool) {
    size_t m = p->l_skip + p->n_stack, N = (size_t)1 << (m + p->log_blowup), W = d->layout.width;
    /* A zero-width commitment never happens in valid proofs (C > 0 commitments of width > 0);
     * commit it as a single zero column so the tree is well defined. */
    swirl_matrix_view v = {d->codeword, N, W, 1, N};
    bb_t zero_col_dummy = 0;
    if (!W) { v.base = &zero_col_dummy; v.width = 0; }
    int rc = swirl_merkle_build(&d->tree, &v, (unsigned)p->whir.k, pool);
    if (rc == SWIRL_OK) d->commit = d->tree.root;
    return rc;
}

int swirl_stacked_commit_timed(const swirl_system_params *p, const swirl_trace *const *traces, size_t n,
                               swirl_pool *pool, swirl_spans *spans, swirl_stacked_pcs_data **out) {
    swirl_stacked_pcs_data *d = NULL;
    swirl_span_enter(spans, "stacked_commit");
    int rc = swirl_stacked_prepare(p, traces, n, pool, &d);
    swirl_span_exit(spans);
    if (rc) return rc;
    swirl_span_enter(spans, "rs_code_matrix");
    rc = swirl_stacked_message(p, d, pool);
    if (rc == SWIRL_OK) rc = swirl_stacked_encode(p, d, pool);
    swirl_span_exit(spans);
    if (rc == SWIRL_OK) {
        swirl_span_enter(spans, "merkle_tree");
        rc = swirl_stacked_merkle(p, d, pool);
        swirl_span_exit(spans);
    }
    if (rc) { swirl_stacked_pcs_data_free(d); return rc; }
    *out = d;
    return SWIRL_OK;
}

int swirl_stacked_commit(const swirl_system_params *p, const swirl_trace *const *traces, size_t n, swirl_pool *pool,
                         swirl_stacked_pcs_data **out) {
    return swirl_stacked_commit_timed(p, traces, n, pool, NULL, out);
}

int swirl_stacked_layout_of(const swirl_system_params *p, const swirl_trace *const *traces, size_t n,
                            swirl_stacked_layout *out) {
    if (!p || !out || (n && !traces)) return SWIRL_ERR_INVALID_ARG;
    const size_t m = p->l_skip + p->n_stack;
    size_t *widths = swirl_alloc_array(n + 1, sizeof *widths);
    unsigned *lhs = swirl_alloc_array(n + 1, sizeof *lhs);
    int rc = widths && lhs ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t i = 0; rc == SWIRL_OK && i < n; i++) {
        const swirl_trace *t = traces[i];
        if (!t || (!t->values && t->height != 0 && t->width != 0) || t->height == 0 || (t->height & (t->height - 1))) {
            rc = SWIRL_ERR_TRACE;
            break;
        }
        unsigned lh = 0;
        while (((size_t)1 << lh) < t->height) lh++;
        widths[i] = t->width;
        lhs[i] = lh;
    }
    if (rc == SWIRL_OK) rc = swirl_stacked_layout_build(p->l_skip, m, widths, lhs, n, out);
    swirl_free(widths);
    swirl_free(lhs);
    return rc;
}
