/* checker.c — the debug constraint checker: evaluates every constraint on every row and the
 * LogUp balance of every bus, and reports the first failure (include/swirl.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
#include "field/bb_vec.h"
#include "util/error.h"
#include "util/alloc.h"

typedef struct {
    uint32_t *keys; /* arena: [bus, len, values...] */
    size_t klen, kcap;
    size_t *slot_off; /* key offset + 1, 0 = empty */
    bb_t *slot_sum;
    size_t cap, used;
    int oom;
} bus_map;

static uint64_t key_hash(const uint32_t *k, size_t n) {
    uint64_t h = 0x243f6a8885a308d3ull;
    for (size_t i = 0; i < n; i++) { h ^= k[i]; h *= 0x100000001b3ull; h ^= h >> 29; }
    return h;
}

static int map_grow(bus_map *m) {
    size_t nc = m->cap ? m->cap * 2 : 1024;
    size_t *no = swirl_calloc(nc, sizeof *no);
    bb_t *ns = swirl_calloc(nc, sizeof *ns);
    if (!no || !ns) { swirl_free(no); swirl_free(ns); return 0; }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slot_off[i]) continue;
        const uint32_t *k = m->keys + m->slot_off[i] - 1;
        size_t h = key_hash(k, 2 + k[1]) & (nc - 1);
        while (no[h]) h = (h + 1) & (nc - 1);
        no[h] = m->slot_off[i];
        ns[h] = m->slot_sum[i];
    }
    swirl_free(m->slot_off); swirl_free(m->slot_sum);
    m->slot_off = no; m->slot_sum = ns; m->cap = nc;
    return 1;
}

static void map_add(bus_map *m, const uint32_t *key, size_t n, bb_t count) {
    if (m->oom) return;
    if ((m->used + 1) * 2 > m->cap && !map_grow(m)) { m->oom = 1; return; }
    size_t h = key_hash(key, n) & (m->cap - 1);
    while (m->slot_off[h]) {
        const uint32_t *k = m->keys + m->slot_off[h] - 1;
        if (2 + k[1] == n && !memcmp(k, key, n * 4)) { m->slot_sum[h] = bb_add(m->slot_sum[h], count); return; }
        h = (h + 1) & (m->cap - 1);
    }
    if (m->klen + n > m->kcap) {
        size_t nc = m->kcap ? m->kcap * 2 : 4096;
        while (nc < m->klen + n) nc *= 2;
        uint32_t *nk = swirl_realloc(m->keys, nc * sizeof *nk);
        if (!nk) { m->oom = 1; return; }
        m->keys = nk; m->kcap = nc;
    }
    memcpy(m->keys + m->klen, key, n * 4);
    m->slot_off[h] = m->klen + 1;
    m->slot_sum[h] = count;
    m->klen += n;
    m->used++;
}

/* A shape failure: report kind SHAPE for `air`, status TRACE (inputs that do not match the key)
 * or FIELD_RANGE (a value >= p), message in both the report and err. */
static int fail_input(swirl_check_report *rep, swirl_error *err, int status, size_t air, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (rep) {
        memset(rep, 0, sizeof *rep);
        rep->kind = SWIRL_CHECK_SHAPE;
        rep->air = air;
        snprintf(rep->message, sizeof rep->message, "%s", msg);
    }
    return swirl_fail(err, status, status == SWIRL_ERR_TRACE ? SWIRL_CHECK_SHAPE : 0, "%s", msg);
}

static int present(const swirl_air_inputs *in) { return in->common_main != NULL || in->num_cached_mains > 0; }

/* Pointers that contradict their own counts: caller bugs, whatever the key says. */
static int check_input_pointers(const swirl_air_inputs *in, size_t a, swirl_error *err) {
    if (in->num_cached_mains && !in->cached_mains)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "inputs of AIR %zu: num_cached_mains is %zu but cached_mains is NULL", a,
                          in->num_cached_mains);
    if (in->num_public_values && !in->public_values)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "inputs of AIR %zu: num_public_values is %zu but public_values is NULL", a,
                          in->num_public_values);
    return SWIRL_OK;
}

/* Height of a present AIR's traces (every part has the same height). */
static size_t input_height(const swirl_air_inputs *in) {
    return in->common_main ? in->common_main->height : in->cached_mains[0].height;
}

static unsigned log2_ceil(size_t h) {
    unsigned lh = 0;
    while (lh < 63 && ((size_t)1 << lh) < h) lh++;
    return lh;
}

/* One partition's trace: width and height as the key says, values given, every value < p. */
static int check_part(const swirl_trace *t, size_t width, size_t height, size_t a, const char *what,
                      const swirl_value_scan *scan, swirl_check_report *rep, swirl_error *err) {
    if (!t || t->width != width || t->height != height || (!t->values && width && height))
        return fail_input(rep, err, SWIRL_ERR_TRACE, a, "AIR %zu: %s trace has the wrong shape (expected %zu x %zu)", a, what, height,
                          width);
    if (scan && width && height) { /* the caller finds the first value >= p (device memory, or the prover's pool) */
        size_t first = SIZE_MAX;
        uint32_t value = 0;
        int rc = scan->scan(scan->ctx, t, &first, &value);
        if (rc == SWIRL_ERR_INVALID_ARG)
            return fail_input(rep, err, rc, a, "AIR %zu: %s trace values are not device memory of the context's device", a, what);
        if (rc) return swirl_fail(err, rc, 0, "AIR %zu: %s trace: the range check failed: %s", a, what, swirl_status_str(rc));
        if (first == SIZE_MAX) return SWIRL_OK;
        return fail_input(rep, err, SWIRL_ERR_FIELD_RANGE, a, "AIR %zu: %s value %u at row %zu, column %zu is >= p", a, what, value,
                          first / width, first % width);
    }
    const size_t n = width * height; /* <= 2^27 rows x 2^24 columns: no overflow */
    const size_t i = swirl_bb_first_noncanonical(t->values, n);
    if (i == n) return SWIRL_OK;
    return fail_input(rep, err, SWIRL_ERR_FIELD_RANGE, a, "AIR %zu: %s value %u at row %zu, column %zu is >= p", a, what,
                      t->values[i], i / width, i % width);
}

static int check_present_air(const swirl_pk *pk, size_t a, const swirl_air_inputs *in, const swirl_value_scan *scan,
                             swirl_check_report *rep, swirl_error *err) {
    const swirl_vk *vk = pk->vk;
    const swirl_air_vk *v = &vk->airs[a];
    if (in->num_cached_mains != v->num_cached)
        return fail_input(rep, err, SWIRL_ERR_TRACE, a, "AIR %zu: wrong number of cached main traces (%zu, the key has %zu)", a,
                          in->num_cached_mains, v->num_cached);
    size_t h = input_height(in);
    if (h == 0 || (h & (h - 1))) return fail_input(rep, err, SWIRL_ERR_TRACE, a, "AIR %zu: trace height %zu is not a power of two", a, h);
    if (log2_ceil(h) > vk->params.l_skip + vk->params.n_stack)
        return fail_input(rep, err, SWIRL_ERR_TRACE, a, "AIR %zu: trace height exceeds the stacked height", a);
    int rc = SWIRL_OK;
    if (v->common_width) rc = check_part(in->common_main, v->common_width, h, a, "common main", scan, rep, err);
    else if (in->common_main && in->common_main->width)
        rc = fail_input(rep, err, SWIRL_ERR_TRACE, a, "AIR %zu: common main given for an AIR without one", a);
    for (size_t c = 0; rc == SWIRL_OK && c < v->num_cached; c++) rc = check_part(&in->cached_mains[c], v->cached_widths[c], h, a, "cached main", scan, rep, err);
    if (rc) return rc;
    if (v->has_prep_width && pk->airs[a].prep.height != h)
        return fail_input(rep, err, SWIRL_ERR_TRACE, a, "AIR %zu: trace height differs from the preprocessed height", a);
    if (in->num_public_values != v->num_public_values)
        return fail_input(rep, err, SWIRL_ERR_TRACE, a, "AIR %zu: wrong number of public values (%zu, the key has %zu)", a,
                          in->num_public_values, v->num_public_values);
    for (size_t i = 0; i < in->num_public_values; i++)
        if (in->public_values[i] >= SWIRL_P)
            return fail_input(rep, err, SWIRL_ERR_FIELD_RANGE, a, "AIR %zu: public value %zu (%u) is >= p", a, i, in->public_values[i]);
    return SWIRL_OK;
}

/* trace-height constraints (iop.md §2.4), as the verifier evaluates them: heights below
 * 2^l_skip count as 2^l_skip */
static int check_height_constraints(const swirl_vk *vk, const swirl_air_inputs *inputs, swirl_check_report *rep, swirl_error *err) {
    for (size_t i = 0; i < vk->num_height_constraints; i++) {
        uint64_t sum = 0;
        for (size_t a = 0; a < vk->num_airs; a++) {
            if (!present(&inputs[a])) continue;
            unsigned lh = log2_ceil(input_height(&inputs[a]));
            if (lh < vk->params.l_skip) lh = (unsigned)vk->params.l_skip;
            sum += (uint64_t)vk->height_constraints[i].coefficients[a] << lh; /* < 2^32 * 2^27 each */
        }
        if (sum >= vk->height_constraints[i].threshold)
            return fail_input(rep, err, SWIRL_ERR_TRACE, vk->num_airs,
                              "the trace heights of the %zu AIRs violate trace-height constraint %zu: %llu >= threshold %u (TraceHeightsTooLarge)",
                              vk->num_airs, i, (unsigned long long)sum, vk->height_constraints[i].threshold);
    }
    return SWIRL_OK;
}

int swirl_check_shapes(const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs, swirl_check_report *rep,
                       swirl_error *err) {
    return swirl_check_shapes_scan(pk, inputs, num_airs, NULL, rep, err);
}

int swirl_check_shapes_scan(const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs, const swirl_value_scan *scan,
                            swirl_check_report *rep, swirl_error *err) {
    if (!pk || !pk->vk || (!inputs && num_airs)) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_debug_check: null argument");
    if (rep) { memset(rep, 0, sizeof *rep); rep->kind = SWIRL_CHECK_OK; }
    const swirl_vk *vk = pk->vk;
    if (num_airs != vk->num_airs)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_debug_check: %zu inputs for a key of %zu AIRs", num_airs, vk->num_airs);
    for (size_t a = 0; a < num_airs; a++) {
        int rc = check_input_pointers(&inputs[a], a, err);
        if (rc) return rc;
    }
    for (size_t a = 0; a < num_airs; a++) {
        const swirl_air_inputs *in = &inputs[a];
        int rc = SWIRL_OK;
        if (present(in)) rc = check_present_air(pk, a, in, scan, rep, err);
        else if (vk->airs[a].is_required) rc = fail_input(rep, err, SWIRL_ERR_TRACE, a, "AIR %zu is required but absent", a);
        else if (in->num_public_values) rc = fail_input(rep, err, SWIRL_ERR_TRACE, a, "AIR %zu is absent but has public values", a);
        if (rc) return rc;
    }
    return check_height_constraints(vk, inputs, rep, err);
}

/* Values of every DAG node of AIR a at row r (next row cyclic). */
static void eval_row(const swirl_pk *pk, size_t a, const swirl_air_inputs *in, size_t h, size_t r, bb_t *val) {
    const swirl_air_vk *v = &pk->vk->airs[a];
    const swirl_dag *d = &v->dag;
    for (size_t i = 0; i < d->num_nodes; i++) {
        const swirl_node *n = &d->nodes[i];
        bb_t x = 0;
        switch (n->kind) {
        case SW_NODE_VAR: {
            size_t row = n->offset ? (r + 1) % h : r;
            const swirl_trace *t = NULL;
            if (n->entry == SW_ENTRY_PREP) t = &pk->airs[a].prep;
            else if (n->entry == SW_ENTRY_MAIN) t = n->part < v->num_cached ? &in->cached_mains[n->part] : in->common_main;
            if (n->entry == SW_ENTRY_PUBLIC) x = in->public_values[n->index];
            else if (t) x = t->values[row * t->width + n->index];
            break;
        }
        case SW_NODE_FIRST: x = r == 0; break;
        case SW_NODE_LAST: x = r == h - 1; break;
        case SW_NODE_TRANS: x = r != h - 1; break;
        case SW_NODE_CONST: x = n->value; break;
        case SW_NODE_ADD: x = bb_add(val[n->left], val[n->right]); break;
        case SW_NODE_SUB: x = bb_sub(val[n->left], val[n->right]); break;
        case SW_NODE_NEG: x = bb_neg(val[n->left]); break;
        case SW_NODE_MUL: x = bb_mul(val[n->left], val[n->right]); break;
        }
        val[i] = x;
    }
}

/* SWIRL_ERR_TRACE with a CONSTRAINT report for the first constraint of AIR a nonzero at row r. */
static int check_constraints_row(const swirl_pk *pk, size_t a, size_t r, const bb_t *val, swirl_check_report *rep, swirl_error *err) {
    const swirl_dag *d = &pk->vk->airs[a].dag;
    for (size_t k = 0; k < d->num_constraints; k++) {
        if (val[d->constraint_idx[k]] == 0) continue;
        if (rep) {
            rep->kind = SWIRL_CHECK_CONSTRAINT;
            rep->air = a;
            rep->constraint = k;
            rep->row = r;
            snprintf(rep->message, sizeof rep->message, "AIR %zu '%s': constraint %zu fails at row %zu", a, pk->airs[a].name, k, r);
        }
        return swirl_fail(err, SWIRL_ERR_TRACE, SWIRL_CHECK_CONSTRAINT, "AIR %zu '%s': constraint %zu fails at row %zu", a,
                          pk->airs[a].name, k, r);
    }
    return SWIRL_OK;
}

/* Adds every interaction of AIR a at row r to the bus map; key = [bus, len, message...] in
 * keybuf (2 + the longest message of the key entries). */
static void add_interactions_row(const swirl_dag *d, const bb_t *val, uint32_t *keybuf, bus_map *map) {
    for (size_t i = 0; i < d->num_interactions; i++) {
        const swirl_dag_interaction *it = &d->interactions[i];
        keybuf[0] = it->bus;
        keybuf[1] = (uint32_t)it->message_len;
        for (size_t j = 0; j < it->message_len; j++) keybuf[2 + j] = val[it->message[j]];
        map_add(map, keybuf, 2 + it->message_len, val[it->count]);
    }
}

/* SWIRL_ERR_TRACE with a BUS report for the first (bus, message) whose multiplicities do not
 * cancel. */
static int report_unbalanced(const bus_map *map, swirl_check_report *rep, swirl_error *err) {
    for (size_t i = 0; i < map->cap; i++) {
        if (!map->slot_off[i] || map->slot_sum[i] == 0) continue;
        const uint32_t *k = map->keys + map->slot_off[i] - 1;
        char msg[200];
        int off = snprintf(msg, sizeof msg, "bus %u does not balance: message [", k[0]);
        for (uint32_t j = 0; j < k[1] && off < 160; j++) off += snprintf(msg + off, sizeof msg - (size_t)off, "%s%u", j ? ", " : "", k[2 + j]);
        snprintf(msg + off, sizeof msg - (size_t)off, "] has net multiplicity %u", map->slot_sum[i]);
        if (rep) {
            rep->kind = SWIRL_CHECK_BUS;
            rep->bus = (uint16_t)k[0];
            snprintf(rep->message, sizeof rep->message, "%s", msg);
        }
        return swirl_fail(err, SWIRL_ERR_TRACE, SWIRL_CHECK_BUS, "%s", msg);
    }
    return SWIRL_OK;
}

int swirl_debug_check(const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs, swirl_check_report *rep,
                      swirl_error *err) {
    int rc = swirl_check_shapes(pk, inputs, num_airs, rep, err);
    if (rc) return rc;
    const swirl_vk *vk = pk->vk;
    /* scratch sized from the key: node values of the largest DAG, the longest bus key */
    size_t max_nodes = 1, max_key = 2;
    for (size_t a = 0; a < num_airs; a++) {
        const swirl_dag *d = &vk->airs[a].dag;
        if (d->num_nodes > max_nodes) max_nodes = d->num_nodes;
        for (size_t i = 0; i < d->num_interactions; i++)
            if (2 + d->interactions[i].message_len > max_key) max_key = 2 + d->interactions[i].message_len;
    }
    bus_map map;
    memset(&map, 0, sizeof map);
    bb_t *val = swirl_alloc_array(max_nodes, sizeof *val);
    uint32_t *keybuf = swirl_alloc_array(max_key, sizeof *keybuf);
    if (!val || !keybuf) rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_debug_check: out of memory");
    /* constraints, then buses */
    for (size_t a = 0; a < num_airs && rc == SWIRL_OK; a++) {
        if (!present(&inputs[a])) continue;
        size_t h = input_height(&inputs[a]);
        for (size_t r = 0; r < h && rc == SWIRL_OK && !map.oom; r++) {
            eval_row(pk, a, &inputs[a], h, r, val);
            rc = check_constraints_row(pk, a, r, val, rep, err);
            if (rc == SWIRL_OK) add_interactions_row(&vk->airs[a].dag, val, keybuf, &map);
        }
    }
    if (rc == SWIRL_OK && map.oom) rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_debug_check: out of memory");
    if (rc == SWIRL_OK) rc = report_unbalanced(&map, rep, err);
    swirl_free(val);
    swirl_free(keybuf);
    swirl_free(map.keys); swirl_free(map.slot_off); swirl_free(map.slot_sum);
    return rc;
}
