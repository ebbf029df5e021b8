/* test_verifier_checks.c — one test per verifier check: every swirl_fail of swirl_verify
 * (src/verifier/verify.c) and of the verifier halves it calls (src/iop/gkr.c, zerocheck.c,
 * stacked_reduction.c, src/pcs/whir_verify.c) is reached by a crafted proof, and the test asserts
 * the exact status, detail code and the check's name in the message.
 *
 * How each check is reached (verifier_harness.h edits the decoded proof and re-encodes it):
 *  - shape checks of the preamble, GKR, batch, stacking and WHIR sections: edit the count or the
 *    field the check compares (these run before anything that depends on it);
 *  - value checks that come right after the value is read (GKR root / layer claims, LogUp sums,
 *    round-0 sums, opening consistency, stacked sums, proof-of-work witnesses, Merkle openings):
 *    edit that value;
 *  - checks whose inputs are bound by the transcript before the check (e.g. an OOD value, the
 *    final polynomial): the edit changes every later challenge, and the next proof-of-work check
 *    (10 bits under vh_params_strong) rejects: asserted as that detail;
 *  - checks that no edit of an honest proof can reach without tripping an earlier one use keys:
 *    trace-height limits and w_stack are properties of the key that the prover does not enforce,
 *    so a key with a tight limit yields a real proof that only that check rejects; a required AIR
 *    is tested both by an edit and by proving under a key where the AIR is optional.
 *  - WHIR's final-polynomial check (106) sits behind Merkle checks of every query of the last
 *    round: no edit of a full proof reaches it with the transcript intact, so test_whir.c reaches
 *    it at the WHIR level by changing the claimed evaluations (not observed by WHIR itself).
 *  - unreachable by construction (defensive, listed in docs/RELIABILITY.md): "dimensions out of
 *    range" (l_skip + n_global <= 31 + l_skip once the height constraints pass), "layout invalid"
 *    (heights are bounded and sorted before layouts are built). */
#include <string.h>
#include "air/keys.h"
#include "iop/gkr.h"
#include "iop/stacked_reduction.h"
#include "iop/zerocheck.h"
#include "pcs/whir.h"
#include "verifier_harness.h"
#include "swirl_scenarios.h"

#define MAXP SWIRL_MAX_TRACE_PARTS

/* Verifier details of src/verifier/verify.c, as include/swirl.h documents them. */
enum {
    D_EMPTY = SWIRL_VERIFY_ERR_EMPTY_TRACES,
    D_SHAPE = SWIRL_VERIFY_ERR_PROOF_SHAPE,
    D_HEIGHTS = SWIRL_VERIFY_ERR_TRACE_HEIGHTS,
    D_LOGUP_POW = SWIRL_VERIFY_ERR_LOGUP_POW
};

static swirl_system_params P; /* vh_params_strong */

/* ---- edits ---------------------------------------------------------------------------------- */

typedef enum {
    /* preamble */
    E_APPEND_ABSENT_AIR,
    E_MAKE_ABSENT,      /* arg: AIR index; keeps its public values */
    E_MAKE_ALL_ABSENT,  /* also drops public values */
    E_DROP_CACHED,      /* arg: AIR index */
    E_ADD_CACHED,       /* arg: AIR index */
    E_LOG_HEIGHT_SET,   /* arg: AIR index, value */
    E_PV_DROP,          /* arg: AIR index */
    E_PV_ADD,           /* arg: AIR index */
    E_LOGUP_POW,
    /* GKR */
    E_GKR_Q0,
    E_GKR_ADD_LAYER_EMPTY,
    E_GKR_DROP_LAYER,
    E_GKR_ROOT_P0,
    E_GKR_LAYER_P0,     /* arg: layer index k (claims[k]) */
    E_GKR_SUMCHECK,     /* arg: index into sumcheck */
    /* batch constraint sumcheck */
    E_ZC_NUM_TRACES,
    E_ZC_NUM_UNIVARIATE,
    E_ZC_N_MAX,
    E_ZC_DEGREE,
    E_ZC_PART_COUNT,
    E_ZC_PART_LEN,
    E_ZC_SUM_P,
    E_ZC_SUM_Q,
    E_ZC_UNIVARIATE,
    E_ZC_ROUND,
    E_ZC_OPENING,       /* arg: index */
    /* stacking */
    E_SR_NUM_UNIVARIATE,
    E_SR_N_STACK,
    E_SR_NUM_COMMITS,
    E_SR_WIDTH,         /* arg: commitment */
    E_SR_UNIVARIATE,
    E_SR_ROUND,
    E_SR_OPENING,
    /* WHIR */
    E_W_DROP_ROUND,
    E_W_NUM_COMMITS,
    E_W_NUM_QUERIES0,
    E_W_DEPTH0,
    E_W_WIDTH,          /* arg: commitment */
    E_W_ROUND_QUERIES,
    E_W_DEPTH1,
    E_W_FINAL_LEN,
    E_W_MU_POW,
    E_W_FOLD_POW,       /* arg: index */
    E_W_QUERY_POW,      /* arg: round */
    E_W_SUMCHECK,
    E_W_CW_COMMIT,
    E_W_OOD,            /* arg: round */
    E_W_FINAL_POLY,
    E_W_ROWS,           /* arg: commitment */
    E_W_PATH,           /* arg: commitment */
    E_W_CW_VALUE,       /* arg: round (>= 1) */
    E_W_CW_PATH         /* arg: round (>= 1) */
} edit_kind;

typedef struct {
    edit_kind kind;
    size_t a, b;
} edit_arg;

static void grow_airs(swirl_proof *pf) {
    size_t n = pf->num_airs + 1;
    pf->vdata = swirl_realloc(pf->vdata, n * sizeof *pf->vdata);
    pf->num_pv = swirl_realloc(pf->num_pv, n * sizeof *pf->num_pv);
    pf->pv = swirl_realloc(pf->pv, n * sizeof *pf->pv);
    if (!pf->vdata || !pf->num_pv || !pf->pv) abort();
    memset(&pf->vdata[n - 1], 0, sizeof pf->vdata[n - 1]);
    pf->num_pv[n - 1] = 0;
    pf->pv[n - 1] = swirl_calloc(1, sizeof(uint32_t));
    pf->num_airs = n;
}

static void edit_preamble(swirl_proof *pf, const edit_arg *e) {
    swirl_trace_vdata *v = e->a < pf->num_airs ? &pf->vdata[e->a] : NULL;
    switch (e->kind) {
    case E_APPEND_ABSENT_AIR:
        grow_airs(pf);
        break;
    case E_MAKE_ABSENT:
        v->present = 0;
        v->log_height = 0;
        v->num_cached = 0;
        break;
    case E_MAKE_ALL_ABSENT:
        for (size_t a = 0; a < pf->num_airs; a++) {
            pf->vdata[a].present = 0;
            pf->vdata[a].log_height = 0;
            pf->vdata[a].num_cached = 0;
            pf->num_pv[a] = 0;
        }
        break;
    case E_DROP_CACHED:
        v->num_cached--;
        break;
    case E_ADD_CACHED:
        v->cached = swirl_realloc(v->cached, (v->num_cached + 1) * sizeof *v->cached);
        if (!v->cached) abort();
        memset(&v->cached[v->num_cached], 0, sizeof v->cached[0]);
        v->cached[v->num_cached].v[0] = 77;
        v->num_cached++;
        break;
    case E_LOG_HEIGHT_SET:
        v->log_height = (unsigned)e->b;
        break;
    case E_PV_DROP:
        pf->num_pv[e->a]--;
        break;
    case E_PV_ADD:
        pf->pv[e->a] = swirl_realloc(pf->pv[e->a], (pf->num_pv[e->a] + 1) * sizeof(uint32_t));
        if (!pf->pv[e->a]) abort();
        pf->pv[e->a][pf->num_pv[e->a]++] = 5;
        break;
    case E_LOGUP_POW:
        pf->logup_pow_witness = vh_bb_bump(pf->logup_pow_witness);
        break;
    default:
        break;
    }
}

static void edit_gkr(swirl_proof *pf, const edit_arg *e) {
    swirl_gkr_proof *g = &pf->gkr;
    switch (e->kind) {
    case E_GKR_Q0:
        g->q0_claim = vh_ef_bump(g->q0_claim);
        break;
    case E_GKR_ADD_LAYER_EMPTY: g->num_layers = 1; break; /* the decoder allocated claims[0] */
    case E_GKR_DROP_LAYER:
        g->num_layers--;
        break;
    case E_GKR_ROOT_P0:
        g->claims[0].p0 = vh_ef_bump(g->claims[0].p0);
        break;
    case E_GKR_LAYER_P0:
        g->claims[e->a].p0 = vh_ef_bump(g->claims[e->a].p0);
        break;
    case E_GKR_SUMCHECK:
        g->sumcheck[e->a] = vh_ef_bump(g->sumcheck[e->a]);
        break;
    default:
        break;
    }
}

static void edit_batch(swirl_proof *pf, const edit_arg *e) {
    swirl_batch_proof *b = &pf->batch;
    switch (e->kind) {
    case E_ZC_NUM_TRACES:
        b->num_traces--;
        break;
    case E_ZC_NUM_UNIVARIATE:
        b->num_univariate--;
        break;
    case E_ZC_N_MAX:
        b->n_max--;
        break;
    case E_ZC_DEGREE:
        b->degree_plus_one--;
        break;
    case E_ZC_PART_COUNT:
        b->part_count[0]--;
        break;
    case E_ZC_PART_LEN:
        b->part_len[0]--;
        break;
    case E_ZC_SUM_P:
        b->sum_p[0] = vh_ef_bump(b->sum_p[0]);
        break;
    case E_ZC_SUM_Q:
        b->sum_q[0] = vh_ef_bump(b->sum_q[0]);
        break;
    case E_ZC_UNIVARIATE:
        b->univariate[0] = vh_ef_bump(b->univariate[0]);
        break;
    case E_ZC_ROUND:
        b->rounds[0] = vh_ef_bump(b->rounds[0]);
        break;
    case E_ZC_OPENING:
        b->openings[e->a] = vh_ef_bump(b->openings[e->a]);
        break;
    default:
        break;
    }
}

static void edit_stacking(swirl_proof *pf, const edit_arg *e) {
    swirl_stacking_proof *s = &pf->stacking;
    switch (e->kind) {
    case E_SR_NUM_UNIVARIATE:
        s->num_univariate--;
        break;
    case E_SR_N_STACK:
        s->n_stack--;
        break;
    case E_SR_NUM_COMMITS:
        s->num_commits--;
        break;
    case E_SR_WIDTH:
        s->widths[e->a]--;
        break;
    case E_SR_UNIVARIATE:
        s->univariate[0] = vh_ef_bump(s->univariate[0]);
        break;
    case E_SR_ROUND:
        s->rounds[0] = vh_ef_bump(s->rounds[0]);
        break;
    case E_SR_OPENING:
        s->openings[0] = vh_ef_bump(s->openings[0]);
        break;
    default:
        break;
    }
}

static void edit_whir(swirl_proof *pf, const edit_arg *e) {
    swirl_whir_proof *w = &pf->whir;
    switch (e->kind) {
    case E_W_DROP_ROUND:
        w->num_rounds--;
        w->num_sumcheck = w->num_rounds * w->k;
        break;
    case E_W_NUM_COMMITS:
        w->num_commits--;
        break;
    case E_W_NUM_QUERIES0:
        w->num_queries0--;
        break;
    case E_W_DEPTH0:
        w->depth0--;
        break;
    case E_W_WIDTH:
        w->widths[e->a]--;
        break;
    case E_W_ROUND_QUERIES:
        w->round_queries[0]--;
        break;
    case E_W_DEPTH1:
        w->depth1--;
        break;
    case E_W_FINAL_LEN:
        w->final_len--;
        break;
    case E_W_MU_POW:
        w->mu_pow_witness = vh_bb_bump(w->mu_pow_witness);
        break;
    case E_W_FOLD_POW:
        w->folding_pow_witnesses[e->a] = vh_bb_bump(w->folding_pow_witnesses[e->a]);
        break;
    case E_W_QUERY_POW:
        w->query_phase_pow_witnesses[e->a] = vh_bb_bump(w->query_phase_pow_witnesses[e->a]);
        break;
    case E_W_SUMCHECK:
        w->sumcheck_polys[0] = vh_ef_bump(w->sumcheck_polys[0]);
        break;
    case E_W_CW_COMMIT:
        w->codeword_commits[0].v[0] = vh_bb_bump(w->codeword_commits[0].v[0]);
        break;
    case E_W_OOD:
        w->ood_values[e->a] = vh_ef_bump(w->ood_values[e->a]);
        break;
    case E_W_FINAL_POLY:
        w->final_poly[0] = vh_ef_bump(w->final_poly[0]);
        break;
    case E_W_ROWS:
        w->initial_rows[w->row_offset[e->a]] = vh_bb_bump(w->initial_rows[w->row_offset[e->a]]);
        break;
    case E_W_PATH: {
        size_t i = e->a * w->num_queries0 * w->depth0; /* commitment a, query 0, level 0 */
        w->initial_paths[i].v[0] = vh_bb_bump(w->initial_paths[i].v[0]);
        break;
    }
    case E_W_CW_VALUE: {
        size_t i = w->cw_value_offset[e->a - 1];
        w->codeword_values[i] = vh_ef_bump(w->codeword_values[i]);
        break;
    }
    case E_W_CW_PATH: {
        size_t i = w->cw_path_offset[e->a - 1];
        w->codeword_paths[i].v[0] = vh_bb_bump(w->codeword_paths[i].v[0]);
        break;
    }
    default:
        break;
    }
}

static void apply_edit(swirl_proof *pf, const void *arg) {
    const edit_arg *e = arg;
    if (e->kind <= E_LOGUP_POW) edit_preamble(pf, e);
    else if (e->kind <= E_GKR_SUMCHECK) edit_gkr(pf, e);
    else if (e->kind <= E_ZC_OPENING) edit_batch(pf, e);
    else if (e->kind <= E_SR_OPENING) edit_stacking(pf, e);
    else edit_whir(pf, e);
}

static void expect_edit(const vh_fixture *fx, const char *label, edit_kind kind, size_t a, size_t b, int detail,
                        const char *substr) {
    edit_arg e = {kind, a, b};
    vh_check_edit(label, fx, NULL, apply_edit, &e, SWIRL_ERR_VERIFY, detail, substr);
}

/* ---- fixtures ------------------------------------------------------------------------------- */

static int fib_fixture(vh_fixture *fx, const char *name, unsigned log_h, int required, const swirl_system_params *p) {
    swirl_air *a = swirl_fib_air();
    if (required) swirl_air_set_required(a, 1);
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, log_h, &t, pv) == SWIRL_OK);
    swirl_air_inputs in = {.common_main = &t, .public_values = pv, .num_public_values = 3};
    int rc = vh_prove_airs(fx, name, p, &a, 1, &in);
    swirl_trace_free(&t);
    swirl_air_free(a);
    return rc;
}

/* The AIR of a decoded honest proof that has cached commitments (SIZE_MAX: none). */
static size_t cached_air(const vh_fixture *fx) {
    swirl_proof pf;
    size_t found = SIZE_MAX;
    if (swirl_proof_decode(fx->proof, fx->len, &pf) != SWIRL_OK) return found;
    for (size_t a = 0; a < pf.num_airs && found == SIZE_MAX; a++)
        if (pf.vdata[a].present && pf.vdata[a].num_cached) found = a;
    swirl_proof_free(&pf);
    return found;
}

/* ---- verify.c: preamble shape, heights, LogUp PoW ------------------------------------------- */

static void test_preamble(void) {
    vh_fixture fib, req, sel, inter, cached;
    const size_t lmax = P.l_skip + P.n_stack;
    fib_fixture(&fib, "fib/6", 6, 0, &P);
    fib_fixture(&req, "fib/6 required", 6, 1, &P);
    vh_prove_builtin(&sel, "fib_selector", 5, 0, &P);
    vh_prove_builtin(&inter, "interactions", 0, 0, &P);
    vh_prove_builtin(&cached, "cached", 0, 0, &P);
    CHECK(vh_fixture_ok(&fib) && vh_fixture_ok(&req) && vh_fixture_ok(&sel) && vh_fixture_ok(&inter) && vh_fixture_ok(&cached));
    expect_edit(&fib, "an extra (absent) AIR", E_APPEND_ABSENT_AIR, 0, 0, D_SHAPE, "(InvalidVDataLength)");
    expect_edit(&req, "required AIR absent", E_MAKE_ABSENT, 0, 0, D_SHAPE, "(RequiredAirNoVData)");
    expect_edit(&fib, "absent AIR with public values", E_MAKE_ABSENT, 0, 0, D_SHAPE, "(PublicValuesNoVData)");
    expect_edit(&inter, "every AIR absent", E_MAKE_ALL_ABSENT, 0, 0, D_EMPTY, "(EmptyTraces)");
    size_t ca = cached_air(&cached);
    CHECK_MSG(ca != SIZE_MAX, "cached scenario has no cached commitment");
    if (ca != SIZE_MAX) {
        expect_edit(&cached, "one cached commitment fewer", E_DROP_CACHED, ca, 0, D_SHAPE, "(InvalidCachedCommitments)");
        expect_edit(&cached, "one cached commitment more", E_ADD_CACHED, ca, 0, D_SHAPE, "(InvalidCachedCommitments)");
    }
    expect_edit(&fib, "a cached commitment on an AIR without cached mains", E_ADD_CACHED, 0, 0, D_SHAPE,
                "(InvalidCachedCommitments)");
    expect_edit(&fib, "log height l_skip + n_stack + 1", E_LOG_HEIGHT_SET, 0, lmax + 1, D_SHAPE, "(LogHeightOutOfBounds)");
    expect_edit(&fib, "log height 40", E_LOG_HEIGHT_SET, 0, 40, D_SHAPE, "(LogHeightOutOfBounds)");
    expect_edit(&fib, "one public value fewer", E_PV_DROP, 0, 0, D_SHAPE, "(InvalidPublicValues)");
    expect_edit(&fib, "one public value more", E_PV_ADD, 0, 0, D_SHAPE, "(InvalidPublicValues)");
    expect_edit(&sel, "log height one below the preprocessed trace's", E_LOG_HEIGHT_SET, 0, 4, D_SHAPE,
                "(PreprocessedTraceHeightMismatch)");
    expect_edit(&sel, "log height one above the preprocessed trace's", E_LOG_HEIGHT_SET, 0, 6, D_SHAPE,
                "(PreprocessedTraceHeightMismatch)");
    /* the check order: absent AIR 0 of the fib proof is optional, so PublicValuesNoVData
     * (not RequiredAirNoVData) names it; on the required key it is RequiredAirNoVData even
     * with public values */
    expect_edit(&fib, "LogUp PoW witness + 1", E_LOGUP_POW, 0, 0, D_LOGUP_POW, "(InvalidLogupPowWitness)");
    expect_edit(&inter, "LogUp PoW witness + 1 (with interactions)", E_LOGUP_POW, 0, 0, D_LOGUP_POW,
                "(InvalidLogupPowWitness)");
    vh_free(&fib);
    vh_free(&req);
    vh_free(&sel);
    vh_free(&inter);
    vh_free(&cached);
}

/* Boundary: a trace of height exactly 2^(l_skip + n_stack) is accepted. */
static void test_log_height_boundary(void) {
    vh_fixture fx;
    char name[64];
    unsigned lmax = (unsigned)(P.l_skip + P.n_stack);
    snprintf(name, sizeof name, "fib/%u (log height = l_skip + n_stack)", lmax);
    if (fib_fixture(&fx, name, lmax, 0, &P) == SWIRL_OK) vh_fixture_ok(&fx);
    vh_free(&fx);
}

/* A required AIR absent from a real proof: proved under a key where the AIR is optional (same
 * shape), verified under the key where it is required. */
static void test_required_by_key(void) {
    swirl_air *airs_opt[2] = {swirl_fib_air(), swirl_fib_air()};
    swirl_air *airs_req[2] = {swirl_fib_air(), swirl_fib_air()};
    swirl_air_set_required(airs_req[1], 1);
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(0, 1, 4, &t, pv) == SWIRL_OK);
    swirl_air_inputs in[2] = {{.common_main = &t, .public_values = pv, .num_public_values = 3}, {0}};
    vh_fixture fx;
    if (vh_prove_airs(&fx, "fib x2, AIR 1 absent", &P, airs_opt, 2, in) == SWIRL_OK) {
        vh_fixture_ok(&fx);
        swirl_pk *pk = NULL;
        swirl_vk *vk = NULL;
        swirl_error e = {0};
        CHECK(swirl_keygen(vh_ctx, &P, airs_req, 2, &pk, &vk, &e) == SWIRL_OK);
        vh_expect("fib x2, AIR 1 absent, verified with AIR 1 required", vk, fx.proof, fx.len, SWIRL_ERR_VERIFY, D_SHAPE,
                  "required AIR 1 is absent (RequiredAirNoVData)");
        /* and swirl_prove refuses the same inputs under the required key */
        uint8_t *b = NULL;
        size_t len = 0;
        memset(&e, 0, sizeof e);
        int rc = swirl_prove(vh_ctx, pk, in, 2, &b, &len, &e);
        CHECK_MSG(rc == SWIRL_ERR_TRACE, "prove with a required AIR absent: %s (%s)", swirl_status_str(rc), e.message);
        swirl_bytes_free(b);
        swirl_pk_free(pk);
        swirl_vk_free(vk);
    }
    vh_free(&fx);
    swirl_trace_free(&t);
    for (int i = 0; i < 2; i++) {
        swirl_air_free(airs_opt[i]);
        swirl_air_free(airs_req[i]);
    }
}

/* Sum over present AIRs of coefficient * 2^max(log height, l_skip) for height constraint i,
 * computed from the public key accessors and the inputs. */
static uint64_t height_sum(const swirl_vk *vk, size_t i, const swirl_builtin *b, size_t l_skip) {
    const uint32_t *coef;
    uint32_t thr;
    if (swirl_vk_height_constraint(vk, i, &coef, &thr) != SWIRL_OK) return 0;
    uint64_t s = 0;
    for (size_t a = 0; a < b->num_airs; a++) {
        const swirl_trace *t = b->inputs[a].common_main;
        if (!t) continue;
        size_t lh = 0;
        while (((size_t)1 << lh) < t->height) lh++;
        s += (uint64_t)coef[a] << (lh > l_skip ? lh : l_skip);
    }
    return s;
}

/* TraceHeightsTooLarge at its boundary: the sum equal to max_interaction_count is rejected, one
 * below it accepted. swirl_prove refuses to prove past the limit (SWIRL_ERR_TRACE), so the proof
 * is made under the key whose limit is sum + 1 and verified under the key whose limit is sum: the
 * check runs before the transcript, so the two keys' pre-hashes do not matter to it. */
static void test_trace_heights(void) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    CHECK(swirl_builtin_scenario("interactions", 0, 0, &b, &e) == SWIRL_OK);
    if (!b) return;
    vh_fixture probe;
    if (vh_prove_airs(&probe, "interactions (probe)", &P, b->airs, b->num_airs, b->inputs) != SWIRL_OK) {
        vh_free(&probe);
        swirl_builtin_free(b);
        return;
    }
    /* the global constraint: threshold max_interaction_count */
    size_t gi = SIZE_MAX;
    for (size_t i = 0; i < swirl_vk_num_height_constraints(probe.vk); i++) {
        const uint32_t *coef;
        uint32_t thr;
        swirl_vk_height_constraint(probe.vk, i, &coef, &thr);
        if (thr == P.logup.max_interaction_count) gi = i;
    }
    CHECK_MSG(gi != SIZE_MAX, "no height constraint with threshold max_interaction_count");
    uint64_t s = gi == SIZE_MAX ? 0 : height_sum(probe.vk, gi, b, P.l_skip);
    CHECK_MSG(s > 0 && s < SWIRL_P, "height sum %llu", (unsigned long long)s);
    vh_free(&probe);
    if (s) {
        swirl_system_params tight = P, loose = P;
        tight.logup.max_interaction_count = (uint32_t)s;
        loose.logup.max_interaction_count = (uint32_t)s + 1;
        vh_fixture fx;
        if (vh_prove_airs(&fx, "interactions, max_interaction_count = sum + 1", &loose, b->airs, b->num_airs, b->inputs) ==
            SWIRL_OK) {
            vh_fixture_ok(&fx);
            swirl_pk *pk = NULL;
            swirl_vk *vk = NULL;
            CHECK(swirl_keygen(vh_ctx, &tight, b->airs, b->num_airs, &pk, &vk, &e) == SWIRL_OK);
            vh_expect("interactions, verified with max_interaction_count = sum", vk, fx.proof, fx.len, SWIRL_ERR_VERIFY,
                      D_HEIGHTS, "(TraceHeightsTooLarge)");
            uint8_t *pb = NULL;
            size_t plen = 0;
            memset(&e, 0, sizeof e);
            int rc = swirl_prove(vh_ctx, pk, b->inputs, b->num_airs, &pb, &plen, &e);
            CHECK_MSG(rc == SWIRL_ERR_TRACE && strstr(e.message, "(TraceHeightsTooLarge)"),
                      "prove past the height limit: %s (%s)", swirl_status_str(rc), e.message);
            swirl_bytes_free(pb);
            swirl_pk_free(pk);
            swirl_vk_free(vk);
        }
        vh_free(&fx);
    }
    swirl_builtin_free(b);
}

/* The trace-height sum must not wrap around 2^64. Key B: 128 AIRs with two interactions of
 * count weight 2^30 each (bus coefficient 2^31), max_interaction_count >= p (so the bus
 * constraint implies the global one, which keygen then drops), l_skip 2, n_stack 24. 128 traces
 * of height 2^26 sum to 128 * 2^31 * 2^26 = 2^64, which a wrapping sum sees as 0. The proof bytes
 * come from a 1-AIR proof of the same AIR shape (count weight 0) with 127 present AIRs appended
 * and every log height set to 26: the height check runs before the transcript, so only the
 * shapes matter up to it. */
static swirl_air *weighted_air(uint32_t weight) {
    swirl_air *a = swirl_air_new("weighted_self_interaction");
    swirl_air_set_common_main(a, 1);
    swirl_expr x = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0);
    swirl_expr one = swirl_air_const(a, 1);
    swirl_air_push_interaction(a, 0, &x, 1, one, weight);
    swirl_air_push_interaction(a, 0, &x, 1, swirl_air_neg(a, one), weight);
    return a;
}

static void append_tall_airs(swirl_proof *pf, const void *arg) {
    size_t total = *(const size_t *)arg;
    while (pf->num_airs < total) grow_airs(pf);
    for (size_t a = 0; a < pf->num_airs; a++) {
        pf->vdata[a].present = 1;
        pf->vdata[a].log_height = 26;
        if (!pf->vdata[a].cached) pf->vdata[a].cached = swirl_calloc(1, sizeof(swirl_digest));
    }
}

static void test_trace_heights_overflow(void) {
    enum { NA = 128 };
    swirl_air *light = weighted_air(0);
    swirl_trace t;
    uint32_t col[4] = {1, 2, 3, 4};
    t.values = col;
    t.height = 4;
    t.width = 1;
    swirl_air_inputs in = {.common_main = &t};
    vh_fixture fx;
    if (vh_prove_airs(&fx, "weighted self-interaction, weight 0", &P, &light, 1, &in) == SWIRL_OK && vh_fixture_ok(&fx)) {
        swirl_system_params q;
        CHECK(swirl_params_test_small(2, 24, 3, &q) == SWIRL_OK);
        q.logup.max_interaction_count = 0xffffffffu;
        swirl_air *airs[NA];
        for (size_t i = 0; i < NA; i++) airs[i] = weighted_air(1u << 30);
        swirl_pk *pk = NULL;
        swirl_vk *vk = NULL;
        swirl_error e = {0};
        int rc = swirl_keygen(vh_ctx, &q, airs, NA, &pk, &vk, &e);
        CHECK_MSG(rc == SWIRL_OK, "128 weighted AIRs: keygen %s (%s)", swirl_status_str(rc), e.message);
        if (rc == SWIRL_OK) {
            const uint32_t *coef = NULL;
            uint32_t thr = 0;
            CHECK_MSG(swirl_vk_num_height_constraints(vk) == 1 && swirl_vk_height_constraint(vk, 0, &coef, &thr) == SWIRL_OK &&
                          coef[0] == (1u << 31) && thr == SWIRL_P,
                      "128 weighted AIRs: expected the bus constraint alone (coefficient 2^31, threshold p)");
            size_t total = NA;
            vh_check_edit("128 traces of height 2^26 (sum 2^64)", &fx, vk, append_tall_airs, &total, SWIRL_ERR_VERIFY, D_HEIGHTS,
                          "(TraceHeightsTooLarge)");
        }
        swirl_pk_free(pk);
        swirl_vk_free(vk);
        for (size_t i = 0; i < NA; i++) swirl_air_free(airs[i]);
    }
    vh_free(&fx);
    swirl_air_free(light);
}

/* TotalStackedWidthOutOfBounds: fib of height 2^(l_skip + n_stack) stacks into 2 columns. */
static void test_stacked_width(void) {
    unsigned lmax = (unsigned)(P.l_skip + P.n_stack);
    for (size_t w = 1; w <= 2; w++) {
        swirl_system_params q = P;
        q.w_stack = w;
        vh_fixture fx;
        char name[64];
        snprintf(name, sizeof name, "fib/%u, w_stack %zu", lmax, w);
        if (fib_fixture(&fx, name, lmax, 0, &q) == SWIRL_OK) {
            if (w == 1) vh_expect(name, fx.vk, fx.proof, fx.len, SWIRL_ERR_VERIFY, D_SHAPE, "(TotalStackedWidthOutOfBounds)");
            else vh_fixture_ok(&fx);
        }
        vh_free(&fx);
    }
}

/* ---- GKR ------------------------------------------------------------------------------------ */

static void test_gkr(void) {
    vh_fixture fib, inter;
    fib_fixture(&fib, "fib/6", 6, 0, &P);
    vh_prove_builtin(&inter, "interactions", 0, 0, &P);
    CHECK(vh_fixture_ok(&fib) && vh_fixture_ok(&inter));
    expect_edit(&fib, "no interactions, q0_claim + 1", E_GKR_Q0, 0, 0, SWIRL_GKR_ERR_INVALID_ZERO_ROUND_VALUE,
                "(InvalidZeroRoundValue)");
    expect_edit(&fib, "no interactions, one layer", E_GKR_ADD_LAYER_EMPTY, 0, 0, SWIRL_GKR_ERR_SHAPE,
                "layers present without interactions");
    expect_edit(&inter, "one layer fewer", E_GKR_DROP_LAYER, 0, 0, SWIRL_GKR_ERR_SHAPE, "layers, expected");
    expect_edit(&inter, "root p0 + 1", E_GKR_ROOT_P0, 0, 0, SWIRL_GKR_ERR_ZERO_CHECK, "(ZeroCheckFailed)");
    expect_edit(&inter, "q0_claim + 1", E_GKR_Q0, 0, 0, SWIRL_GKR_ERR_ROOT_CONSISTENCY, "(RootConsistencyCheckFailed)");
    expect_edit(&inter, "layer 2 p0 + 1", E_GKR_LAYER_P0, 1, 0, SWIRL_GKR_ERR_LAYER_CONSISTENCY,
                "layer 2 claims inconsistent (LayerConsistencyCheckFailed)");
    expect_edit(&inter, "layer 2 sumcheck s(1) + 1", E_GKR_SUMCHECK, 0, 0, SWIRL_GKR_ERR_LAYER_CONSISTENCY,
                "layer 2 claims inconsistent (LayerConsistencyCheckFailed)");
    /* last layer: the claims the batch sumcheck starts from */
    swirl_proof pf;
    if (swirl_proof_decode(inter.proof, inter.len, &pf) == SWIRL_OK) {
        size_t L = pf.gkr.num_layers;
        char sub[80];
        snprintf(sub, sizeof sub, "layer %zu claims inconsistent (LayerConsistencyCheckFailed)", L);
        CHECK_MSG(L >= 3, "interactions: %zu GKR layers", L);
        if (L >= 3) {
            expect_edit(&inter, "last layer p0 + 1", E_GKR_LAYER_P0, L - 1, 0, SWIRL_GKR_ERR_LAYER_CONSISTENCY, sub);
            expect_edit(&inter, "last sumcheck value + 1", E_GKR_SUMCHECK, swirl_gkr_sumcheck_offset(L + 1) - 1, 0,
                        SWIRL_GKR_ERR_LAYER_CONSISTENCY, sub);
        }
        swirl_proof_free(&pf);
    }
    vh_free(&fib);
    vh_free(&inter);
}

/* ---- batch constraint sumcheck ------------------------------------------------------------- */

static void test_batch(void) {
    vh_fixture fib, inter;
    fib_fixture(&fib, "fib/6", 6, 0, &P);
    vh_prove_builtin(&inter, "interactions", 0, 0, &P);
    CHECK(vh_fixture_ok(&fib) && vh_fixture_ok(&inter));
    expect_edit(&inter, "one trace fewer", E_ZC_NUM_TRACES, 0, 0, SWIRL_ZC_ERR_SHAPE, "batch constraint proof shape does not match");
    expect_edit(&fib, "one univariate coefficient fewer", E_ZC_NUM_UNIVARIATE, 0, 0, SWIRL_ZC_ERR_SHAPE,
                "batch constraint proof shape does not match");
    expect_edit(&fib, "one sumcheck round fewer", E_ZC_N_MAX, 0, 0, SWIRL_ZC_ERR_SHAPE, "batch constraint proof shape does not match");
    expect_edit(&fib, "round degree one lower", E_ZC_DEGREE, 0, 0, SWIRL_ZC_ERR_SHAPE, "batch constraint proof shape does not match");
    expect_edit(&fib, "one opened part fewer", E_ZC_PART_COUNT, 0, 0, SWIRL_ZC_ERR_SHAPE, "wrong number of opened parts");
    expect_edit(&fib, "one opening fewer", E_ZC_PART_LEN, 0, 0, SWIRL_ZC_ERR_SHAPE, "wrong number of openings");
    expect_edit(&inter, "sum_p + 1", E_ZC_SUM_P, 0, 0, SWIRL_ZC_ERR_GKR_NUMERATOR, "(GkrNumeratorMismatch)");
    expect_edit(&inter, "sum_q + 1", E_ZC_SUM_Q, 0, 0, SWIRL_ZC_ERR_GKR_DENOMINATOR, "(GkrDenominatorMismatch)");
    expect_edit(&fib, "sum_q + 1 without interactions", E_ZC_SUM_Q, 0, 0, SWIRL_ZC_ERR_GKR_DENOMINATOR,
                "(GkrDenominatorMismatch)");
    expect_edit(&fib, "univariate coefficient 0 + 1", E_ZC_UNIVARIATE, 0, 0, SWIRL_ZC_ERR_SUM_CLAIM, "(SumClaimMismatch)");
    expect_edit(&fib, "round 1 s(1) + 1", E_ZC_ROUND, 0, 0, SWIRL_ZC_ERR_INCONSISTENT, "(InconsistentClaims)");
    expect_edit(&fib, "opening 0 + 1", E_ZC_OPENING, 0, 0, SWIRL_ZC_ERR_INCONSISTENT, "(InconsistentClaims)");
    expect_edit(&inter, "opening 1 + 1", E_ZC_OPENING, 1, 0, SWIRL_ZC_ERR_INCONSISTENT, "(InconsistentClaims)");
    vh_free(&fib);
    vh_free(&inter);
}

/* ---- stacked reduction ---------------------------------------------------------------------- */

static void test_stacking(void) {
    vh_fixture fib, cached;
    fib_fixture(&fib, "fib/6", 6, 0, &P);
    vh_prove_builtin(&cached, "cached", 0, 0, &P);
    CHECK(vh_fixture_ok(&fib) && vh_fixture_ok(&cached));
    expect_edit(&fib, "one univariate coefficient fewer", E_SR_NUM_UNIVARIATE, 0, 0, SWIRL_SR_ERR_SHAPE,
                "proof shape does not match the parameters");
    expect_edit(&fib, "one round fewer", E_SR_N_STACK, 0, 0, SWIRL_SR_ERR_SHAPE, "proof shape does not match the parameters");
    expect_edit(&cached, "one commitment fewer", E_SR_NUM_COMMITS, 0, 0, SWIRL_SR_ERR_SHAPE,
                "proof shape does not match the parameters");
    expect_edit(&cached, "commitment 1 one opening fewer", E_SR_WIDTH, 1, 0, SWIRL_SR_ERR_SHAPE,
                "commitment 1 has 0 openings, expected 1");
    expect_edit(&fib, "univariate coefficient 0 + 1", E_SR_UNIVARIATE, 0, 0, SWIRL_SR_ERR_S0, "(S0Mismatch)");
    expect_edit(&fib, "round 1 s(1) + 1", E_SR_ROUND, 0, 0, SWIRL_SR_ERR_FINAL_SUM, "(FinalSumMismatch)");
    expect_edit(&fib, "stacked opening 0 + 1", E_SR_OPENING, 0, 0, SWIRL_SR_ERR_FINAL_SUM, "(FinalSumMismatch)");
    vh_free(&fib);
    vh_free(&cached);
}

/* ---- WHIR ----------------------------------------------------------------------------------- */

static void test_whir(void) {
    vh_fixture fib, pc;
    fib_fixture(&fib, "fib/6", 6, 0, &P);
    vh_prove_builtin(&pc, "preprocessed_cached", 4, 0, &P); /* commitments: main, preprocessed, 2 cached */
    CHECK(vh_fixture_ok(&fib) && vh_fixture_ok(&pc));
    const size_t R = P.whir.num_rounds;
    CHECK_MSG(R >= 2, "default params have %zu WHIR rounds", R);
    expect_edit(&fib, "last round dropped", E_W_DROP_ROUND, 0, 0, SWIRL_WHIR_ERR_SHAPE, "sumcheck rounds, expected");
    expect_edit(&pc, "one commitment fewer", E_W_NUM_COMMITS, 0, 0, SWIRL_WHIR_ERR_SHAPE, "commitments opened, expected 4");
    expect_edit(&fib, "one initial query fewer", E_W_NUM_QUERIES0, 0, 0, SWIRL_WHIR_ERR_SHAPE, "initial queries, expected");
    expect_edit(&fib, "initial Merkle depth - 1", E_W_DEPTH0, 0, 0, SWIRL_WHIR_ERR_SHAPE, "initial Merkle depth");
    expect_edit(&pc, "commitment 2 one column fewer", E_W_WIDTH, 2, 0, SWIRL_WHIR_ERR_SHAPE, "commitment 2 opened with width 0");
    expect_edit(&fib, "round 1 one query fewer", E_W_ROUND_QUERIES, 0, 0, SWIRL_WHIR_ERR_SHAPE, "round 1 has");
    expect_edit(&fib, "codeword Merkle depth - 1", E_W_DEPTH1, 0, 0, SWIRL_WHIR_ERR_SHAPE, "codeword Merkle depth");
    expect_edit(&fib, "final polynomial one coefficient fewer", E_W_FINAL_LEN, 0, 0, SWIRL_WHIR_ERR_FINAL_POLY_DEGREE,
                "final polynomial has");
    expect_edit(&fib, "mu PoW witness + 1", E_W_MU_POW, 0, 0, SWIRL_WHIR_ERR_MU_POW, "mu proof-of-work witness invalid");
    for (size_t i = 0; i < R * P.whir.k; i++) {
        char label[64], sub[64];
        snprintf(label, sizeof label, "folding PoW witness %zu + 1", i);
        snprintf(sub, sizeof sub, "folding proof-of-work witness %zu invalid", i);
        expect_edit(&fib, label, E_W_FOLD_POW, i, 0, SWIRL_WHIR_ERR_FOLDING_POW, sub);
    }
    for (size_t r = 0; r < R; r++) {
        char label[64], sub[80];
        snprintf(label, sizeof label, "query-phase PoW witness %zu + 1", r);
        snprintf(sub, sizeof sub, "query-phase proof-of-work witness of round %zu invalid", r);
        expect_edit(&fib, label, E_W_QUERY_POW, r, 0, SWIRL_WHIR_ERR_QUERY_POW, sub);
    }
    /* transcript-bound values: the next PoW check rejects */
    expect_edit(&fib, "sumcheck s(1) of round 0 + 1", E_W_SUMCHECK, 0, 0, SWIRL_WHIR_ERR_FOLDING_POW,
                "folding proof-of-work witness 0 invalid");
    expect_edit(&fib, "codeword commitment 1 changed", E_W_CW_COMMIT, 0, 0, SWIRL_WHIR_ERR_QUERY_POW,
                "query-phase proof-of-work witness of round 0 invalid");
    for (size_t r = 0; r + 1 < R; r++) {
        char label[64], sub[80];
        snprintf(label, sizeof label, "OOD value of round %zu + 1", r);
        snprintf(sub, sizeof sub, "query-phase proof-of-work witness of round %zu invalid", r);
        expect_edit(&fib, label, E_W_OOD, r, 0, SWIRL_WHIR_ERR_QUERY_POW, sub);
    }
    {
        char sub[80];
        snprintf(sub, sizeof sub, "query-phase proof-of-work witness of round %zu invalid", R - 1);
        expect_edit(&fib, "final polynomial coefficient 0 + 1", E_W_FINAL_POLY, 0, 0, SWIRL_WHIR_ERR_QUERY_POW, sub);
    }
    /* Merkle openings of every commitment (main, preprocessed, cached 0, cached 1) */
    for (size_t c = 0; c < 4; c++) {
        char label[64], sub[64];
        snprintf(sub, sizeof sub, "Merkle path of commitment %zu, query 0 invalid", c);
        snprintf(label, sizeof label, "commitment %zu opened row + 1", c);
        expect_edit(&pc, label, E_W_ROWS, c, 0, SWIRL_WHIR_ERR_MERKLE, sub);
        snprintf(label, sizeof label, "commitment %zu path + 1", c);
        expect_edit(&pc, label, E_W_PATH, c, 0, SWIRL_WHIR_ERR_MERKLE, sub);
    }
    for (size_t r = 1; r < R; r++) {
        char label[64], sub[64];
        snprintf(sub, sizeof sub, "Merkle path of round %zu, query 0 invalid", r);
        snprintf(label, sizeof label, "round %zu codeword value + 1", r);
        expect_edit(&fib, label, E_W_CW_VALUE, r, 0, SWIRL_WHIR_ERR_MERKLE, sub);
        snprintf(label, sizeof label, "round %zu codeword path + 1", r);
        expect_edit(&fib, label, E_W_CW_PATH, r, 0, SWIRL_WHIR_ERR_MERKLE, sub);
    }
    vh_free(&fib);
    vh_free(&pc);
}

/* ---- decode failures and arguments ---------------------------------------------------------- */

static void test_arguments(void) {
    vh_fixture fib;
    fib_fixture(&fib, "fib/3", 3, 0, &P);
    swirl_error e;
    memset(&e, 0, sizeof e);
    CHECK(swirl_verify(NULL, fib.proof, fib.len, &e) == SWIRL_ERR_INVALID_ARG && e.detail == 0);
    memset(&e, 0, sizeof e);
    CHECK(swirl_verify(fib.vk, NULL, 5, &e) == SWIRL_ERR_INVALID_ARG && e.detail == 0);
    memset(&e, 0, sizeof e);
    CHECK(swirl_verify(fib.vk, fib.proof, fib.len - 1, &e) == SWIRL_ERR_DECODE && e.detail == 0 &&
          strstr(e.message, "malformed") != NULL);
    vh_free(&fib);
}

/* The public numbering (swirl.h) is the one the stages use internally. */
static void test_detail_codes(void) {
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_WHIR_SHAPE, SWIRL_WHIR_ERR_SHAPE);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_WHIR_MU_POW, SWIRL_WHIR_ERR_MU_POW);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_WHIR_FOLDING_POW, SWIRL_WHIR_ERR_FOLDING_POW);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_WHIR_QUERY_POW, SWIRL_WHIR_ERR_QUERY_POW);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_WHIR_MERKLE, SWIRL_WHIR_ERR_MERKLE);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_WHIR_FINAL_POLY_DEGREE, SWIRL_WHIR_ERR_FINAL_POLY_DEGREE);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_WHIR_FINAL_POLY, SWIRL_WHIR_ERR_FINAL_POLY);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_GKR_ZERO_ROUND_VALUE, SWIRL_GKR_ERR_INVALID_ZERO_ROUND_VALUE);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_GKR_ZERO_CHECK, SWIRL_GKR_ERR_ZERO_CHECK);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_GKR_ROOT_CONSISTENCY, SWIRL_GKR_ERR_ROOT_CONSISTENCY);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_GKR_LAYER_CONSISTENCY, SWIRL_GKR_ERR_LAYER_CONSISTENCY);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_GKR_SHAPE, SWIRL_GKR_ERR_SHAPE);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_STACKING_S0, SWIRL_SR_ERR_S0);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_STACKING_FINAL_SUM, SWIRL_SR_ERR_FINAL_SUM);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_STACKING_SHAPE, SWIRL_SR_ERR_SHAPE);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_GKR_NUMERATOR, SWIRL_ZC_ERR_GKR_NUMERATOR);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_GKR_DENOMINATOR, SWIRL_ZC_ERR_GKR_DENOMINATOR);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_SUM_CLAIM, SWIRL_ZC_ERR_SUM_CLAIM);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_INCONSISTENT_CLAIMS, SWIRL_ZC_ERR_INCONSISTENT);
    CHECK_EQ_U64(SWIRL_VERIFY_ERR_BATCH_SHAPE, SWIRL_ZC_ERR_SHAPE);
}

int main(void) {
    CHECK(vh_params_strong(&P) == SWIRL_OK);
    test_detail_codes();
    test_preamble();
    test_log_height_boundary();
    test_required_by_key();
    test_trace_heights();
    test_trace_heights_overflow();
    test_stacked_width();
    test_gkr();
    test_batch();
    test_stacking();
    test_whir();
    test_arguments();
    return t_summary("test_verifier_checks");
}
