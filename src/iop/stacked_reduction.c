/* stacked_reduction.c — prover and verifier of the stacked opening reduction (iop.md §6.3–6.4).
 *
 * W_{c,k}(Z, Y) is evaluated through per-slice factors that separate Z from Y:
 *   n >= 0: E = eq_l(Z, r0) * eqY[y_low],  K = eq_l(Z, w r0) * eqY + eq_l(Z, 1) eq_l(w r0, 1) (rotY - eqY)
 *   n <  0: E = eq_ls(Z, r0'),             K = eq_ls(Z, w' r0')          (ls = l + n, r0' = r0^(2^-n))
 * times in_n(Z), and the chunk indicator eq(Y_high, b_s). Round 0 evaluates s_0 on the subgroup of
 * size 2^(l+1) (degree <= 2(2^l - 1)) and interpolates; rounds 1..n_stack are a degree-2 sumcheck of
 * per-column products of multilinear tables q(u0, y) and W(u0, y), folded after each round.
 * Straightforward cost O(2^(l+n_stack) * width * slices-per-chunk * 2^(l+1)); a separable
 * accumulation (per fixed Z-factor) is the planned optimisation. */
#include <stdlib.h>
#include <string.h>
#include "iop/stacked_reduction.h"
#include "poly/eq.h"
#include "util/error.h"

void swirl_stacking_proof_free(swirl_stacking_proof *p) {
    if (!p) return;
    free(p->univariate);
    free(p->rounds);
    free(p->widths);
    free(p->openings);
    memset(p, 0, sizeof *p);
}

typedef struct {
    int n;
    size_t ntil;     /* max(n, 0) */
    size_t chunk0;   /* first chunk index R_s >> l */
    ef_t lam_e, lam_k; /* lambda^(2i), need_rot ? lambda^(2i+1) : 0 */
    ef_t *eqY, *rotY; /* 2^ntil tables over y_low (n >= 0) */
} slice_pre;

/* Z-dependent factors of one slice at Z: returns in_n(Z) * [lam_e * E_Z + lam_k * K1_Z] as
 * (a, b, c) with W contribution = a * eqY + b * eqY + c * (rotY - eqY) ... folded into coefficients
 * of eqY and (rotY - eqY). */
static void z_factors(unsigned l, const slice_pre *s, ef_t Z, ef_t r0, ef_t *c_eq, ef_t *c_rot) {
    ef_t in = swirl_in_n(l, s->n, Z);
    if (s->n >= 0) {
        bb_t w = bb_two_adic_generator(l);
        ef_t wr0 = ef_mul_bb(r0, w);
        ef_t e = swirl_eq_uni(l, Z, r0);
        ef_t k1 = swirl_eq_uni(l, Z, wr0);
        ef_t k2 = ef_mul(swirl_eq_uni_one(l, Z), swirl_eq_uni_one(l, wr0));
        *c_eq = ef_mul(in, ef_add(ef_mul(s->lam_e, e), ef_mul(s->lam_k, k1)));
        *c_rot = s->n > 0 ? ef_mul(in, ef_mul(s->lam_k, k2)) : ef_zero();
    } else {
        unsigned ls = (unsigned)((int)l + s->n);
        ef_t r0p = r0;
        for (int i = 0; i < -s->n; i++) r0p = ef_sqr(r0p);
        ef_t e = swirl_eq_uni(ls, Z, r0p);
        ef_t k = swirl_eq_uni(ls, Z, ef_mul_bb(r0p, bb_two_adic_generator(ls)));
        *c_eq = ef_mul(in, ef_add(ef_mul(s->lam_e, e), ef_mul(s->lam_k, k)));
        *c_rot = ef_zero();
    }
}

static int precompute(const swirl_sr_slice *sl, size_t ns, unsigned l, ef_t lambda, const ef_t *r, slice_pre *pre) {
    ef_t lp = ef_one();
    for (size_t i = 0; i < ns; i++) {
        slice_pre *s = &pre[i];
        s->n = sl[i].n;
        s->ntil = sl[i].n > 0 ? (size_t)sl[i].n : 0;
        s->chunk0 = sl[i].row >> l;
        s->lam_e = lp;
        lp = ef_mul(lp, lambda);
        s->lam_k = sl[i].need_rot ? lp : ef_zero();
        lp = ef_mul(lp, lambda);
        size_t sz = (size_t)1 << s->ntil;
        s->eqY = malloc(sz * sizeof(ef_t));
        s->rotY = malloc(sz * sizeof(ef_t));
        if (!s->eqY || !s->rotY) return SWIRL_ERR_OUT_OF_MEMORY;
        swirl_eq_table(r + 1, s->ntil, s->eqY);
        for (size_t y = 0; y < sz; y++) {
            ef_t bits[32];
            for (size_t j = 0; j < s->ntil; j++) bits[j] = (y >> j) & 1 ? ef_one() : ef_zero();
            s->rotY[y] = ef_sub(swirl_rot_ml(bits, r + 1, s->ntil), s->eqY[y]);
        }
    }
    return SWIRL_OK;
}

static void free_pre(slice_pre *pre, size_t ns) {
    for (size_t i = 0; pre && i < ns; i++) { free(pre[i].eqY); free(pre[i].rotY); }
    free(pre);
}

static ef_t quad(ef_t e0, ef_t e1, ef_t e2, ef_t x) {
    ef_t d1 = ef_sub(e1, e0), d2 = ef_sub(e2, e1);
    ef_t a = ef_halve(ef_sub(d2, d1));
    ef_t b = ef_sub(d1, a);
    return ef_add(ef_mul(ef_add(ef_mul(a, x), b), x), e0);
}

int swirl_sr_prove(const swirl_system_params *p, swirl_transcript *tr, const bb_t *const *stacked, const size_t *widths,
                   size_t C, const swirl_sr_slice *sl, size_t ns, const ef_t *r, size_t n_max, swirl_pool *pool,
                   swirl_stacking_proof *out, ef_t *u) {
    (void)pool;
    (void)n_max;
    if (!p || !tr || !stacked || !widths || !sl || !r || !out || !u || p->l_skip > 10) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    const unsigned l = (unsigned)p->l_skip;
    const size_t n_stack = p->n_stack, H = (size_t)1 << (l + n_stack), ch = (size_t)1 << l, nchunks = H >> l;
    const size_t D2 = ch * 2, ncoef = 2 * (ch - 1) + 1;
    int rc = SWIRL_OK;
    ef_t lambda = swirl_tr_sample_ext(tr);
    slice_pre *pre = calloc(ns + 1, sizeof *pre);
    size_t W = 0;
    for (size_t c = 0; c < C; c++) W += widths[c];
    size_t *col_base = calloc(C + 1, sizeof *col_base);
    ef_t *evals = calloc(D2, sizeof *evals), *cz = calloc(D2 * (ns + 1), sizeof *cz), *crot = calloc(D2 * (ns + 1), sizeof *crot);
    ef_t *qt = malloc(W * nchunks * sizeof *qt + 16), *wt = calloc(W * nchunks + 1, sizeof *wt);
    out->univariate = calloc(ncoef, sizeof(ef_t));
    out->rounds = calloc(2 * n_stack + 1, sizeof(ef_t));
    out->widths = calloc(C + 1, sizeof(size_t));
    out->openings = calloc(W + 1, sizeof(ef_t));
    if (!pre || !col_base || !evals || !cz || !crot || !qt || !wt || !out->univariate || !out->rounds || !out->widths || !out->openings) {
        rc = SWIRL_ERR_OUT_OF_MEMORY;
        goto done;
    }
    if ((rc = precompute(sl, ns, l, lambda, r, pre)) != SWIRL_OK) goto done;
    out->num_univariate = ncoef;
    out->n_stack = n_stack;
    out->num_commits = C;
    for (size_t c = 0, acc = 0; c < C; c++) { out->widths[c] = widths[c]; col_base[c] = acc; acc += widths[c]; }
    /* ---- round 0: s_0 on the subgroup of size 2^(l+1) ---- */
    bb_t w2 = bb_two_adic_generator(l + 1), wl = bb_two_adic_generator(l);
    for (size_t t = 0; t < D2; t++) {
        ef_t Z = ef_from_bb(bb_pow(w2, t));
        for (size_t i = 0; i < ns; i++) z_factors(l, &pre[i], Z, r[0], &cz[i * D2 + t], &crot[i * D2 + t]);
    }
    {
        /* q-hat(Z_t, y) of a chunk: Lagrange on D at the 2^(l+1) points: weights L[t][z] */
        ef_t *Lw = malloc(D2 * ch * sizeof *Lw);
        if (!Lw) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
        for (size_t t = 0; t < D2; t++)
            for (size_t z = 0; z < ch; z++)
                Lw[t * ch + z] = swirl_eq_uni(l, ef_from_bb(bb_pow(w2, t)), ef_from_bb(bb_pow(wl, z)));
        for (size_t i = 0; i < ns; i++) {
            const slice_pre *s = &pre[i];
            const bb_t *col = stacked[sl[i].commit] + sl[i].col * H;
            size_t nch = (size_t)1 << s->ntil;
            for (size_t yl = 0; yl < nch; yl++) {
                const bb_t *chunk = col + (s->chunk0 + yl) * ch;
                ef_t ey = s->eqY[yl], ry = s->rotY[yl];
                for (size_t t = 0; t < D2; t++) {
                    ef_t q = ef_zero();
                    for (size_t z = 0; z < ch; z++) q = ef_add(q, ef_mul_bb(Lw[t * ch + z], chunk[z]));
                    ef_t wv = ef_add(ef_mul(cz[i * D2 + t], ey), ef_mul(crot[i * D2 + t], ry));
                    evals[t] = ef_add(evals[t], ef_mul(q, wv));
                }
            }
        }
        free(Lw);
    }
    {
        /* interpolate: coefficients c_k = 2^-(l+1) sum_t evals[t] w2^(-t k) */
        bb_t wi = bb_inv(w2), scale = bb_inv_pow2(l + 1);
        for (size_t k = 0; k < ncoef; k++) {
            ef_t acc = ef_zero();
            bb_t step = bb_pow(wi, k), x = 1;
            for (size_t t = 0; t < D2; t++) { acc = ef_add(acc, ef_mul_bb(evals[t], x)); x = bb_mul(x, step); }
            out->univariate[k] = ef_mul_bb(acc, scale);
        }
    }
    for (size_t k = 0; k < ncoef; k++) swirl_tr_observe_ext(tr, out->univariate[k]);
    u[0] = swirl_tr_sample_ext(tr);
    /* ---- tables at Z = u0 ---- */
    {
        ef_t L0[1024];
        for (size_t z = 0; z < ch; z++) L0[z] = swirl_eq_uni(l, u[0], ef_from_bb(bb_pow(wl, z)));
        for (size_t c = 0; c < C; c++)
            for (size_t k = 0; k < widths[c]; k++) {
                const bb_t *col = stacked[c] + k * H;
                ef_t *q = qt + (col_base[c] + k) * nchunks;
                for (size_t y = 0; y < nchunks; y++) {
                    ef_t acc = ef_zero();
                    for (size_t z = 0; z < ch; z++) acc = ef_add(acc, ef_mul_bb(L0[z], col[y * ch + z]));
                    q[y] = acc;
                }
            }
        for (size_t i = 0; i < ns; i++) {
            ef_t a, b;
            z_factors(l, &pre[i], u[0], r[0], &a, &b);
            ef_t *wcol = wt + (col_base[sl[i].commit] + sl[i].col) * nchunks;
            size_t nch = (size_t)1 << pre[i].ntil;
            for (size_t yl = 0; yl < nch; yl++)
                wcol[pre[i].chunk0 + yl] = ef_add(wcol[pre[i].chunk0 + yl], ef_add(ef_mul(a, pre[i].eqY[yl]), ef_mul(b, pre[i].rotY[yl])));
        }
    }
    /* ---- rounds 1..n_stack ---- */
    size_t len = nchunks;
    for (size_t j = 1; j <= n_stack; j++) {
        ef_t s1 = ef_zero(), s2 = ef_zero();
        for (size_t g = 0; g < W; g++) {
            const ef_t *q = qt + g * nchunks, *w = wt + g * nchunks;
            for (size_t y = 0; y < len / 2; y++) {
                ef_t q0 = q[2 * y], q1 = q[2 * y + 1], w0 = w[2 * y], w1 = w[2 * y + 1];
                s1 = ef_add(s1, ef_mul(q1, w1));
                s2 = ef_add(s2, ef_mul(ef_sub(ef_double(q1), q0), ef_sub(ef_double(w1), w0)));
            }
        }
        out->rounds[2 * (j - 1)] = s1;
        out->rounds[2 * (j - 1) + 1] = s2;
        swirl_tr_observe_ext(tr, s1);
        swirl_tr_observe_ext(tr, s2);
        u[j] = swirl_tr_sample_ext(tr);
        for (size_t g = 0; g < W; g++) {
            ef_t *q = qt + g * nchunks, *w = wt + g * nchunks;
            for (size_t y = 0; y < len / 2; y++) {
                q[y] = ef_add(q[2 * y], ef_mul(u[j], ef_sub(q[2 * y + 1], q[2 * y])));
                w[y] = ef_add(w[2 * y], ef_mul(u[j], ef_sub(w[2 * y + 1], w[2 * y])));
            }
        }
        len /= 2;
    }
    for (size_t g = 0; g < W; g++) {
        out->openings[g] = qt[g * nchunks];
        swirl_tr_observe_ext(tr, out->openings[g]);
    }
done:
    free_pre(pre, ns);
    free(col_base); free(evals); free(cz); free(crot); free(qt); free(wt);
    if (rc) swirl_stacking_proof_free(out);
    return rc;
}

#define SFAIL(code, ...) swirl_fail(err, SWIRL_ERR_VERIFY, (code), __VA_ARGS__)

int swirl_sr_verify(const swirl_system_params *p, swirl_transcript *tr, const size_t *widths, size_t C,
                    const swirl_sr_slice *sl, size_t ns, const ef_t *r, size_t n_max, const swirl_stacking_proof *pf,
                    ef_t *u, swirl_error *err) {
    (void)n_max;
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
    size_t *col_base = calloc(C + 1, sizeof *col_base);
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
    free(col_base);
    if (!ef_eq(total, claim)) return SFAIL(SWIRL_SR_ERR_FINAL_SUM, "stacked reduction: final sum mismatch (FinalSumMismatch)");
    return SWIRL_OK;
}
