/* zc_r0_cuda.c — round 0 of the CUDA batch constraint sumcheck (zc_ws_cuda.h). Every trace's EF
 * tables (lambda and beta powers, LogUp weights: host scalars; the eq tables over the chunks made
 * on the device from xi) in one launch; the small slot programs (at most ZC_R0_SHARED_SLOTS
 * slots) in one launch of the multi-job kernel, slots and sums in shared memory; the others
 * (keccakf) a launch each, a thread per (chunk, point), slots in global scratch; one readback of
 * every trace's per-point sums. */
#include <string.h>
#include "backend/cuda/zc_ws_cuda.h"
#include "field/field_constants.h"
#include "util/alloc.h"
#include "util/check.h"

/* Scratch budget of the slot buffers: nslots x T words per pass. The kernel is bound by the
 * latency of its slot traffic, so it wants every (chunk, point) pair of a trace in flight at
 * once: on the H200, keccakf 1024 (2,672 slots, 131,072 pairs) takes 62 ms in 3 passes of 512 MB
 * and 27 ms in one of 1.4 GB (docs/PERFORMANCE.md); 1.5 GB keeps it one pass. */
#define ZC_SLOT_BUDGET ((size_t)1536 << 20)

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
static size_t ef_head_len(const zc_dev_trace *d) { return zc_ef_offsets(d->prog).eqx / 4; }

/* Every trace's EF tables in one allocation, made once per workspace, trace t's d_ef at its
 * offset (whole EF entries from a 256-byte aligned base: 16-byte aligned). */
static int r0_buffers(swirl_zc_ws *ws) {
    const swirl_zc_shape *sh = &ws->shape;
    size_t words = 0;
    for (size_t t = 0; t < sh->N; t++) words += 4 * (ef_head_len(&ws->dt[t]) + ws->dt[t].nx);
    int rc = SWIRL_OK;
    if (!ws->d_r0ef) {
        rc = swirl_cuda_alloc(ws->dev, (void **)&ws->d_r0ef, words * sizeof(uint32_t) + 16);
        for (size_t t = 0, o = 0; rc == SWIRL_OK && t < sh->N; t++) {
            ws->dt[t].d_ef = ws->d_r0ef + o;
            o += 4 * (ef_head_len(&ws->dt[t]) + ws->dt[t].nx);
        }
    }
    return rc;
}

static void put_ef(uint32_t *dst, ef_t v) { memcpy(dst, v.c, sizeof v.c); }

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
    for (size_t k = 0; k < d->prog->ncons; k++) put_ef(h + 4 * o++, lk[k]);
    for (size_t q = 0; q <= d->prog->maxlen; q++) put_ef(h + 4 * o++, bq[q]);
    for (size_t i = 0; i < d->prog->ni; i++)
        put_ef(h + 4 * o++, ef_mul_bb(bq[dag->interactions[i].message_len], (bb_t)dag->interactions[i].bus + 1));
    for (size_t i = 0; i < d->prog->ni; i++) put_ef(h + 4 * o++, ws->shape.ew[t][i]);
    return o;
}

/* Every trace's EF tables for this lambda (d_ef: lp | bp | den0 | ew | eqx,
 * cuda_zc.h): the heads built here (tens of entries a trace, lambda's powers the most), the eq
 * tables (nx entries a trace, 14.6 MB for many_airs) made on the device from xi; one upload of
 * descriptors and heads and one launch. */
static int r0_ef_tables(swirl_zc_ws *ws, ef_t lambda) {
    int rc = r0_buffers(ws);
    const size_t n = ws->shape.N;
    if (rc || !n) return rc;
    size_t nh = 0, nc = 0, nb = 1;
    for (size_t t = 0; t < n; t++) {
        const zc_dev_trace *d = &ws->dt[t];
        SWIRL_VERIFY_CHECK(d->ntil <= 31 && d->nx == (size_t)1 << d->ntil); /* l + n <= 27: params */
        nh += ef_head_len(d);
        if (d->prog->ncons > nc) nc = d->prog->ncons;
        if ((size_t)d->prog->maxlen + 1 > nb) nb = (size_t)d->prog->maxlen + 1;
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
        for (size_t t = 0; t < n; t++) {
            swirl_cuda_zc_eft *e = &desc[t];
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
                                         (const uint32_t *)(void *)(d_h + dbytes), ws->d_xi);
    }
    swirl_cuda_release(ws->dev, d_h); /* stream-ordered: after the launch has read it */
    swirl_free(h);                    /* write_async staged it */
    swirl_free(pw);
    return rc;
}

int swirl_cuda_zc_ef_tables(swirl_zc_ws *ws, ef_t lambda) {
    int rc = r0_ef_tables(ws, lambda);
    ws->lambda = lambda;
    ws->have_lambda = rc == SWIRL_OK;
    return rc;
}

/* Whether trace d's round 0 runs in the multi-job kernel (p: that launch's parameters). */
static int r0_small(const swirl_cuda_zc_r0m *p, const zc_dev_trace *d) {
    return d->prog->nslots <= ZC_R0_SHARED_SLOTS && swirl_cuda_zc_r0m_cosets(p) > 0;
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
            jb->code = d->prog->d_code;
            jb->cols = d->d_cols;
            jb->tabs = d->prog->d_tabs;
            jb->ef = d->d_ef;
            jb->acc = d_acc + 12 * E * t;
            jb->ninstr = d->prog->ninstr;
            jb->ni = d->prog->ni;
            jb->nx = (uint32_t)d->nx;
            jb->norm = d->norm;
            const zc_ef_layout o = zc_ef_offsets(d->prog);
            jb->o_bp = (uint32_t)o.bp;
            jb->o_den0 = (uint32_t)o.den0;
            jb->o_ew = (uint32_t)o.ew;
            jb->o_eqx = (uint32_t)o.eqx;
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
        if (d->prog->nslots > p.nsl) p.nsl = d->prog->nslots;
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
    job.code = d->prog->d_code;
    job.ninstr = d->prog->ninstr;
    job.nslots = d->prog->nslots;
    job.cols = d->d_cols;
    job.cnt = d->prog->d_tabs;
    job.moff = job.cnt + d->prog->ni;
    job.msg = job.moff + d->prog->ni + 1;
    job.ncons = d->prog->ncons;
    job.ni = d->prog->ni;
    const zc_ef_layout o = zc_ef_offsets(d->prog);
    job.lp = d->d_ef;
    job.bp = d->d_ef + o.bp;
    job.den0 = d->d_ef + o.den0;
    job.ew = d->d_ef + o.ew;
    job.eqx = d->d_ef + o.eqx;
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
        if (ws->dt[t].prog->nslots > maxslots) maxslots = ws->dt[t].prog->nslots;
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
int swirl_cuda_zc_op_round0(swirl_zc_ws *ws, ef_t lambda, ef_t *A, ef_t *B, ef_t *C) {
    const swirl_zc_shape *sh = &ws->shape;
    const size_t E = sh->E, N = sh->N;
    unsigned long long *d_acc = NULL, *h_acc = swirl_alloc_array(12 * E * N, sizeof *h_acc);
    int rc = h_acc ? swirl_cuda_alloc(ws->dev, (void **)&d_acc, 12 * E * N * sizeof *d_acc) : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) rc = swirl_cuda_memset0(ws->dev, d_acc, 12 * E * N * sizeof *d_acc);
    if (rc == SWIRL_OK) rc = swirl_cuda_zc_ef_tables(ws, lambda);
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
