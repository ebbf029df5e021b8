/* proof_codec.c — byte-exact proof codec v3 (iop.md §8.2–8.5; WHIR part in src/pcs). */
#include <stdlib.h>
#include <string.h>
#include "iop/proof.h"
#include "util/error.h"
#include "util/alloc.h"

#define MAXP SWIRL_MAX_TRACE_PARTS

void swirl_proof_free(swirl_proof *p) {
    if (!p) return;
    for (size_t a = 0; a < p->num_airs; a++) {
        if (p->vdata) swirl_free(p->vdata[a].cached);
        if (p->pv) swirl_free(p->pv[a]);
    }
    swirl_free(p->vdata);
    swirl_free(p->num_pv);
    swirl_free(p->pv);
    swirl_gkr_proof_free(&p->gkr);
    swirl_batch_proof_free(&p->batch);
    swirl_stacking_proof_free(&p->stacking);
    swirl_whir_proof_free(&p->whir);
    memset(p, 0, sizeof *p);
}

/* The encoding in five sections (preamble incl. the LogUp PoW witness, GKR, batch constraint
 * sumcheck, stacking, WHIR); swirl_proof_summarize measures each. */
static void encode_preamble(const swirl_proof *p, swirl_writer *w) {
    swirl_put_u32(w, 3);
    swirl_put_digest(w, &p->common_main_commit);
    swirl_put_usize(w, p->num_airs);
    for (size_t b = 0; b < (p->num_airs + 7) / 8; b++) {
        uint8_t byte = 0;
        for (size_t i = 0; i < 8 && 8 * b + i < p->num_airs; i++)
            if (p->vdata[8 * b + i].present) byte |= (uint8_t)(1u << i);
        swirl_put_u8(w, byte);
    }
    for (size_t a = 0; a < p->num_airs; a++) {
        if (!p->vdata[a].present) continue;
        swirl_put_u32(w, p->vdata[a].log_height);
        swirl_put_usize(w, p->vdata[a].num_cached);
        for (size_t c = 0; c < p->vdata[a].num_cached; c++) swirl_put_digest(w, &p->vdata[a].cached[c]);
    }
    swirl_put_usize(w, p->num_airs);
    for (size_t a = 0; a < p->num_airs; a++) {
        swirl_put_usize(w, p->num_pv[a]);
        for (size_t i = 0; i < p->num_pv[a]; i++) swirl_put_bb(w, p->pv[a][i]);
    }
    swirl_put_bb(w, p->logup_pow_witness);
}

void swirl_batch_proof_encode(const swirl_batch_proof *b, swirl_writer *w) {
    swirl_put_usize(w, b->num_traces);
    for (size_t t = 0; t < b->num_traces; t++) swirl_put_ef(w, b->sum_p[t]);
    for (size_t t = 0; t < b->num_traces; t++) swirl_put_ef(w, b->sum_q[t]);
    swirl_put_usize(w, b->num_univariate);
    for (size_t k = 0; k < b->num_univariate; k++) swirl_put_ef(w, b->univariate[k]);
    swirl_put_usize(w, b->n_max);
    if (b->n_max > 0) {
        swirl_put_usize(w, b->degree_plus_one);
        for (size_t i = 0; i < b->n_max * b->degree_plus_one; i++) swirl_put_ef(w, b->rounds[i]);
    }
    for (size_t t = 0; t < b->num_traces; t++) {
        swirl_put_usize(w, b->part_count[t]);
        for (size_t pp = 0; pp < b->part_count[t]; pp++) {
            size_t len = b->part_len[t * MAXP + pp], off = b->part_offset[t * MAXP + pp];
            swirl_put_usize(w, len);
            for (size_t i = 0; i < len; i++) swirl_put_ef(w, b->openings[off + i]);
        }
    }
}

static void encode_stacking(const swirl_stacking_proof *s, swirl_writer *w) {
    swirl_put_usize(w, s->num_univariate);
    for (size_t k = 0; k < s->num_univariate; k++) swirl_put_ef(w, s->univariate[k]);
    swirl_put_usize(w, s->n_stack);
    for (size_t i = 0; i < 2 * s->n_stack; i++) swirl_put_ef(w, s->rounds[i]);
    swirl_put_usize(w, s->num_commits);
    for (size_t c = 0, off = 0; c < s->num_commits; c++) {
        swirl_put_usize(w, s->widths[c]);
        for (size_t i = 0; i < s->widths[c]; i++) swirl_put_ef(w, s->openings[off + i]);
        off += s->widths[c];
    }
}

int swirl_proof_encode(const swirl_proof *p, swirl_writer *w) {
    encode_preamble(p, w);
    int rc = swirl_gkr_proof_encode(&p->gkr, w);
    if (rc) return rc;
    swirl_batch_proof_encode(&p->batch, w);
    encode_stacking(&p->stacking, w);
    rc = swirl_whir_proof_encode(&p->whir, w);
    if (rc) return rc;
    return w->oom ? SWIRL_ERR_OUT_OF_MEMORY : SWIRL_OK;
}

/* ---- public summary ---------------------------------------------------------------------- */

int swirl_proof_summarize(const uint8_t *bytes, size_t len, swirl_proof_summary *out, swirl_error *err) {
    if (!out || (!bytes && len)) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_proof_summarize: null argument");
    memset(out, 0, sizeof *out);
    swirl_proof pf;
    int rc = swirl_proof_decode(bytes, len, &pf);
    if (rc == SWIRL_ERR_OUT_OF_MEMORY) return swirl_fail(err, rc, 0, "swirl_proof_summarize: out of memory");
    if (rc) return swirl_fail(err, SWIRL_ERR_DECODE, 0, "malformed proof bytes (%zu bytes): not a SWIRL proof of codec version 3", len);
    out->airs = swirl_calloc(pf.num_airs + 1, sizeof *out->airs);
    if (!out->airs) { swirl_proof_free(&pf); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_proof_summarize: out of memory"); }
    out->total_bytes = len;
    out->num_airs = pf.num_airs;
    for (size_t a = 0; a < pf.num_airs; a++) {
        out->airs[a].present = pf.vdata[a].present;
        out->airs[a].log_height = pf.vdata[a].present ? pf.vdata[a].log_height : 0;
        out->airs[a].num_cached_mains = pf.vdata[a].num_cached;
        out->airs[a].num_public_values = pf.num_pv[a];
        out->num_present += pf.vdata[a].present ? 1 : 0;
    }
    for (int i = 0; i < 8; i++) out->common_main_commit[i] = pf.common_main_commit.v[i];
    out->logup_pow_witness = pf.logup_pow_witness;
    out->gkr_layers = pf.gkr.num_layers;
    out->constraint_rounds = pf.batch.n_max;
    out->num_column_openings = pf.batch.num_openings;
    out->stacking_rounds = pf.stacking.n_stack;
    out->num_commitments = pf.stacking.num_commits;
    out->whir_rounds = pf.whir.num_rounds;
    out->whir_sumcheck_rounds = pf.whir.num_sumcheck;
    out->whir_queries = pf.whir.num_queries0;
    for (size_t r = 0; r + 1 < pf.whir.num_rounds; r++) out->whir_queries += pf.whir.round_queries[r];
    out->whir_final_poly_len = pf.whir.final_len;
    /* section sizes: re-encode each section (the codec is canonical, so sizes add up to len) */
    swirl_writer w;
    size_t sizes[5];
    for (int sec = 0; sec < 5; sec++) {
        swirl_writer_init(&w);
        switch (sec) {
        case 0: encode_preamble(&pf, &w); break;
        case 1: swirl_gkr_proof_encode(&pf.gkr, &w); break;
        case 2: swirl_batch_proof_encode(&pf.batch, &w); break;
        case 3: encode_stacking(&pf.stacking, &w); break;
        default: swirl_whir_proof_encode(&pf.whir, &w); break;
        }
        sizes[sec] = w.len;
        int oom = w.oom;
        swirl_writer_free(&w);
        if (oom) { swirl_proof_summary_free(out); swirl_proof_free(&pf); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_proof_summarize: out of memory"); }
    }
    out->preamble_bytes = sizes[0];
    out->gkr_bytes = sizes[1];
    out->constraint_bytes = sizes[2];
    out->stacking_bytes = sizes[3];
    out->whir_bytes = sizes[4];
    swirl_proof_free(&pf);
    if (sizes[0] + sizes[1] + sizes[2] + sizes[3] + sizes[4] != len) {
        swirl_proof_summary_free(out);
        return swirl_fail(err, SWIRL_ERR_INTERNAL, 0, "swirl_proof_summarize: sections do not add up to the proof length");
    }
    return SWIRL_OK;
}

void swirl_proof_summary_free(swirl_proof_summary *s) {
    if (!s) return;
    swirl_free(s->airs);
    memset(s, 0, sizeof *s);
}

#define NEED(x) do { if (!(x)) goto bad; } while (0)
/* A section decoder's status: malformed bytes are a decoding failure, out of memory stays out
 * of memory (never "malformed proof"). */
#define SECTION(call) do { int src_ = (call); if (src_ == SWIRL_ERR_OUT_OF_MEMORY) { swirl_proof_free(out); return src_; } NEED(src_ == SWIRL_OK); } while (0)
static void *zal(size_t n, size_t sz) { return swirl_calloc(n ? n : 1, sz); }

int swirl_proof_decode(const uint8_t *bytes, size_t len, swirl_proof *out) {
    memset(out, 0, sizeof *out);
    swirl_reader r;
    swirl_reader_init(&r, bytes ? bytes : (const uint8_t *)"", len);
    uint32_t ver;
    NEED(swirl_get_u32(&r, &ver) && ver == 3);
    NEED(swirl_get_digest(&r, &out->common_main_commit));
    size_t na;
    NEED(swirl_get_len(&r, 0, &na) && na <= swirl_reader_left(&r) * 8 + 8 && na <= (1u << 20));
    out->num_airs = na;
    out->vdata = zal(na, sizeof *out->vdata);
    out->num_pv = zal(na, sizeof *out->num_pv);
    out->pv = zal(na, sizeof *out->pv);
    if (!out->vdata || !out->num_pv || !out->pv) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t b = 0; b < (na + 7) / 8; b++) {
        uint8_t byte;
        NEED(swirl_get_u8(&r, &byte));
        for (size_t i = 0; i < 8; i++) {
            int bit = (byte >> i) & 1;
            if (8 * b + i < na) out->vdata[8 * b + i].present = bit;
            else NEED(!bit); /* padding bits must be zero */
        }
    }
    for (size_t a = 0; a < na; a++) {
        if (!out->vdata[a].present) continue;
        uint32_t lh;
        NEED(swirl_get_u32(&r, &lh) && lh <= 40);
        out->vdata[a].log_height = lh;
        NEED(swirl_get_len(&r, 32, &out->vdata[a].num_cached));
        out->vdata[a].cached = zal(out->vdata[a].num_cached, sizeof(swirl_digest));
        if (!out->vdata[a].cached) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
        for (size_t c = 0; c < out->vdata[a].num_cached; c++) NEED(swirl_get_digest(&r, &out->vdata[a].cached[c]));
    }
    size_t na2;
    NEED(swirl_get_len(&r, 0, &na2) && na2 == na);
    for (size_t a = 0; a < na; a++) {
        NEED(swirl_get_len(&r, 4, &out->num_pv[a]));
        out->pv[a] = zal(out->num_pv[a], sizeof(uint32_t));
        if (!out->pv[a]) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
        for (size_t i = 0; i < out->num_pv[a]; i++) NEED(swirl_get_bb(&r, &out->pv[a][i]));
    }
    NEED(swirl_get_bb(&r, &out->logup_pow_witness));
    SECTION(swirl_gkr_proof_decode(&r, &out->gkr));
    swirl_batch_proof *b = &out->batch;
    size_t N;
    NEED(swirl_get_len(&r, 32, &N) && N <= na);
    b->num_traces = N;
    b->sum_p = zal(N, sizeof(ef_t));
    b->sum_q = zal(N, sizeof(ef_t));
    b->part_count = zal(N, sizeof(size_t));
    b->part_offset = zal(N * MAXP, sizeof(size_t));
    b->part_len = zal(N * MAXP, sizeof(size_t));
    if (!b->sum_p || !b->sum_q || !b->part_count || !b->part_offset || !b->part_len) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t t = 0; t < N; t++) NEED(swirl_get_ef(&r, &b->sum_p[t]));
    for (size_t t = 0; t < N; t++) NEED(swirl_get_ef(&r, &b->sum_q[t]));
    NEED(swirl_get_len(&r, 16, &b->num_univariate));
    b->univariate = zal(b->num_univariate, sizeof(ef_t));
    if (!b->univariate) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t k = 0; k < b->num_univariate; k++) NEED(swirl_get_ef(&r, &b->univariate[k]));
    NEED(swirl_get_len(&r, 0, &b->n_max) && b->n_max <= 40);
    if (b->n_max > 0) {
        NEED(swirl_get_len(&r, 0, &b->degree_plus_one) && b->degree_plus_one >= 1 && b->degree_plus_one <= SWIRL_MAX_CONSTRAINT_DEGREE + 1);
        NEED((uint64_t)b->n_max * b->degree_plus_one <= swirl_reader_left(&r) / 16);
    }
    b->rounds = zal(b->n_max * b->degree_plus_one, sizeof(ef_t));
    if (!b->rounds) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t i = 0; i < b->n_max * b->degree_plus_one; i++) NEED(swirl_get_ef(&r, &b->rounds[i]));
    /* openings: two passes (count, then read) so the array is allocated once */
    size_t save = r.pos, total = 0;
    for (size_t t = 0; t < N; t++) {
        size_t np;
        NEED(swirl_get_len(&r, 4, &np) && np <= MAXP);
        b->part_count[t] = np;
        for (size_t pp = 0; pp < np; pp++) {
            size_t l2;
            NEED(swirl_get_len(&r, 16, &l2));
            b->part_offset[t * MAXP + pp] = total;
            b->part_len[t * MAXP + pp] = l2;
            total += l2;
            r.pos += l2 * 16;
        }
    }
    r.pos = save;
    b->openings = zal(total, sizeof(ef_t));
    if (!b->openings) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    b->num_openings = total;
    for (size_t t = 0; t < N; t++) {
        size_t np;
        NEED(swirl_get_len(&r, 4, &np));
        for (size_t pp = 0; pp < np; pp++) {
            size_t l2;
            NEED(swirl_get_len(&r, 16, &l2));
            for (size_t i = 0; i < l2; i++) NEED(swirl_get_ef(&r, &b->openings[b->part_offset[t * MAXP + pp] + i]));
        }
    }
    swirl_stacking_proof *s = &out->stacking;
    NEED(swirl_get_len(&r, 16, &s->num_univariate));
    s->univariate = zal(s->num_univariate, sizeof(ef_t));
    if (!s->univariate) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t k = 0; k < s->num_univariate; k++) NEED(swirl_get_ef(&r, &s->univariate[k]));
    NEED(swirl_get_len(&r, 32, &s->n_stack));
    s->rounds = zal(2 * s->n_stack, sizeof(ef_t));
    if (!s->rounds) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t i = 0; i < 2 * s->n_stack; i++) NEED(swirl_get_ef(&r, &s->rounds[i]));
    NEED(swirl_get_len(&r, 4, &s->num_commits));
    s->widths = zal(s->num_commits, sizeof(size_t));
    if (!s->widths) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    save = r.pos;
    total = 0;
    for (size_t c = 0; c < s->num_commits; c++) {
        NEED(swirl_get_len(&r, 16, &s->widths[c]));
        total += s->widths[c];
        r.pos += s->widths[c] * 16;
    }
    r.pos = save;
    s->openings = zal(total, sizeof(ef_t));
    if (!s->openings) { swirl_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t c = 0, off = 0; c < s->num_commits; c++) {
        size_t wd;
        NEED(swirl_get_len(&r, 16, &wd));
        for (size_t i = 0; i < wd; i++) NEED(swirl_get_ef(&r, &s->openings[off + i]));
        off += wd;
    }
    SECTION(swirl_whir_proof_decode(&r, &out->whir));
    NEED(swirl_reader_left(&r) == 0);
    return SWIRL_OK;
bad:
    swirl_proof_free(out);
    return SWIRL_ERR_DECODE;
}
