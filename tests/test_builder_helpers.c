/* test_builder_helpers.c — the AIR builder helpers (include/swirl.h, "AIR builder helpers").
 *
 *  1. Every when-chain form, the transition helper and every bus helper give exactly the
 *     verifying-key bytes of the hand-written builder calls they stand for; the wrong shapes
 *     (condition as right factor, (c1 * c2) * x, p - 1 times count instead of a negation, other
 *     count weights) give different bytes, so the comparison can tell.
 *  2. The reference's test AIRs written with the helpers (FibonacciAir, FibonacciSelectorAir with
 *     its lookup key, PreprocessedCachedAir) give the bytes of swirl's transcriptions of them.
 *  3. A system written with the helpers (a lookup table, a counter with nested conditions, a
 *     permutation bus) proves and verifies; violated conditional constraints are reported by
 *     the debug checker (exact AIR, constraint, row) and rejected by the verifier (exact detail);
 *     a violation where the condition is zero is accepted; unbalanced buses are reported.
 *  4. Trace-height constraints follow from the helpers' count weights.
 *  5. Bad arguments: sticky errors with exact status and message; allocation failure, and a
 *     sweep failing every allocation of building a system with the helpers and its keygen. */
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"
#include "util/alloc.h"

#define CM SWIRL_PART_COMMON

static swirl_system_params P;

/* ---- vk bytes of an AIR list ------------------------------------------------------------------ */

typedef struct {
    uint8_t *bytes;
    size_t len;
} blob;

static blob vk_blob_of(swirl_air *const *airs, size_t n, const swirl_system_params *params) {
    blob out = {NULL, 0};
    swirl_pk *pk = NULL;
    swirl_error e = {0};
    int rc = swirl_keygen(NULL, params, airs, n, &pk, NULL, &e);
    CHECK_MSG(rc == SWIRL_OK, "keygen of '%s': %s", swirl_air_name(airs[0]), e.message);
    if (rc != SWIRL_OK) return out;
    rc = swirl_vk_encode(swirl_pk_vk(pk), &out.bytes, &out.len, &e);
    CHECK_MSG(rc == SWIRL_OK, "vk encode: %s", e.message);
    swirl_pk_free(pk);
    return out;
}

static int same_blob(blob x, blob y) { return x.bytes && y.bytes && x.len == y.len && !memcmp(x.bytes, y.bytes, x.len); }

/* ---- 1. shapes: helper calls against hand-written calls ---------------------------------------- */

/* The variables every shape AIR uses: common main a, b, c (local and next), one public value. */
typedef struct {
    swirl_expr a, b, c, na, nb, nc, pub, one, two;
} shape_vars;

static swirl_air *shape_air(const char *name, shape_vars *v) {
    swirl_air *air = swirl_air_new(name);
    if (!air) return NULL;
    swirl_air_set_common_main(air, 3);
    swirl_air_set_num_public_values(air, 1);
    v->a = swirl_air_main(air, CM, 0, 0);
    v->b = swirl_air_main(air, CM, 1, 0);
    v->c = swirl_air_main(air, CM, 2, 0);
    v->na = swirl_air_main(air, CM, 0, 1);
    v->nb = swirl_air_main(air, CM, 1, 1);
    v->nc = swirl_air_main(air, CM, 2, 1);
    v->pub = swirl_air_public(air, 0);
    v->one = swirl_air_const(air, 1);
    v->two = swirl_air_const(air, 2);
    return air;
}

typedef void (*shape_fn)(swirl_air *air, const shape_vars *v);

/* when(c).assert_zero(a) */
static void h_when_zero(swirl_air *air, const shape_vars *v) { swirl_when_assert_zero(swirl_air_when(air, v->c), v->a); }
static void m_when_zero(swirl_air *air, const shape_vars *v) { swirl_air_assert_zero(air, swirl_air_mul(air, v->c, v->a)); }
static void x_when_zero_right(swirl_air *air, const shape_vars *v) { swirl_air_assert_zero(air, swirl_air_mul(air, v->a, v->c)); }

/* when_first_row().assert_eq(a, pub) */
static void h_first_eq(swirl_air *air, const shape_vars *v) { swirl_when_assert_eq(swirl_air_when_first_row(air), v->a, v->pub); }
static void m_first_eq(swirl_air *air, const shape_vars *v) {
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_first_row(air), swirl_air_sub(air, v->a, v->pub)));
}
static void x_first_eq_swapped(swirl_air *air, const shape_vars *v) {
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_first_row(air), swirl_air_sub(air, v->pub, v->a)));
}

/* when_last_row().assert_one(b) */
static void h_last_one(swirl_air *air, const shape_vars *v) { swirl_when_assert_one(swirl_air_when_last_row(air), v->b); }
static void m_last_one(swirl_air *air, const shape_vars *v) {
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_last_row(air), swirl_air_sub(air, v->b, v->one)));
}

/* when_transition().assert_bool(c) */
static void h_trans_bool(swirl_air *air, const shape_vars *v) { swirl_when_assert_bool(swirl_air_when_transition(air), v->c); }
static void m_trans_bool(swirl_air *air, const shape_vars *v) {
    swirl_expr check = swirl_air_mul(air, v->c, swirl_air_sub(air, v->c, v->one));
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_transition(air), check));
}

/* when_transition().when(c).assert_eq(b, next a) */
static void h_nested2(swirl_air *air, const shape_vars *v) {
    swirl_when_assert_eq(swirl_when_and(swirl_air_when_transition(air), v->c), v->b, v->na);
}
static void m_nested2(swirl_air *air, const shape_vars *v) {
    swirl_expr inner = swirl_air_mul(air, v->c, swirl_air_sub(air, v->b, v->na));
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_transition(air), inner));
}
static void x_nested2_product(swirl_air *air, const shape_vars *v) {
    swirl_expr cond = swirl_air_mul(air, swirl_air_is_transition(air), v->c);
    swirl_air_assert_zero(air, swirl_air_mul(air, cond, swirl_air_sub(air, v->b, v->na)));
}
static void x_nested2_reversed(swirl_air *air, const shape_vars *v) {
    swirl_expr inner = swirl_air_mul(air, swirl_air_is_transition(air), swirl_air_sub(air, v->b, v->na));
    swirl_air_assert_zero(air, swirl_air_mul(air, v->c, inner));
}

/* when(pub).when_ne(c, 1).when(b).assert_zero(next c) = pub * ((c - 1) * (b * nc)) */
static void h_nested3(swirl_air *air, const shape_vars *v) {
    swirl_when w = swirl_when_and(swirl_when_and_ne(swirl_air_when(air, v->pub), v->c, v->one), v->b);
    swirl_when_assert_zero(w, v->nc);
}
static void m_nested3(swirl_air *air, const shape_vars *v) {
    swirl_expr inner = swirl_air_mul(air, v->b, v->nc);
    swirl_expr middle = swirl_air_mul(air, swirl_air_sub(air, v->c, v->one), inner);
    swirl_air_assert_zero(air, swirl_air_mul(air, v->pub, middle));
}

/* when_ne(a, b).assert_zero(c) and, as one chain reused, when_first_row() twice (fib style) */
static void h_ne_and_reuse(swirl_air *air, const shape_vars *v) {
    swirl_when_assert_zero(swirl_air_when_ne(air, v->a, v->b), v->c);
    swirl_when first = swirl_air_when_first_row(air);
    swirl_when_assert_eq(first, v->a, v->pub);
    swirl_when_assert_eq(first, v->b, v->pub);
}
static void m_ne_and_reuse(swirl_air *air, const shape_vars *v) {
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_sub(air, v->a, v->b), v->c));
    swirl_expr first = swirl_air_is_first_row(air);
    swirl_air_assert_zero(air, swirl_air_mul(air, first, swirl_air_sub(air, v->a, v->pub)));
    swirl_air_assert_zero(air, swirl_air_mul(air, first, swirl_air_sub(air, v->b, v->pub)));
}

/* unconditional chain: the builder's own assert_* */
static void h_always(swirl_air *air, const shape_vars *v) {
    swirl_when w = swirl_air_always(air);
    swirl_when_assert_zero(w, v->a);
    swirl_when_assert_eq(w, v->a, v->b);
    swirl_when_assert_one(w, v->c);
    swirl_when_assert_bool(w, v->nb);
}
static void m_always(swirl_air *air, const shape_vars *v) {
    swirl_air_assert_zero(air, v->a);
    swirl_air_assert_eq(air, v->a, v->b);
    swirl_air_assert_one(air, v->c);
    swirl_air_assert_bool(air, v->nb);
}

/* assert_zeros / assert_bools under when_last_row(), and swirl_when_apply */
static void h_arrays(swirl_air *air, const shape_vars *v) {
    swirl_expr xs[3] = {v->a, v->b, v->c};
    swirl_when last = swirl_air_when_last_row(air);
    swirl_when_assert_zeros(last, xs, 3);
    swirl_when_assert_bools(last, xs, 3);
    swirl_air_assert_zero(air, swirl_when_apply(swirl_when_and(swirl_air_when(air, v->b), v->c), v->na));
}
static void m_arrays(swirl_air *air, const shape_vars *v) {
    swirl_expr xs[3] = {v->a, v->b, v->c};
    for (int i = 0; i < 3; i++) swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_last_row(air), xs[i]));
    for (int i = 0; i < 3; i++) {
        swirl_expr check = swirl_air_mul(air, xs[i], swirl_air_sub(air, xs[i], v->one));
        swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_last_row(air), check));
    }
    swirl_air_assert_zero(air, swirl_air_mul(air, v->b, swirl_air_mul(air, v->c, v->na)));
}

/* transition delta: is_transition * ((next a - a) - b), and the counter form with delta 1 */
static void h_delta(swirl_air *air, const shape_vars *v) {
    swirl_air_assert_transition_delta(air, v->a, v->na, v->b);
    swirl_air_assert_transition_delta(air, v->c, v->nc, swirl_air_const(air, 1));
    swirl_when_assert_delta(swirl_air_when(air, v->a), v->b, v->nb, v->c);
}
static void m_delta(swirl_air *air, const shape_vars *v) {
    swirl_expr step = swirl_air_sub(air, swirl_air_sub(air, v->na, v->a), v->b);
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_transition(air), step));
    /* the reference's when_transition().assert_one(next - local) */
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_transition(air),
                                             swirl_air_sub(air, swirl_air_sub(air, v->nc, v->c), v->one)));
    swirl_air_assert_zero(air, swirl_air_mul(air, v->a, swirl_air_sub(air, swirl_air_sub(air, v->nb, v->b), v->c)));
}
static void x_delta_reversed(swirl_air *air, const shape_vars *v) {
    swirl_expr step = swirl_air_sub(air, swirl_air_sub(air, v->a, v->na), v->b);
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_transition(air), step));
    swirl_air_assert_zero(air, swirl_air_mul(air, swirl_air_is_transition(air),
                                             swirl_air_sub(air, swirl_air_sub(air, v->nc, v->c), v->one)));
    swirl_air_assert_zero(air, swirl_air_mul(air, v->a, swirl_air_sub(air, swirl_air_sub(air, v->nb, v->b), v->c)));
}

/* maximal nesting (SWIRL_WHEN_MAX_DEPTH conditions; mostly of degree 0, to stay within the
 * test parameters' degree 3) */
static void h_deepest(swirl_air *air, const shape_vars *v) {
    swirl_expr conds[3] = {v->pub, v->two, v->a};
    swirl_when w = swirl_air_always(air);
    for (int i = 0; i < SWIRL_WHEN_MAX_DEPTH; i++) w = swirl_when_and(w, conds[i % 3]);
    swirl_when_assert_zero(w, v->na);
}
static void m_deepest(swirl_air *air, const shape_vars *v) {
    swirl_expr conds[3] = {v->pub, v->two, v->a};
    swirl_expr x = v->na;
    for (int i = SWIRL_WHEN_MAX_DEPTH - 1; i >= 0; i--) x = swirl_air_mul(air, conds[i % 3], x);
    swirl_air_assert_zero(air, x);
}

/* Buses. Messages over the shape AIR's columns. */
static void h_buses(swirl_air *air, const shape_vars *v) {
    swirl_expr msg2[2] = {v->a, v->b};
    swirl_lookup_bus range = {3};
    swirl_permutation_bus perm = {5};
    swirl_lookup_bus_lookup_key(air, range, msg2, 2, v->c);
    swirl_lookup_bus_add_key_with_lookups(air, range, &v->a, 1, v->b);
    swirl_permutation_bus_send(air, perm, msg2, 2, v->c);
    swirl_permutation_bus_receive(air, perm, msg2, 2, v->c);
    swirl_permutation_bus_send_or_receive(air, perm, SWIRL_PERMUTATION_SEND, &v->b, 1, v->one);
    swirl_permutation_bus_send_or_receive(air, perm, SWIRL_PERMUTATION_RECEIVE, &v->b, 1, v->one);
    swirl_permutation_bus_interact(air, perm, &v->nc, 1, v->a);
    swirl_when_assert_bool(swirl_air_always(air), v->c);
}
static void m_buses(swirl_air *air, const shape_vars *v) {
    swirl_expr msg2[2] = {v->a, v->b};
    swirl_air_push_interaction(air, 3, msg2, 2, v->c, 1);
    swirl_air_push_interaction(air, 3, &v->a, 1, swirl_air_neg(air, v->b), 0);
    swirl_air_push_interaction(air, 5, msg2, 2, v->c, 1);
    swirl_air_push_interaction(air, 5, msg2, 2, swirl_air_neg(air, v->c), 1);
    swirl_air_push_interaction(air, 5, &v->b, 1, v->one, 1);
    swirl_air_push_interaction(air, 5, &v->b, 1, swirl_air_neg(air, v->one), 1);
    swirl_air_push_interaction(air, 5, &v->nc, 1, v->a, 1);
    swirl_air_assert_bool(air, v->c);
}
/* a receive written as (p - 1) * count, as some hand-written AIRs do: a different DAG */
static void x_buses_mul_neg(swirl_air *air, const shape_vars *v) {
    swirl_expr msg2[2] = {v->a, v->b};
    swirl_air_push_interaction(air, 3, msg2, 2, v->c, 1);
    swirl_air_push_interaction(air, 3, &v->a, 1, swirl_air_neg(air, v->b), 0);
    swirl_air_push_interaction(air, 5, msg2, 2, v->c, 1);
    swirl_air_push_interaction(air, 5, msg2, 2, swirl_air_mul(air, swirl_air_const(air, SWIRL_P - 1), v->c), 1);
    swirl_air_push_interaction(air, 5, &v->b, 1, v->one, 1);
    swirl_air_push_interaction(air, 5, &v->b, 1, swirl_air_neg(air, v->one), 1);
    swirl_air_push_interaction(air, 5, &v->nc, 1, v->a, 1);
    swirl_air_assert_bool(air, v->c);
}
/* the lookup query with count weight 0 instead of 1 */
static void x_buses_weight(swirl_air *air, const shape_vars *v) {
    swirl_expr msg2[2] = {v->a, v->b};
    swirl_air_push_interaction(air, 3, msg2, 2, v->c, 0);
    swirl_air_push_interaction(air, 3, &v->a, 1, swirl_air_neg(air, v->b), 0);
    swirl_air_push_interaction(air, 5, msg2, 2, v->c, 1);
    swirl_air_push_interaction(air, 5, msg2, 2, swirl_air_neg(air, v->c), 1);
    swirl_air_push_interaction(air, 5, &v->b, 1, v->one, 1);
    swirl_air_push_interaction(air, 5, &v->b, 1, swirl_air_neg(air, v->one), 1);
    swirl_air_push_interaction(air, 5, &v->nc, 1, v->a, 1);
    swirl_air_assert_bool(air, v->c);
}

static blob shape_blob(const char *name, shape_fn fn) {
    shape_vars v;
    swirl_air *air = shape_air(name, &v);
    blob out = {NULL, 0};
    CHECK(air != NULL);
    if (!air) return out;
    fn(air, &v);
    swirl_error e = {0};
    CHECK_MSG(swirl_air_status(air, &e) == SWIRL_OK, "%s: %s", name, e.message);
    out = vk_blob_of(&air, 1, &P);
    swirl_air_free(air);
    return out;
}

/* helper == manual, and (when given) manual != the wrong shape */
static void compare_shapes(const char *name, shape_fn helper, shape_fn manual, shape_fn wrong) {
    blob h = shape_blob(name, helper);
    blob m = shape_blob(name, manual);
    CHECK_MSG(same_blob(h, m), "%s: helper and hand-written vk bytes differ (%zu vs %zu bytes)", name, h.len, m.len);
    if (wrong) {
        blob x = shape_blob(name, wrong);
        CHECK_MSG(x.bytes && !same_blob(x, m), "%s: the wrong shape gives the same vk bytes", name);
        swirl_bytes_free(x.bytes);
    }
    swirl_bytes_free(h.bytes);
    swirl_bytes_free(m.bytes);
}

static void test_shapes(void) {
    compare_shapes("when", h_when_zero, m_when_zero, x_when_zero_right);
    compare_shapes("when_first_row", h_first_eq, m_first_eq, x_first_eq_swapped);
    compare_shapes("when_last_row", h_last_one, m_last_one, NULL);
    compare_shapes("when_transition", h_trans_bool, m_trans_bool, NULL);
    compare_shapes("nested2", h_nested2, m_nested2, x_nested2_product);
    compare_shapes("nested2 order", h_nested2, m_nested2, x_nested2_reversed);
    compare_shapes("nested3", h_nested3, m_nested3, NULL);
    compare_shapes("when_ne and reuse", h_ne_and_reuse, m_ne_and_reuse, NULL);
    compare_shapes("always", h_always, m_always, NULL);
    compare_shapes("arrays and apply", h_arrays, m_arrays, NULL);
    compare_shapes("transition delta", h_delta, m_delta, x_delta_reversed);
    compare_shapes("deepest chain", h_deepest, m_deepest, NULL);
    compare_shapes("buses", h_buses, m_buses, x_buses_mul_neg);
    compare_shapes("buses weight", h_buses, m_buses, x_buses_weight);
}

/* ---- 2. the reference's test AIRs, written with the helpers ------------------------------------ */

/* FibonacciAir::eval */
static swirl_air *fib_with_helpers(void) {
    swirl_air *air = swirl_air_new("fib");
    swirl_air_set_common_main(air, 2);
    swirl_air_set_num_public_values(air, 3);
    swirl_expr left = swirl_air_main(air, CM, 0, 0), right = swirl_air_main(air, CM, 1, 0);
    swirl_expr next_left = swirl_air_main(air, CM, 0, 1), next_right = swirl_air_main(air, CM, 1, 1);
    swirl_when first = swirl_air_when_first_row(air);
    swirl_when_assert_eq(first, left, swirl_air_public(air, 0));
    swirl_when_assert_eq(first, right, swirl_air_public(air, 1));
    swirl_when transition = swirl_air_when_transition(air);
    swirl_when_assert_eq(transition, right, next_left);
    swirl_when_assert_eq(transition, swirl_air_add(air, left, right), next_right);
    swirl_when_assert_eq(swirl_air_when_last_row(air), right, swirl_air_public(air, 2));
    return air;
}

/* FibonacciSelectorAir::eval with its bus (add_key_with_lookups on bus 0) */
static swirl_air *fib_selector_with_helpers(const uint8_t *sels, size_t n) {
    swirl_air *air = swirl_air_new("fib_selector");
    uint32_t sel_values[16];
    for (size_t i = 0; i < n; i++) sel_values[i] = sels[i];
    swirl_trace prep = {sel_values, n, 1};
    swirl_air_set_preprocessed(air, &prep);
    swirl_air_set_common_main(air, 2);
    swirl_air_set_num_public_values(air, 3);
    swirl_expr left = swirl_air_main(air, CM, 0, 0), right = swirl_air_main(air, CM, 1, 0);
    swirl_expr next_left = swirl_air_main(air, CM, 0, 1), next_right = swirl_air_main(air, CM, 1, 1);
    swirl_expr sel = swirl_air_prep(air, 0, 0);
    swirl_expr one = swirl_air_const(air, 1);
    swirl_when first = swirl_air_when_first_row(air);
    swirl_when_assert_eq(first, left, swirl_air_public(air, 0));
    swirl_when_assert_eq(first, right, swirl_air_public(air, 1));
    swirl_when_assert_eq(swirl_when_and(swirl_air_when_transition(air), sel), right, next_left);
    swirl_when_assert_eq(swirl_when_and_ne(swirl_air_when_transition(air), sel, one), left, next_left);
    swirl_when_assert_eq(swirl_when_and(swirl_air_when_transition(air), sel), swirl_air_add(air, left, right), next_right);
    swirl_when_assert_eq(swirl_when_and_ne(swirl_air_when_transition(air), sel, one), right, next_right);
    swirl_when_assert_eq(swirl_air_when_last_row(air), right, swirl_air_public(air, 2));
    swirl_expr key = swirl_air_add(air, left, right);
    swirl_lookup_bus bus = {0};
    swirl_lookup_bus_add_key_with_lookups(air, bus, &key, 1, sel);
    return air;
}

/* PreprocessedCachedAir::eval with num_cached cached parts */
static swirl_air *preprocessed_cached_with_helpers(const uint8_t *sels, size_t n, size_t num_cached) {
    swirl_air *air = swirl_air_new("preprocessed_cached");
    uint32_t sel_values[16];
    for (size_t i = 0; i < n; i++) sel_values[i] = sels[i];
    swirl_trace prep = {sel_values, n, 1};
    swirl_air_set_preprocessed(air, &prep);
    for (size_t c = 0; c < num_cached; c++) swirl_air_add_cached_main(air, 1);
    swirl_air_set_common_main(air, 1);
    swirl_expr sel = swirl_air_prep(air, 0, 0), next_sel = swirl_air_prep(air, 0, 1);
    swirl_expr counter = swirl_air_main(air, CM, 0, 0), next_counter = swirl_air_main(air, CM, 0, 1);
    swirl_when_assert_bool(swirl_air_always(air), sel);
    swirl_when_assert_zero(swirl_air_when_first_row(air), counter);
    swirl_air_assert_transition_delta(air, counter, next_counter, swirl_air_const(air, 1));
    swirl_expr prev = counter, prev_next = next_counter;
    for (size_t c = 0; c < num_cached; c++) {
        swirl_expr cached = swirl_air_main(air, (int)c, 0, 0), cached_next = swirl_air_main(air, (int)c, 0, 1);
        swirl_when_assert_eq(swirl_air_always(air), swirl_air_add(air, prev, sel), cached);
        swirl_when_assert_eq(swirl_air_when_transition(air), swirl_air_add(air, prev_next, next_sel), cached_next);
        prev = cached;
        prev_next = cached_next;
    }
    return air;
}

static void compare_airs(const char *name, swirl_air *with_helpers, swirl_air *fixture) {
    CHECK(with_helpers != NULL && fixture != NULL);
    if (!with_helpers || !fixture) return;
    blob h = vk_blob_of(&with_helpers, 1, &P);
    blob f = vk_blob_of(&fixture, 1, &P);
    CHECK_MSG(same_blob(h, f), "%s: helpers and the fixture differ (%zu vs %zu bytes)", name, h.len, f.len);
    swirl_bytes_free(h.bytes);
    swirl_bytes_free(f.bytes);
    swirl_air_free(with_helpers);
    swirl_air_free(fixture);
}

static void test_reference_airs(void) {
    const uint8_t sels[8] = {1, 0, 1, 1, 0, 0, 1, 0};
    compare_airs("fib", fib_with_helpers(), swirl_fib_air());
    compare_airs("fib_selector+bus", fib_selector_with_helpers(sels, 8), swirl_fib_selector_air(sels, 8, 1));
    compare_airs("preprocessed_cached", preprocessed_cached_with_helpers(sels, 8, 2),
                 swirl_preprocessed_cached_air(sels, 8, 2));
}

/* ---- 3. a system written with the helpers: prove, verify, reject ------------------------------- */

#define TABLE_SIZE 16
#define COUNTER_ROWS 8
#define ECHO_ROWS 8
enum { RANGE_BUS = 7, ECHO_BUS = 9 };

/* AIR 0: a table of 0..15 (preprocessed) with its lookup multiplicities (common main). */
static swirl_air *table_air(void) {
    swirl_air *air = swirl_air_new("nibble_table");
    uint32_t values[TABLE_SIZE];
    for (uint32_t i = 0; i < TABLE_SIZE; i++) values[i] = i;
    swirl_trace prep = {values, TABLE_SIZE, 1};
    swirl_air_set_preprocessed(air, &prep);
    swirl_air_set_common_main(air, 1);
    swirl_expr value = swirl_air_prep(air, 0, 0);
    swirl_lookup_bus bus = {RANGE_BUS};
    swirl_lookup_bus_add_key_with_lookups(air, bus, &value, 1, swirl_air_main(air, CM, 0, 0));
    return air;
}

/* AIR 1: columns sel, x; public value start. x starts at `start`, steps by sel on transition
 * rows; every x is looked up in the table; x is sent on the echo bus where sel = 1.
 * Constraint order (the checker's numbering): 0 first row, 1 bool, 2 step, 3 hold. With
 * `conditioned` = 0 the step constraint loses its when_transition (the contrast case). */
static swirl_air *counter_air(int conditioned) {
    swirl_air *air = swirl_air_new("counter");
    swirl_air_set_common_main(air, 2);
    swirl_air_set_num_public_values(air, 1);
    swirl_expr sel = swirl_air_main(air, CM, 0, 0), x = swirl_air_main(air, CM, 1, 0);
    swirl_expr next_x = swirl_air_main(air, CM, 1, 1);
    swirl_expr one = swirl_air_const(air, 1);
    swirl_when_assert_eq(swirl_air_when_first_row(air), x, swirl_air_public(air, 0));
    swirl_when_assert_bool(swirl_air_always(air), sel);
    swirl_when step = conditioned ? swirl_when_and(swirl_air_when_transition(air), sel) : swirl_air_when(air, sel);
    swirl_when_assert_delta(step, x, next_x, one);
    swirl_when_assert_eq(swirl_when_and_ne(swirl_air_when_transition(air), sel, one), next_x, x);
    swirl_lookup_bus range = {RANGE_BUS};
    swirl_lookup_bus_lookup_key(air, range, &x, 1, one);
    swirl_permutation_bus echo = {ECHO_BUS};
    swirl_permutation_bus_send(air, echo, &x, 1, sel);
    return air;
}

/* AIR 2: columns flag, v; receives v on the echo bus where flag = 1. */
static swirl_air *echo_air(void) {
    swirl_air *air = swirl_air_new("echo");
    swirl_air_set_common_main(air, 2);
    swirl_expr flag = swirl_air_main(air, CM, 0, 0), v = swirl_air_main(air, CM, 1, 0);
    swirl_when_assert_bool(swirl_air_always(air), flag);
    swirl_permutation_bus echo = {ECHO_BUS};
    swirl_permutation_bus_receive(air, echo, &v, 1, flag);
    return air;
}

typedef struct {
    uint32_t table[TABLE_SIZE];
    uint32_t counter[COUNTER_ROWS * 2];
    uint32_t echo[ECHO_ROWS * 2];
    uint32_t start;
    swirl_trace traces[3];
    swirl_air_inputs inputs[3];
} system_traces;

/* The echo and table traces that balance the buses for the counter trace as it stands: the
 * echo receives the sent x values (in reverse order: a bus compares multisets only), the table
 * counts the looked-up x values below 16. */
static void derive_bus_partners(system_traces *s) {
    memset(s->table, 0, sizeof s->table);
    memset(s->echo, 0, sizeof s->echo);
    size_t echo_row = ECHO_ROWS;
    for (size_t r = 0; r < COUNTER_ROWS; r++) {
        uint32_t sel = s->counter[2 * r], x = s->counter[2 * r + 1];
        if (x < TABLE_SIZE) s->table[x]++;
        if (sel && echo_row > 0) {
            echo_row--;
            s->echo[2 * echo_row] = 1;
            s->echo[2 * echo_row + 1] = x;
        }
    }
}

/* Honest traces: x starts at `start` and steps by sel. */
static void make_traces(system_traces *s, const uint8_t sels[COUNTER_ROWS], uint32_t start) {
    memset(s, 0, sizeof *s);
    s->start = start;
    uint32_t x = start;
    for (size_t r = 0; r < COUNTER_ROWS; r++) {
        s->counter[2 * r] = sels[r];
        s->counter[2 * r + 1] = x;
        x += sels[r];
    }
    derive_bus_partners(s);
    s->traces[0] = (swirl_trace){s->table, TABLE_SIZE, 1};
    s->traces[1] = (swirl_trace){s->counter, COUNTER_ROWS, 2};
    s->traces[2] = (swirl_trace){s->echo, ECHO_ROWS, 2};
    for (int i = 0; i < 3; i++) s->inputs[i].common_main = &s->traces[i];
    s->inputs[1].public_values = &s->start;
    s->inputs[1].num_public_values = 1;
}

static const uint8_t k_sels[COUNTER_ROWS] = {1, 0, 1, 1, 0, 1, 1, 0};

static int prove_and_verify(const swirl_pk *pk, const system_traces *s, swirl_error *verify_err) {
    uint8_t *proof = NULL;
    size_t len = 0;
    swirl_error e = {0};
    int rc = swirl_prove(NULL, pk, s->inputs, 3, &proof, &len, &e);
    CHECK_MSG(rc == SWIRL_OK, "prove: %s", e.message);
    if (rc != SWIRL_OK) return -1;
    memset(verify_err, 0, sizeof *verify_err);
    rc = swirl_verify(swirl_pk_vk(pk), proof, len, verify_err);
    swirl_bytes_free(proof);
    return rc;
}

static int is_constraint_report(int rc, const swirl_check_report *rep, const swirl_error *e, size_t air, size_t constraint,
                                size_t row) {
    return rc == SWIRL_ERR_TRACE && e->status == SWIRL_ERR_TRACE && e->detail == SWIRL_CHECK_CONSTRAINT &&
           rep->kind == SWIRL_CHECK_CONSTRAINT && rep->air == air && rep->constraint == constraint && rep->row == row;
}

static void test_system(void) {
    swirl_air *airs[3] = {table_air(), counter_air(1), echo_air()};
    swirl_pk *pk = NULL;
    swirl_error e = {0};
    CHECK_MSG(swirl_keygen(NULL, &P, airs, 3, &pk, NULL, &e) == SWIRL_OK, "keygen: %s", e.message);
    if (!pk) {
        for (int i = 0; i < 3; i++) swirl_air_free(airs[i]);
        return;
    }
    swirl_air_info info;
    CHECK(swirl_vk_air_info(swirl_pk_vk(pk), 1, &info) == SWIRL_OK && info.num_constraints == 4 &&
          info.num_interactions == 2);
    system_traces s;
    swirl_check_report rep;

    /* honest: x = 3,4,4,5,6,6,7,8; the wrap from the last row (8) to the first (3) is no step
     * because is_transition is 0 on the last row */
    make_traces(&s, k_sels, 3);
    int rc = swirl_debug_check(pk, s.inputs, 3, &rep, &e);
    CHECK_MSG(rc == SWIRL_OK, "honest: %s", e.message);
    CHECK_MSG(prove_and_verify(pk, &s, &e) == SWIRL_OK, "honest verify: %s", e.message);

    /* the step under when_transition().when(sel) broken at row 2 (sel = 1): x[3] = 9 */
    make_traces(&s, k_sels, 3);
    s.counter[2 * 3 + 1] = 9;
    derive_bus_partners(&s);
    rc = swirl_debug_check(pk, s.inputs, 3, &rep, &e);
    CHECK_MSG(is_constraint_report(rc, &rep, &e, 1, 2, 2), "broken step: rc %d air %zu constraint %zu row %zu (%s)", rc,
              rep.air, rep.constraint, rep.row, e.message);
    CHECK(strstr(e.message, "AIR 1 'counter': constraint 2 fails at row 2") != NULL);
    rc = prove_and_verify(pk, &s, &e);
    CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_VERIFY_ERR_SUM_CLAIM && strstr(e.message, "(SumClaimMismatch)"),
              "broken step: verify %s detail %d (%s)", swirl_status_str(rc), e.detail, e.message);

    /* the hold under when_transition().when_ne(sel, 1) broken at row 4 (sel = 0): x[5] = 7 */
    make_traces(&s, k_sels, 3);
    for (size_t r = 5; r < COUNTER_ROWS; r++) s.counter[2 * r + 1] += 1; /* 3,4,4,5,6,7,8,9: steps hold */
    derive_bus_partners(&s);
    rc = swirl_debug_check(pk, s.inputs, 3, &rep, &e);
    CHECK_MSG(is_constraint_report(rc, &rep, &e, 1, 3, 4), "broken hold: rc %d air %zu constraint %zu row %zu (%s)", rc,
              rep.air, rep.constraint, rep.row, e.message);
    rc = prove_and_verify(pk, &s, &e);
    CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_VERIFY_ERR_SUM_CLAIM && strstr(e.message, "(SumClaimMismatch)"),
              "broken hold: verify %s detail %d (%s)", swirl_status_str(rc), e.detail, e.message);

    /* the first-row condition: public value 4 while x[0] = 3 */
    make_traces(&s, k_sels, 3);
    s.start = 4;
    rc = swirl_debug_check(pk, s.inputs, 3, &rep, &e);
    CHECK_MSG(is_constraint_report(rc, &rep, &e, 1, 0, 0), "wrong start: rc %d air %zu constraint %zu row %zu (%s)", rc,
              rep.air, rep.constraint, rep.row, e.message);
    rc = prove_and_verify(pk, &s, &e);
    CHECK_MSG(rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_VERIFY_ERR_SUM_CLAIM,
              "wrong start: verify %s detail %d (%s)", swirl_status_str(rc), e.detail, e.message);

    /* a lookup outside the table: start 12 reaches 16 and 17; constraints hold, bus 7 does not */
    make_traces(&s, k_sels, 12);
    rc = swirl_debug_check(pk, s.inputs, 3, &rep, &e);
    CHECK_MSG(rc == SWIRL_ERR_TRACE && e.detail == SWIRL_CHECK_BUS && rep.kind == SWIRL_CHECK_BUS && rep.bus == RANGE_BUS &&
                  strstr(rep.message, "bus 7 does not balance"),
              "lookup outside the table: rc %d kind %d bus %u (%s)", rc, (int)rep.kind, rep.bus, rep.message);
    uint8_t *proof = NULL;
    size_t len = 0;
    rc = swirl_prove(NULL, pk, s.inputs, 3, &proof, &len, &e);
    CHECK_MSG(rc == SWIRL_ERR_TRACE && proof == NULL, "unbalanced lookup: prove %s (%s)", swirl_status_str(rc), e.message);

    /* a received value that was never sent: the echo bus (permutation) does not balance */
    make_traces(&s, k_sels, 3);
    s.echo[2 * (ECHO_ROWS - 1) + 1] = 11;
    rc = swirl_debug_check(pk, s.inputs, 3, &rep, &e);
    CHECK_MSG(rc == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_BUS && rep.bus == ECHO_BUS, "echo: rc %d kind %d bus %u (%s)",
              rc, (int)rep.kind, rep.bus, rep.message);

    swirl_pk_free(pk);
    for (int i = 0; i < 3; i++) swirl_air_free(airs[i]);

    /* contrast: with sel = 1 on the last row, the step written without when_transition
     * (sel * ((x' - x) - 1)) also applies to the wrap from the last row to the first (3 after 8)
     * and fails there; with when_transition the same trace is fine */
    static const uint8_t sels_last_one[COUNTER_ROWS] = {1, 0, 1, 1, 0, 1, 1, 1};
    swirl_air *plain[3] = {table_air(), counter_air(0), echo_air()};
    CHECK(swirl_keygen(NULL, &P, plain, 3, &pk, NULL, &e) == SWIRL_OK);
    make_traces(&s, sels_last_one, 3);
    rc = swirl_debug_check(pk, s.inputs, 3, &rep, &e);
    CHECK_MSG(is_constraint_report(rc, &rep, &e, 1, 2, 7), "unconditioned step: rc %d air %zu constraint %zu row %zu (%s)",
              rc, rep.air, rep.constraint, rep.row, e.message);
    swirl_pk_free(pk);
    for (int i = 0; i < 3; i++) swirl_air_free(plain[i]);
    /* ...and with when_transition the same trace is fine */
    swirl_air *conditioned[3] = {table_air(), counter_air(1), echo_air()};
    CHECK(swirl_keygen(NULL, &P, conditioned, 3, &pk, NULL, &e) == SWIRL_OK);
    rc = swirl_debug_check(pk, s.inputs, 3, &rep, &e);
    CHECK_MSG(rc == SWIRL_OK, "conditioned step, last sel 1: %s", e.message);
    CHECK_MSG(prove_and_verify(pk, &s, &e) == SWIRL_OK, "conditioned step, last sel 1: verify %s", e.message);
    swirl_pk_free(pk);
    for (int i = 0; i < 3; i++) swirl_air_free(conditioned[i]);
}

/* ---- 4. trace-height constraints from the helpers' count weights ------------------------------- */

/* Expected: one constraint per bus (threshold p; coefficient = sum of the AIR's weights on that
 * bus) then the global one (threshold max_interaction_count; coefficient = number of the AIR's
 * interactions), minus every constraint implied by another. */
static void test_height_constraints(void) {
    /* With max_interaction_count <= p (every preset) each bus constraint is implied by the global
     * one, because weights 0 and 1 never exceed the interaction count: one constraint remains. */
    swirl_air *airs[3] = {table_air(), counter_air(1), echo_air()};
    swirl_pk *pk = NULL;
    swirl_error e = {0};
    CHECK(swirl_keygen(NULL, &P, airs, 3, &pk, NULL, &e) == SWIRL_OK);
    const swirl_vk *vk = swirl_pk_vk(pk);
    const uint32_t *coef = NULL;
    uint32_t threshold = 0;
    CHECK_EQ_U64(swirl_vk_num_height_constraints(vk), 1);
    CHECK(swirl_vk_height_constraint(vk, 0, &coef, &threshold) == SWIRL_OK);
    CHECK(coef && coef[0] == 1 && coef[1] == 2 && coef[2] == 1 && threshold == P.logup.max_interaction_count);
    swirl_pk_free(pk);

    /* With a larger global threshold the bus constraints matter. Bus 7: the table's keys weigh 0,
     * the counter's query 1: [0, 1, 0] < p. Bus 9: the counter's send and the echo's receive weigh
     * 1: [0, 1, 1] < p, which implies bus 7's. Global: [1, 2, 1] < 2^32 - 1. */
    swirl_system_params wide = P;
    wide.logup.max_interaction_count = 0xffffffffu;
    int rc = swirl_keygen(NULL, &wide, airs, 3, &pk, NULL, &e);
    CHECK_MSG(rc == SWIRL_OK, "keygen with max_interaction_count 2^32 - 1: %s", e.message);
    if (rc == SWIRL_OK) {
        vk = swirl_pk_vk(pk);
        CHECK_EQ_U64(swirl_vk_num_height_constraints(vk), 2);
        static const uint32_t expected[2][3] = {{0, 1, 1}, {1, 2, 1}};
        const uint32_t expected_threshold[2] = {SWIRL_P, 0xffffffffu};
        for (size_t i = 0; i < 2 && i < swirl_vk_num_height_constraints(vk); i++) {
            CHECK(swirl_vk_height_constraint(vk, i, &coef, &threshold) == SWIRL_OK);
            CHECK_MSG(coef && !memcmp(coef, expected[i], sizeof expected[i]) && threshold == expected_threshold[i],
                      "height constraint %zu: [%u, %u, %u] < %u", i, coef ? coef[0] : 0, coef ? coef[1] : 0,
                      coef ? coef[2] : 0, threshold);
        }
        swirl_pk_free(pk);
    }
    for (int i = 0; i < 3; i++) swirl_air_free(airs[i]);
}

/* ---- 5. bad arguments and allocation failure --------------------------------------------------- */

static int status_is(swirl_air *air, int status, const char *substring) {
    swirl_error e = {0};
    return swirl_air_status(air, &e) == status && e.status == status && strstr(e.message, substring) != NULL;
}

static int keygen_status(swirl_air *air, swirl_error *e) {
    swirl_pk *pk = NULL;
    int rc = swirl_keygen(NULL, &P, &air, 1, &pk, NULL, e);
    swirl_pk_free(pk);
    return rc;
}

static void test_errors(void) {
    shape_vars v;
    /* one condition too many */
    swirl_air *air = shape_air("too_deep", &v);
    swirl_when w = swirl_air_always(air);
    for (int i = 0; i < SWIRL_WHEN_MAX_DEPTH; i++) w = swirl_when_and(w, v.a);
    CHECK(!w.failed && w.depth == SWIRL_WHEN_MAX_DEPTH && swirl_air_status(air, NULL) == SWIRL_OK);
    w = swirl_when_and(w, v.b);
    CHECK(w.failed);
    CHECK(status_is(air, SWIRL_ERR_AIR, "when-chain deeper than 8 conditions (SWIRL_WHEN_MAX_DEPTH)"));
    CHECK(swirl_when_assert_zero(w, v.c) == SWIRL_ERR_AIR);
    CHECK(swirl_when_apply(w, v.c) == SWIRL_EXPR_INVALID);
    swirl_error e = {0};
    CHECK(keygen_status(air, &e) == SWIRL_ERR_AIR && strstr(e.message, "SWIRL_WHEN_MAX_DEPTH") != NULL);
    swirl_air_free(air);

    /* a condition that is no handle of this AIR */
    air = shape_air("bad_cond", &v);
    w = swirl_air_when(air, 12345);
    CHECK(w.failed);
    CHECK(status_is(air, SWIRL_ERR_INVALID_ARG, "invalid expression handle 12345"));
    CHECK(swirl_when_assert_eq(w, v.a, v.b) == SWIRL_ERR_INVALID_ARG);
    CHECK(keygen_status(air, &e) == SWIRL_ERR_AIR && strstr(e.message, "invalid expression handle 12345") != NULL);
    swirl_air_free(air);

    /* a bad asserted expression under a good chain */
    air = shape_air("bad_expr", &v);
    CHECK(swirl_when_assert_zero(swirl_air_when_first_row(air), SWIRL_EXPR_INVALID) == SWIRL_ERR_INVALID_ARG);
    CHECK(status_is(air, SWIRL_ERR_INVALID_ARG, "invalid expression handle -1"));
    swirl_air_free(air);

    /* when_ne with a bad operand: the builder's own error, the chain failed */
    air = shape_air("bad_ne", &v);
    w = swirl_air_when_ne(air, v.a, 999);
    CHECK(w.failed && status_is(air, SWIRL_ERR_INVALID_ARG, "invalid expression handle 999"));
    swirl_air_free(air);

    /* a chain forged with a depth out of range is refused, not read past its array */
    air = shape_air("forged", &v);
    w = swirl_air_always(air);
    w.depth = 100;
    CHECK(swirl_when_assert_zero(w, v.a) == SWIRL_ERR_INVALID_ARG);
    CHECK(status_is(air, SWIRL_ERR_INVALID_ARG, "malformed when-chain: depth 100 exceeds 8"));
    swirl_air_free(air);

    /* arrays */
    air = shape_air("null_array", &v);
    CHECK(swirl_when_assert_zeros(swirl_air_always(air), NULL, 0) == SWIRL_OK);
    CHECK(swirl_when_assert_bools(swirl_air_always(air), NULL, 2) == SWIRL_ERR_INVALID_ARG);
    CHECK(status_is(air, SWIRL_ERR_INVALID_ARG, "expression array is NULL"));
    swirl_air_free(air);

    /* NULL AIR everywhere: SWIRL_ERR_INVALID_ARG, no crash */
    CHECK(swirl_air_always(NULL).failed);
    CHECK(swirl_when_assert_zero(swirl_air_when_first_row(NULL), 0) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_when_assert_bool(swirl_air_when_transition(NULL), 0) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_air_assert_transition_delta(NULL, 0, 0, 0) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_when_apply(swirl_air_when_last_row(NULL), 0) == SWIRL_EXPR_INVALID);
    swirl_lookup_bus lb = {1};
    swirl_permutation_bus pb = {2};
    swirl_expr zero = 0;
    CHECK(swirl_lookup_bus_lookup_key(NULL, lb, &zero, 1, 0) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_lookup_bus_add_key_with_lookups(NULL, lb, &zero, 1, 0) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_permutation_bus_send(NULL, pb, &zero, 1, 0) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_permutation_bus_receive(NULL, pb, &zero, 1, 0) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_permutation_bus_interact(NULL, pb, &zero, 1, 0) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_permutation_bus_send_or_receive(NULL, pb, SWIRL_PERMUTATION_SEND, &zero, 1, 0) == SWIRL_ERR_INVALID_ARG);

    /* an interaction type that is neither send nor receive */
    air = shape_air("bad_type", &v);
    CHECK(swirl_permutation_bus_send_or_receive(air, pb, (swirl_permutation_interaction_type)7, &v.a, 1, v.b) ==
          SWIRL_ERR_INVALID_ARG);
    CHECK(status_is(air, SWIRL_ERR_INVALID_ARG, "permutation interaction type 7 is neither send (0) nor receive (1)"));
    swirl_air_free(air);

    /* bus helpers pass the builder's checks through: NULL message, bad count */
    air = shape_air("bad_bus", &v);
    CHECK(swirl_lookup_bus_lookup_key(air, lb, NULL, 1, v.a) == SWIRL_ERR_INVALID_ARG);
    CHECK(status_is(air, SWIRL_ERR_INVALID_ARG, "interaction message is NULL"));
    swirl_air_free(air);
    air = shape_air("bad_count", &v);
    CHECK(swirl_permutation_bus_receive(air, pb, &v.a, 1, 777) == SWIRL_ERR_INVALID_ARG);
    CHECK(status_is(air, SWIRL_ERR_INVALID_ARG, "invalid expression handle 777"));
    swirl_air_free(air);

    /* allocation failure inside a helper: the constraint list's first allocation */
    long live_before = swirl_alloc_live();
    air = shape_air("oom", &v);
    swirl_alloc_fail_at(1);
    int rc = swirl_when_assert_eq(swirl_air_when_transition(air), v.a, v.na);
    int fired = swirl_alloc_fail_fired();
    swirl_alloc_fail_at(0);
    CHECK(fired && rc == SWIRL_ERR_OUT_OF_MEMORY);
    CHECK(status_is(air, SWIRL_ERR_OUT_OF_MEMORY, "out of memory"));
    CHECK(keygen_status(air, &e) == SWIRL_ERR_OUT_OF_MEMORY);
    swirl_air_free(air);
    CHECK_EQ_U64(swirl_alloc_live(), live_before);

    /* a bus helper's interaction record */
    air = shape_air("oom_bus", &v);
    swirl_alloc_fail_at(1);
    rc = swirl_permutation_bus_receive(air, pb, &v.a, 1, v.b);
    fired = swirl_alloc_fail_fired();
    swirl_alloc_fail_at(0);
    CHECK(fired && rc == SWIRL_ERR_OUT_OF_MEMORY && status_is(air, SWIRL_ERR_OUT_OF_MEMORY, "out of memory"));
    swirl_air_free(air);
    CHECK_EQ_U64(swirl_alloc_live(), live_before);
}

/* Every allocation of building the test system with the helpers and keygen fails in turn: the
 * outcome is SWIRL_ERR_OUT_OF_MEMORY (from the builder's status or from keygen), nothing leaks,
 * and once no allocation is failed keygen succeeds. */
static void test_allocation_sweep(void) {
    long live_before = swirl_alloc_live();
    size_t failed_runs = 0;
    int completed = 0;
    for (size_t k = 1; k < 10000 && !completed; k++) {
        swirl_alloc_fail_at(k);
        swirl_air *airs[3] = {table_air(), counter_air(1), echo_air()};
        int rc = SWIRL_OK;
        for (int i = 0; i < 3 && rc == SWIRL_OK; i++) rc = airs[i] ? swirl_air_status(airs[i], NULL) : SWIRL_ERR_OUT_OF_MEMORY;
        swirl_pk *pk = NULL;
        if (rc == SWIRL_OK) rc = swirl_keygen(NULL, &P, airs, 3, &pk, NULL, NULL);
        int fired = swirl_alloc_fail_fired();
        swirl_alloc_fail_at(0);
        if (fired) {
            failed_runs++;
            CHECK_MSG(rc == SWIRL_ERR_OUT_OF_MEMORY && pk == NULL, "allocation %zu failed: %s", k, swirl_status_str(rc));
        } else {
            completed = 1;
            CHECK_MSG(rc == SWIRL_OK && pk != NULL, "no allocation failed: %s", swirl_status_str(rc));
        }
        swirl_pk_free(pk);
        for (int i = 0; i < 3; i++) swirl_air_free(airs[i]);
        CHECK_MSG(swirl_alloc_live() == live_before, "allocation %zu: %ld blocks leaked", k, swirl_alloc_live() - live_before);
    }
    CHECK(completed && failed_runs > 10);
}

int main(void) {
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    test_shapes();
    test_reference_airs();
    test_system();
    test_height_constraints();
    test_errors();
    test_allocation_sweep();
    return t_summary("test_builder_helpers");
}
