/* zc_cpu.c — the CPU backend's batch constraint sumcheck operations (iop/zc_ops.h), on the
 * lifted host columns, split over the context's pool.
 *
 * Round 0: every chunk x of 2^l rows of every column the DAG reads is extended to the 2^(l+b)
 * points, the compiled program runs in the base field over blocks of 16 points, and the
 * eq-weighted LogUp numerator / denominator and lambda-batched constraint sums accumulate per
 * point. Chunks run in parallel with per-worker accumulators (field sums are exact, so the split
 * never changes the result). With AVX-512 the extension is a weight matrix applied straight into
 * Montgomery form and the program runs on 16 lanes; otherwise batched small NTTs and portable
 * slice ops; both give the same values.
 *
 * Rounds j >= 1: tables of every lifted column at r_0, then per round the sums over y of the
 * DAG in EF on interpolated column values, and the folds by r_j. Work splits over the pool
 * (columns for tables and folds, y for the sums, per-worker accumulators). With AVX-512 the
 * compiled program runs on 16 values of y at once (EF in structure-of-arrays form, Montgomery
 * form); the portable path evaluates the DAG node by node; both give the same values. */
#include <stdlib.h>
#include <string.h>
#include "field/bb_avx512.h"
#include "field/bb_vec.h"
#include "field/field_constants.h"
#include "iop/zc_internal.h"
#include "iop/zc_ops.h"
#include "util/bigalloc.h"
#include "poly/eq.h"
#include "util/alloc.h"
#include "util/check.h"

/* Points per DAG pass: every node is evaluated at R0_PTS points at once, so the per-node dispatch
 * is paid once per block and the inner loops are straight-line arithmetic. The block's values
 * (nodes x R0_PTS words, ~2.5 MB for keccakf) stay in a worker's cache. */
#define R0_PTS 16

/* Round 0 of one trace: adds its eq-weighted LogUp numerator / denominator and lambda-batched
 * constraint sums at the E = 2^(l+b) points into A, B, C. */
typedef struct {
    const swirl_air_vk *v;
    const trace_state *s;
    const swirl_ntt_tables *tab; /* up to 2^(l+b) points */
    unsigned l, b;
    const ef_t *xi, *ew;          /* xi: the sumcheck point (eq over chunks uses xi[l..]) */
    ef_t lambda, beta;
    const bb_t *weights_mont;     /* extension weights [z][pt] times 2^64 for the AVX-512 path, NULL: portable path */
} zc_r0_trace;

typedef struct {
    const swirl_air_vk *v;
    const trace_state *s;
    const zc_prog *g;
    const uint32_t *pv;
    const swirl_ntt_tables *tab;
    unsigned l, b;
    size_t E;
    const ef_t *ew;
    ef_t *eqx, *lp, *bp, *acc; /* acc: per worker A, B, C rows (acc[(w*3 + k) * E + point]) */
    unsigned nw;
    bb_t **wscr, **wext;
    const bb_t *wmat; /* AVX-512 path: extension weights [z][pt], times 2^64 mod p (NULL: NTT path) */
} r0_job;

/* Portable block: canonical values, P points. */
static void r0_block_portable(const r0_job *j, const bb_t *ext, size_t E, size_t p0, size_t P, bb_t *val) {
    const size_t nn = j->v->dag.num_nodes;
    for (size_t i = 0; i < nn; i++) {
        bb_t *o = val + i * R0_PTS;
        const bb_t *a = val + (size_t)j->g->a0[i] * R0_PTS, *b = val + (size_t)j->g->a1[i] * R0_PTS;
        switch (j->g->op[i]) {
        case SWIRL_ZC_OP_COL: memcpy(o, ext + (size_t)j->g->ccol[i] * E + p0, P * sizeof *o); break;
        case SWIRL_ZC_OP_CONST: for (size_t q = 0; q < P; q++) o[q] = j->g->a0[i]; break;
        case SWIRL_ZC_OP_ADD: swirl_bb_vec_add(o, a, b, P); break;
        case SWIRL_ZC_OP_SUB: swirl_bb_vec_sub(o, a, b, P); break;
        case SWIRL_ZC_OP_NEG: for (size_t q = 0; q < P; q++) o[q] = bb_neg(a[q]); break;
        default: swirl_bb_vec_mul(o, a, b, P); break;
        }
    }
}

#if SWIRL_HAVE_AVX512_CODE
/* AVX-512 block: 16 points, values in Montgomery form (x 2^32 mod p). Sums and differences
 * are the same in both forms; a product needs one Montgomery reduction. */
static SWIRL_AVX512 void r0_block_avx512(const r0_job *j, const bb_t *ext, size_t E, size_t p0, bb_t *val) {
    const __m512i P = _mm512_set1_epi32((int)BB_P), MU = _mm512_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const __m512i Z = _mm512_setzero_si512();
    const size_t nn = j->v->dag.num_nodes;
    for (size_t i = 0; i < nn; i++) {
        const uint32_t a = j->g->a0[i], b = j->g->a1[i];
        __m512i v;
        switch (j->g->op[i]) {
        case SWIRL_ZC_OP_COL: v = _mm512_loadu_si512((const void *)(ext + (size_t)j->g->ccol[i] * E + p0)); break; /* already Montgomery */
        case SWIRL_ZC_OP_CONST: v = _mm512_set1_epi32((int)j->g->cmont[i]); break;
        case SWIRL_ZC_OP_ADD:
            v = bbv_add(_mm512_loadu_si512((const void *)(val + (size_t)a * 16)), _mm512_loadu_si512((const void *)(val + (size_t)b * 16)), P);
            break;
        case SWIRL_ZC_OP_SUB:
            v = bbv_sub(_mm512_loadu_si512((const void *)(val + (size_t)a * 16)), _mm512_loadu_si512((const void *)(val + (size_t)b * 16)), P);
            break;
        case SWIRL_ZC_OP_NEG: v = bbv_sub(Z, _mm512_loadu_si512((const void *)(val + (size_t)a * 16)), P); break;
        default:
            v = bbv_mont(_mm512_loadu_si512((const void *)(val + (size_t)a * 16)), _mm512_loadu_si512((const void *)(val + (size_t)b * 16)), P, MU);
            break;
        }
        _mm512_storeu_si512((void *)(val + i * 16), v);
    }
}

/* Extension of chunk x of every used column to the E points (E a multiple of 16), straight into
 * Montgomery form: out[pt] = sum_z W[pt][z] c[z], as 16-point vectors times broadcast chunk
 * values (the weights carry 2^64, so one Montgomery product leaves value * 2^32). */
static SWIRL_AVX512 void r0_extend_avx512(const r0_job *j, size_t x, bb_t *ext) {
    const __m512i P = _mm512_set1_epi32((int)BB_P), MU = _mm512_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const size_t ch = (size_t)1 << j->l, E = j->E, nb = E / 16;
    const trace_state *s = j->s;
    for (size_t u = 0; u < j->g->nu; u++) {
        const bb_t *c = s->M + (size_t)j->g->ucols[u] * s->Hl + x * ch;
        bb_t *o = ext + u * E;
        for (size_t b = 0; b < nb; b++) {
            __m512i acc = _mm512_setzero_si512();
            for (size_t z = 0; z < ch; z++) {
                __m512i w = _mm512_loadu_si512((const void *)(j->wmat + z * E + b * 16));
                acc = bbv_add(acc, bbv_mont(w, _mm512_set1_epi32((int)c[z]), P, MU), P);
            }
            _mm512_storeu_si512((void *)(o + b * 16), acc);
        }
    }
}
#endif

static void r0_body(void *vp, size_t xb, size_t xe, unsigned w) {
    const r0_job *j = vp;
    const swirl_air_vk *v = j->v;
    const swirl_dag *d = &v->dag;
    const trace_state *s = j->s;
    const size_t ch = (size_t)1 << j->l, E = j->E, nn = d->num_nodes, ni = d->num_interactions;
    const size_t P = E < R0_PTS ? E : R0_PTS;
    SWIRL_VERIFY_CHECK(E % P == 0); /* E = 2^(l+b): the blocks tile the points */
    SWIRL_VERIFY_CHECK(xe <= s->Hl >> j->l); /* chunks of the lifted columns */
    bb_t *val = j->wscr[w], *tmp = val + (nn + 1) * R0_PTS, *ext = j->wext[w];
    ef_t *accA = j->acc + (w * 3 + 0) * E, *accB = j->acc + (w * 3 + 1) * E, *accC = j->acc + (w * 3 + 2) * E;
    for (size_t x = xb; x < xe; x++) {
        /* extend every lifted column's chunk from the 2^l skip domain to the 2^(l+b) points, batched */
#if SWIRL_HAVE_AVX512_CODE
        if (j->wmat) {
            r0_extend_avx512(j, x, ext);
        } else
#endif
        {
            for (size_t u = 0; u < j->g->nu; u++) memcpy(tmp + u * ch, s->M + (size_t)j->g->ucols[u] * s->Hl + x * ch, ch * sizeof *tmp);
            swirl_idft_batch(j->tab, tmp, j->l, j->g->nu, ch, NULL);
            swirl_rs_encode_batch(j->tab, tmp, ch, j->l, j->b, j->g->nu, ext, E, NULL);
        }
        ef_t ex = j->eqx[x];
        for (size_t p0 = 0; p0 < E; p0 += P) {
            /* node values at the block's points: Montgomery form on the AVX-512 path (one
             * reduction per product), canonical on the portable path */
            int mont = 0;
#if SWIRL_HAVE_AVX512_CODE
            if (j->wmat) { r0_block_avx512(j, ext, E, p0, val); mont = 1; }
            else
#endif
                r0_block_portable(j, ext, E, p0, P, val);
            /* lambda-batching with delayed reduction: each product < 2^62, 128-bit sums never wrap */
            unsigned __int128 cacc[R0_PTS][4];
            memset(cacc, 0, sizeof cacc);
            for (size_t k = 0; k < d->num_constraints; k++) {
                const bb_t *cv = val + (size_t)d->constraint_idx[k] * R0_PTS;
                const ef_t lk = j->lp[k];
                for (size_t q = 0; q < P; q++)
                    for (int c = 0; c < 4; c++) cacc[q][c] += (uint64_t)lk.c[c] * cv[q];
            }
            for (size_t q = 0; q < P; q++) {
                const size_t pt = p0 + q;
                ef_t C;
                for (int c = 0; c < 4; c++) C.c[c] = (bb_t)(cacc[q][c] % BB_P);
                if (mont) C = ef_mul_bb(C, ZC_RINV);
                if (ni) {
                    ef_t sn = ef_zero(), sd = ef_zero();
                    for (size_t i = 0; i < ni; i++) {
                        const swirl_dag_interaction *it = &d->interactions[i];
                        ef_t den = ef_mul_bb(j->bp[it->message_len], (bb_t)it->bus + 1);
                        for (size_t mq = 0; mq < it->message_len; mq++)
                            den = ef_add(den, ef_mul_bb(j->bp[mq], zc_canon(val[(size_t)it->message[mq] * R0_PTS + q], mont)));
                        sn = ef_add(sn, ef_mul_bb(j->ew[i], zc_canon(val[(size_t)it->count * R0_PTS + q], mont)));
                        sd = ef_add(sd, ef_mul(j->ew[i], den));
                    }
                    accA[pt] = ef_add(accA[pt], ef_mul(ex, ef_mul_bb(sn, s->norm)));
                    accB[pt] = ef_add(accB[pt], ef_mul(ex, sd));
                }
                accC[pt] = ef_add(accC[pt], ef_mul(ex, C));
            }
        }
    }
}

static int r0_trace(const zc_r0_trace *in, swirl_pool *pool, ef_t *A, ef_t *B, ef_t *C) {
    const trace_state *s = in->s;
    const swirl_dag *d = &in->v->dag;
    const unsigned l = in->l;
    const size_t ch = (size_t)1 << l, E = ch << in->b, nx = s->Hl >> l;
    const size_t ni = d->num_interactions, nn = d->num_nodes + 1, nu = s->prog.nu;
    r0_job j;
    memset(&j, 0, sizeof j);
    j.v = in->v;
    j.s = s;
    j.g = &s->prog;
    j.tab = in->tab;
    j.l = l;
    j.b = in->b;
    j.E = E;
    j.ew = in->ew;
    j.nw = swirl_pool_size(pool);
    size_t maxlen = 1;
    for (size_t i = 0; i < ni; i++) if (d->interactions[i].message_len + 1 > maxlen) maxlen = d->interactions[i].message_len + 1;
    int rc = SWIRL_OK;
    j.eqx = swirl_malloc(nx * sizeof *j.eqx);
    j.lp = swirl_malloc((d->num_constraints + 1) * sizeof *j.lp);
    j.bp = swirl_malloc((maxlen + 1) * sizeof *j.bp);
    j.acc = swirl_calloc(3 * E * j.nw, sizeof *j.acc);
    j.wscr = swirl_calloc(j.nw, sizeof *j.wscr);
    j.wext = swirl_calloc(j.nw, sizeof *j.wext);
    if (!j.eqx || !j.lp || !j.bp || !j.acc || !j.wscr || !j.wext) rc = SWIRL_ERR_OUT_OF_MEMORY;
    for (unsigned w = 0; rc == SWIRL_OK && w < j.nw; w++) {
        j.wscr[w] = swirl_malloc(((nn + 1) * R0_PTS + nu * ch + 4) * sizeof(bb_t));
        j.wext[w] = swirl_malloc((nu + 1) * E * sizeof(bb_t));
        if (!j.wscr[w] || !j.wext[w]) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    if (rc == SWIRL_OK) {
        swirl_eq_table(in->xi + l, s->ntil, j.eqx);
        j.lp[0] = ef_one();
        for (size_t k = 1; k <= d->num_constraints; k++) j.lp[k] = ef_mul(j.lp[k - 1], in->lambda);
        j.bp[0] = ef_one();
        for (size_t k = 1; k <= maxlen; k++) j.bp[k] = ef_mul(j.bp[k - 1], in->beta);
        j.wmat = in->weights_mont;
    }
    if (rc == SWIRL_OK) {
        swirl_pool_for(pool, nx, 1, r0_body, &j);
        for (unsigned w = 0; w < j.nw; w++)
            for (size_t pt = 0; pt < E; pt++) {
                A[pt] = ef_add(A[pt], j.acc[(w * 3 + 0) * E + pt]);
                B[pt] = ef_add(B[pt], j.acc[(w * 3 + 1) * E + pt]);
                C[pt] = ef_add(C[pt], j.acc[(w * 3 + 2) * E + pt]);
            }
        /* stage boundary: canonical sums at every point */
        SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(A, E) && SWIRL_EF_CANONICAL(B, E) && SWIRL_EF_CANONICAL(C, E));
    }
    for (unsigned w = 0; j.wscr && w < j.nw; w++) swirl_free(j.wscr[w]);
    for (unsigned w = 0; j.wext && w < j.nw; w++) swirl_free(j.wext[w]);
    swirl_free(j.wscr); swirl_free(j.wext); swirl_free(j.eqx); swirl_free(j.lp); swirl_free(j.bp); swirl_free(j.acc);
    return rc;
}

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
    swirl_zc_eval_dag(j->traces[t].vk, &j->ts[t].m, cols, j->traces[t].public_values, j->lambda, j->beta, scr, &C, num, den);
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

/* trace t's sums over y for round j, per X = 1..D+1, added into acc[X - 1] */
static void mle_round_trace(mle_job *mj, size_t t, size_t j, ef_t *eqy, ef_t *acc, swirl_pool *pool) {
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
    for (size_t X = 1; X <= D + 1; X++) /* field addition is exact: the split never changes the sum */
        for (unsigned w = 0; w < mj->nw; w++) acc[X - 1] = ef_add(acc[X - 1], mj->wacc[(size_t)w * mj->nacc + X]);
}

/* ---- the operation table ------------------------------------------------------------------- */

struct swirl_zc_ws {
    swirl_pool *pool;
    swirl_zc_shape shape;
    trace_state *ts;   /* per trace: colmap, program, lifted columns, then the r_0 tables */
    bb_t *wts_m;       /* AVX-512 round 0: extension weights times 2^64 (NULL: portable path) */
    mle_job mj;
    ef_t *L0, *eqy, *vlp;
    int mle_ready;     /* tables built: the scratch of mj exists */
};

static void cpu_destroy(swirl_zc_ws *ws) {
    if (!ws) return;
    for (size_t t = 0; ws->ts && t < ws->shape.N; t++) {
        swirl_free(ws->ts[t].M);
        swirl_free(ws->ts[t].T);
        swirl_zc_prog_free(&ws->ts[t].prog);
    }
    mle_job_free(&ws->mj);
    swirl_free(ws->ts);
    swirl_free(ws->wts_m);
    swirl_free(ws->L0);
    swirl_free(ws->eqy);
    swirl_free(ws->vlp);
    swirl_free(ws);
}

/* Lift and compile every trace (the shape's traces passed the protocol's checks). */
static int cpu_create(void *backend, const swirl_zc_shape *shape, swirl_zc_ws **out) {
    swirl_zc_ws *ws = swirl_calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->pool = backend;
    ws->shape = *shape;
    const size_t N = shape->N, ch = (size_t)1 << shape->l, E = shape->E;
    ws->ts = swirl_calloc(N, sizeof *ws->ts);
    int rc = ws->ts ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        const swirl_zc_trace *tr = &shape->traces[t];
        trace_state *s = &ws->ts[t];
        swirl_zc_make_colmap(tr->vk, &s->m);
        s->M = swirl_zc_lift(tr, &s->m, shape->l, &s->Hl, ws->pool);
        s->ntil = ntil_of(tr->log_height, shape->l);
        s->norm = tr->log_height < shape->l ? bb_inv_pow2(shape->l - tr->log_height) : 1;
        rc = s->M ? swirl_zc_prog_compile(tr->vk, &s->m, tr->public_values, &s->prog) : SWIRL_ERR_OUT_OF_MEMORY;
    }
    if (rc == SWIRL_OK && E % 16 == 0 && swirl_zc_have_avx512()) {
        ws->wts_m = swirl_malloc(ch * E * sizeof *ws->wts_m);
        if (!ws->wts_m) rc = SWIRL_ERR_OUT_OF_MEMORY;
        for (size_t k = 0; rc == SWIRL_OK && k < ch * E; k++) ws->wts_m[k] = bb_mul(shape->ext_weights[k], SWIRL_BB_MONTY_R2);
    }
    if (rc) { cpu_destroy(ws); return rc; }
    *out = ws;
    return SWIRL_OK;
}

static int cpu_round0(swirl_zc_ws *ws, ef_t lambda, ef_t *A, ef_t *B, ef_t *C) {
    const swirl_zc_shape *sh = &ws->shape;
    int rc = SWIRL_OK;
    for (size_t t = 0; t < sh->N && rc == SWIRL_OK; t++) {
        zc_r0_trace job = {sh->traces[t].vk, &ws->ts[t], sh->tab, sh->l, sh->b, sh->xi, sh->ew[t], lambda, sh->beta, ws->wts_m};
        rc = r0_trace(&job, ws->pool, A + t * sh->E, B + t * sh->E, C + t * sh->E);
    }
    return rc;
}

/* the bracket of trace t at its fully folded columns (T[c * Tstride]) */
static ef_t folded_bracket(swirl_zc_ws *ws, size_t t) {
    const trace_state *s = &ws->ts[t];
    ef_t *cols = ws->mj.wscr[0];
    for (size_t c = 0; c < s->m.ncols; c++) cols[c] = s->T[c * s->Tstride];
    return bracket(&ws->mj, t, 0, cols);
}

static int cpu_tables(swirl_zc_ws *ws, ef_t r0, const swirl_zc_bracket *bk, ef_t *br) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t N = sh->N, ch = (size_t)1 << sh->l;
    mle_job *mj = &ws->mj;
    if (ws->mle_ready) return SWIRL_ERR_INTERNAL; /* once per workspace */
    mj->traces = sh->traces;
    mj->ts = ws->ts;
    mj->ew = sh->ew;
    mj->N = N;
    mj->l = sh->l;
    mj->D = sh->D;
    mj->nacc = sh->D + 2;
    mj->beta = sh->beta;
    mj->xi = sh->xi;
    mj->lambda = bk->lambda;
    mj->eqsharp_r0 = bk->eqs0;
    mj->eqd_r0 = bk->eqd0;
    mj->mup = bk->mup; /* the protocol's buffer, alive until the workspace goes */
    mj->nw = swirl_pool_size(ws->pool);
    /* the Lagrange weights at r0 (2^l) and the eq table over y (sized for round 1 of the tallest
     * trace, reused by every round) */
    ws->L0 = swirl_alloc_array(ch, sizeof *ws->L0);
    ws->eqy = swirl_alloc_array((size_t)1 << (sh->n_max > 0 ? sh->n_max - 1 : 0), sizeof *ws->eqy);
    int rc = ws->L0 && ws->eqy ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        bb_t wl = bb_two_adic_generator(sh->l);
        for (size_t z = 0; z < ch; z++) ws->L0[z] = swirl_eq_uni(sh->l, r0, ef_from_bb(bb_pow(wl, z)));
        mj->L0 = ws->L0;
        rc = mle_tables(mj, N, sh->l, ws->pool);
    }
    if (rc == SWIRL_OK) rc = mle_scratch(mj, N);
    if (rc == SWIRL_OK && swirl_zc_have_avx512()) rc = mle_vector_scratch(mj, N, &ws->vlp);
    if (rc) return rc;
    ws->mle_ready = 1;
    for (size_t t = 0; t < N; t++)
        if (ws->ts[t].ntil == 0) br[t] = folded_bracket(ws, t);
    return SWIRL_OK;
}

static int cpu_round(swirl_zc_ws *ws, size_t j, ef_t *acc) {
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    for (size_t X = 0; X <= ws->shape.D; X++) acc[X] = ef_zero();
    for (size_t t = 0; t < ws->shape.N; t++) {
        /* traces are sorted by height: ñ <= n_max, so the eq table of round 1 holds every round */
        SWIRL_VERIFY_CHECK(ws->ts[t].ntil <= ws->shape.n_max);
        if (ws->ts[t].ntil >= j) mle_round_trace(&ws->mj, t, j, ws->eqy, acc, ws->pool);
    }
    SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(acc, ws->shape.D + 1));
    return SWIRL_OK;
}

static int cpu_fold(swirl_zc_ws *ws, size_t j, ef_t rj, ef_t *br) {
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    mle_job *mj = &ws->mj;
    mj->rj = rj;
    for (size_t t = 0; t < ws->shape.N; t++) {
        const trace_state *s = &ws->ts[t];
        if (s->ntil < j) continue;
        mj->t = t;
        mj->len = (size_t)1 << (s->ntil - j + 1);
        swirl_pool_for(ws->pool, s->m.ncols, 16, fold_body, mj);
        if (s->ntil == j) br[t] = folded_bracket(ws, t);
    }
    return SWIRL_OK;
}

static int cpu_openings(swirl_zc_ws *ws, ef_t *out) {
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    size_t off = 0;
    for (size_t t = 0; t < ws->shape.N; t++) {
        const trace_state *s = &ws->ts[t];
        for (size_t c = 0; c < s->m.sel; c++) out[off++] = s->T[c * s->Tstride];
    }
    return SWIRL_OK;
}

const trace_state *swirl_zc_cpu_trace(const swirl_zc_ws *ws, size_t t) { return &ws->ts[t]; }

static const swirl_zc_ops cpu_ops = {cpu_create, cpu_destroy, cpu_round0, cpu_tables, cpu_round, cpu_fold, cpu_openings};

const swirl_zc_ops *swirl_zc_cpu_ops(void) { return &cpu_ops; }
