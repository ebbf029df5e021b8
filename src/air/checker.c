/* checker.c — the debug constraint checker: evaluates every constraint on every row and the
 * LogUp balance of every bus, and reports the first failure (include/swirl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
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

static int fail_shape(swirl_check_report *rep, swirl_error *err, size_t air, const char *fmt, const char *detail) {
    if (rep) {
        memset(rep, 0, sizeof *rep);
        rep->kind = SWIRL_CHECK_SHAPE;
        rep->air = air;
        snprintf(rep->message, sizeof rep->message, fmt, air, detail);
    }
    return swirl_fail(err, SWIRL_ERR_TRACE, SWIRL_CHECK_SHAPE, fmt, air, detail);
}

static int present(const swirl_air_inputs *in) { return in->common_main != NULL || in->num_cached_mains > 0; }

static int check_trace(const swirl_trace *t, size_t width, size_t height) {
    if (!t || t->width != width || t->height != height || (!t->values && width && height)) return 0;
    for (size_t i = 0; i < width * height; i++)
        if (t->values[i] >= SWIRL_P) return 0;
    return 1;
}

int swirl_check_shapes(const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs, swirl_check_report *rep,
                       swirl_error *err) {
    if (!pk || !pk->vk || (!inputs && num_airs)) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_debug_check: null argument");
    if (rep) { memset(rep, 0, sizeof *rep); rep->kind = SWIRL_CHECK_OK; }
    const swirl_vk *vk = pk->vk;
    if (num_airs != vk->num_airs)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_debug_check: %zu inputs for a key of %zu AIRs", num_airs, vk->num_airs);
    /* shapes */
    for (size_t a = 0; a < num_airs; a++) {
        const swirl_air_vk *v = &vk->airs[a];
        const swirl_air_inputs *in = &inputs[a];
        if (!present(in)) {
            if (v->is_required) return fail_shape(rep, err, a, "AIR %zu is required but absent%s", "");
            if (in->num_public_values) return fail_shape(rep, err, a, "AIR %zu is absent but has public values%s", "");
            continue;
        }
        size_t h = in->common_main ? in->common_main->height : in->cached_mains[0].height;
        if (h == 0 || (h & (h - 1))) return fail_shape(rep, err, a, "AIR %zu: trace height is not a power of two%s", "");
        size_t lh = 0;
        while (((size_t)1 << lh) < h) lh++;
        if (lh > vk->params.l_skip + vk->params.n_stack) return fail_shape(rep, err, a, "AIR %zu: trace height exceeds the stacked height%s", "");
        if (v->common_width && !check_trace(in->common_main, v->common_width, h))
            return fail_shape(rep, err, a, "AIR %zu: common main trace has the wrong shape or a value >= p%s", "");
        if (!v->common_width && in->common_main && in->common_main->width)
            return fail_shape(rep, err, a, "AIR %zu: common main given for an AIR without one%s", "");
        if (in->num_cached_mains != v->num_cached) return fail_shape(rep, err, a, "AIR %zu: wrong number of cached main traces%s", "");
        for (size_t c = 0; c < v->num_cached; c++)
            if (!check_trace(&in->cached_mains[c], v->cached_widths[c], h))
                return fail_shape(rep, err, a, "AIR %zu: a cached main trace has the wrong shape or a value >= p%s", "");
        if (v->has_prep_width && pk->airs[a].prep.height != h)
            return fail_shape(rep, err, a, "AIR %zu: trace height differs from the preprocessed height%s", "");
        if (in->num_public_values != v->num_public_values || (in->num_public_values && !in->public_values))
            return fail_shape(rep, err, a, "AIR %zu: wrong number of public values%s", "");
        for (size_t i = 0; i < in->num_public_values; i++)
            if (in->public_values[i] >= SWIRL_P) return fail_shape(rep, err, a, "AIR %zu: public value >= p%s", "");
    }
    /* trace-height constraints (iop.md §2.4), as the verifier evaluates them: heights below
     * 2^l_skip count as 2^l_skip */
    for (size_t i = 0; i < vk->num_height_constraints; i++) {
        uint64_t sum = 0;
        for (size_t a = 0; a < num_airs; a++) {
            const swirl_air_inputs *in = &inputs[a];
            if (!present(in)) continue;
            size_t h = in->common_main ? in->common_main->height : in->cached_mains[0].height;
            size_t lh = 0;
            while (((size_t)1 << lh) < h) lh++;
            if (lh < vk->params.l_skip) lh = vk->params.l_skip;
            sum += (uint64_t)vk->height_constraints[i].coefficients[a] << lh;
        }
        if (sum >= vk->height_constraints[i].threshold) {
            char msg[128];
            snprintf(msg, sizeof msg, " violate trace-height constraint %zu: %llu >= threshold %u (TraceHeightsTooLarge)", i,
                     (unsigned long long)sum, vk->height_constraints[i].threshold);
            return fail_shape(rep, err, num_airs, "the trace heights of the %zu AIRs%s", msg);
        }
    }
    return SWIRL_OK;
}

int swirl_debug_check(const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs, swirl_check_report *rep,
                      swirl_error *err) {
    int src = swirl_check_shapes(pk, inputs, num_airs, rep, err);
    if (src) return src;
    const swirl_vk *vk = pk->vk;
    /* constraints, then buses */
    bus_map map;
    memset(&map, 0, sizeof map);
    int rc = SWIRL_OK;
    uint32_t keybuf[1 << 8];
    for (size_t a = 0; a < num_airs && rc == SWIRL_OK; a++) {
        const swirl_air_vk *v = &vk->airs[a];
        const swirl_air_inputs *in = &inputs[a];
        if (!present(in)) continue;
        const swirl_dag *d = &v->dag;
        size_t h = in->common_main ? in->common_main->height : in->cached_mains[0].height;
        bb_t *val = swirl_malloc((d->num_nodes + 1) * sizeof *val);
        if (!val) { rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); break; }
        for (size_t r = 0; r < h && rc == SWIRL_OK; r++) {
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
            for (size_t k = 0; k < d->num_constraints; k++) {
                if (val[d->constraint_idx[k]] != 0) {
                    if (rep) {
                        rep->kind = SWIRL_CHECK_CONSTRAINT;
                        rep->air = a;
                        rep->constraint = k;
                        rep->row = r;
                        snprintf(rep->message, sizeof rep->message, "AIR %zu '%s': constraint %zu fails at row %zu", a,
                                 pk->airs[a].name, k, r);
                    }
                    rc = swirl_fail(err, SWIRL_ERR_TRACE, SWIRL_CHECK_CONSTRAINT, "AIR %zu '%s': constraint %zu fails at row %zu",
                                    a, pk->airs[a].name, k, r);
                    break;
                }
            }
            for (size_t i = 0; i < d->num_interactions && rc == SWIRL_OK; i++) {
                const swirl_dag_interaction *it = &d->interactions[i];
                if (it->message_len + 2 > sizeof keybuf / sizeof *keybuf) continue;
                keybuf[0] = it->bus;
                keybuf[1] = (uint32_t)it->message_len;
                for (size_t j = 0; j < it->message_len; j++) keybuf[2 + j] = val[it->message[j]];
                map_add(&map, keybuf, 2 + it->message_len, val[it->count]);
            }
        }
        swirl_free(val);
    }
    if (rc == SWIRL_OK && map.oom) rc = swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory");
    for (size_t i = 0; rc == SWIRL_OK && i < map.cap; i++) {
        if (!map.slot_off[i] || map.slot_sum[i] == 0) continue;
        const uint32_t *k = map.keys + map.slot_off[i] - 1;
        char msg[200];
        int off = snprintf(msg, sizeof msg, "bus %u does not balance: message [", k[0]);
        for (uint32_t j = 0; j < k[1] && off < 160; j++) off += snprintf(msg + off, sizeof msg - (size_t)off, "%s%u", j ? ", " : "", k[2 + j]);
        snprintf(msg + off, sizeof msg - (size_t)off, "] has net multiplicity %u", map.slot_sum[i]);
        if (rep) {
            rep->kind = SWIRL_CHECK_BUS;
            rep->bus = (uint16_t)k[0];
            snprintf(rep->message, sizeof rep->message, "%s", msg);
        }
        rc = swirl_fail(err, SWIRL_ERR_TRACE, SWIRL_CHECK_BUS, "%s", msg);
    }
    swirl_free(map.keys); swirl_free(map.slot_off); swirl_free(map.slot_sum);
    return rc;
}
