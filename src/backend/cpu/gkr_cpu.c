/* gkr_cpu.c — the CPU backend's LogUp-GKR operations (iop/gkr_ops.h) over the context's thread
 * pool.
 *
 * Workspace: every tree layer is kept (layer j has 2^j nodes, at offset 2^j) in one EF buffer per
 * p and q, the leaves being layer L; one layer's sumcheck works on five tables of 2^(j-1) values
 * (p(0,y), p(1,y), q(0,y), q(1,y), eq(xi, y)) folded in place after every round; the round
 * polynomial is evaluated at X = 1, 2, 3 by a parallel reduction with per-worker partials.
 * Everything is allocated in create. */
#include <stdlib.h>
#include <string.h>
#include "iop/gkr_ops.h"
#include "iop/zc_internal.h"
#include "util/alloc.h"
#include "util/bigalloc.h"
#include "util/check.h"

struct swirl_gkr_ws {
    swirl_pool *pool;
    unsigned L, nw;
    size_t N, half; /* 2^L leaves; table capacity 2^(L-1) */
    ef_t *P, *Q;    /* 2N each: layer j at offset 2^j */
    ef_t *tab;      /* five tables of `half` values */
    ef_t *partial;  /* 3 per worker */
};

/* ---- leaves: the DAG's count and message nodes at every lifted row ---- */

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
        swirl_zc_eval_dag(j->v, j->m, cols, j->pv, ef_zero(), j->beta, scr, &C, num, den);
        for (size_t i = 0; i < ni; i++) {
            j->P[j->R + i * j->Hl + k] = ef_mul_bb(num[i], j->norm);
            j->Q[j->R + i * j->Hl + k] = ef_add(j->alpha, den[i]);
        }
    }
}

/* One segment: the trace's lifted columns, then the rows in parallel. */
static int leaves_segment(const swirl_gkr_leaves_input *in, const swirl_logup_segment *sg, swirl_pool *pool, ef_t *P,
                          ef_t *Q) {
    const swirl_zc_trace *t = &in->traces[sg->trace];
    const swirl_air_vk *v = t->vk;
    const unsigned nw = swirl_pool_size(pool);
    colmap m;
    swirl_zc_make_colmap(v, &m);
    leaves_job j;
    memset(&j, 0, sizeof j);
    j.M = swirl_zc_lift(t, &m, (unsigned)in->params->l_skip, &j.Hl, pool);
    j.wscr = swirl_calloc(nw, sizeof *j.wscr);
    int rc = j.M && j.wscr ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    SWIRL_VERIFY_CHECK(rc || j.Hl == sg->rows);
    for (unsigned w = 0; rc == SWIRL_OK && w < nw; w++) {
        j.wscr[w] = swirl_malloc((m.ncols + v->dag.num_nodes + 2 * v->dag.num_interactions + 3) * sizeof(ef_t));
        if (!j.wscr[w]) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    if (rc == SWIRL_OK) {
        j.v = v;
        j.m = &m;
        j.R = sg->offset;
        j.pv = t->public_values;
        j.alpha = in->alpha;
        j.beta = in->beta;
        j.norm = sg->norm;
        j.P = P;
        j.Q = Q;
        swirl_pool_for(pool, j.Hl, 64, leaves_body, &j);
    }
    for (unsigned w = 0; j.wscr && w < nw; w++) swirl_free(j.wscr[w]);
    swirl_free(j.wscr);
    swirl_free((void *)j.M);
    return rc;
}

/* p = 0, q = alpha: the value of every leaf no interaction occupies */
typedef struct { ef_t *P, *Q; ef_t alpha; } fill_job;
static void fill_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const fill_job *j = vp;
    for (size_t k = b; k < e; k++) { j->P[k] = ef_zero(); j->Q[k] = j->alpha; }
}

int swirl_logup_leaves(const swirl_system_params *p, const swirl_zc_trace *t, size_t N, size_t n_logup, ef_t alpha,
                       ef_t beta, swirl_pool *pool, ef_t *P, ef_t *Q) {
    if (!p || !P || !Q) return SWIRL_ERR_INVALID_ARG;
    swirl_gkr_leaves_input in = {p, t, N, n_logup, alpha, beta, NULL};
    swirl_logup_segment *seg = NULL;
    size_t ns = 0;
    int rc = swirl_logup_segments(&in, &seg, &ns);
    if (rc) return rc;
    fill_job fj = {P, Q, alpha};
    swirl_pool_for(pool, (size_t)1 << (p->l_skip + n_logup), 65536, fill_body, &fj);
    for (size_t s = 0; rc == SWIRL_OK && s < ns; s++) rc = leaves_segment(&in, &seg[s], pool, P, Q);
    swirl_free(seg);
    return rc;
}

/* ---- the operations ---- */

static void cpu_destroy(swirl_gkr_ws *ws) {
    if (!ws) return;
    swirl_free(ws->P);
    swirl_free(ws->Q);
    swirl_free(ws->tab);
    swirl_free(ws->partial);
    swirl_free(ws);
}

static int cpu_create(void *ops_ctx, unsigned L, swirl_gkr_ws **out) {
    if (!out || L == 0 || L > 32) return SWIRL_ERR_INVALID_ARG;
    *out = NULL;
    swirl_gkr_ws *ws = swirl_calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->pool = ops_ctx;
    ws->L = L;
    ws->nw = swirl_pool_size(ws->pool);
    ws->N = (size_t)1 << L;
    ws->half = ws->N / 2;
    ws->P = swirl_big_alloc(2 * ws->N * sizeof *ws->P, 0);
    ws->Q = swirl_big_alloc(2 * ws->N * sizeof *ws->Q, 0);
    ws->tab = swirl_big_alloc(5 * ws->half * sizeof *ws->tab, 0);
    ws->partial = swirl_alloc_array(3 * (size_t)ws->nw, sizeof *ws->partial);
    if (!ws->P || !ws->Q || !ws->tab || !ws->partial) {
        cpu_destroy(ws);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    *out = ws;
    return SWIRL_OK;
}

static int cpu_leaves(swirl_gkr_ws *ws, const swirl_gkr_leaves_input *in) {
    if (!ws || !in || !in->params || (size_t)in->params->l_skip + in->n_logup != ws->L) return SWIRL_ERR_INVALID_ARG;
    return swirl_logup_leaves(in->params, in->traces, in->num_traces, in->n_logup, in->alpha, in->beta, ws->pool,
                              ws->P + ws->N, ws->Q + ws->N);
}

static int cpu_load_leaves(swirl_gkr_ws *ws, const ef_t *p, const ef_t *q) {
    if (!ws || !p || !q) return SWIRL_ERR_INVALID_ARG;
    memcpy(ws->P + ws->N, p, ws->N * sizeof *p);
    memcpy(ws->Q + ws->N, q, ws->N * sizeof *q);
    return SWIRL_OK;
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

static int cpu_tree(swirl_gkr_ws *ws, ef_t root[2]) {
    if (!ws || !root) return SWIRL_ERR_INVALID_ARG;
    for (unsigned j = ws->L; j >= 1; j--) {
        size_t n = (size_t)1 << (j - 1);
        comb_job cj = {ws->P + 2 * n, ws->Q + 2 * n, ws->P + n, ws->Q + n};
        swirl_pool_for(ws->pool, n, 4096, comb_body, &cj);
    }
    root[0] = ws->P[1];
    root[1] = ws->Q[1];
    return SWIRL_OK;
}

static int cpu_root_children(swirl_gkr_ws *ws, swirl_gkr_layer_claims *c) {
    if (!ws || !c) return SWIRL_ERR_INVALID_ARG;
    c->p0 = ws->P[2]; c->q0 = ws->Q[2]; c->p1 = ws->P[3]; c->q1 = ws->Q[3];
    return SWIRL_OK;
}

typedef struct { const ef_t *lp, *lq; ef_t *a0, *a1, *b0, *b1; } split_job;
static void split_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const split_job *j = vp;
    for (size_t y = b; y < e; y++) {
        j->a0[y] = j->lp[2 * y]; j->a1[y] = j->lp[2 * y + 1]; j->b0[y] = j->lq[2 * y]; j->b1[y] = j->lq[2 * y + 1];
    }
}

/* one doubling step of the eq table: e[k + h] = e[k] x, e[k] = e[k] (1 - x), k < h */
typedef struct { ef_t *e; size_t h; ef_t x, om; } eq_job;
static void eq_body(void *vp, size_t b, size_t en, unsigned w) {
    (void)w;
    const eq_job *j = vp;
    for (size_t k = b; k < en; k++) { j->e[k + j->h] = ef_mul(j->e[k], j->x); j->e[k] = ef_mul(j->e[k], j->om); }
}

static int cpu_layer(swirl_gkr_ws *ws, unsigned j, const ef_t *xi) {
    if (!ws || !xi || j < 2 || j > ws->L) return SWIRL_ERR_INVALID_ARG;
    const size_t m = (size_t)1 << (j - 1), half = ws->half;
    ef_t *a0 = ws->tab, *e = a0 + 4 * half;
    split_job sj = {ws->P + ((size_t)1 << j), ws->Q + ((size_t)1 << j), a0, a0 + half, a0 + 2 * half, a0 + 3 * half};
    swirl_pool_for(ws->pool, m, 8192, split_body, &sj);
    /* eq table of xi (j-1 variables, variable i <-> bit i) */
    e[0] = ef_one();
    for (unsigned i = 0; i < j - 1; i++) {
        eq_job ej = {e, (size_t)1 << i, xi[i], ef_sub(ef_one(), xi[i])};
        swirl_pool_for(ws->pool, ej.h, 8192, eq_body, &ej);
    }
    return SWIRL_OK;
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

static int cpu_round(swirl_gkr_ws *ws, size_t len, ef_t lambda, ef_t s[3]) {
    if (!ws || !s || len < 2 || len > ws->half) return SWIRL_ERR_INVALID_ARG;
    const size_t half = ws->half;
    for (unsigned i = 0; i < 3 * ws->nw; i++) ws->partial[i] = ef_zero();
    round_job rj = {ws->tab, ws->tab + half, ws->tab + 2 * half, ws->tab + 3 * half, ws->tab + 4 * half, lambda,
                    ws->partial};
    swirl_pool_for(ws->pool, len / 2, 2048, round_body, &rj);
    s[0] = s[1] = s[2] = ef_zero();
    for (unsigned w = 0; w < ws->nw; w++)
        for (int X = 0; X < 3; X++) s[X] = ef_add(s[X], ws->partial[3 * w + (unsigned)X]);
    return SWIRL_OK;
}

typedef struct { ef_t *tab; size_t half, len; ef_t r; } fold_job;
static void fold_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const fold_job *j = vp;
    for (size_t k = b; k < e; k++) {
        ef_t *t = j->tab + k * j->half;
        /* in place, one thread per table: ascending i reads 2i, 2i+1 >= i before anything
         * overwrites them */
        for (size_t i = 0; i < j->len / 2; i++) t[i] = ef_add(t[2 * i], ef_mul(j->r, ef_sub(t[2 * i + 1], t[2 * i])));
    }
}

static int cpu_fold(swirl_gkr_ws *ws, size_t len, ef_t r) {
    if (!ws || len < 2 || len > ws->half) return SWIRL_ERR_INVALID_ARG;
    fold_job fj = {ws->tab, ws->half, len, r};
    /* the five tables in parallel (a table's in-place fold is sequential); small folds serially */
    if (len < 8192) fold_body(&fj, 0, 5, 0);
    else swirl_pool_for(ws->pool, 5, 1, fold_body, &fj);
    return SWIRL_OK;
}

static int cpu_claims(swirl_gkr_ws *ws, swirl_gkr_layer_claims *c) {
    if (!ws || !c) return SWIRL_ERR_INVALID_ARG;
    const size_t half = ws->half;
    c->p0 = ws->tab[0]; c->p1 = ws->tab[half]; c->q0 = ws->tab[2 * half]; c->q1 = ws->tab[3 * half];
    return SWIRL_OK;
}

static const swirl_gkr_ops cpu_ops = {cpu_create, cpu_destroy, cpu_leaves, cpu_load_leaves, cpu_tree,
                                      cpu_root_children, cpu_layer, cpu_round, cpu_fold, cpu_claims};

const swirl_gkr_ops *swirl_gkr_cpu_ops(void) { return &cpu_ops; }
