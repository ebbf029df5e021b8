/* rap_stage.c — the RAP-constraints stage of a proof on its own, from a caller's transcript
 * state (for the OpenVM interop crate: the reference's MultiRapProver trait, which its backend
 * test suite drives directly with transcripts that have not seen the protocol preamble).
 *
 * The stage is the driver's (prove.c) from the LogUp proof-of-work to the end of the batch
 * constraint sumcheck, over the same backend operation: trace order (log height descending,
 * AIR id ascending), grind, alpha, beta, LogUp-GKR, xi, batch constraint sumcheck. It commits
 * nothing: the caller's transcript is assumed to hold whatever the caller observed before. The
 * sections are returned in the proof codec's layout (the reference's GkrProof then
 * BatchConstraintProof encodings), with the transcript state after the stage and the sumcheck
 * point r. */
#include <string.h>
#include "air/keys.h"
#include "codec/bytes.h"
#include "iop/proof.h"
#include "prover/backend.h"
#include "util/alloc.h"
#include "util/ctx.h"
#include "util/error.h"

typedef struct rap_scratch {
    unsigned *log_heights;
    size_t *order;
    swirl_zc_trace *traces;
    swirl_trace *empty_common; /* width-0 common mains of AIRs without one */
    swirl_gkr_proof gkr;
    swirl_batch_proof batch;
} rap_scratch;

static void scratch_free(rap_scratch *s) {
    swirl_free(s->log_heights);
    swirl_free(s->order);
    swirl_free(s->traces);
    swirl_free(s->empty_common);
    swirl_gkr_proof_free(&s->gkr);
    swirl_batch_proof_free(&s->batch);
}

/* The present traces in trace order, as the sumcheck sees them. Returns their number (0: none). */
static size_t prepare_traces(const swirl_pk *pk, const swirl_air_inputs *in, size_t n, rap_scratch *s) {
    size_t count = swirl_trace_order(in, n, s->log_heights, s->order);
    for (size_t t = 0; t < count; t++) {
        size_t a = s->order[t];
        const swirl_air_vk *v = &pk->vk->airs[a];
        swirl_zc_trace *z = &s->traces[t];
        z->vk = v;
        z->log_height = s->log_heights[a];
        z->common = in[a].common_main;
        if (!z->common) {
            s->empty_common[t].height = (size_t)1 << z->log_height;
            z->common = &s->empty_common[t];
        }
        z->prep = v->has_preprocessed ? &pk->airs[a].prep : NULL;
        z->cached = in[a].cached_mains;
        z->public_values = in[a].public_values;
    }
    return count;
}

/* Writes the witness + GKR + batch sections into a fresh buffer. */
static int encode_sections(bb_t witness, const swirl_gkr_proof *gkr, const swirl_batch_proof *batch, uint8_t **out,
                           size_t *len) {
    swirl_writer w;
    swirl_writer_init(&w);
    swirl_put_bb(&w, witness);
    int rc = swirl_gkr_proof_encode(gkr, &w);
    if (rc == SWIRL_OK) swirl_batch_proof_encode(batch, &w);
    if (rc == SWIRL_OK && w.oom) rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc) {
        swirl_writer_free(&w);
        return rc;
    }
    *out = w.buf;
    *len = w.len;
    return SWIRL_OK;
}

int swirl_prove_rap_stage(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs,
                          swirl_rap_transcript *transcript, uint8_t **sections_out, size_t *sections_len,
                          uint32_t *r_out, size_t r_cap, size_t *r_len, swirl_error *err) {
    if (!pk || !pk->vk || !inputs || !transcript || !sections_out || !sections_len || !r_out || !r_len)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_prove_rap_stage: null argument");
    *sections_out = NULL;
    *sections_len = 0;
    *r_len = 0;
    if (transcript->absorb_idx >= 8 || transcript->sample_idx > 8)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_prove_rap_stage: transcript positions out of range");
    for (int i = 0; i < 16; i++)
        if (transcript->state[i] >= SWIRL_P)
            return swirl_fail(err, SWIRL_ERR_FIELD_RANGE, 0, "swirl_prove_rap_stage: transcript lane %d is not below p", i);
    swirl_check_report report;
    int rc = swirl_check_shapes(pk, inputs, num_airs, &report, err);
    if (rc) return rc;
    const swirl_system_params *p = &pk->vk->params;
    const swirl_backend_ops *ops = ctx && ctx->ops ? ctx->ops : swirl_backend_cpu_ops();
    rap_scratch s;
    memset(&s, 0, sizeof s);
    s.log_heights = swirl_calloc(num_airs + 1, sizeof *s.log_heights);
    s.order = swirl_calloc(num_airs + 1, sizeof *s.order);
    s.traces = swirl_calloc(num_airs + 1, sizeof *s.traces);
    s.empty_common = swirl_calloc(num_airs + 1, sizeof *s.empty_common);
    if (!s.log_heights || !s.order || !s.traces || !s.empty_common) {
        scratch_free(&s);
        return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_prove_rap_stage: out of memory");
    }
    size_t count = prepare_traces(pk, inputs, num_airs, &s);
    if (count == 0) {
        scratch_free(&s);
        return swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_prove_rap_stage: no AIR is present (EmptyTraces)");
    }
    const size_t l_skip = p->l_skip;
    const unsigned top = s.traces[0].log_height;
    const size_t n_max = top > l_skip ? top - l_skip : 0;
    if (4 * (n_max + 1) > r_cap) {
        scratch_free(&s);
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_prove_rap_stage: r needs %zu values, room for %zu", 4 * (n_max + 1), r_cap);
    }
    swirl_transcript tr;
    memcpy(tr.state, transcript->state, sizeof tr.state);
    tr.absorb_idx = transcript->absorb_idx;
    tr.sample_idx = transcript->sample_idx;
    bb_t witness = 0;
    rc = ops->grind(ctx, &tr, (unsigned)p->logup.pow_bits, &witness);
    if (rc == SWIRL_OK && !swirl_tr_check_witness(&tr, (unsigned)p->logup.pow_bits, witness)) rc = SWIRL_ERR_INTERNAL;
    ef_t *r = swirl_alloc_array(n_max + 1, sizeof *r);
    if (!r && rc == SWIRL_OK) rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        swirl_rap_job job;
        memset(&job, 0, sizeof job);
        job.params = p;
        job.traces = s.traces;
        job.num_traces = count;
        job.alpha = swirl_tr_sample_ext(&tr);
        job.beta = swirl_tr_sample_ext(&tr);
        job.n_logup = swirl_logup_n(p, s.traces, count, &job.total_interactions);
        job.n_global = n_max > job.n_logup ? n_max : job.n_logup;
        rc = ops->prove_rap_constraints(ctx, &job, &tr, NULL, &s.gkr, &s.batch, r);
    }
    if (rc == SWIRL_OK) rc = encode_sections(witness, &s.gkr, &s.batch, sections_out, sections_len);
    if (rc == SWIRL_OK) {
        for (size_t i = 0; i <= n_max; i++) memcpy(&r_out[4 * i], r[i].c, 4 * sizeof(uint32_t));
        *r_len = 4 * (n_max + 1);
        memcpy(transcript->state, tr.state, sizeof tr.state);
        transcript->absorb_idx = tr.absorb_idx;
        transcript->sample_idx = tr.sample_idx;
    }
    swirl_free(r);
    scratch_free(&s);
    if (rc == SWIRL_ERR_TRACE) return swirl_fail(err, rc, 0, "swirl_prove_rap_stage: the interactions do not balance (NonZeroRootSum)");
    if (rc) return swirl_fail(err, rc, 0, "swirl_prove_rap_stage: %s", swirl_status_str(rc));
    return SWIRL_OK;
}
