/* soundness.c — SWIRL soundness calculator (see soundness.h; crypto_pcs.md §6.7).
 *
 * Conventions: every term is "security bits" = -log2(error probability). Sums of error terms are
 * combined with combine_bits; everything else is a minimum. cf denotes the challenge-field bits. */
#include "pcs/soundness.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

double swirl_soundness_base_field_order(void) { return (double)SWIRL_P; }

double swirl_soundness_challenge_field_bits(void) { return 4.0 * log2((double)SWIRL_P); }

/* ---- small numeric helpers ---------------------------------------------------------------- */

static int is_pos_inf(double x) { return isinf(x) && x > 0; }

/* log2(2^x + 2^y), stable for large |x - y|. */
static double log2_sum(double x, double y) {
    if (is_pos_inf(x)) return x;
    if (is_pos_inf(y)) return y;
    if (isnan(x) || isnan(y)) return NAN;
    double hi = x >= y ? x : y, lo = x >= y ? y : x;
    return hi + log2(1.0 + exp2(lo - hi));
}

double swirl_soundness_combine_bits(double a, double b) {
    if (is_pos_inf(a)) return b;
    if (is_pos_inf(b)) return a;
    if (isnan(a) || isnan(b)) return NAN;
    return -log2_sum(-a, -b);
}

static double clamp(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

/* ceil(log2 n) for n >= 1, 0 for n <= 1. */
static size_t ceil_log2_u64(uint64_t n) {
    size_t k = 0;
    while (k < 64 && ((uint64_t)1 << k) < n) k++;
    return k;
}

static size_t sat_sub(size_t a, size_t b) { return a > b ? a - b : 0; }

/* ---- sample_bits bias and proof of work --------------------------------------------------- */

/* sample_bits(n) returns x mod 2^n for uniform x in [0, p). With p = c*2^n + r, the r residues
 * below r have probability (c+1)/p ("heavy"), the rest c/p. */
static void sample_bits_residues(double n_bits, double p, double *p_heavy, double *r_out) {
    double two_n = exp2(n_bits);
    double c = floor(p / two_n);
    double r = p - c * two_n; /* exact for p < 2^53 */
    if (p_heavy) *p_heavy = (c + 1.0) / p;
    if (r_out) *r_out = r;
}

double swirl_soundness_effective_pow_bits(size_t pow_bits, double p) {
    if (pow_bits == 0) return 0.0; /* check_witness(0, .) accepts without sampling */
    double heavy;
    sample_bits_residues((double)pow_bits, p, &heavy, NULL);
    return -log2(heavy);
}

/* ---- proximity regimes and queries -------------------------------------------------------- */

swirl_prox_regime swirl_soundness_regime_in_round(const swirl_proximity *s, size_t whir_round) {
    swirl_prox_regime g = {0, 0};
    switch (s->kind) {
    case SWIRL_PROX_UNIQUE: break;
    case SWIRL_PROX_SPLIT_UNIQUE_LIST:
        if (whir_round >= s->list_start_round) { g.list = 1; g.m = s->m; }
        break;
    case SWIRL_PROX_LIST: g.list = 1; g.m = s->m; break;
    }
    return g;
}

double swirl_soundness_max_agreement(swirl_prox_regime g, size_t log_inv_rate) {
    double rho = exp2(-(double)log_inv_rate);
    double a;
    if (!g.list) {
        a = 0.5 * (1.0 + rho);
    } else {
        double m = (double)(g.m ? g.m : 1);
        a = sqrt(rho) * (1.0 + 1.0 / (2.0 * m)); /* WHIR paper's form of the Johnson/GS threshold */
    }
    return clamp(a, DBL_MIN, 1.0);
}

double swirl_soundness_query_bits(swirl_prox_regime g, size_t num_queries, size_t log_inv_rate) {
    return -(double)num_queries * log2(swirl_soundness_max_agreement(g, log_inv_rate));
}

size_t swirl_soundness_min_whir_queries(swirl_prox_regime g, size_t target_bits, size_t log_inv_rate) {
    double per = swirl_soundness_query_bits(g, 1, log_inv_rate);
    return (size_t)ceil((double)target_bits / per);
}

/* One query misses a far word with probability at most alpha under uniform sampling. With the
 * sample_bits bias, an agreement set of size alpha*N placed on the heavy residues (there are r of
 * them) is hit with probability alpha*(1 - r/p) + min(alpha*N, r)/p. */
double swirl_soundness_query_bits_biased(swirl_prox_regime g, size_t num_queries, size_t log_inv_rate,
                                         size_t log_query_domain, double p) {
    double alpha = swirl_soundness_max_agreement(g, log_inv_rate);
    double r;
    sample_bits_residues((double)log_query_domain, p, NULL, &r);
    double n = exp2((double)log_query_domain);
    double heavy = fmin(alpha * n, r);
    double hit = clamp(alpha * (1.0 - r / p) + heavy / p, DBL_MIN, 1.0);
    return -(double)num_queries * log2(hit);
}

/* ---- BCHKS25 list-decoding proximity gaps ------------------------------------------------- */

void swirl_soundness_bchks25_log2_degrees(size_t log_degree, size_t log_inv_rate, size_t m, double *log2_dx,
                                          double *log2_dy, double *log2_dz) {
    /* With k = 2^log_degree, n = 2^(log_degree + log_inv_rate), rho = k/n, mb = m + 1/2:
     *   D_X = mb * sqrt(k n) = mb * n * sqrt(rho),  D_Y = mb * sqrt(n/k) = mb / sqrt(rho),
     *   D_Z = max(D_Y, mb^2 * n / (3k))   (Equation (9), raised to D_Y as required for m < 3). */
    double mb = (double)(m ? m : 1) + 0.5;
    double lmb = log2(mb);
    double ln = (double)(log_degree + log_inv_rate);
    double lrho = -(double)log_inv_rate;
    double dx = lmb + ln + 0.5 * lrho;
    double dy = lmb - 0.5 * lrho;
    double dz = 2.0 * lmb - log2(3.0) - lrho;
    if (dz < dy) dz = dy;
    *log2_dx = dx;
    *log2_dy = dy;
    *log2_dz = dz;
}

void swirl_soundness_bchks25_log2_a_bound(size_t log_degree, size_t log_inv_rate, size_t m, double *log2_a,
                                          double *log2_list_size) {
    *log2_a = INFINITY;
    *log2_list_size = INFINITY;
    size_t me = m ? m : 1;
    double rho = exp2(-(double)log_inv_rate);
    if (!(rho > 0.0) || !isfinite(rho)) return;
    if (me == 1 && rho >= 4.0 / 9.0) return; /* gamma = 1 - 3 sqrt(rho)/2 must be positive */
    double sr = sqrt(rho);
    double eta = sr / (2.0 * (double)me); /* slack: m = ceil(sqrt(rho) / (2 eta)) */
    double gamma = 1.0 - sr - eta;
    if (eta <= 0.0 || gamma <= 0.0 || gamma >= 1.0 - sr) return;

    double dx, dy, dz;
    swirl_soundness_bchks25_log2_degrees(log_degree, log_inv_rate, me, &dx, &dy, &dz);
    /* Equation (13): a > 2 D_X D_Y^2 D_Z + (gamma n + 1) D_Y. */
    double l_gn1 = log2_sum(log2(gamma) + (double)(log_degree + log_inv_rate), 0.0);
    double la = log2_sum(1.0 + dx + 2.0 * dy + dz, dy + l_gn1);
    if (!isfinite(la)) return;
    if (la < 0.0) la = 0.0;
    double a_bound = fmax(ceil(exp2(la)), 1.0);
    *log2_a = log2(a_bound);
    *log2_list_size = dy; /* list size <= D_Y */
}

swirl_prox_gap swirl_soundness_proximity_gap(swirl_prox_regime g, double cf, size_t log_degree, size_t log_inv_rate,
                                             size_t batch_size) {
    swirl_prox_gap out;
    double lb = log2((double)batch_size - 1.0);
    if (!g.list) {
        /* err* = (l - 1) 2^m / (rho |F|) */
        out.log2_err = cf - lb - (double)log_degree - (double)log_inv_rate;
        out.log2_list_size = 0.0;
    } else {
        /* Haböck's mutual correlated agreement: (l - 1) * a / |F|. */
        double la, ll;
        swirl_soundness_bchks25_log2_a_bound(log_degree, log_inv_rate, g.m, &la, &ll);
        out.log2_err = cf - lb - la;
        out.log2_list_size = ll;
    }
    return out;
}

/* ---- non-WHIR components ------------------------------------------------------------------ */

double swirl_soundness_logup(uint32_t max_interaction_count, uint32_t log_max_message_length, double cf,
                             double log2_list_size) {
    return cf - log2(2.0 * (double)max_interaction_count) - (double)log_max_message_length - log2_list_size;
}

/* Each GKR sub-round is a degree-3 sumcheck round. */
double swirl_soundness_gkr_sumcheck(double cf) { return cf - log2(3.0); }

/* mu and lambda are degree-1 tests. */
double swirl_soundness_gkr_batching(double cf) { return cf - log2(1.0); }

/* Worst per-round degree of the batch sumcheck after the fused boundary: the univariate skip round
 * has degree (d+1)(2^l_skip - 1), the multilinear rounds d+1. */
double swirl_soundness_zerocheck_sumcheck(double cf, size_t d, size_t l_skip, double log2_list_size) {
    size_t uni = (d + 1) * (((size_t)1 << l_skip) - 1);
    size_t ml = d + 1;
    size_t worst = uni > ml ? uni : ml;
    return cf - log2((double)worst) - log2_list_size;
}

/* Fused GKR input-layer / ZeroCheck boundary: degree max(3, n_extra) + (2^l_skip - 1) + (N_C - 1),
 * with n_extra = (max_log_h - l_skip) - n_logup (saturating); plus the batch-sumcheck batching of
 * 3 claims per AIR (zerocheck, logup numerator, logup denominator): degree 3|T| - 1. */
double swirl_soundness_constraint_batching(double cf, size_t n_c, size_t num_airs, size_t l_skip, size_t max_log_h,
                                           size_t n_logup, double log2_list_size) {
    size_t n_extra = sat_sub(sat_sub(max_log_h, l_skip), n_logup);
    size_t skip = ((size_t)1 << l_skip) - 1;
    size_t fused = (n_extra > 3 ? n_extra : 3) + skip + (n_c - 1);
    size_t batching = 3 * num_airs - 1;
    double b1 = cf - log2((double)fused);
    double b2 = cf - log2((double)batching);
    return fmin(b1, b2) - log2_list_size;
}

/* Stacked reduction: lambda batching of 2 claims per column, the univariate round of degree
 * 2(2^l_skip - 1), and degree-2 multilinear rounds. */
double swirl_soundness_stacked_reduction(double cf, size_t num_trace_columns, size_t l_skip, double log2_list_size) {
    double batching = cf - log2(2.0 * (double)num_trace_columns);
    double uni = cf - log2((double)(2 * (((size_t)1 << l_skip) - 1)));
    double ml = cf - 1.0;
    return fmin(fmin(batching, uni), ml) - log2_list_size;
}

/* ---- WHIR terms --------------------------------------------------------------------------- */

/* Sumcheck error d * l / |F| with d = max(1 + deg_Z w0 + max deg_Xi w0, 3) = 3 here. */
double swirl_soundness_whir_sumcheck(double p, double cf, size_t folding_pow_bits, double log2_list_size) {
    return cf - log2(3.0) - log2_list_size + swirl_soundness_effective_pow_bits(folding_pow_bits, p);
}

/* OOD error 2^(m_i - 1) l^2 / |F|. */
double swirl_soundness_whir_ood(double log2_list_size, double cf, size_t m_i) {
    return cf - (double)m_i + 1.0 - 2.0 * log2_list_size;
}

/* gamma batching of t claims against a list of size l: l t / |F|. */
double swirl_soundness_whir_gamma_batching(double cf, size_t batch_size, double log2_list_size) {
    return cf - log2((double)batch_size) - log2_list_size;
}

/* ---- report assembly ---------------------------------------------------------------------- */

typedef struct {
    swirl_soundness_report *r;
    double min_bits;
} acc_t;

static void add(acc_t *a, const char *name, double bits, int in_total) {
    swirl_soundness_report *r = a->r;
    if (in_total && (r->weakest[0] == 0 || bits < a->min_bits)) {
        a->min_bits = bits;
        snprintf(r->weakest, sizeof r->weakest, "%s", name);
    }
    if (r->num_components < SWIRL_SOUNDNESS_MAX_COMPONENTS) {
        swirl_soundness_component *c = &r->components[r->num_components++];
        snprintf(c->name, sizeof c->name, "%s", name);
        c->bits = bits;
        c->in_total = in_total;
    } else {
        r->num_dropped++;
    }
}

static void add_round(acc_t *a, unsigned round, const char *what, double bits, int in_total) {
    char name[SWIRL_SOUNDNESS_NAME_LEN];
    snprintf(name, sizeof name, "whir.round%u.%s", round % 100000u, what);
    add(a, name, bits, in_total);
}

static void add_fold(acc_t *a, unsigned round, unsigned sub, const char *suffix, double bits, int in_total) {
    char name[SWIRL_SOUNDNESS_NAME_LEN];
    snprintf(name, sizeof name, "whir.round%u.fold%u%s", round % 100000u, sub % 100000u, suffix);
    add(a, name, bits, in_total);
}

/* The WHIR part (calculate_whir_soundness): returns the round-by-round minimum. */
static double whir_soundness(const swirl_system_params *sp, double p, double cf, size_t num_stacked_columns,
                             acc_t *acc) {
    const swirl_whir_config *w = &sp->whir;
    swirl_whir_soundness *d = &acc->r->whir;
    const size_t k = w->k, R = w->num_rounds, m0 = sp->l_skip + sp->n_stack;
    const swirl_proximity *strat = &w->proximity;

    d->proximity_gaps_bits = d->sumcheck_bits = d->ood_rbr_bits = d->gamma_batching_bits = INFINITY;
    d->fold_rbr_bits = d->shift_rbr_bits = d->query_bits = INFINITY;

    swirl_prox_gap mu = swirl_soundness_proximity_gap(swirl_soundness_regime_in_round(strat, 0), cf, m0,
                                                      sp->log_blowup, num_stacked_columns);
    d->mu_batching_bits = mu.log2_err + swirl_soundness_effective_pow_bits(w->mu_pow_bits, p);
    double rbr = d->mu_batching_bits;
    add(acc, "whir.mu_batching", d->mu_batching_bits, 1);

    size_t rate = sp->log_blowup, deg = m0;
    for (size_t r = 0; r < R; r++) {
        swirl_prox_regime g = swirl_soundness_regime_in_round(strat, r);
        const int final_round = r + 1 == R;
        const size_t next_rate = rate + (k - 1);
        double fold_pow = swirl_soundness_effective_pow_bits(w->folding_pow_bits, p);
        /* The list size depends only on the regime and the rate, so it is the same for every
         * sub-round of the round. */
        double round_list = 0.0, round_sumcheck = INFINITY;
        for (size_t s = 0; s < k; s++) {
            deg--;
            swirl_prox_gap pg = swirl_soundness_proximity_gap(g, cf, deg, rate, 2);
            if (s == 0) {
                round_list = pg.log2_list_size;
                round_sumcheck = swirl_soundness_whir_sumcheck(p, cf, w->folding_pow_bits, round_list);
            }
            double prox = pg.log2_err + fold_pow;
            /* Theorem 5.2: eps_fold = d * l / |F| + err*. */
            double fold = swirl_soundness_combine_bits(round_sumcheck, prox);
            d->proximity_gaps_bits = fmin(d->proximity_gaps_bits, prox);
            d->sumcheck_bits = fmin(d->sumcheck_bits, round_sumcheck);
            d->fold_rbr_bits = fmin(d->fold_rbr_bits, fold);
            rbr = fmin(rbr, fold);
            add_fold(acc, (unsigned)r, (unsigned)s, "", fold, 1);
            add_fold(acc, (unsigned)r, (unsigned)s, ".prox_gaps", prox, 0);
        }
        add_round(acc, (unsigned)r, "sumcheck", round_sumcheck, 0);

        /* Query indices are sample_bits over the folded domain of log size deg + rate. */
        size_t nq = w->num_queries[r];
        double query = swirl_soundness_query_bits_biased(g, nq, rate, deg + rate, p) +
                       swirl_soundness_effective_pow_bits(w->query_phase_pow_bits, p);
        d->query_bits = fmin(d->query_bits, query);

        /* eps_shift / eps_out use the list size l_{i,0} of the next round i = r + 1 (new rate). */
        double next_list =
            swirl_soundness_proximity_gap(swirl_soundness_regime_in_round(strat, r + 1), cf, deg, next_rate, 2)
                .log2_list_size;
        /* gamma batches the queries and one OOD sample (not PoW-protected). */
        double gamma = swirl_soundness_whir_gamma_batching(cf, nq + 1, next_list);
        d->gamma_batching_bits = fmin(d->gamma_batching_bits, gamma);

        /* eps_shift = (1 - delta)^t + l (t + 1) / |F|. */
        double shift = swirl_soundness_combine_bits(query, gamma);
        d->shift_rbr_bits = fmin(d->shift_rbr_bits, shift);
        rbr = fmin(rbr, shift);
        add_round(acc, (unsigned)r, "queries", query, 0);
        add_round(acc, (unsigned)r, "gamma", gamma, 0);
        add_round(acc, (unsigned)r, final_round ? "final" : "shift", shift, 1);

        if (!final_round) {
            /* OOD sample on the next round's function, m_i = deg after this round's folds. */
            double ood = swirl_soundness_whir_ood(next_list, cf, deg);
            d->ood_rbr_bits = fmin(d->ood_rbr_bits, ood);
            rbr = fmin(rbr, ood);
            add_round(acc, (unsigned)r, "ood", ood, 1);
        }
        rate = next_rate;
    }
    return rbr;
}

int swirl_soundness_evaluate(const swirl_system_params *sp, const swirl_soundness_inputs *in,
                             swirl_soundness_report *out) {
    if (!sp || !in || !out) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (in->num_stacked_columns < 2 || in->max_num_constraints_per_air == 0 || in->num_airs == 0 ||
        sp->l_skip + in->n_logup == 0)
        return SWIRL_ERR_INVALID_ARG;
    const swirl_whir_config *w = &sp->whir;
    size_t m0 = sp->l_skip + sp->n_stack;
    if (sp->l_skip > 30 || w->k == 0 || w->num_rounds > SWIRL_MAX_WHIR_ROUNDS || w->num_rounds * w->k > m0)
        return SWIRL_ERR_PARAMS;

    const double p = in->base_field_order > 0 ? in->base_field_order : swirl_soundness_base_field_order();
    const double cf = in->challenge_field_bits > 0 ? in->challenge_field_bits : swirl_soundness_challenge_field_bits();

    acc_t acc = {out, INFINITY};

    /* L_PCS: list size at the proximity radius of the initial WHIR round. */
    swirl_prox_gap init = swirl_soundness_proximity_gap(swirl_soundness_regime_in_round(&w->proximity, 0), cf, m0,
                                                        sp->log_blowup, in->num_stacked_columns);
    const double ll = init.log2_list_size;
    out->log2_pcs_list_size = ll;

    out->logup_bits = swirl_soundness_logup(sp->logup.max_interaction_count, sp->logup.log_max_message_length, cf, ll) +
                      swirl_soundness_effective_pow_bits(sp->logup.pow_bits, p);
    out->gkr_sumcheck_bits = swirl_soundness_gkr_sumcheck(cf);
    out->gkr_batching_bits = swirl_soundness_gkr_batching(cf);
    out->zerocheck_sumcheck_bits = swirl_soundness_zerocheck_sumcheck(cf, in->max_constraint_degree, sp->l_skip, ll);
    out->constraint_batching_bits =
        swirl_soundness_constraint_batching(cf, in->max_num_constraints_per_air, in->num_airs, sp->l_skip,
                                            in->max_log_trace_height, in->n_logup, ll);
    out->stacked_reduction_bits = swirl_soundness_stacked_reduction(cf, in->num_trace_columns, sp->l_skip, ll);

    add(&acc, "logup", out->logup_bits, 1);
    add(&acc, "gkr.sumcheck", out->gkr_sumcheck_bits, 1);
    add(&acc, "gkr.batching", out->gkr_batching_bits, 1);
    add(&acc, "zerocheck.sumcheck", out->zerocheck_sumcheck_bits, 1);
    add(&acc, "zerocheck.constraint_batching", out->constraint_batching_bits, 1);
    add(&acc, "stacking", out->stacked_reduction_bits, 1);

    out->whir_bits = whir_soundness(sp, p, cf, in->num_stacked_columns, &acc);

    out->total_bits = fmin(fmin(fmin(out->logup_bits, out->gkr_sumcheck_bits), fmin(out->gkr_batching_bits,
                                                                                   out->zerocheck_sumcheck_bits)),
                           fmin(fmin(out->constraint_batching_bits, out->stacked_reduction_bits), out->whir_bits));
    return SWIRL_OK;
}

const swirl_soundness_component *swirl_soundness_find(const swirl_soundness_report *r, const char *name) {
    if (!r || !name) return NULL;
    for (size_t i = 0; i < r->num_components; i++)
        if (strcmp(r->components[i].name, name) == 0) return &r->components[i];
    return NULL;
}

void swirl_soundness_fprint(FILE *f, const char *title, const swirl_soundness_report *r) {
    if (!f || !r) return;
    fprintf(f, "=== %s soundness ===\n", title ? title : "");
    for (size_t i = 0; i < r->num_components; i++)
        fprintf(f, "  %-36s %8.3f%s\n", r->components[i].name, r->components[i].bits,
                r->components[i].in_total ? "" : "  (sub-term)");
    if (r->num_dropped) fprintf(f, "  (%zu more components not listed)\n", r->num_dropped);
    fprintf(f, "  whir: query %.3f, prox gaps %.3f, sumcheck %.3f, fold %.3f, ood %.3f, gamma %.3f, shift %.3f, mu %.3f\n",
            r->whir.query_bits, r->whir.proximity_gaps_bits, r->whir.sumcheck_bits, r->whir.fold_rbr_bits,
            r->whir.ood_rbr_bits, r->whir.gamma_batching_bits, r->whir.shift_rbr_bits, r->whir.mu_batching_bits);
    fprintf(f, "  TOTAL %.3f bits (weakest: %s)\n", r->total_bits, r->weakest);
}

size_t swirl_soundness_n_logup_bound(size_t l_skip, size_t num_airs, size_t max_interactions_per_air,
                                     size_t max_log_height, uint64_t max_interaction_count) {
    size_t by_limit = max_interaction_count == 0 ? 0 : sat_sub(ceil_log2_u64(max_interaction_count), l_skip);
    size_t by_shape = 0;
    if (num_airs != 0 && max_interactions_per_air != 0)
        by_shape = sat_sub(ceil_log2_u64(num_airs) + ceil_log2_u64(max_interactions_per_air) + max_log_height, l_skip);
    return by_limit < by_shape ? by_limit : by_shape;
}
