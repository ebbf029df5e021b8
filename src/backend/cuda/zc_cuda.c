/* zc_cuda.c — the CUDA backend's batch constraint sumcheck operations (iop/zc_ops.h): the
 * workspace (zc_ws_cuda.h) and its operation table; round 0 is zc_r0_cuda.c, the multilinear
 * rounds zc_mle_cuda.c, the compiled programs zc_prog_cuda.c, the kernels zc.cu.
 *
 * Each trace's columns are read on the device where its commitment left them (cuda_trace_view.h:
 * the stacked matrix of a commitment this device made, or the key cache's copy of a preprocessed
 * commitment); the others (traces shorter than 2^l_skip, commitments of another device) are
 * uploaded once per proof into packed columns. Each AIR's DAG is compiled once per proving key
 * (kept in the device object's key cache, cuda_cache.h; public values patched per proof) into the
 * slot program of round 0 and the level program of the multilinear rounds. Every result equals
 * the CPU ops' (field sums are exact). */
#include <string.h>
#include "backend/cuda/zc_ws_cuda.h"
#include "field/field_constants.h"
#include "util/alloc.h"
#include "util/check.h"
#include "backend/cuda/cuda_cache.h"
#include "backend/cuda/cuda_resident.h"
#include "poly/ntt.h"

static void cuda_destroy(swirl_zc_ws *ws) {
    if (!ws) return;
    for (size_t t = 0; ws->dt && t < ws->shape.N; t++) {
        zc_dev_trace *d = &ws->dt[t];
        for (size_t p = 0; p < MAXP; p++) swirl_cuda_release(ws->dev, d->d_packed[p]);
        swirl_cuda_zc_prog_release(ws->dev, d->own_prog);
        swirl_cuda_release(ws->dev, d->d_cols);
        swirl_cuda_release(ws->dev, d->d_allcols);
    }
    swirl_cuda_release(ws->dev, ws->d_W);
    swirl_cuda_release(ws->dev, ws->d_lanes);
    swirl_cuda_release(ws->dev, ws->d_xi);
    swirl_cuda_release(ws->dev, ws->d_r0ef);
    void *mle[] = {ws->d_L0, ws->d_coef, ws->d_eqy, ws->d_one, ws->d_slots, ws->d_out, ws->d_acc, ws->d_Tall, ws->plan.d_buf};
    for (size_t i = 0; i < sizeof mle / sizeof mle[0]; i++) swirl_cuda_release(ws->dev, mle[i]);
    const zc_mle_plan *pl = &ws->plan;
    void *host[] = {ws->h_acc, pl->ord, pl->bord, pl->batch, pl->tpre, pl->opre, pl->bpre};
    for (size_t i = 0; i < sizeof host / sizeof host[0]; i++) swirl_free(host[i]);
    swirl_free(ws->dt);
    swirl_free(ws);
}

/* A host part uploaded once into packed columns (row-major rows, then the scatter transpose). */
static int upload_part(swirl_cuda_dev *dev, const swirl_trace *tr, uint32_t **d_out) {
    const size_t h = tr->height, w = tr->width;
    uint32_t *d_rows = NULL;
    uint64_t *d_base = NULL;
    uint64_t *base = swirl_alloc_array(w, sizeof *base);
    if (!base) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t c = 0; c < w; c++) base[c] = (uint64_t)c * h;
    int rc = swirl_cuda_alloc(dev, (void **)d_out, h * w * sizeof(uint32_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(dev, (void **)&d_rows, h * w * sizeof(uint32_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(dev, (void **)&d_base, w * sizeof *base);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, d_rows, tr->values, h * w * sizeof(uint32_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, d_base, base, w * sizeof *base);
    for (size_t r0 = 0; rc == SWIRL_OK && r0 < h; r0 += (size_t)1 << 21) {
        size_t rows = h - r0 < ((size_t)1 << 21) ? h - r0 : (size_t)1 << 21;
        rc = swirl_cuda_scatter_rows(dev, d_rows + r0 * w, rows, w, r0, d_base, 1, *d_out);
    }
    swirl_cuda_release(dev, d_rows);
    swirl_cuda_release(dev, d_base);
    swirl_free(base); /* write_async staged it */
    return rc;
}

/* The device columns of trace t's parts: resident where possible, else uploaded. */
static int bind_parts(swirl_zc_ws *ws, size_t t, const colmap *m) {
    const swirl_zc_trace *tr = &ws->shape.traces[t];
    zc_dev_trace *d = &ws->dt[t];
    const swirl_trace *parts[MAXP] = {tr->common};
    if (m->has_prep) parts[1] = tr->prep;
    for (size_t c = 0; c < m->num_cached; c++) parts[1 + (size_t)m->has_prep + c] = &tr->cached[c];
    d->view.num_parts = m->nparts;
    for (size_t p = 0; p < m->nparts; p++) {
        swirl_cuda_part_view *v = &d->view.part[p];
        v->width = m->part_width[p];
        v->log_height = tr->log_height;
        if (!v->width) continue;
        const swirl_zc_part_loc *loc = ws->shape.residence ? &ws->shape.residence->parts[t * MAXP + p] : NULL;
        v->base = swirl_cuda_resident_part(ws->dev, loc, v->width, tr->log_height, ws->shape.l);
        if (v->base) continue;
        if (!parts[p] || parts[p]->width != v->width || parts[p]->height != ((size_t)1 << tr->log_height)) return SWIRL_ERR_INVALID_ARG;
        int rc = upload_part(ws->dev, parts[p], &d->d_packed[p]);
        if (rc) return rc;
        v->base = d->d_packed[p];
    }
    return SWIRL_OK;
}

/* Where lifted column id of the colmap reads from. */
static swirl_cuda_zc_col col_source(const zc_dev_trace *d, const colmap *m, uint32_t id, unsigned lh) {
    swirl_cuda_zc_col c;
    memset(&c, 0, sizeof c);
    c.log_h = lh;
    if (id >= m->sel) {
        c.kind = id == m->sel ? SWIRL_CUDA_ZC_FIRST : id == m->sel + 1 ? SWIRL_CUDA_ZC_LAST : SWIRL_CUDA_ZC_TRANS;
        return c;
    }
    size_t p = 0;
    while (p + 1 < m->nparts && m->part_base[p + 1] <= id) p++;
    const size_t k = id - m->part_base[p];
    c.kind = SWIRL_CUDA_ZC_DATA;
    c.rot = (uint32_t)(k & 1);
    c.base = (uint64_t)(uintptr_t)swirl_cuda_part_column(&d->view.part[p], k >> 1);
    return c;
}

/* Trace t's programs: from the key cache (patched for this proof's public values), else built
 * now and cached under the AIR key's uid, or owned by the workspace when the key has none. */
static int trace_program(swirl_zc_ws *ws, size_t t, const colmap *m) {
    const swirl_zc_trace *tr = &ws->shape.traces[t];
    zc_dev_trace *d = &ws->dt[t];
    const uint64_t uid = tr->vk->uid;
    zc_dev_prog *pr = swirl_cuda_cache_get(ws->dev, SWIRL_CUDA_CACHE_ZC_PROGRAM, uid);
    if (pr) {
        d->prog = pr;
        return swirl_cuda_zc_prog_patch(ws->dev, pr, tr->public_values);
    }
    int rc = swirl_cuda_zc_prog_build(ws->dev, tr, m, &pr);
    if (rc) return rc;
    if (uid) {
        rc = swirl_cuda_cache_put(ws->dev, SWIRL_CUDA_CACHE_ZC_PROGRAM, uid, pr, pr->device_bytes, swirl_cuda_zc_prog_release);
        if (rc) return rc; /* put released it */
    } else {
        d->own_prog = pr;
    }
    d->prog = pr;
    return SWIRL_OK;
}

/* Where this proof's columns are: the program's used columns (d_cols) and every lifted column
 * (d_allcols, which the multilinear rounds' tables read). */
static int upload_sources(swirl_zc_ws *ws, zc_dev_trace *d, const colmap *m, unsigned lh) {
    const zc_dev_prog *pr = d->prog;
    swirl_cuda_zc_col *cols = swirl_alloc_array((pr->nu > m->ncols ? pr->nu : m->ncols) + 1, sizeof *cols);
    if (!cols) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t u = 0; u < pr->nu; u++) cols[u] = col_source(d, m, pr->ucols[u], lh);
    int rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_cols, (pr->nu + 1) * sizeof *cols);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d->d_cols, cols, pr->nu * sizeof *cols);
    for (size_t c = 0; c < m->ncols; c++) cols[c] = col_source(d, m, (uint32_t)c, lh);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_allcols, (m->ncols + 1) * sizeof *cols);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d->d_allcols, cols, m->ncols * sizeof *cols);
    swirl_free(cols); /* write_async staged it */
    return rc;
}

/* Trace t for this proof: its parts bound, its programs (cached or built), its columns' sources. */
static int build_trace(swirl_zc_ws *ws, size_t t) {
    const swirl_zc_trace *tr = &ws->shape.traces[t];
    zc_dev_trace *d = &ws->dt[t];
    colmap m;
    swirl_zc_make_colmap(tr->vk, &m);
    int rc = bind_parts(ws, t, &m);
    if (rc == SWIRL_OK) rc = trace_program(ws, t, &m);
    if (rc) return rc;
    d->ncols = m.ncols;
    d->sel = m.sel;
    d->ntil = ntil_of(tr->log_height, ws->shape.l);
    d->nx = (tr->log_height > ws->shape.l ? (size_t)1 << tr->log_height : (size_t)1 << ws->shape.l) >> ws->shape.l;
    d->norm = tr->log_height < ws->shape.l ? bb_inv_pow2(ws->shape.l - tr->log_height) : 1;
    return upload_sources(ws, d, &m, tr->log_height);
}

/* The lane tables of round 0's shuffle extension (layout in cuda_zc.h), from w_E, the root the
 * protocol's round-0 points are powers of (zerocheck.c: point pt is w_E^pt). */
static int upload_lane_tables(swirl_zc_ws *ws) {
    const unsigned l = ws->shape.l;
    const size_t ch = (size_t)1 << l, E = ws->shape.E, ncos = E >> l, words = 2 * l * ch + E;
    uint32_t *X = swirl_alloc_array(words, sizeof *X);
    if (!X) return SWIRL_ERR_OUT_OF_MEMORY;
    const bb_t wE = bb_two_adic_generator(l + ws->shape.b), wch = bb_pow(wE, ncos), one = bb_to_monty(1);
    for (unsigned st = 0; st < l; st++) {
        const size_t sd = ch >> (st + 1), sf = (size_t)1 << st;
        const bb_t rd = bb_inv(bb_pow(wch, ch / (2 * sd))), rf = bb_pow(wch, ch / (2 * sf)); /* w_2s^-1, w_2s */
        for (size_t k = 0; k < ch; k++) {
            X[st * ch + k] = (k & sd) ? bb_to_monty(bb_pow(rd, k & (sd - 1))) : one;
            X[(l + st) * ch + k] = (k & sf) ? bb_to_monty(bb_pow(rf, k & (sf - 1))) : one;
        }
    }
    const bb_t inv_ch = bb_inv_pow2(l);
    for (size_t c = 0; c < ncos; c++)
        for (size_t k = 0; k < ch; k++)
            X[(2 * l + c) * ch + k] = bb_mul(bb_mul(bb_pow(wE, c * swirl_ntt_rev_bits(k, l)), inv_ch), SWIRL_BB_MONTY_R2);
    int rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_lanes, words * sizeof *X);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_lanes, X, words * sizeof *X);
    swirl_free(X); /* write_async staged it */
    return rc;
}

static int cuda_create(void *backend, const swirl_zc_shape *shape, swirl_zc_ws **out) {
    const swirl_cuda_zc_ctx *c = backend;
    if (!c || !c->dev) return SWIRL_ERR_NO_DEVICE;
    swirl_zc_ws *ws = swirl_calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->dev = c->dev;
    ws->pool = c->pool;
    ws->shape = *shape;
    ws->dt = swirl_calloc(shape->N ? shape->N : 1, sizeof *ws->dt);
    const size_t ch = (size_t)1 << shape->l, E = shape->E;
    bb_t *W = swirl_alloc_array(ch * E, sizeof *W);
    int rc = ws->dt && W ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        /* times 2^64: one Montgomery product with a canonical value leaves its Montgomery form */
        for (size_t k = 0; k < ch * E; k++) W[k] = bb_mul(shape->ext_weights[k], SWIRL_BB_MONTY_R2);
        rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_W, ch * E * sizeof *W);
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_W, W, ch * E * sizeof *W);
    swirl_free(W);
    if (rc == SWIRL_OK && shape->l <= 5) rc = upload_lane_tables(ws);
    for (size_t t = 0; t < shape->N && rc == SWIRL_OK; t++) rc = build_trace(ws, t);
    for (size_t t = 0; t < shape->N && rc == SWIRL_OK; t++)
        if (ws->dt[t].ntil > shape->n_max) rc = SWIRL_ERR_INVALID_ARG; /* every eq table's variables are in xi[l .. l + n_max) */
    /* xi once: round 0's and every round's eq tables are made from it on the device */
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_xi, (shape->n_max + 1) * sizeof(ef_t));
    if (rc == SWIRL_OK && shape->n_max) rc = swirl_cuda_write_async(ws->dev, ws->d_xi, shape->xi + shape->l, shape->n_max * sizeof(ef_t));
    if (rc) { cuda_destroy(ws); return rc; }
    *out = ws;
    return SWIRL_OK;
}

static const swirl_zc_ops cuda_zc_ops = {cuda_create, cuda_destroy, swirl_cuda_zc_op_round0, swirl_cuda_zc_op_tables,
                                        swirl_cuda_zc_op_round, swirl_cuda_zc_op_fold, swirl_cuda_zc_op_openings};

const swirl_zc_ops *swirl_zc_cuda_ops(void) { return &cuda_zc_ops; }
