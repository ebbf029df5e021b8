/* prove.c — the protocol driver (iop.md §3): one transcript order for every backend.
 *
 * Stages: commit common mains (and cached mains) -> preamble -> LogUp PoW, alpha, beta ->
 * RAP constraints (GKR, xi, batch constraint sumcheck) -> openings (stacked reduction, WHIR) ->
 * proof bytes. The driver decides everything the transcript sees; the computation of each stage
 * goes through the context's backend table (prover/backend.h), so the driver never knows which
 * backend runs it. Cached main traces are committed here unless the caller passes commitments
 * made earlier with swirl_commit_cached_main (the reference's stacked commit of that trace). */
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
#include "field/bb_vec.h"
#include "iop/proof.h"
#include "prover/backend.h"
#include "prover/committed.h"
#include "util/ctx.h"
#include "util/error.h"
#include "util/alloc.h"
#include "util/check.h"

#define MAXP SWIRL_MAX_TRACE_PARTS

static unsigned log2u(size_t h) { unsigned l = 0; while (((size_t)1 << l) < h) l++; return l; }
int swirl_input_present(const swirl_air_inputs *in) { return in->common_main != NULL || in->num_cached_mains > 0; }

size_t swirl_trace_order(const swirl_air_inputs *in, size_t n, unsigned *lh, size_t *order) {
    size_t N = 0;
    for (size_t a = 0; a < n; a++) {
        lh[a] = 0;
        if (!swirl_input_present(&in[a])) continue;
        lh[a] = log2u(in[a].common_main ? in[a].common_main->height : in[a].cached_mains[0].height);
        order[N++] = a;
    }
    for (size_t i = 1; i < N; i++)
        for (size_t j = i; j > 0 && lh[order[j - 1]] < lh[order[j]]; j--) { size_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t; }
    return N;
}

/* ---- traces in the caller's device memory (swirl_prove_device) ---------------------------- */

static int scan_adapter(void *vctx, const swirl_trace *t, size_t *first, uint32_t *value) {
    swirl_ctx *ctx = vctx;
    return ctx->ops->scan_device_trace(ctx, t, first, value);
}

/* ---- the field-range check of host traces on the context's pool ---------------------------- */

/* The trace is split into chunks; each worker finds its chunk's first value >= p
 * (swirl_bb_first_noncanonical, branch-free blocks) and the smallest index wins. keccakf 1024's
 * 86 M values took tens of ms on one thread in every proof; over the pool they take a few. */
#define RANGE_CHUNK ((size_t)1 << 16)

typedef struct range_job {
    const uint32_t *values;
    size_t n;
    size_t *first; /* per chunk: the index of its first bad value, or n */
} range_job;

static void range_body(void *arg, size_t b, size_t e, unsigned worker) {
    (void)worker;
    const range_job *j = arg;
    for (size_t k = b; k < e; k++) {
        const size_t lo = k * RANGE_CHUNK, len = j->n - lo < RANGE_CHUNK ? j->n - lo : RANGE_CHUNK;
        j->first[k] = lo + swirl_bb_first_noncanonical(j->values + lo, len);
        if (j->first[k] == lo + len) j->first[k] = j->n;
    }
}

static int host_scan(void *vctx, const swirl_trace *t, size_t *first, uint32_t *value) {
    swirl_ctx *ctx = vctx;
    const size_t n = t->width * t->height, chunks = (n + RANGE_CHUNK - 1) / RANGE_CHUNK;
    range_job j = {t->values, n, swirl_alloc_array(chunks + 1, sizeof(size_t))};
    if (!j.first) return SWIRL_ERR_OUT_OF_MEMORY;
    swirl_pool_for(ctx->pool, chunks, 1, range_body, &j);
    size_t best = n;
    for (size_t k = 0; k < chunks && best == n; k++) best = j.first[k];
    swirl_free(j.first);
    *first = best == n ? SIZE_MAX : best;
    if (best != n) *value = t->values[best];
    return SWIRL_OK;
}

/* Host copies of device inputs, for the stages that still read host traces (the RAP stage until
 * it reads the resident commitment): the same inputs with every trace downloaded. */
typedef struct host_copies {
    swirl_air_inputs *in; /* n entries */
    swirl_trace *traces;  /* every present AIR's common main then cached mains */
    size_t num_traces;
} host_copies;

static void host_copies_free(host_copies *h) {
    for (size_t i = 0; h->traces && i < h->num_traces; i++) swirl_free(h->traces[i].values);
    swirl_free(h->traces);
    swirl_free(h->in);
    memset(h, 0, sizeof *h);
}

static int download_one(swirl_ctx *ctx, const swirl_trace *dev, swirl_trace *host) {
    *host = *dev;
    host->values = NULL;
    if (!dev->width || !dev->height) return SWIRL_OK;
    host->values = swirl_alloc_array(dev->width * dev->height, sizeof(uint32_t));
    if (!host->values) return SWIRL_ERR_OUT_OF_MEMORY;
    return ctx->ops->download_trace(ctx, dev, host->values);
}

static int download_inputs(swirl_ctx *ctx, const swirl_air_inputs *in, size_t n, host_copies *h) {
    size_t total = 0;
    for (size_t a = 0; a < n; a++) total += (in[a].common_main ? 1 : 0) + in[a].num_cached_mains;
    h->in = swirl_alloc_array(n + 1, sizeof *h->in);
    h->traces = swirl_calloc(total + 1, sizeof *h->traces);
    if (!h->in || !h->traces) return SWIRL_ERR_OUT_OF_MEMORY;
    int rc = SWIRL_OK;
    for (size_t a = 0; rc == SWIRL_OK && a < n; a++) {
        h->in[a] = in[a];
        if (in[a].common_main) {
            h->in[a].common_main = &h->traces[h->num_traces];
            rc = download_one(ctx, in[a].common_main, &h->traces[h->num_traces++]);
        }
        h->in[a].cached_mains = in[a].num_cached_mains ? &h->traces[h->num_traces] : in[a].cached_mains;
        for (size_t c = 0; rc == SWIRL_OK && c < in[a].num_cached_mains; c++)
            rc = download_one(ctx, &in[a].cached_mains[c], &h->traces[h->num_traces++]);
    }
    return rc;
}

/* What swirl_prove_device requires beyond swirl_prove's checks. */
static int device_inputs_ok(swirl_ctx *ctx, const swirl_air_inputs *in, size_t n, swirl_error *err) {
    const swirl_backend_ops *ops = ctx ? ctx->ops : NULL;
    if (!ops || !ops->upload || !ops->scan_device_trace || !ops->download_trace)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_prove_device: the context's backend (%s) takes host traces only",
                          ops ? ops->name : "cpu");
    for (size_t a = 0; a < n; a++)
        for (size_t c = 0; in[a].cached_commitments && c < in[a].num_cached_mains; c++)
            if (in[a].cached_commitments[c])
                return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0,
                                  "swirl_prove_device: AIR %zu: pre-made cached commitments take host traces (use swirl_prove)", a);
    return SWIRL_OK;
}

static int prove_impl(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *in, size_t n, int on_device,
                      uint8_t **proof_out, size_t *len_out, swirl_error *err);

/* Where every present trace's parts were committed (the batch constraint sumcheck reads them
 * there on a device backend): common mains in the main commitment (slices in trace order),
 * preprocessed parts in the key's commitment, cached mains in theirs (made in AIR-id order). */
static int residence_of(const swirl_pk *pk, const swirl_air_inputs *in, const size_t *order, const swirl_zc_trace *zt,
                        size_t N, const swirl_stacked_pcs_data *common, swirl_stacked_pcs_data *const *cached_data,
                        swirl_zc_part_loc **out) {
    swirl_zc_part_loc *parts = swirl_calloc(N * MAXP, sizeof *parts);
    if (!parts) return SWIRL_ERR_OUT_OF_MEMORY;
    size_t s0 = 0;
    for (size_t t = 0; t < N; t++) {
        const size_t a = order[t];
        const swirl_air_vk *v = zt[t].vk;
        parts[t * MAXP] = (swirl_zc_part_loc){common, s0};
        s0 += v->common_width;
        size_t part = 1, cdi = 0;
        if (v->has_preprocessed) parts[t * MAXP + part++] = (swirl_zc_part_loc){pk->airs[a].prep_data, 0};
        for (size_t b = 0; b < a; b++) if (swirl_input_present(&in[b])) cdi += pk->vk->airs[b].num_cached;
        for (size_t k = 0; k < v->num_cached && part < MAXP; k++) parts[t * MAXP + part++] = (swirl_zc_part_loc){cached_data[cdi + k], 0};
    }
    *out = parts;
    return SWIRL_OK;
}

int swirl_prove(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *in, size_t n, uint8_t **proof_out,
                size_t *len_out, swirl_error *err) {
    return prove_impl(ctx, pk, in, n, 0, proof_out, len_out, err);
}

int swirl_prove_device(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *in, size_t n, uint8_t **proof_out,
                       size_t *len_out, swirl_error *err) {
    if (!pk || !pk->vk || !in || !proof_out || !len_out)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_prove_device: null argument");
    *proof_out = NULL;
    *len_out = 0;
    int rc = device_inputs_ok(ctx, in, n, err);
    if (rc) return rc;
    return prove_impl(ctx, pk, in, n, 1, proof_out, len_out, err);
}

static int prove_impl(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *in, size_t n, int on_device,
                      uint8_t **proof_out, size_t *len_out, swirl_error *err) {
    if (!pk || !pk->vk || !in || !proof_out || !len_out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_prove: null argument");
    if (err) err->status = SWIRL_OK; /* the exit path fills err from rc unless a stage already did */
    *proof_out = NULL;
    *len_out = 0;
    const swirl_vk *vk = pk->vk;
    const swirl_system_params *p = &vk->params;
    const unsigned l = (unsigned)p->l_skip;
    const swirl_backend_ops *ops = ctx && ctx->ops ? ctx->ops : swirl_backend_cpu_ops();
    swirl_spans *spans = ctx ? &ctx->spans : NULL;
    swirl_spans_reset(spans);
    if (ops->proof_begin) ops->proof_begin(ctx);
    swirl_span_enter(spans, "prover");
    /* shapes only (widths, heights, field ranges, public values): traces that violate constraints
     * still get a proof, which the verifier rejects; swirl_debug_check is the tool to find why */
    swirl_check_report rep;
    const swirl_value_scan device_scan = {scan_adapter, ctx}, pool_scan = {host_scan, ctx};
    const unsigned upload_flags = on_device ? SWIRL_UPLOAD_DEVICE_ROWS : 0;
    host_copies host_in = {NULL, NULL, 0};
    const swirl_value_scan *scan = on_device ? &device_scan : ctx && ctx->pool ? &pool_scan : NULL;
    int rc = swirl_check_shapes_scan(pk, in, n, scan, &rep, err);
    if (rc) { swirl_span_exit(spans); return rc; }
    unsigned *lh = swirl_calloc(n + 1, sizeof *lh);
    size_t *order = swirl_calloc(n + 1, sizeof *order);
    swirl_proof pf;
    memset(&pf, 0, sizeof pf);
    swirl_stacked_pcs_data *common = NULL, **cached_data = NULL;
    unsigned char *cached_owned = NULL; /* 1 where cached_data[i] was committed here */
    swirl_zc_trace *zt = NULL;
    swirl_sr_slice *slices = NULL;
    swirl_zc_part_loc *res_parts = NULL; /* where each trace part was committed (rap stage) */
    swirl_zc_residence res = {NULL};
    const swirl_stacked_pcs_data **commits = NULL;
    ef_t *r = NULL; /* the batch constraint sumcheck's point: n_max + 1 values */
    if (!lh || !order) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    size_t N = swirl_trace_order(in, n, lh, order);
    if (N == 0) { rc = swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_prove: no AIR is present (EmptyTraces)"); goto done; }
    swirl_transcript tr;
    swirl_tr_init(&tr);
    swirl_tr_observe_commit(&tr, &vk->pre_hash);
    /* ---- commitments ---- */
    {
        const swirl_trace **ct = swirl_calloc(N, sizeof *ct);
        swirl_trace *empty = swirl_calloc(N, sizeof *empty);
        if (!ct || !empty) { swirl_free(ct); swirl_free(empty); rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
        for (size_t t = 0; t < N; t++) {
            size_t a = order[t];
            if (in[a].common_main && vk->airs[a].common_width) ct[t] = in[a].common_main;
            else { empty[t].height = (size_t)1 << lh[a]; empty[t].width = 0; empty[t].values = NULL; ct[t] = &empty[t]; }
        }
        /* the one upload of the common main traces has its own span before the commitment */
        swirl_staged_traces *staged = NULL;
        if (ops->upload) {
            swirl_span_enter(spans, "trace_upload");
            rc = ops->upload(ctx, p, ct, N, upload_flags, spans, &staged);
            swirl_span_exit(spans);
        }
        swirl_span_enter(spans, "main_trace_commit");
        if (rc == SWIRL_OK) rc = ops->commit(ctx, p, ct, N, staged, spans, &common);
        swirl_free(ct);
        swirl_free(empty);
        if (rc) { swirl_span_exit(spans); goto done; }
    }
    size_t ncached = 0;
    for (size_t a = 0; a < n; a++) if (swirl_input_present(&in[a])) ncached += vk->airs[a].num_cached;
    cached_data = swirl_calloc(ncached + 1, sizeof *cached_data);
    cached_owned = swirl_calloc(ncached + 1, 1);
    if (!cached_data || !cached_owned) { swirl_span_exit(spans); rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    pf.num_airs = n;
    pf.vdata = swirl_calloc(n, sizeof *pf.vdata);
    pf.num_pv = swirl_calloc(n, sizeof *pf.num_pv);
    pf.pv = swirl_calloc(n, sizeof *pf.pv);
    if (!pf.vdata || !pf.num_pv || !pf.pv) { swirl_span_exit(spans); rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    pf.common_main_commit = common->commit;
    size_t ci = 0;
    for (size_t a = 0; a < n; a++) {
        pf.num_pv[a] = swirl_input_present(&in[a]) ? in[a].num_public_values : 0;
        pf.pv[a] = swirl_calloc(pf.num_pv[a] + 1, sizeof(uint32_t));
        if (!pf.pv[a]) { rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
        if (pf.num_pv[a]) memcpy(pf.pv[a], in[a].public_values, pf.num_pv[a] * 4);
        if (!swirl_input_present(&in[a])) continue;
        pf.vdata[a].present = 1;
        pf.vdata[a].log_height = lh[a];
        pf.vdata[a].num_cached = vk->airs[a].num_cached;
        pf.vdata[a].cached = swirl_calloc(vk->airs[a].num_cached + 1, sizeof(swirl_digest));
        if (!pf.vdata[a].cached) { rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
        for (size_t c = 0; c < vk->airs[a].num_cached && !rc; c++) {
            const swirl_committed_trace *pre = in[a].cached_commitments ? in[a].cached_commitments[c] : NULL;
            if (pre) {
                rc = swirl_committed_trace_check(pre, p, &in[a].cached_mains[c], err);
                if (rc) break;
                cached_data[ci] = pre->data;
            } else {
                const swirl_trace *tp[] = {&in[a].cached_mains[c]};
                swirl_staged_traces *staged = NULL;
                if (on_device) rc = ops->upload(ctx, p, tp, 1, upload_flags, spans, &staged);
                if (rc == SWIRL_OK) rc = ops->commit(ctx, p, tp, 1, staged, spans, &cached_data[ci]);
                if (rc) break;
                cached_owned[ci] = 1;
            }
            pf.vdata[a].cached[c] = cached_data[ci]->commit;
            ci++;
        }
        if (rc) break;
    }
    swirl_span_exit(spans); /* main_trace_commit */
    if (rc) goto done;
    /* ---- preamble ---- */
    swirl_tr_observe_commit(&tr, &pf.common_main_commit);
    for (size_t a = 0; a < n; a++) {
        if (!vk->airs[a].is_required) swirl_tr_observe(&tr, pf.vdata[a].present ? 1 : 0);
        if (pf.vdata[a].present) {
            if (vk->airs[a].has_preprocessed) swirl_tr_observe_commit(&tr, &vk->airs[a].prep_commit);
            else swirl_tr_observe(&tr, pf.vdata[a].log_height);
            for (size_t c = 0; c < pf.vdata[a].num_cached; c++) swirl_tr_observe_commit(&tr, &pf.vdata[a].cached[c]);
        }
        for (size_t i = 0; i < pf.num_pv[a]; i++) swirl_tr_observe(&tr, pf.pv[a][i]);
    }
    /* ---- LogUp PoW, GKR, xi ---- */
    if (on_device) { /* the RAP stage still reads host traces */
        swirl_span_enter(spans, "trace_download");
        rc = download_inputs(ctx, in, n, &host_in);
        swirl_span_exit(spans);
        if (rc) goto done;
        in = host_in.in;
    }
    zt = swirl_calloc(N, sizeof *zt);
    if (!zt) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    for (size_t t = 0; t < N; t++) {
        size_t a = order[t];
        zt[t].vk = &vk->airs[a];
        zt[t].log_height = lh[a];
        zt[t].common = in[a].common_main;
        zt[t].prep = vk->airs[a].has_preprocessed ? &pk->airs[a].prep : NULL;
        zt[t].cached = in[a].cached_mains;
        zt[t].public_values = in[a].public_values;
    }
    swirl_trace *empty_common = swirl_calloc(N, sizeof *empty_common);
    if (!empty_common) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    for (size_t t = 0; t < N; t++)
        if (!zt[t].common) { empty_common[t].height = (size_t)1 << zt[t].log_height; zt[t].common = &empty_common[t]; }
    swirl_span_enter(spans, "rap_constraints");
    rc = ops->grind(ctx, &tr, (unsigned)p->logup.pow_bits, &pf.logup_pow_witness);
    /* the transcript takes the witness as the verifier will (a backend's wrong witness is a bug) */
    if (rc == SWIRL_OK && !swirl_tr_check_witness(&tr, (unsigned)p->logup.pow_bits, pf.logup_pow_witness)) rc = SWIRL_ERR_INTERNAL;
    /* the shape check bounds every log height by l + n_stack, so n_max <= n_stack */
    size_t n_max = lh[order[0]] > l ? lh[order[0]] - l : 0;
    SWIRL_VERIFY_CHECK(n_max <= p->n_stack);
    if (rc == SWIRL_OK) {
        r = swirl_alloc_array(n_max + 1, sizeof *r);
        if (!r) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    if (rc == SWIRL_OK) {
        swirl_rap_job job;
        memset(&job, 0, sizeof job);
        job.params = p;
        job.traces = zt;
        job.num_traces = N;
        job.alpha = swirl_tr_sample_ext(&tr);
        job.beta = swirl_tr_sample_ext(&tr);
        job.n_logup = swirl_logup_n(p, zt, N, &job.total_interactions);
        job.n_global = n_max > job.n_logup ? n_max : job.n_logup;
        rc = residence_of(pk, in, order, zt, N, common, cached_data, &res_parts);
        res.parts = res_parts;
        job.residence = rc == SWIRL_OK ? &res : NULL;
        /* GKR has bitlen(total) <= 32 layers: the shape check's trace-height constraint on the
         * total keeps it below max_interaction_count (a u32); this guards a key without it */
        if (rc) {
            /* out of memory */
        } else if (job.total_interactions >> 32) {
            rc = swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_prove: %llu interactions, not below 2^32 (TraceHeightsTooLarge)",
                            (unsigned long long)job.total_interactions);
        } else {
            rc = ops->prove_rap_constraints(ctx, &job, &tr, spans, &pf.gkr, &pf.batch, r);
            if (rc == SWIRL_ERR_TRACE) swirl_fail(err, rc, 0, "swirl_prove: the interactions do not balance (NonZeroRootSum)");
        }
    }
    swirl_span_exit(spans);
    swirl_free(empty_common);
    swirl_free(res_parts);
    if (rc) goto done;
    /* ---- stacked reduction: commitments [common, per trace: prep, cached...] ---- */
    size_t C = 1;
    for (size_t t = 0; t < N; t++) C += (size_t)zt[t].vk->has_preprocessed + zt[t].vk->num_cached;
    commits = swirl_calloc(C, sizeof *commits);
    size_t total_slices = 0;
    for (size_t t = 0; t < N; t++) {
        total_slices += zt[t].vk->common_width + zt[t].vk->prep_width;
        for (size_t c = 0; c < zt[t].vk->num_cached; c++) total_slices += zt[t].vk->cached_widths[c];
    }
    slices = swirl_calloc(total_slices + 1, sizeof *slices);
    if (!commits || !slices) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    size_t cc = 0, si = 0;
    /* commit 0 */
    commits[0] = common;
    {
        size_t s0 = 0;
        for (size_t t = 0; t < N; t++) {
            int nr = zt[t].vk->need_rot;
            const ef_t *o = pf.batch.openings + pf.batch.part_offset[t * MAXP + 0];
            for (size_t c = 0; c < zt[t].vk->common_width; c++, s0++) {
                const swirl_stacked_slice *ls = &common->layout.slices[s0];
                swirl_sr_slice *x = &slices[si++];
                x->commit = 0; x->col = ls->col_idx; x->row = ls->row_idx;
                x->n = (int)zt[t].log_height - (int)l; x->need_rot = nr;
                x->claim = o[nr ? 2 * c : c];
                x->claim_rot = nr ? o[2 * c + 1] : ef_zero();
            }
        }
    }
    cc = 1;
    size_t cdi = 0;
    /* cached data were created in AIR-id order; map them back per trace */
    for (size_t t = 0; t < N; t++) {
        size_t a = order[t];
        int nr = zt[t].vk->need_rot;
        size_t part = 1;
        if (zt[t].vk->has_preprocessed) {
            const swirl_stacked_pcs_data *d = pk->airs[a].prep_data;
            commits[cc] = d;
            const ef_t *o = pf.batch.openings + pf.batch.part_offset[t * MAXP + part];
            for (size_t c = 0; c < d->layout.num_slices; c++) {
                const swirl_stacked_slice *ls = &d->layout.slices[c];
                swirl_sr_slice *x = &slices[si++];
                x->commit = cc; x->col = ls->col_idx; x->row = ls->row_idx;
                x->n = (int)zt[t].log_height - (int)l; x->need_rot = nr;
                x->claim = o[nr ? 2 * c : c];
                x->claim_rot = nr ? o[2 * c + 1] : ef_zero();
            }
            cc++;
            part++;
        }
        /* index of this AIR's first cached commitment in cached_data */
        cdi = 0;
        for (size_t b = 0; b < a; b++) if (swirl_input_present(&in[b])) cdi += vk->airs[b].num_cached;
        for (size_t k = 0; k < zt[t].vk->num_cached; k++, part++) {
            const swirl_stacked_pcs_data *d = cached_data[cdi + k];
            commits[cc] = d;
            const ef_t *o = pf.batch.openings + pf.batch.part_offset[t * MAXP + part];
            for (size_t c = 0; c < d->layout.num_slices; c++) {
                const swirl_stacked_slice *ls = &d->layout.slices[c];
                swirl_sr_slice *x = &slices[si++];
                x->commit = cc; x->col = ls->col_idx; x->row = ls->row_idx;
                x->n = (int)zt[t].log_height - (int)l; x->need_rot = nr;
                x->claim = o[nr ? 2 * c : c];
                x->claim_rot = nr ? o[2 * c + 1] : ef_zero();
            }
            cc++;
        }
    }
    {
        swirl_openings_job job = {p, commits, C, slices, si, r, n_max};
        swirl_span_enter(spans, "openings");
        rc = ops->prove_openings(ctx, &job, &tr, spans, &pf.stacking, &pf.whir);
        swirl_span_exit(spans);
        if (rc) goto done;
    }
    {
        swirl_writer w;
        swirl_writer_init(&w);
        rc = swirl_proof_encode(&pf, &w);
        if (rc) { swirl_writer_free(&w); goto done; }
        *proof_out = w.buf;
        *len_out = w.len;
    }
done:
    if (rc && err && err->status != rc) swirl_fail(err, rc, 0, "swirl_prove failed: %s", swirl_status_str(rc));
    swirl_proof_free(&pf);
    swirl_stacked_pcs_data_free(common);
    for (size_t i = 0; cached_data && cached_data[i]; i++)
        if (cached_owned[i]) swirl_stacked_pcs_data_free(cached_data[i]);
    swirl_free(cached_data); swirl_free(cached_owned); swirl_free(zt); swirl_free(slices); swirl_free(commits);
    swirl_free(lh); swirl_free(order); swirl_free(r);
    host_copies_free(&host_in);
    while (spans && spans->depth) swirl_span_exit(spans); /* "prover", and any stage an error left open */
    return rc;
}
