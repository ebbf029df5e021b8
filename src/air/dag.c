/* dag.c — the symbolic constraint DAG (iop.md §1.5), built exactly as the reference's
 * SymbolicDagBuilder: post-order traversal (left child first), simplification rules in the
 * reference's order, and interning of structurally identical nodes (degree_multiple included).
 * constraint_idx is sorted ascending and deduplicated; interactions are added after all
 * constraints (message fields in order, then the count). The reference's pointer-identity memo
 * is a cache only (re-adding an expression re-derives the same indices), mirrored here by a
 * per-arena-node memo. */
#include <stdlib.h>
#include <string.h>
#include "air/air_internal.h"
#include "util/alloc.h"

typedef struct {
    swirl_dag *dag;
    size_t cap;
    uint32_t *table; /* open addressing: node index + 1, 0 = empty */
    size_t tcap;
    uint32_t *memo;  /* arena node -> dag index + 1 */
    int oom;
} builder;

static uint64_t node_hash(const swirl_node *n) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n->kind;
    uint64_t parts[6];
    size_t np = 0;
    switch (n->kind) {
    case SW_NODE_VAR: parts[np++] = n->entry; parts[np++] = n->part; parts[np++] = n->offset; parts[np++] = n->index; break;
    case SW_NODE_CONST: parts[np++] = n->value; break;
    case SW_NODE_ADD: case SW_NODE_SUB: case SW_NODE_MUL: parts[np++] = n->left; parts[np++] = n->right; parts[np++] = n->degree; break;
    case SW_NODE_NEG: parts[np++] = n->left; parts[np++] = n->degree; break;
    default: break;
    }
    for (size_t i = 0; i < np; i++) {
        h ^= parts[i] + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdull;
    }
    return h ^ (h >> 33);
}

static int node_eq(const swirl_node *a, const swirl_node *b) {
    if (a->kind != b->kind) return 0;
    switch (a->kind) {
    case SW_NODE_VAR: return a->entry == b->entry && a->part == b->part && a->offset == b->offset && a->index == b->index;
    case SW_NODE_CONST: return a->value == b->value;
    case SW_NODE_ADD: case SW_NODE_SUB: case SW_NODE_MUL:
        return a->left == b->left && a->right == b->right && a->degree == b->degree;
    case SW_NODE_NEG: return a->left == b->left && a->degree == b->degree;
    default: return 1;
    }
}

static int grow_table(builder *b) {
    size_t nc = b->tcap ? b->tcap * 2 : 1024;
    uint32_t *t = swirl_calloc(nc, sizeof *t);
    if (!t) return 0;
    for (size_t i = 0; i < b->tcap; i++) {
        if (!b->table[i]) continue;
        size_t h = node_hash(&b->dag->nodes[b->table[i] - 1]) & (nc - 1);
        while (t[h]) h = (h + 1) & (nc - 1);
        t[h] = b->table[i];
    }
    swirl_free(b->table);
    b->table = t;
    b->tcap = nc;
    return 1;
}

static uint32_t intern(builder *b, swirl_node n) {
    if (b->oom) return 0;
    /* canonical: clear fields that are not part of this kind's identity */
    swirl_node c;
    memset(&c, 0, sizeof c);
    c.kind = n.kind;
    switch (n.kind) {
    case SW_NODE_VAR: c.entry = n.entry; c.part = n.part; c.offset = n.offset; c.index = n.index; c.degree = n.degree; break;
    case SW_NODE_CONST: c.value = n.value; break;
    case SW_NODE_ADD: case SW_NODE_SUB: case SW_NODE_MUL: c.left = n.left; c.right = n.right; c.degree = n.degree; break;
    case SW_NODE_NEG: c.left = n.left; c.degree = n.degree; break;
    default: c.degree = 1; break;
    }
    if ((b->dag->num_nodes + 1) * 2 > b->tcap && !grow_table(b)) { b->oom = 1; return 0; }
    size_t h = node_hash(&c) & (b->tcap - 1);
    while (b->table[h]) {
        if (node_eq(&b->dag->nodes[b->table[h] - 1], &c)) return b->table[h] - 1;
        h = (h + 1) & (b->tcap - 1);
    }
    if (b->dag->num_nodes == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 256;
        swirl_node *nn = swirl_realloc(b->dag->nodes, nc * sizeof *nn);
        if (!nn) { b->oom = 1; return 0; }
        b->dag->nodes = nn;
        b->cap = nc;
    }
    uint32_t idx = (uint32_t)b->dag->num_nodes++;
    b->dag->nodes[idx] = c;
    b->table[h] = idx + 1;
    return idx;
}

static int is_const(const builder *b, uint32_t i, bb_t v) {
    const swirl_node *n = &b->dag->nodes[i];
    return n->kind == SW_NODE_CONST && n->value == v;
}

/* Iterative post-order over the arena (deep expression chains would overflow a recursive C
 * stack: keccakf's folded limbs nest ~64 levels, user AIRs may nest far deeper). */
static uint32_t add_expr(builder *b, const swirl_air *air, swirl_expr root, uint32_t common_part) {
    size_t cap = 64, sp = 0;
    uint32_t *stack = swirl_malloc(cap * sizeof *stack);
    if (!stack) { b->oom = 1; return 0; }
    stack[sp++] = (uint32_t)root;
    while (sp && !b->oom) {
        uint32_t e = stack[sp - 1];
        if (b->memo[e]) { sp--; continue; }
        const swirl_node *n = &air->nodes[e];
        int binary = n->kind == SW_NODE_ADD || n->kind == SW_NODE_SUB || n->kind == SW_NODE_MUL;
        int unary = n->kind == SW_NODE_NEG;
        /* push children not yet done: right first so that left is processed first */
        if ((binary || unary) && (!b->memo[n->left] || (binary && !b->memo[n->right]))) {
            if (sp + 2 > cap) {
                cap *= 2;
                uint32_t *ns = swirl_realloc(stack, cap * sizeof *ns);
                if (!ns) { b->oom = 1; break; }
                stack = ns;
            }
            if (binary && !b->memo[n->right]) stack[sp++] = n->right;
            if (!b->memo[n->left]) stack[sp++] = n->left;
            continue;
        }
        sp--;
        uint32_t r;
        swirl_node m;
        memset(&m, 0, sizeof m);
        if (n->kind == SW_NODE_VAR) {
            m = *n;
            m.part = (n->entry == SW_ENTRY_MAIN && n->common) ? common_part : n->part;
            m.common = 0;
            if (n->entry != SW_ENTRY_MAIN) m.part = 0;
            r = intern(b, m);
        } else if (n->kind == SW_NODE_FIRST || n->kind == SW_NODE_LAST || n->kind == SW_NODE_TRANS || n->kind == SW_NODE_CONST) {
            m.kind = n->kind;
            m.value = n->value;
            r = intern(b, m);
        } else if (unary) {
            uint32_t c = b->memo[n->left] - 1;
            const swirl_node *cn = &b->dag->nodes[c];
            if (cn->kind == SW_NODE_CONST) { m.kind = SW_NODE_CONST; m.value = bb_neg(cn->value); }
            else { m.kind = SW_NODE_NEG; m.left = c; m.degree = n->degree; }
            r = intern(b, m);
        } else {
            uint32_t L = b->memo[n->left] - 1, R = b->memo[n->right] - 1;
            const swirl_node *ln = &b->dag->nodes[L], *rn = &b->dag->nodes[R];
            int lc = ln->kind == SW_NODE_CONST, rc = rn->kind == SW_NODE_CONST;
            if (n->kind == SW_NODE_ADD) {
                if (lc && rc) { m.kind = SW_NODE_CONST; m.value = bb_add(ln->value, rn->value); r = intern(b, m); }
                else if (is_const(b, L, 0)) r = R;
                else if (is_const(b, R, 0)) r = L;
                else if (rn->kind == SW_NODE_NEG) { m.kind = SW_NODE_SUB; m.left = L; m.right = rn->left; m.degree = n->degree; r = intern(b, m); }
                else { m.kind = SW_NODE_ADD; m.left = L; m.right = R; m.degree = n->degree; r = intern(b, m); }
            } else if (n->kind == SW_NODE_SUB) {
                if (lc && rc) { m.kind = SW_NODE_CONST; m.value = bb_sub(ln->value, rn->value); r = intern(b, m); }
                else if (is_const(b, R, 0)) r = L;
                else if (rn->kind == SW_NODE_NEG) { m.kind = SW_NODE_ADD; m.left = L; m.right = rn->left; m.degree = n->degree; r = intern(b, m); }
                else { m.kind = SW_NODE_SUB; m.left = L; m.right = R; m.degree = n->degree; r = intern(b, m); }
            } else {
                if (lc && rc) { m.kind = SW_NODE_CONST; m.value = bb_mul(ln->value, rn->value); r = intern(b, m); }
                else if (is_const(b, L, 0) || is_const(b, R, 1)) r = L;
                else if (is_const(b, R, 0) || is_const(b, L, 1)) r = R;
                else { m.kind = SW_NODE_MUL; m.left = L; m.right = R; m.degree = n->degree; r = intern(b, m); }
            }
        }
        if (b->oom) break;
        b->memo[e] = r + 1;
    }
    swirl_free(stack);
    return b->oom ? 0 : b->memo[root] - 1;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

void swirl_dag_free(swirl_dag *d) {
    if (!d) return;
    swirl_free(d->nodes);
    swirl_free(d->constraint_idx);
    for (size_t i = 0; i < d->num_interactions; i++) swirl_free(d->interactions[i].message);
    swirl_free(d->interactions);
    memset(d, 0, sizeof *d);
}

int swirl_dag_build(const swirl_air *air, swirl_dag *out) {
    memset(out, 0, sizeof *out);
    builder b;
    memset(&b, 0, sizeof b);
    b.dag = out;
    b.memo = swirl_calloc(air->num_nodes + 1, sizeof *b.memo);
    out->constraint_idx = swirl_malloc((air->num_constraints + 1) * sizeof *out->constraint_idx);
    out->interactions = swirl_calloc(air->num_interactions + 1, sizeof *out->interactions);
    if (!b.memo || !out->constraint_idx || !out->interactions) b.oom = 1;
    uint32_t common_part = (uint32_t)air->num_cached;
    uint32_t maxdeg = 0;
    for (size_t i = 0; i < air->num_constraints && !b.oom; i++) {
        out->constraint_idx[i] = add_expr(&b, air, air->constraints[i], common_part);
        if (air->nodes[air->constraints[i]].degree > maxdeg) maxdeg = air->nodes[air->constraints[i]].degree;
    }
    if (!b.oom) {
        qsort(out->constraint_idx, air->num_constraints, sizeof *out->constraint_idx, cmp_u32);
        size_t u = 0;
        for (size_t i = 0; i < air->num_constraints; i++)
            if (i == 0 || out->constraint_idx[i] != out->constraint_idx[u - 1]) out->constraint_idx[u++] = out->constraint_idx[i];
        out->num_constraints = u;
    }
    for (size_t i = 0; i < air->num_interactions && !b.oom; i++) {
        const swirl_interaction_def *d = &air->interactions[i];
        swirl_dag_interaction *o = &out->interactions[i];
        o->message = swirl_malloc((d->message_len + 1) * sizeof *o->message);
        if (!o->message) { b.oom = 1; break; }
        for (size_t j = 0; j < d->message_len; j++) {
            o->message[j] = add_expr(&b, air, d->message[j], common_part);
            if (air->nodes[d->message[j]].degree > maxdeg) maxdeg = air->nodes[d->message[j]].degree;
        }
        o->message_len = d->message_len;
        o->count = add_expr(&b, air, d->count, common_part);
        if (air->nodes[d->count].degree > maxdeg) maxdeg = air->nodes[d->count].degree;
        o->bus = d->bus;
        o->count_weight = d->count_weight;
        out->num_interactions = i + 1;
    }
    swirl_free(b.memo);
    swirl_free(b.table);
    if (b.oom) { swirl_dag_free(out); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t i = 0; i < out->num_nodes; i++)
        if (out->nodes[i].kind == SW_NODE_VAR && out->nodes[i].offset == 1) out->need_rot = 1;
    out->max_degree = maxdeg;
    return SWIRL_OK;
}
