/* sr_cuda.c — the CUDA backend's stacked-reduction operations (iop/sr_ops.h) over device memory.
 *
 * The stacked matrices are the commitments' resident copies (or uploads of host ones). The slice
 * descriptors, the block table (slices cut into ranges of at most SR_BLOCK_CHUNKS chunks), the
 * eqY / rotY tables per distinct ñ and the Z-factor tables are small host computations uploaded
 * once per step; the heavy loops (round 0 over every stacked cell, the q and W tables, the rounds
 * and folds) run on the device. Everything is allocated in create; the rounds allocate nothing;
 * each round is one launch pair and one 32-byte readback. */
#include <string.h>
#include "backend/cuda/cuda_cache.h"
#include "backend/cuda/cuda_resident.h"
#include "backend/cuda/cuda_sr.h"
#include "backend/cuda/cuda_whir.h"
#include "iop/sr_ops.h"
#include "poly/eq.h"
#include "util/alloc.h"

#define SR_BLOCK_CHUNKS 512

struct swirl_sr_ws {
    swirl_cuda_dev *dev;
    swirl_sr_shape shape;
    size_t H, ch, nchunks, D2, zf_rows, ytab_len, num_blocks;
    const uint32_t **d_stacked; /* per commitment */
    uint32_t **own_stacked;     /* uploads of non-resident commitments */
    uint32_t *d_col_ptrs;
    swirl_cuda_sr_slice *slices, *d_slices;
    swirl_cuda_sr_block *d_blocks;
    size_t *ytab_of;            /* per slice: EF offset of its tables */
    unsigned char *fills;       /* per slice: first of its ñ */
    ef_t *ytab, *lam_e, *lam_k, *l0;
    swirl_sr_zf *zf;            /* zf_rows x D2 */
    bb_t *lw;
    uint32_t *d_ytab, *d_zf, *d_lw, *d_zf0, *d_l0, *d_q, *d_q2, *d_w, *d_w2, *d_scratch, *d_out;
    uint64_t *d_acc;
};

static size_t ntil_of(const swirl_sr_slice *s) { return s->n > 0 ? (size_t)s->n : 0; }

static void cuda_destroy(swirl_sr_ws *ws) {
    if (!ws) return;
    for (size_t c = 0; ws->own_stacked && c < ws->shape.num_commits; c++) swirl_cuda_release(ws->dev, ws->own_stacked[c]);
    void *bufs[] = {ws->d_col_ptrs, ws->d_slices, ws->d_blocks, ws->d_ytab, ws->d_zf,  ws->d_lw,      ws->d_zf0,
                    ws->d_l0,       ws->d_q,      ws->d_q2,     ws->d_w,    ws->d_w2,  ws->d_scratch, ws->d_out,
                    ws->d_acc};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) swirl_cuda_release(ws->dev, bufs[i]);
    swirl_free(ws->d_stacked);
    swirl_free(ws->own_stacked);
    swirl_free(ws->slices);
    swirl_free(ws->ytab_of);
    swirl_free(ws->fills);
    swirl_free(ws->ytab);
    swirl_free(ws->lam_e);
    swirl_free(ws->lam_k);
    swirl_free(ws->l0);
    swirl_free(ws->zf);
    swirl_free(ws->lw);
    swirl_free(ws);
}

/* Device copies of the stacked matrices and the W column pointers. */
static int bind_stacked(swirl_sr_ws *ws) {
    const swirl_sr_shape *s = &ws->shape;
    ws->d_stacked = swirl_calloc(s->num_commits, sizeof *ws->d_stacked);
    ws->own_stacked = swirl_calloc(s->num_commits, sizeof *ws->own_stacked);
    const uint32_t **ptrs = swirl_alloc_array(s->total_width + 1, sizeof *ptrs);
    int rc = ws->d_stacked && ws->own_stacked && ptrs ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    size_t g = 0;
    for (size_t c = 0; rc == SWIRL_OK && c < s->num_commits; c++) {
        const swirl_cuda_resident *res = s->commits ? swirl_cuda_resident_find(ws->dev, s->commits[c]) : NULL;
        if (res && res->d_stacked) {
            ws->d_stacked[c] = res->d_stacked;
        } else {
            const size_t bytes = ws->H * s->widths[c] * sizeof(uint32_t);
            rc = swirl_cuda_alloc(ws->dev, (void **)&ws->own_stacked[c], bytes);
            if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->own_stacked[c], s->host_stacked[c], bytes);
            ws->d_stacked[c] = ws->own_stacked[c];
        }
        for (size_t col = 0; rc == SWIRL_OK && col < s->widths[c]; col++) ptrs[g++] = ws->d_stacked[c] + col * ws->H;
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_col_ptrs, (s->total_width + 1) * sizeof *ptrs);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_col_ptrs, ptrs, s->total_width * sizeof *ptrs);
    swirl_free(ptrs);
    return rc;
}

/* Slice descriptors (lambda powers filled by round0), the y-table layout and the block table. */
static int build_slices(swirl_sr_ws *ws) {
    const swirl_sr_shape *s = &ws->shape;
    const size_t ns = s->num_slices;
    size_t *first_of_ntil = swirl_alloc_array(s->n_stack + 1, sizeof(size_t));
    ws->slices = swirl_calloc(ns + 1, sizeof *ws->slices);
    ws->ytab_of = swirl_alloc_array(ns + 1, sizeof(size_t));
    ws->fills = swirl_alloc_array(ns + 1, 1);
    if (!first_of_ntil || !ws->slices || !ws->ytab_of || !ws->fills) {
        swirl_free(first_of_ntil);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    for (size_t nt = 0; nt <= s->n_stack; nt++) first_of_ntil[nt] = SIZE_MAX;
    size_t ytab = 0, nb = 0, col_base = 0, commit = 0;
    for (size_t i = 0; i < ns; i++) {
        const swirl_sr_slice *sl = &s->slices[i];
        const size_t nt = ntil_of(sl);
        ws->fills[i] = first_of_ntil[nt] == SIZE_MAX;
        if (ws->fills[i]) {
            first_of_ntil[nt] = ytab;
            ytab += (size_t)2 << nt;
        }
        ws->ytab_of[i] = first_of_ntil[nt];
        while (commit < sl->commit) col_base += s->widths[commit++];
        swirl_cuda_sr_slice *d = &ws->slices[i];
        d->col = (uint64_t)(uintptr_t)(ws->d_stacked[sl->commit] + sl->col * ws->H);
        d->chunk0 = (uint32_t)(sl->row >> s->l);
        d->nch = (uint32_t)1 << nt;
        d->ytab = (uint32_t)ws->ytab_of[i];
        d->zf_row = (uint32_t)(sl->n + (int)s->l);
        d->gcol = (uint32_t)(col_base + sl->col);
        nb += (d->nch + SR_BLOCK_CHUNKS - 1) / SR_BLOCK_CHUNKS;
    }
    swirl_free(first_of_ntil);
    ws->ytab_len = ytab;
    ws->num_blocks = nb;
    return SWIRL_OK;
}

static int upload_blocks(swirl_sr_ws *ws) {
    swirl_cuda_sr_block *blocks = swirl_alloc_array(ws->num_blocks + 1, sizeof *blocks);
    if (!blocks) return SWIRL_ERR_OUT_OF_MEMORY;
    size_t b = 0;
    for (size_t i = 0; i < ws->shape.num_slices; i++)
        for (uint32_t y = 0; y < ws->slices[i].nch; y += SR_BLOCK_CHUNKS) {
            const uint32_t end = y + SR_BLOCK_CHUNKS < ws->slices[i].nch ? y + SR_BLOCK_CHUNKS : ws->slices[i].nch;
            swirl_cuda_sr_block blk = {(uint32_t)i, y, end, 0};
            blocks[b++] = blk;
        }
    int rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_blocks, (ws->num_blocks + 1) * sizeof *blocks);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_blocks, blocks, ws->num_blocks * sizeof *blocks);
    swirl_free(blocks);
    return rc;
}

static int alloc_device(swirl_sr_ws *ws) {
    const size_t W = ws->shape.total_width, ns = ws->shape.num_slices;
    const size_t table = (W * ws->nchunks + 1) * 16;
    int rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_slices, (ns + 1) * sizeof(swirl_cuda_sr_slice));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_ytab, (ws->ytab_len + 1) * 16);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_zf, ws->zf_rows * ws->D2 * sizeof(swirl_sr_zf));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_lw, ws->D2 * ws->ch * 4);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_zf0, ws->zf_rows * sizeof(swirl_sr_zf));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_l0, ws->ch * 16);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_acc, ws->D2 * (4 * 8 + 16));
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_scratch, (2 * 512 + 2) * 16);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_out, (W + 1) * 16);
    uint32_t **tables[] = {&ws->d_q, &ws->d_q2, &ws->d_w, &ws->d_w2};
    for (size_t i = 0; rc == SWIRL_OK && i < 4; i++) rc = swirl_cuda_alloc(ws->dev, (void **)tables[i], table);
    return rc;
}

static int alloc_host(swirl_sr_ws *ws) {
    const size_t ns = ws->shape.num_slices;
    ws->ytab = swirl_alloc_array(ws->ytab_len + 1, sizeof(ef_t));
    ws->lam_e = swirl_alloc_array(ns + 1, sizeof(ef_t));
    ws->lam_k = swirl_alloc_array(ns + 1, sizeof(ef_t));
    ws->l0 = swirl_alloc_array(ws->ch, sizeof(ef_t));
    ws->zf = swirl_alloc_array(ws->zf_rows * ws->D2, sizeof(swirl_sr_zf));
    ws->lw = swirl_alloc_array(ws->D2 * ws->ch, sizeof(bb_t));
    return ws->ytab && ws->lam_e && ws->lam_k && ws->l0 && ws->zf && ws->lw ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
}

static int cuda_create(void *backend, const swirl_sr_shape *shape, swirl_sr_ws **out) {
    *out = NULL;
    for (size_t i = 0; i < shape->num_slices; i++)
        if (shape->slices[i].n > (int)shape->n_stack || shape->slices[i].n < -(int)shape->l) return SWIRL_ERR_INVALID_ARG;
    swirl_sr_ws *ws = swirl_calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->dev = backend;
    ws->shape = *shape;
    ws->ch = (size_t)1 << shape->l;
    ws->H = (size_t)1 << (shape->l + shape->n_stack);
    ws->nchunks = ws->H >> shape->l;
    ws->D2 = 2 * ws->ch;
    ws->zf_rows = shape->l + shape->n_stack + 1;
    int rc = bind_stacked(ws);
    if (rc == SWIRL_OK) rc = build_slices(ws);
    if (rc == SWIRL_OK) rc = upload_blocks(ws);
    if (rc == SWIRL_OK) rc = alloc_device(ws);
    if (rc == SWIRL_OK) rc = alloc_host(ws);
    if (rc) {
        cuda_destroy(ws);
        return rc;
    }
    *out = ws;
    return SWIRL_OK;
}

static int cuda_round0(swirl_sr_ws *ws, ef_t lambda, const ef_t *r, ef_t *evals) {
    const swirl_sr_shape *s = &ws->shape;
    const unsigned l = s->l;
    const size_t ns = s->num_slices, D2 = ws->D2, ch = ws->ch;
    swirl_sr_slice_lambdas(s->slices, ns, lambda, ws->lam_e, ws->lam_k);
    for (size_t i = 0; i < ns; i++) {
        swirl_cuda_sr_slice *d = &ws->slices[i];
        memcpy(d->lam_e, ws->lam_e[i].c, 16);
        memcpy(d->lam_k, ws->lam_k[i].c, 16);
        d->has_rot = s->slices[i].n > 0 && !ef_is_zero(ws->lam_k[i]);
        if (ws->fills[i]) {
            const size_t nt = ntil_of(&s->slices[i]);
            swirl_sr_y_tables(r, nt, ws->ytab + ws->ytab_of[i], ws->ytab + ws->ytab_of[i] + ((size_t)1 << nt));
        }
    }
    const bb_t w2 = bb_two_adic_generator(l + 1), wl = bb_two_adic_generator(l);
    for (size_t t = 0; t < D2; t++) {
        const ef_t Zt = ef_from_bb(bb_pow(w2, t));
        for (size_t row = 0; row < ws->zf_rows; row++) ws->zf[row * D2 + t] = swirl_sr_z_factors(l, (int)row - (int)l, Zt, r[0]);
        for (size_t z = 0; z < ch; z++) ws->lw[t * ch + z] = swirl_eq_uni(l, Zt, ef_from_bb(bb_pow(wl, z))).c[0];
    }
    int rc = swirl_cuda_write_async(ws->dev, ws->d_slices, ws->slices, ns * sizeof *ws->slices);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_ytab, ws->ytab, ws->ytab_len * sizeof(ef_t));
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_zf, ws->zf, ws->zf_rows * D2 * sizeof(swirl_sr_zf));
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_lw, ws->lw, D2 * ch * sizeof(bb_t));
    if (rc) return rc;
    return swirl_cuda_sr_round0(ws->dev, l, ws->d_slices, ws->d_blocks, ws->num_blocks, ws->d_ytab, ws->d_zf, ws->d_lw,
                                ws->d_acc, (uint32_t *)evals);
}

static int cuda_tables(swirl_sr_ws *ws, ef_t u0, ef_t r0) {
    const unsigned l = ws->shape.l;
    const bb_t wl = bb_two_adic_generator(l);
    ef_t *l0 = ws->l0;
    swirl_sr_zf *zf0 = ws->zf; /* round 0's table is on the device already: its host copy is free */
    for (size_t z = 0; z < ws->ch; z++) l0[z] = swirl_eq_uni(l, u0, ef_from_bb(bb_pow(wl, z)));
    int rc = swirl_cuda_write_async(ws->dev, ws->d_l0, l0, ws->ch * sizeof(ef_t));
    for (size_t row = 0; row < ws->zf_rows; row++) zf0[row] = swirl_sr_z_factors(l, (int)row - (int)l, u0, r0);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(ws->dev, ws->d_zf0, zf0, ws->zf_rows * sizeof(swirl_sr_zf));
    if (rc == SWIRL_OK)
        rc = swirl_cuda_sr_qtable(ws->dev, l, (const uint32_t *const *)ws->d_col_ptrs, ws->shape.total_width, ws->nchunks,
                                  ws->d_l0, ws->d_q);
    if (rc == SWIRL_OK)
        rc = swirl_cuda_sr_wtable(ws->dev, ws->d_slices, ws->d_blocks, ws->num_blocks, ws->d_ytab, ws->d_zf0,
                                  ws->shape.total_width, ws->nchunks, ws->d_w);
    return rc;
}

static int cuda_round(swirl_sr_ws *ws, size_t len, ef_t *s1, ef_t *s2) {
    uint32_t out[8];
    int rc = swirl_cuda_sr_round(ws->dev, ws->d_q, ws->d_w, ws->shape.total_width, ws->nchunks, len, ws->d_scratch, out);
    if (rc) return rc;
    memcpy(s1->c, out, 16);
    memcpy(s2->c, out + 4, 16);
    return SWIRL_OK;
}

static int cuda_fold(swirl_sr_ws *ws, size_t len, ef_t u) {
    int rc = swirl_cuda_sr_fold(ws->dev, ws->d_q, ws->d_q2, ws->d_w, ws->d_w2, ws->shape.total_width, ws->nchunks, len, u.c);
    if (rc) return rc;
    uint32_t *t = ws->d_q;
    ws->d_q = ws->d_q2;
    ws->d_q2 = t;
    t = ws->d_w;
    ws->d_w = ws->d_w2;
    ws->d_w2 = t;
    return SWIRL_OK;
}

static int cuda_openings(swirl_sr_ws *ws, ef_t *out) {
    const size_t W = ws->shape.total_width;
    int rc = swirl_cuda_sr_first(ws->dev, ws->d_q, W, ws->nchunks, ws->d_out);
    if (rc) return rc;
    return swirl_cuda_read_small(ws->dev, out, ws->d_out, W * sizeof(ef_t));
}

static const swirl_sr_ops cuda_sr_ops = {cuda_create, cuda_destroy, cuda_round0, cuda_tables,
                                         cuda_round,  cuda_fold,    cuda_openings};

const swirl_sr_ops *swirl_sr_cuda_ops(void) { return &cuda_sr_ops; }
