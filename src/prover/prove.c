/* prove.c — the protocol driver (iop.md §3): one transcript order for every backend.
 *
 * Stages: commit common mains (and cached mains) -> preamble -> LogUp PoW, alpha, beta -> GKR ->
 * xi -> batch constraint sumcheck -> stacked reduction -> WHIR -> proof bytes. The stage
 * implementations used here are the CPU ones; the CUDA backend will implement the same stage
 * table (docs/ARCHITECTURE.md). Cached main traces are committed by the prover itself (swirl's
 * API takes the traces; the commitment is the reference's stacked commit of the single trace). */
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
#include "iop/proof.h"
#include "util/ctx.h"
#include "util/error.h"

#define MAXP 8

static unsigned log2u(size_t h) { unsigned l = 0; while (((size_t)1 << l) < h) l++; return l; }
static int present_of(const swirl_air_inputs *in) { return in->common_main != NULL || in->num_cached_mains > 0; }

/* trace order: present AIRs by log height descending, AIR id ascending */
static size_t trace_order(const swirl_air_inputs *in, size_t n, const unsigned *lh, size_t *order) {
    size_t N = 0;
    for (size_t a = 0; a < n; a++) if (present_of(&in[a])) order[N++] = a;
    for (size_t i = 1; i < N; i++)
        for (size_t j = i; j > 0 && lh[order[j - 1]] < lh[order[j]]; j--) { size_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t; }
    return N;
}

int swirl_prove(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *in, size_t n, uint8_t **proof_out,
                size_t *len_out, swirl_error *err) {
    if (!pk || !pk->vk || !in || !proof_out || !len_out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_prove: null argument");
    *proof_out = NULL;
    *len_out = 0;
    const swirl_vk *vk = pk->vk;
    const swirl_system_params *p = &vk->params;
    const unsigned l = (unsigned)p->l_skip;
    swirl_pool *pool = ctx ? ctx->pool : NULL;
    /* the checker validates shapes (widths, heights, field ranges, public values) */
    swirl_check_report rep;
    int rc = swirl_debug_check(pk, in, n, &rep, err);
    if (rc == SWIRL_ERR_TRACE && rep.kind != SWIRL_CHECK_SHAPE) rc = SWIRL_OK; /* unsatisfied traces still get a (rejected) proof */
    if (rc) return rc;
    unsigned *lh = calloc(n + 1, sizeof *lh);
    size_t *order = calloc(n + 1, sizeof *order);
    swirl_proof pf;
    memset(&pf, 0, sizeof pf);
    swirl_stacked_pcs_data *common = NULL, **cached_data = NULL;
    swirl_zc_trace *zt = NULL;
    swirl_sr_slice *slices = NULL;
    const swirl_stacked_pcs_data **commits = NULL;
    const bb_t **stacked = NULL;
    size_t *widths = NULL;
    ef_t *pl = NULL, *ql = NULL;
    if (!lh || !order) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    for (size_t a = 0; a < n; a++)
        if (present_of(&in[a])) lh[a] = log2u(in[a].common_main ? in[a].common_main->height : in[a].cached_mains[0].height);
    size_t N = trace_order(in, n, lh, order);
    if (N == 0) { rc = swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_prove: no AIR is present (EmptyTraces)"); goto done; }
    swirl_transcript tr;
    swirl_tr_init(&tr);
    swirl_tr_observe_commit(&tr, &vk->pre_hash);
    /* ---- commitments ---- */
    {
        const swirl_trace **ct = calloc(N, sizeof *ct);
        swirl_trace *empty = calloc(N, sizeof *empty);
        if (!ct || !empty) { free(ct); free(empty); rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
        for (size_t t = 0; t < N; t++) {
            size_t a = order[t];
            if (in[a].common_main && vk->airs[a].common_width) ct[t] = in[a].common_main;
            else { empty[t].height = (size_t)1 << lh[a]; empty[t].width = 0; empty[t].values = NULL; ct[t] = &empty[t]; }
        }
        rc = swirl_stacked_commit(p, ct, N, pool, &common);
        free(ct);
        free(empty);
        if (rc) goto done;
    }
    size_t ncached = 0;
    for (size_t a = 0; a < n; a++) if (present_of(&in[a])) ncached += vk->airs[a].num_cached;
    cached_data = calloc(n * 4 + ncached + 1, sizeof *cached_data);
    if (!cached_data) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    pf.num_airs = n;
    pf.vdata = calloc(n, sizeof *pf.vdata);
    pf.num_pv = calloc(n, sizeof *pf.num_pv);
    pf.pv = calloc(n, sizeof *pf.pv);
    if (!pf.vdata || !pf.num_pv || !pf.pv) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    pf.common_main_commit = common->commit;
    size_t ci = 0;
    for (size_t a = 0; a < n; a++) {
        pf.num_pv[a] = present_of(&in[a]) ? in[a].num_public_values : 0;
        pf.pv[a] = calloc(pf.num_pv[a] + 1, sizeof(uint32_t));
        if (!pf.pv[a]) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
        if (pf.num_pv[a]) memcpy(pf.pv[a], in[a].public_values, pf.num_pv[a] * 4);
        if (!present_of(&in[a])) continue;
        pf.vdata[a].present = 1;
        pf.vdata[a].log_height = lh[a];
        pf.vdata[a].num_cached = vk->airs[a].num_cached;
        pf.vdata[a].cached = calloc(vk->airs[a].num_cached + 1, sizeof(swirl_digest));
        if (!pf.vdata[a].cached) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
        for (size_t c = 0; c < vk->airs[a].num_cached; c++) {
            const swirl_trace *tp[] = {&in[a].cached_mains[c]};
            rc = swirl_stacked_commit(p, tp, 1, pool, &cached_data[ci]);
            if (rc) goto done;
            pf.vdata[a].cached[c] = cached_data[ci]->commit;
            ci++;
        }
    }
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
    zt = calloc(N, sizeof *zt);
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
    swirl_trace *empty_common = calloc(N, sizeof *empty_common);
    if (!empty_common) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    for (size_t t = 0; t < N; t++)
        if (!zt[t].common) { empty_common[t].height = (size_t)1 << zt[t].log_height; zt[t].common = &empty_common[t]; }
    pf.logup_pow_witness = swirl_tr_grind(&tr, (unsigned)p->logup.pow_bits, pool);
    ef_t alpha = swirl_tr_sample_ext(&tr), beta = swirl_tr_sample_ext(&tr);
    uint64_t total;
    size_t n_logup = swirl_logup_n(p, zt, N, &total);
    size_t n_max = lh[order[0]] > l ? lh[order[0]] - l : 0, n_global = n_max > n_logup ? n_max : n_logup;
    ef_t xi[96];
    if (l + n_global > 96) { free(empty_common); rc = SWIRL_ERR_PARAMS; goto done; }
    if (total) {
        size_t L = l + n_logup;
        pl = malloc(((size_t)1 << L) * sizeof *pl);
        ql = malloc(((size_t)1 << L) * sizeof *ql);
        if (!pl || !ql) { free(empty_common); rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
        rc = swirl_logup_leaves(p, zt, N, n_logup, alpha, beta, pl, ql);
        if (!rc) rc = swirl_gkr_prove(&tr, pl, ql, (unsigned)L, pool, &pf.gkr, xi);
        if (rc == SWIRL_ERR_TRACE) swirl_fail(err, rc, 0, "swirl_prove: the interactions do not balance (NonZeroRootSum)");
        if (rc) { free(empty_common); goto done; }
    } else {
        pf.gkr.q0_claim = ef_one();
    }
    for (size_t i = total ? l + n_logup : 0; i < l + n_global; i++) xi[i] = swirl_tr_sample_ext(&tr);
    /* ---- batch constraint sumcheck ---- */
    ef_t r[64];
    rc = swirl_zc_prove(p, &tr, zt, N, xi, n_logup, beta, pool, &pf.batch, r);
    free(empty_common);
    if (rc) goto done;
    /* ---- stacked reduction: commitments [common, per trace: prep, cached...] ---- */
    size_t C = 1;
    for (size_t t = 0; t < N; t++) C += (size_t)zt[t].vk->has_preprocessed + zt[t].vk->num_cached;
    commits = calloc(C, sizeof *commits);
    stacked = calloc(C, sizeof *stacked);
    widths = calloc(C, sizeof *widths);
    size_t total_slices = 0;
    for (size_t t = 0; t < N; t++) {
        total_slices += zt[t].vk->common_width + zt[t].vk->prep_width;
        for (size_t c = 0; c < zt[t].vk->num_cached; c++) total_slices += zt[t].vk->cached_widths[c];
    }
    slices = calloc(total_slices + 1, sizeof *slices);
    if (!commits || !stacked || !widths || !slices) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
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
        for (size_t b = 0; b < a; b++) if (present_of(&in[b])) cdi += vk->airs[b].num_cached;
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
    for (size_t c = 0; c < C; c++) { stacked[c] = commits[c]->stacked; widths[c] = commits[c]->layout.width; }
    ef_t u[64];
    rc = swirl_sr_prove(p, &tr, stacked, widths, C, slices, si, r, n_max, pool, &pf.stacking, u);
    if (rc) goto done;
    /* ---- WHIR at u_cube ---- */
    {
        ef_t ucube[64];
        ef_t z = u[0];
        for (size_t i = 0; i < l; i++) { ucube[i] = z; z = ef_sqr(z); }
        for (size_t i = 0; i < p->n_stack; i++) ucube[l + i] = u[1 + i];
        rc = swirl_whir_prove(p, &tr, commits, C, ucube, pool, &pf.whir, NULL);
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
    for (size_t i = 0; cached_data && cached_data[i]; i++) swirl_stacked_pcs_data_free(cached_data[i]);
    free(cached_data); free(zt); free(slices); free(commits); free(stacked); free(widths); free(pl); free(ql);
    free(lh); free(order);
    return rc;
}
