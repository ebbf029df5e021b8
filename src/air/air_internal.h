/* air_internal.h — the AIR builder's expression arena and the symbolic DAG (iop.md §1).
 *
 * Expressions are recorded as a tree arena exactly as the reference's SymbolicExpression values
 * are built (no folding at construction; degree_multiple computed per node), and turned into the
 * interned, simplified DAG by swirl_dag_build (dag.c). */
#ifndef SWIRL_AIR_INTERNAL_H
#define SWIRL_AIR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "field/babybear.h"
#include "swirl.h"

/* Node kinds, numbered as the reference's SymbolicExpressionNode enum (postcard tags). */
enum { SW_NODE_VAR = 0, SW_NODE_FIRST = 1, SW_NODE_LAST = 2, SW_NODE_TRANS = 3, SW_NODE_CONST = 4,
       SW_NODE_ADD = 5, SW_NODE_SUB = 6, SW_NODE_NEG = 7, SW_NODE_MUL = 8 };
/* Variable entries, numbered as the reference's Entry enum (postcard tags). */
enum { SW_ENTRY_PREP = 0, SW_ENTRY_MAIN = 1, SW_ENTRY_PUBLIC = 2, SW_ENTRY_CHALLENGE = 3 };

/* One node (of the expression arena or of the DAG). For VAR: entry, part (Main only: the
 * reference part_index, cached parts first then common), offset (0/1), index. For CONST: value.
 * For ADD/SUB/MUL: left, right; NEG: left. degree = degree_multiple (ADD/SUB/NEG/MUL only in
 * the DAG's identity; leaves carry their implied degree for convenience). */
typedef struct swirl_node {
    uint8_t kind;
    uint8_t entry;
    uint8_t offset;
    uint8_t common; /* arena only: Main variable of the common part (resolved at DAG build) */
    uint32_t part;
    uint32_t index;
    uint32_t left, right;
    bb_t value;
    uint32_t degree;
} swirl_node;

typedef struct swirl_interaction_def {
    swirl_expr *message;
    size_t message_len;
    swirl_expr count;
    uint16_t bus;
    uint32_t count_weight;
} swirl_interaction_def;

struct swirl_air {
    char *name;
    int status;
    char errmsg[200];
    int required;
    int has_prep;
    swirl_trace prep;          /* owned copy */
    size_t num_cached;
    size_t *cached_widths;
    size_t common_width;
    size_t num_public_values;
    swirl_node *nodes;         /* expression arena */
    size_t num_nodes, cap_nodes;
    swirl_expr *constraints;
    size_t num_constraints, cap_constraints;
    swirl_interaction_def *interactions;
    size_t num_interactions, cap_interactions;
};

/* The symbolic DAG of one AIR (iop.md §1.5). Nodes are topologically ordered. */
typedef struct swirl_dag_interaction {
    uint32_t *message; /* node indices */
    size_t message_len;
    uint32_t count;
    uint16_t bus;
    uint32_t count_weight;
} swirl_dag_interaction;

typedef struct swirl_dag {
    swirl_node *nodes;
    size_t num_nodes;
    uint32_t *constraint_idx; /* sorted ascending, deduplicated */
    size_t num_constraints;
    swirl_dag_interaction *interactions;
    size_t num_interactions;
    int need_rot;
    uint32_t max_degree; /* over constraint and interaction expressions (source trees) */
} swirl_dag;

int swirl_dag_build(const swirl_air *air, swirl_dag *out);
void swirl_dag_free(swirl_dag *dag);

#endif
