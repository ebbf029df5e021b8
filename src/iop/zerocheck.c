/* zerocheck.c — batch constraint sumcheck with univariate skip (iop.md §5), prover and verifier,
 * and the LogUp input layer (§4.3).
 *
 * Prover, per present trace t (ñ = max(n_t, 0)): the "lifted" columns (every part's columns, their
 * rotations, and the three selector columns of the true height; traces shorter than 2^l repeated
 * cyclically to 2^l rows) are the only data.
 *  - Round 0: every chunk x (2^l rows) of every lifted column is extended from D to the subgroup of
 *    size 2^(l+b), 2^b >= D+1 (iDFT then zero-padded DFT); the DAG is evaluated at every point;
 *    A_t, B_t, C_t (eq-weighted sums over x of the LogUp numerator, denominator and the
 *    lambda-batched constraints) give s_0 at every point, and s_0's coefficients by an iDFT
 *    (degree (D+1)(2^l - 1) < 2^(l+b): exact).
 *  - Rounds j >= 1: tables of f̂(r_0, x) per lifted column, folded by r_j; s_j(X) at X = 1..D+1 by
 *    evaluating the DAG on interpolated values; traces with ñ < j contribute F_t * prod r * X.
 * Straightforward reference implementation (EF arithmetic throughout); the CUDA/optimised path
 * keeps the same buffer structure. */
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define SWIRL_ZC_X86 1
#else
#define SWIRL_ZC_X86 0
#endif
#include "iop/zerocheck.h"
#include "field/bb_vec.h"
#include "field/field_constants.h"
#include "poly/eq.h"
#include "poly/ntt.h"
#include "util/error.h"
#include "util/bigalloc.h"
#include "util/spans.h"

#define MAXP SWIRL_MAX_TRACE_PARTS

void swirl_batch_proof_free(swirl_batch_proof *p) {
    if (!p) return;
    free(p->sum_p); free(p->sum_q); free(p->univariate); free(p->rounds);
    free(p->part_count); free(p->part_offset); free(p->part_len); free(p->openings);
    memset(p, 0, sizeof *p);
}

static size_t ntil_of(unsigned lh, unsigned l) { return lh > l ? lh - l : 0; }

/* ---- lifted columns ------------------------------------------------------------------------- */

typedef struct {
    size_t nparts;
    size_t part_width[MAXP], part_base[MAXP]; /* base column id of each part (2 per column) */
    size_t ncols;                             /* 2 * total width + 3 */
    size_t sel;                               /* id of is_first; +1 is_last; +2 is_transition */
    int has_prep;
    size_t num_cached;
} colmap;

static void make_colmap(const swirl_air_vk *v, colmap *m) {
    memset(m, 0, sizeof *m);
    m->has_prep = v->has_prep_width;
    m->num_cached = v->num_cached;
    m->nparts = 1 + (size_t)m->has_prep + v->num_cached;
    m->part_width[0] = v->common_width;
    if (m->has_prep) m->part_width[1] = v->prep_width;
    for (size_t c = 0; c < v->num_cached; c++) m->part_width[1 + (size_t)m->has_prep + c] = v->cached_widths[c];
    size_t b = 0;
    for (size_t p = 0; p < m->nparts; p++) { m->part_base[p] = b; b += 2 * m->part_width[p]; }
    m->sel = b;
    m->ncols = b + 3;
}

/* proof part of a DAG variable */
static size_t var_part(const colmap *m, const swirl_node *n) {
    if (n->entry == SW_ENTRY_PREP) return 1;
    if (n->part < m->num_cached) return 1 + (size_t)m->has_prep + n->part;
    return 0;
}

/* lifted column matrix (column-major, Hl = 2^(l+ñ) rows) of one trace. The row-major parts are
 * transposed in groups of LIFT_GROUP adjacent columns (one cache line of each source row per
 * group), groups in parallel. Rotations: vr[i] = v[(i + 1) mod Hl], which is row (i + 1) mod h
 * of the part because h divides Hl. */
#define LIFT_GROUP 16
typedef struct {
    const swirl_trace *parts[MAXP];
    const colmap *m;
    size_t h, Hl, ngroups;
    size_t first_group[MAXP + 1];        /* first group index of each part */
    bb_t *M;
} lift_job;

static void lift_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const lift_job *j = vp;
    for (size_t g = b; g < e; g++) {
        size_t p = 0;
        while (j->first_group[p + 1] <= g) p++;
        const swirl_trace *src = j->parts[p];
        size_t c0 = (g - j->first_group[p]) * LIFT_GROUP, width = j->m->part_width[p];
        size_t cnt = width - c0 < LIFT_GROUP ? width - c0 : LIFT_GROUP;
        bb_t *dst[LIFT_GROUP];
        for (size_t k = 0; k < cnt; k++) dst[k] = j->M + (j->m->part_base[p] + 2 * (c0 + k)) * j->Hl;
        for (size_t i = 0; i < j->Hl; i++) {
            const uint32_t *row = src->values + (i & (j->h - 1)) * src->width + c0;
            for (size_t k = 0; k < cnt; k++) dst[k][i] = row[k];
        }
        for (size_t k = 0; k < cnt; k++) {
            bb_t *v = dst[k], *vr = v + j->Hl;
            for (size_t i = 0; i + 1 < j->Hl; i++) vr[i] = v[i + 1];
            vr[j->Hl - 1] = v[0];
        }
    }
}

static bb_t *lift(const swirl_zc_trace *t, const colmap *m, unsigned l, size_t *Hl_out, swirl_pool *pool) {
    size_t h = (size_t)1 << t->log_height, Hl = h < ((size_t)1 << l) ? (size_t)1 << l : h;
    bb_t *M = swirl_big_alloc(m->ncols * Hl * sizeof *M, 0);
    if (!M) return NULL;
    lift_job j;
    memset(&j, 0, sizeof j);
    j.parts[0] = t->common;
    if (m->has_prep) j.parts[1] = t->prep;
    for (size_t c = 0; c < m->num_cached; c++) j.parts[1 + (size_t)m->has_prep + c] = &t->cached[c];
    j.m = m;
    j.h = h;
    j.Hl = Hl;
    j.M = M;
    size_t g = 0;
    for (size_t p = 0; p < m->nparts; p++) {
        j.first_group[p] = g;
        g += (m->part_width[p] + LIFT_GROUP - 1) / LIFT_GROUP;
    }
    for (size_t p = m->nparts; p <= MAXP; p++) j.first_group[p] = g;
    j.ngroups = g;
    swirl_pool_for(pool, g, 1, lift_body, &j);
    for (size_t i = 0; i < Hl; i++) {
        size_t row = i & (h - 1);
        M[m->sel * Hl + i] = row == 0;
        M[(m->sel + 1) * Hl + i] = row == h - 1;
        M[(m->sel + 2) * Hl + i] = row != h - 1;
    }
    *Hl_out = Hl;
    return M;
}

/* ---- DAG evaluation over EF -------------------------------------------------------------------
 * vals: column values (EF) indexed by column id; outputs the lambda-batched constraint sum and
 * per-interaction numerator / denominator (h_beta without alpha). */
static void eval_dag(const swirl_air_vk *v, const colmap *m, const ef_t *cols, const uint32_t *pv, ef_t lambda,
                     ef_t beta, ef_t *scratch, ef_t *C, ef_t *num, ef_t *den) {
    const swirl_dag *d = &v->dag;
    for (size_t i = 0; i < d->num_nodes; i++) {
        const swirl_node *n = &d->nodes[i];
        ef_t x = ef_zero();
        switch (n->kind) {
        case SW_NODE_VAR:
            if (n->entry == SW_ENTRY_PUBLIC) x = ef_from_bb(pv[n->index]);
            else x = cols[m->part_base[var_part(m, n)] + 2 * n->index + n->offset];
            break;
        case SW_NODE_FIRST: x = cols[m->sel]; break;
        case SW_NODE_LAST: x = cols[m->sel + 1]; break;
        case SW_NODE_TRANS: x = cols[m->sel + 2]; break;
        case SW_NODE_CONST: x = ef_from_bb(n->value); break;
        case SW_NODE_ADD: x = ef_add(scratch[n->left], scratch[n->right]); break;
        case SW_NODE_SUB: x = ef_sub(scratch[n->left], scratch[n->right]); break;
        case SW_NODE_NEG: x = ef_neg(scratch[n->left]); break;
        case SW_NODE_MUL: x = ef_mul(scratch[n->left], scratch[n->right]); break;
        }
        scratch[i] = x;
    }
    ef_t acc = ef_zero(), lp = ef_one();
    for (size_t k = 0; k < d->num_constraints; k++) {
        acc = ef_add(acc, ef_mul(lp, scratch[d->constraint_idx[k]]));
        lp = ef_mul(lp, lambda);
    }
    *C = acc;
    for (size_t i = 0; i < d->num_interactions; i++) {
        const swirl_dag_interaction *it = &d->interactions[i];
        num[i] = scratch[it->count];
        ef_t h = ef_zero(), bp = ef_one();
        for (size_t j = 0; j < it->message_len; j++) {
            h = ef_add(h, ef_mul(bp, scratch[it->message[j]]));
            bp = ef_mul(bp, beta);
        }
        den[i] = ef_add(h, ef_mul_bb(bp, (bb_t)it->bus + 1));
    }
}

/* ---- LogUp layout ------------------------------------------------------------------------------- */

size_t swirl_logup_n(const swirl_system_params *p, const swirl_zc_trace *t, size_t N, uint64_t *total_out) {
    uint64_t total = 0;
    for (size_t i = 0; i < N; i++)
        total += (uint64_t)t[i].vk->dag.num_interactions << (p->l_skip + ntil_of(t[i].log_height, (unsigned)p->l_skip));
    if (total_out) *total_out = total;
    if (!total) return 0;
    size_t bl = 64 - (size_t)__builtin_clzll(total);
    return bl - p->l_skip;
}

typedef struct {
    const swirl_air_vk *v;
    const colmap *m;
    const bb_t *M;
    size_t Hl, R;
    const uint32_t *pv;
    ef_t alpha, beta;
    bb_t norm;
    ef_t **wscr; /* per worker: cols[ncols] | scr[nodes] | num[ni] | den[ni] */
    ef_t *P, *Q;
} leaves_job;

static void leaves_body(void *vp, size_t b, size_t e, unsigned w) {
    const leaves_job *j = vp;
    size_t ni = j->v->dag.num_interactions;
    ef_t *cols = j->wscr[w], *scr = cols + j->m->ncols, *num = scr + j->v->dag.num_nodes + 1, *den = num + ni + 1;
    for (size_t k = b; k < e; k++) {
        for (size_t c = 0; c < j->m->ncols; c++) cols[c] = ef_from_bb(j->M[c * j->Hl + k]);
        ef_t C;
        eval_dag(j->v, j->m, cols, j->pv, ef_zero(), j->beta, scr, &C, num, den);
        for (size_t i = 0; i < ni; i++) {
            j->P[j->R + i * j->Hl + k] = ef_mul_bb(num[i], j->norm);
            j->Q[j->R + i * j->Hl + k] = ef_add(j->alpha, den[i]);
        }
    }
}

int swirl_logup_leaves(const swirl_system_params *p, const swirl_zc_trace *t, size_t N, size_t n_logup, ef_t alpha,
                       ef_t beta, swirl_pool *pool, ef_t *P, ef_t *Q) {
    unsigned l = (unsigned)p->l_skip;
    size_t L = l + n_logup, total = (size_t)1 << L, R = 0;
    unsigned nw = swirl_pool_size(pool);
    for (size_t k = 0; k < total; k++) { P[k] = ef_zero(); Q[k] = alpha; }
    for (size_t ti = 0; ti < N; ti++) {
        const swirl_air_vk *v = t[ti].vk;
        if (!v->dag.num_interactions) continue;
        colmap m;
        make_colmap(v, &m);
        leaves_job j;
        memset(&j, 0, sizeof j);
        j.M = lift(&t[ti], &m, l, &j.Hl, pool);
        j.wscr = calloc(nw, sizeof *j.wscr);
        int rc = j.M && j.wscr ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
        for (unsigned w = 0; rc == SWIRL_OK && w < nw; w++) {
            j.wscr[w] = malloc((m.ncols + v->dag.num_nodes + 2 * v->dag.num_interactions + 3) * sizeof(ef_t));
            if (!j.wscr[w]) rc = SWIRL_ERR_OUT_OF_MEMORY;
        }
        if (rc == SWIRL_OK) {
            j.v = v;
            j.m = &m;
            j.R = R;
            j.pv = t[ti].public_values;
            j.alpha = alpha;
            j.beta = beta;
            j.norm = t[ti].log_height < l ? bb_inv_pow2(l - t[ti].log_height) : 1;
            j.P = P;
            j.Q = Q;
            swirl_pool_for(pool, j.Hl, 64, leaves_body, &j);
        }
        for (unsigned w = 0; j.wscr && w < nw; w++) free(j.wscr[w]);
        free(j.wscr);
        free((void *)j.M);
        if (rc) return rc;
        R += v->dag.num_interactions * j.Hl;
    }
    return SWIRL_OK;
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

typedef struct {
    colmap m;
    size_t Hl, ntil;
    bb_t *M;        /* lifted base columns */
    ef_t *T;        /* EF tables after round 0: ncols x 2^ñ */
    ef_t *e;        /* logup weights */
    bb_t norm;
    size_t Tstride; /* column stride of T (2^ñ): columns fold in place, column c at T + c * Tstride */
    uint32_t *ucols; /* lifted columns the DAG reads (selectors included), ascending */
    size_t nu;
    ef_t F;         /* full bracket once folded */
} trace_state;

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

/* Round-0 work item: chunks x of one trace. Column values at the 2^(l+b) points are base-field
 * elements, so the DAG is evaluated in F (about 16x cheaper than in EF); only the lambda-batching
 * of constraints and the beta-combination of messages are done in EF. Each worker accumulates
 * into its own A/B/C rows (acc[(w*3 + k) * E + point]); the caller sums them. */

typedef struct {
    const swirl_air_vk *v;
    const trace_state *s;
    const uint32_t *pv;
    const swirl_ntt_tables *tab;
    unsigned l, b;
    size_t E;
    ef_t *ew, *eqx, *lp, *bp, *acc;
    unsigned nw;
    bb_t **wscr, **wext;
    const uint32_t *op, *a0, *a1; /* the compiled program (r0_compile) */
    const bb_t *cmont;            /* per node: CONST operand in Montgomery form */
    const uint32_t *ccol, *ucols; /* COL operand as a used-column index; the used columns */
    size_t nu;
    const bb_t *wmat; /* AVX-512 path: extension weights [z][pt], times 2^64 mod p (NULL: NTT path) */
    int use_avx512;
} r0_job;

/* Points per DAG pass: every node is evaluated at R0_PTS points at once, so the per-node dispatch
 * is paid once per block and the inner loops are straight-line arithmetic. The block's values
 * (nodes x R0_PTS words, ~2.5 MB for keccakf) stay in a worker's cache. */
#define R0_PTS 16

/* 2^-32 mod p: converts a Montgomery-form value (x 2^32) back to the canonical one */
#define RINV 943718400u
static inline bb_t canon(bb_t v, int mont) { return mont ? bb_mul(v, RINV) : v; }

/* AVX-512F present (checked at run time; the build needs no -march flag). SWIRL_NO_AVX512 in the
 * environment forces the portable path (tests compare the two). */
static int zc_have_avx512(void) {
#if SWIRL_ZC_X86
    const char *off = getenv("SWIRL_NO_AVX512");
    if (off && *off && strcmp(off, "0")) return 0;
    return __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

/* Portable block: canonical values, P points. */
static void r0_block_portable(const r0_job *j, const bb_t *ext, size_t E, size_t p0, size_t P, bb_t *val) {
    const size_t nn = j->v->dag.num_nodes;
    for (size_t i = 0; i < nn; i++) {
        bb_t *o = val + i * R0_PTS;
        const bb_t *a = val + (size_t)j->a0[i] * R0_PTS, *b = val + (size_t)j->a1[i] * R0_PTS;
        switch (j->op[i]) {
        case SWIRL_ZC_OP_COL: memcpy(o, ext + (size_t)j->ccol[i] * E + p0, P * sizeof *o); break;
        case SWIRL_ZC_OP_CONST: for (size_t q = 0; q < P; q++) o[q] = j->a0[i]; break;
        case SWIRL_ZC_OP_ADD: swirl_bb_vec_add(o, a, b, P); break;
        case SWIRL_ZC_OP_SUB: swirl_bb_vec_sub(o, a, b, P); break;
        case SWIRL_ZC_OP_NEG: for (size_t q = 0; q < P; q++) o[q] = bb_neg(a[q]); break;
        default: swirl_bb_vec_mul(o, a, b, P); break;
        }
    }
}

#if SWIRL_ZC_X86
#define T512 __attribute__((target("avx512f")))
static inline T512 __m512i zc_add16(__m512i a, __m512i b, __m512i P) {
    __m512i s = _mm512_add_epi32(a, b);
    return _mm512_min_epu32(s, _mm512_sub_epi32(s, P));
}
static inline T512 __m512i zc_sub16(__m512i a, __m512i b, __m512i P) {
    __m512i d = _mm512_sub_epi32(a, b);
    return _mm512_min_epu32(d, _mm512_add_epi32(d, P));
}
/* x*y/2^32 mod p for x, y in [0, p): canonical residue */
static inline T512 __m512i zc_mont16(__m512i x, __m512i y, __m512i P, __m512i MU) {
    __m512i te = _mm512_mul_epu32(x, y);
    __m512i to = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(y, 32));
    __m512i mpe = _mm512_mul_epu32(_mm512_mul_epu32(te, MU), P);
    __m512i mpo = _mm512_mul_epu32(_mm512_mul_epu32(to, MU), P);
    __m512i th = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(te, 32), to);
    __m512i mh = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(mpe, 32), mpo);
    __m512i u = _mm512_sub_epi32(th, mh);
    return _mm512_min_epu32(u, _mm512_add_epi32(u, P));
}
/* AVX-512 block: 16 points, values in Montgomery form (x 2^32 mod p). Sums and differences
 * are the same in both forms; a product needs one Montgomery reduction. */
static T512 void r0_block_avx512(const r0_job *j, const bb_t *ext, size_t E, size_t p0, bb_t *val) {
    const __m512i P = _mm512_set1_epi32((int)BB_P), MU = _mm512_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const __m512i Z = _mm512_setzero_si512();
    const size_t nn = j->v->dag.num_nodes;
    for (size_t i = 0; i < nn; i++) {
        const uint32_t a = j->a0[i], b = j->a1[i];
        __m512i v;
        switch (j->op[i]) {
        case SWIRL_ZC_OP_COL: v = _mm512_loadu_si512((const void *)(ext + (size_t)j->ccol[i] * E + p0)); break; /* already Montgomery */
        case SWIRL_ZC_OP_CONST: v = _mm512_set1_epi32((int)j->cmont[i]); break;
        case SWIRL_ZC_OP_ADD:
            v = zc_add16(_mm512_loadu_si512((const void *)(val + (size_t)a * 16)), _mm512_loadu_si512((const void *)(val + (size_t)b * 16)), P);
            break;
        case SWIRL_ZC_OP_SUB:
            v = zc_sub16(_mm512_loadu_si512((const void *)(val + (size_t)a * 16)), _mm512_loadu_si512((const void *)(val + (size_t)b * 16)), P);
            break;
        case SWIRL_ZC_OP_NEG: v = zc_sub16(Z, _mm512_loadu_si512((const void *)(val + (size_t)a * 16)), P); break;
        default:
            v = zc_mont16(_mm512_loadu_si512((const void *)(val + (size_t)a * 16)), _mm512_loadu_si512((const void *)(val + (size_t)b * 16)), P, MU);
            break;
        }
        _mm512_storeu_si512((void *)(val + i * 16), v);
    }
}

/* Extension of chunk x of every used column to the E points (E a multiple of 16), straight into
 * Montgomery form: out[pt] = sum_z W[pt][z] c[z], as 16-point vectors times broadcast chunk
 * values (the weights carry 2^64, so one Montgomery product leaves value * 2^32). */
static T512 void r0_extend_avx512(const r0_job *j, size_t x, bb_t *ext) {
    const __m512i P = _mm512_set1_epi32((int)BB_P), MU = _mm512_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const size_t ch = (size_t)1 << j->l, E = j->E, nb = E / 16;
    const trace_state *s = j->s;
    for (size_t u = 0; u < j->nu; u++) {
        const bb_t *c = s->M + (size_t)j->ucols[u] * s->Hl + x * ch;
        bb_t *o = ext + u * E;
        for (size_t b = 0; b < nb; b++) {
            __m512i acc = _mm512_setzero_si512();
            for (size_t z = 0; z < ch; z++) {
                __m512i w = _mm512_loadu_si512((const void *)(j->wmat + z * E + b * 16));
                acc = zc_add16(acc, zc_mont16(w, _mm512_set1_epi32((int)c[z]), P, MU), P);
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
    bb_t *val = j->wscr[w], *tmp = val + (nn + 1) * R0_PTS, *ext = j->wext[w];
    ef_t *accA = j->acc + (w * 3 + 0) * E, *accB = j->acc + (w * 3 + 1) * E, *accC = j->acc + (w * 3 + 2) * E;
    for (size_t x = xb; x < xe; x++) {
        /* extend every lifted column's chunk from the 2^l skip domain to the 2^(l+b) points, batched */
#if SWIRL_ZC_X86
        if (j->wmat) {
            r0_extend_avx512(j, x, ext);
        } else
#endif
        {
            for (size_t u = 0; u < j->nu; u++) memcpy(tmp + u * ch, s->M + (size_t)j->ucols[u] * s->Hl + x * ch, ch * sizeof *tmp);
            swirl_idft_batch(j->tab, tmp, j->l, j->nu, ch, NULL);
            swirl_rs_encode_batch(j->tab, tmp, ch, j->l, j->b, j->nu, ext, E, NULL);
        }
        ef_t ex = j->eqx[x];
        for (size_t p0 = 0; p0 < E; p0 += P) {
            /* node values at the block's points: Montgomery form on the AVX-512 path (one
             * reduction per product), canonical on the portable path */
            int mont = 0;
#if SWIRL_ZC_X86
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
                if (mont) C = ef_mul_bb(C, RINV);
                if (ni) {
                    ef_t sn = ef_zero(), sd = ef_zero();
                    for (size_t i = 0; i < ni; i++) {
                        const swirl_dag_interaction *it = &d->interactions[i];
                        ef_t den = ef_mul_bb(j->bp[it->message_len], (bb_t)it->bus + 1);
                        for (size_t mq = 0; mq < it->message_len; mq++)
                            den = ef_add(den, ef_mul_bb(j->bp[mq], canon(val[(size_t)it->message[mq] * R0_PTS + q], mont)));
                        sn = ef_add(sn, ef_mul_bb(j->ew[i], canon(val[(size_t)it->count * R0_PTS + q], mont)));
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

/* The trace's DAG compiled into the backend-neutral round-0 program (swirl_zc_r0_input), used by
 * the CPU path and handed to a backend's replacement. */
typedef struct {
    uint32_t *op, *a0, *a1, *cn, *cnt, *off, *msg, *bus;
    bb_t *cmont;
    uint32_t *ccol;  /* per node: for COL ops, the index among the used columns */
    uint32_t *ucols; /* the lifted columns the program reads (a rotation column is often unused) */
    size_t nu;
} r0_prog;

static void r0_prog_free(r0_prog *g) {
    free(g->op); free(g->a0); free(g->a1); free(g->cn); free(g->cnt); free(g->off); free(g->msg); free(g->bus);
    free(g->cmont); free(g->ccol); free(g->ucols);
    memset(g, 0, sizeof *g);
}

static int r0_compile(const r0_job *j, r0_prog *g) {
    const swirl_dag *d = &j->v->dag;
    const colmap *m = &j->s->m;
    const size_t nn = d->num_nodes, ni = d->num_interactions;
    size_t nmsg = 0;
    for (size_t i = 0; i < ni; i++) nmsg += d->interactions[i].message_len;
    memset(g, 0, sizeof *g);
    g->op = malloc((nn + 1) * sizeof *g->op);
    g->a0 = malloc((nn + 1) * sizeof *g->a0);
    g->a1 = malloc((nn + 1) * sizeof *g->a1);
    g->cmont = malloc((nn + 1) * sizeof *g->cmont);
    g->ccol = malloc((nn + 1) * sizeof *g->ccol);
    g->ucols = malloc((m->ncols + 1) * sizeof *g->ucols);
    g->cn = malloc((d->num_constraints + 1) * sizeof *g->cn);
    g->cnt = malloc((ni + 1) * sizeof *g->cnt);
    g->off = malloc((ni + 1) * sizeof *g->off);
    g->msg = malloc((nmsg + 1) * sizeof *g->msg);
    g->bus = malloc((ni + 1) * sizeof *g->bus);
    if (!g->op || !g->a0 || !g->a1 || !g->cmont || !g->ccol || !g->ucols || !g->cn || !g->cnt || !g->off || !g->msg || !g->bus) {
        r0_prog_free(g);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    uint32_t *op = g->op, *a0 = g->a0, *a1 = g->a1;
    for (size_t i = 0; i < nn; i++) {
        const swirl_node *n = &d->nodes[i];
        a0[i] = a1[i] = 0;
        switch (n->kind) {
        case SW_NODE_VAR:
            if (n->entry == SW_ENTRY_PUBLIC) { op[i] = SWIRL_ZC_OP_CONST; a0[i] = j->pv[n->index]; }
            else { op[i] = SWIRL_ZC_OP_COL; a0[i] = (uint32_t)(m->part_base[var_part(m, n)] + 2 * n->index + n->offset); }
            break;
        case SW_NODE_FIRST: op[i] = SWIRL_ZC_OP_COL; a0[i] = (uint32_t)m->sel; break;
        case SW_NODE_LAST: op[i] = SWIRL_ZC_OP_COL; a0[i] = (uint32_t)(m->sel + 1); break;
        case SW_NODE_TRANS: op[i] = SWIRL_ZC_OP_COL; a0[i] = (uint32_t)(m->sel + 2); break;
        case SW_NODE_CONST: op[i] = SWIRL_ZC_OP_CONST; a0[i] = n->value; break;
        case SW_NODE_ADD: op[i] = SWIRL_ZC_OP_ADD; a0[i] = (uint32_t)n->left; a1[i] = (uint32_t)n->right; break;
        case SW_NODE_SUB: op[i] = SWIRL_ZC_OP_SUB; a0[i] = (uint32_t)n->left; a1[i] = (uint32_t)n->right; break;
        case SW_NODE_NEG: op[i] = SWIRL_ZC_OP_NEG; a0[i] = (uint32_t)n->left; break;
        case SW_NODE_MUL: op[i] = SWIRL_ZC_OP_MUL; a0[i] = (uint32_t)n->left; a1[i] = (uint32_t)n->right; break;
        default: r0_prog_free(g); return SWIRL_ERR_INTERNAL;
        }
        g->cmont[i] = op[i] == SWIRL_ZC_OP_CONST ? bb_mul(a0[i], SWIRL_BB_MONTY_R) : 0;
    }
    /* compact numbering of the used columns, in column order */
    for (size_t c = 0; c < m->ncols; c++) g->ucols[c] = UINT32_MAX;
    for (size_t i = 0; i < nn; i++)
        if (op[i] == SWIRL_ZC_OP_COL) g->ucols[a0[i]] = 0;
    g->nu = 0;
    uint32_t *slot = g->ucols; /* reuse: slot[c] = compact index, then compacted list */
    uint32_t *list = malloc((m->ncols + 1) * sizeof *list);
    if (!list) { r0_prog_free(g); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t c = 0; c < m->ncols; c++)
        if (slot[c] != UINT32_MAX) { slot[c] = (uint32_t)g->nu; list[g->nu++] = (uint32_t)c; }
    for (size_t i = 0; i < nn; i++) g->ccol[i] = op[i] == SWIRL_ZC_OP_COL ? slot[a0[i]] : 0;
    free(g->ucols);
    g->ucols = list;
    for (size_t k = 0; k < d->num_constraints; k++) g->cn[k] = (uint32_t)d->constraint_idx[k];
    size_t o = 0;
    for (size_t i = 0; i < ni; i++) {
        const swirl_dag_interaction *it = &d->interactions[i];
        g->cnt[i] = (uint32_t)it->count;
        g->bus[i] = it->bus;
        g->off[i] = (uint32_t)o;
        for (size_t q = 0; q < it->message_len; q++) g->msg[o++] = (uint32_t)it->message[q];
    }
    g->off[ni] = (uint32_t)o;
    return SWIRL_OK;
}

/* Hand round 0 of one trace to the backend's replacement. */
static int r0_accelerated(const swirl_zc_accel *accel, const r0_job *j, const r0_prog *g, ef_t *A, ef_t *B, ef_t *C) {
    const swirl_dag *d = &j->v->dag;
    swirl_zc_r0_input in = {d->num_nodes, g->op, g->a0, g->a1, d->num_constraints, g->cn, d->num_interactions, g->cnt,
                            g->off, g->msg, g->bus, j->s->M, j->s->m.ncols, j->s->Hl, j->l, j->b, j->E, j->eqx, j->lp,
                            j->bp, j->ew, j->s->norm};
    return accel->round0(accel->ctx, &in, A, B, C);
}

/* ---- MLE rounds (j >= 1): work split over the pool ------------------------------------------ */

typedef struct {
    const swirl_zc_trace *traces;
    trace_state *ts;
    ef_t **ew;
    size_t N, D, t, len;
    unsigned l;
    ef_t lambda, beta, eqsharp_r0, eqd_r0, rj;
    const ef_t *L0, *mup, *eqy;
    unsigned nw;
    ef_t **wscr;  /* per worker: cols[maxc] | scr[maxn] | num[maxi] | den[maxi] */
    ef_t *wacc;   /* per worker: 16 accumulators, index X */
    size_t maxc, maxn, maxi;
    /* AVX-512 path (NULL vprog: portable path): per trace compiled program and lambda powers,
     * per worker SoA scratch of 16 lanes: node values (4 x 16 words each) and used columns
     * (value and X-step, 8 x 16 words each) */
    const r0_prog *vprog;
    const ef_t *vlp;
    uint32_t **vval, **vcol;
} mle_job;

/* the bracket of trace t at column values cols: LogUp part weighted by eq#(xi, r0), constraint
 * part by eq(xi_0, r0), batched by mu */
static ef_t bracket(const mle_job *j, size_t t, unsigned w, const ef_t *cols) {
    ef_t *scr = j->wscr[w] + j->maxc, *num = scr + j->maxn, *den = num + j->maxi;
    ef_t C, sn = ef_zero(), sd = ef_zero();
    eval_dag(j->traces[t].vk, &j->ts[t].m, cols, j->traces[t].public_values, j->lambda, j->beta, scr, &C, num, den);
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
    ef_t *cols = j->wscr[w], *acc = j->wacc + (size_t)w * 16;
    ef_t *dif = j->wscr[w] + j->maxc + j->maxn + 2 * j->maxi; /* per used column: v1 - v0 */
    for (size_t y = b; y < e; y++) {
        /* only the columns the DAG reads are interpolated; X = 1 is v1, each next X adds v1 - v0 */
        for (size_t u = 0; u < s->nu; u++) {
            const ef_t *T = s->T + (size_t)s->ucols[u] * s->Tstride + 2 * y;
            cols[s->ucols[u]] = T[1];
            dif[u] = ef_sub(T[1], T[0]);
        }
        for (size_t X = 1; X <= j->D + 1; X++) {
            if (X > 1)
                for (size_t u = 0; u < s->nu; u++) cols[s->ucols[u]] = ef_add(cols[s->ucols[u]], dif[u]);
            acc[X] = ef_add(acc[X], ef_mul(j->eqy[y], bracket(j, j->t, w, cols)));
        }
    }
}

#if SWIRL_ZC_X86
/* (x1 y1 + x2 y2) / 2^32 mod p for x, y in [0, p): the 64-bit sums stay below p 2^32, so one
 * Montgomery reduction gives the canonical residue */
static inline T512 __m512i zc_mont2(__m512i x1, __m512i y1, __m512i x2, __m512i y2, __m512i P, __m512i MU) {
    __m512i te = _mm512_add_epi64(_mm512_mul_epu32(x1, y1), _mm512_mul_epu32(x2, y2));
    __m512i to = _mm512_add_epi64(_mm512_mul_epu32(_mm512_srli_epi64(x1, 32), _mm512_srli_epi64(y1, 32)),
                                  _mm512_mul_epu32(_mm512_srli_epi64(x2, 32), _mm512_srli_epi64(y2, 32)));
    __m512i mpe = _mm512_mul_epu32(_mm512_mul_epu32(te, MU), P);
    __m512i mpo = _mm512_mul_epu32(_mm512_mul_epu32(to, MU), P);
    __m512i th = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(te, 32), to);
    __m512i mh = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(mpe, 32), mpo);
    __m512i u = _mm512_sub_epi32(th, mh);
    return _mm512_min_epu32(u, _mm512_add_epi32(u, P));
}
static inline T512 __m512i zc_times11(__m512i x, __m512i P) {
    __m512i x2 = zc_add16(x, x, P), x4 = zc_add16(x2, x2, P), x8 = zc_add16(x4, x4, P);
    return zc_add16(zc_add16(x8, x2, P), x, P);
}
/* r = a * b in EF = F[X]/(X^4 - 11), 16 lanes, component-major (a[c] is component c). With a in
 * Montgomery form and b canonical (or the reverse) the result is canonical; with both in
 * Montgomery form it is in Montgomery form. */
static inline T512 void zc_ef16_mul(const __m512i a[4], const __m512i b[4], __m512i r[4], __m512i P, __m512i MU) {
    __m512i b1w = zc_times11(b[1], P), b2w = zc_times11(b[2], P), b3w = zc_times11(b[3], P);
    r[0] = zc_add16(zc_mont2(a[0], b[0], a[1], b3w, P, MU), zc_mont2(a[2], b2w, a[3], b1w, P, MU), P);
    r[1] = zc_add16(zc_mont2(a[0], b[1], a[1], b[0], P, MU), zc_mont2(a[2], b3w, a[3], b2w, P, MU), P);
    r[2] = zc_add16(zc_mont2(a[0], b[2], a[1], b[1], P, MU), zc_mont2(a[2], b[0], a[3], b3w, P, MU), P);
    r[3] = zc_add16(zc_mont2(a[0], b[3], a[1], b[2], P, MU), zc_mont2(a[2], b[1], a[3], b[0], P, MU), P);
}
#define LD(p) _mm512_loadu_si512((const void *)(p))
#define ST(p, v) _mm512_storeu_si512((void *)(p), (v))

/* Round j on blocks of 16 consecutive y: the used columns are interpolated at X = 1 (v1) and
 * stepped by v1 - v0 for X = 2..D+1; the program runs on 16 lanes in EF, Montgomery form; the
 * lambda-batching multiplies canonical powers by Montgomery values (canonical result). */
static T512 void round_body_avx512(void *vp, size_t bb, size_t be, unsigned w) {
    const mle_job *j = vp;
    const trace_state *s = &j->ts[j->t];
    const r0_prog *g = &j->vprog[j->t];
    const swirl_dag *d = &j->traces[j->t].vk->dag;
    const __m512i P = _mm512_set1_epi32((int)BB_P), MU = _mm512_set1_epi32((int)SWIRL_BB_MONTY_MU);
    const __m512i R2 = _mm512_set1_epi32((int)SWIRL_BB_MONTY_R2), Z = _mm512_setzero_si512();
    const size_t half = j->len / 2, nn = d->num_nodes, ni = d->num_interactions;
    uint32_t *val = j->vval[w], *col = j->vcol[w];
    ef_t *acc = j->wacc + (size_t)w * 16;
    ef_t *scr = j->wscr[w];
    ef_t *num = scr + j->maxc + j->maxn, *den = num + j->maxi;
    /* gather indices: lane k reads T[2 (y0 + k)] (component c at word 8k + c) */
    const __m512i gi = _mm512_mullo_epi32(_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi32(8));
    for (size_t blk = bb; blk < be; blk++) {
        const size_t y0 = blk * 16, nl = half - y0 < 16 ? half - y0 : 16;
        const __mmask16 lm = (__mmask16)((1u << nl) - 1);
        for (size_t u = 0; u < g->nu; u++) {
            const uint32_t *T0 = (const uint32_t *)(s->T + (size_t)g->ucols[u] * s->Tstride + 2 * y0);
            uint32_t *cu = col + u * 128;
            for (int c = 0; c < 4; c++) {
                __m512i v0 = _mm512_mask_i32gather_epi32(Z, lm, _mm512_add_epi32(gi, _mm512_set1_epi32(c)), T0, 4);
                __m512i v1 = _mm512_mask_i32gather_epi32(Z, lm, _mm512_add_epi32(gi, _mm512_set1_epi32(4 + c)), T0, 4);
                ST(cu + c * 16, zc_mont16(v1, R2, P, MU));                       /* X = 1 */
                ST(cu + 64 + c * 16, zc_mont16(zc_sub16(v1, v0, P), R2, P, MU)); /* step */
            }
        }
        for (size_t X = 1; X <= j->D + 1; X++) {
            if (X > 1)
                for (size_t u = 0; u < g->nu; u++) {
                    uint32_t *cu = col + u * 128;
                    for (int c = 0; c < 4; c++) ST(cu + c * 16, zc_add16(LD(cu + c * 16), LD(cu + 64 + c * 16), P));
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
                    for (int c = 0; c < 4; c++) ST(o + c * 16, zc_add16(LD(a + c * 16), LD(b + c * 16), P));
                    break;
                case SWIRL_ZC_OP_SUB:
                    for (int c = 0; c < 4; c++) ST(o + c * 16, zc_sub16(LD(a + c * 16), LD(b + c * 16), P));
                    break;
                case SWIRL_ZC_OP_NEG:
                    for (int c = 0; c < 4; c++) ST(o + c * 16, zc_sub16(Z, LD(a + c * 16), P));
                    break;
                default: {
                    __m512i av[4], bv[4], rv[4];
                    for (int c = 0; c < 4; c++) { av[c] = LD(a + c * 16); bv[c] = LD(b + c * 16); }
                    zc_ef16_mul(av, bv, rv, P, MU);
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
                zc_ef16_mul(lv, xv, rv, P, MU);
                for (int c = 0; c < 4; c++) C[c] = zc_add16(C[c], rv[c], P);
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
                        ef_t x = {{bb_mul(mv[k], RINV), bb_mul(mv[16 + k], RINV), bb_mul(mv[32 + k], RINV), bb_mul(mv[48 + k], RINV)}};
                        h = ef_add(h, ef_mul(bp, x));
                        bp = ef_mul(bp, j->beta);
                    }
                    num[i] = (ef_t){{bb_mul(val[(size_t)g->cnt[i] * 64 + k], RINV), bb_mul(val[(size_t)g->cnt[i] * 64 + 16 + k], RINV),
                                     bb_mul(val[(size_t)g->cnt[i] * 64 + 32 + k], RINV), bb_mul(val[(size_t)g->cnt[i] * 64 + 48 + k], RINV)}};
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

int swirl_zc_prove(const swirl_system_params *p, swirl_transcript *tr, const swirl_zc_trace *traces, size_t N,
                   const ef_t *xi, size_t n_logup, ef_t beta, swirl_pool *pool, swirl_spans *spans,
                   const swirl_zc_accel *accel, swirl_batch_proof *out, ef_t *r) {
    if (!p || !tr || !traces || !N || !xi || !out || !r) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    swirl_span_enter(spans, "round0"); /* exactly one span (round0, then mle_rounds) is open until done */
    const unsigned l = (unsigned)p->l_skip;
    const size_t D = p->max_constraint_degree, ch = (size_t)1 << l;
    unsigned b = 0;
    while (((size_t)1 << b) < D + 1) b++;
    const size_t E = ch << b, ncoef = (D + 1) * (ch - 1) + 1;
    const size_t n_max = ntil_of(traces[0].log_height, l);
    int rc = SWIRL_OK;
    trace_state *ts = calloc(N, sizeof *ts);
    ef_t **ew = calloc(N, sizeof *ew);
    swirl_ntt_tables *tab = swirl_ntt_tables_create(l + b);
    ef_t *A = calloc(N * E, sizeof *A), *B = calloc(N * E, sizeof *B), *Cc = calloc(N * E, sizeof *Cc);
    out->sum_p = calloc(N, sizeof(ef_t));
    out->sum_q = calloc(N, sizeof(ef_t));
    out->univariate = calloc(E, sizeof(ef_t));
    out->rounds = calloc(n_max * (D + 1) + 1, sizeof(ef_t));
    out->part_count = calloc(N, sizeof(size_t));
    out->part_offset = calloc(N * MAXP, sizeof(size_t));
    out->part_len = calloc(N * MAXP, sizeof(size_t));
    if (!ts || !ew || !tab || !A || !B || !Cc || !out->sum_p || !out->sum_q || !out->univariate || !out->rounds ||
        !out->part_count || !out->part_offset || !out->part_len) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    out->num_traces = N;
    out->num_univariate = ncoef;
    out->n_max = n_max;
    out->degree_plus_one = D + 1;
    for (size_t t = 0; t < N; t++) {
        if (traces[t].vk->dag.num_nodes == 0 && traces[t].vk->dag.num_interactions) { rc = SWIRL_ERR_INTERNAL; goto done; }
        make_colmap(traces[t].vk, &ts[t].m);
        if (ts[t].m.nparts > MAXP) { rc = SWIRL_ERR_INVALID_ARG; goto done; }
        ts[t].M = lift(&traces[t], &ts[t].m, l, &ts[t].Hl, pool);
        ts[t].ntil = ntil_of(traces[t].log_height, l);
        {
            const swirl_dag *dg = &traces[t].vk->dag;
            unsigned char *used = calloc(ts[t].m.ncols + 1, 1);
            ts[t].ucols = malloc((ts[t].m.ncols + 1) * sizeof *ts[t].ucols);
            if (!used || !ts[t].ucols) { free(used); rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
            for (size_t i = 0; i < dg->num_nodes; i++) {
                const swirl_node *n = &dg->nodes[i];
                if (n->kind == SW_NODE_VAR && n->entry != SW_ENTRY_PUBLIC)
                    used[ts[t].m.part_base[var_part(&ts[t].m, n)] + 2 * n->index + n->offset] = 1;
                else if (n->kind == SW_NODE_FIRST) used[ts[t].m.sel] = 1;
                else if (n->kind == SW_NODE_LAST) used[ts[t].m.sel + 1] = 1;
                else if (n->kind == SW_NODE_TRANS) used[ts[t].m.sel + 2] = 1;
            }
            ts[t].nu = 0;
            for (size_t c = 0; c < ts[t].m.ncols; c++)
                if (used[c]) ts[t].ucols[ts[t].nu++] = (uint32_t)c;
            free(used);
        }
        ts[t].norm = traces[t].log_height < l ? bb_inv_pow2(l - traces[t].log_height) : 1;
        ew[t] = calloc(traces[t].vk->dag.num_interactions + 1, sizeof(ef_t));
        if (!ts[t].M || !ew[t]) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    }
    logup_weights(l, traces, N, n_logup, xi, ew);
    ef_t lambda = swirl_tr_sample_ext(tr);
    /* ---- round 0 accumulation: chunks in parallel, base-field DAG evaluation ---- */
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        r0_job j;
        memset(&j, 0, sizeof j);
        j.v = traces[t].vk;
        j.s = &ts[t];
        j.pv = traces[t].public_values;
        j.tab = tab;
        j.l = l;
        j.b = b;
        j.E = E;
        j.ew = ew[t];
        j.nw = swirl_pool_size(pool);
        size_t nx = ts[t].Hl >> l, ni = j.v->dag.num_interactions, nn = j.v->dag.num_nodes + 1, nc = ts[t].m.ncols;
        size_t maxlen = 1;
        for (size_t i = 0; i < ni; i++) if (j.v->dag.interactions[i].message_len + 1 > maxlen) maxlen = j.v->dag.interactions[i].message_len + 1;
        j.eqx = malloc(nx * sizeof *j.eqx);
        j.lp = malloc((j.v->dag.num_constraints + 1) * sizeof *j.lp);
        j.bp = malloc((maxlen + 1) * sizeof *j.bp);
        j.acc = calloc(3 * E * j.nw, sizeof *j.acc);
        j.wscr = calloc(j.nw, sizeof *j.wscr);
        j.wext = calloc(j.nw, sizeof *j.wext);
        if (!j.eqx || !j.lp || !j.bp || !j.acc || !j.wscr || !j.wext) rc = SWIRL_ERR_OUT_OF_MEMORY;
        for (unsigned w = 0; rc == SWIRL_OK && !(accel && accel->round0) && w < j.nw; w++) {
            j.wscr[w] = malloc(((nn + 1) * R0_PTS + nc * ch + 4) * sizeof(bb_t));
            j.wext[w] = malloc(nc * E * sizeof(bb_t));
            if (!j.wscr[w] || !j.wext[w]) rc = SWIRL_ERR_OUT_OF_MEMORY;
        }
        if (rc == SWIRL_OK) {
            swirl_eq_table(xi + l, ts[t].ntil, j.eqx);
            j.lp[0] = ef_one();
            for (size_t k = 1; k <= j.v->dag.num_constraints; k++) j.lp[k] = ef_mul(j.lp[k - 1], lambda);
            j.bp[0] = ef_one();
            for (size_t k = 1; k <= maxlen; k++) j.bp[k] = ef_mul(j.bp[k - 1], beta);
            r0_prog prog;
            rc = r0_compile(&j, &prog);
            if (rc == SWIRL_OK) {
                j.op = prog.op;
                j.a0 = prog.a0;
                j.a1 = prog.a1;
                j.cmont = prog.cmont;
                j.ccol = prog.ccol;
                j.ucols = prog.ucols;
                j.nu = prog.nu;
                j.use_avx512 = zc_have_avx512();
                bb_t *wmat = NULL;
                if (!(accel && accel->round0) && j.use_avx512 && E % 16 == 0) {
                    /* the extension weights: the extension of each unit vector, by the NTT */
                    bb_t *idm = calloc(ch * ch, sizeof *idm);
                    wmat = malloc(ch * E * sizeof *wmat);
                    if (!idm || !wmat) rc = SWIRL_ERR_OUT_OF_MEMORY;
                    if (rc == SWIRL_OK) {
                        for (size_t z = 0; z < ch; z++) idm[z * ch + z] = 1;
                        rc = swirl_idft_batch(tab, idm, l, ch, ch, NULL);
                        if (rc == SWIRL_OK) rc = swirl_rs_encode_batch(tab, idm, ch, l, b, ch, wmat, E, NULL);
                        for (size_t k = 0; rc == SWIRL_OK && k < ch * E; k++) wmat[k] = bb_mul(wmat[k], SWIRL_BB_MONTY_R2);
                    }
                    free(idm);
                    j.wmat = wmat;
                }
                if (rc == SWIRL_OK) {
                    if (accel && accel->round0) rc = r0_accelerated(accel, &j, &prog, A + t * E, B + t * E, Cc + t * E);
                    else swirl_pool_for(pool, nx, 1, r0_body, &j);
                }
                free(wmat);
                r0_prog_free(&prog);
            }
            for (unsigned w = 0; rc == SWIRL_OK && w < j.nw; w++)
                for (size_t pt = 0; pt < E; pt++) {
                    A[t * E + pt] = ef_add(A[t * E + pt], j.acc[(w * 3 + 0) * E + pt]);
                    B[t * E + pt] = ef_add(B[t * E + pt], j.acc[(w * 3 + 1) * E + pt]);
                    Cc[t * E + pt] = ef_add(Cc[t * E + pt], j.acc[(w * 3 + 2) * E + pt]);
                }
        }
        for (unsigned w = 0; j.wscr && w < j.nw; w++) free(j.wscr[w]);
        for (unsigned w = 0; j.wext && w < j.nw; w++) free(j.wext[w]);
        free(j.wscr); free(j.wext); free(j.eqx); free(j.lp); free(j.bp); free(j.acc);
    }
    if (rc) goto done;
    bb_t wE = bb_two_adic_generator(l + b);
    ef_t *eqs = malloc(E * sizeof *eqs), *eqd = malloc(E * sizeof *eqd);
    if (!eqs || !eqd) { free(eqs); free(eqd); rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    for (size_t pt = 0; pt < E; pt++) {
        ef_t Z = ef_from_bb(bb_pow(wE, pt));
        eqs[pt] = swirl_eq_sharp(l, xi, Z);
        eqd[pt] = swirl_eq_uni(l, xi[0], Z);
    }
    for (size_t t = 0; t < N; t++) {
        ef_t sp = ef_zero(), sq = ef_zero();
        for (size_t z = 0; z < ch; z++) {
            size_t pt = z << b;
            sp = ef_add(sp, ef_mul(eqs[pt], A[t * E + pt]));
            sq = ef_add(sq, ef_mul(eqs[pt], B[t * E + pt]));
        }
        out->sum_p[t] = sp;
        out->sum_q[t] = sq;
        swirl_tr_observe_ext(tr, sp);
        swirl_tr_observe_ext(tr, sq);
    }
    ef_t mu = swirl_tr_sample_ext(tr);
    ef_t *mup = malloc((3 * N + 1) * sizeof *mup);
    if (!mup) { free(eqs); free(eqd); rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    mup[0] = ef_one();
    for (size_t i = 1; i <= 3 * N; i++) mup[i] = ef_mul(mup[i - 1], mu);
    {
        ef_t *s0 = out->univariate;
        for (size_t pt = 0; pt < E; pt++) {
            ef_t acc = ef_zero();
            for (size_t t = 0; t < N; t++) {
                acc = ef_add(acc, ef_mul(eqs[pt], ef_add(ef_mul(mup[2 * t], A[t * E + pt]), ef_mul(mup[2 * t + 1], B[t * E + pt]))));
                acc = ef_add(acc, ef_mul(ef_mul(mup[2 * N + t], eqd[pt]), Cc[t * E + pt]));
            }
            s0[pt] = acc;
        }
        /* evaluations -> coefficients (EF iDFT = 4 base iDFTs) */
        bb_t *cols4 = malloc(4 * E * sizeof *cols4);
        if (!cols4) { free(eqs); free(eqd); free(mup); rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
        for (size_t pt = 0; pt < E; pt++)
            for (int c = 0; c < 4; c++) cols4[(size_t)c * E + pt] = s0[pt].c[c];
        swirl_idft_batch(tab, cols4, l + b, 4, E, NULL);
        for (size_t k = 0; k < E; k++)
            for (int c = 0; c < 4; c++) s0[k].c[c] = cols4[(size_t)c * E + k];
        free(cols4);
        for (size_t k = ncoef; k < E; k++)
            if (!ef_is_zero(s0[k])) rc = SWIRL_ERR_INTERNAL; /* degree bound violated: DAG degree > D */
        for (size_t k = 0; k < ncoef; k++) swirl_tr_observe_ext(tr, s0[k]);
    }
    free(eqs);
    free(eqd);
    if (rc) { free(mup); goto done; }
    r[0] = swirl_tr_sample_ext(tr);
    swirl_span_exit(spans); /* round0 */
    swirl_span_enter(spans, "mle_rounds");
    /* ---- tables at Z = r0 (columns in parallel) ---- */
    ef_t L0[1024];
    bb_t wl = bb_two_adic_generator(l);
    for (size_t z = 0; z < ch; z++) L0[z] = swirl_eq_uni(l, r[0], ef_from_bb(bb_pow(wl, z)));
    mle_job mj;
    memset(&mj, 0, sizeof mj);
    mj.traces = traces;
    mj.ts = ts;
    mj.ew = ew;
    mj.N = N;
    mj.l = l;
    mj.D = D;
    mj.lambda = lambda;
    mj.beta = beta;
    mj.L0 = L0;
    mj.eqsharp_r0 = swirl_eq_sharp(l, xi, r[0]);
    mj.eqd_r0 = swirl_eq_uni(l, xi[0], r[0]);
    mj.mup = mup;
    mj.nw = swirl_pool_size(pool);
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        trace_state *s = &ts[t];
        size_t nx = s->Hl >> l;
        s->T = malloc(s->m.ncols * nx * sizeof(ef_t));
        s->Tstride = nx;
        if (!s->T) { rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
        mj.t = t;
        swirl_pool_for(pool, s->m.ncols, 16, table_body, &mj);
        free(s->M); /* the base columns are no longer needed */
        s->M = NULL;
    }
    /* per-worker scratch for DAG evaluation */
    size_t maxn = 1, maxi = 1, maxc = 1;
    for (size_t t = 0; t < N; t++) {
        if (traces[t].vk->dag.num_nodes + 1 > maxn) maxn = traces[t].vk->dag.num_nodes + 1;
        if (traces[t].vk->dag.num_interactions + 1 > maxi) maxi = traces[t].vk->dag.num_interactions + 1;
        if (ts[t].m.ncols > maxc) maxc = ts[t].m.ncols;
    }
    mj.wscr = calloc(mj.nw, sizeof *mj.wscr);
    mj.wacc = calloc((size_t)mj.nw * 16, sizeof *mj.wacc);
    if (!mj.wscr || !mj.wacc) rc = SWIRL_ERR_OUT_OF_MEMORY;
    for (unsigned w = 0; rc == SWIRL_OK && w < mj.nw; w++) {
        mj.wscr[w] = malloc((2 * maxc + maxn + 2 * maxi) * sizeof(ef_t));
        if (!mj.wscr[w]) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    mj.maxc = maxc;
    mj.maxn = maxn;
    mj.maxi = maxi;
    /* AVX-512: compile every trace's program for 16-lane EF evaluation */
    r0_prog *vprog = NULL;
    ef_t *vlp = NULL;
    if (rc == SWIRL_OK && zc_have_avx512()) {
        size_t maxk = 1, maxu = 1;
        vprog = calloc(N, sizeof *vprog);
        mj.vval = calloc(mj.nw, sizeof *mj.vval);
        mj.vcol = calloc(mj.nw, sizeof *mj.vcol);
        int vrc = vprog && mj.vval && mj.vcol ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
        for (size_t t = 0; vrc == SWIRL_OK && t < N; t++) {
            r0_job tj;
            memset(&tj, 0, sizeof tj);
            tj.v = traces[t].vk;
            tj.s = &ts[t];
            tj.pv = traces[t].public_values;
            vrc = r0_compile(&tj, &vprog[t]);
            if (traces[t].vk->dag.num_constraints + 1 > maxk) maxk = traces[t].vk->dag.num_constraints + 1;
            if (vrc == SWIRL_OK && vprog[t].nu + 1 > maxu) maxu = vprog[t].nu + 1;
        }
        if (vrc == SWIRL_OK) {
            vlp = malloc(maxk * sizeof *vlp);
            if (!vlp) vrc = SWIRL_ERR_OUT_OF_MEMORY;
            else {
                vlp[0] = ef_one();
                for (size_t k = 1; k < maxk; k++) vlp[k] = ef_mul(vlp[k - 1], lambda);
            }
        }
        for (unsigned w = 0; vrc == SWIRL_OK && w < mj.nw; w++) {
            mj.vval[w] = swirl_big_alloc(maxn * 64 * sizeof(uint32_t), 0);
            mj.vcol[w] = swirl_big_alloc(maxu * 128 * sizeof(uint32_t), 0);
            if (!mj.vval[w] || !mj.vcol[w]) vrc = SWIRL_ERR_OUT_OF_MEMORY;
        }
        if (vrc == SWIRL_OK) {
            mj.vprog = vprog;
            mj.vlp = vlp;
        } else if (vrc != SWIRL_ERR_OUT_OF_MEMORY) {
            rc = vrc;
        } /* out of memory for the fast path: the portable path needs none of it */
    }
    /* traces with ñ = 0 are fully folded already */
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++)
        if (ts[t].ntil == 0) {
            ef_t *cols = mj.wscr[0];
            for (size_t c = 0; c < ts[t].m.ncols; c++) cols[c] = ts[t].T[c * ts[t].Tstride];
            ts[t].F = bracket(&mj, t, 0, cols);
        }
    ef_t eqpre = ef_one(); /* prod_{i<j} eq(xi_{l+i-1}, r_i) */
    ef_t tailprod[64];     /* per trace: prod_{ñ < i < j} r_i, updated as rounds pass */
    for (size_t t = 0; t < N && t < 64; t++) tailprod[t] = ef_one();
    for (size_t j = 1; j <= n_max && rc == SWIRL_OK; j++) {
        ef_t sv[16];
        for (size_t X = 0; X <= D + 1; X++) sv[X] = ef_zero();
        ef_t xij = xi[l + j - 1];
        for (size_t t = 0; t < N; t++) {
            trace_state *s = &ts[t];
            if (s->ntil >= j) {
                size_t len = (size_t)1 << (s->ntil - j + 1), half = len / 2;
                ef_t *eqy = malloc(half * sizeof *eqy);
                if (!eqy) { rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
                swirl_eq_table(xi + l + j, s->ntil - j, eqy);
                mj.t = t;
                mj.len = len;
                mj.eqy = eqy;
                memset(mj.wacc, 0, (size_t)mj.nw * 16 * sizeof *mj.wacc);
#if SWIRL_ZC_X86
                if (mj.vprog) swirl_pool_for(pool, (half + 15) / 16, 1, round_body_avx512, &mj);
                else
#endif
                    swirl_pool_for(pool, half, 1, round_body, &mj);
                free(eqy);
                for (size_t X = 1; X <= D + 1; X++) {
                    ef_t acc = ef_zero(); /* field addition is exact: the split never changes the sum */
                    for (unsigned w = 0; w < mj.nw; w++) acc = ef_add(acc, mj.wacc[(size_t)w * 16 + X]);
                    ef_t ex = ef_add(ef_mul_bb(xij, (bb_t)X), ef_mul(ef_sub(ef_one(), xij), ef_from_bb(bb_sub(1, (bb_t)X))));
                    sv[X] = ef_add(sv[X], ef_mul(ef_mul(eqpre, ex), acc));
                }
            } else {
                /* tail: F_t * prod_{ñ<i<j} r_i * X */
                for (size_t X = 1; X <= D + 1; X++) sv[X] = ef_add(sv[X], ef_mul_bb(ef_mul(ts[t].F, tailprod[t]), (bb_t)X));
            }
        }
        if (rc) break;
        for (size_t X = 1; X <= D + 1; X++) {
            out->rounds[(j - 1) * (D + 1) + (X - 1)] = sv[X];
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
            } else if (t < 64) {
                tailprod[t] = ef_mul(tailprod[t], r[j]);
            }
        }
    }
    for (unsigned w = 0; mj.wscr && w < mj.nw; w++) free(mj.wscr[w]);
    free(mj.wscr);
    free(mj.wacc);
    for (unsigned w = 0; mj.vval && w < mj.nw; w++) free(mj.vval[w]);
    for (unsigned w = 0; mj.vcol && w < mj.nw; w++) free(mj.vcol[w]);
    free(mj.vval);
    free(mj.vcol);
    for (size_t t = 0; vprog && t < N; t++) r0_prog_free(&vprog[t]);
    free(vprog);
    free(vlp);
    free(mup);
    if (rc) goto done;
    /* ---- column openings: common main of every trace first, then the other parts ---- */
    {
        size_t total = 0;
        for (size_t t = 0; t < N; t++)
            for (size_t pp = 0; pp < ts[t].m.nparts; pp++) total += ts[t].m.part_width[pp] * 2;
        out->openings = calloc(total + 1, sizeof(ef_t));
        if (!out->openings) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
        size_t off = 0;
        for (int pass = 0; pass < 2; pass++)
            for (size_t t = 0; t < N; t++) {
                trace_state *s = &ts[t];
                int nr = traces[t].vk->need_rot;
                out->part_count[t] = s->m.nparts;
                for (size_t pp = pass ? 1 : 0; pp < (pass ? s->m.nparts : 1); pp++) {
                    out->part_offset[t * MAXP + pp] = off;
                    for (size_t c = 0; c < s->m.part_width[pp]; c++) {
                        ef_t v = s->T[(s->m.part_base[pp] + 2 * c) * s->Tstride], vr = s->T[(s->m.part_base[pp] + 2 * c + 1) * s->Tstride];
                        swirl_tr_observe_ext(tr, v);
                        swirl_tr_observe_ext(tr, nr ? vr : ef_zero());
                        out->openings[off++] = v;
                        if (nr) out->openings[off++] = vr;
                    }
                    out->part_len[t * MAXP + pp] = off - out->part_offset[t * MAXP + pp];
                }
            }
        out->num_openings = off;
    }
done:
    swirl_span_exit(spans);
    for (size_t t = 0; ts && t < N; t++) { free(ts[t].M); free(ts[t].T); free(ts[t].ucols); if (ew) free(ew[t]); }
    free(ts); free(ew); free(A); free(B); free(Cc);
    swirl_ntt_tables_free(tab);
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
        colmap m;
        make_colmap(traces[t].vk, &m);
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
    ef_t *mup = malloc((3 * N + 1) * sizeof *mup);
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
        if (!ef_eq(lhs, rhs)) { free(mup); return ZFAIL(SWIRL_ZC_ERR_SUM_CLAIM, "round-0 polynomial does not sum to the claims (SumClaimMismatch)"); }
    }
    ef_t claim = ef_zero();
    for (size_t k = ncoef; k-- > 0;) claim = ef_add(ef_mul(claim, r[0]), pf->univariate[k]);
    ef_t vals[34];
    for (size_t j = 1; j <= n_max; j++) {
        const ef_t *s = pf->rounds + (j - 1) * (D + 1);
        for (size_t X = 1; X <= D + 1; X++) { vals[X] = s[X - 1]; swirl_tr_observe_ext(tr, s[X - 1]); }
        r[j] = swirl_tr_sample_ext(tr);
        vals[0] = ef_sub(claim, vals[1]);
        claim = lagrange_eval(vals, D + 2, r[j]);
    }
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
    ef_t eqn[64], eqs[64];
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
    ef_t **ew = calloc(N, sizeof *ew);
    int rc = ew ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        ew[t] = calloc(traces[t].vk->dag.num_interactions + 1, sizeof(ef_t));
        if (!ew[t]) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    ef_t expected = ef_zero();
    if (rc == SWIRL_OK) logup_weights(l, traces, N, n_logup, xi, ew);
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        const swirl_air_vk *v = traces[t].vk;
        colmap m;
        make_colmap(v, &m);
        ef_t *cols = calloc(m.ncols, sizeof *cols), *scr = calloc(v->dag.num_nodes + 1, sizeof *scr);
        ef_t *num = calloc(v->dag.num_interactions + 1, sizeof *num), *den = calloc(v->dag.num_interactions + 1, sizeof *den);
        if (!cols || !scr || !num || !den) { free(cols); free(scr); free(num); free(den); rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
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
        eval_dag(v, &m, cols, traces[t].public_values, lambda, beta, scr, &C, num, den);
        ef_t sn = ef_zero(), sd = ef_zero();
        for (size_t i = 0; i < v->dag.num_interactions; i++) { sn = ef_add(sn, ef_mul(ew[t][i], num[i])); sd = ef_add(sd, ef_mul(ew[t][i], den[i])); }
        bb_t norm = traces[t].log_height < l ? bb_inv_pow2(l - traces[t].log_height) : 1;
        expected = ef_add(expected, ef_mul(ef_mul(mup[2 * t], ef_mul_bb(sn, norm)), eqs[nt]));
        expected = ef_add(expected, ef_mul(ef_mul(mup[2 * t + 1], sd), eqs[nt]));
        expected = ef_add(expected, ef_mul(ef_mul(mup[2 * N + t], C), eqn[nt]));
        free(cols); free(scr); free(num); free(den);
    }
    for (size_t t = 0; ew && t < N; t++) free(ew[t]);
    free(ew);
    free(mup);
    if (rc) return swirl_fail(err, rc, 0, "zerocheck verify: out of memory");
    if (!ef_eq(expected, claim)) return ZFAIL(SWIRL_ZC_ERR_INCONSISTENT, "column openings inconsistent with the sumcheck (InconsistentClaims)");
    return SWIRL_OK;
}
