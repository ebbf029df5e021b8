/* cuda_backend.c — the CUDA backend's stage table.
 *
 * Status (see docs/ARCHITECTURE.md): the commitment (trace upload, stacking, RS encoding, Merkle
 * tree), LogUp-GKR (gkr_cuda.c: leaves, tree, rounds, folds), the batch constraint sumcheck
 * (zc_cuda.c: round 0 and the MLE rounds on the resident columns), the stacked reduction, WHIR
 * and every proof-of-work grinding run on the device.
 * Every result is bit-identical to the CPU backend (tests/gpu compares whole proofs).
 *
 * A commitment's device copies (stacked matrix, message, codeword, tree) stay resident on the
 * device from the commit to the openings (cuda_resident.h); only its root goes back to the host.
 * A proving key's preprocessed commitments and compiled programs are kept across proofs by the
 * device object's key cache (cuda_cache.h). Without CUDA the launchers are stubs and every
 * operation fails with SWIRL_ERR_NO_DEVICE. */
#include <stdlib.h>
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_cache.h"
#include "backend/cuda/cuda_gkr.h"
#include "backend/cuda/cuda_resident.h"
#include "backend/cuda/cuda_sr.h"
#include "backend/cuda/cuda_whir.h"
#include "iop/gkr_ops.h"
#include "backend/cuda/cuda_zc.h"
#include "iop/zc_ops.h"
#include "iop/sr_ops.h"
#include "pcs/whir_ops.h"
#include "field/field_constants.h"
#include "prover/backend.h"
#include "util/ctx.h"
#include "util/alloc.h"

const char swirl_cuda_resident_tag[] = "cuda";

static void cuda_meter(void *vdev, uint64_t totals[SWIRL_METER_N]);

/* The device of the context, created on first use and kept for the context's life; its twiddle
 * table grows in place when a larger transform is needed. */
static int device_for(swirl_ctx *ctx, unsigned log_n, swirl_cuda_dev **out) {
    if (!ctx) return SWIRL_ERR_NO_DEVICE;
    if (!ctx->cuda) {
        swirl_cuda_dev *d = NULL;
        int rc = swirl_cuda_dev_create(log_n < 22 ? 22 : log_n, &d);
        if (rc) return rc;
        ctx->cuda = d;
        ctx->cuda_max_log_n = log_n < 22 ? 22 : log_n;
        swirl_spans_set_meter(&ctx->spans, cuda_meter, d);
    }
    int rc = swirl_cuda_ensure_twiddles(ctx->cuda, log_n);
    if (rc) return rc;
    if (log_n > ctx->cuda_max_log_n) ctx->cuda_max_log_n = log_n;
    *out = ctx->cuda;
    return SWIRL_OK;
}

/* Span meter: the device's copy and wait counters. */
static void cuda_meter(void *vdev, uint64_t totals[SWIRL_METER_N]) {
    swirl_cuda_counters k;
    if (swirl_cuda_counters_get(vdev, &k) != SWIRL_OK) return;
    totals[SWIRL_METER_TO_DEVICE] = k.h2d_bytes;
    totals[SWIRL_METER_FROM_DEVICE] = k.d2h_bytes;
    totals[SWIRL_METER_WAITS] = k.syncs;
}

/* Every proof starts with fresh counters; the device is created here, before the driver's first
 * span opens, so that every span is metered. */
static void cuda_proof_begin(swirl_ctx *ctx) {
    swirl_cuda_dev *dev = NULL;
    if (device_for(ctx, 22, &dev) != SWIRL_OK) return; /* the first operation reports the error */
    swirl_cuda_counters_reset(dev);
    /* between proofs: the only point where cached key copies may be released (cuda_cache.h) */
    const size_t limit = ctx->cuda_cache_limit_set ? ctx->cuda_cache_limit : swirl_cuda_dev_memory(dev) / 8;
    swirl_cuda_cache_trim(dev, limit);
    swirl_cuda_cache_stats_reset(dev);
}

void swirl_cuda_resident_free_copies(swirl_cuda_dev *dev, swirl_cuda_resident *r) {
    swirl_cuda_release(dev, r->d_stacked);
    swirl_cuda_release(dev, r->d_message);
    swirl_cuda_release(dev, r->d_codeword);
    swirl_cuda_tree_free(dev, &r->tree);
    swirl_free(r);
}

static void resident_release(swirl_resident *self) {
    swirl_cuda_resident *r = (swirl_cuda_resident *)self;
    swirl_cuda_dev *dev = r->dev;
    swirl_cuda_resident_free_copies(dev, r);
    swirl_cuda_dev_free(dev); /* drops the resident's reference, after its copies went */
}

/* Rows per staged chunk of a trace of `width` columns: a staging buffer, and at most 2^21 rows
 * (the scatter kernel's grid). */
static size_t rows_per_chunk(size_t width) {
    size_t rows = SWIRL_CUDA_STAGE_BYTES / (width * sizeof(uint32_t));
    return rows > ((size_t)1 << 21) ? (size_t)1 << 21 : rows;
}

/* The traces' rows go up once, through the two pinned staging buffers in turn (the host pool
 * copies the next chunk from the caller's memory while the previous one is on the copy engine),
 * and are scattered by a tiled transpose straight into the stacked matrix Q (gaps stay zero). */
static int upload_traces(swirl_cuda_dev *dev, swirl_pool *pool, const swirl_stacked_layout *lay,
                         const swirl_trace *const *traces, size_t n, unsigned flags, uint32_t *d_q) {
    const int on_device = (flags & SWIRL_UPLOAD_DEVICE_ROWS) != 0;
    const size_t H = (size_t)1 << lay->log_stacked_height;
    uint64_t *col_base = swirl_alloc_array(lay->num_slices + 1, sizeof *col_base);
    uint64_t *d_col_base = NULL;
    uint32_t *d_stage[2] = {NULL, NULL};
    if (!col_base) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t s = 0; s < lay->num_slices; s++) col_base[s] = lay->slices[s].col_idx * H + lay->slices[s].row_idx;
    int rc = swirl_cuda_alloc(dev, (void **)&d_col_base, (lay->num_slices + 1) * sizeof *col_base);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, d_col_base, col_base, lay->num_slices * sizeof *col_base);
    for (int i = 0; rc == SWIRL_OK && !on_device && i < 2; i++)
        rc = swirl_cuda_alloc(dev, (void **)&d_stage[i], SWIRL_CUDA_STAGE_BYTES);
    if (rc == SWIRL_OK) rc = swirl_cuda_memset0(dev, d_q, H * lay->width * sizeof(uint32_t));
    unsigned slot = 0;
    size_t first_slice = 0;
    for (size_t i = 0; rc == SWIRL_OK && i < n; i++) {
        const swirl_trace *t = traces[i];
        const size_t w = t->width;
        if (!w) continue;
        const unsigned lh = lay->slices[first_slice].log_height;
        const size_t stride = lh >= lay->l_skip ? 1 : (size_t)1 << (lay->l_skip - lh);
        const size_t per = on_device ? (size_t)1 << 21 : rows_per_chunk(w);
        for (size_t r0 = 0; rc == SWIRL_OK && r0 < t->height; r0 += per) {
            const size_t rows = t->height - r0 < per ? t->height - r0 : per;
            if (on_device) { /* the caller's rows are the scatter's source */
                rc = swirl_cuda_scatter_rows(dev, t->values + r0 * w, rows, w, r0, d_col_base + first_slice, stride, d_q);
                continue;
            }
            void *host = NULL;
            rc = swirl_cuda_stage_acquire(dev, slot, &host);
            if (rc) break;
            swirl_pool_memcpy(pool, host, t->values + r0 * w, rows * w * sizeof(uint32_t));
            rc = swirl_cuda_stage_submit(dev, slot, d_stage[slot], rows * w * sizeof(uint32_t));
            if (rc == SWIRL_OK)
                rc = swirl_cuda_scatter_rows(dev, d_stage[slot], rows, w, r0, d_col_base + first_slice, stride, d_q);
            slot ^= 1u;
        }
        first_slice += w;
    }
    swirl_cuda_release(dev, d_stage[0]);
    swirl_cuda_release(dev, d_stage[1]);
    swirl_cuda_release(dev, d_col_base);
    swirl_free(col_base);
    return rc;
}

/* Traces staged on the device ahead of their commitment: the layout and the resident copy with
 * the stacked matrix filled (message, codeword and tree not yet allocated). */
struct swirl_staged_traces {
    swirl_stacked_pcs_data *data;
};

/* The device part of a commitment: its stacked matrix, filled by the one upload of the traces
 * (the stacking is the upload's scatter). Leaves d->resident set, also on failure (the caller
 * frees d, which releases whatever was allocated). */
static int stage_on_device(swirl_cuda_dev *dev, swirl_pool *pool, const swirl_system_params *p,
                           const swirl_trace *const *traces, size_t n, unsigned flags, swirl_stacked_pcs_data *d) {
    const size_t H = (size_t)1 << (p->l_skip + p->n_stack), W = d->layout.width;
    swirl_cuda_resident *r = swirl_calloc(1, sizeof *r);
    if (!r) return SWIRL_ERR_OUT_OF_MEMORY;
    r->base.backend = swirl_cuda_resident_tag;
    r->base.release = resident_release;
    r->dev = dev;
    swirl_cuda_dev_retain(dev);
    d->resident = &r->base;
    int rc = swirl_cuda_alloc(dev, (void **)&r->d_stacked, H * W * sizeof(uint32_t));
    if (rc == SWIRL_OK) rc = upload_traces(dev, pool, &d->layout, traces, n, flags, r->d_stacked);
    if (rc == SWIRL_OK) rc = swirl_cuda_sync(dev); /* the span measures the upload, not its queueing */
    return rc;
}

/* The rest of the commitment on the device, from the staged stacked matrix: the RS message
 * (chunk iDFT + zeta), the RS encoding and the Merkle tree; the copies stay resident for the
 * openings and only the root comes back. The host keeps the layout, the tree's shape and the root. */
static int encode_on_device(swirl_cuda_dev *dev, const swirl_system_params *p, swirl_stacked_pcs_data *d,
                            swirl_spans *spans) {
    const unsigned m = (unsigned)(p->l_skip + p->n_stack), lb = (unsigned)p->log_blowup;
    const size_t H = (size_t)1 << m, N = H << lb, W = d->layout.width;
    swirl_cuda_resident *r = (swirl_cuda_resident *)d->resident;
    int rc = swirl_cuda_alloc(dev, (void **)&r->d_message, H * W * sizeof(uint32_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(dev, (void **)&r->d_codeword, N * W * sizeof(uint32_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_tree_alloc(dev, &r->tree, m + lb, (unsigned)p->whir.k);
    swirl_span_enter(spans, "rs_code_matrix");
    if (rc == SWIRL_OK) rc = swirl_cuda_chunk_message(dev, r->d_stacked, r->d_message, H * W, (unsigned)p->l_skip);
    if (rc == SWIRL_OK) rc = swirl_cuda_rs_encode_batch(dev, r->d_message, H, m, lb, W, r->d_codeword, N);
    if (rc == SWIRL_OK) rc = swirl_cuda_sync(dev);
    swirl_span_exit(spans);
    swirl_span_enter(spans, "merkle_tree");
    swirl_matrix_view v = {r->d_codeword, N, W, 1, N};
    if (rc == SWIRL_OK) rc = swirl_cuda_tree_build(dev, &r->tree, &v);
    swirl_span_exit(spans);
    if (rc) return rc;
    d->tree.log_rows = m + lb;
    d->tree.k = (unsigned)p->whir.k;
    d->tree.depth = r->tree.depth;
    d->tree.root = r->tree.root;
    d->commit = r->tree.root;
    return SWIRL_OK;
}

/* A commitment's host half (its layout), and the device for it. */
static int begin_commitment(swirl_ctx *ctx, const swirl_system_params *p, const swirl_trace *const *traces, size_t n,
                            swirl_cuda_dev **dev, swirl_stacked_pcs_data **out) {
    const unsigned m = (unsigned)(p->l_skip + p->n_stack), lb = (unsigned)p->log_blowup;
    if (m + lb > 27 || p->whir.k > m + lb) return SWIRL_ERR_PARAMS;
    int rc = device_for(ctx, m + lb, dev);
    if (rc) return rc;
    swirl_stacked_pcs_data *d = swirl_calloc(1, sizeof *d);
    if (!d) return SWIRL_ERR_OUT_OF_MEMORY;
    d->log_blowup = lb;
    rc = swirl_stacked_layout_of(p, traces, n, &d->layout);
    if (rc) {
        swirl_stacked_pcs_data_free(d);
        return rc;
    }
    *out = d;
    return SWIRL_OK;
}

/* The driver's prover.trace_upload: the common main traces go up once, stacked on the way. A
 * zero-width commitment stages nothing (*out NULL): commit makes it on the host. */
static int cuda_upload(swirl_ctx *ctx, const swirl_system_params *p, const swirl_trace *const *traces, size_t n,
                       unsigned flags, swirl_spans *spans, swirl_staged_traces **out) {
    (void)spans;
    *out = NULL;
    swirl_cuda_dev *dev = NULL;
    swirl_stacked_pcs_data *d = NULL;
    int rc = begin_commitment(ctx, p, traces, n, &dev, &d);
    if (rc) return rc;
    swirl_staged_traces *st = d->layout.width ? swirl_calloc(1, sizeof *st) : NULL;
    if (d->layout.width && !st) rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK && st) rc = stage_on_device(dev, ctx->pool, p, traces, n, flags, d);
    if (rc || !st) {
        swirl_free(st);
        swirl_stacked_pcs_data_free(d);
        return rc;
    }
    st->data = d;
    *out = st;
    return SWIRL_OK;
}

static int cuda_commit(swirl_ctx *ctx, const swirl_system_params *p, const swirl_trace *const *traces, size_t n,
                       swirl_staged_traces *staged, swirl_spans *spans, swirl_stacked_pcs_data **out) {
    swirl_pool *pool = ctx ? ctx->pool : NULL;
    swirl_cuda_dev *dev = NULL;
    swirl_stacked_pcs_data *d = staged ? staged->data : NULL;
    swirl_free(staged);
    int rc = d ? device_for(ctx, (unsigned)(p->l_skip + p->n_stack + p->log_blowup), &dev)
               : begin_commitment(ctx, p, traces, n, &dev, &d);
    if (rc == SWIRL_OK && d->layout.width && !d->resident) {
        /* not staged by the driver (a cached main trace): its upload is a sub-span here */
        swirl_span_enter(spans, "stacked_commit");
        swirl_span_enter(spans, "trace_upload");
        rc = stage_on_device(dev, pool, p, traces, n, 0, d);
        swirl_span_exit(spans);
        swirl_span_exit(spans);
    }
    if (rc == SWIRL_OK && d->layout.width) {
        rc = encode_on_device(dev, p, d, spans);
    } else if (rc == SWIRL_OK) {
        swirl_stacked_pcs_data_free(d); /* the degenerate zero-width commitment, on the host */
        d = NULL;
        rc = swirl_stacked_commit_timed(p, traces, n, pool, spans, &d);
    }
    if (rc) {
        swirl_stacked_pcs_data_free(d);
        return rc;
    }
    *out = d;
    return SWIRL_OK;
}

static int cuda_scan_device_trace(swirl_ctx *ctx, const swirl_trace *t, size_t *first, uint32_t *value) {
    swirl_cuda_dev *dev = NULL;
    int rc = device_for(ctx, 22, &dev);
    if (rc) return rc;
    if (!t->width || !t->height) {
        *first = SIZE_MAX;
        return SWIRL_OK;
    }
    rc = swirl_cuda_check_device_ptr(dev, t->values);
    if (rc) return rc;
    return swirl_cuda_first_out_of_range(dev, t->values, t->width * t->height, first, value);
}

static int cuda_download_trace(swirl_ctx *ctx, const swirl_trace *t, uint32_t *host) {
    swirl_cuda_dev *dev = NULL;
    int rc = device_for(ctx, 22, &dev);
    if (rc) return rc;
    return swirl_cuda_download(dev, host, t->values, t->width * t->height * sizeof(uint32_t));
}

static int cuda_grind(swirl_ctx *ctx, const swirl_transcript *tr, unsigned bits, uint32_t *witness) {
    if (bits == 0) { *witness = 0; return SWIRL_OK; }
    swirl_cuda_dev *dev = NULL;
    int rc = device_for(ctx, 0, &dev);
    if (rc) return rc;
    return swirl_cuda_grind(dev, tr, bits, witness);
}

/* The RAP-constraints stage on the device: LogUp-GKR and the batch constraint sumcheck. */
static int cuda_rap(swirl_ctx *ctx, const swirl_rap_job *j, swirl_transcript *tr, swirl_spans *spans,
                    swirl_gkr_proof *gkr, swirl_batch_proof *batch, ef_t *r) {
    swirl_cuda_dev *dev = NULL;
    int rc = device_for(ctx, 0, &dev);
    if (rc) return rc;
    /* LogUp-GKR and the batch constraint sumcheck on their CUDA operation tables: no stage op on
     * the host (the zc ops count any they leave there in the device stats) */
    swirl_gkr_backend gkr_backend = {swirl_gkr_cuda_ops(), dev};
    swirl_cuda_zc_ctx zc_ctx = {dev, ctx->pool};
    swirl_zc_backend zc = {swirl_zc_cuda_ops(), &zc_ctx};
    return swirl_cpu_prove_rap_constraints(ctx, j, tr, spans, &zc, &gkr_backend, gkr, batch, r);
}

static int cuda_whir_grind(void *vctx, const swirl_transcript *tr, unsigned bits, uint32_t *witness) {
    return cuda_grind((swirl_ctx *)vctx, tr, bits, witness);
}

static int cuda_openings(swirl_ctx *ctx, const swirl_openings_job *j, swirl_transcript *tr, swirl_spans *spans,
                         swirl_stacking_proof *sp, swirl_whir_proof *wp) {
    const swirl_system_params *p = j->params;
    swirl_cuda_dev *dev = NULL;
    int rc = device_for(ctx, (unsigned)(p->l_skip + p->n_stack + p->log_blowup), &dev);
    if (rc) return rc;
    swirl_sr_backend sr = {swirl_sr_cuda_ops(), dev};
    swirl_whir_backend whir = {swirl_whir_cuda_ops(), dev, cuda_whir_grind, ctx, ctx->pool};
    return swirl_prove_openings_with(ctx, j, tr, spans, &sr, &whir, sp, wp);
}

static const swirl_backend_ops cuda_ops = {.name = "cuda",
                                           .proof_begin = cuda_proof_begin,
                                           .upload = cuda_upload,
                                           .scan_device_trace = cuda_scan_device_trace,
                                           .download_trace = cuda_download_trace,
                                           .commit = cuda_commit,
                                           .grind = cuda_grind,
                                           .prove_rap_constraints = cuda_rap,
                                           .prove_openings = cuda_openings};

const swirl_backend_ops *swirl_backend_cuda_ops(void) { return &cuda_ops; }
