/* gkr_cuda.c — the CUDA backend's LogUp-GKR operations (iop/gkr_ops.h) over device memory.
 *
 * Workspace (all from the device's stream-ordered pool, allocated in create): the fraction tree
 * d_P, d_Q (2^(L+1) EF each, layer j at 2^j, the leaves being layer L), two sets of the five
 * layer tables (a fold reads one and writes the other), xi, the round partials. The leaves are
 * computed on the device from the traces' columns: per AIR the host compiles the cone of the
 * DAG under the count and message nodes into a small program, once per proving key (the device
 * object's key cache, cuda_cache.h; public values patched per proof), the device runs it at
 * every lifted row. Each round is one launch (the previous round's fold, deferred to it, and
 * the round's sums reduced by the last block), one sync and one 48-byte readback; the tree's
 * root and each layer's claims are one 32/64-byte readback.
 * Nothing of the GKR runs on the host, so the backend's host-stage counter is not bumped here.
 *
 * Columns: a part the leaves read comes from its resident commitment in place (cuda_trace_view.h:
 * column c at base + (c << log_height), stride 1); parts that are not resident on this device
 * (preprocessed parts committed on the host at keygen, traces shorter than 2^l_skip) are
 * uploaded row-major from the host trace (counted as bytes up) and read with a row stride. */
#include <string.h>
#include "backend/cuda/cuda_cache.h"
#include "backend/cuda/cuda_gkr.h"
#include "backend/cuda/cuda_trace_view.h"
#include "iop/gkr_ops.h"
#include "swirl.h"

#ifdef SWIRL_HAVE_CUDA
#include "backend/cuda/zc_prog_cuda.h"
#include "iop/zc_internal.h"
#include "util/alloc.h"
#include "util/check.h"

_Static_assert((int)SWIRL_CUDA_LOP_COL == (int)SWIRL_ZC_OP_COL && (int)SWIRL_CUDA_LOP_CONST == (int)SWIRL_ZC_OP_CONST &&
                   (int)SWIRL_CUDA_LOP_ADD == (int)SWIRL_ZC_OP_ADD && (int)SWIRL_CUDA_LOP_SUB == (int)SWIRL_ZC_OP_SUB &&
                   (int)SWIRL_CUDA_LOP_NEG == (int)SWIRL_ZC_OP_NEG && (int)SWIRL_CUDA_LOP_MUL == (int)SWIRL_ZC_OP_MUL,
               "leaves program opcodes mirror the compiled DAG's");

/* the leaves kernel's thread count: at most this many, and a scratch of at most this many bytes */
#define LEAVES_MAX_THREADS ((size_t)1 << 16)
#define LEAVES_MAX_SCRATCH ((size_t)256 << 20)

struct swirl_gkr_ws {
    swirl_cuda_dev *dev;
    unsigned L;
    size_t N, half;
    uint32_t *d_P, *d_Q;
    uint32_t *d_tab[2]; /* five tables of `half` EF each */
    unsigned cur;       /* the set holding the current tables */
    uint32_t *d_xi, *d_eqs, *d_partial, *d_tmp;
    /* A fold waits for the next round, which performs it in its own launch: fold_len > 0 means the
     * current tables (fold_len entries) are still to be folded by fold_r. Every other operation
     * that reads the tables performs a waiting fold first. */
    size_t fold_len;
    ef_t fold_r;
};

static uint32_t *ef_words(uint32_t *base, size_t i) { return base + 4 * i; }

static void cuda_destroy(swirl_gkr_ws *ws) {
    if (!ws) return;
    void *bufs[] = {ws->d_P, ws->d_Q, ws->d_tab[0], ws->d_tab[1], ws->d_xi, ws->d_eqs, ws->d_partial, ws->d_tmp};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) swirl_cuda_release(ws->dev, bufs[i]);
    swirl_free(ws);
}

static int cuda_create(void *ops_ctx, unsigned L, swirl_gkr_ws **out) {
    if (!ops_ctx || !out || L == 0 || L > 32) return SWIRL_ERR_INVALID_ARG;
    *out = NULL;
    swirl_gkr_ws *ws = swirl_calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->dev = ops_ctx;
    ws->L = L;
    ws->N = (size_t)1 << L;
    ws->half = ws->N / 2;
    const size_t ef = 16;
    int rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_P, 2 * ws->N * ef);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_Q, 2 * ws->N * ef);
    for (int s = 0; rc == SWIRL_OK && s < 2; s++) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_tab[s], 5 * ws->half * ef);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_xi, (size_t)L * ef);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_eqs, SWIRL_CUDA_GKR_EQS(L - 1) * ef);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_partial, SWIRL_CUDA_GKR_PARTIAL_EF * ef);
    if (rc == SWIRL_OK) rc = swirl_cuda_memset0(ws->dev, ws->d_partial, SWIRL_CUDA_GKR_PARTIAL_EF * ef); /* the arrival counter */
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_tmp, 4 * ef);
    if (rc) {
        cuda_destroy(ws);
        return rc;
    }
    *out = ws;
    return SWIRL_OK;
}

/* ---- leaves ---- */

/* A trace's leaves program on the host: the cone of the compiled DAG under the count and message
 * nodes, renumbered; its column slots (one per distinct lifted column read). */
typedef struct {
    uint32_t nn, ni, nslots, nmsg;
    uint32_t *code; /* op[nn] a0[nn] a1[nn] count[ni] msg_off[ni + 1] msg[nmsg] bus[ni] */
    uint32_t *slot_col; /* per slot: the lifted column */
    size_t code_words;
    pub_sites pub;      /* public-value CONSTs of the cone (words of a0, canonical values) */
    uint32_t *d_code;   /* the code on the device */
} leaves_prog;

static void prog_free(leaves_prog *p) {
    swirl_free(p->code);
    swirl_free(p->slot_col);
    swirl_cuda_pub_sites_free(&p->pub);
    memset(p, 0, sizeof *p);
}

/* The key cache's release of a leaves program (cuda_cache.h). */
static void prog_release(swirl_cuda_dev *dev, void *payload) {
    leaves_prog *p = payload;
    if (!p) return;
    swirl_cuda_release(dev, p->d_code);
    prog_free(p);
    swirl_free(p);
}

static int prog_build(const zc_prog *g, const swirl_dag *dag, size_t ncols, leaves_prog *p) {
    const size_t nn_all = dag->num_nodes, ni = dag->num_interactions;
    memset(p, 0, sizeof *p);
    if (nn_all >= ((size_t)1 << 31)) return SWIRL_ERR_INVALID_ARG; /* 32-bit node ids; site words below ZC_PUB_LEVEL */
    uint32_t *newid = swirl_alloc_array(nn_all + 1, sizeof *newid);
    uint32_t *slot_of = swirl_alloc_array(ncols + 1, sizeof *slot_of);
    p->slot_col = swirl_alloc_array(ncols + 1, sizeof *p->slot_col);
    const int pub_ok = swirl_cuda_pub_sites_alloc(dag, 1, &p->pub) == SWIRL_OK;
    if (!newid || !slot_of || !p->slot_col || !pub_ok) {
        swirl_free(newid); swirl_free(slot_of); prog_free(p);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    /* the cone: node ids are topological (operands < own id), so one descending pass marks it */
    for (size_t n = 0; n < nn_all; n++) newid[n] = 0;
    for (size_t i = 0; i < ni; i++) {
        newid[g->cnt[i]] = 1;
        for (uint32_t m = g->off[i]; m < g->off[i + 1]; m++) newid[g->msg[m]] = 1;
    }
    for (size_t n = nn_all; n-- > 0;) {
        if (!newid[n]) continue;
        const uint32_t op = g->op[n];
        if (op == SWIRL_ZC_OP_ADD || op == SWIRL_ZC_OP_SUB || op == SWIRL_ZC_OP_MUL) { newid[g->a0[n]] = 1; newid[g->a1[n]] = 1; }
        if (op == SWIRL_ZC_OP_NEG) newid[g->a0[n]] = 1;
    }
    uint32_t nn = 0;
    for (size_t n = 0; n < nn_all; n++) newid[n] = newid[n] ? nn++ : UINT32_MAX;
    const size_t nmsg = g->off[ni];
    p->nn = nn;
    p->ni = (uint32_t)ni;
    p->nmsg = (uint32_t)nmsg;
    p->code_words = 3 * (size_t)nn + ni + (ni + 1) + nmsg + ni;
    p->code = swirl_alloc_array(p->code_words + 1, sizeof *p->code);
    if (!p->code) {
        swirl_free(newid); swirl_free(slot_of); prog_free(p);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    uint32_t *op = p->code, *a0 = op + nn, *a1 = a0 + nn, *cnt = a1 + nn, *off = cnt + ni, *msg = off + ni + 1,
             *bus = msg + nmsg;
    for (size_t c = 0; c < ncols; c++) slot_of[c] = UINT32_MAX;
    for (size_t n = 0; n < nn_all; n++) {
        const uint32_t k = newid[n];
        if (k == UINT32_MAX) continue;
        op[k] = g->op[n];
        a0[k] = a1[k] = 0;
        switch (g->op[n]) {
        case SWIRL_ZC_OP_COL:
            if (slot_of[g->a0[n]] == UINT32_MAX) { slot_of[g->a0[n]] = p->nslots; p->slot_col[p->nslots++] = g->a0[n]; }
            a0[k] = slot_of[g->a0[n]];
            break;
        case SWIRL_ZC_OP_CONST:
            a0[k] = g->a0[n];
            if (dag->nodes[n].kind == SW_NODE_VAR && dag->nodes[n].entry == SW_ENTRY_PUBLIC)
                swirl_cuda_pub_sites_add(&p->pub, k, (uint32_t)dag->nodes[n].index, g->a0[n]); /* a0[k] */
            break;
        case SWIRL_ZC_OP_NEG: a0[k] = newid[g->a0[n]]; break;
        default: a0[k] = newid[g->a0[n]]; a1[k] = newid[g->a1[n]]; break;
        }
    }
    for (size_t i = 0; i < ni; i++) {
        cnt[i] = newid[g->cnt[i]];
        off[i] = g->off[i];
        bus[i] = g->bus[i];
    }
    off[ni] = (uint32_t)nmsg;
    for (size_t m = 0; m < nmsg; m++) msg[m] = newid[g->msg[m]];
    swirl_free(newid);
    swirl_free(slot_of);
    return SWIRL_OK;
}

/* The host trace of proof part p. */
static const swirl_trace *part_trace(const swirl_zc_trace *t, const colmap *m, size_t p) {
    if (p == 0) return t->common;
    if (m->has_prep && p == 1) return t->prep;
    return &t->cached[p - 1 - (size_t)m->has_prep];
}

/* Column slots of a program: a part whose commitment is resident on this device is read in place
 * (column-major: column c at base + (c << log_height), stride 1, cuda_trace_view.h); any other part
 * (preprocessed parts committed on the host, traces shorter than 2^l_skip, which the stacking
 * strides) is uploaded row-major from the host trace (counted as bytes up) and read with a row
 * stride. parts: the trace's residence (MAXP entries) or NULL. */
static int bind_columns(swirl_cuda_dev *dev, const swirl_zc_trace *t, const colmap *m, const leaves_prog *p,
                        const swirl_zc_part_loc *parts, unsigned l, uint32_t **d_parts, swirl_cuda_logup_col *cols) {
    const size_t h = (size_t)1 << t->log_height;
    const uint32_t *resident[MAXP] = {NULL};
    for (size_t q = 0; parts && q < m->nparts; q++)
        resident[q] = swirl_cuda_resident_part(dev, &parts[q], m->part_width[q], t->log_height, l);
    for (uint32_t s = 0; s < p->nslots; s++) {
        const size_t c = p->slot_col[s];
        swirl_cuda_logup_col *d = &cols[s];
        memset(d, 0, sizeof *d);
        if (c >= m->sel) {
            d->kind = c == m->sel ? SWIRL_CUDA_LCOL_FIRST : c == m->sel + 1 ? SWIRL_CUDA_LCOL_LAST : SWIRL_CUDA_LCOL_TRANS;
            continue;
        }
        size_t part = 0;
        while (part + 1 < m->nparts && m->part_base[part + 1] <= c) part++;
        const size_t rel = c - m->part_base[part];
        d->kind = rel % 2 ? SWIRL_CUDA_LCOL_NEXT : SWIRL_CUDA_LCOL_DATA;
        if (resident[part]) {
            d->ptr = (uint64_t)(uintptr_t)(resident[part] + ((rel / 2) << t->log_height));
            d->stride = 1;
            continue;
        }
        const swirl_trace *src = part_trace(t, m, part);
        if (!src || !src->values || src->height != h || src->width != m->part_width[part]) return SWIRL_ERR_INVALID_ARG;
        if (!d_parts[part]) {
            const size_t bytes = h * src->width * sizeof(uint32_t);
            int rc = swirl_cuda_alloc(dev, (void **)&d_parts[part], bytes);
            if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, d_parts[part], src->values, bytes);
            if (rc) return rc;
        }
        d->ptr = (uint64_t)(uintptr_t)(d_parts[part] + rel / 2);
        d->stride = (uint32_t)src->width;
    }
    return SWIRL_OK;
}

/* Trace t's leaves program on the device: from the key cache (its public-value operands set to
 * this proof's values, only the words that changed), else compiled and uploaded now, then cached
 * under the AIR key's uid, or returned in *own (the caller releases it) when the key has none. */
static int leaves_program(swirl_cuda_dev *dev, const swirl_zc_trace *t, const colmap *m, const leaves_prog **out,
                          leaves_prog **own) {
    const uint64_t uid = t->vk->uid;
    leaves_prog *p = swirl_cuda_cache_get(dev, SWIRL_CUDA_CACHE_GKR_PROGRAM, uid);
    if (p) {
        *out = p;
        return swirl_cuda_pub_sites_patch(dev, &p->pub, t->public_values, 0, p->d_code + p->nn, NULL);
    }
    p = swirl_calloc(1, sizeof *p);
    if (!p) return SWIRL_ERR_OUT_OF_MEMORY;
    zc_prog g;
    int rc = swirl_zc_prog_compile(t->vk, m, t->public_values, &g);
    if (rc) { swirl_free(p); return rc; }
    rc = prog_build(&g, &t->vk->dag, m->ncols, p);
    swirl_zc_prog_free(&g);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(dev, (void **)&p->d_code, (p->code_words + 1) * sizeof *p->d_code);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, p->d_code, p->code, p->code_words * sizeof *p->d_code);
    if (rc) { prog_release(dev, p); return rc; }
    if (!uid) {
        *own = p;
    } else {
        rc = swirl_cuda_cache_put(dev, SWIRL_CUDA_CACHE_GKR_PROGRAM, uid, p, (p->code_words + 1) * sizeof *p->d_code, prog_release);
        if (rc) return rc; /* put released it */
    }
    *out = p;
    return SWIRL_OK;
}

/* The segments of one leaves launch, kept until it is queued: per segment its program (cached,
 * or owned here when the key has no uid), its column slots (concatenated: segment s's from
 * col0[s]), the parts it had to upload (MAXP per segment, NULL: read in place). */
typedef struct {
    size_t ns;
    const leaves_prog **prog;
    leaves_prog **own;
    size_t *col0;
    swirl_cuda_logup_col *cols;
    uint32_t **d_parts;
    uint32_t max_nodes;
} leaves_batch;

static void batch_free(swirl_cuda_dev *dev, leaves_batch *b) {
    for (size_t i = 0; b->d_parts && i < b->ns * MAXP; i++) swirl_cuda_release(dev, b->d_parts[i]);
    for (size_t s = 0; b->own && s < b->ns; s++) prog_release(dev, b->own[s]); /* stream-ordered after the launch */
    swirl_free(b->prog);
    swirl_free(b->own);
    swirl_free(b->col0);
    swirl_free(b->cols);
    swirl_free(b->d_parts);
    memset(b, 0, sizeof *b);
}

/* Every segment's program and column slots (parts not resident on the device uploaded): the
 * programs first (their slot counts size the slot table), then the columns. */
static int batch_prepare(swirl_gkr_ws *ws, const swirl_gkr_leaves_input *in, const swirl_logup_segment *seg, leaves_batch *b) {
    const size_t ns = b->ns;
    b->prog = swirl_calloc(ns + 1, sizeof *b->prog);
    b->own = swirl_calloc(ns + 1, sizeof *b->own);
    b->col0 = swirl_calloc(ns + 1, sizeof *b->col0);
    b->d_parts = swirl_calloc(ns * MAXP + 1, sizeof *b->d_parts);
    colmap *maps = swirl_alloc_array(ns + 1, sizeof *maps);
    int rc = b->prog && b->own && b->col0 && b->d_parts && maps ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t s = 0; rc == SWIRL_OK && s < ns; s++) {
        swirl_zc_make_colmap(in->traces[seg[s].trace].vk, &maps[s]);
        rc = leaves_program(ws->dev, &in->traces[seg[s].trace], &maps[s], &b->prog[s], &b->own[s]);
        if (rc) break;
        b->col0[s + 1] = b->col0[s] + b->prog[s]->nslots;
        if (b->prog[s]->nn > b->max_nodes) b->max_nodes = b->prog[s]->nn;
    }
    if (rc == SWIRL_OK) b->cols = swirl_alloc_array(b->col0[ns] + 1, sizeof *b->cols);
    if (rc == SWIRL_OK && !b->cols) rc = SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t s = 0; rc == SWIRL_OK && s < ns; s++) {
        const size_t t = seg[s].trace;
        const swirl_zc_part_loc *loc = in->residence ? &in->residence->parts[t * MAXP] : NULL;
        rc = bind_columns(ws->dev, &in->traces[t], &maps[s], b->prog[s], loc, (unsigned)in->params->l_skip, b->d_parts + s * MAXP,
                          b->cols + b->col0[s]);
    }
    swirl_free(maps);
    return rc;
}

/* Segment s's descriptor over its program, its slots at d_cols + col0[s] and beta's powers. */
static swirl_cuda_logup_desc segment_desc(const swirl_gkr_leaves_input *in, const swirl_logup_segment *sg,
                                          const leaves_prog *p, const swirl_cuda_logup_col *d_cols, const uint32_t *d_bp) {
    swirl_cuda_logup_desc d;
    memset(&d, 0, sizeof d);
    const uint32_t nn = p->nn, ni = p->ni;
    d.num_nodes = nn;
    d.op = p->d_code;
    d.a0 = p->d_code + nn;
    d.a1 = p->d_code + 2 * (size_t)nn;
    d.num_interactions = ni;
    d.count = p->d_code + 3 * (size_t)nn;
    d.msg_off = d.count + ni;
    d.msg = d.msg_off + ni + 1;
    d.bus = d.msg + p->nmsg;
    d.cols = d_cols;
    d.beta_pow = d_bp;
    memcpy(d.alpha, in->alpha.c, sizeof d.alpha);
    d.norm = sg->norm;
    d.log_height = in->traces[sg->trace].log_height;
    d.rows = sg->rows;
    d.offset = sg->offset;
    return d;
}

/* Every segment's leaves in one launch: the descriptors and the row prefix go up once, then a
 * fixed thread count strides over all rows (each row finds its segment by bisection). */
static int batch_launch(swirl_gkr_ws *ws, const swirl_gkr_leaves_input *in, const swirl_logup_segment *seg,
                        const leaves_batch *b, const uint32_t *d_bp) {
    const size_t ns = b->ns;
    swirl_cuda_logup_desc *desc = swirl_alloc_array(ns + 1, sizeof *desc);
    uint64_t *first = swirl_alloc_array(ns + 1, sizeof *first);
    swirl_cuda_logup_col *d_cols = NULL;
    swirl_cuda_logup_desc *d_desc = NULL;
    uint64_t *d_first = NULL;
    uint32_t *d_scratch = NULL;
    if (!desc || !first) {
        swirl_free(desc);
        swirl_free(first);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    int rc = swirl_cuda_alloc(ws->dev, (void **)&d_cols, (b->col0[ns] + 1) * sizeof *d_cols);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d_cols, b->cols, b->col0[ns] * sizeof *d_cols);
    first[0] = 0;
    for (size_t s = 0; rc == SWIRL_OK && s < ns; s++) {
        desc[s] = segment_desc(in, &seg[s], b->prog[s], d_cols + b->col0[s], d_bp);
        first[s + 1] = first[s] + seg[s].rows;
    }
    size_t threads = first[ns] < LEAVES_MAX_THREADS ? first[ns] : LEAVES_MAX_THREADS;
    threads = (threads + 255) / 256 * 256;
    while (threads > 256 && (size_t)b->max_nodes * threads * 4 > LEAVES_MAX_SCRATCH) threads /= 2;
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d_desc, ns * sizeof *desc);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d_desc, desc, ns * sizeof *desc);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d_first, (ns + 1) * sizeof *first);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d_first, first, (ns + 1) * sizeof *first);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&d_scratch, ((size_t)b->max_nodes + 1) * threads * 4);
    if (rc == SWIRL_OK) {
        swirl_cuda_logup_batch lb = {d_desc, d_first, (uint32_t)ns, first[ns], (uint32_t)threads, d_scratch};
        rc = swirl_cuda_logup_leaves_batch(ws->dev, &lb, ef_words(ws->d_P, ws->N), ef_words(ws->d_Q, ws->N));
    }
    swirl_cuda_release(ws->dev, d_cols);
    swirl_cuda_release(ws->dev, d_desc);
    swirl_cuda_release(ws->dev, d_first);
    swirl_cuda_release(ws->dev, d_scratch);
    swirl_free(desc); /* write_async staged them */
    swirl_free(first);
    return rc;
}

static int cuda_leaves(swirl_gkr_ws *ws, const swirl_gkr_leaves_input *in) {
    if (!ws || !in || !in->params || (size_t)in->params->l_skip + in->n_logup != ws->L) return SWIRL_ERR_INVALID_ARG;
    swirl_logup_segment *seg = NULL;
    size_t ns = 0;
    int rc = swirl_logup_segments(in, &seg, &ns);
    if (rc) return rc;
    /* beta^0 .. beta^(longest message) */
    size_t maxlen = 0;
    for (size_t s = 0; s < ns; s++) {
        const swirl_dag *d = &in->traces[seg[s].trace].vk->dag;
        for (size_t i = 0; i < d->num_interactions; i++)
            if (d->interactions[i].message_len > maxlen) maxlen = d->interactions[i].message_len;
    }
    ef_t *bp = swirl_alloc_array(maxlen + 1, sizeof *bp);
    uint32_t *d_bp = NULL;
    rc = bp ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        bp[0] = ef_one();
        for (size_t k = 1; k <= maxlen; k++) bp[k] = ef_mul(bp[k - 1], in->beta);
        rc = swirl_cuda_alloc(ws->dev, (void **)&d_bp, (maxlen + 1) * sizeof *bp);
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, d_bp, bp, (maxlen + 1) * sizeof *bp);
    if (rc == SWIRL_OK) rc = swirl_cuda_logup_fill(ws->dev, ef_words(ws->d_P, ws->N), ef_words(ws->d_Q, ws->N), ws->N, in->alpha.c);
    leaves_batch b;
    memset(&b, 0, sizeof b);
    b.ns = ns;
    if (rc == SWIRL_OK && ns) rc = batch_prepare(ws, in, seg, &b);
    if (rc == SWIRL_OK && ns) rc = batch_launch(ws, in, seg, &b, d_bp);
    batch_free(ws->dev, &b);
    swirl_cuda_release(ws->dev, d_bp);
    swirl_free(bp);
    swirl_free(seg);
    return rc;
}

static int cuda_load_leaves(swirl_gkr_ws *ws, const ef_t *p, const ef_t *q) {
    if (!ws || !p || !q) return SWIRL_ERR_INVALID_ARG;
    int rc = swirl_cuda_write_async(ws->dev, ef_words(ws->d_P, ws->N), p, ws->N * sizeof *p);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ef_words(ws->d_Q, ws->N), q, ws->N * sizeof *q);
    return rc;
}

/* ---- tree, layers, rounds ---- */

static int cuda_tree(swirl_gkr_ws *ws, ef_t root[2]) {
    if (!ws || !root) return SWIRL_ERR_INVALID_ARG;
    int rc = swirl_cuda_gkr_tree(ws->dev, ws->d_P, ws->d_Q, ws->L);
    const uint32_t *src[4] = {ef_words(ws->d_P, 1), ef_words(ws->d_Q, 1), NULL, NULL};
    if (rc == SWIRL_OK) rc = swirl_cuda_gkr_gather(ws->dev, src, 2, ws->d_tmp, root[0].c);
    return rc;
}

static int cuda_root_children(swirl_gkr_ws *ws, swirl_gkr_layer_claims *c) {
    if (!ws || !c) return SWIRL_ERR_INVALID_ARG;
    const uint32_t *src[4] = {ef_words(ws->d_P, 2), ef_words(ws->d_P, 3), ef_words(ws->d_Q, 2), ef_words(ws->d_Q, 3)};
    ef_t v[4];
    int rc = swirl_cuda_gkr_gather(ws->dev, src, 4, ws->d_tmp, v[0].c);
    if (rc == SWIRL_OK) { c->p0 = v[0]; c->p1 = v[1]; c->q0 = v[2]; c->q1 = v[3]; }
    return rc;
}

/* The waiting fold, if any, on its own (before anything but a round reads the tables). */
static int fold_now(swirl_gkr_ws *ws) {
    if (!ws->fold_len) return SWIRL_OK;
    int rc = swirl_cuda_gkr_fold(ws->dev, ws->d_tab[ws->cur], ws->d_tab[ws->cur ^ 1u], ws->half, ws->fold_len, ws->fold_r.c);
    if (rc == SWIRL_OK) ws->cur ^= 1u;
    ws->fold_len = 0;
    return rc;
}

static int cuda_layer(swirl_gkr_ws *ws, unsigned j, const ef_t *xi) {
    if (!ws || !xi || j < 2 || j > ws->L) return SWIRL_ERR_INVALID_ARG;
    ws->cur = 0;
    ws->fold_len = 0; /* the new layer replaces the tables */
    int rc = swirl_cuda_write_async(ws->dev, ws->d_xi, xi, (size_t)(j - 1) * sizeof *xi);
    const size_t at = (size_t)1 << j;
    if (rc == SWIRL_OK)
        rc = swirl_cuda_gkr_layer(ws->dev, ef_words(ws->d_P, at), ef_words(ws->d_Q, at), (size_t)1 << (j - 1), ws->d_xi,
                                  j - 1, ws->d_eqs, ws->d_tab[0], ws->half);
    return rc;
}

/* A round right after a fold of tables twice its length runs both in one launch. */
static int cuda_round(swirl_gkr_ws *ws, size_t len, ef_t lambda, ef_t s[3]) {
    if (!ws || !s) return SWIRL_ERR_INVALID_ARG;
    uint32_t words[12];
    int rc = SWIRL_OK;
    if (ws->fold_len && ws->fold_len == 2 * len) {
        rc = swirl_cuda_gkr_fold_round(ws->dev, ws->d_tab[ws->cur], ws->d_tab[ws->cur ^ 1u], ws->half, len, ws->fold_r.c,
                                       lambda.c, ws->d_partial, words);
        ws->fold_len = 0;
        if (rc == SWIRL_OK) ws->cur ^= 1u;
    } else {
        rc = fold_now(ws);
        if (rc == SWIRL_OK) rc = swirl_cuda_gkr_round(ws->dev, ws->d_tab[ws->cur], ws->half, len, lambda.c, ws->d_partial, words);
    }
    if (rc == SWIRL_OK) memcpy(s, words, sizeof words);
    return rc;
}

/* Checked now, performed by the next operation that reads the tables. */
static int cuda_fold(swirl_gkr_ws *ws, size_t len, ef_t r) {
    if (!ws || len < 2 || len > ws->half) return SWIRL_ERR_INVALID_ARG;
    int rc = fold_now(ws);
    if (rc) return rc;
    ws->fold_len = len;
    ws->fold_r = r;
    return SWIRL_OK;
}

static int cuda_claims(swirl_gkr_ws *ws, swirl_gkr_layer_claims *c) {
    if (!ws || !c) return SWIRL_ERR_INVALID_ARG;
    int rc = fold_now(ws);
    if (rc) return rc;
    uint32_t *t = ws->d_tab[ws->cur];
    const uint32_t *src[4] = {t, ef_words(t, ws->half), ef_words(t, 2 * ws->half), ef_words(t, 3 * ws->half)};
    ef_t v[4];
    rc = swirl_cuda_gkr_gather(ws->dev, src, 4, ws->d_tmp, v[0].c);
    if (rc == SWIRL_OK) { c->p0 = v[0]; c->p1 = v[1]; c->q0 = v[2]; c->q1 = v[3]; }
    return rc;
}

#else /* built without CUDA: every operation reports the missing device */

struct swirl_gkr_ws { int unused; };
static void cuda_destroy(swirl_gkr_ws *ws) { (void)ws; }
static int cuda_create(void *c, unsigned L, swirl_gkr_ws **out) { (void)c; (void)L; if (out) *out = NULL; return SWIRL_ERR_NO_DEVICE; }
static int cuda_leaves(swirl_gkr_ws *ws, const swirl_gkr_leaves_input *in) { (void)ws; (void)in; return SWIRL_ERR_NO_DEVICE; }
static int cuda_load_leaves(swirl_gkr_ws *ws, const ef_t *p, const ef_t *q) { (void)ws; (void)p; (void)q; return SWIRL_ERR_NO_DEVICE; }
static int cuda_tree(swirl_gkr_ws *ws, ef_t r[2]) { (void)ws; (void)r; return SWIRL_ERR_NO_DEVICE; }
static int cuda_root_children(swirl_gkr_ws *ws, swirl_gkr_layer_claims *c) { (void)ws; (void)c; return SWIRL_ERR_NO_DEVICE; }
static int cuda_layer(swirl_gkr_ws *ws, unsigned j, const ef_t *xi) { (void)ws; (void)j; (void)xi; return SWIRL_ERR_NO_DEVICE; }
static int cuda_round(swirl_gkr_ws *ws, size_t n, ef_t l, ef_t s[3]) { (void)ws; (void)n; (void)l; (void)s; return SWIRL_ERR_NO_DEVICE; }
static int cuda_fold(swirl_gkr_ws *ws, size_t n, ef_t r) { (void)ws; (void)n; (void)r; return SWIRL_ERR_NO_DEVICE; }
static int cuda_claims(swirl_gkr_ws *ws, swirl_gkr_layer_claims *c) { (void)ws; (void)c; return SWIRL_ERR_NO_DEVICE; }

#endif

static const swirl_gkr_ops cuda_ops = {cuda_create, cuda_destroy, cuda_leaves, cuda_load_leaves, cuda_tree,
                                       cuda_root_children, cuda_layer, cuda_round, cuda_fold, cuda_claims};

const swirl_gkr_ops *swirl_gkr_cuda_ops(void) { return &cuda_ops; }
