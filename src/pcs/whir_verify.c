/* whir_verify.c — WHIR verifier (crypto_pcs.md §6.3) with the proof-shape checks of iop.md §7.2
 * (WHIR part). Shares nothing with the prover but the transcript type. */
#include <stdlib.h>
#include <string.h>
#include "pcs/whir.h"
#include "util/error.h"
#include "util/alloc.h"

#define VFAIL(code, ...) swirl_fail(err, SWIRL_ERR_VERIFY, (code), __VA_ARGS__)

/* Quadratic through (0,e0), (1,e1), (2,e2) evaluated at x. */
static ef_t quad_interp(ef_t e0, ef_t e1, ef_t e2, ef_t x) {
    ef_t d1 = ef_sub(e1, e0), d2 = ef_sub(e2, e1);
    ef_t a = ef_halve(ef_sub(d2, d1));
    ef_t b = ef_sub(d1, a);
    return ef_add(ef_mul(ef_add(ef_mul(a, x), b), x), e0);
}

/* binary_k_fold: v[t] is the value at x * w_k^t; fold with alpha_0..alpha_{k-1}. */
static ef_t binary_k_fold(ef_t *v, const ef_t *alpha, size_t k, bb_t x) {
    bb_t wk = bb_two_adic_generator((unsigned)k);
    bb_t xp = x; /* x^(2^j) */
    for (size_t j = 0; j < k; j++) {
        size_t half = (size_t)1 << (k - j - 1);
        bb_t wstep = bb_pow(wk, (uint64_t)1 << j); /* w_k^(2^j) */
        bb_t wi = 1;
        for (size_t i = 0; i < half; i++) {
            bb_t tau = bb_mul(wi, xp);
            bb_t inv2tau = bb_inv(bb_double(tau));
            ef_t diff = ef_sub(v[i], v[i + half]);
            v[i] = ef_add(v[i], ef_mul_bb(ef_mul(ef_sub_bb(alpha[j], tau), diff), inv2tau));
            wi = bb_mul(wi, wstep);
        }
        xp = bb_sqr(xp);
    }
    return v[0];
}

ef_t swirl_whir_fold(ef_t *v, const ef_t *alpha, size_t k, bb_t x) { return binary_k_fold(v, alpha, k, x); }

/* eq(s, (z, z^2, ..., z^(2^(n-1)))) and z^(2^n), for EF z. */
static ef_t eq_pow(const ef_t *s, size_t n, ef_t z, ef_t *z_out) {
    ef_t acc = ef_one();
    for (size_t j = 0; j < n; j++) {
        /* 1 - s - z + 2 s z */
        ef_t t = ef_add(ef_sub(ef_sub(ef_one(), s[j]), z), ef_double(ef_mul(s[j], z)));
        acc = ef_mul(acc, t);
        z = ef_sqr(z);
    }
    *z_out = z;
    return acc;
}

static ef_t horner(const ef_t *c, size_t n, ef_t x) {
    ef_t acc = ef_zero();
    for (size_t i = n; i-- > 0;) acc = ef_add(ef_mul(acc, x), c[i]);
    return acc;
}

static int check_shape(const swirl_system_params *p, const size_t *widths, size_t C, const swirl_whir_proof *pf,
                       swirl_error *err) {
    size_t m = p->l_skip + p->n_stack, k = p->whir.k, R = p->whir.num_rounds, lb = p->log_blowup;
    if (pf->num_rounds != R || pf->num_sumcheck != R * k || pf->k != k)
        return VFAIL(SWIRL_WHIR_ERR_SHAPE, "whir: %zu rounds x %zu sumcheck rounds, expected %zu x %zu", pf->num_rounds,
                     pf->num_sumcheck, R, R * k);
    if (pf->num_commits != C) return VFAIL(SWIRL_WHIR_ERR_SHAPE, "whir: %zu commitments opened, expected %zu", pf->num_commits, C);
    if (pf->num_queries0 != p->whir.num_queries[0])
        return VFAIL(SWIRL_WHIR_ERR_SHAPE, "whir: %zu initial queries, expected %zu", pf->num_queries0, p->whir.num_queries[0]);
    if (pf->num_queries0 > 0) {
        if (pf->depth0 != m + lb - k) return VFAIL(SWIRL_WHIR_ERR_SHAPE, "whir: initial Merkle depth %zu, expected %zu", pf->depth0, m + lb - k);
        for (size_t c = 0; c < C; c++)
            if (pf->widths[c] != widths[c])
                return VFAIL(SWIRL_WHIR_ERR_SHAPE, "whir: commitment %zu opened with width %zu, expected %zu", c, pf->widths[c], widths[c]);
    }
    for (size_t r = 1; r < R; r++)
        if (pf->round_queries[r - 1] != p->whir.num_queries[r])
            return VFAIL(SWIRL_WHIR_ERR_SHAPE, "whir: round %zu has %zu queries, expected %zu", r, pf->round_queries[r - 1],
                         p->whir.num_queries[r]);
    if (R > 1 && pf->num_queries0 > 0 && pf->depth1 != m + lb - k - 1)
        return VFAIL(SWIRL_WHIR_ERR_SHAPE, "whir: codeword Merkle depth %zu, expected %zu", pf->depth1, m + lb - k - 1);
    if (pf->final_len != ((size_t)1 << (m - R * k)))
        return VFAIL(SWIRL_WHIR_ERR_FINAL_POLY_DEGREE, "whir: final polynomial has %zu coefficients, expected %zu",
                     pf->final_len, (size_t)1 << (m - R * k));
    return SWIRL_OK;
}

int swirl_whir_verify(const swirl_system_params *p, swirl_transcript *tr, const swirl_digest *commits,
                      const size_t *widths, size_t C, const ef_t *u, const ef_t *claims, const swirl_whir_proof *pf,
                      swirl_error *err) {
    if (!p || !tr || !commits || !widths || !u || !claims || !pf || C == 0)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_whir_verify: null argument");
    const size_t m = p->l_skip + p->n_stack, k = p->whir.k, R = p->whir.num_rounds, lb = p->log_blowup;
    if (k == 0 || R == 0 || R * k > m || m + lb > 27 || k > 20)
        return swirl_fail(err, SWIRL_ERR_PARAMS, 0, "whir: unsupported parameters");
    int rc = check_shape(p, widths, C, pf, err);
    if (rc) return rc;
    const size_t rows = (size_t)1 << k;
    size_t W = 0;
    for (size_t c = 0; c < C; c++) W += widths[c];

    ef_t *mu_pows = swirl_malloc((W + 1) * sizeof *mu_pows), *v = swirl_malloc(rows * sizeof *v);
    ef_t *alpha_all = swirl_malloc((R * k + 1) * sizeof *alpha_all), *gammas = swirl_malloc(R * sizeof *gammas),
         *z0s = swirl_malloc(R * sizeof *z0s);
    size_t nq = 0;
    for (size_t r = 0; r < R; r++) nq += p->whir.num_queries[r];
    bb_t *zq = swirl_malloc((nq + 1) * sizeof *zq);
    size_t maxw = 1;
    for (size_t c = 0; c < C; c++) if (widths[c] > maxw) maxw = widths[c];
    uint32_t *rowbuf = swirl_malloc(rows * (maxw > 4 ? maxw : 4) * sizeof *rowbuf);
    if (!mu_pows || !v || !alpha_all || !gammas || !z0s || !zq || !rowbuf) {
        rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "whir verify: out of memory");
        goto done;
    }

    if (!swirl_tr_check_witness(tr, (unsigned)p->whir.mu_pow_bits, pf->mu_pow_witness)) {
        rc = VFAIL(SWIRL_WHIR_ERR_MU_POW, "whir: mu proof-of-work witness invalid");
        goto done;
    }
    ef_t mu = swirl_tr_sample_ext(tr);
    mu_pows[0] = ef_one();
    for (size_t i = 1; i < W; i++) mu_pows[i] = ef_mul(mu_pows[i - 1], mu);
    ef_t claim = ef_zero();
    for (size_t g = 0; g < W; g++) claim = ef_add(claim, ef_mul(mu_pows[g], claims[g]));

    size_t L = m + lb, qoff = 0;
    for (size_t r = 0; r < R; r++) {
        for (size_t s = 0; s < k; s++) {
            ef_t e1 = pf->sumcheck_polys[2 * (r * k + s)], e2 = pf->sumcheck_polys[2 * (r * k + s) + 1];
            swirl_tr_observe_ext(tr, e1);
            swirl_tr_observe_ext(tr, e2);
            if (!swirl_tr_check_witness(tr, (unsigned)p->whir.folding_pow_bits, pf->folding_pow_witnesses[r * k + s])) {
                rc = VFAIL(SWIRL_WHIR_ERR_FOLDING_POW, "whir: folding proof-of-work witness %zu invalid", r * k + s);
                goto done;
            }
            ef_t alpha = swirl_tr_sample_ext(tr);
            alpha_all[r * k + s] = alpha;
            claim = quad_interp(ef_sub(claim, e1), e1, e2, alpha);
        }
        if (r + 1 == R) {
            for (size_t i = 0; i < pf->final_len; i++) swirl_tr_observe_ext(tr, pf->final_poly[i]);
        } else {
            swirl_tr_observe_commit(tr, &pf->codeword_commits[r]);
            z0s[r] = swirl_tr_sample_ext(tr);
            swirl_tr_observe_ext(tr, pf->ood_values[r]);
        }
        if (!swirl_tr_check_witness(tr, (unsigned)p->whir.query_phase_pow_bits, pf->query_phase_pow_witnesses[r])) {
            rc = VFAIL(SWIRL_WHIR_ERR_QUERY_POW, "whir: query-phase proof-of-work witness of round %zu invalid", r);
            goto done;
        }
        size_t q = p->whir.num_queries[r];
        size_t *ids = swirl_malloc((q + 1) * sizeof *ids);
        ef_t *ys = swirl_malloc((q + 1) * sizeof *ys);
        if (!ids || !ys) { swirl_free(ids); swirl_free(ys); rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "whir verify: oom"); goto done; }
        for (size_t i = 0; i < q; i++) ids[i] = swirl_tr_sample_bits(tr, (unsigned)(L - k));
        bb_t wL = bb_two_adic_generator((unsigned)L);
        for (size_t i = 0; i < q && rc == SWIRL_OK; i++) {
            bb_t x = bb_pow(wL, ids[i]);
            zq[qoff + i] = bb_pow(x, (uint64_t)1 << k);
            if (r == 0) {
                for (size_t t = 0; t < rows; t++) v[t] = ef_zero();
                size_t g0 = 0;
                for (size_t c = 0; c < C; c++) {
                    const bb_t *rw = pf->initial_rows + pf->row_offset[c] + i * rows * widths[c];
                    const swirl_digest *path = pf->initial_paths + (c * pf->num_queries0 + i) * pf->depth0;
                    if (!swirl_merkle_verify(&commits[c], (unsigned)k, widths[c], rw, ids[i], path, (unsigned)(L - k))) {
                        rc = VFAIL(SWIRL_WHIR_ERR_MERKLE, "whir: Merkle path of commitment %zu, query %zu invalid", c, i);
                        break;
                    }
                    for (size_t t = 0; t < rows; t++)
                        for (size_t col = 0; col < widths[c]; col++)
                            v[t] = ef_add(v[t], ef_mul_bb(mu_pows[g0 + col], rw[t * widths[c] + col]));
                    g0 += widths[c];
                }
            } else {
                const ef_t *vals = pf->codeword_values + pf->cw_value_offset[r - 1] + i * rows;
                for (size_t t = 0; t < rows; t++) memcpy(rowbuf + 4 * t, vals[t].c, 16);
                const swirl_digest *path = pf->codeword_paths + pf->cw_path_offset[r - 1] + i * (L - k);
                if (!swirl_merkle_verify(&pf->codeword_commits[r - 1], (unsigned)k, 4, rowbuf, ids[i], path, (unsigned)(L - k))) {
                    rc = VFAIL(SWIRL_WHIR_ERR_MERKLE, "whir: Merkle path of round %zu, query %zu invalid", r, i);
                    break;
                }
                memcpy(v, vals, rows * sizeof *v);
            }
            if (rc == SWIRL_OK) ys[i] = binary_k_fold(v, alpha_all + r * k, k, x);
        }
        if (rc) { swirl_free(ids); swirl_free(ys); goto done; }
        ef_t gamma = swirl_tr_sample_ext(tr);
        gammas[r] = gamma;
        ef_t gp = gamma;
        if (r + 1 < R) claim = ef_add(claim, ef_mul(gamma, pf->ood_values[r]));
        for (size_t i = 0; i < q; i++) {
            gp = ef_mul(gp, gamma);
            claim = ef_add(claim, ef_mul(gp, ys[i]));
        }
        swirl_free(ids);
        swirl_free(ys);
        qoff += q;
        L--;
    }

    {
        /* final check */
        size_t t = R * k;
        ef_t acc = ef_one();
        for (size_t i = 0; i < t; i++) {
            ef_t a = ef_mul(ef_sub(ef_one(), ef_double(u[i])), ef_sub(ef_one(), alpha_all[i]));
            acc = ef_mul(acc, ef_add(a, ef_mul(u[i], alpha_all[i])));
        }
        /* MLE of the final polynomial's table at u[t..m] */
        size_t nf = m - t, flen = pf->final_len;
        ef_t mle = ef_zero();
        for (size_t b = 0; b < flen; b++) {
            ef_t e = ef_one();
            for (size_t j = 0; j < nf; j++) e = ef_mul(e, (b >> j) & 1 ? u[t + j] : ef_sub(ef_one(), u[t + j]));
            mle = ef_add(mle, ef_mul(e, pf->final_poly[b]));
        }
        acc = ef_mul(acc, mle);
        qoff = 0;
        for (size_t i = 0; i < R; i++) {
            const ef_t *s = alpha_all + (i + 1) * k;
            size_t n = t - (i + 1) * k;
            ef_t zpow;
            if (i + 1 < R) {
                ef_t e = eq_pow(s, n, z0s[i], &zpow);
                acc = ef_add(acc, ef_mul(ef_mul(gammas[i], e), horner(pf->final_poly, flen, zpow)));
            }
            ef_t gp = gammas[i];
            for (size_t j = 0; j < p->whir.num_queries[i]; j++) {
                gp = ef_mul(gp, gammas[i]);
                ef_t e = eq_pow(s, n, ef_from_bb(zq[qoff + j]), &zpow);
                acc = ef_add(acc, ef_mul(ef_mul(gp, e), horner(pf->final_poly, flen, zpow)));
            }
            qoff += p->whir.num_queries[i];
        }
        if (!ef_eq(acc, claim)) rc = VFAIL(SWIRL_WHIR_ERR_FINAL_POLY, "whir: final polynomial constraint fails");
    }
done:
    swirl_free(mu_pows); swirl_free(v); swirl_free(alpha_all); swirl_free(gammas); swirl_free(z0s); swirl_free(zq); swirl_free(rowbuf);
    return rc;
}
