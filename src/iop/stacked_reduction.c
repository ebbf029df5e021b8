/* stacked_reduction.c — prover and verifier of the stacked opening reduction (iop.md §6.3–6.4).
 *
 * W_{c,k}(Z, Y) is evaluated through per-slice factors that separate Z from Y:
 *   n >= 0: E = eq_l(Z, r0) * eqY[y_low],  K = eq_l(Z, w r0) * eqY + eq_l(Z, 1) eq_l(w r0, 1) (rotY - eqY)
 *   n <  0: E = eq_ls(Z, r0'),             K = eq_ls(Z, w' r0')          (ls = l + n, r0' = r0^(2^-n))
 * times in_n(Z), and the chunk indicator eq(Y_high, b_s). Round 0 evaluates s_0 on the subgroup of
 * size 2^(l+1) (degree <= 2(2^l - 1)) and interpolates; rounds 1..n_stack are a degree-2 sumcheck of
 * per-column products of multilinear tables q(u0, y) and W(u0, y), folded after each round.
 * Round 0 folds each slice's chunks with its Y-factors before the low-degree extension (the
 * extension is linear), so its cost is O(stacked cells) base-by-extension products; every phase
 * is split over the pool (slices, then stacked columns). */
#include <stdlib.h>
#include <string.h>
#include "iop/stacked_reduction.h"
#include "iop/sr_ops.h"
#include "poly/eq.h"
#include "util/error.h"
#include "util/alloc.h"
#include "util/check.h"
#include "util/spans.h"

void swirl_stacking_proof_free(swirl_stacking_proof *p) {
    if (!p) return;
    swirl_free(p->univariate);
    swirl_free(p->rounds);
    swirl_free(p->widths);
    swirl_free(p->openings);
    memset(p, 0, sizeof *p);
}

static ef_t quad(ef_t e0, ef_t e1, ef_t e2, ef_t x) {
    ef_t d1 = ef_sub(e1, e0), d2 = ef_sub(e2, e1);
    ef_t a = ef_halve(ef_sub(d2, d1));
    ef_t b = ef_sub(d1, a);
    return ef_add(ef_mul(ef_add(ef_mul(a, x), b), x), e0);
}

/* ---- prover: the protocol over a backend's operations (iop/sr_ops.h) --------------------------- */

static int proof_alloc(size_t ncoef, size_t n_stack, const size_t *widths, size_t C, size_t W,
                       swirl_stacking_proof *out) {
    out->univariate = swirl_calloc(ncoef, sizeof(ef_t));
    out->rounds = swirl_calloc(2 * n_stack + 1, sizeof(ef_t));
    out->widths = swirl_calloc(C + 1, sizeof(size_t));
    out->openings = swirl_calloc(W + 1, sizeof(ef_t));
    if (!out->univariate || !out->rounds || !out->widths || !out->openings) return SWIRL_ERR_OUT_OF_MEMORY;
    out->num_univariate = ncoef;
    out->n_stack = n_stack;
    out->num_commits = C;
    for (size_t c = 0; c < C; c++) out->widths[c] = widths[c];
    return SWIRL_OK;
}

/* Coefficients of s_0 (degree <= 2(2^l - 1)) from its values on the subgroup of size 2^(l+1):
 * c_k = 2^-(l+1) sum_t evals[t] w2^(-t k). */
static void interpolate_round0(unsigned l, const ef_t *evals, size_t ncoef, ef_t *coef) {
    const size_t D2 = (size_t)2 << l;
    const bb_t wi = bb_inv(bb_two_adic_generator(l + 1)), scale = bb_inv_pow2(l + 1);
    for (size_t k = 0; k < ncoef; k++) {
        ef_t acc = ef_zero();
        const bb_t step = bb_pow(wi, k);
        bb_t x = 1;
        for (size_t t = 0; t < D2; t++) {
            acc = ef_add(acc, ef_mul_bb(evals[t], x));
            x = bb_mul(x, step);
        }
        coef[k] = ef_mul_bb(acc, scale);
    }
}

typedef struct sr_run {
    const swirl_sr_ops *ops;
    swirl_sr_ws *ws;
    swirl_transcript *tr;
    swirl_stacking_proof *out;
    ef_t *u;
    swirl_spans *spans;
} sr_run;

static int sr_rounds(sr_run *run, unsigned l, size_t n_stack, const ef_t *r, ef_t *evals) {
    const size_t ncoef = 2 * (((size_t)1 << l) - 1) + 1;
    const ef_t lambda = swirl_tr_sample_ext(run->tr);
    swirl_span_enter(run->spans, "round0");
    int rc = run->ops->round0(run->ws, lambda, r, evals);
    swirl_span_exit(run->spans);
    if (rc) return rc;
    SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(evals, (size_t)2 << l)); /* what a backend returns */
    interpolate_round0(l, evals, ncoef, run->out->univariate);
    for (size_t k = 0; k < ncoef; k++) swirl_tr_observe_ext(run->tr, run->out->univariate[k]);
    run->u[0] = swirl_tr_sample_ext(run->tr);
    swirl_span_enter(run->spans, "rounds");
    rc = run->ops->tables(run->ws, run->u[0], r[0]);
    size_t len = (size_t)1 << n_stack;
    for (size_t j = 1; rc == SWIRL_OK && j <= n_stack; j++) {
        ef_t s1, s2;
        rc = run->ops->round(run->ws, len, &s1, &s2);
        if (rc) break;
        SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(&s1, 1) && SWIRL_EF_CANONICAL(&s2, 1));
        run->out->rounds[2 * (j - 1)] = s1;
        run->out->rounds[2 * (j - 1) + 1] = s2;
        swirl_tr_observe_ext(run->tr, s1);
        swirl_tr_observe_ext(run->tr, s2);
        run->u[j] = swirl_tr_sample_ext(run->tr);
        rc = run->ops->fold(run->ws, len, run->u[j]);
        len /= 2;
    }
    swirl_span_exit(run->spans);
    return rc;
}

int swirl_sr_prove_on(const swirl_system_params *p, swirl_transcript *tr, const swirl_sr_shape *shape,
                      const ef_t *r, const swirl_sr_backend *be, swirl_stacking_proof *out, ef_t *u, swirl_spans *spans) {
    if (!p || !tr || !shape || !r || !be || !be->ops || !out || !u || p->l_skip > 10) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    /* the slice tables read r_1 .. r_ñ: a slice taller than the sumcheck's point is a caller bug */
    for (size_t i = 0; i < shape->num_slices; i++)
        if (shape->slices[i].n > 0 && (size_t)shape->slices[i].n > shape->n_max) return SWIRL_ERR_INVALID_ARG;
    const unsigned l = (unsigned)p->l_skip;
    const size_t ncoef = 2 * (((size_t)1 << l) - 1) + 1;
    ef_t *evals = swirl_alloc_array((size_t)2 << l, sizeof(ef_t));
    int rc = evals ? proof_alloc(ncoef, p->n_stack, shape->widths, shape->num_commits, shape->total_width, out)
                   : SWIRL_ERR_OUT_OF_MEMORY;
    sr_run run = {be->ops, NULL, tr, out, u, spans};
    if (rc == SWIRL_OK) {
        swirl_span_enter(spans, "create");
        rc = be->ops->create(be->ops_ctx, shape, &run.ws);
        swirl_span_exit(spans);
    }
    if (rc == SWIRL_OK) rc = sr_rounds(&run, l, p->n_stack, r, evals);
    if (rc == SWIRL_OK) {
        swirl_span_enter(spans, "openings");
        rc = be->ops->openings(run.ws, out->openings);
        swirl_span_exit(spans);
    }
    SWIRL_VERIFY_CHECK(rc != SWIRL_OK || SWIRL_EF_CANONICAL(out->openings, shape->total_width));
    if (rc == SWIRL_OK)
        for (size_t g = 0; g < shape->total_width; g++) swirl_tr_observe_ext(tr, out->openings[g]);
    if (run.ws) be->ops->destroy(run.ws);
    swirl_free(evals);
    if (rc) swirl_stacking_proof_free(out);
    return rc;
}

int swirl_sr_prove(const swirl_system_params *p, swirl_transcript *tr, const bb_t *const *stacked, const size_t *widths,
                   size_t C, const swirl_sr_slice *sl, size_t ns, const ef_t *r, size_t n_max, swirl_pool *pool,
                   swirl_stacking_proof *out, ef_t *u) {
    if (!p || !stacked || !widths || (ns && !sl)) return SWIRL_ERR_INVALID_ARG;
    size_t W = 0;
    for (size_t c = 0; c < C; c++) W += widths[c];
    swirl_sr_shape shape = {(unsigned)p->l_skip, p->n_stack, C, widths, W, sl, ns, n_max, stacked, NULL};
    swirl_sr_backend be = {swirl_sr_cpu_ops(), pool};
    return swirl_sr_prove_on(p, tr, &shape, r, &be, out, u, NULL);
}

#define SFAIL(code, ...) swirl_fail(err, SWIRL_ERR_VERIFY, (code), __VA_ARGS__)

int swirl_sr_verify(const swirl_system_params *p, swirl_transcript *tr, const size_t *widths, size_t C,
                    const swirl_sr_slice *sl, size_t ns, const ef_t *r, size_t n_max, const swirl_stacking_proof *pf,
                    ef_t *u, swirl_error *err) {
    if (!p || !tr || !widths || !sl || !r || !pf || !u || p->l_skip > 10) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "stacked reduction: bad arguments");
    const unsigned l = (unsigned)p->l_skip;
    const size_t n_stack = p->n_stack, ch = (size_t)1 << l, ncoef = 2 * (ch - 1) + 1;
    size_t W = 0;
    for (size_t c = 0; c < C; c++) W += widths[c];
    if (pf->num_univariate != ncoef || pf->n_stack != n_stack || pf->num_commits != C)
        return SFAIL(SWIRL_SR_ERR_SHAPE, "stacked reduction: proof shape does not match the parameters");
    for (size_t c = 0; c < C; c++)
        if (pf->widths[c] != widths[c]) return SFAIL(SWIRL_SR_ERR_SHAPE, "stacked reduction: commitment %zu has %zu openings, expected %zu", c, pf->widths[c], widths[c]);
    ef_t lambda = swirl_tr_sample_ext(tr);
    /* S0: |D| * sum_{k = 0 mod 2^l} b_k == sum_i lambda^(2i) (t_i + lambda t_i^rot) */
    ef_t lhs = ef_zero(), rhs = ef_zero(), lp = ef_one();
    for (size_t k = 0; k < ncoef; k += ch) lhs = ef_add(lhs, pf->univariate[k]);
    lhs = ef_mul_bb(lhs, (bb_t)ch);
    for (size_t i = 0; i < ns; i++) {
        rhs = ef_add(rhs, ef_mul(lp, ef_add(sl[i].claim, ef_mul(lambda, sl[i].claim_rot))));
        lp = ef_mul(ef_sqr(lambda), lp);
    }
    if (!ef_eq(lhs, rhs)) return SFAIL(SWIRL_SR_ERR_S0, "stacked reduction: round-0 sum does not match the claims (S0Mismatch)");
    for (size_t k = 0; k < ncoef; k++) swirl_tr_observe_ext(tr, pf->univariate[k]);
    u[0] = swirl_tr_sample_ext(tr);
    ef_t claim = ef_zero();
    for (size_t k = ncoef; k-- > 0;) claim = ef_add(ef_mul(claim, u[0]), pf->univariate[k]);
    for (size_t j = 1; j <= n_stack; j++) {
        ef_t e1 = pf->rounds[2 * (j - 1)], e2 = pf->rounds[2 * (j - 1) + 1];
        swirl_tr_observe_ext(tr, e1);
        swirl_tr_observe_ext(tr, e2);
        u[j] = swirl_tr_sample_ext(tr);
        claim = quad(ef_sub(claim, e1), e1, e2, u[j]);
    }
    for (size_t g = 0; g < W; g++) swirl_tr_observe_ext(tr, pf->openings[g]);
    /* final: claim == sum_slices opening(col) * W-term(u) */
    size_t *col_base = swirl_calloc(C + 1, sizeof *col_base);
    if (!col_base) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory");
    for (size_t c = 0, acc = 0; c < C; c++) { col_base[c] = acc; acc += widths[c]; }
    ef_t total = ef_zero();
    lp = ef_one();
    bb_t wl = bb_two_adic_generator(l);
    for (size_t i = 0; i < ns; i++) {
        const swirl_sr_slice *s = &sl[i];
        ef_t le = lp, lk = s->need_rot ? ef_mul(lp, lambda) : ef_zero();
        lp = ef_mul(lp, ef_sqr(lambda));
        size_t nt = s->n > 0 ? (size_t)s->n : 0;
        /* r has n_max + 1 entries and u has n_stack + 1: the verifier's slices come from traces
         * of height at most 2^(l + n_max) <= 2^(l + n_stack) */
        SWIRL_VERIFY_CHECK(nt <= n_max && nt <= n_stack);
        /* eq(u_{nt+1..n_stack}, b_s), b_s = bits of R_s >> (l + nt) */
        size_t b = s->row >> (l + nt);
        ef_t eb = ef_one();
        for (size_t j = nt + 1; j <= n_stack; j++) {
            ef_t uj = u[j];
            eb = ef_mul(eb, (b >> (j - nt - 1)) & 1 ? uj : ef_sub(ef_one(), uj));
        }
        ef_t in = swirl_in_n(l, s->n, u[0]), term;
        if (s->n >= 0) {
            ef_t E = ef_mul(swirl_eq_uni(l, u[0], r[0]), swirl_eq_ml(u + 1, r + 1, nt));
            ef_t K = swirl_kappa_rot(l, u, r, nt);
            term = ef_add(ef_mul(le, E), ef_mul(lk, K));
        } else {
            unsigned ls = (unsigned)((int)l + s->n);
            ef_t r0p = r[0];
            for (int q = 0; q < -s->n; q++) r0p = ef_sqr(r0p);
            ef_t E = swirl_eq_uni(ls, u[0], r0p);
            ef_t K = swirl_eq_uni(ls, u[0], ef_mul_bb(r0p, bb_two_adic_generator(ls)));
            term = ef_add(ef_mul(le, E), ef_mul(lk, K));
        }
        (void)wl;
        total = ef_add(total, ef_mul(pf->openings[col_base[s->commit] + s->col], ef_mul(eb, ef_mul(in, term))));
    }
    swirl_free(col_base);
    if (!ef_eq(total, claim)) return SFAIL(SWIRL_SR_ERR_FINAL_SUM, "stacked reduction: final sum mismatch (FinalSumMismatch)");
    return SWIRL_OK;
}
