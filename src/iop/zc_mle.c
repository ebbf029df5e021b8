/* zc_mle.c — rounds j >= 1 of the batch constraint sumcheck: tables of every lifted column at
 * r_0, then per round s_j(X) at X = 1..D+1 by evaluating the DAG in EF on interpolated column
 * values (traces with ñ < j contribute F_t * prod r * X), and the folds by r_j. Work splits
 * over the pool (columns for tables and folds, y for the sums, per-worker accumulators). With
 * AVX-512 the compiled program runs on 16 values of y at once (EF in structure-of-arrays form,
 * Montgomery form); the portable path evaluates the DAG node by node; both give the same values. */
#include <stdlib.h>
#include <string.h>
#include "field/bb_avx512.h"
#include "field/field_constants.h"
#include "iop/zc_internal.h"
#include "poly/eq.h"
#include "util/bigalloc.h"
#include "util/check.h"

typedef struct {
    const swirl_zc_trace *traces;
    trace_state *ts;
    ef_t *const *ew;
    size_t N, D, t, len;
    unsigned l;
    ef_t lambda, beta, eqsharp_r0, eqd_r0, rj;
    const ef_t *L0, *mup, *eqy, *xi;
    unsigned nw;
    ef_t **wscr;  /* per worker: cols[maxc] | scr[maxn] | num[maxi] | den[maxi] */
    ef_t *wacc;   /* per worker: nacc accumulators, index X = 0..D+1 */
    size_t nacc;  /* D + 2: accumulators per worker */
    size_t maxc, maxn, maxi;
    /* AVX-512 path: lambda powers (the program is trace_state.prog),
     * per worker SoA scratch of 16 lanes: node values (4 x 16 words each) and used columns
     * (value and X-step, 8 x 16 words each) */
    int vec;          /* AVX-512 path on */
    const ef_t *vlp;
    uint32_t **vval, **vcol;
} mle_job;

/* the bracket of trace t at column values cols: LogUp part weighted by eq#(xi, r0), constraint
 * part by eq(xi_0, r0), batched by mu */
static ef_t bracket(const mle_job *j, size_t t, unsigned w, const ef_t *cols) {
    ef_t *scr = j->wscr[w] + j->maxc, *num = scr + j->maxn, *den = num + j->maxi;
    ef_t C, sn = ef_zero(), sd = ef_zero();
    zc_eval_dag(j->traces[t].vk, &j->ts[t].m, cols, j->traces[t].public_values, j->lambda, j->beta, scr, &C, num, den);
    for (size_t i = 0; i < j->traces[t].vk->dag.num_interactions; i++) {
        sn = ef_add(sn, ef_mul(j->ew[t][i], num[i]));
        sd = ef_add(sd, ef_mul(j->ew[t][i], den[i]));
    }
    ef_t lg = ef_mul(j->eqsharp_r0, ef_add(ef_mul(j->mup[2 * t], ef_mul_bb(sn, j->ts[t].norm)), ef_mul(j->mup[2 * t + 1], sd)));
    return ef_add(lg, ef_mul(ef_mul(j->mup[2 * j->N + t], j->eqd_r0), C));
}

/* T[c][x] = sum_z L0[z] * M[c][x * 2^l + z] for columns [b, e) */
static void table_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const mle_job *j = vp;
    trace_state *s = &j->ts[j->t];
    size_t ch = (size_t)1 << j->l, nx = s->Hl >> j->l;
    for (size_t c = b; c < e; c++)
        for (size_t x = 0; x < nx; x++) s->T[c * s->Tstride + x] = ef_dot_bb(j->L0, s->M + c * s->Hl + x * ch, ch);
}

/* round j: wacc[w][X] += eqy[y] * bracket(interpolated columns at X) for y in [b, e) */
static void round_body(void *vp, size_t b, size_t e, unsigned w) {
    const mle_job *j = vp;
    const trace_state *s = &j->ts[j->t];
    ef_t *cols = j->wscr[w], *acc = j->wacc + (size_t)w * j->nacc;
    ef_t *dif = j->wscr[w] + j->maxc + j->maxn + 2 * j->maxi; /* per used column: v1 - v0 */
    SWIRL_VERIFY_CHECK(j->D + 1 < j->nacc);      /* acc[X] for X = 1..D+1 */
    SWIRL_VERIFY_CHECK(s->prog.nu <= j->maxc);   /* dif[] fits the worker's scratch */
    SWIRL_VERIFY_CHECK(e <= j->len / 2);          /* T[2y + 1] within the round's table */
    for (size_t y = b; y < e; y++) {
        /* only the columns the DAG reads are interpolated; X = 1 is v1, each next X adds v1 - v0 */
        for (size_t u = 0; u < s->prog.nu; u++) {
            const ef_t *T = s->T + (size_t)s->prog.ucols[u] * s->Tstride + 2 * y;
            cols[s->prog.ucols[u]] = T[1];
            dif[u] = ef_sub(T[1], T[0]);
        }
        for (size_t X = 1; X <= j->D + 1; X++) {
            if (X > 1)
                for (size_t u = 0; u < s->prog.nu; u++) cols[s->prog.ucols[u]] = ef_add(cols[s->prog.ucols[u]], dif[u]);
            acc[X] = ef_add(acc[X], ef_mul(j->eqy[y], bracket(j, j->t, w, cols)));
        }
    }
}

#if SWIRL_HAVE_AVX512_CODE
#define LD(p) _mm512_loadu_si512((const void *)(p))
#define ST(p, v) _mm512_storeu_si512((void *)(p), (v))

/* Round j on blocks of 16 consecutive y: the used columns are interpolated at X = 1 (v1) and
 * stepped by v1 - v0 for X = 2..D+1; the program runs on 16 lanes in EF, Montgomery form; the
 * lambda-batching multiplies canonical powers by Montgomery values (canonical result). */
static SWIRL_AVX512 void round_body_avx512(void *vp, size_t bb, size_t be, unsigned w) {
    const mle_job *j = vp;
    const trace_state *s = &j->ts[j->t];
    const zc_prog *g = &s->prog;
    const swirl_dag *d = &j->traces[j->t].vk->dag;
    const __m512i P = _mm512_set1_epi32((int)BB_P), MU = _mm512_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const __m512i R2 = _mm512_set1_epi32((int)SWIRL_BB_MONTY_R2), Z = _mm512_setzero_si512();
    const size_t half = j->len / 2, nn = d->num_nodes, ni = d->num_interactions;
    uint32_t *val = j->vval[w], *col = j->vcol[w];
    ef_t *acc = j->wacc + (size_t)w * j->nacc;
    ef_t *scr = j->wscr[w];
    ef_t *num = scr + j->maxc + j->maxn, *den = num + j->maxi;
    /* gather indices: lane k reads T[2 (y0 + k)] (component c at word 8k + c) */
    const __m512i gi = _mm512_mullo_epi32(_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi32(8));
    SWIRL_VERIFY_CHECK(j->D + 1 < j->nacc);  /* acc[X] for X = 1..D+1 */
    SWIRL_VERIFY_CHECK(be * 16 < half + 16); /* the last block starts below half */
    for (size_t blk = bb; blk < be; blk++) {
        const size_t y0 = blk * 16, nl = half - y0 < 16 ? half - y0 : 16;
        const __mmask16 lm = (__mmask16)((1u << nl) - 1);
        for (size_t u = 0; u < g->nu; u++) {
            const uint32_t *T0 = (const uint32_t *)(s->T + (size_t)g->ucols[u] * s->Tstride + 2 * y0);
            uint32_t *cu = col + u * 128;
            for (int c = 0; c < 4; c++) {
                __m512i v0 = _mm512_mask_i32gather_epi32(Z, lm, _mm512_add_epi32(gi, _mm512_set1_epi32(c)), T0, 4);
                __m512i v1 = _mm512_mask_i32gather_epi32(Z, lm, _mm512_add_epi32(gi, _mm512_set1_epi32(4 + c)), T0, 4);
                ST(cu + c * 16, bbv_mont(v1, R2, P, MU));                       /* X = 1 */
                ST(cu + 64 + c * 16, bbv_mont(bbv_sub(v1, v0, P), R2, P, MU)); /* step */
            }
        }
        for (size_t X = 1; X <= j->D + 1; X++) {
            if (X > 1)
                for (size_t u = 0; u < g->nu; u++) {
                    uint32_t *cu = col + u * 128;
                    for (int c = 0; c < 4; c++) ST(cu + c * 16, bbv_add(LD(cu + c * 16), LD(cu + 64 + c * 16), P));
                }
            for (size_t i = 0; i < nn; i++) {
                uint32_t *o = val + i * 64;
                const uint32_t *a = val + (size_t)g->a0[i] * 64, *b = val + (size_t)g->a1[i] * 64;
                switch (g->op[i]) {
                case SWIRL_ZC_OP_COL: {
                    const uint32_t *cu = col + (size_t)g->ccol[i] * 128;
                    for (int c = 0; c < 4; c++) ST(o + c * 16, LD(cu + c * 16));
                    break;
                }
                case SWIRL_ZC_OP_CONST:
                    ST(o, _mm512_set1_epi32((int)g->cmont[i]));
                    for (int c = 1; c < 4; c++) ST(o + c * 16, Z);
                    break;
                case SWIRL_ZC_OP_ADD:
                    for (int c = 0; c < 4; c++) ST(o + c * 16, bbv_add(LD(a + c * 16), LD(b + c * 16), P));
                    break;
                case SWIRL_ZC_OP_SUB:
                    for (int c = 0; c < 4; c++) ST(o + c * 16, bbv_sub(LD(a + c * 16), LD(b + c * 16), P));
                    break;
                case SWIRL_ZC_OP_NEG:
                    for (int c = 0; c < 4; c++) ST(o + c * 16, bbv_sub(Z, LD(a + c * 16), P));
                    break;
                default: {
                    __m512i av[4], bv[4], rv[4];
                    for (int c = 0; c < 4; c++) { av[c] = LD(a + c * 16); bv[c] = LD(b + c * 16); }
                    bbv_ef_mul(av, bv, rv, P, MU);
                    for (int c = 0; c < 4; c++) ST(o + c * 16, rv[c]);
                    break;
                }
                }
            }
            /* C = sum_k lambda^k c_k: canonical lambda powers times Montgomery values */
            __m512i C[4] = {Z, Z, Z, Z};
            for (size_t k = 0; k < d->num_constraints; k++) {
                const uint32_t *cv = val + (size_t)g->cn[k] * 64;
                __m512i lv[4], xv[4], rv[4];
                for (int c = 0; c < 4; c++) { lv[c] = _mm512_set1_epi32((int)j->vlp[k].c[c]); xv[c] = LD(cv + c * 16); }
                bbv_ef_mul(lv, xv, rv, P, MU);
                for (int c = 0; c < 4; c++) C[c] = bbv_add(C[c], rv[c], P);
            }
            uint32_t Cl[4][16];
            for (int c = 0; c < 4; c++) ST(Cl[c], C[c]);
            for (size_t k = 0; k < nl; k++) {
                ef_t Ck = {{Cl[0][k], Cl[1][k], Cl[2][k], Cl[3][k]}};
                ef_t sn = ef_zero(), sd = ef_zero();
                for (size_t i = 0; i < ni; i++) {
                    const size_t m0 = g->off[i], len = g->off[i + 1] - m0;
                    ef_t h = ef_zero(), bp = ef_one();
                    for (size_t q = 0; q < len; q++) {
                        const uint32_t *mv = val + (size_t)g->msg[m0 + q] * 64;
                        ef_t x = {{bb_mul(mv[k], ZC_RINV), bb_mul(mv[16 + k], ZC_RINV), bb_mul(mv[32 + k], ZC_RINV), bb_mul(mv[48 + k], ZC_RINV)}};
                        h = ef_add(h, ef_mul(bp, x));
                        bp = ef_mul(bp, j->beta);
                    }
                    num[i] = (ef_t){{bb_mul(val[(size_t)g->cnt[i] * 64 + k], ZC_RINV), bb_mul(val[(size_t)g->cnt[i] * 64 + 16 + k], ZC_RINV),
                                     bb_mul(val[(size_t)g->cnt[i] * 64 + 32 + k], ZC_RINV), bb_mul(val[(size_t)g->cnt[i] * 64 + 48 + k], ZC_RINV)}};
                    den[i] = ef_add(h, ef_mul_bb(bp, (bb_t)g->bus[i] + 1));
                    sn = ef_add(sn, ef_mul(j->ew[j->t][i], num[i]));
                    sd = ef_add(sd, ef_mul(j->ew[j->t][i], den[i]));
                }
                const size_t t = j->t;
                ef_t lg = ef_mul(j->eqsharp_r0, ef_add(ef_mul(j->mup[2 * t], ef_mul_bb(sn, s->norm)), ef_mul(j->mup[2 * t + 1], sd)));
                ef_t br = ef_add(lg, ef_mul(ef_mul(j->mup[2 * j->N + t], j->eqd_r0), Ck));
                acc[X] = ef_add(acc[X], ef_mul(j->eqy[y0 + k], br));
            }
        }
    }
}
#undef LD
#undef ST
#endif

/* fold every column of trace t by r_j: T[c][y] = T[2y] + r_j (T[2y+1] - T[2y]) (in place) */
static void fold_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const mle_job *j = vp;
    trace_state *s = &j->ts[j->t];
    for (size_t c = b; c < e; c++) {
        /* in place within the column: dst[y] is written after T[2y], T[2y+1] were read, y <= 2y */
        ef_t *T = s->T + c * s->Tstride;
        for (size_t y = 0; y < j->len / 2; y++) T[y] = ef_add(T[2 * y], ef_mul(j->rj, ef_sub(T[2 * y + 1], T[2 * y])));
    }
}

/* ---- per-proof setup: every buffer sized from the data (traces, D, l, workers), once ---------- */

/* tables at Z = r0 of every trace (columns in parallel); the base columns are released */
static int mle_tables(mle_job *mj, size_t N, unsigned l, swirl_pool *pool) {
    for (size_t t = 0; t < N; t++) {
        trace_state *s = &mj->ts[t];
        size_t nx = s->Hl >> l;
        s->T = swirl_alloc_array(s->m.ncols * nx, sizeof(ef_t));
        s->Tstride = nx;
        if (!s->T) return SWIRL_ERR_OUT_OF_MEMORY;
        mj->t = t;
        swirl_pool_for(pool, s->m.ncols, 16, table_body, mj);
        swirl_free(s->M); /* the base columns are no longer needed */
        s->M = NULL;
    }
    return SWIRL_OK;
}

/* per-worker scratch of the portable evaluator and the per-worker accumulators */
static int mle_scratch(mle_job *mj, size_t N) {
    size_t maxn = 1, maxi = 1, maxc = 1;
    for (size_t t = 0; t < N; t++) {
        const swirl_dag *d = &mj->traces[t].vk->dag;
        if (d->num_nodes + 1 > maxn) maxn = d->num_nodes + 1;
        if (d->num_interactions + 1 > maxi) maxi = d->num_interactions + 1;
        if (mj->ts[t].m.ncols > maxc) maxc = mj->ts[t].m.ncols;
    }
    mj->maxc = maxc;
    mj->maxn = maxn;
    mj->maxi = maxi;
    mj->wscr = swirl_calloc(mj->nw, sizeof *mj->wscr);
    mj->wacc = swirl_calloc((size_t)mj->nw, mj->nacc * sizeof *mj->wacc);
    if (!mj->wscr || !mj->wacc) return SWIRL_ERR_OUT_OF_MEMORY;
    for (unsigned w = 0; w < mj->nw; w++) {
        mj->wscr[w] = swirl_alloc_array(2 * maxc + maxn + 2 * maxi, sizeof(ef_t));
        if (!mj->wscr[w]) return SWIRL_ERR_OUT_OF_MEMORY;
    }
    return SWIRL_OK;
}

/* AVX-512: lambda powers and 16-lane scratch. Out of memory is reported like every other
 * allocation failure (no silent fallback whose behaviour would depend on the ISA). */
static int mle_vector_scratch(mle_job *mj, size_t N, ef_t **vlp_out) {
    size_t maxk = 1, maxu = 1;
    for (size_t t = 0; t < N; t++) {
        if (mj->traces[t].vk->dag.num_constraints + 1 > maxk) maxk = mj->traces[t].vk->dag.num_constraints + 1;
        if (mj->ts[t].prog.nu + 1 > maxu) maxu = mj->ts[t].prog.nu + 1;
    }
    ef_t *vlp = swirl_alloc_array(maxk, sizeof *vlp);
    *vlp_out = vlp;
    mj->vval = swirl_calloc(mj->nw, sizeof *mj->vval);
    mj->vcol = swirl_calloc(mj->nw, sizeof *mj->vcol);
    int ok = vlp && mj->vval && mj->vcol;
    for (unsigned w = 0; ok && w < mj->nw; w++) {
        mj->vval[w] = swirl_big_alloc(mj->maxn * 64 * sizeof(uint32_t), 0);
        mj->vcol[w] = swirl_big_alloc(maxu * 128 * sizeof(uint32_t), 0);
        ok = mj->vval[w] && mj->vcol[w];
    }
    if (!ok) return SWIRL_ERR_OUT_OF_MEMORY;
    vlp[0] = ef_one();
    for (size_t k = 1; k < maxk; k++) vlp[k] = ef_mul(vlp[k - 1], mj->lambda);
    mj->vlp = vlp;
    mj->vec = 1;
    return SWIRL_OK;
}

static void mle_job_free(mle_job *mj) {
    for (unsigned w = 0; mj->wscr && w < mj->nw; w++) swirl_free(mj->wscr[w]);
    swirl_free(mj->wscr);
    swirl_free(mj->wacc);
    for (unsigned w = 0; mj->vval && w < mj->nw; w++) swirl_free(mj->vval[w]);
    for (unsigned w = 0; mj->vcol && w < mj->nw; w++) swirl_free(mj->vcol[w]);
    swirl_free(mj->vval);
    swirl_free(mj->vcol);
}

/* s_j's contribution of a trace with ñ >= j: the pool's sums over y, per X, times
 * eqpre * eq(xi_{l+j-1}, X) */
static void mle_round_trace(mle_job *mj, size_t t, size_t j, ef_t xij, ef_t eqpre, ef_t *eqy, ef_t *sv, swirl_pool *pool) {
    const trace_state *s = &mj->ts[t];
    const size_t D = mj->D;
    size_t len = (size_t)1 << (s->ntil - j + 1), half = len / 2;
    swirl_eq_table(mj->xi + mj->l + j, s->ntil - j, eqy);
    mj->t = t;
    mj->len = len;
    mj->eqy = eqy;
    memset(mj->wacc, 0, (size_t)mj->nw * mj->nacc * sizeof *mj->wacc);
#if SWIRL_HAVE_AVX512_CODE
    if (mj->vec) swirl_pool_for(pool, (half + 15) / 16, 1, round_body_avx512, mj);
    else
#endif
        swirl_pool_for(pool, half, 1, round_body, mj);
    for (size_t X = 1; X <= D + 1; X++) {
        ef_t acc = ef_zero(); /* field addition is exact: the split never changes the sum */
        for (unsigned w = 0; w < mj->nw; w++) acc = ef_add(acc, mj->wacc[(size_t)w * mj->nacc + X]);
        ef_t ex = ef_add(ef_mul_bb(xij, (bb_t)X), ef_mul(ef_sub(ef_one(), xij), ef_from_bb(bb_sub(1, (bb_t)X))));
        sv[X] = ef_add(sv[X], ef_mul(ef_mul(eqpre, ex), acc));
    }
}

int zc_mle_rounds(const zc_mle_input *in, swirl_transcript *tr, swirl_pool *pool, ef_t *rounds_out, ef_t *r) {
    const swirl_zc_trace *traces = in->traces;
    trace_state *ts = in->ts;
    const size_t N = in->N, n_max = in->n_max, D = in->D;
    const unsigned l = in->l;
    const size_t ch = (size_t)1 << l;
    const ef_t *xi = in->xi;
    mle_job mj;
    memset(&mj, 0, sizeof mj);
    mj.traces = traces;
    mj.ts = ts;
    mj.ew = in->ew;
    mj.N = N;
    mj.l = l;
    mj.D = D;
    mj.nacc = D + 2;
    mj.lambda = in->lambda;
    mj.beta = in->beta;
    mj.xi = xi;
    mj.eqsharp_r0 = swirl_eq_sharp(l, xi, r[0]);
    mj.eqd_r0 = swirl_eq_uni(l, xi[0], r[0]);
    mj.mup = in->mup;
    mj.nw = swirl_pool_size(pool);
    /* per-proof buffers, sized from the data: the Lagrange weights at r0 (2^l), s_j at X = 0..D+1,
     * the eq table over y (sized for round 1 of the tallest trace, reused by every round), and
     * per trace the running product of the r_i past its ñ (one entry per trace: any N) */
    ef_t *L0 = swirl_alloc_array(ch, sizeof *L0), *sv = swirl_alloc_array(D + 2, sizeof *sv);
    ef_t *eqy = swirl_alloc_array((size_t)1 << (n_max > 0 ? n_max - 1 : 0), sizeof *eqy);
    ef_t *tailprod = swirl_alloc_array(N, sizeof *tailprod);
    ef_t *vlp = NULL;
    int rc = L0 && sv && eqy && tailprod ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        bb_t wl = bb_two_adic_generator(l);
        for (size_t z = 0; z < ch; z++) L0[z] = swirl_eq_uni(l, r[0], ef_from_bb(bb_pow(wl, z)));
        mj.L0 = L0;
        rc = mle_tables(&mj, N, l, pool);
    }
    if (rc == SWIRL_OK) rc = mle_scratch(&mj, N);
    if (rc == SWIRL_OK && zc_have_avx512()) rc = mle_vector_scratch(&mj, N, &vlp);
    /* traces with ñ = 0 are fully folded already */
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++)
        if (ts[t].ntil == 0) {
            ef_t *cols = mj.wscr[0];
            for (size_t c = 0; c < ts[t].m.ncols; c++) cols[c] = ts[t].T[c * ts[t].Tstride];
            ts[t].F = bracket(&mj, t, 0, cols);
        }
    ef_t eqpre = ef_one(); /* prod_{i<j} eq(xi_{l+i-1}, r_i) */
    for (size_t t = 0; rc == SWIRL_OK && t < N; t++) tailprod[t] = ef_one();
    for (size_t j = 1; j <= n_max && rc == SWIRL_OK; j++) {
        for (size_t X = 0; X <= D + 1; X++) sv[X] = ef_zero();
        ef_t xij = xi[l + j - 1];
        for (size_t t = 0; t < N; t++) {
            /* traces are sorted by height: ñ <= n_max, so the eq table of round 1 holds every round */
            SWIRL_VERIFY_CHECK(ts[t].ntil <= n_max);
            if (ts[t].ntil >= j) {
                mle_round_trace(&mj, t, j, xij, eqpre, eqy, sv, pool);
            } else {
                /* tail: F_t * prod_{ñ<i<j} r_i * X */
                for (size_t X = 1; X <= D + 1; X++) sv[X] = ef_add(sv[X], ef_mul_bb(ef_mul(ts[t].F, tailprod[t]), (bb_t)X));
            }
        }
        SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(sv + 1, D + 1));
        for (size_t X = 1; X <= D + 1; X++) {
            rounds_out[(j - 1) * (D + 1) + (X - 1)] = sv[X];
            swirl_tr_observe_ext(tr, sv[X]);
        }
        r[j] = swirl_tr_sample_ext(tr);
        eqpre = ef_mul(eqpre, ef_add(ef_mul(xij, r[j]), ef_mul(ef_sub(ef_one(), xij), ef_sub(ef_one(), r[j]))));
        mj.rj = r[j];
        for (size_t t = 0; t < N; t++) {
            trace_state *s = &ts[t];
            if (s->ntil >= j) {
                mj.t = t;
                mj.len = (size_t)1 << (s->ntil - j + 1);
                swirl_pool_for(pool, s->m.ncols, 16, fold_body, &mj);
                if (s->ntil == j) {
                    ef_t *cols = mj.wscr[0];
                    for (size_t c = 0; c < s->m.ncols; c++) cols[c] = s->T[c * s->Tstride];
                    s->F = ef_mul(eqpre, bracket(&mj, t, 0, cols));
                }
            } else {
                tailprod[t] = ef_mul(tailprod[t], r[j]);
            }
        }
    }
    mle_job_free(&mj);
    swirl_free(vlp);
    swirl_free(L0);
    swirl_free(sv);
    swirl_free(eqy);
    swirl_free(tailprod);
    return rc;
}
