/* zc_mle_cuda.c — the multilinear rounds of the CUDA batch constraint sumcheck (zc_ws_cuda.h).
 * The r_0 tables of every lifted column stay on the device (two buffers, folded back and forth);
 * each round's level program runs on them (a block per point (y, X), or a thread per point for
 * small programs), sums reduced on the device with one small readback per round; folds, the
 * brackets of traces folded to a point, the openings. Each step is one launch for all traces
 * (descriptor tables built once by the tables op, eq tables made on the device from xi), except
 * the round sums and brackets of a trace whose slots need global scratch (a launch of its own). */
#include <string.h>
#include "backend/cuda/zc_ws_cuda.h"
#include "field/field_constants.h"
#include "util/alloc.h"
#include "util/check.h"
#include "poly/eq.h"

/* The leading entries of ord[0 .. n) with ñ >= j (ord descends in ñ: the traces active in round j). */
static size_t lead(const swirl_zc_ws *ws, const size_t *ord, size_t n, size_t j) {
    size_t k = 0;
    while (k < n && ws->dt[ord[k]].ntil >= j) k++;
    return k;
}

/* The host side of the plan: which traces are batched (their slots fit a batched block's shared
 * memory) and the orders, every trace and the batched ones, by descending ñ (stable). Contract:
 * every ñ <= n_max (cuda_create checked). */
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
    for (size_t t = 0; t < N; t++) pl->batch[t] = (unsigned char)swirl_cuda_zc_mle_batch_fits(ws->dt[t].prog->lnslots, ws->optin);
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

/* Buffers of the rounds: L0, the brackets' coefficients, the eq tables over y (round 1's:
 * 2^m entries for each m < n_max), the global slots of the traces that are not batched (sized
 * for round 1 of the tallest), the sums and the openings' gather. The shared memory limit is read
 * here, once per workspace, and the kernels' limit raised to what this workspace's launches use. */
static int mle_alloc(swirl_zc_ws *ws) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t N = sh->N, ch = (size_t)1 << sh->l, D = sh->D;
    if (sh->n_max > 30) return SWIRL_ERR_INVALID_ARG; /* k_zc_eqy's 32-bit entry index */
    int rc = swirl_cuda_zc_mle_optin(ws->dev, &ws->optin);
    if (rc == SWIRL_OK) rc = plan_order(ws);
    if (rc) return rc;
    size_t slot_words = 4, nvals = 1, smem = 0;
    for (size_t t = 0; t < N; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        const size_t shared = ((size_t)d->prog->lnslots + SWIRL_CUDA_ZC_MLE_THREADS) * 16;
        const size_t points = d->ntil ? (d->nx / 2) * (D + 1) : 1;
        if (ws->plan.batch[t]) smem = shared + SWIRL_CUDA_ZC_MLE_JOB_BYTES > smem ? shared + SWIRL_CUDA_ZC_MLE_JOB_BYTES : smem;
        else if (swirl_cuda_zc_mle_fits(d->prog->lnslots, ws->optin)) smem = shared > smem ? shared : smem;
        else if ((size_t)d->prog->lnslots * 4 * points > slot_words) slot_words = (size_t)d->prog->lnslots * 4 * points; /* global slots */
        nvals += d->sel;
    }
    const size_t neqy = (size_t)1 << sh->n_max, nacc = 4 * (D + 1 > N ? D + 1 : N);
    ws->h_acc = swirl_alloc_array(nacc, sizeof *ws->h_acc);
    if (!ws->h_acc) return SWIRL_ERR_OUT_OF_MEMORY;
    rc = swirl_cuda_zc_mle_reserve(ws->dev, smem);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_L0, ch * sizeof(ef_t));
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
    job.code = d->prog->d_lcode;
    job.lv = job.code + 4 * (size_t)d->prog->lninstr;
    job.cacc_off = job.lv + d->prog->nlevels + 1;
    job.cacc = job.cacc_off + d->prog->nlevels + 1;
    job.nlevels = d->prog->nlevels;
    job.nslots = d->prog->lnslots;
    job.ucols = d->prog->d_ucols;
    job.T = d->d_T[d->cur];
    job.stride = (uint32_t)d->nx;
    job.cnt = job.cacc + 2 * (size_t)d->prog->lncacc;
    job.moff = job.cnt + d->prog->ni;
    job.msg = job.moff + d->prog->ni + 1;
    job.ni = d->prog->ni;
    job.norm = d->norm;
    const zc_ef_layout o = zc_ef_offsets(d->prog);
    job.lp = d->d_ef;
    job.bp = d->d_ef + o.bp;
    job.den0 = d->d_ef + o.den0;
    job.ew = d->d_ef + o.ew;
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
        if (d->prog->lnslots > maxslots) maxslots = d->prog->lnslots;
        if (d->prog->lninstr > need) need = d->prog->lninstr;
        if (d->prog->lncacc > need) need = d->prog->lncacc;
        if (d->prog->ni > need) need = d->prog->ni;
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

int swirl_cuda_zc_op_tables(swirl_zc_ws *ws, ef_t r0, const swirl_zc_bracket *bk, ef_t *br) {
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
    /* the EF tables of round 0 hold lambda's powers; refresh them (one launch) for another lambda */
    if (rc == SWIRL_OK && (!ws->have_lambda || !ef_eq(ws->lambda, bk->lambda))) rc = swirl_cuda_zc_ef_tables(ws, bk->lambda);
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
int swirl_cuda_zc_op_round(swirl_zc_ws *ws, size_t j, ef_t *acc) {
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
int swirl_cuda_zc_op_fold(swirl_zc_ws *ws, size_t j, ef_t rj, ef_t *br) {
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
int swirl_cuda_zc_op_openings(swirl_zc_ws *ws, ef_t *out) {
    const zc_mle_plan *pl = &ws->plan;
    const size_t N = ws->shape.N;
    if (!ws->mle_ready) return SWIRL_ERR_INTERNAL;
    for (size_t t = 0; t < N; t++) SWIRL_VERIFY_CHECK(ws->dt[t].cur == (int)(ws->dt[t].ntil & 1)); /* after its last fold */
    int rc = swirl_cuda_zc_first_all(ws->dev, pl->d_tabs, pl->d_opre, N, pl->opre[N], ws->d_out);
    if (rc == SWIRL_OK) rc = swirl_cuda_read_small(ws->dev, out, ws->d_out, pl->opre[N] * sizeof(ef_t));
    return rc;
}
