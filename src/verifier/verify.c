/* verify.c — the SWIRL verifier (iop.md §7): decode, proof-shape checks, trace-height
 * constraints, transcript replay through GKR, the batch constraint sumcheck, the stacked
 * reduction and WHIR. Shares no state with the prover. */
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
#include "iop/proof.h"
#include "util/error.h"
#include "util/alloc.h"

#define MAXP SWIRL_MAX_TRACE_PARTS

enum {
    SWIRL_V_ERR_EMPTY = 500, SWIRL_V_ERR_SHAPE = 501, SWIRL_V_ERR_HEIGHTS = 502, SWIRL_V_ERR_LOGUP_POW = 503
};

#define VF(code, ...) swirl_fail(err, SWIRL_ERR_VERIFY, (code), __VA_ARGS__)

/* A stacked layout the verifier could not rebuild: out of memory is not a property of the proof. */
static int layout_failure(int status, swirl_error *err, const char *what) {
    if (status == SWIRL_ERR_OUT_OF_MEMORY) return swirl_fail(err, status, 0, "proof: out of memory building the %s layout", what);
    return VF(SWIRL_V_ERR_SHAPE, "proof: %s layout invalid", what);
}

int swirl_verify(const swirl_vk *vk, const uint8_t *bytes, size_t len, swirl_error *err) {
    if (!vk || (!bytes && len)) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_verify: null argument");
    swirl_proof pf;
    int drc = swirl_proof_decode(bytes, len, &pf);
    if (drc == SWIRL_ERR_OUT_OF_MEMORY) return swirl_fail(err, drc, 0, "proof: out of memory while decoding");
    if (drc != SWIRL_OK) return swirl_fail(err, SWIRL_ERR_DECODE, 0, "proof: malformed bytes");
    const swirl_system_params *p = &vk->params;
    const unsigned l = (unsigned)p->l_skip;
    int rc = SWIRL_OK;
    size_t n = vk->num_airs, N = 0;
    size_t *order = NULL;
    swirl_zc_trace *zt = NULL;
    swirl_sr_slice *slices = NULL;
    swirl_digest *roots = NULL;
    size_t *widths = NULL;
    swirl_stacked_layout *layouts = NULL;
    ef_t *points = NULL; /* xi, r, u and u_cube, sized from the proof's dimensions */
    ef_t *claims = NULL;
    size_t nlayouts = 0;
    /* ---- shape of the vdata / public values ---- */
    if (pf.num_airs != n) { rc = VF(SWIRL_V_ERR_SHAPE, "proof: %zu AIRs, key has %zu (InvalidVDataLength)", pf.num_airs, n); goto done; }
    for (size_t a = 0; a < n; a++) {
        const swirl_air_vk *v = &vk->airs[a];
        if (!pf.vdata[a].present) {
            if (v->is_required) { rc = VF(SWIRL_V_ERR_SHAPE, "proof: required AIR %zu is absent (RequiredAirNoVData)", a); goto done; }
            if (pf.num_pv[a]) { rc = VF(SWIRL_V_ERR_SHAPE, "proof: absent AIR %zu has public values (PublicValuesNoVData)", a); goto done; }
            continue;
        }
        N++;
        if (pf.vdata[a].num_cached != v->num_cached) { rc = VF(SWIRL_V_ERR_SHAPE, "proof: AIR %zu cached commitments (InvalidCachedCommitments)", a); goto done; }
        if (pf.vdata[a].log_height > l + p->n_stack) { rc = VF(SWIRL_V_ERR_SHAPE, "proof: AIR %zu log height out of bounds (LogHeightOutOfBounds)", a); goto done; }
        if (pf.num_pv[a] != v->num_public_values) { rc = VF(SWIRL_V_ERR_SHAPE, "proof: AIR %zu public values (InvalidPublicValues)", a); goto done; }
        if (v->has_preprocessed && (int64_t)pf.vdata[a].log_height - (int64_t)l != v->prep_hypercube_dim) {
            rc = VF(SWIRL_V_ERR_SHAPE, "proof: AIR %zu height differs from its preprocessed trace (PreprocessedTraceHeightMismatch)", a);
            goto done;
        }
    }
    if (N == 0) { rc = VF(SWIRL_V_ERR_EMPTY, "proof: no AIR present (EmptyTraces)"); goto done; }
    order = swirl_calloc(N, sizeof *order);
    zt = swirl_calloc(N, sizeof *zt);
    if (!order || !zt) { rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); goto done; }
    {
        size_t k = 0;
        for (size_t a = 0; a < n; a++) if (pf.vdata[a].present) order[k++] = a;
        for (size_t i = 1; i < N; i++)
            for (size_t j = i; j > 0 && pf.vdata[order[j - 1]].log_height < pf.vdata[order[j]].log_height; j--) {
                size_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
            }
    }
    /* ---- trace-height constraints ---- */
    for (size_t i = 0; i < vk->num_height_constraints; i++) {
        uint64_t s = 0;
        for (size_t a = 0; a < n; a++)
            if (pf.vdata[a].present) {
                unsigned lh = pf.vdata[a].log_height > l ? pf.vdata[a].log_height : l;
                uint64_t term = (uint64_t)vk->height_constraints[i].coefficients[a] << lh; /* < 2^59 */
                /* saturate: with many AIRs the exact sum can pass 2^64, and a wrapped sum would
                 * fall below the threshold (< 2^32) */
                s = term > UINT64_MAX - s ? UINT64_MAX : s + term;
            }
        if (s >= vk->height_constraints[i].threshold) { rc = VF(SWIRL_V_ERR_HEIGHTS, "proof: trace heights too large (TraceHeightsTooLarge)"); goto done; }
    }
    /* ---- preamble ---- */
    swirl_transcript tr;
    swirl_tr_init(&tr);
    swirl_tr_observe_commit(&tr, &vk->pre_hash);
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
    for (size_t t = 0; t < N; t++) {
        size_t a = order[t];
        zt[t].vk = &vk->airs[a];
        zt[t].log_height = pf.vdata[a].log_height;
        zt[t].public_values = pf.pv[a];
    }
    /* ---- LogUp PoW, GKR ---- */
    if (!swirl_tr_check_witness(&tr, (unsigned)p->logup.pow_bits, pf.logup_pow_witness)) {
        rc = VF(SWIRL_V_ERR_LOGUP_POW, "proof: LogUp proof-of-work witness invalid (InvalidLogupPowWitness)");
        goto done;
    }
    ef_t alpha = swirl_tr_sample_ext(&tr), beta = swirl_tr_sample_ext(&tr);
    uint64_t total;
    size_t n_logup = swirl_logup_n(p, zt, N, &total);
    size_t n_max = pf.vdata[order[0]].log_height > l ? pf.vdata[order[0]].log_height - l : 0;
    size_t n_global = n_max > n_logup ? n_max : n_logup;
    /* GKR has L = l + n_logup = bitlen(total) <= 32 layers: the height constraint on the total
     * interaction count (threshold max_interaction_count, a u32) keeps total < 2^32; this only
     * repeats it for a key that lacks the constraint */
    if (total >> 32) { rc = VF(SWIRL_V_ERR_HEIGHTS, "proof: %llu interactions, not below 2^32 (TraceHeightsTooLarge)", (unsigned long long)total); goto done; }
    /* xi: l + n_global values, r: n_max + 1, u: n_stack + 1, u_cube: l + n_stack */
    points = swirl_alloc_array((l + n_global) + (n_max + 1) + (p->n_stack + 1) + (l + p->n_stack), sizeof *points);
    if (!points) { rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); goto done; }
    ef_t *xi = points, *r = xi + l + n_global, *u = r + n_max + 1, *ucube = u + p->n_stack + 1;
    ef_t P = ef_zero(), Q = alpha;
    if (total) {
        rc = swirl_gkr_verify(&tr, &pf.gkr, (unsigned)(l + n_logup), &P, &Q, xi, err);
        if (rc) goto done;
    } else if ((rc = swirl_gkr_verify_empty(&pf.gkr, err)) != SWIRL_OK) {
        goto done;
    }
    for (size_t i = total ? l + n_logup : 0; i < l + n_global; i++) xi[i] = swirl_tr_sample_ext(&tr);
    rc = swirl_zc_verify(p, &tr, zt, N, xi, n_logup, alpha, beta, P, Q, &pf.batch, r, err);
    if (rc) goto done;
    /* ---- stacked reduction: rebuild layouts ---- */
    size_t C = 1, ns = 0;
    for (size_t t = 0; t < N; t++) C += (size_t)zt[t].vk->has_preprocessed + zt[t].vk->num_cached;
    layouts = swirl_calloc(C, sizeof *layouts);
    roots = swirl_calloc(C, sizeof *roots);
    widths = swirl_calloc(C, sizeof *widths);
    size_t maxs = 0;
    for (size_t t = 0; t < N; t++) {
        maxs += zt[t].vk->common_width + zt[t].vk->prep_width;
        for (size_t c = 0; c < zt[t].vk->num_cached; c++) maxs += zt[t].vk->cached_widths[c];
    }
    slices = swirl_calloc(maxs + 1, sizeof *slices);
    if (!layouts || !roots || !widths || !slices) { rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); goto done; }
    {
        size_t *w0 = swirl_calloc(N, sizeof *w0);
        unsigned *h0 = swirl_calloc(N, sizeof *h0);
        if (!w0 || !h0) { swirl_free(w0); swirl_free(h0); rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); goto done; }
        for (size_t t = 0; t < N; t++) { w0[t] = zt[t].vk->common_width; h0[t] = zt[t].log_height; }
        int lrc = swirl_stacked_layout_build(l, l + p->n_stack, w0, h0, N, &layouts[0]);
        swirl_free(w0); swirl_free(h0);
        if (lrc) { rc = layout_failure(lrc, err, "common main"); goto done; }
        nlayouts = 1;
        roots[0] = pf.common_main_commit;
        size_t s0 = 0;
        for (size_t t = 0; t < N; t++) {
            int nr = zt[t].vk->need_rot;
            const ef_t *o = pf.batch.openings + pf.batch.part_offset[t * MAXP];
            for (size_t c = 0; c < zt[t].vk->common_width; c++, s0++) {
                const swirl_stacked_slice *ls = &layouts[0].slices[s0];
                swirl_sr_slice *x = &slices[ns++];
                x->commit = 0; x->col = ls->col_idx; x->row = ls->row_idx; x->n = (int)zt[t].log_height - (int)l; x->need_rot = nr;
                x->claim = o[nr ? 2 * c : c]; x->claim_rot = nr ? o[2 * c + 1] : ef_zero();
            }
        }
        size_t cc = 1;
        for (size_t t = 0; t < N; t++) {
            size_t a = order[t], part = 1;
            int nr = zt[t].vk->need_rot;
            size_t parts_w[MAXP], np = 0;
            swirl_digest pr[MAXP];
            if (zt[t].vk->has_preprocessed) { parts_w[np] = zt[t].vk->prep_width; pr[np++] = zt[t].vk->prep_commit; }
            for (size_t k = 0; k < zt[t].vk->num_cached && np < MAXP; k++) { parts_w[np] = zt[t].vk->cached_widths[k]; pr[np++] = pf.vdata[a].cached[k]; }
            for (size_t q = 0; q < np; q++, part++, cc++) {
                unsigned hh = zt[t].log_height;
                int qrc = swirl_stacked_layout_build(l, l + p->n_stack, &parts_w[q], &hh, 1, &layouts[cc]);
                if (qrc) { rc = layout_failure(qrc, err, "preprocessed or cached"); goto done; }
                nlayouts = cc + 1;
                roots[cc] = pr[q];
                const ef_t *o = pf.batch.openings + pf.batch.part_offset[t * MAXP + part];
                for (size_t c = 0; c < layouts[cc].num_slices; c++) {
                    const swirl_stacked_slice *ls = &layouts[cc].slices[c];
                    swirl_sr_slice *x = &slices[ns++];
                    x->commit = cc; x->col = ls->col_idx; x->row = ls->row_idx; x->n = (int)zt[t].log_height - (int)l; x->need_rot = nr;
                    x->claim = o[nr ? 2 * c : c]; x->claim_rot = nr ? o[2 * c + 1] : ef_zero();
                }
            }
        }
    }
    size_t W = 0;
    for (size_t c = 0; c < C; c++) { widths[c] = layouts[c].width; W += widths[c]; }
    if (W > p->w_stack) { rc = VF(SWIRL_V_ERR_SHAPE, "proof: total stacked width %zu exceeds w_stack (TotalStackedWidthOutOfBounds)", W); goto done; }
    rc = swirl_sr_verify(p, &tr, widths, C, slices, ns, r, n_max, &pf.stacking, u, err);
    if (rc) goto done;
    {
        ef_t z = u[0];
        for (size_t i = 0; i < l; i++) { ucube[i] = z; z = ef_sqr(z); }
        for (size_t i = 0; i < p->n_stack; i++) ucube[l + i] = u[1 + i];
        rc = swirl_whir_verify(p, &tr, roots, widths, C, ucube, pf.stacking.openings, &pf.whir, err);
    }
done:
    for (size_t i = 0; layouts && i < nlayouts; i++) swirl_stacked_layout_free(&layouts[i]);
    swirl_free(layouts); swirl_free(roots); swirl_free(widths); swirl_free(slices); swirl_free(claims); swirl_free(order); swirl_free(zt); swirl_free(points);
    swirl_proof_free(&pf);
    return rc;
}

/* ---- verification pinned to the verifier's expectations (swirl.h) ------------------------- */

/* The parameters as the key's encoding sees them: fields that the proximity kind does not
 * carry, and query counts past the last round, are not part of the configuration (the
 * reference's SystemParams equality compares only what its enum variant holds). */
static swirl_system_params params_as_encoded(const swirl_system_params *p) {
    swirl_system_params q = *p;
    swirl_proximity *x = &q.whir.proximity;
    if (x->kind != SWIRL_PROX_SPLIT_UNIQUE_LIST) x->list_start_round = 0;
    if (x->kind == SWIRL_PROX_UNIQUE) x->m = 0;
    for (size_t r = q.whir.num_rounds; r < SWIRL_MAX_WHIR_ROUNDS; r++) q.whir.num_queries[r] = 0;
    return q;
}

int swirl_verify_pinned(const swirl_vk *vk, const swirl_system_params *expected_params, const uint32_t expected_pre_hash[8],
                        const uint8_t *bytes, size_t len, swirl_error *err) {
    if (!vk || (!bytes && len)) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_verify_pinned: null argument");
    /* the key is checked before the proof: a key made for other parameters is rejected whatever
     * the proof bytes hold (the reference checks its parameters first, too) */
    if (expected_params) {
        if (swirl_params_validate(expected_params) != SWIRL_OK)
            return swirl_fail(err, SWIRL_ERR_PARAMS, 0, "swirl_verify_pinned: the expected parameters are not valid");
        swirl_system_params have = params_as_encoded(&vk->params), want = params_as_encoded(expected_params);
        if (!swirl_params_equal(&have, &want))
            return VF(SWIRL_VERIFY_ERR_SYSTEM_PARAMS_MISMATCH,
                      "key: system parameters differ from the verifier's (SystemParamsMismatch)");
    }
    if (expected_pre_hash) {
        int same = 1;
        for (int i = 0; i < SWIRL_DIGEST_ELEMS; i++) same &= vk->pre_hash.v[i] == expected_pre_hash[i];
        if (!same) return VF(SWIRL_VERIFY_ERR_VK_PRE_HASH_MISMATCH, "key: pre-hash differs from the expected one (VkPreHashMismatch)");
    }
    return swirl_verify(vk, bytes, len, err);
}
