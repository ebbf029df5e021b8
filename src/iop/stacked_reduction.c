/* stacked_reduction.c — prover and verifier of the stacked opening reduction (iop.md §6.3–6.4).
 *
 * W_{c,k}(Z, Y) is evaluated through per-slice factors that separate Z from Y:
 *   n >= 0: E = eq_l(Z, r0) * eqY[y_low],  K = eq_l(Z, w r0) * eqY + eq_l(Z, 1) eq_l(w r0, 1) (rotY - eqY)
 *   n <  0: E = eq_ls(Z, r0'),             K = eq_ls(Z, w' r0')          (ls = l + n, r0' = r0^(2^-n))
 * times in_n(Z), and the chunk indicator eq(Y_high, b_s). Round 0 evaluates s_0 on the subgroup of
 * size 2^(l+1) (degree <= 2(2^l - 1)) and interpolates; rounds 1..n_stack are a degree-2 sumcheck of
 * per-column products of multilinear tables q(u0, y) and W(u0, y), folded after each round.
 * Round 0 folds each slice's chunks with its Y-factors before the low-degree extension (the
 * extension is linear), so its cost is O(stacked cells) base-by-extension products; every phase
 * is split over the pool (slices, then stacked columns). */
#include <stdlib.h>
#include <string.h>
#include "iop/stacked_reduction.h"
#include "poly/eq.h"
#include "util/error.h"
#include "util/alloc.h"
#include "util/check.h"

void swirl_stacking_proof_free(swirl_stacking_proof *p) {
    if (!p) return;
    swirl_free(p->univariate);
    swirl_free(p->rounds);
    swirl_free(p->widths);
    swirl_free(p->openings);
    memset(p, 0, sizeof *p);
}

typedef struct {
    int n;
    size_t ntil;     /* max(n, 0) */
    size_t chunk0;   /* first chunk index R_s >> l */
    ef_t lam_e, lam_k; /* lambda^(2i), need_rot ? lambda^(2i+1) : 0 */
    ef_t *eqY, *rotY; /* 2^ntil tables over y_low (n >= 0), shared by the slices of one ñ */
    int owner;        /* this slice owns eqY / rotY */
} slice_pre;

/* Z-dependent factors of one slice at Z: returns in_n(Z) * [lam_e * E_Z + lam_k * K1_Z] as
 * (a, b, c) with W contribution = a * eqY + b * eqY + c * (rotY - eqY) ... folded into coefficients
 * of eqY and (rotY - eqY). */
static void z_factors(unsigned l, const slice_pre *s, ef_t Z, ef_t r0, ef_t *c_eq, ef_t *c_rot) {
    ef_t in = swirl_in_n(l, s->n, Z);
    if (s->n >= 0) {
        bb_t w = bb_two_adic_generator(l);
        ef_t wr0 = ef_mul_bb(r0, w);
        ef_t e = swirl_eq_uni(l, Z, r0);
        ef_t k1 = swirl_eq_uni(l, Z, wr0);
        ef_t k2 = ef_mul(swirl_eq_uni_one(l, Z), swirl_eq_uni_one(l, wr0));
        *c_eq = ef_mul(in, ef_add(ef_mul(s->lam_e, e), ef_mul(s->lam_k, k1)));
        *c_rot = s->n > 0 ? ef_mul(in, ef_mul(s->lam_k, k2)) : ef_zero();
    } else {
        unsigned ls = (unsigned)((int)l + s->n);
        ef_t r0p = r0;
        for (int i = 0; i < -s->n; i++) r0p = ef_sqr(r0p);
        ef_t e = swirl_eq_uni(ls, Z, r0p);
        ef_t k = swirl_eq_uni(ls, Z, ef_mul_bb(r0p, bb_two_adic_generator(ls)));
        *c_eq = ef_mul(in, ef_add(ef_mul(s->lam_e, e), ef_mul(s->lam_k, k)));
        *c_rot = ef_zero();
    }
}

/* rotY[y] = rot(bits(y), r_1..r_ñ) - eqY[y]; bits: ñ scratch entries */
static void rot_table(const ef_t *r, size_t ntil, const ef_t *eqY, ef_t *bits, ef_t *rotY) {
    for (size_t y = 0; y < ((size_t)1 << ntil); y++) {
        for (size_t j = 0; j < ntil; j++) bits[j] = (y >> j) & 1 ? ef_one() : ef_zero();
        rotY[y] = ef_sub(swirl_rot_ml(bits, r + 1, ntil), eqY[y]);
    }
}

/* eqY and rotY depend only on ñ (and r), so slices of equal ñ share one pair of tables: tables
 * of ñ are owned by the first slice with that ñ (owner = 1) and borrowed by the others. The
 * slices' ñ are at most n_max (r has n_max + 1 entries: the caller's contract, the slices come
 * from traces of the batch constraint sumcheck that produced r), and the lookup by ñ is sized
 * from them. */
static int precompute(const swirl_sr_slice *sl, size_t ns, unsigned l, ef_t lambda, const ef_t *r, size_t n_max, slice_pre *pre) {
    size_t max_ntil = 0;
    for (size_t i = 0; i < ns; i++)
        if (sl[i].n > 0 && (size_t)sl[i].n > max_ntil) max_ntil = (size_t)sl[i].n;
    if (max_ntil > n_max) return SWIRL_ERR_INVALID_ARG; /* a slice taller than the sumcheck's point */
    ef_t **eq_of = swirl_calloc(max_ntil + 1, sizeof *eq_of), **rot_of = swirl_calloc(max_ntil + 1, sizeof *rot_of);
    ef_t *bits = swirl_alloc_array(max_ntil + 1, sizeof *bits);
    int rc = eq_of && rot_of && bits ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    ef_t lp = ef_one();
    for (size_t i = 0; i < ns && rc == SWIRL_OK; i++) {
        slice_pre *s = &pre[i];
        s->n = sl[i].n;
        s->ntil = sl[i].n > 0 ? (size_t)sl[i].n : 0;
        s->chunk0 = sl[i].row >> l;
        s->lam_e = lp;
        lp = ef_mul(lp, lambda);
        s->lam_k = sl[i].need_rot ? lp : ef_zero();
        lp = ef_mul(lp, lambda);
        SWIRL_VERIFY_CHECK(s->ntil <= max_ntil);
        if (eq_of[s->ntil]) { s->eqY = eq_of[s->ntil]; s->rotY = rot_of[s->ntil]; continue; }
        size_t sz = (size_t)1 << s->ntil;
        s->eqY = swirl_alloc_array(sz, sizeof(ef_t));
        s->rotY = swirl_alloc_array(sz, sizeof(ef_t));
        s->owner = 1;
        if (!s->eqY || !s->rotY) { rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
        swirl_eq_table(r + 1, s->ntil, s->eqY);
        rot_table(r, s->ntil, s->eqY, bits, s->rotY);
        eq_of[s->ntil] = s->eqY;
        rot_of[s->ntil] = s->rotY;
    }
    swirl_free(eq_of);
    swirl_free(rot_of);
    swirl_free(bits);
    return rc;
}

static void free_pre(slice_pre *pre, size_t ns) {
    for (size_t i = 0; pre && i < ns; i++)
        if (pre[i].owner) { swirl_free(pre[i].eqY); swirl_free(pre[i].rotY); }
    swirl_free(pre);
}

/* cz / crot tables: the Z factors of slices [b, e) at every point Z_t = w2^t */
typedef struct {
    unsigned l;
    size_t D2;
    bb_t w2;
    ef_t r0;
    const slice_pre *pre;
    ef_t *cz, *crot;
} zf_job;

static void zf_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const zf_job *j = vp;
    for (size_t i = b; i < e; i++) {
        bb_t x = 1;
        for (size_t t = 0; t < j->D2; t++, x = bb_mul(x, j->w2))
            z_factors(j->l, &j->pre[i], ef_from_bb(x), j->r0, &j->cz[i * j->D2 + t], &j->crot[i * j->D2 + t]);
    }
}

static ef_t quad(ef_t e0, ef_t e1, ef_t e2, ef_t x) {
    ef_t d1 = ef_sub(e1, e0), d2 = ef_sub(e2, e1);
    ef_t a = ef_halve(ef_sub(d2, d1));
    ef_t b = ef_sub(d1, a);
    return ef_add(ef_mul(ef_add(ef_mul(a, x), b), x), e0);
}

typedef struct {
    unsigned l;
    size_t H, D2, nchunks, len, C, nw;
    const bb_t *const *stacked;
    const swirl_sr_slice *sl;
    const slice_pre *pre;
    const ef_t *cz, *crot, *L0;
    bb_t *Lw;       /* D2 x 2^l Lagrange weights */
    ef_t *wevals;   /* per worker: D2 (round 0) or 2 (rounds) partial sums */
    ef_t *wab;      /* per worker: a[2^l] | b[2^l], round 0's folded chunks of one slice */
    const size_t *widths, *col_base;
    ef_t *qt, *wt, uj, u0, r0;
} sr_job;

/* W table entries of slices [b, e): W[col][chunk0 + y] += a eqY[y] + b rotY[y] */
static void wtable_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const sr_job *j = vp;
    for (size_t i = b; i < e; i++) {
        const slice_pre *p = &j->pre[i];
        ef_t fa, fb;
        z_factors(j->l, p, j->u0, j->r0, &fa, &fb);
        ef_t *wcol = j->wt + (j->col_base[j->sl[i].commit] + j->sl[i].col) * j->nchunks;
        const size_t nch = (size_t)1 << p->ntil;
        const int rot = !ef_is_zero(fb);
        for (size_t yl = 0; yl < nch; yl++) {
            ef_t v = ef_mul(fa, p->eqY[yl]);
            if (rot) v = ef_add(v, ef_mul(fb, p->rotY[yl]));
            wcol[p->chunk0 + yl] = ef_add(wcol[p->chunk0 + yl], v);
        }
    }
}

static void r0_slices_body(void *vp, size_t b, size_t e, unsigned w) {
    const sr_job *j = vp;
    const size_t ch = (size_t)1 << j->l, D2 = j->D2;
    ef_t *a = j->wab + (size_t)w * 2 * ch, *bv = a + ch;
    ef_t *acc = j->wevals + (size_t)w * D2;
    SWIRL_VERIFY_CHECK(w < j->nw); /* wab has nw slots */
    for (size_t i = b; i < e; i++) {
        const slice_pre *s = &j->pre[i];
        const bb_t *col = j->stacked[j->sl[i].commit] + j->sl[i].col * j->H;
        const size_t nch = (size_t)1 << s->ntil;
        const int has_rot = s->n > 0 && !ef_is_zero(s->lam_k);
        SWIRL_VERIFY_CHECK((s->chunk0 + nch) * ch <= j->H); /* the slice lies inside its stacked column */
        for (size_t z = 0; z < ch; z++) { a[z] = ef_zero(); bv[z] = ef_zero(); }
        for (size_t yl = 0; yl < nch; yl++) {
            const bb_t *chunk = col + (s->chunk0 + yl) * ch;
            ef_t ey = s->eqY[yl];
            for (size_t z = 0; z < ch; z++) a[z] = ef_add(a[z], ef_mul_bb(ey, chunk[z]));
            if (has_rot) {
                ef_t ry = s->rotY[yl];
                for (size_t z = 0; z < ch; z++) bv[z] = ef_add(bv[z], ef_mul_bb(ry, chunk[z]));
            }
        }
        for (size_t t = 0; t < D2; t++) {
            const bb_t *L = j->Lw + t * ch;
            ef_t qa = ef_zero(), qb = ef_zero();
            for (size_t z = 0; z < ch; z++) qa = ef_add(qa, ef_mul_bb(a[z], L[z]));
            ef_t v = ef_mul(j->cz[i * D2 + t], qa);
            if (has_rot) {
                for (size_t z = 0; z < ch; z++) qb = ef_add(qb, ef_mul_bb(bv[z], L[z]));
                v = ef_add(v, ef_mul(j->crot[i * D2 + t], qb));
            }
            acc[t] = ef_add(acc[t], v);
        }
    }
}

/* q table of stacked columns [b, e) (global column index g) at Z = u0 */
static void table_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const sr_job *j = vp;
    const size_t ch = (size_t)1 << j->l;
    for (size_t g = b; g < e; g++) {
        size_t c = 0;
        while (c + 1 < j->C && j->col_base[c + 1] <= g) c++;
        const bb_t *col = j->stacked[c] + (g - j->col_base[c]) * j->H;
        ef_t *q = j->qt + g * j->nchunks;
        for (size_t y = 0; y < j->nchunks; y++) q[y] = ef_dot_bb(j->L0, col + y * ch, ch);
    }
}

static void round_body(void *vp, size_t b, size_t e, unsigned w) {
    const sr_job *j = vp;
    ef_t s1 = ef_zero(), s2 = ef_zero();
    for (size_t g = b; g < e; g++) {
        const ef_t *q = j->qt + g * j->nchunks, *wv = j->wt + g * j->nchunks;
        for (size_t y = 0; y < j->len / 2; y++) {
            ef_t q0 = q[2 * y], q1 = q[2 * y + 1], w0 = wv[2 * y], w1 = wv[2 * y + 1];
            s1 = ef_add(s1, ef_mul(q1, w1));
            s2 = ef_add(s2, ef_mul(ef_sub(ef_double(q1), q0), ef_sub(ef_double(w1), w0)));
        }
    }
    j->wevals[2 * (size_t)w] = ef_add(j->wevals[2 * (size_t)w], s1);
    j->wevals[2 * (size_t)w + 1] = ef_add(j->wevals[2 * (size_t)w + 1], s2);
}

static void fold_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const sr_job *j = vp;
    for (size_t g = b; g < e; g++) {
        ef_t *q = j->qt + g * j->nchunks, *wv = j->wt + g * j->nchunks;
        for (size_t y = 0; y < j->len / 2; y++) {
            q[y] = ef_add(q[2 * y], ef_mul(j->uj, ef_sub(q[2 * y + 1], q[2 * y])));
            wv[y] = ef_add(wv[2 * y], ef_mul(j->uj, ef_sub(wv[2 * y + 1], wv[2 * y])));
        }
    }
}

int swirl_sr_prove(const swirl_system_params *p, swirl_transcript *tr, const bb_t *const *stacked, const size_t *widths,
                   size_t C, const swirl_sr_slice *sl, size_t ns, const ef_t *r, size_t n_max, swirl_pool *pool,
                   swirl_stacking_proof *out, ef_t *u) {
    if (!p || !tr || !stacked || !widths || !sl || !r || !out || !u || p->l_skip > 10) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    const unsigned l = (unsigned)p->l_skip;
    const size_t n_stack = p->n_stack, H = (size_t)1 << (l + n_stack), ch = (size_t)1 << l, nchunks = H >> l;
    const size_t D2 = ch * 2, ncoef = 2 * (ch - 1) + 1;
    int rc = SWIRL_OK;
    ef_t lambda = swirl_tr_sample_ext(tr);
    slice_pre *pre = swirl_calloc(ns + 1, sizeof *pre);
    size_t W = 0;
    for (size_t c = 0; c < C; c++) W += widths[c];
    size_t *col_base = swirl_calloc(C + 1, sizeof *col_base);
    ef_t *evals = swirl_calloc(D2, sizeof *evals), *cz = swirl_calloc(D2 * (ns + 1), sizeof *cz), *crot = swirl_calloc(D2 * (ns + 1), sizeof *crot);
    ef_t *qt = swirl_malloc(W * nchunks * sizeof *qt + 16), *wt = swirl_calloc(W * nchunks + 1, sizeof *wt);
    out->univariate = swirl_calloc(ncoef, sizeof(ef_t));
    out->rounds = swirl_calloc(2 * n_stack + 1, sizeof(ef_t));
    out->widths = swirl_calloc(C + 1, sizeof(size_t));
    out->openings = swirl_calloc(W + 1, sizeof(ef_t));
    if (!pre || !col_base || !evals || !cz || !crot || !qt || !wt || !out->univariate || !out->rounds || !out->widths || !out->openings) {
        rc = SWIRL_ERR_OUT_OF_MEMORY;
        goto done;
    }
    if ((rc = precompute(sl, ns, l, lambda, r, n_max, pre)) != SWIRL_OK) goto done;
    out->num_univariate = ncoef;
    out->n_stack = n_stack;
    out->num_commits = C;
    for (size_t c = 0, acc = 0; c < C; c++) { out->widths[c] = widths[c]; col_base[c] = acc; acc += widths[c]; }
    /* ---- round 0: s_0 on the subgroup of size 2^(l+1) ----
     * s_0(Z_t) = sum_i sum_y q̂_i(Z_t, y) (cz_i(Z_t) eqY_i(y) + crot_i(Z_t) rotY_i(y)). q̂(., y) is the
     * low-degree extension of chunk y, which is linear in the chunk: so per slice we first fold the
     * chunks into a_i = sum_y eqY(y) chunk_y and b_i = sum_y rotY(y) chunk_y (2^l EF values each),
     * then extend a_i and b_i once. Slices in parallel; per-worker partial sums (exact in F). */
    bb_t w2 = bb_two_adic_generator(l + 1), wl = bb_two_adic_generator(l);
    {
        zf_job zj = {l, D2, w2, r[0], pre, cz, crot};
        swirl_pool_for(pool, ns, 16, zf_body, &zj);
    }
    sr_job job;
    memset(&job, 0, sizeof job);
    job.l = l;
    job.H = H;
    job.D2 = D2;
    job.nchunks = nchunks;
    job.stacked = stacked;
    job.sl = sl;
    job.pre = pre;
    job.cz = cz;
    job.crot = crot;
    job.nw = swirl_pool_size(pool);
    job.Lw = swirl_alloc_array(D2 * ch, sizeof *job.Lw);
    job.wevals = swirl_calloc((size_t)job.nw * D2, sizeof *job.wevals);
    job.wab = swirl_alloc_array((size_t)job.nw * 2, ch * sizeof *job.wab);
    if (!job.Lw || !job.wevals || !job.wab) {
        swirl_free(job.Lw); swirl_free(job.wevals); swirl_free(job.wab);
        rc = SWIRL_ERR_OUT_OF_MEMORY;
        goto done;
    }
    /* Lw[t][z] = Lagrange basis of the skip domain at Z_t (base field: Z_t is in the subgroup) */
    for (size_t t = 0; t < D2; t++)
        for (size_t z = 0; z < ch; z++) {
            ef_t v = swirl_eq_uni(l, ef_from_bb(bb_pow(w2, t)), ef_from_bb(bb_pow(wl, z)));
            job.Lw[t * ch + z] = v.c[0];
        }
    swirl_pool_for(pool, ns, 8, r0_slices_body, &job);
    for (unsigned w = 0; w < job.nw; w++)
        for (size_t t = 0; t < D2; t++) evals[t] = ef_add(evals[t], job.wevals[(size_t)w * D2 + t]);
    swirl_free(job.Lw);
    swirl_free(job.wevals);
    swirl_free(job.wab);
    job.Lw = NULL;
    job.wevals = NULL;
    job.wab = NULL;
    {
        /* interpolate: coefficients c_k = 2^-(l+1) sum_t evals[t] w2^(-t k) */
        bb_t wi = bb_inv(w2), scale = bb_inv_pow2(l + 1);
        for (size_t k = 0; k < ncoef; k++) {
            ef_t acc = ef_zero();
            bb_t step = bb_pow(wi, k), x = 1;
            for (size_t t = 0; t < D2; t++) { acc = ef_add(acc, ef_mul_bb(evals[t], x)); x = bb_mul(x, step); }
            out->univariate[k] = ef_mul_bb(acc, scale);
        }
    }
    for (size_t k = 0; k < ncoef; k++) swirl_tr_observe_ext(tr, out->univariate[k]);
    u[0] = swirl_tr_sample_ext(tr);
    /* ---- tables at Z = u0 (stacked columns in parallel) ---- */
    {
        ef_t *L0 = swirl_alloc_array(ch, sizeof *L0); /* 2^l Lagrange weights at u0 */
        if (!L0) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
        for (size_t z = 0; z < ch; z++) L0[z] = swirl_eq_uni(l, u[0], ef_from_bb(bb_pow(wl, z)));
        job.L0 = L0;
        job.C = C;
        job.widths = widths;
        job.col_base = col_base;
        job.qt = qt;
        swirl_pool_for(pool, W, 1, table_body, &job);
        /* W tables: every (stacked column, chunk) belongs to at most one slice, so slices write
         * disjoint entries and run in parallel */
        job.u0 = u[0];
        job.r0 = r[0];
        job.wt = wt;
        swirl_pool_for(pool, ns, 4, wtable_body, &job);
        swirl_free(L0);
        job.L0 = NULL;
    }
    /* ---- rounds 1..n_stack (columns in parallel) ---- */
    job.wt = wt;
    job.wevals = swirl_calloc((size_t)job.nw * 2, sizeof *job.wevals);
    if (!job.wevals) { rc = SWIRL_ERR_OUT_OF_MEMORY; goto done; }
    job.len = nchunks;
    for (size_t j = 1; j <= n_stack; j++) {
        memset(job.wevals, 0, (size_t)job.nw * 2 * sizeof *job.wevals);
        swirl_pool_for(pool, W, 1, round_body, &job);
        ef_t s1 = ef_zero(), s2 = ef_zero();
        for (unsigned w = 0; w < job.nw; w++) {
            s1 = ef_add(s1, job.wevals[2 * (size_t)w]);
            s2 = ef_add(s2, job.wevals[2 * (size_t)w + 1]);
        }
        out->rounds[2 * (j - 1)] = s1;
        out->rounds[2 * (j - 1) + 1] = s2;
        swirl_tr_observe_ext(tr, s1);
        swirl_tr_observe_ext(tr, s2);
        u[j] = swirl_tr_sample_ext(tr);
        job.uj = u[j];
        swirl_pool_for(pool, W, 1, fold_body, &job);
        job.len /= 2;
    }
    swirl_free(job.wevals);
    for (size_t g = 0; g < W; g++) {
        out->openings[g] = qt[g * nchunks];
        swirl_tr_observe_ext(tr, out->openings[g]);
    }
    SWIRL_VERIFY_CHECK(SWIRL_EF_CANONICAL(out->openings, W) && SWIRL_EF_CANONICAL(out->rounds, 2 * n_stack) &&
                       SWIRL_EF_CANONICAL(out->univariate, ncoef));
done:
    free_pre(pre, ns);
    swirl_free(col_base); swirl_free(evals); swirl_free(cz); swirl_free(crot); swirl_free(qt); swirl_free(wt);
    if (rc) swirl_stacking_proof_free(out);
    return rc;
}

#define SFAIL(code, ...) swirl_fail(err, SWIRL_ERR_VERIFY, (code), __VA_ARGS__)

int swirl_sr_verify(const swirl_system_params *p, swirl_transcript *tr, const size_t *widths, size_t C,
                    const swirl_sr_slice *sl, size_t ns, const ef_t *r, size_t n_max, const swirl_stacking_proof *pf,
                    ef_t *u, swirl_error *err) {
    if (!p || !tr || !widths || !sl || !r || !pf || !u || p->l_skip > 10) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "stacked reduction: bad arguments");
    const unsigned l = (unsigned)p->l_skip;
    const size_t n_stack = p->n_stack, ch = (size_t)1 << l, ncoef = 2 * (ch - 1) + 1;
    size_t W = 0;
    for (size_t c = 0; c < C; c++) W += widths[c];
    if (pf->num_univariate != ncoef || pf->n_stack != n_stack || pf->num_commits != C)
        return SFAIL(SWIRL_SR_ERR_SHAPE, "stacked reduction: proof shape does not match the parameters");
    for (size_t c = 0; c < C; c++)
        if (pf->widths[c] != widths[c]) return SFAIL(SWIRL_SR_ERR_SHAPE, "stacked reduction: commitment %zu has %zu openings, expected %zu", c, pf->widths[c], widths[c]);
    ef_t lambda = swirl_tr_sample_ext(tr);
    /* S0: |D| * sum_{k = 0 mod 2^l} b_k == sum_i lambda^(2i) (t_i + lambda t_i^rot) */
    ef_t lhs = ef_zero(), rhs = ef_zero(), lp = ef_one();
    for (size_t k = 0; k < ncoef; k += ch) lhs = ef_add(lhs, pf->univariate[k]);
    lhs = ef_mul_bb(lhs, (bb_t)ch);
    for (size_t i = 0; i < ns; i++) {
        rhs = ef_add(rhs, ef_mul(lp, ef_add(sl[i].claim, ef_mul(lambda, sl[i].claim_rot))));
        lp = ef_mul(ef_sqr(lambda), lp);
    }
    if (!ef_eq(lhs, rhs)) return SFAIL(SWIRL_SR_ERR_S0, "stacked reduction: round-0 sum does not match the claims (S0Mismatch)");
    for (size_t k = 0; k < ncoef; k++) swirl_tr_observe_ext(tr, pf->univariate[k]);
    u[0] = swirl_tr_sample_ext(tr);
    ef_t claim = ef_zero();
    for (size_t k = ncoef; k-- > 0;) claim = ef_add(ef_mul(claim, u[0]), pf->univariate[k]);
    for (size_t j = 1; j <= n_stack; j++) {
        ef_t e1 = pf->rounds[2 * (j - 1)], e2 = pf->rounds[2 * (j - 1) + 1];
        swirl_tr_observe_ext(tr, e1);
        swirl_tr_observe_ext(tr, e2);
        u[j] = swirl_tr_sample_ext(tr);
        claim = quad(ef_sub(claim, e1), e1, e2, u[j]);
    }
    for (size_t g = 0; g < W; g++) swirl_tr_observe_ext(tr, pf->openings[g]);
    /* final: claim == sum_slices opening(col) * W-term(u) */
    size_t *col_base = swirl_calloc(C + 1, sizeof *col_base);
    if (!col_base) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory");
    for (size_t c = 0, acc = 0; c < C; c++) { col_base[c] = acc; acc += widths[c]; }
    ef_t total = ef_zero();
    lp = ef_one();
    bb_t wl = bb_two_adic_generator(l);
    for (size_t i = 0; i < ns; i++) {
        const swirl_sr_slice *s = &sl[i];
        ef_t le = lp, lk = s->need_rot ? ef_mul(lp, lambda) : ef_zero();
        lp = ef_mul(lp, ef_sqr(lambda));
        size_t nt = s->n > 0 ? (size_t)s->n : 0;
        /* r has n_max + 1 entries and u has n_stack + 1: the verifier's slices come from traces
         * of height at most 2^(l + n_max) <= 2^(l + n_stack) */
        SWIRL_VERIFY_CHECK(nt <= n_max && nt <= n_stack);
        /* eq(u_{nt+1..n_stack}, b_s), b_s = bits of R_s >> (l + nt) */
        size_t b = s->row >> (l + nt);
        ef_t eb = ef_one();
        for (size_t j = nt + 1; j <= n_stack; j++) {
            ef_t uj = u[j];
            eb = ef_mul(eb, (b >> (j - nt - 1)) & 1 ? uj : ef_sub(ef_one(), uj));
        }
        ef_t in = swirl_in_n(l, s->n, u[0]), term;
        if (s->n >= 0) {
            ef_t E = ef_mul(swirl_eq_uni(l, u[0], r[0]), swirl_eq_ml(u + 1, r + 1, nt));
            ef_t K = swirl_kappa_rot(l, u, r, nt);
            term = ef_add(ef_mul(le, E), ef_mul(lk, K));
        } else {
            unsigned ls = (unsigned)((int)l + s->n);
            ef_t r0p = r[0];
            for (int q = 0; q < -s->n; q++) r0p = ef_sqr(r0p);
            ef_t E = swirl_eq_uni(ls, u[0], r0p);
            ef_t K = swirl_eq_uni(ls, u[0], ef_mul_bb(r0p, bb_two_adic_generator(ls)));
            term = ef_add(ef_mul(le, E), ef_mul(lk, K));
        }
        (void)wl;
        total = ef_add(total, ef_mul(pf->openings[col_base[s->commit] + s->col], ef_mul(eb, ef_mul(in, term))));
    }
    swirl_free(col_base);
    if (!ef_eq(total, claim)) return SFAIL(SWIRL_SR_ERR_FINAL_SUM, "stacked reduction: final sum mismatch (FinalSumMismatch)");
    return SWIRL_OK;
}
