/* gkr.c — GKR fractional sumcheck prover and verifier (iop.md §4.4–4.7).
 *
 * The prover's protocol (every observe and sample) is written here once; the computations
 * between two transcript events are a backend's operation table (iop/gkr_ops.h: the leaves, the
 * fraction tree, one layer's tables, the rounds, the folds, the claims), the CPU one in
 * src/backend/cpu/gkr_cpu.c, the CUDA one in src/backend/cuda/gkr_cuda.c. */
#include <stdlib.h>
#include <string.h>
#include "iop/gkr.h"
#include "iop/gkr_ops.h"
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

/* The observations of one layer's four claims (p0, q0, p1, q1: the reference's order). */
static void observe_claims(swirl_transcript *tr, const swirl_gkr_layer_claims *c) {
    swirl_tr_observe_ext(tr, c->p0); swirl_tr_observe_ext(tr, c->q0);
    swirl_tr_observe_ext(tr, c->p1); swirl_tr_observe_ext(tr, c->q1);
}

/* The protocol from the leaves in ws: every observe and sample of the prover. rho: L values. */
static int prove_layers(swirl_transcript *tr, const swirl_gkr_ops *ops, swirl_gkr_ws *ws, unsigned L, ef_t *rho,
                        swirl_gkr_proof *out, ef_t *xi_out) {
    ef_t root[2];
    int rc = ops->tree(ws, root);
    if (rc) return rc;
    if (!ef_is_zero(root[0])) return SWIRL_ERR_TRACE; /* NonZeroRootSum */
    out->q0_claim = root[1];
    swirl_tr_observe_ext(tr, out->q0_claim);
    /* layer 1: the root's children */
    rc = ops->root_children(ws, &out->claims[0]);
    if (rc) return rc;
    observe_claims(tr, &out->claims[0]);
    xi_out[0] = swirl_tr_sample_ext(tr);
    for (unsigned j = 2; j <= L; j++) {
        ef_t lambda = swirl_tr_sample_ext(tr);
        rc = ops->layer(ws, j, xi_out);
        if (rc) return rc;
        ef_t *sc = out->sumcheck + swirl_gkr_sumcheck_offset(j);
        size_t len = (size_t)1 << (j - 1); /* table length */
        for (unsigned t = 0; t + 1 < j; t++) {
            SWIRL_VERIFY_CHECK(t < L);
            ef_t s[3];
            rc = ops->round(ws, len, lambda, s);
            if (rc) return rc;
            for (int X = 0; X < 3; X++) { sc[3 * t + (unsigned)X] = s[X]; swirl_tr_observe_ext(tr, s[X]); }
            rho[t] = swirl_tr_sample_ext(tr);
            rc = ops->fold(ws, len, rho[t]);
            if (rc) return rc;
            len /= 2;
        }
        swirl_gkr_layer_claims *c = &out->claims[j - 1];
        rc = ops->claims(ws, c);
        if (rc) return rc;
        observe_claims(tr, c);
        ef_t mu = swirl_tr_sample_ext(tr);
        /* xi^(j) = (mu_j, rho_0, ..., rho_{j-2}) */
        for (unsigned i = j - 1; i >= 1; i--) xi_out[i] = rho[i - 1];
        xi_out[0] = mu;
    }
    return SWIRL_OK;
}

/* Create the workspace, fill the leaves (from traces when `in`, else from p, q), run the
 * protocol. */
static int prove_on(swirl_transcript *tr, const swirl_gkr_backend *be, const swirl_gkr_leaves_input *in, const ef_t *p,
                    const ef_t *q, unsigned L, swirl_gkr_proof *out, ef_t *xi_out) {
    if (!tr || !be || !be->ops || (!in && (!p || !q)) || !out || !xi_out || L == 0 || L > GKR_MAX_LAYERS)
        return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    ef_t *rho = swirl_alloc_array(L, sizeof *rho); /* one layer's sumcheck point: j - 1 <= L - 1 values */
    out->claims = swirl_calloc(L, sizeof *out->claims);
    out->sumcheck = swirl_calloc(swirl_gkr_sumcheck_offset(L + 1) + 1, sizeof *out->sumcheck);
    swirl_gkr_ws *ws = NULL;
    int rc = rho && out->claims && out->sumcheck ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) rc = be->ops->create(be->ops_ctx, L, &ws);
    if (rc == SWIRL_OK) rc = in ? be->ops->leaves(ws, in) : be->ops->load_leaves(ws, p, q);
    out->num_layers = L;
    if (rc == SWIRL_OK) rc = prove_layers(tr, be->ops, ws, L, rho, out, xi_out);
    if (ws) be->ops->destroy(ws);
    swirl_free(rho);
    if (rc) swirl_gkr_proof_free(out);
    else SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(out->claims, 4 * (size_t)L) && SWIRL_EF_CANONICAL(xi_out, L));
    return rc;
}

int swirl_gkr_prove(swirl_transcript *tr, const ef_t *p, const ef_t *q, unsigned L, swirl_pool *pool,
                    swirl_gkr_proof *out, ef_t *xi_out) {
    swirl_gkr_backend be = {swirl_gkr_cpu_ops(), pool};
    return prove_on(tr, &be, NULL, p, q, L, out, xi_out);
}

int swirl_gkr_prove_with(swirl_transcript *tr, const swirl_gkr_backend *be, const ef_t *p, const ef_t *q, unsigned L,
                         swirl_gkr_proof *out, ef_t *xi_out) {
    return prove_on(tr, be, NULL, p, q, L, out, xi_out);
}

int swirl_gkr_prove_traces(swirl_transcript *tr, const swirl_gkr_backend *be, const swirl_gkr_leaves_input *in,
                           unsigned L, swirl_gkr_proof *out, ef_t *xi_out) {
    if (!in) return SWIRL_ERR_INVALID_ARG;
    return prove_on(tr, be, in, NULL, NULL, L, out, xi_out);
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
