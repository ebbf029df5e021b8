/* zc_prog_cuda.c — the compiled programs of the CUDA batch constraint sumcheck (zc_prog_cuda.h):
 * the slot program (round 0: nodes in DAG order, slots by a linear scan), the level program (the
 * multilinear rounds: instructions sorted by level), their epilogue tables and the sites of
 * public values, uploaded to the device. */
#include <string.h>
#include "backend/cuda/cuda_zc.h"
#include "backend/cuda/zc_prog_cuda.h"
#include "field/field_constants.h"
#include "util/alloc.h"

void swirl_cuda_zc_prog_release(swirl_cuda_dev *dev, void *payload) {
    zc_dev_prog *pr = payload;
    if (!pr) return;
    swirl_cuda_release(dev, pr->d_code);
    swirl_cuda_release(dev, pr->d_tabs);
    swirl_cuda_release(dev, pr->d_lcode);
    swirl_cuda_release(dev, pr->d_ucols);
    swirl_free(pr->ucols);
    swirl_cuda_pub_sites_free(&pr->pub);
    swirl_free(pr);
}

static int is_public(const swirl_dag *dag, size_t i) {
    return dag->nodes[i].kind == SW_NODE_VAR && dag->nodes[i].entry == SW_ENTRY_PUBLIC;
}

int swirl_cuda_pub_sites_alloc(const swirl_dag *dag, unsigned programs, pub_sites *ps) {
    size_t npub = 0;
    for (size_t i = 0; i < dag->num_nodes; i++) npub += (size_t)is_public(dag, i);
    memset(ps, 0, sizeof *ps);
    ps->word = swirl_alloc_array(programs * npub + 1, sizeof *ps->word);
    ps->index = swirl_alloc_array(programs * npub + 1, sizeof *ps->index);
    ps->now = swirl_alloc_array(programs * npub + 1, sizeof *ps->now);
    return ps->word && ps->index && ps->now ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
}

void swirl_cuda_pub_sites_free(pub_sites *ps) {
    swirl_free(ps->word);
    swirl_free(ps->index);
    swirl_free(ps->now);
    memset(ps, 0, sizeof *ps);
}

void swirl_cuda_pub_sites_add(pub_sites *ps, uint32_t word, uint32_t index, uint32_t now) {
    ps->word[ps->n] = word;
    ps->index[ps->n] = index;
    ps->now[ps->n] = now;
    ps->n++;
}

int swirl_cuda_pub_sites_patch(swirl_cuda_dev *dev, pub_sites *ps, const uint32_t *public_values, int montgomery,
                               uint32_t *base, uint32_t *level_base) {
    for (size_t k = 0; k < ps->n; k++) {
        const uint32_t pv = public_values[ps->index[k]];
        const uint32_t v = montgomery ? bb_mul(pv, SWIRL_BB_MONTY_R) : pv;
        if (v == ps->now[k]) continue;
        const uint32_t w = ps->word[k];
        uint32_t *dst = ((w & ZC_PUB_LEVEL) ? level_base : base) + (w & ~ZC_PUB_LEVEL);
        int rc = swirl_cuda_write_async(dev, dst, &v, sizeof v);
        if (rc) return rc;
        ps->now[k] = v;
    }
    return SWIRL_OK;
}

/* A public-value CONST of node i at program word `word` (the sites array has room: each public
 * node is emitted at most once per program). */
static void pub_record(pub_sites *ps, const zc_prog *g, const swirl_dag *dag, size_t i, uint32_t word) {
    if (!ps || g->op[i] != SWIRL_ZC_OP_CONST || !is_public(dag, i)) return;
    swirl_cuda_pub_sites_add(ps, word, (uint32_t)dag->nodes[i].index, g->cmont[i]);
}

/* The slot program of a compiled DAG: nodes nobody reads (and no output) are dropped; a node's
 * slot is freed after its last reader, outputs (constraints, counts, messages) live to the end.
 * code: 4 words per instruction; slot_of: per node. Returns the slot count in *nslots. */
static int slot_program(const zc_prog *g, const swirl_dag *dag, uint32_t *code, uint32_t *ninstr, uint32_t *slot_of,
                        uint32_t *nslots, pub_sites *ps) {
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
        pub_record(ps, g, dag, i, (uint32_t)(4 * n + 2));
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

static int level_program(const zc_prog *g, const swirl_dag *dag, level_prog *out, uint32_t *slot_of, pub_sites *ps) {
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
                pub_record(ps, g, dag, i, (4 * k + 2) | ZC_PUB_LEVEL);
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

/* The level program of the MLE rounds, uploaded with its epilogue slots: code | lv | cacc_off |
 * cacc | cnt | moff | msg. */
static int upload_level_program(swirl_cuda_dev *dev, zc_dev_prog *pr, const zc_prog *g, const swirl_dag *dag, uint32_t *slot) {
    level_prog lp;
    memset(&lp, 0, sizeof lp);
    int rc = level_program(g, dag, &lp, slot, &pr->pub);
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
        pr->lninstr = lp.ninstr;
        pr->lnslots = lp.nslots;
        pr->nlevels = lp.nlevels;
        pr->lncacc = lp.ncacc;
        pr->device_bytes += o * sizeof *all + 16;
        rc = swirl_cuda_alloc(dev, (void **)&pr->d_lcode, o * sizeof *all + 16);
        if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, pr->d_lcode, all, o * sizeof *all);
    }
    swirl_free(all);
    swirl_free(lp.buf);
    return rc;
}

/* The slot program and its epilogue tables on the device. */
static int upload_slot_program(swirl_cuda_dev *dev, zc_dev_prog *pr, const zc_prog *g, const swirl_dag *dag, uint32_t *slot) {
    const size_t nn = dag->num_nodes, ni = dag->num_interactions, nmsg = g->off[ni];
    uint32_t *code = swirl_alloc_array(4 * (nn + dag->num_constraints + 1), sizeof *code);
    uint32_t *tabs = swirl_alloc_array(2 * ni + 1 + nmsg + 1, sizeof *tabs);
    int rc = code && tabs ? slot_program(g, dag, code, &pr->ninstr, slot, &pr->nslots, &pr->pub) : SWIRL_ERR_OUT_OF_MEMORY;
    size_t o = 0;
    if (rc == SWIRL_OK) {
        for (size_t i = 0; i < ni; i++) tabs[o++] = slot[g->cnt[i]];
        for (size_t i = 0; i <= ni; i++) tabs[o++] = g->off[i];
        for (size_t q = 0; q < nmsg; q++) tabs[o++] = slot[g->msg[q]];
        pr->ncons = (uint32_t)dag->num_constraints;
        pr->ni = (uint32_t)ni;
        pr->nmsg = (uint32_t)nmsg;
        pr->maxlen = 0;
        for (size_t i = 0; i < ni; i++)
            if (g->off[i + 1] - g->off[i] > pr->maxlen) pr->maxlen = g->off[i + 1] - g->off[i];
        pr->device_bytes += 4 * (size_t)pr->ninstr * sizeof *code + 16 + o * sizeof *tabs + 4 + (g->nu + 1) * sizeof *g->ucols;
        rc = swirl_cuda_alloc(dev, (void **)&pr->d_code, 4 * (size_t)pr->ninstr * sizeof *code + 16);
    }
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, pr->d_code, code, 4 * (size_t)pr->ninstr * sizeof *code);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(dev, (void **)&pr->d_tabs, o * sizeof *tabs + 4);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, pr->d_tabs, tabs, o * sizeof *tabs);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(dev, (void **)&pr->d_ucols, (g->nu + 1) * sizeof *g->ucols);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, pr->d_ucols, g->ucols, g->nu * sizeof *g->ucols);
    swirl_free(code);
    swirl_free(tabs); /* write_async staged them */
    return rc;
}

/* Compile trace t's AIR into both programs (public values from this proof) and upload them. */
int swirl_cuda_zc_prog_build(swirl_cuda_dev *dev, const swirl_zc_trace *tr, const colmap *m, zc_dev_prog **out) {
    const swirl_dag *dag = &tr->vk->dag;
    *out = NULL;
    /* site words carry ZC_PUB_LEVEL in bit 31: programs of fewer than 2^29 instructions */
    if (dag->num_nodes + dag->num_constraints >= ((size_t)1 << 29)) return SWIRL_ERR_INVALID_ARG;
    zc_dev_prog *pr = swirl_calloc(1, sizeof *pr);
    uint32_t *slot = swirl_alloc_array(dag->num_nodes + 1, sizeof *slot);
    zc_prog g;
    memset(&g, 0, sizeof g);
    int rc = pr && slot ? swirl_cuda_pub_sites_alloc(dag, 2, &pr->pub) : SWIRL_ERR_OUT_OF_MEMORY;
    if (rc == SWIRL_OK) rc = swirl_zc_prog_compile(tr->vk, m, tr->public_values, &g);
    if (rc == SWIRL_OK) {
        pr->nu = g.nu;
        pr->ucols = swirl_alloc_array(g.nu + 1, sizeof *pr->ucols);
        if (!pr->ucols) rc = SWIRL_ERR_OUT_OF_MEMORY;
        else memcpy(pr->ucols, g.ucols, g.nu * sizeof *g.ucols);
    }
    if (rc == SWIRL_OK) rc = upload_slot_program(dev, pr, &g, dag, slot);
    if (rc == SWIRL_OK) rc = upload_level_program(dev, pr, &g, dag, slot);
    swirl_zc_prog_free(&g);
    swirl_free(slot);
    if (rc) {
        swirl_cuda_zc_prog_release(dev, pr);
        return rc;
    }
    *out = pr;
    return SWIRL_OK;
}

/* A cached program's public-value operands set to this proof's values (Montgomery CONSTs). */
int swirl_cuda_zc_prog_patch(swirl_cuda_dev *dev, zc_dev_prog *pr, const uint32_t *public_values) {
    return swirl_cuda_pub_sites_patch(dev, &pr->pub, public_values, 1, pr->d_code, pr->d_lcode);
}
