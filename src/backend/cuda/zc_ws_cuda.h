/* zc_ws_cuda.h — the workspace of the CUDA batch constraint sumcheck, shared by its three files:
 * zc_cuda.c (the workspace: binding each trace's columns and programs, create, destroy, the
 * operation table), zc_r0_cuda.c (round 0) and zc_mle_cuda.c (the multilinear rounds). Internal
 * to the backend; the protocol sees only the opaque swirl_zc_ws through iop/zc_ops.h. */
#ifndef SWIRL_ZC_WS_CUDA_H
#define SWIRL_ZC_WS_CUDA_H

#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_trace_view.h"
#include "backend/cuda/cuda_zc.h"
#include "backend/cuda/zc_prog_cuda.h"
#include "iop/zc_internal.h"
#include "iop/zc_ops.h"

/* One trace of a workspace: its programs (prog: the key cache's, or own_prog when its key has no
 * uid), where its columns are for this proof, and its tables (every pointer a pool allocation
 * owned here, except prog's and d_ef, a part of the workspace's d_r0ef). */
typedef struct {
    const zc_dev_prog *prog;
    zc_dev_prog *own_prog;      /* the program when it is not cached (released with the workspace) */
    swirl_cuda_trace_view view;
    uint32_t *d_packed[MAXP];   /* uploaded packed columns of a part (NULL: read in place) */
    swirl_cuda_zc_col *d_cols;
    uint32_t *d_ef;             /* lp | bp | den0 | ew | eqx (EF), in ws->d_r0ef (swirl_cuda_zc_ef_tables) */
    size_t nx, ncols, sel, ntil;
    bb_t norm;
    swirl_cuda_zc_col *d_allcols; /* every lifted column's source (the tables) */
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
    uint32_t *d_xi;              /* xi[l .. l + n_max) (EF, from create): every eq table's variables */
    /* round 0 (made once per workspace by its first EF tables) */
    uint32_t *d_r0ef;            /* every trace's EF tables; dt[t].d_ef points into it */
    /* the multilinear rounds (allocated by the tables op) */
    uint32_t *d_L0, *d_coef, *d_eqy, *d_one, *d_slots, *d_out;
    unsigned long long *d_acc;   /* (D+1) x 4 round sums, then N x 4 brackets */
    unsigned long long *h_acc;
    uint32_t *d_Tall;            /* every trace's two table buffers (its d_T point into it) */
    zc_mle_plan plan;
    size_t optin;                /* the device's opt-in shared memory per block */
    int mle_ready;
};

/* Word offsets in a trace's d_ef of its EF tables lp | bp | den0 | ew | eqx (4 words an entry: lp
 * ncons entries, bp maxlen + 1, den0 and ew ni each, then eqx). */
typedef struct {
    size_t bp, den0, ew, eqx;
} zc_ef_layout;
static inline zc_ef_layout zc_ef_offsets(const zc_dev_prog *p) {
    zc_ef_layout o;
    o.bp = 4 * (size_t)p->ncons;
    o.den0 = o.bp + 4 * ((size_t)p->maxlen + 1);
    o.ew = o.den0 + 4 * (size_t)p->ni;
    o.eqx = o.ew + 4 * (size_t)p->ni;
    return o;
}

/* zc_r0_cuda.c: every trace's EF tables for lambda (one launch; remembered as the workspace's
 * lambda), and the round-0 operation. */
int swirl_cuda_zc_ef_tables(swirl_zc_ws *ws, ef_t lambda);
int swirl_cuda_zc_op_round0(swirl_zc_ws *ws, ef_t lambda, ef_t *A, ef_t *B, ef_t *C);
/* zc_mle_cuda.c: the multilinear rounds' operations. */
int swirl_cuda_zc_op_tables(swirl_zc_ws *ws, ef_t r0, const swirl_zc_bracket *bk, ef_t *br);
int swirl_cuda_zc_op_round(swirl_zc_ws *ws, size_t j, ef_t *acc);
int swirl_cuda_zc_op_fold(swirl_zc_ws *ws, size_t j, ef_t rj, ef_t *br);
int swirl_cuda_zc_op_openings(swirl_zc_ws *ws, ef_t *out);

#endif
