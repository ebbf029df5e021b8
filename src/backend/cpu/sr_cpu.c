/* sr_cpu.c — the CPU backend's stacked-reduction operations (iop/sr_ops.h), on the host stacked
 * matrices, split over the context's pool.
 *
 * W_{c,k}(Z, Y) is evaluated through per-slice factors that separate Z from Y:
 *   n >= 0: E = eq_l(Z, r0) * eqY[y_low],  K = eq_l(Z, w r0) * eqY + eq_l(Z, 1) eq_l(w r0, 1) (rotY - eqY)
 *   n <  0: E = eq_ls(Z, r0'),             K = eq_ls(Z, w' r0')          (ls = l + n, r0' = r0^(2^-n))
 * times in_n(Z), and the chunk indicator eq(Y_high, b_s). Round 0 folds each slice's chunks with
 * its Y-factors before the low-degree extension (the extension is linear), so its cost is
 * O(stacked cells) base-by-extension products. Field addition is exact: the per-worker split
 * never changes a sum. */
#include <string.h>
#include "iop/sr_ops.h"
#include "poly/eq.h"
#include "util/alloc.h"

struct swirl_sr_ws {
    swirl_pool *pool;
    swirl_sr_shape shape;
    unsigned nworkers;
    size_t H, ch, nchunks, D2;
    size_t *col_base;   /* first global column of each commitment */
    size_t *table_of;   /* per slice: offset of its ñ's eqY / rotY tables in ytab */
    unsigned char *fills; /* per slice: 1 for the first slice of its ñ (it fills the tables) */
    ef_t *ytab;         /* per distinct ñ: eqY (2^ñ) then rotY - eqY (2^ñ) */
    ef_t *lam_e, *lam_k;
    ef_t *qt, *wt;      /* W x nchunks each */
    bb_t *Lw;           /* D2 x ch Lagrange weights of the skip domain at w_{l+1}^t */
    ef_t *L0;           /* ch Lagrange weights at u_0 */
    swirl_sr_zf *zf;    /* (l + n_stack + 1) x D2 factors by n + l and t */
    ef_t *wevals;       /* per worker: D2 partial sums */
    ef_t u0, r0, uj;
    size_t len;
};

static size_t ntil_of(const swirl_sr_slice *s) { return s->n > 0 ? (size_t)s->n : 0; }

static void cpu_destroy(swirl_sr_ws *ws) {
    if (!ws) return;
    swirl_free(ws->col_base);
    swirl_free(ws->table_of);
    swirl_free(ws->fills);
    swirl_free(ws->ytab);
    swirl_free(ws->lam_e);
    swirl_free(ws->lam_k);
    swirl_free(ws->qt);
    swirl_free(ws->wt);
    swirl_free(ws->Lw);
    swirl_free(ws->L0);
    swirl_free(ws->zf);
    swirl_free(ws->wevals);
    swirl_free(ws);
}

/* Offsets of the eqY / rotY tables: one pair per distinct ñ, in order of first use. */
static size_t layout_ytables(swirl_sr_ws *ws, size_t *first_of_ntil) {
    const swirl_sr_shape *s = &ws->shape;
    size_t total = 0;
    for (size_t nt = 0; nt <= s->n_stack; nt++) first_of_ntil[nt] = SIZE_MAX;
    for (size_t i = 0; i < s->num_slices; i++) {
        const size_t nt = ntil_of(&s->slices[i]);
        ws->fills[i] = first_of_ntil[nt] == SIZE_MAX;
        if (ws->fills[i]) {
            first_of_ntil[nt] = total;
            total += (size_t)2 << nt;
        }
        ws->table_of[i] = first_of_ntil[nt];
    }
    return total;
}

static int cpu_create(void *backend, const swirl_sr_shape *shape, swirl_sr_ws **out) {
    *out = NULL;
    swirl_sr_ws *ws = swirl_calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->pool = backend;
    ws->shape = *shape;
    ws->nworkers = swirl_pool_size(ws->pool);
    ws->ch = (size_t)1 << shape->l;
    ws->H = (size_t)1 << (shape->l + shape->n_stack);
    ws->nchunks = ws->H >> shape->l;
    ws->D2 = 2 * ws->ch;
    const size_t ns = shape->num_slices, W = shape->total_width;
    for (size_t i = 0; i < ns; i++)
        if (shape->slices[i].n > (int)shape->n_stack || shape->slices[i].n < -(int)shape->l) {
            swirl_free(ws);
            return SWIRL_ERR_INVALID_ARG;
        }
    size_t *first_of_ntil = swirl_alloc_array(shape->n_stack + 1, sizeof(size_t));
    ws->col_base = swirl_alloc_array(shape->num_commits + 1, sizeof(size_t));
    ws->table_of = swirl_alloc_array(ns + 1, sizeof(size_t));
    ws->fills = swirl_alloc_array(ns + 1, 1);
    ws->lam_e = swirl_alloc_array(ns + 1, sizeof(ef_t));
    ws->lam_k = swirl_alloc_array(ns + 1, sizeof(ef_t));
    ws->Lw = swirl_alloc_array(ws->D2 * ws->ch, sizeof(bb_t));
    ws->L0 = swirl_alloc_array(ws->ch, sizeof(ef_t));
    ws->zf = swirl_alloc_array((shape->l + shape->n_stack + 1) * ws->D2, sizeof(swirl_sr_zf));
    /* per worker: D2 partial sums, then 2 ch of round-0 scratch */
    ws->wevals = swirl_alloc_array((size_t)ws->nworkers * (ws->D2 + 2 * ws->ch), sizeof(ef_t));
    ws->qt = swirl_big_alloc_at(W * ws->nchunks * sizeof(ef_t) + 16, 0, SWIRL_SITE);
    ws->wt = swirl_big_alloc_at(W * ws->nchunks * sizeof(ef_t) + 16, 1, SWIRL_SITE);
    int rc = SWIRL_OK;
    if (!first_of_ntil || !ws->col_base || !ws->table_of || !ws->fills || !ws->lam_e || !ws->lam_k || !ws->Lw || !ws->L0 || !ws->zf ||
        !ws->wevals || !ws->qt || !ws->wt)
        rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) {
        ws->ytab = swirl_alloc_array(layout_ytables(ws, first_of_ntil) + 1, sizeof(ef_t));
        if (!ws->ytab) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    swirl_free(first_of_ntil);
    if (rc) {
        cpu_destroy(ws);
        return rc;
    }
    for (size_t c = 0, acc = 0; c < shape->num_commits; c++) {
        ws->col_base[c] = acc;
        acc += shape->widths[c];
    }
    *out = ws;
    return SWIRL_OK;
}

/* ---- shared host math --------------------------------------------------------------------------- */

swirl_sr_zf swirl_sr_z_factors(unsigned l, int n, ef_t Z, ef_t r0) {
    swirl_sr_zf f;
    const ef_t in = swirl_in_n(l, n, Z);
    if (n >= 0) {
        const ef_t wr0 = ef_mul_bb(r0, bb_two_adic_generator(l));
        f.e = ef_mul(in, swirl_eq_uni(l, Z, r0));
        f.k1 = ef_mul(in, swirl_eq_uni(l, Z, wr0));
        f.k2 = n > 0 ? ef_mul(in, ef_mul(swirl_eq_uni_one(l, Z), swirl_eq_uni_one(l, wr0))) : ef_zero();
        return f;
    }
    const unsigned ls = (unsigned)((int)l + n);
    ef_t r0p = r0;
    for (int i = 0; i < -n; i++) r0p = ef_sqr(r0p);
    f.e = ef_mul(in, swirl_eq_uni(ls, Z, r0p));
    f.k1 = ef_mul(in, swirl_eq_uni(ls, Z, ef_mul_bb(r0p, bb_two_adic_generator(ls))));
    f.k2 = ef_zero();
    return f;
}

void swirl_sr_slice_lambdas(const swirl_sr_slice *sl, size_t ns, ef_t lambda, ef_t *lam_e, ef_t *lam_k) {
    ef_t lp = ef_one();
    for (size_t i = 0; i < ns; i++) {
        lam_e[i] = lp;
        lp = ef_mul(lp, lambda);
        lam_k[i] = sl[i].need_rot ? lp : ef_zero();
        lp = ef_mul(lp, lambda);
    }
}

/* rotY[y] = rot(bits(y), r) - eqY[y]. On a Boolean first argument the rotation polynomial is the
 * predecessor's indicator: unrolling swirl_rot_ml, rot(a, b) = 1 exactly when b = a - 1 mod 2^nt
 * (a and b agree above some bit k, a_k = 1, b_k = 0, a = 0 and b = 1 below k; the empty k = nt
 * term is a = 0, b = all ones), so rot(bits(y), r) = eq(bits(y - 1 mod 2^nt), r) =
 * eqY[(y - 1) mod 2^nt], an exact identity of field values: O(2^nt) subtractions in place of
 * O(2^nt nt) products (290 ms at nt = 16 for the many-AIR workload's tallest trace). */
void swirl_sr_y_tables(const ef_t *r, size_t nt, ef_t *eqY, ef_t *rotY) {
    const size_t sz = (size_t)1 << nt;
    swirl_eq_table(r + 1, nt, eqY);
    for (size_t y = 0; y < sz; y++) rotY[y] = ef_sub(eqY[(y - 1) & (sz - 1)], eqY[y]);
}

/* ---- round 0 ------------------------------------------------------------------------------------ */

typedef struct {
    swirl_sr_ws *ws;
    const ef_t *r;
} ytab_job;

static void ytab_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const ytab_job *j = vp;
    swirl_sr_ws *ws = j->ws;
    for (size_t i = b; i < e; i++) {
        if (!ws->fills[i]) continue; /* the first slice of each ñ fills its tables */
        const size_t nt = ntil_of(&ws->shape.slices[i]);
        ef_t *eqY = ws->ytab + ws->table_of[i];
        swirl_sr_y_tables(j->r, nt, eqY, eqY + ((size_t)1 << nt));
    }
}

/* s_0(Z_t) = sum_i [c_eq_i(t) <a_i, L_t> + c_rot_i(t) <b_i, L_t>] with a_i = sum_y eqY(y) chunk_y,
 * b_i = sum_y rotY(y) chunk_y (2^l EF values each, folded before the extension). */
static void r0_slices_body(void *vp, size_t b, size_t e, unsigned w) {
    swirl_sr_ws *ws = vp;
    const size_t ch = ws->ch, D2 = ws->D2;
    const unsigned l = ws->shape.l;
    ef_t *acc = ws->wevals + (size_t)w * D2;
    ef_t *a = ws->wevals + (size_t)ws->nworkers * D2; /* scratch after the partial sums: 2 ch per worker */
    a += (size_t)w * 2 * ch;
    ef_t *bv = a + ch;
    for (size_t i = b; i < e; i++) {
        const swirl_sr_slice *sl = &ws->shape.slices[i];
        const bb_t *col = ws->shape.host_stacked[sl->commit] + sl->col * ws->H;
        const size_t nt = ntil_of(sl), nch = (size_t)1 << nt, chunk0 = sl->row >> l;
        const ef_t *eqY = ws->ytab + ws->table_of[i];
        const ef_t *rotY = eqY + nch;
        const int has_rot = sl->n > 0 && !ef_is_zero(ws->lam_k[i]);
        for (size_t z = 0; z < ch; z++) {
            a[z] = ef_zero();
            bv[z] = ef_zero();
        }
        for (size_t yl = 0; yl < nch; yl++) {
            const bb_t *chunk = col + (chunk0 + yl) * ch;
            for (size_t z = 0; z < ch; z++) a[z] = ef_add(a[z], ef_mul_bb(eqY[yl], chunk[z]));
            if (has_rot)
                for (size_t z = 0; z < ch; z++) bv[z] = ef_add(bv[z], ef_mul_bb(rotY[yl], chunk[z]));
        }
        const swirl_sr_zf *zf = ws->zf + (size_t)(sl->n + (int)l) * D2;
        for (size_t t = 0; t < D2; t++) {
            const bb_t *L = ws->Lw + t * ch;
            ef_t qa = ef_zero();
            for (size_t z = 0; z < ch; z++) qa = ef_add(qa, ef_mul_bb(a[z], L[z]));
            const ef_t c_eq = ef_add(ef_mul(ws->lam_e[i], zf[t].e), ef_mul(ws->lam_k[i], zf[t].k1));
            ef_t v = ef_mul(c_eq, qa);
            if (has_rot) {
                ef_t qb = ef_zero();
                for (size_t z = 0; z < ch; z++) qb = ef_add(qb, ef_mul_bb(bv[z], L[z]));
                v = ef_add(v, ef_mul(ef_mul(ws->lam_k[i], zf[t].k2), qb));
            }
            acc[t] = ef_add(acc[t], v);
        }
    }
}

static int cpu_round0(swirl_sr_ws *ws, ef_t lambda, const ef_t *r, ef_t *evals) {
    const swirl_sr_shape *s = &ws->shape;
    const unsigned l = s->l;
    const size_t ch = ws->ch, D2 = ws->D2, ns = s->num_slices;
    swirl_sr_slice_lambdas(s->slices, ns, lambda, ws->lam_e, ws->lam_k);
    ytab_job yj = {ws, r};
    swirl_pool_for(ws->pool, ns, 1, ytab_body, &yj);
    const bb_t w2 = bb_two_adic_generator(l + 1), wl = bb_two_adic_generator(l);
    /* the Z factors by n at every Z_t = w2^t, and the Lagrange weights of the skip domain there
     * (base field: Z_t lies in the subgroup) */
    for (size_t t = 0; t < D2; t++) {
        const ef_t Zt = ef_from_bb(bb_pow(w2, t));
        for (int n = -(int)l; n <= (int)s->n_stack; n++) ws->zf[(size_t)(n + (int)l) * D2 + t] = swirl_sr_z_factors(l, n, Zt, r[0]);
        for (size_t z = 0; z < ch; z++) ws->Lw[t * ch + z] = swirl_eq_uni(l, Zt, ef_from_bb(bb_pow(wl, z))).c[0];
    }
    memset(ws->wevals, 0, (size_t)ws->nworkers * D2 * sizeof(ef_t));
    swirl_pool_for(ws->pool, ns, 8, r0_slices_body, ws);
    for (size_t t = 0; t < D2; t++) evals[t] = ef_zero();
    for (unsigned w = 0; w < ws->nworkers; w++)
        for (size_t t = 0; t < D2; t++) evals[t] = ef_add(evals[t], ws->wevals[(size_t)w * D2 + t]);
    return SWIRL_OK;
}

/* ---- tables at Z = u0 --------------------------------------------------------------------------- */

/* q table of stacked columns [b, e) (global column index g) */
static void table_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const swirl_sr_ws *ws = vp;
    const swirl_sr_shape *s = &ws->shape;
    for (size_t g = b; g < e; g++) {
        size_t c = 0;
        while (c + 1 < s->num_commits && ws->col_base[c + 1] <= g) c++;
        const bb_t *col = s->host_stacked[c] + (g - ws->col_base[c]) * ws->H;
        ef_t *q = ws->qt + g * ws->nchunks;
        for (size_t y = 0; y < ws->nchunks; y++) q[y] = ef_dot_bb(ws->L0, col + y * ws->ch, ws->ch);
    }
}

/* W entries of slices [b, e): W[col][chunk0 + y] += fa eqY[y] + fb rotY[y]; every (stacked
 * column, chunk) belongs to at most one slice, so slices write disjoint entries */
static void wtable_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const swirl_sr_ws *ws = vp;
    const swirl_sr_shape *s = &ws->shape;
    for (size_t i = b; i < e; i++) {
        const swirl_sr_slice *sl = &s->slices[i];
        const swirl_sr_zf f = swirl_sr_z_factors(s->l, sl->n, ws->u0, ws->r0);
        const ef_t fa = ef_add(ef_mul(ws->lam_e[i], f.e), ef_mul(ws->lam_k[i], f.k1));
        const ef_t fb = ef_mul(ws->lam_k[i], f.k2);
        ef_t *wcol = ws->wt + (ws->col_base[sl->commit] + sl->col) * ws->nchunks;
        const size_t nch = (size_t)1 << ntil_of(sl), chunk0 = sl->row >> s->l;
        const ef_t *eqY = ws->ytab + ws->table_of[i];
        const ef_t *rotY = eqY + nch;
        const int rot = !ef_is_zero(fb);
        for (size_t yl = 0; yl < nch; yl++) {
            ef_t v = ef_mul(fa, eqY[yl]);
            if (rot) v = ef_add(v, ef_mul(fb, rotY[yl]));
            wcol[chunk0 + yl] = ef_add(wcol[chunk0 + yl], v);
        }
    }
}

static int cpu_tables(swirl_sr_ws *ws, ef_t u0, ef_t r0) {
    const bb_t wl = bb_two_adic_generator(ws->shape.l);
    for (size_t z = 0; z < ws->ch; z++) ws->L0[z] = swirl_eq_uni(ws->shape.l, u0, ef_from_bb(bb_pow(wl, z)));
    ws->u0 = u0;
    ws->r0 = r0;
    swirl_pool_for(ws->pool, ws->shape.total_width, 1, table_body, ws);
    swirl_pool_for(ws->pool, ws->shape.num_slices, 4, wtable_body, ws);
    return SWIRL_OK;
}

/* ---- rounds ------------------------------------------------------------------------------------- */

static void round_body(void *vp, size_t b, size_t e, unsigned w) {
    swirl_sr_ws *ws = vp;
    ef_t s1 = ef_zero();
    ef_t s2 = ef_zero();
    for (size_t g = b; g < e; g++) {
        const ef_t *q = ws->qt + g * ws->nchunks, *wv = ws->wt + g * ws->nchunks;
        for (size_t y = 0; y < ws->len / 2; y++) {
            ef_t q0 = q[2 * y], q1 = q[2 * y + 1], w0 = wv[2 * y], w1 = wv[2 * y + 1];
            s1 = ef_add(s1, ef_mul(q1, w1));
            s2 = ef_add(s2, ef_mul(ef_sub(ef_double(q1), q0), ef_sub(ef_double(w1), w0)));
        }
    }
    ws->wevals[2 * (size_t)w] = ef_add(ws->wevals[2 * (size_t)w], s1);
    ws->wevals[2 * (size_t)w + 1] = ef_add(ws->wevals[2 * (size_t)w + 1], s2);
}

static int cpu_round(swirl_sr_ws *ws, size_t len, ef_t *s1, ef_t *s2) {
    ws->len = len;
    memset(ws->wevals, 0, (size_t)ws->nworkers * 2 * sizeof(ef_t));
    swirl_pool_for(ws->pool, ws->shape.total_width, 1, round_body, ws);
    ef_t a = ef_zero();
    ef_t b = ef_zero();
    for (unsigned w = 0; w < ws->nworkers; w++) {
        a = ef_add(a, ws->wevals[2 * (size_t)w]);
        b = ef_add(b, ws->wevals[2 * (size_t)w + 1]);
    }
    *s1 = a;
    *s2 = b;
    return SWIRL_OK;
}

/* in place per column: entry y is written after entries 2y, 2y+1 were read (y ascending) */
static void fold_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const swirl_sr_ws *ws = vp;
    for (size_t g = b; g < e; g++) {
        ef_t *q = ws->qt + g * ws->nchunks, *wv = ws->wt + g * ws->nchunks;
        for (size_t y = 0; y < ws->len / 2; y++) {
            q[y] = ef_add(q[2 * y], ef_mul(ws->uj, ef_sub(q[2 * y + 1], q[2 * y])));
            wv[y] = ef_add(wv[2 * y], ef_mul(ws->uj, ef_sub(wv[2 * y + 1], wv[2 * y])));
        }
    }
}

static int cpu_fold(swirl_sr_ws *ws, size_t len, ef_t u) {
    ws->len = len;
    ws->uj = u;
    swirl_pool_for(ws->pool, ws->shape.total_width, 1, fold_body, ws);
    return SWIRL_OK;
}

static int cpu_openings(swirl_sr_ws *ws, ef_t *out) {
    for (size_t g = 0; g < ws->shape.total_width; g++) out[g] = ws->qt[g * ws->nchunks];
    return SWIRL_OK;
}

static const swirl_sr_ops cpu_sr_ops = {cpu_create, cpu_destroy, cpu_round0, cpu_tables, cpu_round, cpu_fold, cpu_openings};

const swirl_sr_ops *swirl_sr_cpu_ops(void) { return &cpu_sr_ops; }
