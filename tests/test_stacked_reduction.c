/* test_stacked_reduction.c — the stacked opening reduction (conformance.md §4): honest claims of
 * traces above, at and below 2^l_skip (strided), with and without rotations, over two
 * commitments; the openings equal the stacked columns' PLEs at u; tampering the univariate
 * round, a sumcheck round, an opening or a claim is rejected with the specific error. */
#include <string.h>
#include "field/babybear.h"
#include "iop/sr_ops.h"
#include "iop/stacked_reduction.h"
#include "pcs/stacked.h"
#include "poly/eq.h"
#include "swirl.h"
#include "test_util.h"
#include "transcript/transcript.h"

static ef_t rnd(void) { return ef_make(t_rand_bb(), t_rand_bb(), t_rand_bb(), t_rand_bb()); }

/* claim of a column f of height 2^(l+n) at r (lifted for n < 0) */
static ef_t claim_of(const bb_t *f, size_t h, unsigned l, int n, const ef_t *r) {
    ef_t acc = ef_zero();
    if (n >= 0) {
        bb_t w = bb_two_adic_generator(l);
        for (size_t i = 0; i < h; i++) {
            ef_t e = swirl_eq_uni(l, r[0], ef_from_bb(bb_pow(w, i & ((1u << l) - 1))));
            for (int j = 0; j < n; j++) e = ef_mul(e, ((i >> l) >> j) & 1 ? r[1 + j] : ef_sub(ef_one(), r[1 + j]));
            acc = ef_add(acc, ef_mul_bb(e, f[i]));
        }
    } else {
        unsigned ls = (unsigned)((int)l + n);
        ef_t r0 = r[0];
        for (int q = 0; q < -n; q++) r0 = ef_sqr(r0);
        bb_t w = bb_two_adic_generator(ls);
        for (size_t i = 0; i < h; i++) acc = ef_add(acc, ef_mul_bb(swirl_eq_uni(ls, r0, ef_from_bb(bb_pow(w, i))), f[i]));
    }
    return acc;
}

static void run(unsigned l, size_t n_stack) {
    swirl_system_params p;
    memset(&p, 0, sizeof p);
    p.l_skip = l; p.n_stack = n_stack; p.log_blowup = 1; p.w_stack = 64; p.whir.k = 1; p.whir.num_rounds = 1; p.max_constraint_degree = 3;
    /* commitment 0: heights 2^(l+2), 2^l, 2^(l-1), 2^(l-2) (n = 2, 0, -1, -2, clamped at height 1);
     * commitment 1: height 2^(l+1) (n = 1) */
    size_t hs[5] = {(size_t)1 << (l + 2), (size_t)1 << l, l >= 1 ? (size_t)1 << (l - 1) : 1, l >= 2 ? (size_t)1 << (l - 2) : 1,
                    (size_t)1 << (l + 1)}, ws[5] = {2, 1, 2, 1, 3};
    int rot[5] = {1, 0, 1, 0, 1};
    swirl_trace tr[5];
    for (int i = 0; i < 5; i++) {
        tr[i].height = hs[i]; tr[i].width = ws[i];
        tr[i].values = malloc(hs[i] * ws[i] * 4);
        for (size_t k = 0; k < hs[i] * ws[i]; k++) tr[i].values[k] = t_rand_bb();
    }
    const swirl_trace *c0[] = {&tr[0], &tr[1], &tr[2], &tr[3]}, *c1[] = {&tr[4]};
    swirl_stacked_pcs_data *d0, *d1;
    CHECK(swirl_stacked_commit(&p, c0, 4, NULL, &d0) == SWIRL_OK);
    CHECK(swirl_stacked_commit(&p, c1, 1, NULL, &d1) == SWIRL_OK);
    ef_t r[3];
    for (int i = 0; i < 3; i++) r[i] = rnd();
    swirl_sr_slice sl[16];
    size_t ns = 0;
    const swirl_stacked_pcs_data *ds[2] = {d0, d1};
    for (int c = 0; c < 2; c++) {
        const swirl_stacked_layout *L = &ds[c]->layout;
        for (size_t s = 0; s < L->num_slices; s++) {
            const swirl_stacked_slice *x = &L->slices[s];
            int ti = c == 0 ? (int)x->matrix : 4;
            const swirl_trace *t = &tr[ti];
            bb_t *col = malloc(t->height * 4), *colr = malloc(t->height * 4);
            for (size_t i = 0; i < t->height; i++) col[i] = t->values[i * t->width + x->column];
            for (size_t i = 0; i < t->height; i++) colr[i] = col[(i + 1) % t->height];
            swirl_sr_slice *o = &sl[ns++];
            o->commit = (size_t)c; o->col = x->col_idx; o->row = x->row_idx;
            o->n = (int)x->log_height - (int)l;
            o->need_rot = rot[ti];
            o->claim = claim_of(col, t->height, l, o->n, r);
            o->claim_rot = rot[ti] ? claim_of(colr, t->height, l, o->n, r) : ef_zero();
            free(col); free(colr);
        }
    }
    const bb_t *stacked[2] = {d0->stacked, d1->stacked};
    size_t widths[2] = {d0->layout.width, d1->layout.width};
    swirl_transcript tp, tv;
    swirl_tr_init(&tp);
    swirl_tr_observe(&tp, 5);
    tv = tp;
    swirl_stacking_proof pf;
    ef_t up[8], uv[8];
    CHECK(swirl_sr_prove(&p, &tp, stacked, widths, 2, sl, ns, r, 2, NULL, &pf, up) == SWIRL_OK);
    swirl_error e = {0};
    swirl_transcript t2 = tv;
    CHECK_MSG(swirl_sr_verify(&p, &t2, widths, 2, sl, ns, r, 2, &pf, uv, &e) == SWIRL_OK, "%s", e.message);
    CHECK(!memcmp(up, uv, (n_stack + 1) * sizeof(ef_t)));
    CHECK(!memcmp(&tp, &t2, sizeof tp));
    /* openings are the stacked columns' PLEs at u */
    {
        size_t H = (size_t)1 << (l + n_stack), g = 0;
        int ok = 1;
        for (int c = 0; c < 2; c++)
            for (size_t k = 0; k < widths[c]; k++, g++) ok &= ef_eq(pf.openings[g], claim_of(stacked[c] + k * H, H, l, (int)n_stack, uv));
        CHECK_MSG(ok, "openings equal the stacked PLEs at u");
    }
    /* tampering */
    struct { ef_t *v; int want; const char *what; } tam[] = {
        {&pf.univariate[0], SWIRL_SR_ERR_S0, "univariate coefficient 0"},
        {&pf.univariate[(size_t)1 << l], SWIRL_SR_ERR_S0, "univariate coefficient 2^l"},
        {&pf.univariate[1], l ? SWIRL_SR_ERR_FINAL_SUM : SWIRL_SR_ERR_S0, "univariate coefficient 1"},
        {&pf.rounds[0], SWIRL_SR_ERR_FINAL_SUM, "round 1 s(1)"},
        {&pf.rounds[2 * n_stack - 1], SWIRL_SR_ERR_FINAL_SUM, "last round s(2)"},
        {&pf.openings[widths[0] + widths[1] - 1], SWIRL_SR_ERR_FINAL_SUM, "an opening"},
        {&sl[3].claim, SWIRL_SR_ERR_S0, "a claim"},
        {&sl[0].claim_rot, SWIRL_SR_ERR_S0, "a rotation claim"},
    };
    for (size_t i = 0; i < sizeof tam / sizeof *tam; i++) {
        *tam[i].v = ef_add(*tam[i].v, ef_one());
        t2 = tv;
        int rc = swirl_sr_verify(&p, &t2, widths, 2, sl, ns, r, 2, &pf, uv, &e);
        CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == tam[i].want, "l=%u n_stack=%zu tamper %s: rc %d detail %d (widths %zu %zu, slices %zu)", l, n_stack, tam[i].what, rc, e.detail, widths[0], widths[1], ns);
        *tam[i].v = ef_sub(*tam[i].v, ef_one());
    }
    t2 = tv;
    CHECK(swirl_sr_verify(&p, &t2, widths, 2, sl, ns, r, 2, &pf, uv, &e) == SWIRL_OK);
    swirl_stacking_proof_free(&pf);
    swirl_stacked_pcs_data_free(d0);
    swirl_stacked_pcs_data_free(d1);
    for (int i = 0; i < 5; i++) free(tr[i].values);
}

/* The prover's y tables against their definition: eqY[y] = eq(bits(y), r), rotY[y] =
 * rot(bits(y), r) - eqY[y] with swirl_rot_ml (the tables use rot's predecessor identity). */
static void y_tables(void) {
    ef_t r[12], eqY[1 << 10], rotY[1 << 10], bits[10];
    for (size_t nt = 0; nt <= 10; nt++) {
        for (size_t i = 0; i <= nt; i++) r[i] = rnd();
        swirl_sr_y_tables(r, nt, eqY, rotY);
        int ok = 1;
        for (size_t y = 0; y < ((size_t)1 << nt); y++) {
            for (size_t j = 0; j < nt; j++) bits[j] = (y >> j) & 1 ? ef_one() : ef_zero();
            ok &= ef_eq(eqY[y], swirl_eq_ml(bits, r + 1, nt));
            ok &= ef_eq(rotY[y], ef_sub(swirl_rot_ml(bits, r + 1, nt), eqY[y]));
        }
        CHECK_MSG(ok, "y tables nt=%zu", nt);
    }
}

int main(void) {
    y_tables();
    run(2, 3);
    run(3, 2);
    run(1, 4);
    run(4, 3);
    return t_summary("test_stacked_reduction");
}
