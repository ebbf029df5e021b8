/* zc_cuda.c — the CUDA backend's batch constraint sumcheck operations (iop/zc_ops.h).
 *
 * Round 0 runs on the device from the traces' device columns (cuda_trace_view.h): the parts of a
 * commitment made by this device's backend are read where the commitment left them (its
 * stacked matrix, no copy); the others (preprocessed parts committed at keygen on the host,
 * traces shorter than 2^l_skip, commitments of another device) are uploaded once per proof into
 * packed columns. Each AIR's DAG is compiled once per proving key (kept in the device object's
 * key cache, cuda_cache.h; public values patched per proof) into a slot program (dead nodes
 * dropped, slots reused by a linear scan over program order) with its epilogue tables, and a
 * second program for the multilinear rounds, which run on the device too: the r_0 tables of
 * every lifted column from the same device columns, then per round the level
 * program (instructions sorted by level, run by a block per point (y, X): a round has few
 * points, so one point's work is spread over a block instead of one thread's serial chain),
 * round sums reduced on the device with one small readback per round, folds into a second table
 * buffer, the brackets of traces folded to a point, the openings gathered. Each of these steps is
 * one launch for all traces (descriptor tables built once by the tables op, eq tables made on the
 * device from xi), except the round sums and brackets of a trace whose slots need global scratch
 * (a launch of its own). Every result equals the CPU ops' (field sums are exact). */
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_cache.h"
#include "backend/cuda/cuda_resident.h"
#include "backend/cuda/cuda_trace_view.h"
#include "backend/cuda/cuda_zc.h"
#include "backend/cuda/zc_prog_cuda.h"
#include "field/field_constants.h"
#include "iop/zc_internal.h"
#include "iop/zc_ops.h"
#include "poly/eq.h"
#include "poly/ntt.h"
#include "util/alloc.h"
#include "util/check.h"

/* Scratch budget of the slot buffers: nslots x T words per pass. The kernel is bound by the
 * latency of its slot traffic, so it wants every (chunk, point) pair of a trace in flight at
 * once: on the H200, keccakf 1024 (2,672 slots, 131,072 pairs) takes 62 ms in 3 passes of 512 MB
 * and 27 ms in one of 1.4 GB (docs/PERFORMANCE.md); 1.5 GB keeps it one pass. */
#define ZC_SLOT_BUDGET ((size_t)1536 << 20)


/* One trace's device program and tables (every pointer a pool allocation owned here, except the
 * program's: d_code, d_tabs, d_lcode and d_ucols are prog's, which the key cache or own_prog owns;
 * and d_ef, a part of the workspace's d_r0ef). */
typedef struct {
    const zc_dev_prog *prog;
    zc_dev_prog *own_prog;      /* the program when it is not cached (released with the workspace) */
    swirl_cuda_trace_view view;
    uint32_t *d_packed[MAXP];   /* uploaded packed columns of a part (NULL: read in place) */
    uint32_t *d_code;           /* ninstr x {op, dst, a, b} */
    swirl_cuda_zc_col *d_cols;
    uint32_t *d_tabs;           /* cnt | moff | msg (slots, offsets) */
    uint32_t *d_ef;             /* lp | bp | den0 | ew | eqx (EF), in ws->d_r0ef (upload_ef_tables) */
    uint32_t ninstr, nslots, ncons, ni, nmsg, maxlen;
    size_t nx, ncols, sel, nu, ntil;
    bb_t norm;
    swirl_cuda_zc_col *d_allcols; /* every lifted column's source (the tables) */
    uint32_t *d_lcode;           /* the level program of the MLE rounds: code | lv | cacc_off | cacc */
    uint32_t lninstr, lnslots, nlevels, lncacc;
    uint32_t *d_ucols;           /* the lifted ids of the columns the program reads */
    uint32_t *d_T[2];            /* r_0 tables, ncols x nx EF (+1 of padding), folded back and forth */
    int cur;                     /* which of d_T holds the current tables */
} zc_dev_trace;

/* The batched launches of the multilinear rounds (built once by the tables op). ord: every trace
 * by descending ñ (stable), the order of the tables, folds and openings launches; bord: in the
 * same order the batched traces (batch[t]: their slots fit a batched block), the order of the
 * batched round sums and brackets. tpre (over ord, counts ncols 2^ñ), opre (sel) and bpre (over
 * bord, 2^ñ) are the host copies of the device prefixes (cuda_zc.h). Device: one allocation
 * d_buf = tabs | descs | tpre | opre | bpre. */
typedef struct {
    size_t *ord, *bord, nb;
    unsigned char *batch;
    uint64_t *tpre, *opre, *bpre;
    void *d_buf;
    const swirl_cuda_zc_tab *d_tabs;
    const swirl_cuda_zc_mle_desc *d_descs;
    const uint64_t *d_tpre, *d_opre, *d_bpre;
} zc_mle_plan;

struct swirl_zc_ws {
    swirl_cuda_dev *dev;
    swirl_pool *pool;
    swirl_zc_shape shape;
    zc_dev_trace *dt;
    uint32_t *d_W;               /* 2^l x E extension weights times 2^64 */
    uint32_t *d_lanes;           /* l <= 5: the lane tables of the shuffle extension (cuda_zc.h) */
    ef_t lambda;                 /* the lambda of the EF tables (d_ef) */
    int have_lambda;
    /* round 0 (made once per workspace by its first EF tables) */
    uint32_t *d_r0xi;            /* xi[l .. l + max ñ) (EF): the variables of the eq tables eqx */
    uint32_t *d_r0ef;            /* every trace's EF tables; dt[t].d_ef points into it */
    /* the multilinear rounds (allocated by the tables op) */
    uint32_t *d_L0, *d_coef, *d_eqy, *d_one, *d_slots, *d_out;
    unsigned long long *d_acc;   /* (D+1) x 4 round sums, then N x 4 brackets */
    unsigned long long *h_acc;
    uint32_t *d_xi;              /* xi[l .. l + n_max): the eq tables over y are made from it (k_zc_eqy) */
    uint32_t *d_Tall;            /* every trace's two table buffers (its d_T point into it) */
    zc_mle_plan plan;
    size_t optin;                /* the device's opt-in shared memory per block */
    int mle_ready;
};


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
    swirl_cuda_release(ws->dev, ws->d_r0xi);
    swirl_cuda_release(ws->dev, ws->d_r0ef);
    void *mle[] = {ws->d_L0, ws->d_coef, ws->d_eqy, ws->d_one, ws->d_slots, ws->d_out, ws->d_acc, ws->d_xi, ws->d_Tall, ws->plan.d_buf};
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

static void put_ef(uint32_t *dst, ef_t v) { memcpy(dst, v.c, sizeof v.c); }

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
    const zc_dev_prog *pr = d->prog;
    d->d_code = pr->d_code;
    d->d_tabs = pr->d_tabs;
    d->d_lcode = pr->d_lcode;
    d->d_ucols = pr->d_ucols;
    d->ninstr = pr->ninstr;
    d->nslots = pr->nslots;
    d->ncons = pr->ncons;
    d->ni = pr->ni;
    d->nmsg = pr->nmsg;
    d->maxlen = pr->maxlen;
    d->lninstr = pr->lninstr;
    d->lnslots = pr->lnslots;
    d->nlevels = pr->nlevels;
    d->lncacc = pr->lncacc;
    d->nu = pr->nu;
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
    if (rc) { cuda_destroy(ws); return rc; }
    *out = ws;
    return SWIRL_OK;
}

/* Round 0 runs every trace whose slot program has at most ZC_R0_SHARED_SLOTS slots in one launch
 * of the multi-job kernel, the slots in shared memory ((32 slots + 12 words of sums) x 256
 * threads = 44 KB a block; the many_airs AIRs have 2-6, the fixtures' self-interaction AIRs 13-25
 * and 205); the others (keccakf: 2 672) keep a launch each with their slots in global scratch
 * (ZC_SLOT_BUDGET) and k_zc_round0 unchanged. */
#define ZC_R0_SHARED_SLOTS SWIRL_CUDA_ZC_R0M_MAX_SLOTS
/* Steps per warp of the multi-job kernel: a warp adds its sums with one set of atomics, so more
 * steps per warp mean fewer atomics (many_airs: 58 M (chunk, point) pairs onto 100 x 768 sums),
 * but the launch should keep ~ZC_R0_WARPS warps (about 4 waves of an H200's 8 448 resident
 * warps) in flight; at most ZC_R0_MAX_STEPS steps. */
#define ZC_R0_WARPS 32768
#define ZC_R0_MAX_STEPS 16

/* EF entries of trace d's lp | bp | den0 | ew, the head of its d_ef (eqx, nx entries, follows) */
static size_t ef_head_len(const zc_dev_trace *d) { return (size_t)d->ncons + d->maxlen + 1 + 2 * (size_t)d->ni; }

/* Round 0's buffers, made once per workspace: xi from index l on (the eq tables' variables, the
 * largest ñ of them) and every trace's EF tables in one allocation, trace t's d_ef at its offset
 * (whole EF entries from a 256-byte aligned base: 16-byte aligned). */
static int r0_buffers(swirl_zc_ws *ws) {
    const swirl_zc_shape *sh = &ws->shape;
    size_t nxi = 0, words = 0;
    for (size_t t = 0; t < sh->N; t++) {
        if (ws->dt[t].ntil > nxi) nxi = ws->dt[t].ntil;
        words += 4 * (ef_head_len(&ws->dt[t]) + ws->dt[t].nx);
    }
    int rc = SWIRL_OK;
    if (!ws->d_r0xi) {
        rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_r0xi, (nxi + 1) * sizeof(ef_t));
        if (rc == SWIRL_OK && nxi) rc = swirl_cuda_write_async(ws->dev, ws->d_r0xi, sh->xi + sh->l, nxi * sizeof(ef_t));
    }
    if (rc == SWIRL_OK && !ws->d_r0ef) {
        rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_r0ef, words * sizeof(uint32_t) + 16);
        for (size_t t = 0, o = 0; rc == SWIRL_OK && t < sh->N; t++) {
            ws->dt[t].d_ef = ws->d_r0ef + o;
            o += 4 * (ef_head_len(&ws->dt[t]) + ws->dt[t].nx);
        }
    }
    return rc;
}

/* pw[k] = x^k, k < n */
static void ef_powers(ef_t *pw, size_t n, ef_t x) {
    ef_t p = ef_one();
    for (size_t k = 0; k < n; k++, p = ef_mul(p, x)) pw[k] = p;
}

/* Trace t's head into h (4 words an entry): lp[k] = lk[k] (lambda^k, k < ncons), bp[q] =
 * bq[q] (beta^q, q <= maxlen), den0[i] = beta^len_i (bus_i + 1), ew[i]. Returns its entries. */
static size_t put_head(const swirl_zc_ws *ws, size_t t, const ef_t *lk, const ef_t *bq, uint32_t *h) {
    const zc_dev_trace *d = &ws->dt[t];
    const swirl_dag *dag = &ws->shape.traces[t].vk->dag;
    size_t o = 0;
    for (size_t k = 0; k < d->ncons; k++) put_ef(h + 4 * o++, lk[k]);
    for (size_t q = 0; q <= d->maxlen; q++) put_ef(h + 4 * o++, bq[q]);
    for (size_t i = 0; i < d->ni; i++)
        put_ef(h + 4 * o++, ef_mul_bb(bq[dag->interactions[i].message_len], (bb_t)dag->interactions[i].bus + 1));
    for (size_t i = 0; i < d->ni; i++) put_ef(h + 4 * o++, ws->shape.ew[t][i]);
    return o;
}

/* The EF tables of traces t0 .. t1 - 1 for this lambda (d_ef: lp | bp | den0 | ew | eqx,
 * cuda_zc.h): the heads built here (tens of entries a trace, lambda's powers the most), the eq
 * tables (nx entries a trace, 14.6 MB for many_airs) made on the device from xi; one upload of
 * descriptors and heads and one launch for the whole range. */
static int r0_ef_tables(swirl_zc_ws *ws, size_t t0, size_t t1, ef_t lambda) {
    int rc = r0_buffers(ws);
    if (rc || t1 <= t0) return rc;
    const size_t n = t1 - t0;
    size_t nh = 0, nc = 0, nb = 1;
    for (size_t t = t0; t < t1; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        SWIRL_VERIFY_CHECK(d->ntil <= 31 && d->nx == (size_t)1 << d->ntil); /* l + n <= 27: params */
        nh += ef_head_len(d);
        if (d->ncons > nc) nc = d->ncons;
        if ((size_t)d->maxlen + 1 > nb) nb = (size_t)d->maxlen + 1;
    }
    const size_t dbytes = n * sizeof(swirl_cuda_zc_eft), bytes = dbytes + nh * sizeof(ef_t);
    unsigned char *h = swirl_calloc(bytes, 1), *d_h = NULL;
    ef_t *pw = swirl_alloc_array(nc + nb, sizeof *pw); /* lambda^k (k < nc), then beta^q (q < nb) */
    rc = h && pw ? swirl_cuda_alloc(ws->dev, (void **)&d_h, bytes) : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        ef_powers(pw, nc, lambda);
        ef_powers(pw + nc, nb, ws->shape.beta);
        swirl_cuda_zc_eft *desc = (swirl_cuda_zc_eft *)(void *)h;
        uint32_t *heads = (uint32_t *)(void *)(h + dbytes);
        uint64_t first = 0;
        uint32_t src = 0;
        for (size_t t = t0; t < t1; t++) {
            swirl_cuda_zc_eft *e = &desc[t - t0];
            e->dst = ws->dt[t].d_ef;
            e->first = first;
            e->src = src;
            e->ntil = (uint32_t)ws->dt[t].ntil;
            e->head = (uint32_t)put_head(ws, t, pw, pw + nc, heads + 4 * (size_t)src);
            src += e->head;
            first += e->head + (uint64_t)ws->dt[t].nx;
        }
        rc = swirl_cuda_write_async(ws->dev, d_h, h, bytes);
        if (rc == SWIRL_OK)
            rc = swirl_cuda_zc_r0_tables(ws->dev, (const swirl_cuda_zc_eft *)(void *)d_h, n, first,
                                         (const uint32_t *)(void *)(d_h + dbytes), ws->d_r0xi);
    }
    swirl_cuda_release(ws->dev, d_h); /* stream-ordered: after the launch has read it */
    swirl_free(h);                    /* write_async staged it */
    swirl_free(pw);
    return rc;
}

/* The epilogue's EF tables of trace t for this lambda: lp | bp | den0 | ew | eqx. */
static int upload_ef_tables(swirl_zc_ws *ws, size_t t, ef_t lambda) { return r0_ef_tables(ws, t, t + 1, lambda); }

/* Whether trace d's round 0 runs in the multi-job kernel (p: that launch's parameters). */
static int r0_small(const swirl_cuda_zc_r0m *p, const zc_dev_trace *d) {
    return d->nslots <= ZC_R0_SHARED_SLOTS && swirl_cuda_zc_r0m_cosets(p) > 0;
}

/* The multi-job launch's parameters (no jobs yet). */
static swirl_cuda_zc_r0m r0m_params(const swirl_zc_ws *ws) {
    swirl_cuda_zc_r0m p;
    memset(&p, 0, sizeof p);
    p.l = ws->shape.l;
    p.E = (uint32_t)ws->shape.E;
    p.W = ws->d_W;
    p.lanes = ws->d_lanes;
    return p;
}

/* Warps of the multi-job launch at K steps a warp, and the job table when jobs is not NULL. */
static uint64_t r0m_jobs(const swirl_zc_ws *ws, const swirl_cuda_zc_r0m *p, uint32_t K, unsigned long long *d_acc,
                         swirl_cuda_zc_r0job *jobs) {
    const uint64_t ncos = swirl_cuda_zc_r0m_cosets(p), E = ws->shape.E;
    uint64_t w = 0;
    size_t j = 0;
    for (size_t t = 0; t < ws->shape.N; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        if (!r0_small(p, d)) continue;
        const uint32_t steps = swirl_cuda_zc_r0m_steps(p, (uint32_t)d->nx);
        if (jobs) {
            swirl_cuda_zc_r0job *jb = &jobs[j++];
            memset(jb, 0, sizeof *jb);
            jb->code = d->d_code;
            jb->cols = d->d_cols;
            jb->tabs = d->d_tabs;
            jb->ef = d->d_ef;
            jb->acc = d_acc + 12 * E * t;
            jb->ninstr = d->ninstr;
            jb->ni = d->ni;
            jb->nx = (uint32_t)d->nx;
            jb->norm = d->norm;
            jb->o_bp = 4 * d->ncons;
            jb->o_den0 = jb->o_bp + 4 * (d->maxlen + 1);
            jb->o_ew = jb->o_den0 + 4 * d->ni;
            jb->o_eqx = jb->o_ew + 4 * d->ni;
            jb->w0 = (uint32_t)w;
            jb->steps = steps;
        }
        w += ncos * ((steps + (uint64_t)K - 1) / K);
    }
    return w;
}

/* Round 0 of the small traces (r0_small) in one launch over a job table uploaded per proof. */
static int r0_multi(swirl_zc_ws *ws, unsigned long long *d_acc) {
    swirl_cuda_zc_r0m p = r0m_params(ws);
    size_t njobs = 0;
    p.nsl = 1;
    for (size_t t = 0; t < ws->shape.N; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        if (!r0_small(&p, d)) continue;
        njobs++;
        if (d->nslots > p.nsl) p.nsl = d->nslots;
    }
    if (!njobs) return SWIRL_OK;
    /* K: one step a warp while the launch has fewer than ZC_R0_WARPS of them, more up to
     * ZC_R0_MAX_STEPS, and beyond when the launch would pass the kernel's 2^26 warps (K < 2^31
     * keeps the kernel's step bounds in 32 bits: steps < 2^27) */
    const uint64_t units = r0m_jobs(ws, &p, 1, d_acc, NULL), limit = (uint64_t)1 << 26;
    uint64_t K = (units + ZC_R0_WARPS - 1) / ZC_R0_WARPS;
    K = K < 1 ? 1 : K > ZC_R0_MAX_STEPS ? ZC_R0_MAX_STEPS : K;
    uint64_t nw = r0m_jobs(ws, &p, (uint32_t)K, d_acc, NULL);
    while (nw > limit && K < ((uint64_t)1 << 30)) {
        K *= 2;
        nw = r0m_jobs(ws, &p, (uint32_t)K, d_acc, NULL);
    }
    if (nw > limit) return SWIRL_ERR_INVALID_ARG; /* more jobs x cosets than the kernel numbers */
    p.K = (uint32_t)K;
    swirl_cuda_zc_r0job *jobs = swirl_alloc_array(njobs, sizeof *jobs), *d_jobs = NULL;
    int rc = jobs ? swirl_cuda_alloc(ws->dev, (void **)&d_jobs, njobs * sizeof *jobs) : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        p.nwarps = (uint32_t)r0m_jobs(ws, &p, p.K, d_acc, jobs);
        p.njobs = (uint32_t)njobs;
        p.jobs = d_jobs;
        rc = swirl_cuda_write_async(ws->dev, d_jobs, jobs, njobs * sizeof *jobs);
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_zc_round0_multi(ws->dev, &p);
    swirl_cuda_release(ws->dev, d_jobs); /* stream-ordered: after the launch has read it */
    swirl_free(jobs);                    /* write_async staged it */
    return rc;
}

/* Trace t's job for k_zc_round0 (its program and tables, its 12 E sums in d_acc). */
static swirl_cuda_zc_r0 r0_job(const swirl_zc_ws *ws, size_t t, unsigned long long *d_acc, uint32_t *d_slots) {
    const zc_dev_trace *d = &ws->dt[t];
    swirl_cuda_zc_r0 job;
    memset(&job, 0, sizeof job);
    job.code = d->d_code;
    job.ninstr = d->ninstr;
    job.nslots = d->nslots;
    job.cols = d->d_cols;
    job.cnt = d->d_tabs;
    job.moff = job.cnt + d->ni;
    job.msg = job.moff + d->ni + 1;
    job.ncons = d->ncons;
    job.ni = d->ni;
    job.lp = d->d_ef;
    job.bp = job.lp + 4 * (size_t)d->ncons;
    job.den0 = job.bp + 4 * ((size_t)d->maxlen + 1);
    job.ew = job.den0 + 4 * (size_t)d->ni;
    job.eqx = job.ew + 4 * (size_t)d->ni;
    job.nx = (uint32_t)d->nx;
    job.norm = d->norm;
    job.l = ws->shape.l;
    job.E = (uint32_t)ws->shape.E;
    job.W = ws->d_W;
    job.lanes = ws->d_lanes;
    job.acc = d_acc + 12 * ws->shape.E * t;
    job.slots = d_slots;
    return job;
}

/* Round 0 of the other traces, a launch each (passes of T threads), slots in global scratch. */
static int r0_single(swirl_zc_ws *ws, unsigned long long *d_acc) {
    const size_t E = ws->shape.E, N = ws->shape.N;
    const swirl_cuda_zc_r0m p = r0m_params(ws);
    size_t maxslots = 0, maxpairs = 256;
    for (size_t t = 0; t < N; t++) {
        if (r0_small(&p, &ws->dt[t])) continue;
        if (ws->dt[t].nslots > maxslots) maxslots = ws->dt[t].nslots;
        if (ws->dt[t].nx * E > maxpairs) maxpairs = ws->dt[t].nx * E;
    }
    if (!maxslots) return SWIRL_OK;
    /* threads per pass: within the budget, never more than the largest trace's pairs */
    size_t T = ZC_SLOT_BUDGET / (maxslots * sizeof(uint32_t));
    if (T > maxpairs) T = maxpairs;
    T = T < 256 ? 256 : (T + 255) / 256 * 256;
    uint32_t *d_slots = NULL;
    int rc = swirl_cuda_alloc(ws->dev, (void **)&d_slots, maxslots * T * sizeof *d_slots);
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        if (r0_small(&p, &ws->dt[t])) continue;
        swirl_cuda_zc_r0 job = r0_job(ws, t, d_acc, d_slots);
        const uint64_t pairs = swirl_cuda_zc_round0_pairs(&job);
        job.T = (uint32_t)(T < pairs ? T : (pairs + 255) / 256 * 256);
        rc = swirl_cuda_zc_round0(ws->dev, &job);
    }
    swirl_cuda_release(ws->dev, d_slots);
    return rc;
}

/* Every trace's EF tables (one launch), the small programs' sums (one launch), the others' (a
 * launch each), then one readback of every trace's per-point sums, reduced mod p here. */
static int cuda_round0(swirl_zc_ws *ws, ef_t lambda, ef_t *A, ef_t *B, ef_t *C) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t E = sh->E, N = sh->N;
    unsigned long long *d_acc = NULL, *h_acc = swirl_alloc_array(12 * E * N, sizeof *h_acc);
    int rc = h_acc ? swirl_cuda_alloc(ws->dev, (void **)&d_acc, 12 * E * N * sizeof *d_acc) : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) rc = swirl_cuda_memset0(ws->dev, d_acc, 12 * E * N * sizeof *d_acc);
    ws->lambda = lambda;
    ws->have_lambda = 1;
    if (rc == SWIRL_OK) rc = r0_ef_tables(ws, 0, N, lambda);
    if (rc == SWIRL_OK) rc = r0_multi(ws, d_acc);
    if (rc == SWIRL_OK) rc = r0_single(ws, d_acc);
    if (rc == SWIRL_OK) rc = swirl_cuda_read_small(ws->dev, h_acc, d_acc, 12 * E * N * sizeof *h_acc);
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++)
        for (size_t pt = 0; pt < E; pt++)
            for (int c = 0; c < 4; c++) {
                const unsigned long long *a = h_acc + 12 * E * t;
                A[t * E + pt].c[c] = bb_add(A[t * E + pt].c[c], (bb_t)(a[pt * 4 + c] % BB_P));
                B[t * E + pt].c[c] = bb_add(B[t * E + pt].c[c], (bb_t)(a[(E + pt) * 4 + c] % BB_P));
                C[t * E + pt].c[c] = bb_add(C[t * E + pt].c[c], (bb_t)(a[(2 * E + pt) * 4 + c] % BB_P));
            }
    swirl_cuda_release(ws->dev, d_acc);
    swirl_free(h_acc);
    return rc;
}

/* ---- the multilinear rounds ------------------------------------------------------------------- */

/* The leading entries of ord[0 .. n) with ñ >= j (ord descends in ñ: the traces active in round j). */
static size_t lead(const swirl_zc_ws *ws, const size_t *ord, size_t n, size_t j) {
    size_t k = 0;
    while (k < n && ws->dt[ord[k]].ntil >= j) k++;
    return k;
}

/* The host side of the plan: which traces are batched (their slots fit a batched block's shared
 * memory) and the orders, every trace and the batched ones, by descending ñ (stable). Contract:
 * every ñ <= n_max (mle_alloc checked). */
static int plan_order(swirl_zc_ws *ws) {
    const size_t N = ws->shape.N;
    zc_mle_plan *pl = &ws->plan;
    pl->ord = swirl_alloc_array(N + 1, sizeof *pl->ord);
    pl->bord = swirl_alloc_array(N + 1, sizeof *pl->bord);
    pl->batch = swirl_calloc(N + 1, 1);
    pl->tpre = swirl_alloc_array(N + 1, sizeof *pl->tpre);
    pl->opre = swirl_alloc_array(N + 1, sizeof *pl->opre);
    pl->bpre = swirl_alloc_array(N + 1, sizeof *pl->bpre);
    if (!pl->ord || !pl->bord || !pl->batch || !pl->tpre || !pl->opre || !pl->bpre) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t t = 0; t < N; t++) pl->batch[t] = (unsigned char)swirl_cuda_zc_mle_batch_fits(ws->dt[t].lnslots, ws->optin);
    size_t k = 0;
    pl->nb = 0;
    for (size_t m = ws->shape.n_max + 1; m-- > 0;)
        for (size_t t = 0; t < N; t++) {
            if (ws->dt[t].ntil != m) continue;
            pl->ord[k++] = t;
            if (pl->batch[t]) pl->bord[pl->nb++] = t;
        }
    SWIRL_VERIFY_CHECK(k == N);
    return SWIRL_OK;
}

/* Buffers of the rounds: L0, the brackets' coefficients, xi, the eq tables over y (round 1's:
 * 2^m entries for each m < n_max), the global slots of the traces that are not batched (sized
 * for round 1 of the tallest), the sums and the openings' gather. The shared memory limit is read
 * here, once per workspace, and the kernels' limit raised to what this workspace's launches use. */
static int mle_alloc(swirl_zc_ws *ws) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t N = sh->N, ch = (size_t)1 << sh->l, D = sh->D;
    if (sh->n_max > 30) return SWIRL_ERR_INVALID_ARG; /* k_zc_eqy's 32-bit entry index */
    for (size_t t = 0; t < N; t++)
        if (ws->dt[t].ntil > sh->n_max) return SWIRL_ERR_INVALID_ARG; /* the eq tables and the order hold ñ <= n_max */
    int rc = swirl_cuda_zc_mle_optin(ws->dev, &ws->optin);
    if (rc == SWIRL_OK) rc = plan_order(ws);
    if (rc) return rc;
    size_t slot_words = 4, nvals = 1, smem = 0;
    for (size_t t = 0; t < N; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        const size_t shared = ((size_t)d->lnslots + SWIRL_CUDA_ZC_MLE_THREADS) * 16;
        const size_t points = d->ntil ? (d->nx / 2) * (D + 1) : 1;
        if (ws->plan.batch[t]) smem = shared + SWIRL_CUDA_ZC_MLE_JOB_BYTES > smem ? shared + SWIRL_CUDA_ZC_MLE_JOB_BYTES : smem;
        else if (swirl_cuda_zc_mle_fits(d->lnslots, ws->optin)) smem = shared > smem ? shared : smem;
        else if ((size_t)d->lnslots * 4 * points > slot_words) slot_words = (size_t)d->lnslots * 4 * points; /* global slots */
        nvals += d->sel;
    }
    const size_t neqy = (size_t)1 << sh->n_max, nacc = 4 * (D + 1 > N ? D + 1 : N);
    ws->h_acc = swirl_alloc_array(nacc, sizeof *ws->h_acc);
    if (!ws->h_acc) return SWIRL_ERR_OUT_OF_MEMORY;
    rc = swirl_cuda_zc_mle_reserve(ws->dev, smem);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_L0, ch * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_coef, 3 * N * sizeof(ef_t) + 16);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_xi, (sh->n_max + 1) * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_eqy, neqy * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_one, sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_slots, slot_words * sizeof(uint32_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_out, nvals * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_acc, nacc * sizeof *ws->d_acc);
    ef_t one = ef_one();
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_one, &one, sizeof one);
    return rc;
}

/* Every trace's two table buffers in one allocation, 16-byte aligned each (whole EF), zeroed: the
 * padding entry and the entries no fold writes are read only times X = 0 by a bracket, but read. */
static int mle_tables_alloc(swirl_zc_ws *ws) {
    size_t total = 0;
    for (size_t t = 0; t < ws->shape.N; t++) total += 2 * (ws->dt[t].ncols * ws->dt[t].nx + 1);
    int rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_Tall, (total ? total : 1) * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_memset0(ws->dev, ws->d_Tall, total * sizeof(ef_t));
    for (size_t t = 0, off = 0; t < ws->shape.N && rc == SWIRL_OK; t++) {
        zc_dev_trace *d = &ws->dt[t];
        const size_t w = d->ncols * d->nx + 1;
        d->d_T[0] = ws->d_Tall + 4 * off;
        d->d_T[1] = ws->d_Tall + 4 * (off + w);
        d->cur = 0;
        off += 2 * w;
    }
    return rc;
}

/* Trace t's round-sum job over its current tables (eqy, acc and X range set by the caller). */
static swirl_cuda_zc_mle mle_job(const swirl_zc_ws *ws, size_t t) {
    const zc_dev_trace *d = &ws->dt[t];
    swirl_cuda_zc_mle job;
    memset(&job, 0, sizeof job);
    job.code = d->d_lcode;
    job.lv = job.code + 4 * (size_t)d->lninstr;
    job.cacc_off = job.lv + d->nlevels + 1;
    job.cacc = job.cacc_off + d->nlevels + 1;
    job.nlevels = d->nlevels;
    job.nslots = d->lnslots;
    job.ucols = d->d_ucols;
    job.T = d->d_T[d->cur];
    job.stride = (uint32_t)d->nx;
    job.cnt = job.cacc + 2 * (size_t)d->lncacc;
    job.moff = job.cnt + d->ni;
    job.msg = job.moff + d->ni + 1;
    job.ni = d->ni;
    job.norm = d->norm;
    job.lp = d->d_ef;
    job.bp = job.lp + 4 * (size_t)d->ncons;
    job.den0 = job.bp + 4 * ((size_t)d->maxlen + 1);
    job.ew = job.den0 + 4 * (size_t)d->ni;
    job.coef = ws->d_coef + 12 * t;
    job.slots = ws->d_slots;
    return job;
}

/* The device side of the plan, once the tables and the EF tables (d_ef) are in place: per trace
 * of ord its swirl_cuda_zc_tab, per batched trace its descriptor, and the prefixes (cuda_zc.h),
 * in one allocation tabs | descs | tpre | opre | bpre (every part a multiple of 8 bytes). */
static int plan_upload(swirl_zc_ws *ws) {
    const size_t N = ws->shape.N;
    zc_mle_plan *pl = &ws->plan;
    const size_t tb = N * sizeof(swirl_cuda_zc_tab), db = pl->nb * sizeof(swirl_cuda_zc_mle_desc), pb = (N + 1) * sizeof(uint64_t);
    const size_t bytes = tb + db + 2 * pb + (pl->nb + 1) * sizeof(uint64_t);
    unsigned char *h = swirl_calloc(bytes, 1);
    uint64_t *outs = swirl_alloc_array(N + 1, sizeof *outs);
    int rc = h && outs ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    uint64_t o = 0;
    for (size_t t = 0; rc == SWIRL_OK && t < N; t++) { /* openings in trace order */
        outs[t] = o;
        o += ws->dt[t].sel;
    }
    if (rc == SWIRL_OK && (o > UINT32_MAX || N > UINT32_MAX)) rc = SWIRL_ERR_INVALID_ARG; /* the 32-bit fields */
    pl->tpre[0] = pl->opre[0] = pl->bpre[0] = 0;
    for (size_t k = 0; rc == SWIRL_OK && k < N; k++) {
        const size_t t = pl->ord[k];
        const zc_dev_trace *d = &ws->dt[t];
        swirl_cuda_zc_tab tab = {d->d_allcols, {d->d_T[0], d->d_T[1]}, (uint32_t)d->ncols, (uint32_t)d->ntil, (uint32_t)d->sel, (uint32_t)outs[t]};
        memcpy(h + k * sizeof tab, &tab, sizeof tab);
        pl->tpre[k + 1] = pl->tpre[k] + (uint64_t)d->ncols * d->nx;
        pl->opre[k + 1] = pl->opre[k] + d->sel;
    }
    for (size_t k = 0; rc == SWIRL_OK && k < pl->nb; k++) {
        const size_t t = pl->bord[k];
        swirl_cuda_zc_mle_desc desc;
        memset(&desc, 0, sizeof desc);
        desc.job = mle_job(ws, t);
        desc.T[0] = ws->dt[t].d_T[0];
        desc.T[1] = ws->dt[t].d_T[1];
        desc.ntil = (uint32_t)ws->dt[t].ntil;
        desc.trace = (uint32_t)t;
        memcpy(h + tb + k * sizeof desc, &desc, sizeof desc);
        pl->bpre[k + 1] = pl->bpre[k] + ((uint64_t)1 << desc.ntil);
    }
    if (rc == SWIRL_OK) {
        memcpy(h + tb + db, pl->tpre, pb);
        memcpy(h + tb + db + pb, pl->opre, pb);
        memcpy(h + tb + db + 2 * pb, pl->bpre, (pl->nb + 1) * sizeof(uint64_t));
        rc = swirl_cuda_alloc(ws->dev, &pl->d_buf, bytes);
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, pl->d_buf, h, bytes);
    if (rc == SWIRL_OK) {
        unsigned char *d = pl->d_buf;
        pl->d_tabs = (const swirl_cuda_zc_tab *)(void *)d;
        pl->d_descs = (const swirl_cuda_zc_mle_desc *)(void *)(d + tb);
        pl->d_tpre = (const uint64_t *)(void *)(d + tb + db);
        pl->d_opre = (const uint64_t *)(void *)(d + tb + db + pb);
        pl->d_bpre = (const uint64_t *)(void *)(d + tb + db + 2 * pb);
    }
    swirl_free(h); /* write_async staged it */
    swirl_free(outs);
    return rc;
}

/* One batched launch over bord[first .. first + n): round j's sums (first = 0, the active
 * prefix) or, for j = 0, the brackets. Slots for the largest program among them; threads for
 * the widest, a power of two in 32 .. 256 (a level, its CACC phase and the epilogue stride by
 * the block: a small program gets small blocks, so more points run at once). */
static int batch_launch(swirl_zc_ws *ws, size_t first, size_t n, size_t j, const uint32_t *eqy) {
    const zc_mle_plan *pl = &ws->plan;
    swirl_cuda_zc_mle_batch b;
    memset(&b, 0, sizeof b);
    b.descs = pl->d_descs;
    b.pre = pl->d_bpre;
    b.points = j ? pl->bpre[n] >> j : 0;
    b.first = (uint32_t)first;
    b.n = (uint32_t)n;
    b.j = (uint32_t)j;
    b.X0 = j ? 1 : 0;
    b.nX = j ? (uint32_t)(ws->shape.D + 1) : 1;
    b.eqy = eqy;
    b.acc = ws->d_acc;
    size_t need = 1, maxslots = 1;
    for (size_t k = first; k < first + n; k++) {
        const zc_dev_trace *d = &ws->dt[pl->bord[k]];
        if (d->lnslots > maxslots) maxslots = d->lnslots;
        if (d->lninstr > need) need = d->lninstr;
        if (d->lncacc > need) need = d->lncacc;
        if (d->ni > need) need = d->ni;
    }
    b.maxslots = (uint32_t)maxslots;
    b.threads = 32;
    while (b.threads < need && b.threads < SWIRL_CUDA_ZC_MLE_THREADS) b.threads *= 2;
    /* programs of a few instructions: a thread per point (a block per point leaves most of its
     * threads idle: many_airs' round 1 has ~1.5 M points) */
    b.serial = j && maxslots <= SWIRL_CUDA_ZC_MLE_SERIAL_SLOTS && need <= SWIRL_CUDA_ZC_MLE_SERIAL_WORK;
    return swirl_cuda_zc_mle_batch_sums(ws->dev, &b);
}

/* The brackets of the traces with ñ = nt, after their last fold (at their tables' first
 * entries), read back into br: the batched ones (a run of bord) in one launch, the others one
 * launch each on the global slots. */
static int brackets(swirl_zc_ws *ws, size_t nt, ef_t *br) {
    const size_t N = ws->shape.N;
    const zc_mle_plan *pl = &ws->plan;
    const size_t b0 = lead(ws, pl->bord, pl->nb, nt + 1), b1 = lead(ws, pl->bord, pl->nb, nt);
    int any = b1 > b0;
    for (size_t t = 0; t < N; t++) any |= !pl->batch[t] && ws->dt[t].ntil == nt;
    if (!any) return SWIRL_OK;
    int rc = swirl_cuda_memset0(ws->dev, ws->d_acc, 4 * N * sizeof *ws->d_acc);
    if (rc == SWIRL_OK && b1 > b0) rc = batch_launch(ws, b0, b1 - b0, 0, ws->d_one);
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        if (pl->batch[t] || ws->dt[t].ntil != nt) continue;
        swirl_cuda_zc_mle job = mle_job(ws, t);
        job.half = 1;
        job.X0 = 0;
        job.nX = 1;
        job.eqy = ws->d_one;
        job.acc = ws->d_acc + 4 * t;
        rc = swirl_cuda_zc_mle_sums(ws->dev, &job, ws->optin);
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_read_small(ws->dev, ws->h_acc, ws->d_acc, 4 * N * sizeof *ws->h_acc);
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++)
        if (ws->dt[t].ntil == nt)
            for (int c = 0; c < 4; c++) br[t].c[c] = (bb_t)(ws->h_acc[4 * t + c] % BB_P);
    return rc;
}

static int cuda_tables(swirl_zc_ws *ws, ef_t r0, const swirl_zc_bracket *bk, ef_t *br) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t N = sh->N, ch = (size_t)1 << sh->l;
    if (ws->mle_ready) return SWIRL_ERR_INTERNAL; /* once per workspace */
    int rc = mle_alloc(ws);
    ef_t *h = swirl_alloc_array(3 * N + ch, sizeof *h);
    if (rc == SWIRL_OK && !h) rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        bb_t wl = bb_two_adic_generator(sh->l);
        for (size_t z = 0; z < ch; z++) h[z] = swirl_eq_uni(sh->l, r0, ef_from_bb(bb_pow(wl, z)));
        rc = swirl_cuda_write_async(ws->dev, ws->d_L0, h, ch * sizeof *h);
        for (size_t t = 0; t < N; t++) {
            h[3 * t] = ef_mul(bk->eqs0, bk->mup[2 * t]);
            h[3 * t + 1] = ef_mul(bk->eqs0, bk->mup[2 * t + 1]);
            h[3 * t + 2] = ef_mul(bk->mup[2 * N + t], bk->eqd0);
        }
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_coef, h, 3 * N * sizeof *h);
    }
    /* xi once: every round's eq tables are computed from it on the device (k_zc_eqy) */
    if (rc == SWIRL_OK && sh->n_max) rc = swirl_cuda_write_async(ws->dev, ws->d_xi, sh->xi + sh->l, sh->n_max * sizeof(ef_t));
    /* the EF tables of round 0 hold lambda's powers; refresh them for another lambda */
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++)
        if (!ws->have_lambda || !ef_eq(ws->lambda, bk->lambda)) rc = upload_ef_tables(ws, t, bk->lambda);
    if (rc == SWIRL_OK) rc = mle_tables_alloc(ws);
    if (rc == SWIRL_OK) rc = plan_upload(ws);
    const zc_mle_plan *pl = &ws->plan;
    if (rc == SWIRL_OK) rc = swirl_cuda_zc_tables_all(ws->dev, pl->d_tabs, pl->d_tpre, N, pl->tpre[N], sh->l, ws->d_L0);
    if (rc == SWIRL_OK) {
        ws->mle_ready = 1;
        rc = brackets(ws, 0, br);
    }
    swirl_free(h);
    return rc;
}

/* Round j: the eq tables, the batched traces' sums in one launch, the others' one launch each,
 * every sum into the same acc; one readback. */
static int cuda_round(swirl_zc_ws *ws, size_t j, ef_t *acc) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t D = sh->D;
    const zc_mle_plan *pl = &ws->plan;
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    if (j < 1 || j > sh->n_max) return SWIRL_ERR_INVALID_ARG;
    int rc = swirl_cuda_memset0(ws->dev, ws->d_acc, 4 * (D + 1) * sizeof *ws->d_acc);
    if (rc == SWIRL_OK) rc = swirl_cuda_zc_eqy(ws->dev, ws->d_xi, (unsigned)j, (unsigned)(sh->n_max - j), ws->d_eqy);
    const size_t nb = lead(ws, pl->bord, pl->nb, j);
    if (rc == SWIRL_OK && nb) rc = batch_launch(ws, 0, nb, j, ws->d_eqy);
    for (size_t t = 0; t < sh->N && rc == SWIRL_OK; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        if (d->ntil < j) continue;
        /* folded once in each earlier round: the batched launch reads T[(j - 1) & 1] */
        SWIRL_VERIFY_CHECK(d->cur == (int)((j - 1) & 1));
        if (pl->batch[t]) continue;
        const size_t half = (size_t)1 << (d->ntil - j);
        swirl_cuda_zc_mle job = mle_job(ws, t);
        job.half = (uint32_t)half;
        job.X0 = 1;
        job.nX = (uint32_t)(D + 1);
        job.eqy = ws->d_eqy + 4 * (half - 1); /* table m = ñ - j of k_zc_eqy */
        job.acc = ws->d_acc;
        rc = swirl_cuda_zc_mle_sums(ws->dev, &job, ws->optin);
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_read_small(ws->dev, ws->h_acc, ws->d_acc, 4 * (D + 1) * sizeof *ws->h_acc);
    for (size_t X = 0; X <= D && rc == SWIRL_OK; X++)
        for (int c = 0; c < 4; c++) acc[X].c[c] = (bb_t)(ws->h_acc[4 * X + c] % BB_P);
    return rc;
}

/* Round j's fold of every active trace (a prefix of ord) in one launch, then the brackets of
 * those folded to a point. */
static int cuda_fold(swirl_zc_ws *ws, size_t j, ef_t rj, ef_t *br) {
    const zc_mle_plan *pl = &ws->plan;
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    if (j < 1 || j > ws->shape.n_max) return SWIRL_ERR_INVALID_ARG;
    const size_t F = lead(ws, pl->ord, ws->shape.N, j);
    int rc = F ? swirl_cuda_zc_fold_all(ws->dev, pl->d_tabs, pl->d_tpre, F, pl->tpre[F] >> j, (unsigned)j, rj.c) : SWIRL_OK;
    for (size_t k = 0; k < F && rc == SWIRL_OK; k++) ws->dt[pl->ord[k]].cur ^= 1;
    if (rc == SWIRL_OK) rc = brackets(ws, j, br);
    return rc;
}

/* Every trace's openings in one launch (out in trace order: each tab's out offset). */
static int cuda_openings(swirl_zc_ws *ws, ef_t *out) {
    const zc_mle_plan *pl = &ws->plan;
    const size_t N = ws->shape.N;
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    for (size_t t = 0; t < N; t++) SWIRL_VERIFY_CHECK(ws->dt[t].cur == (int)(ws->dt[t].ntil & 1)); /* after its last fold */
    int rc = swirl_cuda_zc_first_all(ws->dev, pl->d_tabs, pl->d_opre, N, pl->opre[N], ws->d_out);
    if (rc == SWIRL_OK) rc = swirl_cuda_read_small(ws->dev, out, ws->d_out, pl->opre[N] * sizeof(ef_t));
    return rc;
}

static const swirl_zc_ops cuda_zc_ops = {cuda_create, cuda_destroy, cuda_round0, cuda_tables, cuda_round, cuda_fold, cuda_openings};

const swirl_zc_ops *swirl_zc_cuda_ops(void) { return &cuda_zc_ops; }
