/* gkr.c — GKR fractional sumcheck prover and verifier (iop.md §4.4–4.7).
 *
 * Prover layout: all tree layers are kept (layer j has 2^j nodes) in one EF buffer per p and q,
 * built bottom-up by a parallel combine. Each layer's sumcheck works on five tables of 2^(j-1)
 * values (p(0,y), p(1,y), q(0,y), q(1,y), eq(ξ, y)) folded in place after every round; the
 * round polynomial is evaluated at X = 1, 2, 3 by a parallel reduction with per-worker partials.
 * All scratch is allocated once before the first layer. */
#include <stdlib.h>
#include <string.h>
#include "iop/gkr.h"
#include "util/bigalloc.h"
#include "util/check.h"
#include "util/error.h"

/* Layers of the tree: L = l_skip + n_logup = bit length of the total interaction count (iop.md
 * §4.3). The trace-height constraint on the total (threshold max_interaction_count, a u32 as in
 * the reference; keygen always emits it, and the prover and the verifier both check it) keeps
 * the total below 2^32, so L <= 32. The prover, the verifier and the decoder accept exactly
 * that range; every per-layer buffer is sized from L. */
#define GKR_MAX_LAYERS 32u

void swirl_gkr_proof_free(swirl_gkr_proof *p) {
    if (!p) return;
    swirl_free(p->claims);
    swirl_free(p->sumcheck);
    memset(p, 0, sizeof *p);
}

size_t swirl_gkr_sumcheck_offset(size_t j) {
    /* layers 2..j-1 contribute (1 + 2 + ... + (j-2)) rounds of 3 values */
    return j < 2 ? 0 : 3 * ((j - 2) * (j - 1) / 2);
}

typedef struct { const ef_t *cp, *cq; ef_t *np, *nq; } comb_job;
static void comb_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const comb_job *j = vp;
    for (size_t x = b; x < e; x++) {
        ef_t p0 = j->cp[2 * x], p1 = j->cp[2 * x + 1], q0 = j->cq[2 * x], q1 = j->cq[2 * x + 1];
        j->np[x] = ef_add(ef_mul(p0, q1), ef_mul(p1, q0));
        j->nq[x] = ef_mul(q0, q1);
    }
}

typedef struct { ef_t *a0, *a1, *b0, *b1, *e; ef_t lambda; ef_t *partial; } round_job;
static void round_body(void *vp, size_t b, size_t en, unsigned w) {
    const round_job *j = vp;
    ef_t acc[3] = {ef_zero(), ef_zero(), ef_zero()};
    for (size_t i = b; i < en; i++) {
        ef_t va[5][2];
        const ef_t *t[5] = {j->a0, j->a1, j->b0, j->b1, j->e};
        for (int k = 0; k < 5; k++) { va[k][0] = t[k][2 * i]; va[k][1] = ef_sub(t[k][2 * i + 1], t[k][2 * i]); }
        for (int X = 1; X <= 3; X++) {
            ef_t v[5];
            for (int k = 0; k < 5; k++) v[k] = ef_add(va[k][0], ef_mul_bb(va[k][1], (bb_t)X));
            ef_t f = ef_add(ef_add(ef_mul(v[0], v[3]), ef_mul(v[1], v[2])), ef_mul(j->lambda, ef_mul(v[2], v[3])));
            acc[X - 1] = ef_add(acc[X - 1], ef_mul(v[4], f));
        }
    }
    for (int X = 0; X < 3; X++) j->partial[3 * w + (unsigned)X] = ef_add(j->partial[3 * w + (unsigned)X], acc[X]);
}

typedef struct { ef_t *t[5]; ef_t r; } fold_job;
static void fold_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const fold_job *j = vp;
    for (int k = 0; k < 5; k++) {
        ef_t *t = j->t[k];
        /* in place: called on the whole range by one thread, ascending i reads 2i, 2i+1 >= i
         * before anything overwrites them */
        for (size_t i = b; i < e; i++) t[i] = ef_add(t[2 * i], ef_mul(j->r, ef_sub(t[2 * i + 1], t[2 * i])));
    }
}

int swirl_gkr_prove(swirl_transcript *tr, const ef_t *p, const ef_t *q, unsigned L, swirl_pool *pool,
                    swirl_gkr_proof *out, ef_t *xi_out) {
    if (!tr || !p || !q || !out || !xi_out || L == 0 || L > GKR_MAX_LAYERS) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    size_t N = (size_t)1 << L;
    /* layers[j] at offset 2^j: total 2^(L+1) */
    ef_t *P = swirl_big_alloc(2 * N * sizeof *P, 0), *Q = swirl_big_alloc(2 * N * sizeof *Q, 0);
    size_t half = N / 2;
    ef_t *tab = swirl_big_alloc(5 * (half ? half : 1) * sizeof *tab, 0);
    unsigned nw = swirl_pool_size(pool);
    ef_t *partial = swirl_alloc_array(3 * (size_t)nw, sizeof *partial);
    ef_t *rho = swirl_alloc_array(L, sizeof *rho); /* one layer's sumcheck point: j - 1 <= L - 1 values */
    out->claims = swirl_calloc(L, sizeof *out->claims);
    out->sumcheck = swirl_calloc(swirl_gkr_sumcheck_offset(L + 1) + 1, sizeof *out->sumcheck);
    if (!P || !Q || !tab || !partial || !rho || !out->claims || !out->sumcheck) {
        swirl_free(P); swirl_free(Q); swirl_free(tab); swirl_free(partial); swirl_free(rho); swirl_gkr_proof_free(out);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    out->num_layers = L;
    memcpy(P + N, p, N * sizeof *P);
    memcpy(Q + N, q, N * sizeof *Q);
    for (unsigned j = L; j >= 1; j--) {
        size_t n = (size_t)1 << (j - 1);
        comb_job cj = {P + 2 * n, Q + 2 * n, P + n, Q + n};
        swirl_pool_for(pool, n, 4096, comb_body, &cj);
    }
    int rc = SWIRL_OK;
    if (!ef_is_zero(P[1])) { rc = SWIRL_ERR_TRACE; goto done; }
    out->q0_claim = Q[1];
    swirl_tr_observe_ext(tr, out->q0_claim);
    /* layer 1: the root's children, at offset 2 */
    {
        swirl_gkr_layer_claims *c = &out->claims[0];
        c->p0 = P[2]; c->q0 = Q[2]; c->p1 = P[3]; c->q1 = Q[3];
        swirl_tr_observe_ext(tr, c->p0); swirl_tr_observe_ext(tr, c->q0);
        swirl_tr_observe_ext(tr, c->p1); swirl_tr_observe_ext(tr, c->q1);
        xi_out[0] = swirl_tr_sample_ext(tr);
    }
    for (unsigned j = 2; j <= L; j++) {
        size_t m = (size_t)1 << (j - 1); /* table length */
        ef_t lambda = swirl_tr_sample_ext(tr);
        ef_t *a0 = tab, *a1 = tab + half, *b0 = tab + 2 * half, *b1 = tab + 3 * half, *e = tab + 4 * half;
        const ef_t *lp = P + ((size_t)1 << j), *lq = Q + ((size_t)1 << j);
        for (size_t y = 0; y < m; y++) { a0[y] = lp[2 * y]; a1[y] = lp[2 * y + 1]; b0[y] = lq[2 * y]; b1[y] = lq[2 * y + 1]; }
        /* eq table of ξ^(j-1) (j-1 variables, variable i <-> bit i) */
        e[0] = ef_one();
        for (unsigned i = 0; i < j - 1; i++) {
            size_t h = (size_t)1 << i;
            ef_t om = ef_sub(ef_one(), xi_out[i]);
            for (size_t k = h; k-- > 0;) { e[k + h] = ef_mul(e[k], xi_out[i]); e[k] = ef_mul(e[k], om); }
        }
        ef_t *sc = out->sumcheck + swirl_gkr_sumcheck_offset(j);
        size_t len = m;
        for (unsigned t = 0; t + 1 < j; t++) {
            SWIRL_VERIFY_CHECK(t < L);
            for (unsigned i = 0; i < 3 * nw; i++) partial[i] = ef_zero();
            round_job rj = {a0, a1, b0, b1, e, lambda, partial};
            swirl_pool_for(pool, len / 2, 2048, round_body, &rj);
            ef_t s[3] = {ef_zero(), ef_zero(), ef_zero()};
            for (unsigned w = 0; w < nw; w++)
                for (int X = 0; X < 3; X++) s[X] = ef_add(s[X], partial[3 * w + (unsigned)X]);
            for (int X = 0; X < 3; X++) { sc[3 * t + (unsigned)X] = s[X]; swirl_tr_observe_ext(tr, s[X]); }
            rho[t] = swirl_tr_sample_ext(tr);
            /* fold serially per table (in place, i ascending reads 2i >= i: safe single-threaded) */
            fold_job fj = {{a0, a1, b0, b1, e}, rho[t]};
            fold_body(&fj, 0, len / 2, 0);
            len /= 2;
        }
        swirl_gkr_layer_claims *c = &out->claims[j - 1];
        c->p0 = a0[0]; c->p1 = a1[0]; c->q0 = b0[0]; c->q1 = b1[0];
        swirl_tr_observe_ext(tr, c->p0); swirl_tr_observe_ext(tr, c->q0);
        swirl_tr_observe_ext(tr, c->p1); swirl_tr_observe_ext(tr, c->q1);
        ef_t mu = swirl_tr_sample_ext(tr);
        /* ξ^(j) = (μ_j, ρ_0, ..., ρ_{j-2}) */
        for (unsigned i = j - 1; i >= 1; i--) xi_out[i] = rho[i - 1];
        xi_out[0] = mu;
    }
done:
    swirl_free(P); swirl_free(Q); swirl_free(tab); swirl_free(partial); swirl_free(rho);
    if (rc) swirl_gkr_proof_free(out);
    else SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(out->claims, 4 * (size_t)L) && SWIRL_EF_CANONICAL(xi_out, L));
    return rc;
}

#define GFAIL(code, ...) swirl_fail(err, SWIRL_ERR_VERIFY, (code), __VA_ARGS__)

static ef_t lin(ef_t a, ef_t b, ef_t mu) { return ef_add(a, ef_mul(mu, ef_sub(b, a))); }

/* cubic through (0,e0), (1,e1), (2,e2), (3,e3) at x (Lagrange on 0..3) */
static ef_t cubic_interp(const ef_t e[4], ef_t x) {
    ef_t r = ef_zero();
    for (int i = 0; i < 4; i++) {
        ef_t num = ef_one();
        bb_t den = 1;
        for (int k = 0; k < 4; k++) {
            if (k == i) continue;
            num = ef_mul(num, ef_sub_bb(x, (bb_t)k));
            den = bb_mul(den, bb_sub((bb_t)i, (bb_t)k));
        }
        r = ef_add(r, ef_mul(e[i], ef_mul_bb(num, bb_inv(den))));
    }
    return r;
}

int swirl_gkr_verify_empty(const swirl_gkr_proof *pf, swirl_error *err) {
    if (!pf) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "gkr: null proof");
    if (!ef_eq(pf->q0_claim, ef_one()))
        return GFAIL(SWIRL_GKR_ERR_INVALID_ZERO_ROUND_VALUE, "gkr: no interactions but q0_claim != 1 (InvalidZeroRoundValue)");
    if (pf->num_layers != 0) return GFAIL(SWIRL_GKR_ERR_SHAPE, "gkr: layers present without interactions");
    return SWIRL_OK;
}

static int gkr_verify_layers(swirl_transcript *tr, const swirl_gkr_proof *pf, unsigned L, ef_t *rho, ef_t *Pout, ef_t *Qout,
                             ef_t *xi, swirl_error *err);

int swirl_gkr_verify(swirl_transcript *tr, const swirl_gkr_proof *pf, unsigned L, ef_t *Pout, ef_t *Qout, ef_t *xi,
                     swirl_error *err) {
    if (!tr || !pf || !Pout || !Qout || !xi || L == 0 || L > GKR_MAX_LAYERS) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "gkr: bad arguments");
    if (pf->num_layers != L || !pf->claims || (L > 1 && !pf->sumcheck))
        return GFAIL(SWIRL_GKR_ERR_SHAPE, "gkr: %zu layers, expected %u", pf->num_layers, L);
    ef_t *rho = swirl_alloc_array(L, sizeof *rho); /* one layer's sumcheck point: j - 1 <= L - 1 values */
    if (!rho) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "gkr verify: out of memory");
    int rc = gkr_verify_layers(tr, pf, L, rho, Pout, Qout, xi, err);
    swirl_free(rho);
    return rc;
}

/* the layers of swirl_gkr_verify (shape already checked); rho: L scratch values */
static int gkr_verify_layers(swirl_transcript *tr, const swirl_gkr_proof *pf, unsigned L, ef_t *rho, ef_t *Pout, ef_t *Qout,
                             ef_t *xi, swirl_error *err) {
    swirl_tr_observe_ext(tr, pf->q0_claim);
    const swirl_gkr_layer_claims *c = &pf->claims[0];
    swirl_tr_observe_ext(tr, c->p0); swirl_tr_observe_ext(tr, c->q0);
    swirl_tr_observe_ext(tr, c->p1); swirl_tr_observe_ext(tr, c->q1);
    if (!ef_is_zero(ef_add(ef_mul(c->p0, c->q1), ef_mul(c->p1, c->q0))))
        return GFAIL(SWIRL_GKR_ERR_ZERO_CHECK, "gkr: root numerator is not zero (ZeroCheckFailed)");
    if (!ef_eq(ef_mul(c->q0, c->q1), pf->q0_claim))
        return GFAIL(SWIRL_GKR_ERR_ROOT_CONSISTENCY, "gkr: q0 * q1 != q0_claim (RootConsistencyCheckFailed)");
    ef_t mu = swirl_tr_sample_ext(tr);
    ef_t P = lin(c->p0, c->p1, mu), Q = lin(c->q0, c->q1, mu);
    xi[0] = mu;
    for (unsigned j = 2; j <= L; j++) {
        ef_t lambda = swirl_tr_sample_ext(tr);
        ef_t claim = ef_add(P, ef_mul(lambda, Q));
        ef_t e = ef_one();
        const ef_t *sc = pf->sumcheck + swirl_gkr_sumcheck_offset(j);
        for (unsigned t = 0; t + 1 < j; t++) {
            SWIRL_VERIFY_CHECK(t < L);
            ef_t ev[4];
            ev[1] = sc[3 * t]; ev[2] = sc[3 * t + 1]; ev[3] = sc[3 * t + 2];
            swirl_tr_observe_ext(tr, ev[1]); swirl_tr_observe_ext(tr, ev[2]); swirl_tr_observe_ext(tr, ev[3]);
            rho[t] = swirl_tr_sample_ext(tr);
            ev[0] = ef_sub(claim, ev[1]);
            claim = cubic_interp(ev, rho[t]);
            ef_t x = xi[t], r = rho[t];
            e = ef_mul(e, ef_add(ef_mul(x, r), ef_mul(ef_sub(ef_one(), x), ef_sub(ef_one(), r))));
        }
        c = &pf->claims[j - 1];
        swirl_tr_observe_ext(tr, c->p0); swirl_tr_observe_ext(tr, c->q0);
        swirl_tr_observe_ext(tr, c->p1); swirl_tr_observe_ext(tr, c->q1);
        ef_t lhs = ef_add(ef_add(ef_mul(c->p0, c->q1), ef_mul(c->p1, c->q0)), ef_mul(lambda, ef_mul(c->q0, c->q1)));
        if (!ef_eq(ef_mul(lhs, e), claim))
            return GFAIL(SWIRL_GKR_ERR_LAYER_CONSISTENCY, "gkr: layer %u claims inconsistent (LayerConsistencyCheckFailed)", j);
        mu = swirl_tr_sample_ext(tr);
        P = lin(c->p0, c->p1, mu);
        Q = lin(c->q0, c->q1, mu);
        for (unsigned i = j - 1; i >= 1; i--) xi[i] = rho[i - 1];
        xi[0] = mu;
    }
    *Pout = P;
    *Qout = Q;
    return SWIRL_OK;
}

int swirl_gkr_proof_encode(const swirl_gkr_proof *p, swirl_writer *w) {
    if (!p || !w) return SWIRL_ERR_INVALID_ARG;
    swirl_put_ef(w, p->q0_claim);
    swirl_put_usize(w, p->num_layers);
    for (size_t k = 0; k < p->num_layers; k++) {
        swirl_put_ef(w, p->claims[k].p0); swirl_put_ef(w, p->claims[k].p1);
        swirl_put_ef(w, p->claims[k].q0); swirl_put_ef(w, p->claims[k].q1);
    }
    size_t n = p->num_layers >= 2 ? swirl_gkr_sumcheck_offset(p->num_layers + 1) : 0;
    for (size_t i = 0; i < n; i++) swirl_put_ef(w, p->sumcheck[i]);
    return w->oom ? SWIRL_ERR_OUT_OF_MEMORY : SWIRL_OK;
}

int swirl_gkr_proof_decode(swirl_reader *r, swirl_gkr_proof *out) {
    if (!r || !out) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    size_t L;
    if (!swirl_get_ef(r, &out->q0_claim) || !swirl_get_len(r, 64, &L) || L > GKR_MAX_LAYERS) return SWIRL_ERR_DECODE;
    out->num_layers = L;
    size_t n = L >= 2 ? swirl_gkr_sumcheck_offset(L + 1) : 0;
    if (n > swirl_reader_left(r) / 16) return SWIRL_ERR_DECODE;
    out->claims = swirl_calloc(L + 1, sizeof *out->claims);
    out->sumcheck = swirl_calloc(n + 1, sizeof *out->sumcheck);
    if (!out->claims || !out->sumcheck) { swirl_gkr_proof_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t k = 0; k < L; k++)
        if (!swirl_get_ef(r, &out->claims[k].p0) || !swirl_get_ef(r, &out->claims[k].p1) ||
            !swirl_get_ef(r, &out->claims[k].q0) || !swirl_get_ef(r, &out->claims[k].q1)) {
            swirl_gkr_proof_free(out);
            return SWIRL_ERR_DECODE;
        }
    for (size_t i = 0; i < n; i++)
        if (!swirl_get_ef(r, &out->sumcheck[i])) { swirl_gkr_proof_free(out); return SWIRL_ERR_DECODE; }
    return SWIRL_OK;
}
