/* zc_cuda.c — the CUDA backend's batch constraint sumcheck operations (iop/zc_ops.h).
 *
 * Round 0 runs on the device from the traces' device columns (cuda_trace_view.h): the parts of a
 * commitment made by this device's backend are read where the commitment left them (its
 * stacked matrix, no copy); the others (preprocessed parts committed at keygen on the host,
 * traces shorter than 2^l_skip, commitments of another device) are uploaded once per proof into
 * packed columns. Each trace's DAG is compiled once per proof into a slot program (dead nodes
 * dropped, slots reused by a linear scan over program order) and kept on the device with its
 * epilogue tables. The multilinear rounds run on the device too: the r_0 tables of every lifted
 * column from the same device columns, per round a second compilation of the DAG, the level
 * program (instructions sorted by level, run by a block per point (y, X): a round has few
 * points, so one point's work is spread over a block instead of one thread's serial chain),
 * round sums reduced on the device with one small readback per round, folds into a second table
 * buffer, the brackets of traces folded to a point, the openings gathered. Every result equals
 * the CPU ops' (field sums are exact). */
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_resident.h"
#include "backend/cuda/cuda_trace_view.h"
#include "backend/cuda/cuda_zc.h"
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

/* One trace's device program and tables (every pointer a pool allocation owned here). */
typedef struct {
    swirl_cuda_trace_view view;
    uint32_t *d_packed[MAXP];   /* uploaded packed columns of a part (NULL: read in place) */
    uint32_t *d_code;           /* ninstr x {op, dst, a, b} */
    swirl_cuda_zc_col *d_cols;
    uint32_t *d_tabs;           /* cnt | moff | msg (slots, offsets) */
    uint32_t *d_ef;             /* lp | bp | den0 | ew | eqx (EF) */
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

struct swirl_zc_ws {
    swirl_cuda_dev *dev;
    swirl_pool *pool;
    swirl_zc_shape shape;
    zc_dev_trace *dt;
    uint32_t *d_W;               /* 2^l x E extension weights times 2^64 */
    uint32_t *d_lanes;           /* l <= 5: the lane tables of the shuffle extension (cuda_zc.h) */
    ef_t lambda;                 /* the lambda of the EF tables (d_ef) */
    int have_lambda;
    /* the multilinear rounds (allocated by the tables op) */
    uint32_t *d_L0, *d_coef, *d_eqy, *d_one, *d_slots, *d_out;
    unsigned long long *d_acc;   /* (D+1) x 4 round sums, then N x 4 brackets */
    unsigned long long *h_acc;
    ef_t *h_eqy;
    int mle_ready;
};

static void cuda_destroy(swirl_zc_ws *ws) {
    if (!ws) return;
    for (size_t t = 0; ws->dt && t < ws->shape.N; t++) {
        zc_dev_trace *d = &ws->dt[t];
        for (size_t p = 0; p < MAXP; p++) swirl_cuda_release(ws->dev, d->d_packed[p]);
        swirl_cuda_release(ws->dev, d->d_code);
        swirl_cuda_release(ws->dev, d->d_cols);
        swirl_cuda_release(ws->dev, d->d_tabs);
        swirl_cuda_release(ws->dev, d->d_ef);
        swirl_cuda_release(ws->dev, d->d_allcols);
        swirl_cuda_release(ws->dev, d->d_lcode);
        swirl_cuda_release(ws->dev, d->d_ucols);
        swirl_cuda_release(ws->dev, d->d_T[0]);
        swirl_cuda_release(ws->dev, d->d_T[1]);
    }
    swirl_cuda_release(ws->dev, ws->d_W);
    swirl_cuda_release(ws->dev, ws->d_lanes);
    void *mle[] = {ws->d_L0, ws->d_coef, ws->d_eqy, ws->d_one, ws->d_slots, ws->d_out, ws->d_acc};
    for (size_t i = 0; i < sizeof mle / sizeof mle[0]; i++) swirl_cuda_release(ws->dev, mle[i]);
    swirl_free(ws->h_acc);
    swirl_free(ws->h_eqy);
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

/* The slot program of a compiled DAG: nodes nobody reads (and no output) are dropped; a node's
 * slot is freed after its last reader, outputs (constraints, counts, messages) live to the end.
 * code: 4 words per instruction; slot_of: per node. Returns the slot count in *nslots. */
static int slot_program(const zc_prog *g, const swirl_dag *dag, uint32_t *code, uint32_t *ninstr, uint32_t *slot_of,
                        uint32_t *nslots) {
    const size_t nn = dag->num_nodes;
    uint32_t *last = swirl_alloc_array(nn + 1, sizeof *last), *freel = swirl_alloc_array(nn + 1, sizeof *freel);
    if (!last || !freel) { swirl_free(last); swirl_free(freel); return SWIRL_ERR_OUT_OF_MEMORY; }
    const uint32_t END = (uint32_t)nn, NONE = UINT32_MAX;
    for (size_t i = 0; i < nn; i++) last[i] = NONE;
    for (size_t i = 0; i < nn; i++) {
        const uint32_t op = g->op[i];
        if (op >= SWIRL_ZC_OP_ADD) last[g->a0[i]] = (uint32_t)i;
        if (op == SWIRL_ZC_OP_ADD || op == SWIRL_ZC_OP_SUB || op == SWIRL_ZC_OP_MUL) last[g->a1[i]] = (uint32_t)i;
    }
    for (size_t i = 0; i < dag->num_interactions; i++) last[g->cnt[i]] = END;
    for (size_t q = 0; q < g->off[dag->num_interactions]; q++) last[g->msg[q]] = END;
    /* constraints: consumed (CACC) right after their node; cfirst/cnext list them by node */
    uint32_t *cfirst = swirl_alloc_array(nn + 1, sizeof *cfirst), *cnext = swirl_alloc_array(dag->num_constraints + 1, sizeof *cnext);
    if (!cfirst || !cnext) { swirl_free(last); swirl_free(freel); swirl_free(cfirst); swirl_free(cnext); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t i = 0; i < nn; i++) cfirst[i] = NONE;
    for (size_t k = dag->num_constraints; k-- > 0;) {
        cnext[k] = cfirst[g->cn[k]];
        cfirst[g->cn[k]] = (uint32_t)k;
        if (last[g->cn[k]] == NONE) last[g->cn[k]] = g->cn[k]; /* live at least through its CACC */
    }
    size_t nfree = 0, n = 0;
    uint32_t top = 0;
    for (size_t i = 0; i < nn; i++) {
        slot_of[i] = NONE;
        if (last[i] == NONE) continue; /* dead */
        const uint32_t op = g->op[i];
        uint32_t a = g->a0[i], b = g->a1[i];
        const int two = op == SWIRL_ZC_OP_ADD || op == SWIRL_ZC_OP_SUB || op == SWIRL_ZC_OP_MUL;
        uint32_t sa = op >= SWIRL_ZC_OP_ADD ? slot_of[a] : 0, sb = two ? slot_of[b] : 0;
        /* operands read for the last time here give their slots back before the result takes one */
        if (op >= SWIRL_ZC_OP_ADD && last[a] == i) freel[nfree++] = sa;
        if (two && last[b] == i && b != a) freel[nfree++] = sb;
        const uint32_t dst = nfree ? freel[--nfree] : top++;
        slot_of[i] = dst;
        uint32_t *ins = code + 4 * n++;
        ins[0] = op;
        ins[1] = dst;
        ins[2] = op == SWIRL_ZC_OP_COL ? g->ccol[i] : op == SWIRL_ZC_OP_CONST ? g->cmont[i] : sa;
        ins[3] = two ? sb : op == SWIRL_ZC_OP_NEG ? sa : 0; /* the kernel reads a second operand of NEG too */
        for (uint32_t k = cfirst[i]; k != NONE; k = cnext[k]) {
            uint32_t *c = code + 4 * n++;
            c[0] = SWIRL_CUDA_ZC_OP_CACC;
            c[1] = 0;
            c[2] = dst;
            c[3] = k;
        }
        if (last[i] == i) freel[nfree++] = dst; /* read by its CACCs only */
    }
    *ninstr = (uint32_t)n;
    *nslots = top ? top : 1;
    swirl_free(last);
    swirl_free(freel);
    swirl_free(cfirst);
    swirl_free(cnext);
    return SWIRL_OK;
}

/* The level program of the MLE rounds: instructions sorted by level (a node's level is one more
 * than its operands'; columns and constants are level 0), so one level's instructions can run
 * at once. Slots by a linear scan over the levels: a level's results take slots freed before the
 * level began; after the level (and its CACC phase) the operands last read in it and the
 * constraint-only nodes of it give theirs back. out (4 words per instruction, then lv, cacc_off,
 * cacc) is allocated here. */
typedef struct {
    uint32_t *buf;
    size_t words;
    uint32_t ninstr, nslots, nlevels, ncacc;
} level_prog;

static int level_program(const zc_prog *g, const swirl_dag *dag, level_prog *out, uint32_t *slot_of) {
    const size_t nn = dag->num_nodes, nc = dag->num_constraints;
    const uint32_t NONE = UINT32_MAX, END = UINT32_MAX - 1;
    uint32_t *lvl = swirl_alloc_array(nn + 1, sizeof *lvl), *lastL = swirl_alloc_array(nn + 1, sizeof *lastL);
    uint32_t *order = swirl_alloc_array(nn + 1, sizeof *order), *freel = swirl_alloc_array(nn + 1, sizeof *freel);
    uint32_t *ncons_at = swirl_alloc_array(nn + 1, sizeof *ncons_at); /* first constraint at the node, NONE */
    uint32_t *cnext = swirl_alloc_array(nc + 1, sizeof *cnext);         /* next constraint at the same node */
    int rc = lvl && lastL && order && freel && ncons_at && cnext ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    uint32_t nlev = 0;
    for (size_t i = 0; rc == SWIRL_OK && i < nn; i++) {
        const uint32_t op = g->op[i];
        uint32_t L = 0;
        if (op >= SWIRL_ZC_OP_ADD) L = lvl[g->a0[i]] + 1;
        if ((op == SWIRL_ZC_OP_ADD || op == SWIRL_ZC_OP_SUB || op == SWIRL_ZC_OP_MUL) && lvl[g->a1[i]] + 1 > L) L = lvl[g->a1[i]] + 1;
        lvl[i] = L;
        if (L + 1 > nlev) nlev = L + 1;
        lastL[i] = NONE;
        ncons_at[i] = NONE;
    }
    for (size_t i = 0; rc == SWIRL_OK && i < nn; i++) {
        const uint32_t op = g->op[i];
        if (op >= SWIRL_ZC_OP_ADD && (lastL[g->a0[i]] == NONE || lastL[g->a0[i]] < lvl[i])) lastL[g->a0[i]] = lvl[i];
        if ((op == SWIRL_ZC_OP_ADD || op == SWIRL_ZC_OP_SUB || op == SWIRL_ZC_OP_MUL) && (lastL[g->a1[i]] == NONE || lastL[g->a1[i]] < lvl[i]))
            lastL[g->a1[i]] = lvl[i];
    }
    for (size_t k = nc; rc == SWIRL_OK && k-- > 0;) {
        uint32_t n = g->cn[k];
        cnext[k] = ncons_at[n];
        ncons_at[n] = (uint32_t)k;
        if (lastL[n] == NONE || lastL[n] < lvl[n]) lastL[n] = lvl[n]; /* read by its CACC after its level */
    }
    for (size_t i = 0; rc == SWIRL_OK && i < dag->num_interactions; i++) lastL[g->cnt[i]] = END;
    for (size_t q = 0; rc == SWIRL_OK && q < g->off[dag->num_interactions]; q++) lastL[g->msg[q]] = END;
    /* counting sort of the live nodes by level */
    uint32_t *lstart = rc == SWIRL_OK ? swirl_calloc((size_t)nlev + 2, sizeof *lstart) : NULL;
    if (rc == SWIRL_OK && !lstart) rc = SWIRL_ERR_OUT_OF_MEMORY;
    size_t live = 0;
    for (size_t i = 0; rc == SWIRL_OK && i < nn; i++)
        if (lastL[i] != NONE) { lstart[lvl[i] + 1]++; live++; }
    for (uint32_t L = 0; rc == SWIRL_OK && L < nlev; L++) lstart[L + 1] += lstart[L];
    if (rc == SWIRL_OK) {
        uint32_t *pos = freel; /* reused as the fill cursor, then reset */
        for (uint32_t L = 0; L < nlev; L++) pos[L] = lstart[L];
        for (size_t i = 0; i < nn; i++)
            if (lastL[i] != NONE) order[pos[lvl[i]]++] = (uint32_t)i;
    }
    out->words = 4 * (live + 1) + 2 * ((size_t)nlev + 1) + 2 * (nc + 1);
    out->buf = rc == SWIRL_OK ? swirl_alloc_array(out->words, sizeof *out->buf) : NULL;
    if (rc == SWIRL_OK && !out->buf) rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        uint32_t *code = out->buf, *lv = code + 4 * (live + 1), *coff = lv + nlev + 1, *cacc = coff + nlev + 1;
        size_t nfree = 0, ncacc = 0;
        uint32_t top = 0;
        for (size_t i = 0; i < nn; i++) slot_of[i] = NONE;
        for (uint32_t L = 0; L < nlev; L++) {
            lv[L] = lstart[L];
            coff[L] = (uint32_t)ncacc;
            for (uint32_t k = lstart[L]; k < lstart[L + 1]; k++) {
                const uint32_t i = order[k], op = g->op[i];
                const int two = op == SWIRL_ZC_OP_ADD || op == SWIRL_ZC_OP_SUB || op == SWIRL_ZC_OP_MUL;
                const uint32_t dst = nfree ? freel[--nfree] : top++;
                slot_of[i] = dst;
                uint32_t *ins = code + 4 * (size_t)k;
                ins[0] = op;
                ins[1] = dst;
                ins[2] = op == SWIRL_ZC_OP_COL ? g->ccol[i] : op == SWIRL_ZC_OP_CONST ? g->cmont[i] : slot_of[g->a0[i]];
                ins[3] = two ? slot_of[g->a1[i]] : 0;
            }
            for (uint32_t k = lstart[L]; k < lstart[L + 1]; k++) {
                const uint32_t i = order[k];
                for (uint32_t c = ncons_at[i]; c != NONE; c = cnext[c]) {
                    cacc[2 * ncacc] = slot_of[i];
                    cacc[2 * ncacc + 1] = c;
                    ncacc++;
                }
            }
            /* after the level and its CACC phase: slots last read in it come back */
            for (uint32_t k = lstart[L]; k < lstart[L + 1]; k++) {
                const uint32_t i = order[k], op = g->op[i];
                const int two = op == SWIRL_ZC_OP_ADD || op == SWIRL_ZC_OP_SUB || op == SWIRL_ZC_OP_MUL;
                if (op >= SWIRL_ZC_OP_ADD && lastL[g->a0[i]] == L && slot_of[g->a0[i]] != NONE) { freel[nfree++] = slot_of[g->a0[i]]; slot_of[g->a0[i]] = NONE; }
                if (two && lastL[g->a1[i]] == L && slot_of[g->a1[i]] != NONE) { freel[nfree++] = slot_of[g->a1[i]]; slot_of[g->a1[i]] = NONE; }
                if (lastL[i] == L && slot_of[i] != NONE) { freel[nfree++] = slot_of[i]; slot_of[i] = NONE; }
            }
        }
        lv[nlev] = (uint32_t)live;
        coff[nlev] = (uint32_t)ncacc;
        out->ninstr = (uint32_t)live;
        out->nslots = top ? top : 1;
        out->nlevels = nlev;
        out->ncacc = (uint32_t)ncacc;
    }
    swirl_free(lvl); swirl_free(lastL); swirl_free(order); swirl_free(freel); swirl_free(ncons_at); swirl_free(cnext);
    swirl_free(lstart);
    return rc;
}

static void put_ef(uint32_t *dst, ef_t v) { memcpy(dst, v.c, sizeof v.c); }

/* The level program of the MLE rounds, uploaded with its epilogue slots: code | lv | cacc_off |
 * cacc | cnt | moff | msg. */
static int upload_level_program(swirl_zc_ws *ws, zc_dev_trace *d, const zc_prog *g, const swirl_dag *dag, uint32_t *slot) {
    level_prog lp;
    memset(&lp, 0, sizeof lp);
    int rc = level_program(g, dag, &lp, slot);
    const size_t ni = dag->num_interactions, nmsg = g->off[ni];
    const size_t head = 4 * (size_t)lp.ninstr + 2 * ((size_t)lp.nlevels + 1) + 2 * (size_t)lp.ncacc;
    uint32_t *all = rc == SWIRL_OK ? swirl_alloc_array(head + 2 * ni + 1 + nmsg + 1, sizeof *all) : NULL;
    if (rc == SWIRL_OK && !all) rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        const uint32_t *code = lp.buf, *lv = code + 4 * ((size_t)lp.ninstr + 1), *coff = lv + lp.nlevels + 1, *cacc = coff + lp.nlevels + 1;
        size_t o = 0;
        memcpy(all, code, 4 * (size_t)lp.ninstr * sizeof *all);
        o = 4 * (size_t)lp.ninstr;
        memcpy(all + o, lv, ((size_t)lp.nlevels + 1) * sizeof *all);
        o += (size_t)lp.nlevels + 1;
        memcpy(all + o, coff, ((size_t)lp.nlevels + 1) * sizeof *all);
        o += (size_t)lp.nlevels + 1;
        memcpy(all + o, cacc, 2 * (size_t)lp.ncacc * sizeof *all);
        o += 2 * (size_t)lp.ncacc;
        for (size_t i = 0; i < ni; i++) all[o++] = slot[g->cnt[i]];
        for (size_t i = 0; i <= ni; i++) all[o++] = g->off[i];
        for (size_t q = 0; q < nmsg; q++) all[o++] = slot[g->msg[q]];
        d->lninstr = lp.ninstr;
        d->lnslots = lp.nslots;
        d->nlevels = lp.nlevels;
        d->lncacc = lp.ncacc;
        rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_lcode, o * sizeof *all + 16);
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d->d_lcode, all, o * sizeof *all);
    }
    swirl_free(all);
    swirl_free(lp.buf);
    return rc;
}

/* Compile trace t's program and upload it with its columns' sources and epilogue slots. */
static int build_trace(swirl_zc_ws *ws, size_t t) {
    const swirl_zc_trace *tr = &ws->shape.traces[t];
    const swirl_dag *dag = &tr->vk->dag;
    zc_dev_trace *d = &ws->dt[t];
    colmap m;
    swirl_zc_make_colmap(tr->vk, &m);
    int rc = bind_parts(ws, t, &m);
    if (rc) return rc;
    zc_prog g;
    if ((rc = swirl_zc_prog_compile(tr->vk, &m, tr->public_values, &g)) != SWIRL_OK) return rc;
    const size_t nn = dag->num_nodes, ni = dag->num_interactions, nmsg = g.off[ni];
    uint32_t *code = swirl_alloc_array(4 * (nn + dag->num_constraints + 1), sizeof *code), *slot = swirl_alloc_array(nn + 1, sizeof *slot);
    uint32_t *tabs = swirl_alloc_array(2 * ni + 1 + nmsg + 1, sizeof *tabs);
    swirl_cuda_zc_col *cols = swirl_alloc_array((g.nu > m.ncols ? g.nu : m.ncols) + 1, sizeof *cols);
    rc = code && slot && tabs && cols ? slot_program(&g, dag, code, &d->ninstr, slot, &d->nslots) : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        size_t o = 0;
        for (size_t i = 0; i < ni; i++) tabs[o++] = slot[g.cnt[i]];
        for (size_t i = 0; i <= ni; i++) tabs[o++] = g.off[i];
        for (size_t q = 0; q < nmsg; q++) tabs[o++] = slot[g.msg[q]];
        for (size_t u = 0; u < g.nu; u++) cols[u] = col_source(d, &m, g.ucols[u], tr->log_height);
        d->ncons = (uint32_t)dag->num_constraints;
        d->ni = (uint32_t)ni;
        d->nmsg = (uint32_t)nmsg;
        d->maxlen = 0;
        for (size_t i = 0; i < ni; i++)
            if (g.off[i + 1] - g.off[i] > d->maxlen) d->maxlen = g.off[i + 1] - g.off[i];
        rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_code, 4 * (size_t)d->ninstr * sizeof *code + 16);
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d->d_code, code, 4 * (size_t)d->ninstr * sizeof *code);
        if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_cols, (g.nu + 1) * sizeof *cols);
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d->d_cols, cols, g.nu * sizeof *cols);
        if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_tabs, o * sizeof *tabs + 4);
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d->d_tabs, tabs, o * sizeof *tabs);
        /* the multilinear rounds read every lifted column's table, the program its used ones */
        for (size_t c = 0; c < m.ncols; c++) cols[c] = col_source(d, &m, (uint32_t)c, tr->log_height);
        if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_allcols, (m.ncols + 1) * sizeof *cols);
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d->d_allcols, cols, m.ncols * sizeof *cols);
        if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_ucols, (g.nu + 1) * sizeof *g.ucols);
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d->d_ucols, g.ucols, g.nu * sizeof *g.ucols);
        d->ncols = m.ncols;
        d->sel = m.sel;
        d->nu = g.nu;
    }
    if (rc == SWIRL_OK) rc = upload_level_program(ws, d, &g, dag, slot);
    d->ntil = ntil_of(tr->log_height, ws->shape.l);
    d->nx = (tr->log_height > ws->shape.l ? (size_t)1 << tr->log_height : (size_t)1 << ws->shape.l) >> ws->shape.l;
    d->norm = tr->log_height < ws->shape.l ? bb_inv_pow2(ws->shape.l - tr->log_height) : 1;
    swirl_zc_prog_free(&g);
    swirl_free(code);
    swirl_free(slot);
    swirl_free(tabs);
    swirl_free(cols); /* write_async staged them */
    return rc;
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

/* The epilogue's EF tables of trace t for this lambda: lp | bp | den0 | ew | eqx. */
static int upload_ef_tables(swirl_zc_ws *ws, size_t t, ef_t lambda) {
    const swirl_zc_shape *sh = &ws->shape;
    zc_dev_trace *d = &ws->dt[t];
    const swirl_dag *dag = &sh->traces[t].vk->dag;
    const size_t nc = d->ncons, nb = (size_t)d->maxlen + 1, ni = d->ni, nx = d->nx, total = nc + nb + 2 * ni + nx;
    uint32_t *h = swirl_alloc_array(4 * total, sizeof *h);
    ef_t *bp = swirl_alloc_array(nb + 1, sizeof *bp);
    int rc = h && bp ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        size_t o = 0;
        ef_t lk = ef_one();
        for (size_t k = 0; k < nc; k++, lk = ef_mul(lk, lambda)) put_ef(h + 4 * o++, lk);
        bp[0] = ef_one();
        for (size_t q = 1; q <= nb; q++) bp[q] = ef_mul(bp[q - 1], sh->beta);
        for (size_t q = 0; q < nb; q++) put_ef(h + 4 * o++, bp[q]);
        for (size_t i = 0; i < ni; i++) put_ef(h + 4 * o++, ef_mul_bb(bp[dag->interactions[i].message_len], (bb_t)dag->interactions[i].bus + 1));
        for (size_t i = 0; i < ni; i++) put_ef(h + 4 * o++, sh->ew[t][i]);
        swirl_eq_table(sh->xi + sh->l, ntil_of(sh->traces[t].log_height, sh->l), (ef_t *)(void *)(h + 4 * o));
        swirl_cuda_release(ws->dev, d->d_ef);
        d->d_ef = NULL;
        rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_ef, 4 * total * sizeof *h + 16);
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d->d_ef, h, 4 * total * sizeof *h);
    }
    swirl_free(h);
    swirl_free(bp);
    return rc;
}

static int cuda_round0(swirl_zc_ws *ws, ef_t lambda, ef_t *A, ef_t *B, ef_t *C) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t E = sh->E, N = sh->N;
    unsigned long long *d_acc = NULL, *h_acc = swirl_alloc_array(12 * E * N, sizeof *h_acc);
    uint32_t *d_slots = NULL;
    size_t maxslots = 1, maxpairs = 256;
    for (size_t t = 0; t < N; t++) {
        if (ws->dt[t].nslots > maxslots) maxslots = ws->dt[t].nslots;
        if (ws->dt[t].nx * E > maxpairs) maxpairs = ws->dt[t].nx * E;
    }
    /* threads per pass: within the budget, never more than the largest trace's pairs */
    size_t T = ZC_SLOT_BUDGET / (maxslots * sizeof(uint32_t));
    if (T > maxpairs) T = maxpairs;
    T = T < 256 ? 256 : (T + 255) / 256 * 256;
    int rc = h_acc ? swirl_cuda_alloc(ws->dev, (void **)&d_acc, 12 * E * N * sizeof *d_acc) : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) rc = swirl_cuda_memset0(ws->dev, d_acc, 12 * E * N * sizeof *d_acc);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d_slots, maxslots * T * sizeof *d_slots);
    ws->lambda = lambda;
    ws->have_lambda = 1;
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        zc_dev_trace *d = &ws->dt[t];
        if ((rc = upload_ef_tables(ws, t, lambda)) != SWIRL_OK) break;
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
        job.l = sh->l;
        job.E = (uint32_t)E;
        job.W = ws->d_W;
        job.lanes = ws->d_lanes;
        job.acc = d_acc + 12 * E * t;
        job.slots = d_slots;
        const uint64_t pairs = swirl_cuda_zc_round0_pairs(&job);
        job.T = (uint32_t)(T < pairs ? T : (pairs + 255) / 256 * 256);
        rc = swirl_cuda_zc_round0(ws->dev, &job);
    }
    /* one readback of every trace's per-point sums, reduced mod p here */
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
    swirl_cuda_release(ws->dev, d_slots);
    swirl_free(h_acc);
    return rc;
}

/* ---- the multilinear rounds ------------------------------------------------------------------- */

/* Buffers of the rounds: L0, the brackets' coefficients, the eq table over y, the slots (sized
 * for round 1 of the tallest trace), the sums and the openings' gather. */
static int mle_alloc(swirl_zc_ws *ws) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t N = sh->N, ch = (size_t)1 << sh->l, D = sh->D;
    size_t slot_words = 4, nvals = 1;
    int rc = SWIRL_OK;
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        /* global slots only for a program whose slots do not fit a block's shared memory */
        int fits = 0;
        rc = swirl_cuda_zc_mle_shared_fits(ws->dev, d->lnslots, &fits);
        size_t points = d->ntil ? (d->nx / 2) * (D + 1) : 1;
        if (!fits && (size_t)d->lnslots * 4 * points > slot_words) slot_words = (size_t)d->lnslots * 4 * points;
        nvals += d->sel;
    }
    if (rc) return rc;
    const size_t neqy = (size_t)1 << (sh->n_max > 0 ? sh->n_max - 1 : 0), nacc = 4 * (D + 1 > N ? D + 1 : N);
    ws->h_acc = swirl_alloc_array(nacc, sizeof *ws->h_acc);
    ws->h_eqy = swirl_alloc_array(neqy, sizeof *ws->h_eqy);
    if (!ws->h_acc || !ws->h_eqy) return SWIRL_ERR_OUT_OF_MEMORY;
    rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_L0, ch * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_coef, 3 * N * sizeof(ef_t) + 16);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_eqy, neqy * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_one, sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_slots, slot_words * sizeof(uint32_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_out, nvals * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_acc, nacc * sizeof *ws->d_acc);
    ef_t one = ef_one();
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_one, &one, sizeof one);
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

/* The brackets of the traces marked in want (at their tables' first entries), read back into br. */
static int brackets(swirl_zc_ws *ws, const unsigned char *want, ef_t *br) {
    const size_t N = ws->shape.N;
    int any = 0, rc = SWIRL_OK;
    for (size_t t = 0; t < N; t++) any |= want[t];
    if (!any) return SWIRL_OK;
    rc = swirl_cuda_memset0(ws->dev, ws->d_acc, 4 * N * sizeof *ws->d_acc);
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        if (!want[t]) continue;
        swirl_cuda_zc_mle job = mle_job(ws, t);
        job.half = 1;
        job.X0 = 0;
        job.nX = 1;
        job.eqy = ws->d_one;
        job.acc = ws->d_acc + 4 * t;
        rc = swirl_cuda_zc_mle_sums(ws->dev, &job);
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_read_small(ws->dev, ws->h_acc, ws->d_acc, 4 * N * sizeof *ws->h_acc);
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++)
        if (want[t])
            for (int c = 0; c < 4; c++) br[t].c[c] = (bb_t)(ws->h_acc[4 * t + c] % BB_P);
    return rc;
}

static int cuda_tables(swirl_zc_ws *ws, ef_t r0, const swirl_zc_bracket *bk, ef_t *br) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t N = sh->N, ch = (size_t)1 << sh->l;
    if (ws->mle_ready) return SWIRL_ERR_INTERNAL; /* once per workspace */
    int rc = mle_alloc(ws);
    ef_t *h = swirl_alloc_array(3 * N + ch, sizeof *h);
    unsigned char *want = swirl_calloc(N ? N : 1, 1);
    if (rc == SWIRL_OK && (!h || !want)) rc = SWIRL_ERR_OUT_OF_MEMORY;
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
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        zc_dev_trace *d = &ws->dt[t];
        /* the EF tables of round 0 hold lambda's powers; refresh them for another lambda */
        if (!ws->have_lambda || !ef_eq(ws->lambda, bk->lambda)) rc = upload_ef_tables(ws, t, bk->lambda);
        const size_t words = (d->ncols * d->nx + 1) * sizeof(ef_t);
        if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_T[0], words);
        if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d->d_T[1], words);
        if (rc == SWIRL_OK) rc = swirl_cuda_memset0(ws->dev, d->d_T[0], words);
        if (rc == SWIRL_OK) rc = swirl_cuda_memset0(ws->dev, d->d_T[1], words);
        if (rc == SWIRL_OK) rc = swirl_cuda_zc_tables(ws->dev, d->d_allcols, d->ncols, d->nx, sh->l, ws->d_L0, d->d_T[0], d->nx);
        d->cur = 0;
        want[t] = d->ntil == 0;
    }
    if (rc == SWIRL_OK) {
        ws->mle_ready = 1;
        rc = brackets(ws, want, br);
    }
    swirl_free(h);
    swirl_free(want);
    return rc;
}

static int cuda_round(swirl_zc_ws *ws, size_t j, ef_t *acc) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t D = sh->D;
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    int rc = swirl_cuda_memset0(ws->dev, ws->d_acc, 4 * (D + 1) * sizeof *ws->d_acc);
    for (size_t t = 0; t < sh->N && rc == SWIRL_OK; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        if (d->ntil < j) continue;
        SWIRL_VERIFY_CHECK(d->ntil <= sh->n_max); /* the eq table of round 1 holds every round */
        const size_t half = (size_t)1 << (d->ntil - j);
        swirl_eq_table(sh->xi + sh->l + j, d->ntil - j, ws->h_eqy);
        rc = swirl_cuda_write_async(ws->dev, ws->d_eqy, ws->h_eqy, half * sizeof(ef_t));
        swirl_cuda_zc_mle job = mle_job(ws, t);
        job.half = (uint32_t)half;
        job.X0 = 1;
        job.nX = (uint32_t)(D + 1);
        job.eqy = ws->d_eqy;
        job.acc = ws->d_acc;
        if (rc == SWIRL_OK) rc = swirl_cuda_zc_mle_sums(ws->dev, &job);
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_read_small(ws->dev, ws->h_acc, ws->d_acc, 4 * (D + 1) * sizeof *ws->h_acc);
    for (size_t X = 0; X <= D && rc == SWIRL_OK; X++)
        for (int c = 0; c < 4; c++) acc[X].c[c] = (bb_t)(ws->h_acc[4 * X + c] % BB_P);
    return rc;
}

static int cuda_fold(swirl_zc_ws *ws, size_t j, ef_t rj, ef_t *br) {
    const size_t N = ws->shape.N;
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    unsigned char *want = swirl_calloc(N ? N : 1, 1);
    int rc = want ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t t = 0; t < N && rc == SWIRL_OK; t++) {
        zc_dev_trace *d = &ws->dt[t];
        if (d->ntil < j) continue;
        rc = swirl_cuda_zc_fold(ws->dev, d->d_T[d->cur], d->d_T[d->cur ^ 1], d->ncols, (size_t)1 << (d->ntil - j), d->nx, rj.c);
        d->cur ^= 1;
        want[t] = d->ntil == j;
    }
    if (rc == SWIRL_OK) rc = brackets(ws, want, br);
    swirl_free(want);
    return rc;
}

static int cuda_openings(swirl_zc_ws *ws, ef_t *out) {
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    size_t off = 0;
    int rc = SWIRL_OK;
    for (size_t t = 0; t < ws->shape.N && rc == SWIRL_OK; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        rc = swirl_cuda_zc_first(ws->dev, d->d_T[d->cur], d->nx, d->sel, ws->d_out + 4 * off);
        off += d->sel;
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_read_small(ws->dev, out, ws->d_out, off * sizeof(ef_t));
    return rc;
}

static const swirl_zc_ops cuda_zc_ops = {cuda_create, cuda_destroy, cuda_round0, cuda_tables, cuda_round, cuda_fold, cuda_openings};

const swirl_zc_ops *swirl_zc_cuda_ops(void) { return &cuda_zc_ops; }
