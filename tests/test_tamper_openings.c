/* test_tamper_openings.c — tampering with what WHIR opens, for every commitment of multi-commitment
 * proofs, byte flips over those proofs, and the proof decoder's bounds.
 *
 *  1. Targeted (exact detail and message): in proofs with a preprocessed and/or cached
 *     commitments (fib_selector: main + preprocessed; cached: main + 2 cached; preprocessed_cached:
 *     main + preprocessed + 2 cached; mixture: 12 AIRs, 4 commitments), every commitment's opened
 *     rows and Merkle path levels in WHIR's initial round, for the first and the last query; and
 *     every later round's codeword values and path levels. Opened values are not observed by the
 *     transcript, so the Merkle check of that commitment (or round) and query is what rejects:
 *     SWIRL_ERR_VERIFY, detail SWIRL_VERIFY_ERR_WHIR_MERKLE, "Merkle path of commitment c, query q".
 *  2. Sweep: single-byte flips at spread positions of the fib_selector, cached, preprocessed_cached
 *     and mixture proofs. Every variant is rejected: either SWIRL_ERR_DECODE, or it decodes
 *     canonically (decode -> encode gives the flipped bytes back) and swirl_verify returns
 *     SWIRL_ERR_VERIFY. (A flip's detail cannot be predicted; the targeted tests above and in
 *     test_verifier_checks.c assert exact details.)
 *  3. Decoder bounds, each at the bound and one past it: log height 40 / 41, batch traces
 *     num_airs / num_airs + 1, opened parts per trace 8 / 9, GKR layers 32 / 33, WHIR folding
 *     factor 20 / 21, WHIR initial Merkle depth 40 / 41. Past the bound is SWIRL_ERR_DECODE; at the
 *     bound the bytes decode and the verifier rejects the shape. */
#include <string.h>
#include "air/keys.h"
#include "iop/gkr.h"
#include "pcs/whir.h"
#include "verifier_harness.h"
#include "swirl_scenarios.h"

#define MAXP SWIRL_MAX_TRACE_PARTS

static swirl_system_params P;

/* ---- 1. targeted openings ------------------------------------------------------------------- */

typedef struct {
    int what; /* 0: initial row element, 1: initial path level, 2: codeword value, 3: codeword path level */
    size_t c_or_r, query, index;
} open_edit;

static void apply_open_edit(swirl_proof *pf, const void *arg) {
    const open_edit *e = arg;
    swirl_whir_proof *w = &pf->whir;
    size_t rows = (size_t)1 << w->k;
    if (e->what == 0) {
        size_t i = w->row_offset[e->c_or_r] + e->query * rows * w->widths[e->c_or_r] + e->index;
        w->initial_rows[i] = vh_bb_bump(w->initial_rows[i]);
    } else if (e->what == 1) {
        size_t i = (e->c_or_r * w->num_queries0 + e->query) * w->depth0 + e->index;
        w->initial_paths[i].v[3] = vh_bb_bump(w->initial_paths[i].v[3]);
    } else if (e->what == 2) {
        size_t i = w->cw_value_offset[e->c_or_r - 1] + e->query * rows + e->index;
        w->codeword_values[i].c[2] = vh_bb_bump(w->codeword_values[i].c[2]);
    } else {
        size_t d = w->depth1 - (e->c_or_r - 1);
        size_t i = w->cw_path_offset[e->c_or_r - 1] + e->query * d + e->index;
        w->codeword_paths[i].v[7] = vh_bb_bump(w->codeword_paths[i].v[7]);
    }
}

static void tamper_openings(const vh_fixture *fx, size_t expect_commits) {
    swirl_proof pf;
    if (swirl_proof_decode(fx->proof, fx->len, &pf) != SWIRL_OK) { CHECK_MSG(0, "%s: does not decode", fx->name); return; }
    const swirl_whir_proof *w = &pf.whir;
    CHECK_MSG(w->num_commits == expect_commits, "%s: %zu commitments, expected %zu", fx->name, w->num_commits, expect_commits);
    size_t rows = (size_t)1 << w->k, q0 = w->num_queries0;
    size_t queries[2] = {0, q0 - 1};
    for (size_t c = 0; c < w->num_commits; c++)
        for (int qi = 0; qi < 2; qi++) {
            size_t q = queries[qi], block = rows * w->widths[c];
            char sub[80], label[96];
            snprintf(sub, sizeof sub, "Merkle path of commitment %zu, query %zu invalid", c, q);
            size_t elems[2] = {0, block - 1};
            for (int ei = 0; ei < 2; ei++) {
                open_edit e = {0, c, q, elems[ei]};
                snprintf(label, sizeof label, "commitment %zu query %zu row element %zu", c, q, elems[ei]);
                vh_check_edit(label, fx, NULL, apply_open_edit, &e, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_WHIR_MERKLE, sub);
            }
            size_t levels[2] = {0, w->depth0 - 1};
            for (int li = 0; li < 2; li++) {
                open_edit e = {1, c, q, levels[li]};
                snprintf(label, sizeof label, "commitment %zu query %zu path level %zu", c, q, levels[li]);
                vh_check_edit(label, fx, NULL, apply_open_edit, &e, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_WHIR_MERKLE, sub);
            }
        }
    for (size_t r = 1; r < w->num_rounds; r++) {
        size_t nq = w->round_queries[r - 1], d = w->depth1 - (r - 1);
        size_t rq[2] = {0, nq - 1};
        for (int qi = 0; qi < 2; qi++) {
            char sub[80], label[96];
            snprintf(sub, sizeof sub, "Merkle path of round %zu, query %zu invalid", r, rq[qi]);
            size_t vals[2] = {0, rows - 1}, levels[2] = {0, d - 1};
            for (int i = 0; i < 2; i++) {
                open_edit e = {2, r, rq[qi], vals[i]};
                snprintf(label, sizeof label, "round %zu query %zu codeword value %zu", r, rq[qi], vals[i]);
                vh_check_edit(label, fx, NULL, apply_open_edit, &e, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_WHIR_MERKLE, sub);
                open_edit f = {3, r, rq[qi], levels[i]};
                snprintf(label, sizeof label, "round %zu query %zu path level %zu", r, rq[qi], levels[i]);
                vh_check_edit(label, fx, NULL, apply_open_edit, &f, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_WHIR_MERKLE, sub);
            }
        }
    }
    swirl_proof_free(&pf);
}

/* ---- 2. byte flips ------------------------------------------------------------------------- */

/* Positions: every byte of the preamble region (first 512 bytes) and `spread` positions spread
 * over the rest (a deterministic stride walk), each flipped with a rotating bit. */
static void flip_sweep(const vh_fixture *fx, size_t spread) {
    uint8_t *b = malloc(fx->len);
    memcpy(b, fx->proof, fx->len);
    size_t flips = 0, decode_rej = 0, verify_rej = 0, accepted = 0, noncanon = 0, other = 0;
    size_t head = fx->len < 512 ? fx->len : 512;
    size_t stride = fx->len > head && spread ? (fx->len - head) / spread + 1 : fx->len;
    for (size_t pos = 0; pos < fx->len; pos = pos < head ? pos + 1 : pos + stride) {
        uint8_t save = b[pos];
        b[pos] ^= (uint8_t)(1u << (pos % 8));
        flips++;
        swirl_proof pf;
        int drc = swirl_proof_decode(b, fx->len, &pf);
        if (drc == SWIRL_OK) {
            swirl_proof_free(&pf);
            if (!vh_canonical(b, fx->len)) noncanon++;
        }
        swirl_error e;
        memset(&e, 0, sizeof e);
        int rc = swirl_verify(fx->vk, b, fx->len, &e);
        if (rc == SWIRL_ERR_DECODE && drc != SWIRL_OK) decode_rej++;
        else if (rc == SWIRL_ERR_VERIFY && drc == SWIRL_OK && e.detail != 0) verify_rej++;
        else if (rc == SWIRL_OK) accepted++;
        else other++;
        b[pos] = save;
    }
    CHECK_MSG(accepted == 0, "%s: %zu of %zu flipped proofs verified", fx->name, accepted, flips);
    CHECK_MSG(noncanon == 0, "%s: %zu flipped proofs decode but re-encode differently", fx->name, noncanon);
    CHECK_MSG(other == 0, "%s: %zu flipped proofs gave another outcome than DECODE (undecodable) / VERIFY (decodable)",
              fx->name, other);
    CHECK_MSG(decode_rej + verify_rej == flips, "%s: %zu + %zu of %zu flips rejected", fx->name, decode_rej, verify_rej, flips);
    CHECK_MSG(decode_rej > 0 && verify_rej > 0, "%s: the sweep reached only one of decode (%zu) and verify (%zu)", fx->name,
              decode_rej, verify_rej);
    free(b);
}

/* ---- 3. decoder bounds ---------------------------------------------------------------------- */

typedef void (*raw_edit)(swirl_proof *pf, size_t value);

/* Edit, encode and decode: returns the decoder's status; at SWIRL_OK also the verifier's detail
 * through *detail (for the at-the-bound case). */
static int edit_and_decode(const vh_fixture *fx, raw_edit edit, size_t value, int *verify_rc, int *detail) {
    swirl_proof pf;
    if (swirl_proof_decode(fx->proof, fx->len, &pf) != SWIRL_OK) return -1;
    edit(&pf, value);
    uint8_t *b = NULL;
    size_t len = 0;
    int rc = vh_encode(&pf, &b, &len);
    swirl_proof_free(&pf);
    if (rc) return -2;
    swirl_proof d;
    rc = swirl_proof_decode(b, len, &d);
    if (rc == SWIRL_OK) swirl_proof_free(&d);
    swirl_error e;
    memset(&e, 0, sizeof e);
    *verify_rc = swirl_verify(fx->vk, b, len, &e);
    *detail = e.detail;
    swirl_free(b);
    return rc;
}

static void set_log_height(swirl_proof *pf, size_t v) { pf->vdata[0].log_height = (unsigned)v; }

static void set_num_traces(swirl_proof *pf, size_t v) {
    swirl_batch_proof *b = &pf->batch;
    size_t old = b->num_traces;
    b->sum_p = swirl_realloc(b->sum_p, v * sizeof *b->sum_p);
    b->sum_q = swirl_realloc(b->sum_q, v * sizeof *b->sum_q);
    b->part_count = swirl_realloc(b->part_count, v * sizeof *b->part_count);
    b->part_offset = swirl_realloc(b->part_offset, v * MAXP * sizeof *b->part_offset);
    b->part_len = swirl_realloc(b->part_len, v * MAXP * sizeof *b->part_len);
    if (!b->sum_p || !b->sum_q || !b->part_count || !b->part_offset || !b->part_len) abort();
    for (size_t t = old; t < v; t++) {
        b->sum_p[t] = ef_zero();
        b->sum_q[t] = ef_zero();
        b->part_count[t] = 0;
    }
    b->num_traces = v;
}

/* trace 0 gets v parts: its own, then copies of its part 0 (part_* arrays hold MAXP slots per
 * trace; for v > MAXP the extra slot is trace 1's first, which exists in a 2-trace proof) */
static void set_part_count(swirl_proof *pf, size_t v) {
    swirl_batch_proof *b = &pf->batch;
    for (size_t pp = b->part_count[0]; pp < v; pp++) {
        b->part_offset[pp] = b->part_offset[0];
        b->part_len[pp] = b->part_len[0];
    }
    b->part_count[0] = v;
}

static void set_gkr_layers(swirl_proof *pf, size_t v) {
    swirl_gkr_proof *g = &pf->gkr;
    swirl_free(g->claims);
    swirl_free(g->sumcheck);
    g->claims = swirl_calloc(v, sizeof *g->claims);
    g->sumcheck = swirl_calloc(swirl_gkr_sumcheck_offset(v + 1) + 1, sizeof *g->sumcheck);
    if (!g->claims || !g->sumcheck) abort();
    g->num_layers = v;
}

/* one WHIR round of folding factor v and no initial queries (so no 2^v-row openings) */
static void set_whir_k(swirl_proof *pf, size_t v) {
    swirl_whir_proof *w = &pf->whir;
    swirl_free(w->sumcheck_polys);
    swirl_free(w->folding_pow_witnesses);
    w->sumcheck_polys = swirl_calloc(2 * v, sizeof *w->sumcheck_polys);
    w->folding_pow_witnesses = swirl_calloc(v, sizeof *w->folding_pow_witnesses);
    if (!w->sumcheck_polys || !w->folding_pow_witnesses) abort();
    w->num_rounds = 1;
    w->k = v;
    w->num_sumcheck = v;
    w->num_queries0 = 0;
}

static void set_whir_depth0(swirl_proof *pf, size_t v) {
    swirl_whir_proof *w = &pf->whir;
    size_t n = w->num_commits * w->num_queries0 * v;
    swirl_free(w->initial_paths);
    w->initial_paths = swirl_calloc(n + 1, sizeof *w->initial_paths);
    if (!w->initial_paths) abort();
    w->depth0 = v;
}

/* at_detail < 0: the value at the bound is the honest one (nothing to check there) */
static void bound_case(const char *what, const vh_fixture *fx, raw_edit edit, size_t at, int at_detail) {
    int vrc = 0, det = 0;
    int rc = at_detail < 0 ? SWIRL_OK : edit_and_decode(fx, edit, at, &vrc, &det);
    if (at_detail >= 0)
        CHECK_MSG(rc == SWIRL_OK && vrc == SWIRL_ERR_VERIFY && det == at_detail,
              "%s: %s = %zu (at the bound): decode %d, verify %s detail %d, expected detail %d", fx->name, what, at, rc,
              swirl_status_str(vrc), det, at_detail);
    rc = edit_and_decode(fx, edit, at + 1, &vrc, &det);
    CHECK_MSG(rc == SWIRL_ERR_DECODE && vrc == SWIRL_ERR_DECODE && det == 0,
              "%s: %s = %zu (past the bound): decode %d, verify %s detail %d", fx->name, what, at + 1, rc,
              swirl_status_str(vrc), det);
}

static void decoder_bounds(const vh_fixture *fib, const vh_fixture *inter) {
    bound_case("log height", fib, set_log_height, 40, SWIRL_VERIFY_ERR_PROOF_SHAPE);
    bound_case("opened parts of trace 0", inter, set_part_count, MAXP, SWIRL_VERIFY_ERR_BATCH_SHAPE);
    bound_case("GKR layers", inter, set_gkr_layers, 32, SWIRL_VERIFY_ERR_GKR_SHAPE);
    bound_case("WHIR folding factor", fib, set_whir_k, 20, SWIRL_VERIFY_ERR_WHIR_SHAPE);
    bound_case("WHIR initial Merkle depth", fib, set_whir_depth0, 40, SWIRL_VERIFY_ERR_WHIR_SHAPE);
    /* batch traces: at most num_airs (the honest count for proofs with every AIR present) */
    bound_case("batch traces", fib, set_num_traces, swirl_vk_num_airs(fib->vk), -1);
    bound_case("batch traces", inter, set_num_traces, swirl_vk_num_airs(inter->vk), -1);
}

int main(void) {
    CHECK(vh_params_strong(&P) == SWIRL_OK);
    static const struct { const char *name; size_t size, commits, spread; } sc[] = {
        {"fib_selector", 5, 2, 600}, {"cached", 0, 3, 600}, {"preprocessed_cached", 4, 4, 600}, {"mixture", 0, 4, 300}};
    for (size_t i = 0; i < sizeof sc / sizeof sc[0]; i++) {
        vh_fixture fx;
        if (vh_prove_builtin(&fx, sc[i].name, sc[i].size, 0, &P) == SWIRL_OK && vh_fixture_ok(&fx)) {
            tamper_openings(&fx, sc[i].commits);
            flip_sweep(&fx, sc[i].spread);
        }
        vh_free(&fx);
    }
    vh_fixture fib, inter;
    swirl_air *a = swirl_fib_air();
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, 4, &t, pv) == SWIRL_OK);
    swirl_air_inputs in = {.common_main = &t, .public_values = pv, .num_public_values = 3};
    vh_prove_airs(&fib, "fib/4", &P, &a, 1, &in);
    vh_prove_builtin(&inter, "interactions", 0, 0, &P);
    if (vh_fixture_ok(&fib) && vh_fixture_ok(&inter)) decoder_bounds(&fib, &inter);
    vh_free(&fib);
    vh_free(&inter);
    swirl_trace_free(&t);
    swirl_air_free(a);
    return t_summary("test_tamper_openings");
}
