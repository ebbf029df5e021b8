/* builder.c — the public AIR builder (include/swirl.h, "AIR definition").
 *
 * Every builder call appends to the AIR's expression arena; nothing is folded or shared here
 * (the reference's SymbolicExpression operators build plain trees), so the DAG built later
 * reproduces the reference's node order. Errors are sticky: the first one is kept with its
 * message and reported by swirl_air_status and keygen. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "air/air_internal.h"
#include "util/alloc.h"

static void air_error(swirl_air *a, int status, const char *fmt, ...) {
    if (a->status) return;
    a->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->errmsg, sizeof a->errmsg, fmt, ap);
    va_end(ap);
}

swirl_air *swirl_air_new(const char *name) {
    swirl_air *a = swirl_calloc(1, sizeof *a);
    if (!a) return NULL;
    const char *n = name ? name : "air";
    a->name = swirl_malloc(strlen(n) + 1);
    if (!a->name) { swirl_free(a); return NULL; }
    memcpy(a->name, n, strlen(n) + 1);
    return a;
}

void swirl_air_free(swirl_air *a) {
    if (!a) return;
    swirl_free(a->name);
    swirl_free(a->prep.values);
    swirl_free(a->cached_widths);
    swirl_free(a->nodes);
    swirl_free(a->constraints);
    for (size_t i = 0; i < a->num_interactions; i++) swirl_free(a->interactions[i].message);
    swirl_free(a->interactions);
    swirl_free(a);
}

const char *swirl_air_name(const swirl_air *a) { return a ? a->name : ""; }

int swirl_air_status(const swirl_air *a, swirl_error *err) {
    if (!a) {
        if (err) { err->status = SWIRL_ERR_INVALID_ARG; err->detail = 0; snprintf(err->message, sizeof err->message, "AIR is NULL"); }
        return SWIRL_ERR_INVALID_ARG;
    }
    if (err) {
        err->status = a->status;
        err->detail = 0;
        snprintf(err->message, sizeof err->message, "%s%s%s", a->name, a->status ? ": " : "", a->status ? a->errmsg : "");
    }
    return a->status;
}

/* Widths above the limit are rejected here so that no product of keygen, the prover or the
 * codecs (width * rotations, height * width * 4, ...) can overflow later. */
static int width_ok(swirl_air *a, const char *what, size_t width) {
    if (width <= SWIRL_MAX_AIR_WIDTH) return 1;
    air_error(a, SWIRL_ERR_AIR, "%s width %zu exceeds swirl's limit of %zu columns (SWIRL_MAX_AIR_WIDTH)", what, width,
              SWIRL_MAX_AIR_WIDTH);
    return 0;
}

int swirl_air_set_preprocessed(swirl_air *a, const swirl_trace *t) {
    if (!a) return SWIRL_ERR_INVALID_ARG;
    if (!t || !t->values || t->width == 0 || t->height == 0 || (t->height & (t->height - 1))) {
        air_error(a, SWIRL_ERR_TRACE, "preprocessed trace must be non-empty with a power-of-two height");
        return SWIRL_ERR_TRACE;
    }
    if (!width_ok(a, "preprocessed", t->width)) return SWIRL_ERR_AIR;
    if (t->height > SIZE_MAX / sizeof(uint32_t) / t->width) {
        air_error(a, SWIRL_ERR_TRACE, "preprocessed trace of %zu x %zu values does not fit in memory", t->height, t->width);
        return SWIRL_ERR_TRACE;
    }
    size_t n = t->height * t->width;
    uint32_t *v = swirl_alloc_array(n, sizeof *v);
    if (!v) { air_error(a, SWIRL_ERR_OUT_OF_MEMORY, "out of memory"); return SWIRL_ERR_OUT_OF_MEMORY; }
    for (size_t i = 0; i < n; i++) {
        if (t->values[i] >= SWIRL_P) {
            swirl_free(v);
            air_error(a, SWIRL_ERR_FIELD_RANGE, "preprocessed value %u at %zu is not < p", t->values[i], i);
            return SWIRL_ERR_FIELD_RANGE;
        }
        v[i] = t->values[i];
    }
    swirl_free(a->prep.values);
    a->prep.values = v;
    a->prep.height = t->height;
    a->prep.width = t->width;
    a->has_prep = 1;
    return SWIRL_OK;
}

int swirl_air_add_cached_main(swirl_air *a, size_t width) {
    if (!a) return -SWIRL_ERR_INVALID_ARG;
    if (width == 0) { air_error(a, SWIRL_ERR_AIR, "cached main partition of width 0"); return -SWIRL_ERR_AIR; }
    if (!width_ok(a, "cached main", width)) return -SWIRL_ERR_AIR;
    if (a->num_cached >= 0x7fffffff) { air_error(a, SWIRL_ERR_AIR, "too many cached main partitions"); return -SWIRL_ERR_AIR; }
    size_t *w = swirl_realloc(a->cached_widths, (a->num_cached + 1) * sizeof *w);
    if (!w) { air_error(a, SWIRL_ERR_OUT_OF_MEMORY, "out of memory"); return -SWIRL_ERR_OUT_OF_MEMORY; }
    a->cached_widths = w;
    w[a->num_cached] = width;
    return (int)a->num_cached++;
}

int swirl_air_set_common_main(swirl_air *a, size_t width) {
    if (!a) return SWIRL_ERR_INVALID_ARG;
    if (!width_ok(a, "common main", width)) return SWIRL_ERR_AIR;
    a->common_width = width;
    return SWIRL_OK;
}

int swirl_air_set_num_public_values(swirl_air *a, size_t n) {
    if (!a) return SWIRL_ERR_INVALID_ARG;
    if (n > SWIRL_MAX_PUBLIC_VALUES) {
        air_error(a, SWIRL_ERR_AIR, "%zu public values exceed swirl's limit of %zu (SWIRL_MAX_PUBLIC_VALUES)", n,
                  SWIRL_MAX_PUBLIC_VALUES);
        return SWIRL_ERR_AIR;
    }
    a->num_public_values = n;
    return SWIRL_OK;
}

int swirl_air_set_required(swirl_air *a, int required) {
    if (!a) return SWIRL_ERR_INVALID_ARG;
    a->required = required ? 1 : 0;
    return SWIRL_OK;
}

static swirl_expr push(swirl_air *a, swirl_node n) {
    if (a->num_nodes == a->cap_nodes) {
        size_t nc = a->cap_nodes ? a->cap_nodes * 2 : 64;
        swirl_node *nn = swirl_realloc(a->nodes, nc * sizeof *nn);
        if (!nn) { air_error(a, SWIRL_ERR_OUT_OF_MEMORY, "out of memory"); return SWIRL_EXPR_INVALID; }
        a->nodes = nn;
        a->cap_nodes = nc;
    }
    if (a->num_nodes >= 0x7fffffff) { air_error(a, SWIRL_ERR_AIR, "too many expressions"); return SWIRL_EXPR_INVALID; }
    a->nodes[a->num_nodes] = n;
    return (swirl_expr)a->num_nodes++;
}

static int valid(swirl_air *a, swirl_expr x) {
    if (x < 0 || (size_t)x >= a->num_nodes) {
        air_error(a, SWIRL_ERR_INVALID_ARG, "invalid expression handle %d", (int)x);
        return 0;
    }
    return 1;
}

swirl_expr swirl_air_main(swirl_air *a, int part, size_t col, int next) {
    if (!a) return SWIRL_EXPR_INVALID;
    if (next != 0 && next != 1) { air_error(a, SWIRL_ERR_AIR, "rotation offset %d (only 0 and 1 are supported)", next); return SWIRL_EXPR_INVALID; }
    swirl_node n;
    memset(&n, 0, sizeof n);
    n.kind = SW_NODE_VAR;
    n.entry = SW_ENTRY_MAIN;
    n.offset = (uint8_t)next;
    n.index = (uint32_t)col;
    n.degree = 1;
    if (part == SWIRL_PART_COMMON) {
        n.common = 1;
        if (col >= a->common_width) { air_error(a, SWIRL_ERR_AIR, "common main column %zu >= width %zu", col, a->common_width); return SWIRL_EXPR_INVALID; }
    } else {
        if (part < 0 || (size_t)part >= a->num_cached) { air_error(a, SWIRL_ERR_AIR, "unknown cached main partition %d", part); return SWIRL_EXPR_INVALID; }
        if (col >= a->cached_widths[part]) { air_error(a, SWIRL_ERR_AIR, "cached main %d column %zu out of range", part, col); return SWIRL_EXPR_INVALID; }
        n.part = (uint32_t)part;
    }
    return push(a, n);
}

swirl_expr swirl_air_prep(swirl_air *a, size_t col, int next) {
    if (!a) return SWIRL_EXPR_INVALID;
    if (next != 0 && next != 1) { air_error(a, SWIRL_ERR_AIR, "rotation offset %d (only 0 and 1 are supported)", next); return SWIRL_EXPR_INVALID; }
    if (!a->has_prep || col >= a->prep.width) { air_error(a, SWIRL_ERR_AIR, "preprocessed column %zu does not exist", col); return SWIRL_EXPR_INVALID; }
    swirl_node n;
    memset(&n, 0, sizeof n);
    n.kind = SW_NODE_VAR;
    n.entry = SW_ENTRY_PREP;
    n.offset = (uint8_t)next;
    n.index = (uint32_t)col;
    n.degree = 1;
    return push(a, n);
}

swirl_expr swirl_air_public(swirl_air *a, size_t idx) {
    if (!a) return SWIRL_EXPR_INVALID;
    if (idx >= a->num_public_values) { air_error(a, SWIRL_ERR_AIR, "public value %zu >= %zu", idx, a->num_public_values); return SWIRL_EXPR_INVALID; }
    swirl_node n;
    memset(&n, 0, sizeof n);
    n.kind = SW_NODE_VAR;
    n.entry = SW_ENTRY_PUBLIC;
    n.index = (uint32_t)idx;
    n.degree = 0;
    return push(a, n);
}

static swirl_expr leaf(swirl_air *a, uint8_t kind, uint32_t degree) {
    if (!a) return SWIRL_EXPR_INVALID;
    swirl_node n;
    memset(&n, 0, sizeof n);
    n.kind = kind;
    n.degree = degree;
    return push(a, n);
}
swirl_expr swirl_air_is_first_row(swirl_air *a) { return leaf(a, SW_NODE_FIRST, 1); }
swirl_expr swirl_air_is_last_row(swirl_air *a) { return leaf(a, SW_NODE_LAST, 1); }
swirl_expr swirl_air_is_transition(swirl_air *a) { return leaf(a, SW_NODE_TRANS, 1); }
swirl_expr swirl_air_const(swirl_air *a, uint32_t v) {
    if (!a) return SWIRL_EXPR_INVALID;
    swirl_node n;
    memset(&n, 0, sizeof n);
    n.kind = SW_NODE_CONST;
    n.value = v % SWIRL_P;
    return push(a, n);
}

/* degree_multiple of a product. The reference's usize never overflows in practice; a uint32
 * does after 32 squarings, and a wrapped degree would slip past MaxConstraintDegreeExceeded.
 * Saturating keeps "degree > D" true for every such expression (D <= 64), so keygen rejects it. */
static uint32_t saturating_degree_sum(uint32_t dx, uint32_t dy) {
    return dx > UINT32_MAX - dy ? UINT32_MAX : dx + dy;
}

static swirl_expr binary(swirl_air *a, uint8_t kind, swirl_expr x, swirl_expr y) {
    if (!a) return SWIRL_EXPR_INVALID;
    if (!valid(a, x) || !valid(a, y)) return SWIRL_EXPR_INVALID;
    swirl_node n;
    memset(&n, 0, sizeof n);
    n.kind = kind;
    n.left = (uint32_t)x;
    n.right = (uint32_t)y;
    uint32_t dx = a->nodes[x].degree, dy = a->nodes[y].degree;
    n.degree = kind == SW_NODE_MUL ? saturating_degree_sum(dx, dy) : (dx > dy ? dx : dy);
    return push(a, n);
}
swirl_expr swirl_air_add(swirl_air *a, swirl_expr x, swirl_expr y) { return binary(a, SW_NODE_ADD, x, y); }
swirl_expr swirl_air_sub(swirl_air *a, swirl_expr x, swirl_expr y) { return binary(a, SW_NODE_SUB, x, y); }
swirl_expr swirl_air_mul(swirl_air *a, swirl_expr x, swirl_expr y) { return binary(a, SW_NODE_MUL, x, y); }
swirl_expr swirl_air_neg(swirl_air *a, swirl_expr x) {
    if (!a || !valid(a, x)) return SWIRL_EXPR_INVALID;
    swirl_node n;
    memset(&n, 0, sizeof n);
    n.kind = SW_NODE_NEG;
    n.left = (uint32_t)x;
    n.degree = a->nodes[x].degree;
    return push(a, n);
}

int swirl_air_assert_zero(swirl_air *a, swirl_expr x) {
    if (!a) return SWIRL_ERR_INVALID_ARG;
    if (!valid(a, x)) return a->status;
    if (a->num_constraints == a->cap_constraints) {
        size_t nc = a->cap_constraints ? a->cap_constraints * 2 : 32;
        swirl_expr *nn = swirl_realloc(a->constraints, nc * sizeof *nn);
        if (!nn) { air_error(a, SWIRL_ERR_OUT_OF_MEMORY, "out of memory"); return a->status; }
        a->constraints = nn;
        a->cap_constraints = nc;
    }
    a->constraints[a->num_constraints++] = x;
    return SWIRL_OK;
}
int swirl_air_assert_zero_when(swirl_air *a, swirl_expr cond, swirl_expr x) {
    return swirl_air_assert_zero(a, swirl_air_mul(a, cond, x));
}
int swirl_air_assert_one(swirl_air *a, swirl_expr x) {
    return swirl_air_assert_zero(a, swirl_air_sub(a, x, swirl_air_const(a, 1)));
}
int swirl_air_assert_eq(swirl_air *a, swirl_expr x, swirl_expr y) { return swirl_air_assert_zero(a, swirl_air_sub(a, x, y)); }
int swirl_air_assert_bool(swirl_air *a, swirl_expr x) {
    return swirl_air_assert_zero(a, swirl_air_mul(a, x, swirl_air_sub(a, x, swirl_air_const(a, 1))));
}

int swirl_air_push_interaction(swirl_air *a, uint16_t bus, const swirl_expr *msg, size_t len, swirl_expr count,
                               uint32_t count_weight) {
    if (!a) return SWIRL_ERR_INVALID_ARG;
    if (len && !msg) { air_error(a, SWIRL_ERR_INVALID_ARG, "interaction message is NULL"); return a->status; }
    for (size_t i = 0; i < len; i++)
        if (!valid(a, msg[i])) return a->status;
    if (!valid(a, count)) return a->status;
    if (a->num_interactions == a->cap_interactions) {
        size_t nc = a->cap_interactions ? a->cap_interactions * 2 : 8;
        swirl_interaction_def *nn = swirl_realloc(a->interactions, nc * sizeof *nn);
        if (!nn) { air_error(a, SWIRL_ERR_OUT_OF_MEMORY, "out of memory"); return a->status; }
        a->interactions = nn;
        a->cap_interactions = nc;
    }
    swirl_interaction_def *d = &a->interactions[a->num_interactions];
    d->message = swirl_alloc_array(len ? len : 1, sizeof *d->message);
    if (!d->message) { air_error(a, SWIRL_ERR_OUT_OF_MEMORY, "out of memory"); return a->status; }
    if (len) memcpy(d->message, msg, len * sizeof *msg);
    d->message_len = len;
    d->count = count;
    d->bus = bus;
    d->count_weight = count_weight;
    a->num_interactions++;
    return SWIRL_OK;
}
