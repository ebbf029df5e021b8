/* whir_proof.c — WhirProof byte codec (crypto_pcs.md §6.6) and destructor.
 *
 * The decoder is canonical: whatever it accepts, swirl_whir_proof_encode writes back byte for
 * byte (fuzz_whir_proof asserts it). The reference's decoder is laxer in two places that swirl
 * rejects: a nonzero codeword Merkle depth where no codeword path exists (one round, or no
 * initial queries; the encoder writes 0 there), and initial queries with an empty round-1 query
 * list (the reference's encoder cannot write that shape). */
#include <stdlib.h>
#include <string.h>
#include "pcs/whir.h"
#include "util/alloc.h"

void swirl_whir_proof_free(swirl_whir_proof *p) {
    if (!p) return;
    swirl_free(p->sumcheck_polys);
    swirl_free(p->codeword_commits);
    swirl_free(p->ood_values);
    swirl_free(p->folding_pow_witnesses);
    swirl_free(p->query_phase_pow_witnesses);
    swirl_free(p->widths);
    swirl_free(p->row_offset);
    swirl_free(p->initial_rows);
    swirl_free(p->initial_paths);
    swirl_free(p->round_queries);
    swirl_free(p->cw_value_offset);
    swirl_free(p->cw_path_offset);
    swirl_free(p->codeword_values);
    swirl_free(p->codeword_paths);
    swirl_free(p->final_poly);
    memset(p, 0, sizeof *p);
}

int swirl_whir_proof_encode(const swirl_whir_proof *p, swirl_writer *w) {
    if (!p || !w || p->num_commits == 0 || p->num_rounds == 0) return SWIRL_ERR_INVALID_ARG;
    size_t R = p->num_rounds, rows = (size_t)1 << p->k;
    if (p->num_queries0 > 0 && R > 1 && p->round_queries[0] == 0) return SWIRL_ERR_INVALID_ARG;
    swirl_put_bb(w, p->mu_pow_witness);
    swirl_put_usize(w, p->num_sumcheck);
    for (size_t i = 0; i < 2 * p->num_sumcheck; i++) swirl_put_ef(w, p->sumcheck_polys[i]);
    swirl_put_usize(w, R - 1);
    for (size_t i = 0; i + 1 < R; i++) swirl_put_digest(w, &p->codeword_commits[i]);
    for (size_t i = 0; i + 1 < R; i++) swirl_put_ef(w, p->ood_values[i]);
    for (size_t i = 0; i < p->num_sumcheck; i++) swirl_put_bb(w, p->folding_pow_witnesses[i]);
    for (size_t i = 0; i < R; i++) swirl_put_bb(w, p->query_phase_pow_witnesses[i]);
    swirl_put_usize(w, p->num_commits);
    swirl_put_usize(w, p->num_queries0);
    if (p->num_queries0 > 0) {
        swirl_put_usize(w, p->depth0);
        for (size_t c = 0; c < p->num_commits; c++) swirl_put_usize(w, p->widths[c]);
        for (size_t c = 0; c < p->num_commits; c++) {
            size_t n = p->num_queries0 * rows * p->widths[c];
            for (size_t i = 0; i < n; i++) swirl_put_bb(w, p->initial_rows[p->row_offset[c] + i]);
        }
        size_t np = p->num_commits * p->num_queries0 * p->depth0;
        for (size_t i = 0; i < np; i++) swirl_put_digest(w, &p->initial_paths[i]);
    }
    for (size_t r = 1; r < R; r++) {
        size_t q = p->round_queries[r - 1];
        swirl_put_usize(w, q);
        for (size_t i = 0; i < q * rows; i++) swirl_put_ef(w, p->codeword_values[p->cw_value_offset[r - 1] + i]);
    }
    size_t depth1 = (R > 1 && p->num_queries0 > 0) ? p->depth1 : 0;
    swirl_put_usize(w, depth1);
    for (size_t r = 1; r < R; r++) {
        size_t q = p->round_queries[r - 1];
        if (q && depth1 < r - 1) return SWIRL_ERR_INVALID_ARG;
        size_t d = q ? depth1 - (r - 1) : 0;
        for (size_t i = 0; i < q * d; i++) swirl_put_digest(w, &p->codeword_paths[p->cw_path_offset[r - 1] + i]);
    }
    swirl_put_usize(w, p->final_len);
    for (size_t i = 0; i < p->final_len; i++) swirl_put_ef(w, p->final_poly[i]);
    return w->oom ? SWIRL_ERR_OUT_OF_MEMORY : SWIRL_OK;
}

/* calloc that never returns NULL for n == 0 and refuses products that overflow. */
static void *zalloc(size_t n, size_t sz) {
    if (n && sz > SIZE_MAX / n) return NULL;
    return swirl_calloc(n ? n : 1, sz);
}

#define DEC_FAIL() do { swirl_whir_proof_free(out); return r->err == 1 || r->err == 2 || r->err == 3 ? SWIRL_ERR_DECODE : SWIRL_ERR_DECODE; } while (0)
#define NEED(x) do { if (!(x)) DEC_FAIL(); } while (0)
#define ALLOC(ptr, n, sz) do { (ptr) = zalloc((n), (sz)); if (!(ptr)) { swirl_whir_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; } } while (0)

int swirl_whir_proof_decode(swirl_reader *r, swirl_whir_proof *out) {
    if (!r || !out) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    size_t n_sc, Rm1;
    NEED(swirl_get_bb(r, &out->mu_pow_witness));
    NEED(swirl_get_len(r, 32, &n_sc));
    out->num_sumcheck = n_sc;
    ALLOC(out->sumcheck_polys, 2 * n_sc, sizeof(ef_t));
    for (size_t i = 0; i < 2 * n_sc; i++) NEED(swirl_get_ef(r, &out->sumcheck_polys[i]));
    NEED(swirl_get_len(r, 32 + 16, &Rm1));
    size_t R = Rm1 + 1;
    out->num_rounds = R;
    if (n_sc % R != 0) { r->err = 3; DEC_FAIL(); }
    out->k = n_sc / R;
    if (out->k > 20) { r->err = 3; DEC_FAIL(); }
    size_t rows = (size_t)1 << out->k;
    ALLOC(out->codeword_commits, Rm1, sizeof(swirl_digest));
    ALLOC(out->ood_values, Rm1, sizeof(ef_t));
    for (size_t i = 0; i < Rm1; i++) NEED(swirl_get_digest(r, &out->codeword_commits[i]));
    for (size_t i = 0; i < Rm1; i++) NEED(swirl_get_ef(r, &out->ood_values[i]));
    NEED(swirl_reader_left(r) >= 4 * (n_sc + R));
    ALLOC(out->folding_pow_witnesses, n_sc, sizeof(bb_t));
    ALLOC(out->query_phase_pow_witnesses, R, sizeof(bb_t));
    for (size_t i = 0; i < n_sc; i++) NEED(swirl_get_bb(r, &out->folding_pow_witnesses[i]));
    for (size_t i = 0; i < R; i++) NEED(swirl_get_bb(r, &out->query_phase_pow_witnesses[i]));
    size_t C, q0;
    NEED(swirl_get_len(r, 0, &C));
    if (C == 0 || C > swirl_reader_left(r)) { r->err = 3; DEC_FAIL(); }
    out->num_commits = C;
    NEED(swirl_get_len(r, 0, &q0));
    out->num_queries0 = q0;
    ALLOC(out->widths, C, sizeof(size_t));
    ALLOC(out->row_offset, C, sizeof(size_t));
    if (q0 > 0) {
        NEED(swirl_get_len(r, 0, &out->depth0));
        if (out->depth0 > 40) { r->err = 3; DEC_FAIL(); }
        size_t total = 0;
        for (size_t c = 0; c < C; c++) {
            NEED(swirl_get_len(r, 0, &out->widths[c]));
            out->row_offset[c] = total;
            /* every row element is 4 bytes of remaining input: bound the total before allocating */
            uint64_t block = (uint64_t)q0 * rows * out->widths[c];
            if (block > swirl_reader_left(r) / 4 || total + block > swirl_reader_left(r) / 4) { r->err = 1; DEC_FAIL(); }
            total += (size_t)block;
        }
        ALLOC(out->initial_rows, total, sizeof(bb_t));
        for (size_t i = 0; i < total; i++) NEED(swirl_get_bb(r, &out->initial_rows[i]));
        uint64_t np = (uint64_t)C * q0 * out->depth0;
        if (np > swirl_reader_left(r) / 32) { r->err = 1; DEC_FAIL(); }
        ALLOC(out->initial_paths, (size_t)np, sizeof(swirl_digest));
        for (size_t i = 0; i < np; i++) NEED(swirl_get_digest(r, &out->initial_paths[i]));
    }
    ALLOC(out->round_queries, Rm1, sizeof(size_t));
    ALLOC(out->cw_value_offset, Rm1, sizeof(size_t));
    ALLOC(out->cw_path_offset, Rm1, sizeof(size_t));
    /* values: read into a growing array bounded by the remaining input */
    size_t total_vals = 0;
    size_t start = r->pos;
    for (size_t i = 0; i + 1 < R; i++) {
        size_t q;
        NEED(swirl_get_len(r, 0, &q));
        uint64_t n = (uint64_t)q * rows;
        if (n > swirl_reader_left(r) / 16) { r->err = 1; DEC_FAIL(); }
        out->round_queries[i] = q;
        out->cw_value_offset[i] = total_vals;
        total_vals += (size_t)n;
        r->pos += (size_t)n * 16; /* skip now, parse below once the total is known */
    }
    r->pos = start;
    /* the encoder (like the reference's, which reads the depth from round 1's first path) cannot
     * write initial queries followed by an empty round-1 query list */
    if (q0 > 0 && R > 1 && out->round_queries[0] == 0) { r->err = 3; DEC_FAIL(); }
    ALLOC(out->codeword_values, total_vals, sizeof(ef_t));
    for (size_t i = 0; i + 1 < R; i++) {
        size_t q;
        NEED(swirl_get_len(r, 0, &q));
        for (size_t j = 0; j < q * rows; j++) NEED(swirl_get_ef(r, &out->codeword_values[out->cw_value_offset[i] + j]));
    }
    NEED(swirl_get_len(r, 0, &out->depth1));
    if (out->depth1 > 40) { r->err = 3; DEC_FAIL(); }
    /* Canonical form: the encoder writes the codeword Merkle depth only when a codeword path
     * exists (R > 1 and q0 > 0; the reference takes it from the first round-1 path), and 0
     * otherwise. Any other value in the other shapes is ignored by the verifier, so accepting
     * it would make honest proofs malleable. */
    if ((R == 1 || q0 == 0) && out->depth1 != 0) { r->err = 3; DEC_FAIL(); }
    size_t total_paths = 0;
    for (size_t i = 0; i + 1 < R; i++) {
        size_t q = out->round_queries[i];
        if (q && out->depth1 < i) { r->err = 3; DEC_FAIL(); }
        size_t d = q ? out->depth1 - i : 0;
        uint64_t n = (uint64_t)q * d;
        if (n > swirl_reader_left(r) / 32 || total_paths + n > swirl_reader_left(r) / 32) { r->err = 1; DEC_FAIL(); }
        out->cw_path_offset[i] = total_paths;
        total_paths += (size_t)n;
    }
    ALLOC(out->codeword_paths, total_paths, sizeof(swirl_digest));
    for (size_t i = 0; i < total_paths; i++) NEED(swirl_get_digest(r, &out->codeword_paths[i]));
    NEED(swirl_get_len(r, 16, &out->final_len));
    ALLOC(out->final_poly, out->final_len, sizeof(ef_t));
    for (size_t i = 0; i < out->final_len; i++) NEED(swirl_get_ef(r, &out->final_poly[i]));
    return SWIRL_OK;
}
