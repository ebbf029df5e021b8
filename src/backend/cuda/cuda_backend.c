/* cuda_backend.c — the CUDA backend's stage table.
 *
 * Status (see docs/ARCHITECTURE.md): the commitment's heavy half (RS encoding of the stacked
 * matrix and its Merkle tree), round 0 of the batch constraint sumcheck (the DAG evaluated on
 * the device) and every proof-of-work grinding (LogUp and WHIR) run on the device; the stacking, the chunk transform
 * and the other IOP steps (LogUp-GKR, MLE rounds, stacked reduction, WHIR) run on the host
 * through the CPU backend's implementations until their kernels land.
 * Every result is bit-identical to the CPU backend (tests/gpu compares whole proofs).
 *
 * Device buffers are allocated per commitment and released before returning; the codeword is
 * copied back to the host because the host stages (WHIR queries) read it. Without CUDA the
 * launchers are stubs and every operation fails with SWIRL_ERR_NO_DEVICE. */
#include <stdlib.h>
#include "backend/cuda/cuda_api.h"
#include "field/field_constants.h"
#include "prover/backend.h"
#include "util/ctx.h"
#include "util/alloc.h"

/* The device of the context, created on first use with twiddles for 2^log_n points (recreated
 * larger when a commitment needs more). */
static int device_for(swirl_ctx *ctx, unsigned log_n, swirl_cuda_dev **out) {
    if (!ctx) return SWIRL_ERR_NO_DEVICE;
    if (ctx->cuda && ctx->cuda_max_log_n >= log_n) { *out = ctx->cuda; return SWIRL_OK; }
    unsigned want = log_n < 22 ? 22 : log_n;
    swirl_cuda_dev_free(ctx->cuda);
    ctx->cuda = NULL;
    ctx->cuda_max_log_n = 0;
    swirl_cuda_dev *d = NULL;
    int rc = swirl_cuda_dev_create(want, &d);
    if (rc) return rc;
    ctx->cuda = d;
    ctx->cuda_max_log_n = want;
    *out = d;
    return SWIRL_OK;
}

static int cuda_commit(swirl_ctx *ctx, const swirl_system_params *p, const swirl_trace *const *traces, size_t n,
                       swirl_spans *spans, swirl_stacked_pcs_data **out) {
    swirl_pool *pool = ctx ? ctx->pool : NULL;
    const unsigned m = (unsigned)(p->l_skip + p->n_stack), lb = (unsigned)p->log_blowup;
    swirl_cuda_dev *dev = NULL;
    int rc = device_for(ctx, m + lb, &dev);
    if (rc) return rc;
    swirl_stacked_pcs_data *d = NULL;
    swirl_span_enter(spans, "stacked_commit");
    rc = swirl_stacked_prepare(p, traces, n, pool, &d);
    swirl_span_exit(spans);
    if (rc) return rc;
    const size_t H = (size_t)1 << m, N = H << lb, W = d->layout.width;
    uint32_t *d_msg = NULL, *d_cw = NULL;
    swirl_span_enter(spans, "rs_code_matrix");
    rc = swirl_stacked_message(p, d, pool);
    if (rc == SWIRL_OK && W) {
        rc = swirl_cuda_alloc(dev, (void **)&d_msg, H * W * sizeof(uint32_t));
        if (rc == SWIRL_OK) rc = swirl_cuda_alloc(dev, (void **)&d_cw, N * W * sizeof(uint32_t));
        if (rc == SWIRL_OK) rc = swirl_cuda_upload(dev, d_msg, d->message, H * W * sizeof(uint32_t));
        if (rc == SWIRL_OK) rc = swirl_cuda_rs_encode_batch(dev, d_msg, H, m, lb, W, d_cw, N);
        swirl_cuda_release(dev, d_msg);
        d_msg = NULL;
        if (rc == SWIRL_OK) rc = swirl_cuda_download(dev, d->codeword, d_cw, N * W * sizeof(uint32_t));
    }
    swirl_span_exit(spans);
    if (rc == SWIRL_OK) {
        swirl_span_enter(spans, "merkle_tree");
        if (W) {
            swirl_matrix_view v = {d_cw, N, W, 1, N};
            rc = swirl_cuda_merkle_build(dev, &v, (unsigned)p->whir.k, &d->tree);
            if (rc == SWIRL_OK) d->commit = d->tree.root;
        } else {
            rc = swirl_stacked_merkle(p, d, pool); /* the degenerate zero-width commitment */
        }
        swirl_span_exit(spans);
    }
    swirl_cuda_release(dev, d_cw);
    if (rc) { swirl_stacked_pcs_data_free(d); return rc; }
    *out = d;
    return SWIRL_OK;
}

static int cuda_grind(swirl_ctx *ctx, const swirl_transcript *tr, unsigned bits, uint32_t *witness) {
    if (bits == 0) { *witness = 0; return SWIRL_OK; }
    swirl_cuda_dev *dev = NULL;
    int rc = device_for(ctx, 0, &dev);
    if (rc) return rc;
    return swirl_cuda_grind(dev, tr, bits, witness);
}

/* Round 0 on the device: the extension weights come from the host NTT (so the device extends
 * exactly as the CPU path does), everything else is a straight translation of the program. */
static int cuda_round0(void *vctx, const swirl_zc_r0_input *in, ef_t *A, ef_t *B, ef_t *C) {
    swirl_ctx *ctx = vctx;
    swirl_cuda_dev *dev = NULL;
    int rc = device_for(ctx, 0, &dev);
    if (rc) return rc;
    const size_t ch = (size_t)1 << in->l, E = in->E;
    bb_t *W = swirl_malloc(ch * E * sizeof *W);
    if (!W) rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        /* the kernel reads W[pt][z], scaled by 2^64 for its Montgomery products */
        for (size_t z = 0; z < ch; z++)
            for (size_t pt = 0; pt < E; pt++) W[pt * ch + z] = bb_mul(in->ext_weights[z * E + pt], SWIRL_BB_MONTY_R2);
        swirl_cuda_r0_desc d = {in->num_nodes, in->op, in->arg0, in->arg1, in->num_constraints, in->constraint_nodes,
                                in->num_interactions, in->count_nodes, in->msg_offsets, in->msg_nodes, in->bus,
                                in->M, in->ncols, in->Hl, in->l, in->b, in->E,
                                (const uint32_t *)in->eqx, (const uint32_t *)in->lp, (const uint32_t *)in->bp,
                                (const uint32_t *)in->ew, in->norm, W};
        rc = swirl_cuda_zc_round0(dev, &d, (uint32_t *)A, (uint32_t *)B, (uint32_t *)C);
    }
    swirl_free(W);
    return rc;
}

static int cuda_rap(swirl_ctx *ctx, const swirl_rap_job *j, swirl_transcript *tr, swirl_spans *spans,
                    swirl_gkr_proof *gkr, swirl_batch_proof *batch, ef_t *r) {
    swirl_zc_accel accel = {cuda_round0, ctx};
    return swirl_cpu_prove_rap_constraints(ctx, j, tr, spans, &accel, gkr, batch, r);
}

static int cuda_whir_grind(void *vctx, const swirl_transcript *tr, unsigned bits, uint32_t *witness) {
    return cuda_grind((swirl_ctx *)vctx, tr, bits, witness);
}

static int cuda_openings(swirl_ctx *ctx, const swirl_openings_job *j, swirl_transcript *tr, swirl_spans *spans,
                         swirl_stacking_proof *sp, swirl_whir_proof *wp) {
    swirl_whir_grinder g = {cuda_whir_grind, ctx};
    return swirl_cpu_prove_openings(ctx, j, tr, spans, &g, sp, wp);
}

static const swirl_backend_ops cuda_ops = {"cuda", cuda_commit, cuda_grind, cuda_rap, cuda_openings};

const swirl_backend_ops *swirl_backend_cuda_ops(void) { return &cuda_ops; }
