/* zc_cuda.c — the CUDA backend's batch constraint sumcheck operations (iop/zc_ops.h).
 *
 * Round 0 runs on the device; the multilinear rounds (tables, rounds, folds, openings) run on a
 * wrapped CPU workspace and are counted as host-computed stage operations. Every result equals
 * the CPU ops' (field sums are exact, so the order of accumulation never matters). */
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_zc.h"
#include "field/field_constants.h"
#include "iop/zc_internal.h"
#include "iop/zc_ops.h"
#include "poly/eq.h"
#include "util/alloc.h"

struct swirl_zc_ws {
    swirl_cuda_dev *dev;
    swirl_zc_shape shape;
    const swirl_zc_ops *host;  /* the CPU ops */
    swirl_zc_ws *hws;          /* their workspace: the lifted columns, programs, r_0 tables */
};

static void cuda_destroy(swirl_zc_ws *ws) {
    if (!ws) return;
    if (ws->hws) ws->host->destroy(ws->hws);
    swirl_free(ws);
}

static int cuda_create(void *backend, const swirl_zc_shape *shape, swirl_zc_ws **out) {
    const swirl_cuda_zc_ctx *c = backend;
    if (!c || !c->dev) return SWIRL_ERR_NO_DEVICE;
    swirl_zc_ws *ws = swirl_calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->dev = c->dev;
    ws->shape = *shape;
    ws->host = swirl_zc_cpu_ops();
    int rc = ws->host->create(c->pool, shape, &ws->hws);
    if (rc) { cuda_destroy(ws); return rc; }
    *out = ws;
    return SWIRL_OK;
}

/* Round 0 of one trace on the device, from the lifted host columns of the CPU workspace. */
static int round0_trace(swirl_zc_ws *ws, size_t t, ef_t lambda, const bb_t *W, ef_t *A, ef_t *B, ef_t *C) {
    const swirl_zc_shape *sh = &ws->shape;
    const trace_state *s = zc_cpu_trace(ws->hws, t);
    const swirl_dag *d = &sh->traces[t].vk->dag;
    const zc_prog *g = &s->prog;
    const size_t nx = s->Hl >> sh->l, ni = d->num_interactions;
    size_t maxlen = 1;
    for (size_t i = 0; i < ni; i++) if (d->interactions[i].message_len + 1 > maxlen) maxlen = d->interactions[i].message_len + 1;
    ef_t *eqx = swirl_alloc_array(nx, sizeof *eqx), *lp = swirl_alloc_array(d->num_constraints + 1, sizeof *lp);
    ef_t *bp = swirl_alloc_array(maxlen + 1, sizeof *bp);
    int rc = eqx && lp && bp ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        swirl_eq_table(sh->xi + sh->l, s->ntil, eqx);
        lp[0] = ef_one();
        for (size_t k = 1; k <= d->num_constraints; k++) lp[k] = ef_mul(lp[k - 1], lambda);
        bp[0] = ef_one();
        for (size_t k = 1; k <= maxlen; k++) bp[k] = ef_mul(bp[k - 1], sh->beta);
        swirl_cuda_r0_desc desc = {d->num_nodes, g->op, g->a0, g->a1, d->num_constraints, g->cn, ni, g->cnt, g->off, g->msg,
                                   g->bus, s->M, s->m.ncols, s->Hl, sh->l, sh->b, sh->E, (const uint32_t *)eqx,
                                   (const uint32_t *)lp, (const uint32_t *)bp, (const uint32_t *)sh->ew[t], s->norm, W};
        rc = swirl_cuda_zc_round0(ws->dev, &desc, (uint32_t *)A, (uint32_t *)B, (uint32_t *)C);
    }
    swirl_free(eqx);
    swirl_free(lp);
    swirl_free(bp);
    return rc;
}

static int cuda_round0(swirl_zc_ws *ws, ef_t lambda, ef_t *A, ef_t *B, ef_t *C) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t ch = (size_t)1 << sh->l, E = sh->E;
    /* the kernel reads W[pt][z], scaled by 2^64 for its Montgomery products */
    bb_t *W = swirl_alloc_array(ch * E, sizeof *W);
    if (!W) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t z = 0; z < ch; z++)
        for (size_t pt = 0; pt < E; pt++) W[pt * ch + z] = bb_mul(sh->ext_weights[z * E + pt], SWIRL_BB_MONTY_R2);
    int rc = SWIRL_OK;
    for (size_t t = 0; t < sh->N && rc == SWIRL_OK; t++) rc = round0_trace(ws, t, lambda, W, A + t * E, B + t * E, C + t * E);
    swirl_free(W);
    return rc;
}

static int cuda_tables(swirl_zc_ws *ws, ef_t r0, const swirl_zc_bracket *bk, ef_t *br) {
    swirl_cuda_count_host_op(ws->dev);
    return ws->host->tables(ws->hws, r0, bk, br);
}

static int cuda_round(swirl_zc_ws *ws, size_t j, ef_t *acc) {
    swirl_cuda_count_host_op(ws->dev);
    return ws->host->round(ws->hws, j, acc);
}

static int cuda_fold(swirl_zc_ws *ws, size_t j, ef_t rj, ef_t *br) {
    swirl_cuda_count_host_op(ws->dev);
    return ws->host->fold(ws->hws, j, rj, br);
}

static int cuda_openings(swirl_zc_ws *ws, ef_t *out) {
    swirl_cuda_count_host_op(ws->dev);
    return ws->host->openings(ws->hws, out);
}

static const swirl_zc_ops cuda_zc_ops = {cuda_create, cuda_destroy, cuda_round0, cuda_tables, cuda_round, cuda_fold, cuda_openings};

const swirl_zc_ops *swirl_zc_cuda_ops(void) { return &cuda_zc_ops; }
