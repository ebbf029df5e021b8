/* zerocheck.c — batch constraint sumcheck with univariate skip (iop.md §5): the prover's protocol
 * steps and the verifier, and the LogUp input layer (§4.3).
 *
 * Prover, per present trace t (ñ = max(n_t, 0)): the "lifted" columns (every part's columns, their
 * rotations, and the three selector columns of the true height; traces shorter than 2^l repeated
 * cyclically to 2^l rows) are the only data (zc_program.c).
 * The protocol (every observe / sample) is written here once; the computations between two
 * transcript events run on a backend's operation table (iop/zc_ops.h: CPU in
 * src/backend/cpu/zc_cpu.c, CUDA in src/backend/cuda/zc_cuda.c).
 *  - Round 0 (the round0 op): every chunk x (2^l rows) of every lifted column is extended to the
 *    subgroup of size 2^(l+b), 2^b >= D+1; the DAG is evaluated at every point; A_t, B_t, C_t
 *    (eq-weighted sums over x of the LogUp numerator, denominator and the lambda-batched
 *    constraints) give s_0 at every point, and s_0's coefficients by an iDFT (degree
 *    (D+1)(2^l - 1) < 2^(l+b): exact).
 *  - Rounds j >= 1 (tables, round, fold ops): tables of f̂(r_0, x) per lifted column, folded by r_j; s_j(X) at
 *    X = 1..D+1 by evaluating the DAG on interpolated values; traces with ñ < j contribute
 *    F_t * prod r * X.
 *  - Column openings (openings op): the folded tables, common main of every trace first. */
#include <stdlib.h>
#include <string.h>
#include "field/field_constants.h"
#include "iop/zc_internal.h"
#include "iop/zc_ops.h"
#include "poly/eq.h"
#include "util/error.h"
#include "util/spans.h"
#include "util/alloc.h"
#include "util/check.h"

void swirl_batch_proof_free(swirl_batch_proof *p) {
    if (!p) return;
    swirl_free(p->sum_p); swirl_free(p->sum_q); swirl_free(p->univariate); swirl_free(p->rounds);
    swirl_free(p->part_count); swirl_free(p->part_offset); swirl_free(p->part_len); swirl_free(p->openings);
    memset(p, 0, sizeof *p);
}

/* ---- LogUp layout ------------------------------------------------------------------------------- */

size_t swirl_logup_n(const swirl_system_params *p, const swirl_zc_trace *t, size_t N, uint64_t *total_out) {
    /* saturating: the trace-height constraints keep an accepted total below 2^32, and a key
     * without them must not wrap into a small total either (callers reject total >= 2^32) */
    uint64_t total = 0;
    for (size_t i = 0; i < N; i++) {
        unsigned sh = (unsigned)(p->l_skip + ntil_of(t[i].log_height, (unsigned)p->l_skip));
        uint64_t ni = t[i].vk->dag.num_interactions;
        uint64_t term = sh < 64 && ni <= (UINT64_MAX >> sh) ? ni << sh : UINT64_MAX;
        total = term > UINT64_MAX - total ? UINT64_MAX : total + term;
    }
    if (total_out) *total_out = total;
    if (!total) return 0;
    size_t bl = 64 - (size_t)__builtin_clzll(total);
    return bl - p->l_skip;
}

/* e_{t,i} = eq(xi_{l+ñ .. l+n_logup-1}, bits(R_{t,i} >> (l+ñ))) for every interaction, trace order */
static void logup_weights(unsigned l, const swirl_zc_trace *t, size_t N, size_t n_logup, const ef_t *xi, ef_t **e_out) {
    size_t R = 0;
    for (size_t ti = 0; ti < N; ti++) {
        size_t nt = ntil_of(t[ti].log_height, l), ni = t[ti].vk->dag.num_interactions;
        for (size_t i = 0; i < ni; i++) {
            size_t b = R >> (l + nt);
            ef_t e = ef_one();
            for (size_t j = l + nt; j < l + n_logup; j++)
                e = ef_mul(e, (b >> (j - l - nt)) & 1 ? xi[j] : ef_sub(ef_one(), xi[j]));
            e_out[ti][i] = e;
            R += (size_t)1 << (l + nt);
        }
    }
}

/* ---- prover ----------------------------------------------------------------------------------- */

static ef_t lagrange_eval(const ef_t *vals, size_t n, ef_t x) {
    /* polynomial through (k, vals[k]) for k = 0..n-1, at x */
    ef_t r = ef_zero();
    for (size_t i = 0; i < n; i++) {
        ef_t num = ef_one();
        bb_t den = 1;
        for (size_t k = 0; k < n; k++) {
            if (k == i) continue;
            num = ef_mul(num, ef_sub_bb(x, (bb_t)k));
            den = bb_mul(den, bb_sub((bb_t)i, (bb_t)k));
        }
        r = ef_add(r, ef_mul(vals[i], ef_mul_bb(num, bb_inv(den))));
    }
    return r;
}

/* The per-proof buffers of the prover (every one sized from the data). */
typedef struct {
    const swirl_zc_ops *ops;
    swirl_zc_ws *ws;
    colmap *m;                /* per trace */
    ef_t **ew;                /* per trace: LogUp weights */
    swirl_ntt_tables *tab;
    bb_t *wts;                /* extension weights, ch x E */
    ef_t *A, *B, *C;          /* N x E round-0 sums */
    ef_t *eqs, *eqd, *mup;    /* E, E, 3N + 1 */
    ef_t *F, *br, *tailprod;  /* per trace: bracket once folded, an op's brackets, prod r past ñ */
    ef_t *acc, *sv;           /* D + 1 round sums, s_j at X = 0..D+1 */
    ef_t *colvals;            /* the openings op's output */
    ef_t lambda;
} zc_prover;

static void prover_free(zc_prover *z, size_t N) {
    if (z->ws) z->ops->destroy(z->ws);
    for (size_t t = 0; z->ew && t < N; t++) swirl_free(z->ew[t]);
    swirl_free(z->ew); swirl_free(z->m); swirl_free(z->wts);
    swirl_free(z->A); swirl_free(z->B); swirl_free(z->C); swirl_free(z->eqs); swirl_free(z->eqd); swirl_free(z->mup);
    swirl_free(z->F); swirl_free(z->br); swirl_free(z->tailprod); swirl_free(z->acc); swirl_free(z->sv);
    swirl_free(z->colvals);
    swirl_ntt_tables_free(z->tab);
}

static int proof_alloc(swirl_batch_proof *out, size_t N, size_t E, size_t n_max, size_t D) {
    out->sum_p = swirl_calloc(N, sizeof(ef_t));
    out->sum_q = swirl_calloc(N, sizeof(ef_t));
    out->univariate = swirl_calloc(E, sizeof(ef_t));
    out->rounds = swirl_calloc(n_max * (D + 1) + 1, sizeof(ef_t));
    out->part_count = swirl_calloc(N, sizeof(size_t));
    out->part_offset = swirl_calloc(N * MAXP, sizeof(size_t));
    out->part_len = swirl_calloc(N * MAXP, sizeof(size_t));
    if (!out->sum_p || !out->sum_q || !out->univariate || !out->rounds || !out->part_count || !out->part_offset ||
        !out->part_len)
        return SWIRL_ERR_OUT_OF_MEMORY;
    return SWIRL_OK;
}

/* The shape checks (the traces' DAGs, parts and order) and the prover's buffers. */
static int prover_setup(zc_prover *z, const swirl_zc_trace *traces, size_t N, unsigned l, unsigned b, size_t D,
                        size_t n_max) {
    const size_t E = (size_t)1 << (l + b), nsel = N ? N : 1;
    for (size_t t = 0; t < N; t++) {
        if (traces[t].vk->dag.num_nodes == 0 && traces[t].vk->dag.num_interactions) return SWIRL_ERR_INTERNAL;
        if (!zc_parts_ok(traces[t].vk)) return SWIRL_ERR_INVALID_ARG;
        /* traces come tallest first (the driver's order): n_max sizes every per-round table */
        if (ntil_of(traces[t].log_height, l) > n_max) return SWIRL_ERR_INVALID_ARG;
    }
    z->m = swirl_calloc(nsel, sizeof *z->m);
    z->ew = swirl_calloc(nsel, sizeof *z->ew);
    z->tab = swirl_ntt_tables_create(l + b);
    z->wts = swirl_malloc(((size_t)1 << l) * E * sizeof *z->wts);
    z->A = swirl_calloc(nsel * E, sizeof *z->A);
    z->B = swirl_calloc(nsel * E, sizeof *z->B);
    z->C = swirl_calloc(nsel * E, sizeof *z->C);
    z->eqs = swirl_malloc(E * sizeof *z->eqs);
    z->eqd = swirl_malloc(E * sizeof *z->eqd);
    z->mup = swirl_malloc((3 * N + 1) * sizeof *z->mup);
    z->F = swirl_calloc(nsel, sizeof *z->F);
    z->br = swirl_calloc(nsel, sizeof *z->br);
    z->tailprod = swirl_calloc(nsel, sizeof *z->tailprod);
    z->acc = swirl_calloc(D + 2, sizeof *z->acc);
    z->sv = swirl_calloc(D + 2, sizeof *z->sv);
    if (!z->m || !z->ew || !z->tab || !z->wts || !z->A || !z->B || !z->C || !z->eqs || !z->eqd || !z->mup || !z->F ||
        !z->br || !z->tailprod || !z->acc || !z->sv)
        return SWIRL_ERR_OUT_OF_MEMORY;
    size_t nvals = 1;
    for (size_t t = 0; t < N; t++) {
        swirl_zc_make_colmap(traces[t].vk, &z->m[t]);
        nvals += z->m[t].sel;
        z->ew[t] = swirl_calloc(traces[t].vk->dag.num_interactions + 1, sizeof(ef_t));
        if (!z->ew[t]) return SWIRL_ERR_OUT_OF_MEMORY;
    }
    z->colvals = swirl_alloc_array(nvals, sizeof *z->colvals);
    return z->colvals ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
}

/* After round 0's op: the per-trace LogUp sums (observed), mu, s_0 from the per-point sums
 * (coefficients by an iDFT; degree (D+1)(2^l - 1) < 2^(l+b): exact, observed), r_0. */
static int round0_finish(zc_prover *z, swirl_transcript *tr, const ef_t *xi, size_t N, unsigned l, unsigned b,
                         size_t ncoef, swirl_batch_proof *out, ef_t *r) {
    const size_t ch = (size_t)1 << l, E = ch << b;
    const ef_t *A = z->A, *B = z->B, *Cc = z->C;
    bb_t wE = bb_two_adic_generator(l + b);
    for (size_t pt = 0; pt < E; pt++) {
        ef_t Z = ef_from_bb(bb_pow(wE, pt));
        z->eqs[pt] = swirl_eq_sharp(l, xi, Z);
        z->eqd[pt] = swirl_eq_uni(l, xi[0], Z);
    }
    for (size_t t = 0; t < N; t++) {
        ef_t sp = ef_zero(), sq = ef_zero();
        for (size_t zz = 0; zz < ch; zz++) {
            size_t pt = zz << b;
            sp = ef_add(sp, ef_mul(z->eqs[pt], A[t * E + pt]));
            sq = ef_add(sq, ef_mul(z->eqs[pt], B[t * E + pt]));
        }
        out->sum_p[t] = sp;
        out->sum_q[t] = sq;
        swirl_tr_observe_ext(tr, sp);
        swirl_tr_observe_ext(tr, sq);
    }
    ef_t mu = swirl_tr_sample_ext(tr), *mup = z->mup;
    mup[0] = ef_one();
    for (size_t i = 1; i <= 3 * N; i++) mup[i] = ef_mul(mup[i - 1], mu);
    ef_t *s0 = out->univariate;
    for (size_t pt = 0; pt < E; pt++) {
        ef_t acc = ef_zero();
        for (size_t t = 0; t < N; t++) {
            acc = ef_add(acc, ef_mul(z->eqs[pt], ef_add(ef_mul(mup[2 * t], A[t * E + pt]), ef_mul(mup[2 * t + 1], B[t * E + pt]))));
            acc = ef_add(acc, ef_mul(ef_mul(mup[2 * N + t], z->eqd[pt]), Cc[t * E + pt]));
        }
        s0[pt] = acc;
    }
    /* evaluations -> coefficients (EF iDFT = 4 base iDFTs) */
    bb_t *cols4 = swirl_malloc(4 * E * sizeof *cols4);
    if (!cols4) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t pt = 0; pt < E; pt++)
        for (int c = 0; c < 4; c++) cols4[(size_t)c * E + pt] = s0[pt].c[c];
    swirl_idft_batch(z->tab, cols4, l + b, 4, E, NULL);
    for (size_t k = 0; k < E; k++)
        for (int c = 0; c < 4; c++) s0[k].c[c] = cols4[(size_t)c * E + k];
    swirl_free(cols4);
    for (size_t k = ncoef; k < E; k++)
        if (!ef_is_zero(s0[k])) return SWIRL_ERR_INTERNAL; /* degree bound violated: DAG degree > D */
    SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(s0, E) && SWIRL_EF_CANONICAL(out->sum_p, N) && SWIRL_EF_CANONICAL(out->sum_q, N));
    for (size_t k = 0; k < ncoef; k++) swirl_tr_observe_ext(tr, s0[k]);
    r[0] = swirl_tr_sample_ext(tr);
    return SWIRL_OK;
}

/* Rounds 1..n_max: s_j(X) at X = 1..D+1 is eq-prefix * eq(xi_{l+j-1}, X) times the op's sums
 * over the traces with ñ >= j, plus F_t * prod_{ñ<i<j} r_i * X for the traces folded already
 * (field sums are exact: the grouping never changes s_j). Observes s_j, samples r_j. */
static int mle_rounds(zc_prover *z, swirl_transcript *tr, const swirl_zc_trace *traces, size_t N, const ef_t *xi,
                      unsigned l, size_t D, size_t n_max, swirl_batch_proof *out, ef_t *r) {
    swirl_zc_bracket bk = {z->lambda, z->mup, swirl_eq_sharp(l, xi, r[0]), swirl_eq_uni(l, xi[0], r[0])};
    int rc = z->ops->tables(z->ws, r[0], &bk, z->br);
    for (size_t t = 0; t < N; t++) {
        z->tailprod[t] = ef_one();
        if (ntil_of(traces[t].log_height, l) == 0) z->F[t] = z->br[t];
    }
    ef_t eqpre = ef_one(); /* prod_{i<j} eq(xi_{l+i-1}, r_i) */
    for (size_t j = 1; j <= n_max && rc == SWIRL_OK; j++) {
        if ((rc = z->ops->round(z->ws, j, z->acc)) != SWIRL_OK) break;
        ef_t xij = xi[l + j - 1];
        for (size_t X = 1; X <= D + 1; X++) {
            ef_t ex = ef_add(ef_mul_bb(xij, (bb_t)X), ef_mul(ef_sub(ef_one(), xij), ef_from_bb(bb_sub(1, (bb_t)X))));
            z->sv[X] = ef_mul(ef_mul(eqpre, ex), z->acc[X - 1]);
        }
        for (size_t t = 0; t < N; t++)
            if (ntil_of(traces[t].log_height, l) < j)
                for (size_t X = 1; X <= D + 1; X++) z->sv[X] = ef_add(z->sv[X], ef_mul_bb(ef_mul(z->F[t], z->tailprod[t]), (bb_t)X));
        SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(z->sv + 1, D + 1));
        for (size_t X = 1; X <= D + 1; X++) {
            out->rounds[(j - 1) * (D + 1) + (X - 1)] = z->sv[X];
            swirl_tr_observe_ext(tr, z->sv[X]);
        }
        r[j] = swirl_tr_sample_ext(tr);
        eqpre = ef_mul(eqpre, ef_add(ef_mul(xij, r[j]), ef_mul(ef_sub(ef_one(), xij), ef_sub(ef_one(), r[j]))));
        if ((rc = z->ops->fold(z->ws, j, r[j], z->br)) != SWIRL_OK) break;
        for (size_t t = 0; t < N; t++) {
            size_t nt = ntil_of(traces[t].log_height, l);
            if (nt == j) z->F[t] = ef_mul(eqpre, z->br[t]);
            else if (nt < j) z->tailprod[t] = ef_mul(z->tailprod[t], r[j]);
        }
    }
    return rc;
}

/* Column openings: common main of every trace first, then the other parts; rotations observed
 * as 0 when the AIR needs none. */
static int openings(zc_prover *z, swirl_transcript *tr, const swirl_zc_trace *traces, size_t N, swirl_batch_proof *out) {
    int rc = z->ops->openings(z->ws, z->colvals);
    if (rc) return rc;
    size_t total = 0;
    for (size_t t = 0; t < N; t++) total += z->m[t].sel;
    out->openings = swirl_calloc(total + 1, sizeof(ef_t));
    if (!out->openings) return SWIRL_ERR_OUT_OF_MEMORY;
    size_t off = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t first = 0; /* trace t's values start at colvals + first */
        for (size_t t = 0; t < N; t++) {
            const colmap *m = &z->m[t];
            int nr = traces[t].vk->need_rot;
            out->part_count[t] = m->nparts;
            for (size_t pp = pass ? 1 : 0; pp < (pass ? m->nparts : 1); pp++) {
                out->part_offset[t * MAXP + pp] = off;
                for (size_t c = 0; c < m->part_width[pp]; c++) {
                    ef_t v = z->colvals[first + m->part_base[pp] + 2 * c], vr = z->colvals[first + m->part_base[pp] + 2 * c + 1];
                    swirl_tr_observe_ext(tr, v);
                    swirl_tr_observe_ext(tr, nr ? vr : ef_zero());
                    out->openings[off++] = v;
                    if (nr) out->openings[off++] = vr;
                }
                out->part_len[t * MAXP + pp] = off - out->part_offset[t * MAXP + pp];
            }
            first += m->sel;
        }
    }
    out->num_openings = off;
    SWIRL_VERIFY_CHECK(off <= total && SWIRL_EF_CANONICAL(out->openings, off));
    return SWIRL_OK;
}

int swirl_zc_prove(const swirl_system_params *p, swirl_transcript *tr, const swirl_zc_trace *traces, size_t N,
                   const ef_t *xi, size_t n_logup, ef_t beta, swirl_pool *pool, swirl_spans *spans,
                   const swirl_zc_backend *backend, const swirl_zc_residence *residence, swirl_batch_proof *out,
                   ef_t *r) {
    if (!p || !tr || !traces || !N || !xi || !out || !r) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    swirl_span_enter(spans, "round0"); /* exactly one span (round0, then mle_rounds) is open until done */
    const unsigned l = (unsigned)p->l_skip;
    const size_t D = p->max_constraint_degree, ch = (size_t)1 << l;
    unsigned b = 0;
    while (((size_t)1 << b) < D + 1) b++;
    const size_t E = ch << b, ncoef = (D + 1) * (ch - 1) + 1;
    const size_t n_max = ntil_of(traces[0].log_height, l);
    swirl_zc_backend cpu = {swirl_zc_cpu_ops(), pool};
    if (!backend) backend = &cpu;
    zc_prover z;
    memset(&z, 0, sizeof z);
    z.ops = backend->ops;
    int rc = prover_setup(&z, traces, N, l, b, D, n_max);
    if (rc == SWIRL_OK) rc = proof_alloc(out, N, E, n_max, D);
    if (rc == SWIRL_OK) {
        out->num_traces = N;
        out->num_univariate = ncoef;
        out->n_max = n_max;
        out->degree_plus_one = D + 1;
        logup_weights(l, traces, N, n_logup, xi, z.ew);
        /* extension weights, once per proof: every backend extends exactly as the CPU's NTT does */
        rc = swirl_zc_extension_weights(z.tab, l, b, z.wts);
    }
    if (rc == SWIRL_OK) {
        swirl_zc_shape shape = {traces, N, l, b, D, E, n_max, xi, beta, z.ew, z.wts, z.tab, residence};
        swirl_span_enter(spans, "create"); /* the backend's workspace: programs, tables, residence */
        rc = z.ops->create(backend->ops_ctx, &shape, &z.ws);
        swirl_span_exit(spans);
    }
    if (rc == SWIRL_OK) {
        z.lambda = swirl_tr_sample_ext(tr);
        swirl_span_enter(spans, "sums");
        rc = z.ops->round0(z.ws, z.lambda, z.A, z.B, z.C);
        swirl_span_exit(spans);
        if (rc == SWIRL_OK) SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(z.A, N * E) && SWIRL_EF_CANONICAL(z.B, N * E) && SWIRL_EF_CANONICAL(z.C, N * E));
    }
    if (rc == SWIRL_OK) rc = round0_finish(&z, tr, xi, N, l, b, ncoef, out, r);
    if (rc == SWIRL_OK) {
        swirl_span_exit(spans); /* round0 */
        swirl_span_enter(spans, "mle_rounds");
        rc = mle_rounds(&z, tr, traces, N, xi, l, D, n_max, out, r);
    }
    if (rc == SWIRL_OK) rc = openings(&z, tr, traces, N, out);
    swirl_span_exit(spans);
    prover_free(&z, N);
    if (rc) swirl_batch_proof_free(out);
    return rc;
}

/* ---- verifier --------------------------------------------------------------------------------- */

#define ZFAIL(code, ...) swirl_fail(err, SWIRL_ERR_VERIFY, (code), __VA_ARGS__)

int swirl_zc_verify(const swirl_system_params *p, swirl_transcript *tr, const swirl_zc_trace *traces, size_t N,
                    const ef_t *xi, size_t n_logup, ef_t alpha, ef_t beta, ef_t P, ef_t Q, const swirl_batch_proof *pf,
                    ef_t *r, swirl_error *err) {
    if (!p || !tr || !traces || !N || !xi || !pf || !r) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "zerocheck: bad arguments");
    const unsigned l = (unsigned)p->l_skip;
    const size_t D = p->max_constraint_degree, ch = (size_t)1 << l, ncoef = (D + 1) * (ch - 1) + 1;
    const size_t n_max = ntil_of(traces[0].log_height, l);
    if (pf->num_traces != N || pf->num_univariate != ncoef || pf->n_max != n_max || (n_max > 0 && pf->degree_plus_one != D + 1))
        return ZFAIL(SWIRL_ZC_ERR_SHAPE, "batch constraint proof shape does not match");
    for (size_t t = 0; t < N; t++) {
        if (!zc_parts_ok(traces[t].vk))
            return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "zerocheck: trace %zu has more than %d parts (not a key from keygen)", t, MAXP);
        if (ntil_of(traces[t].log_height, l) > n_max)
            return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "zerocheck: trace %zu is taller than trace 0 (traces come tallest first)", t);
        colmap m;
        swirl_zc_make_colmap(traces[t].vk, &m);
        if (pf->part_count[t] != m.nparts) return ZFAIL(SWIRL_ZC_ERR_SHAPE, "trace %zu: wrong number of opened parts", t);
        for (size_t pp = 0; pp < m.nparts; pp++)
            if (pf->part_len[t * MAXP + pp] != m.part_width[pp] * (traces[t].vk->need_rot ? 2 : 1))
                return ZFAIL(SWIRL_ZC_ERR_SHAPE, "trace %zu part %zu: wrong number of openings", t, pp);
    }
    ef_t lambda = swirl_tr_sample_ext(tr);
    ef_t sp = ef_zero(), sq = ef_zero();
    for (size_t t = 0; t < N; t++) {
        swirl_tr_observe_ext(tr, pf->sum_p[t]);
        swirl_tr_observe_ext(tr, pf->sum_q[t]);
        sp = ef_add(sp, pf->sum_p[t]);
        sq = ef_add(sq, pf->sum_q[t]);
    }
    if (!ef_eq(P, sp)) return ZFAIL(SWIRL_ZC_ERR_GKR_NUMERATOR, "LogUp numerator sums do not match GKR (GkrNumeratorMismatch)");
    if (!ef_eq(ef_sub(Q, sq), alpha)) return ZFAIL(SWIRL_ZC_ERR_GKR_DENOMINATOR, "LogUp denominator sums do not match GKR (GkrDenominatorMismatch)");
    ef_t mu = swirl_tr_sample_ext(tr);
    ef_t *mup = swirl_malloc((3 * N + 1) * sizeof *mup);
    if (!mup) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory");
    mup[0] = ef_one();
    for (size_t i = 1; i <= 3 * N; i++) mup[i] = ef_mul(mup[i - 1], mu);
    for (size_t k = 0; k < ncoef; k++) swirl_tr_observe_ext(tr, pf->univariate[k]);
    r[0] = swirl_tr_sample_ext(tr);
    {
        ef_t lhs = ef_zero(), rhs = ef_zero();
        for (size_t k = 0; k < ncoef; k += ch) lhs = ef_add(lhs, pf->univariate[k]);
        lhs = ef_mul_bb(lhs, (bb_t)ch);
        for (size_t t = 0; t < N; t++) rhs = ef_add(rhs, ef_add(ef_mul(mup[2 * t], pf->sum_p[t]), ef_mul(mup[2 * t + 1], pf->sum_q[t])));
        if (!ef_eq(lhs, rhs)) { swirl_free(mup); return ZFAIL(SWIRL_ZC_ERR_SUM_CLAIM, "round-0 polynomial does not sum to the claims (SumClaimMismatch)"); }
    }
    ef_t claim = ef_zero();
    for (size_t k = ncoef; k-- > 0;) claim = ef_add(ef_mul(claim, r[0]), pf->univariate[k]);
    /* per-proof buffers sized from the data: s_j at X = 0..D+1, and eq_ns / eq#_ns for ñ = 0..n_max */
    ef_t *vals = swirl_alloc_array(D + 2, sizeof *vals);
    ef_t *eqn = swirl_alloc_array(n_max + 1, sizeof *eqn), *eqs = swirl_alloc_array(n_max + 1, sizeof *eqs);
    if (!vals || !eqn || !eqs) {
        swirl_free(vals); swirl_free(eqn); swirl_free(eqs); swirl_free(mup);
        return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "zerocheck verify: out of memory");
    }
    for (size_t j = 1; j <= n_max; j++) {
        const ef_t *s = pf->rounds + (j - 1) * (D + 1);
        for (size_t X = 1; X <= D + 1; X++) { vals[X] = s[X - 1]; swirl_tr_observe_ext(tr, s[X - 1]); }
        r[j] = swirl_tr_sample_ext(tr);
        vals[0] = ef_sub(claim, vals[1]);
        claim = lagrange_eval(vals, D + 2, r[j]);
    }
    swirl_free(vals);
    /* observe openings (common main of every trace first), rotations as 0 when absent */
    for (int pass = 0; pass < 2; pass++)
        for (size_t t = 0; t < N; t++) {
            int nr = traces[t].vk->need_rot;
            for (size_t pp = pass ? 1 : 0; pp < (pass ? pf->part_count[t] : 1); pp++) {
                const ef_t *o = pf->openings + pf->part_offset[t * MAXP + pp];
                size_t w = pf->part_len[t * MAXP + pp] / (nr ? 2 : 1);
                for (size_t c = 0; c < w; c++) {
                    swirl_tr_observe_ext(tr, o[nr ? 2 * c : c]);
                    swirl_tr_observe_ext(tr, nr ? o[2 * c + 1] : ef_zero());
                }
            }
        }
    /* eq_ns / eq#_ns */
    eqn[0] = swirl_eq_uni(l, xi[0], r[0]);
    eqs[0] = swirl_eq_sharp(l, xi, r[0]);
    for (size_t i = 1; i <= n_max; i++) {
        ef_t x = xi[l + i - 1];
        ef_t e = ef_add(ef_mul(x, r[i]), ef_mul(ef_sub(ef_one(), x), ef_sub(ef_one(), r[i])));
        eqn[i] = ef_mul(eqn[i - 1], e);
        eqs[i] = ef_mul(eqs[i - 1], e);
    }
    {
        ef_t suffix = ef_one();
        for (size_t i = n_max; i-- > 0;) {
            suffix = ef_mul(suffix, r[i + 1]);
            eqn[i] = ef_mul(eqn[i], suffix);
            eqs[i] = ef_mul(eqs[i], suffix);
        }
    }
    ef_t **ew = swirl_calloc(N, sizeof *ew);
    int rc = ew ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        ew[t] = swirl_calloc(traces[t].vk->dag.num_interactions + 1, sizeof(ef_t));
        if (!ew[t]) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    ef_t expected = ef_zero();
    if (rc == SWIRL_OK) logup_weights(l, traces, N, n_logup, xi, ew);
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        const swirl_air_vk *v = traces[t].vk;
        colmap m;
        swirl_zc_make_colmap(v, &m);
        ef_t *cols = swirl_calloc(m.ncols, sizeof *cols), *scr = swirl_calloc(v->dag.num_nodes + 1, sizeof *scr);
        ef_t *num = swirl_calloc(v->dag.num_interactions + 1, sizeof *num), *den = swirl_calloc(v->dag.num_interactions + 1, sizeof *den);
        if (!cols || !scr || !num || !den) { swirl_free(cols); swirl_free(scr); swirl_free(num); swirl_free(den); rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
        int nr = v->need_rot;
        for (size_t pp = 0; pp < m.nparts; pp++) {
            const ef_t *o = pf->openings + pf->part_offset[t * MAXP + pp];
            for (size_t c = 0; c < m.part_width[pp]; c++) {
                cols[m.part_base[pp] + 2 * c] = o[nr ? 2 * c : c];
                cols[m.part_base[pp] + 2 * c + 1] = nr ? o[2 * c + 1] : ef_zero();
            }
        }
        /* selectors at (l', rho) */
        int n_t = (int)traces[t].log_height - (int)l;
        unsigned lp = n_t >= 0 ? l : (unsigned)((int)l + n_t);
        ef_t rho0 = r[0];
        for (int q = 0; q < -n_t; q++) rho0 = ef_sqr(rho0);
        size_t nt = n_t > 0 ? (size_t)n_t : 0;
        SWIRL_VERIFY_CHECK(nt <= n_max); /* traces sorted by height: eqn / eqs have n_max + 1 entries */
        ef_t pf1 = ef_one(), pl1 = ef_one();
        for (size_t i = 1; i <= nt; i++) { pf1 = ef_mul(pf1, ef_sub(ef_one(), r[i])); pl1 = ef_mul(pl1, r[i]); }
        ef_t sf = ef_zero(), sl = ef_zero(), pw = ef_one(), pwl = ef_one();
        ef_t rw = ef_mul_bb(rho0, bb_two_adic_generator(lp));
        for (size_t k = 0; k < ((size_t)1 << lp); k++) { sf = ef_add(sf, pw); sl = ef_add(sl, pwl); pw = ef_mul(pw, rho0); pwl = ef_mul(pwl, rw); }
        bb_t inv = bb_inv_pow2(lp);
        cols[m.sel] = ef_mul_bb(ef_mul(sf, pf1), inv);
        cols[m.sel + 1] = ef_mul_bb(ef_mul(sl, pl1), inv);
        cols[m.sel + 2] = ef_sub(ef_one(), cols[m.sel + 1]);
        ef_t C;
        swirl_zc_eval_dag(v, &m, cols, traces[t].public_values, lambda, beta, scr, &C, num, den);
        ef_t sn = ef_zero(), sd = ef_zero();
        for (size_t i = 0; i < v->dag.num_interactions; i++) { sn = ef_add(sn, ef_mul(ew[t][i], num[i])); sd = ef_add(sd, ef_mul(ew[t][i], den[i])); }
        bb_t norm = traces[t].log_height < l ? bb_inv_pow2(l - traces[t].log_height) : 1;
        expected = ef_add(expected, ef_mul(ef_mul(mup[2 * t], ef_mul_bb(sn, norm)), eqs[nt]));
        expected = ef_add(expected, ef_mul(ef_mul(mup[2 * t + 1], sd), eqs[nt]));
        expected = ef_add(expected, ef_mul(ef_mul(mup[2 * N + t], C), eqn[nt]));
        swirl_free(cols); swirl_free(scr); swirl_free(num); swirl_free(den);
    }
    for (size_t t = 0; ew && t < N; t++) swirl_free(ew[t]);
    swirl_free(ew);
    swirl_free(mup);
    swirl_free(eqn);
    swirl_free(eqs);
    if (rc) return swirl_fail(err, rc, 0, "zerocheck verify: out of memory");
    if (!ef_eq(expected, claim)) return ZFAIL(SWIRL_ZC_ERR_INCONSISTENT, "column openings inconsistent with the sumcheck (InconsistentClaims)");
    return SWIRL_OK;
}
