/* zc_round0.c — round 0 of the batch constraint sumcheck for one trace, on the CPU (or handed to a
 * backend's replacement): every chunk x of 2^l rows of every column the DAG reads is extended to
 * the 2^(l+b) points, the compiled program runs in the base field over blocks of 16 points, and
 * the eq-weighted LogUp numerator / denominator and lambda-batched constraint sums accumulate per
 * point. Chunks run in parallel with per-worker accumulators (field sums are exact, so the split
 * never changes the result). With AVX-512 the extension is a weight matrix applied straight into
 * Montgomery form and the program runs on 16 lanes; otherwise batched small NTTs and portable
 * slice ops; both give the same values. */
#include <stdlib.h>
#include <string.h>
#include "field/bb_avx512.h"
#include "field/bb_vec.h"
#include "field/field_constants.h"
#include "iop/zc_internal.h"
#include "poly/eq.h"
#include "util/alloc.h"
#include "util/check.h"

/* Points per DAG pass: every node is evaluated at R0_PTS points at once, so the per-node dispatch
 * is paid once per block and the inner loops are straight-line arithmetic. The block's values
 * (nodes x R0_PTS words, ~2.5 MB for keccakf) stay in a worker's cache. */
#define R0_PTS 16

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

int swirl_zc_extension_weights(const swirl_ntt_tables *tab, unsigned l, unsigned b, bb_t *w) {
    const size_t ch = (size_t)1 << l, E = ch << b;
    bb_t *id = swirl_calloc(ch * ch, sizeof *id);
    if (!id) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t z = 0; z < ch; z++) id[z * ch + z] = 1;
    int rc = swirl_idft_batch(tab, id, l, ch, ch, NULL);
    if (rc == SWIRL_OK) rc = swirl_rs_encode_batch(tab, id, ch, l, b, ch, w, E, NULL);
    swirl_free(id);
    return rc;
}

int zc_round0_trace(const zc_r0_trace *in, swirl_pool *pool, const swirl_zc_accel *accel, ef_t *A, ef_t *B, ef_t *C) {
    const trace_state *s = in->s;
    const swirl_dag *d = &in->v->dag;
    const unsigned l = in->l;
    const size_t ch = (size_t)1 << l, E = ch << in->b, nx = s->Hl >> l;
    const size_t ni = d->num_interactions, nn = d->num_nodes + 1, nu = s->prog.nu;
    const int device = accel && accel->round0;
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
    for (unsigned w = 0; rc == SWIRL_OK && !device && w < j.nw; w++) {
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
        if (!device) j.wmat = in->weights_mont;
    }
    if (rc == SWIRL_OK) {
        if (device) {
            const zc_prog *g = &s->prog;
            swirl_zc_r0_input r0 = {d->num_nodes, g->op, g->a0, g->a1, d->num_constraints, g->cn, ni, g->cnt, g->off,
                                    g->msg, g->bus, s->M, s->m.ncols, s->Hl, l, in->b, E, j.eqx, j.lp, j.bp, in->ew, s->norm,
                                    in->weights};
            rc = accel->round0(accel->ctx, &r0, A, B, C);
        } else {
            swirl_pool_for(pool, nx, 1, r0_body, &j);
            for (unsigned w = 0; w < j.nw; w++)
                for (size_t pt = 0; pt < E; pt++) {
                    A[pt] = ef_add(A[pt], j.acc[(w * 3 + 0) * E + pt]);
                    B[pt] = ef_add(B[pt], j.acc[(w * 3 + 1) * E + pt]);
                    C[pt] = ef_add(C[pt], j.acc[(w * 3 + 2) * E + pt]);
                }
        }
        /* stage boundary (either path, the device's included): canonical sums at every point */
        if (rc == SWIRL_OK) SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(A, E) && SWIRL_EF_CANONICAL(B, E) && SWIRL_EF_CANONICAL(C, E));
    }
    for (unsigned w = 0; j.wscr && w < j.nw; w++) swirl_free(j.wscr[w]);
    for (unsigned w = 0; j.wext && w < j.nw; w++) swirl_free(j.wext[w]);
    swirl_free(j.wscr); swirl_free(j.wext); swirl_free(j.eqx); swirl_free(j.lp); swirl_free(j.bp); swirl_free(j.acc);
    return rc;
}
