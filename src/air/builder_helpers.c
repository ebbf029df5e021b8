/* builder_helpers.c — when-chains, transition helpers and bus conventions over the public AIR
 * builder (include/swirl.h, "AIR builder helpers"; docs/AIRS.md).
 *
 * Nothing here touches the expression arena directly: every helper is a composition of the
 * builder's own calls (swirl_air_mul, swirl_air_sub, swirl_air_push_interaction, ...), so the
 * trees it records are exactly those of the equivalent hand-written calls, and the DAG built
 * from them at keygen is the reference's. The only internal access is reading the arena size to
 * validate handles early and recording the AIR's sticky error, which builder.c keeps private. */
#include <stdarg.h>
#include <stdio.h>
#include "air/air_internal.h"

/* Records the AIR's first error (the builder's sticky-error rule); later errors are dropped. */
static void helper_error(swirl_air *air, int status, const char *fmt, ...) {
    if (air->status != SWIRL_OK) return;
    air->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(air->errmsg, sizeof air->errmsg, fmt, ap);
    va_end(ap);
}

/* A handle of this AIR's arena, checked when it enters a chain so that a bad condition is
 * reported where it was given, not at some later assertion. Same message as the builder's. */
static int handle_ok(swirl_air *air, swirl_expr x) {
    if (x >= 0 && (size_t)x < air->num_nodes) return 1;
    helper_error(air, SWIRL_ERR_INVALID_ARG, "invalid expression handle %d", (int)x);
    return 0;
}

static swirl_when failed_chain(swirl_air *air) {
    swirl_when w = swirl_air_always(air);
    w.failed = 1;
    return w;
}

/* SWIRL_OK when the chain can emit constraints, else the status its calls return (never 0 for
 * an unusable chain: a chain marked failed by hand, or with a depth out of range, gets an error
 * recorded here). */
static int chain_status(swirl_when w) {
    if (!w.air) return SWIRL_ERR_INVALID_ARG;
    if (w.depth > SWIRL_WHEN_MAX_DEPTH) {
        helper_error(w.air, SWIRL_ERR_INVALID_ARG, "malformed when-chain: depth %u exceeds %d", w.depth,
                     SWIRL_WHEN_MAX_DEPTH);
        return w.air->status;
    }
    if (w.failed) {
        helper_error(w.air, SWIRL_ERR_INVALID_ARG, "when-chain marked failed");
        return w.air->status;
    }
    return SWIRL_OK;
}

swirl_when swirl_air_always(swirl_air *air) {
    swirl_when w;
    w.air = air;
    w.depth = 0;
    w.failed = air == NULL;
    for (unsigned i = 0; i < SWIRL_WHEN_MAX_DEPTH; i++) w.conditions[i] = SWIRL_EXPR_INVALID;
    return w;
}

/* outer.when(cond): the new condition becomes the innermost factor. */
swirl_when swirl_when_and(swirl_when outer, swirl_expr cond) {
    if (chain_status(outer) != SWIRL_OK) return failed_chain(outer.air);
    if (!handle_ok(outer.air, cond)) return failed_chain(outer.air);
    if (outer.depth == SWIRL_WHEN_MAX_DEPTH) {
        helper_error(outer.air, SWIRL_ERR_AIR, "when-chain deeper than %d conditions (SWIRL_WHEN_MAX_DEPTH)",
                     SWIRL_WHEN_MAX_DEPTH);
        return failed_chain(outer.air);
    }
    outer.conditions[outer.depth] = cond;
    outer.depth++;
    return outer;
}

/* when_ne(x, y) = when(x - y) */
swirl_when swirl_when_and_ne(swirl_when outer, swirl_expr x, swirl_expr y) {
    if (chain_status(outer) != SWIRL_OK) return failed_chain(outer.air);
    return swirl_when_and(outer, swirl_air_sub(outer.air, x, y));
}

swirl_when swirl_air_when(swirl_air *air, swirl_expr cond) { return swirl_when_and(swirl_air_always(air), cond); }

swirl_when swirl_air_when_ne(swirl_air *air, swirl_expr x, swirl_expr y) {
    return swirl_when_and_ne(swirl_air_always(air), x, y);
}

swirl_when swirl_air_when_first_row(swirl_air *air) { return swirl_air_when(air, swirl_air_is_first_row(air)); }

swirl_when swirl_air_when_last_row(swirl_air *air) { return swirl_air_when(air, swirl_air_is_last_row(air)); }

swirl_when swirl_air_when_transition(swirl_air *air) { return swirl_air_when(air, swirl_air_is_transition(air)); }

/* Nested FilteredAirBuilders multiply from the inside out: the innermost `when` wraps x first,
 * each enclosing one wraps the result, every condition the left factor. */
swirl_expr swirl_when_apply(swirl_when w, swirl_expr x) {
    if (chain_status(w) != SWIRL_OK) return SWIRL_EXPR_INVALID;
    if (!handle_ok(w.air, x)) return SWIRL_EXPR_INVALID;
    swirl_expr conditioned = x;
    for (unsigned i = w.depth; i > 0; i--) conditioned = swirl_air_mul(w.air, w.conditions[i - 1], conditioned);
    return conditioned;
}

int swirl_when_assert_zero(swirl_when w, swirl_expr x) {
    int rc = chain_status(w);
    if (rc != SWIRL_OK) return rc;
    return swirl_air_assert_zero(w.air, swirl_when_apply(w, x));
}

/* assert_eq(x, y) = assert_zero(x - y) */
int swirl_when_assert_eq(swirl_when w, swirl_expr x, swirl_expr y) {
    int rc = chain_status(w);
    if (rc != SWIRL_OK) return rc;
    return swirl_when_assert_zero(w, swirl_air_sub(w.air, x, y));
}

/* assert_one(x) = assert_zero(x - 1) */
int swirl_when_assert_one(swirl_when w, swirl_expr x) {
    int rc = chain_status(w);
    if (rc != SWIRL_OK) return rc;
    return swirl_when_assert_zero(w, swirl_air_sub(w.air, x, swirl_air_const(w.air, 1)));
}

/* assert_bool(x) = assert_zero(x.bool_check()) = assert_zero(x * (x - 1)) */
int swirl_when_assert_bool(swirl_when w, swirl_expr x) {
    int rc = chain_status(w);
    if (rc != SWIRL_OK) return rc;
    swirl_expr x_minus_one = swirl_air_sub(w.air, x, swirl_air_const(w.air, 1));
    return swirl_when_assert_zero(w, swirl_air_mul(w.air, x, x_minus_one));
}

typedef int (*assert_one_fn)(swirl_when w, swirl_expr x);

/* One assertion per element, in order; returns the first failure (the sticky status). */
static int assert_each(swirl_when w, const swirl_expr *xs, size_t n, assert_one_fn assert_fn) {
    int rc = chain_status(w);
    if (rc != SWIRL_OK) return rc;
    if (n > 0 && !xs) {
        helper_error(w.air, SWIRL_ERR_INVALID_ARG, "expression array is NULL");
        return w.air->status;
    }
    int first_failure = SWIRL_OK;
    for (size_t i = 0; i < n; i++) {
        rc = assert_fn(w, xs[i]);
        if (rc != SWIRL_OK && first_failure == SWIRL_OK) first_failure = rc;
    }
    return first_failure;
}

int swirl_when_assert_zeros(swirl_when w, const swirl_expr *xs, size_t n) {
    return assert_each(w, xs, n, swirl_when_assert_zero);
}

int swirl_when_assert_bools(swirl_when w, const swirl_expr *xs, size_t n) {
    return assert_each(w, xs, n, swirl_when_assert_bool);
}

/* assert_eq(next - local, delta); with delta the constant 1 this is assert_one(next - local). */
int swirl_when_assert_delta(swirl_when w, swirl_expr local, swirl_expr next, swirl_expr delta) {
    int rc = chain_status(w);
    if (rc != SWIRL_OK) return rc;
    return swirl_when_assert_eq(w, swirl_air_sub(w.air, next, local), delta);
}

int swirl_air_assert_transition_delta(swirl_air *air, swirl_expr local, swirl_expr next, swirl_expr delta) {
    return swirl_when_assert_delta(swirl_air_when_transition(air), local, next, delta);
}

/* ---- buses: the reference's LookupBus and PermutationCheckBus conventions ---------------------- */

int swirl_lookup_bus_lookup_key(swirl_air *air, swirl_lookup_bus bus, const swirl_expr *query, size_t query_len,
                                swirl_expr enabled) {
    return swirl_air_push_interaction(air, bus.index, query, query_len, enabled, SWIRL_LOOKUP_QUERY_COUNT_WEIGHT);
}

int swirl_lookup_bus_add_key_with_lookups(swirl_air *air, swirl_lookup_bus bus, const swirl_expr *key, size_t key_len,
                                          swirl_expr num_lookups) {
    swirl_expr count = swirl_air_neg(air, num_lookups);
    return swirl_air_push_interaction(air, bus.index, key, key_len, count, SWIRL_LOOKUP_KEY_COUNT_WEIGHT);
}

int swirl_permutation_bus_send(swirl_air *air, swirl_permutation_bus bus, const swirl_expr *message, size_t message_len,
                               swirl_expr enabled) {
    return swirl_air_push_interaction(air, bus.index, message, message_len, enabled, SWIRL_PERMUTATION_COUNT_WEIGHT);
}

int swirl_permutation_bus_receive(swirl_air *air, swirl_permutation_bus bus, const swirl_expr *message,
                                  size_t message_len, swirl_expr enabled) {
    swirl_expr count = swirl_air_neg(air, enabled);
    return swirl_air_push_interaction(air, bus.index, message, message_len, count, SWIRL_PERMUTATION_COUNT_WEIGHT);
}

int swirl_permutation_bus_send_or_receive(swirl_air *air, swirl_permutation_bus bus,
                                          swirl_permutation_interaction_type type, const swirl_expr *message,
                                          size_t message_len, swirl_expr enabled) {
    if (!air) return SWIRL_ERR_INVALID_ARG;
    switch (type) {
    case SWIRL_PERMUTATION_SEND:
        return swirl_permutation_bus_send(air, bus, message, message_len, enabled);
    case SWIRL_PERMUTATION_RECEIVE:
        return swirl_permutation_bus_receive(air, bus, message, message_len, enabled);
    default:
        helper_error(air, SWIRL_ERR_INVALID_ARG, "permutation interaction type %d is neither send (0) nor receive (1)",
                     (int)type);
        return air->status;
    }
}

int swirl_permutation_bus_interact(swirl_air *air, swirl_permutation_bus bus, const swirl_expr *message,
                                   size_t message_len, swirl_expr direction) {
    return swirl_air_push_interaction(air, bus.index, message, message_len, direction, SWIRL_PERMUTATION_COUNT_WEIGHT);
}
