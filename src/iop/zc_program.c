/* zc_program.c — from a trace to what the sumcheck rounds evaluate: the lifted columns, the DAG
 * over EF (portable evaluator), and the DAG compiled to a straight-line program over lifted
 * columns, shared by the round-0 paths (CPU and device) and the vectorised MLE rounds. */
#include <stdlib.h>
#include <string.h>
#include "field/field_constants.h"
#include "iop/zc_internal.h"
#include "util/bigalloc.h"
#include "util/check.h"

/* ---- lifted columns ------------------------------------------------------------------------- */

void swirl_zc_make_colmap(const swirl_air_vk *v, colmap *m) {
    /* part_width / part_base have MAXP slots; keygen and the vk decoder bound the parts by it */
    SWIRL_VERIFY_CHECK(zc_parts_ok(v));
    memset(m, 0, sizeof *m);
    m->has_prep = v->has_prep_width;
    m->num_cached = v->num_cached;
    m->nparts = 1 + (size_t)m->has_prep + v->num_cached;
    m->part_width[0] = v->common_width;
    if (m->has_prep) m->part_width[1] = v->prep_width;
    for (size_t c = 0; c < v->num_cached; c++) m->part_width[1 + (size_t)m->has_prep + c] = v->cached_widths[c];
    size_t b = 0;
    for (size_t p = 0; p < m->nparts; p++) { m->part_base[p] = b; b += 2 * m->part_width[p]; }
    m->sel = b;
    m->ncols = b + 3;
}

/* proof part of a DAG variable */
static size_t var_part(const colmap *m, const swirl_node *n) {
    if (n->entry == SW_ENTRY_PREP) return 1;
    if (n->part < m->num_cached) return 1 + (size_t)m->has_prep + n->part;
    return 0;
}

size_t swirl_zc_var_column(const colmap *m, const swirl_node *n) {
    return m->part_base[var_part(m, n)] + 2 * n->index + n->offset;
}

/* lifted column matrix (column-major, Hl = 2^(l+ñ) rows) of one trace. The row-major parts are
 * transposed in groups of LIFT_GROUP adjacent columns (one cache line of each source row per
 * group), groups in parallel. Rotations: vr[i] = v[(i + 1) mod Hl], which is row (i + 1) mod h
 * of the part because h divides Hl. */
#define LIFT_GROUP 16
typedef struct {
    const swirl_trace *parts[MAXP]; /* nparts <= MAXP: the colmap's contract (zc_parts_ok) */
    const colmap *m;
    size_t h, Hl, ngroups;
    size_t first_group[MAXP + 1];        /* first group index of each part */
    bb_t *M;
} lift_job;

static void lift_body(void *vp, size_t b, size_t e, unsigned w) {
    (void)w;
    const lift_job *j = vp;
    for (size_t g = b; g < e; g++) {
        size_t p = 0;
        while (j->first_group[p + 1] <= g) p++;
        const swirl_trace *src = j->parts[p];
        size_t c0 = (g - j->first_group[p]) * LIFT_GROUP, width = j->m->part_width[p];
        size_t cnt = width - c0 < LIFT_GROUP ? width - c0 : LIFT_GROUP;
        bb_t *dst[LIFT_GROUP]; /* cnt <= LIFT_GROUP by construction: a compile-time bound */
        SWIRL_VERIFY_CHECK(p < j->m->nparts && cnt <= LIFT_GROUP);
        for (size_t k = 0; k < cnt; k++) dst[k] = j->M + (j->m->part_base[p] + 2 * (c0 + k)) * j->Hl;
        for (size_t i = 0; i < j->Hl; i++) {
            const uint32_t *row = src->values + (i & (j->h - 1)) * src->width + c0;
            for (size_t k = 0; k < cnt; k++) dst[k][i] = row[k];
        }
        for (size_t k = 0; k < cnt; k++) {
            bb_t *v = dst[k], *vr = v + j->Hl;
            for (size_t i = 0; i + 1 < j->Hl; i++) vr[i] = v[i + 1];
            vr[j->Hl - 1] = v[0];
        }
    }
}

bb_t *swirl_zc_lift(const swirl_zc_trace *t, const colmap *m, unsigned l, size_t *Hl_out, swirl_pool *pool) {
    size_t h = (size_t)1 << t->log_height, Hl = h < ((size_t)1 << l) ? (size_t)1 << l : h;
    SWIRL_VERIFY_CHECK(m->nparts <= MAXP);
    if (m->ncols > SIZE_MAX / sizeof(bb_t) / Hl) return NULL; /* reported as out of memory */
    bb_t *M = swirl_big_alloc(m->ncols * Hl * sizeof *M, 0);
    if (!M) return NULL;
    lift_job j;
    memset(&j, 0, sizeof j);
    j.parts[0] = t->common;
    if (m->has_prep) j.parts[1] = t->prep;
    for (size_t c = 0; c < m->num_cached; c++) j.parts[1 + (size_t)m->has_prep + c] = &t->cached[c];
    j.m = m;
    j.h = h;
    j.Hl = Hl;
    j.M = M;
    size_t g = 0;
    for (size_t p = 0; p < m->nparts; p++) {
        j.first_group[p] = g;
        g += (m->part_width[p] + LIFT_GROUP - 1) / LIFT_GROUP;
    }
    for (size_t p = m->nparts; p <= MAXP; p++) j.first_group[p] = g;
    j.ngroups = g;
    swirl_pool_for(pool, g, 1, lift_body, &j);
    for (size_t i = 0; i < Hl; i++) {
        size_t row = i & (h - 1);
        M[m->sel * Hl + i] = row == 0;
        M[(m->sel + 1) * Hl + i] = row == h - 1;
        M[(m->sel + 2) * Hl + i] = row != h - 1;
    }
    /* stage boundary: the lifted columns are trace cells (checked < p by the prover's shape
     * check) and selector bits */
    SWIRL_VERIFY_CHECK(SWIRL_BB_CANONICAL(M, m->ncols * Hl));
    *Hl_out = Hl;
    return M;
}

/* ---- DAG evaluation over EF -------------------------------------------------------------------
 * vals: column values (EF) indexed by column id; outputs the lambda-batched constraint sum and
 * per-interaction numerator / denominator (h_beta without alpha). */
void swirl_zc_eval_dag(const swirl_air_vk *v, const colmap *m, const ef_t *cols, const uint32_t *pv, ef_t lambda,
                     ef_t beta, ef_t *scratch, ef_t *C, ef_t *num, ef_t *den) {
    const swirl_dag *d = &v->dag;
    for (size_t i = 0; i < d->num_nodes; i++) {
        const swirl_node *n = &d->nodes[i];
        ef_t x = ef_zero();
        switch (n->kind) {
        case SW_NODE_VAR:
            if (n->entry == SW_ENTRY_PUBLIC) x = ef_from_bb(pv[n->index]);
            else x = cols[swirl_zc_var_column(m, n)];
            break;
        case SW_NODE_FIRST: x = cols[m->sel]; break;
        case SW_NODE_LAST: x = cols[m->sel + 1]; break;
        case SW_NODE_TRANS: x = cols[m->sel + 2]; break;
        case SW_NODE_CONST: x = ef_from_bb(n->value); break;
        case SW_NODE_ADD: x = ef_add(scratch[n->left], scratch[n->right]); break;
        case SW_NODE_SUB: x = ef_sub(scratch[n->left], scratch[n->right]); break;
        case SW_NODE_NEG: x = ef_neg(scratch[n->left]); break;
        case SW_NODE_MUL: x = ef_mul(scratch[n->left], scratch[n->right]); break;
        }
        scratch[i] = x;
    }
    ef_t acc = ef_zero(), lp = ef_one();
    for (size_t k = 0; k < d->num_constraints; k++) {
        acc = ef_add(acc, ef_mul(lp, scratch[d->constraint_idx[k]]));
        lp = ef_mul(lp, lambda);
    }
    *C = acc;
    for (size_t i = 0; i < d->num_interactions; i++) {
        const swirl_dag_interaction *it = &d->interactions[i];
        num[i] = scratch[it->count];
        ef_t h = ef_zero(), bp = ef_one();
        for (size_t j = 0; j < it->message_len; j++) {
            h = ef_add(h, ef_mul(bp, scratch[it->message[j]]));
            bp = ef_mul(bp, beta);
        }
        den[i] = ef_add(h, ef_mul_bb(bp, (bb_t)it->bus + 1));
    }
}

/* ---- the compiled program ------------------------------------------------------------------ */

void swirl_zc_prog_free(zc_prog *g) {
    swirl_free(g->op); swirl_free(g->a0); swirl_free(g->a1); swirl_free(g->cn); swirl_free(g->cnt); swirl_free(g->off); swirl_free(g->msg); swirl_free(g->bus);
    swirl_free(g->cmont); swirl_free(g->ccol); swirl_free(g->ucols);
    memset(g, 0, sizeof *g);
}

int swirl_zc_prog_compile(const swirl_air_vk *v, const colmap *m, const uint32_t *public_values, zc_prog *g) {
    const swirl_dag *d = &v->dag;
    const size_t nn = d->num_nodes, ni = d->num_interactions;
    size_t nmsg = 0;
    for (size_t i = 0; i < ni; i++) nmsg += d->interactions[i].message_len;
    memset(g, 0, sizeof *g);
    g->op = swirl_malloc((nn + 1) * sizeof *g->op);
    g->a0 = swirl_malloc((nn + 1) * sizeof *g->a0);
    g->a1 = swirl_malloc((nn + 1) * sizeof *g->a1);
    g->cmont = swirl_malloc((nn + 1) * sizeof *g->cmont);
    g->ccol = swirl_malloc((nn + 1) * sizeof *g->ccol);
    g->ucols = swirl_malloc((m->ncols + 1) * sizeof *g->ucols);
    g->cn = swirl_malloc((d->num_constraints + 1) * sizeof *g->cn);
    g->cnt = swirl_malloc((ni + 1) * sizeof *g->cnt);
    g->off = swirl_malloc((ni + 1) * sizeof *g->off);
    g->msg = swirl_malloc((nmsg + 1) * sizeof *g->msg);
    g->bus = swirl_malloc((ni + 1) * sizeof *g->bus);
    if (!g->op || !g->a0 || !g->a1 || !g->cmont || !g->ccol || !g->ucols || !g->cn || !g->cnt || !g->off || !g->msg || !g->bus) {
        swirl_zc_prog_free(g);
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    uint32_t *op = g->op, *a0 = g->a0, *a1 = g->a1;
    for (size_t i = 0; i < nn; i++) {
        const swirl_node *n = &d->nodes[i];
        a0[i] = a1[i] = 0;
        switch (n->kind) {
        case SW_NODE_VAR:
            if (n->entry == SW_ENTRY_PUBLIC) { op[i] = SWIRL_ZC_OP_CONST; a0[i] = public_values[n->index]; }
            else { op[i] = SWIRL_ZC_OP_COL; a0[i] = (uint32_t)swirl_zc_var_column(m, n); }
            break;
        case SW_NODE_FIRST: op[i] = SWIRL_ZC_OP_COL; a0[i] = (uint32_t)m->sel; break;
        case SW_NODE_LAST: op[i] = SWIRL_ZC_OP_COL; a0[i] = (uint32_t)(m->sel + 1); break;
        case SW_NODE_TRANS: op[i] = SWIRL_ZC_OP_COL; a0[i] = (uint32_t)(m->sel + 2); break;
        case SW_NODE_CONST: op[i] = SWIRL_ZC_OP_CONST; a0[i] = n->value; break;
        case SW_NODE_ADD: op[i] = SWIRL_ZC_OP_ADD; a0[i] = (uint32_t)n->left; a1[i] = (uint32_t)n->right; break;
        case SW_NODE_SUB: op[i] = SWIRL_ZC_OP_SUB; a0[i] = (uint32_t)n->left; a1[i] = (uint32_t)n->right; break;
        case SW_NODE_NEG: op[i] = SWIRL_ZC_OP_NEG; a0[i] = (uint32_t)n->left; break;
        case SW_NODE_MUL: op[i] = SWIRL_ZC_OP_MUL; a0[i] = (uint32_t)n->left; a1[i] = (uint32_t)n->right; break;
        default: swirl_zc_prog_free(g); return SWIRL_ERR_INTERNAL;
        }
        g->cmont[i] = op[i] == SWIRL_ZC_OP_CONST ? bb_mul(a0[i], SWIRL_BB_MONTY_R) : 0;
    }
    /* compact numbering of the used columns, in column order */
    for (size_t c = 0; c < m->ncols; c++) g->ucols[c] = UINT32_MAX;
    for (size_t i = 0; i < nn; i++)
        if (op[i] == SWIRL_ZC_OP_COL) g->ucols[a0[i]] = 0;
    g->nu = 0;
    uint32_t *slot = g->ucols; /* reuse: slot[c] = compact index, then compacted list */
    uint32_t *list = swirl_malloc((m->ncols + 1) * sizeof *list);
    if (!list) { swirl_zc_prog_free(g); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t c = 0; c < m->ncols; c++)
        if (slot[c] != UINT32_MAX) { slot[c] = (uint32_t)g->nu; list[g->nu++] = (uint32_t)c; }
    for (size_t i = 0; i < nn; i++) g->ccol[i] = op[i] == SWIRL_ZC_OP_COL ? slot[a0[i]] : 0;
    swirl_free(g->ucols);
    g->ucols = list;
    for (size_t k = 0; k < d->num_constraints; k++) g->cn[k] = (uint32_t)d->constraint_idx[k];
    size_t o = 0;
    for (size_t i = 0; i < ni; i++) {
        const swirl_dag_interaction *it = &d->interactions[i];
        g->cnt[i] = (uint32_t)it->count;
        g->bus[i] = it->bus;
        g->off[i] = (uint32_t)o;
        for (size_t q = 0; q < it->message_len; q++) g->msg[o++] = (uint32_t)it->message[q];
    }
    g->off[ni] = (uint32_t)o;
    return SWIRL_OK;
}

/* AVX-512F present (checked at run time; the build needs no -march flag). SWIRL_NO_AVX512 in the
 * environment forces the portable path (tests compare the two). */
int swirl_zc_have_avx512(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    const char *off = getenv("SWIRL_NO_AVX512");
    if (off && *off && strcmp(off, "0")) return 0;
    return __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

int swirl_zc_extension_weights(const swirl_ntt_tables *tab, unsigned l, unsigned b, bb_t *w) {
    const size_t ch = (size_t)1 << l, E = ch << b;
    bb_t *id = swirl_calloc(ch * ch, sizeof *id);
    if (!id) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t z = 0; z < ch; z++) id[z * ch + z] = 1;
    int rc = swirl_idft_batch(tab, id, l, ch, ch, NULL);
    if (rc == SWIRL_OK) rc = swirl_rs_encode_batch(tab, id, ch, l, b, ch, w, E, NULL);
    swirl_free(id);
    return rc;
}

