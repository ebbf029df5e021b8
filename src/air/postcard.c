/* postcard.c — postcard (serde) encoding and strict decoding of the verifying key
 * (iop.md §2.5): unsigned LEB128 varints for integers, zigzag for isize, one byte for bool/u8,
 * Option as a 0/1 tag, enums as a varint variant index, sequences length-prefixed, and BabyBear
 * elements as the varint of their MONTGOMERY form (Plonky3's serde). The same bytes (with the
 * pre_hash appended) are swirl's verifying-key file format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
#include "codec/bytes.h"
#include "util/alloc.h"

static void put_var(swirl_writer *w, uint64_t v) {
    uint8_t b[10];
    int n = 0;
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        if (v) byte |= 0x80;
        b[n++] = byte;
    } while (v);
    swirl_put_bytes(w, b, (size_t)n);
}
static void put_ivar(swirl_writer *w, int64_t v) { put_var(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63)); }
static void put_f(swirl_writer *w, bb_t x) { put_var(w, bb_to_monty(x)); }
static void put_digest(swirl_writer *w, const swirl_digest *d) { for (int i = 0; i < 8; i++) put_f(w, d->v[i]); }

static void put_params(swirl_writer *w, const swirl_system_params *p) {
    put_var(w, p->l_skip);
    put_var(w, p->n_stack);
    put_var(w, p->w_stack);
    put_var(w, p->log_blowup);
    put_var(w, p->whir.k);
    put_var(w, p->whir.num_rounds);
    for (size_t r = 0; r < p->whir.num_rounds; r++) put_var(w, p->whir.num_queries[r]);
    put_var(w, p->whir.mu_pow_bits);
    put_var(w, p->whir.query_phase_pow_bits);
    put_var(w, p->whir.folding_pow_bits);
    put_var(w, (uint64_t)p->whir.proximity.kind);
    if (p->whir.proximity.kind == SWIRL_PROX_SPLIT_UNIQUE_LIST) {
        put_var(w, p->whir.proximity.m);
        put_var(w, p->whir.proximity.list_start_round);
    } else if (p->whir.proximity.kind == SWIRL_PROX_LIST) {
        put_var(w, p->whir.proximity.m);
    }
    put_var(w, p->logup.max_interaction_count);
    put_var(w, p->logup.log_max_message_length);
    put_var(w, p->logup.pow_bits);
    put_var(w, p->max_constraint_degree);
}

static void put_var_sym(swirl_writer *w, uint8_t entry, uint32_t part, uint8_t offset, uint32_t index) {
    put_var(w, entry);
    if (entry == SW_ENTRY_PREP) put_var(w, offset);
    else if (entry == SW_ENTRY_MAIN) { put_var(w, part); put_var(w, offset); }
    put_var(w, index);
}

int swirl_vk_postcard(const swirl_vk *vk, int with_pre_hash, swirl_writer *w) {
    put_params(w, &vk->params);
    put_var(w, vk->num_airs);
    for (size_t a = 0; a < vk->num_airs; a++) {
        const swirl_air_vk *v = &vk->airs[a];
        swirl_put_u8(w, v->has_preprocessed ? 1 : 0);
        if (v->has_preprocessed) {
            put_digest(w, &v->prep_commit);
            put_ivar(w, v->prep_hypercube_dim);
            put_var(w, v->prep_stacking_width);
        }
        swirl_put_u8(w, v->has_prep_width ? 1 : 0);
        if (v->has_prep_width) put_var(w, v->prep_width);
        put_var(w, v->num_cached);
        for (size_t i = 0; i < v->num_cached; i++) put_var(w, v->cached_widths[i]);
        put_var(w, v->common_width);
        put_var(w, v->num_public_values);
        swirl_put_u8(w, v->need_rot ? 1 : 0);
        const swirl_dag *d = &v->dag;
        put_var(w, d->num_nodes);
        for (size_t i = 0; i < d->num_nodes; i++) {
            const swirl_node *n = &d->nodes[i];
            put_var(w, n->kind);
            switch (n->kind) {
            case SW_NODE_VAR: put_var_sym(w, n->entry, n->part, n->offset, n->index); break;
            case SW_NODE_CONST: put_f(w, n->value); break;
            case SW_NODE_ADD: case SW_NODE_SUB: case SW_NODE_MUL:
                put_var(w, n->left); put_var(w, n->right); put_var(w, n->degree); break;
            case SW_NODE_NEG: put_var(w, n->left); put_var(w, n->degree); break;
            default: break;
            }
        }
        put_var(w, d->num_constraints);
        for (size_t i = 0; i < d->num_constraints; i++) put_var(w, d->constraint_idx[i]);
        put_var(w, d->num_interactions);
        for (size_t i = 0; i < d->num_interactions; i++) {
            const swirl_dag_interaction *it = &d->interactions[i];
            put_var(w, it->message_len);
            for (size_t j = 0; j < it->message_len; j++) put_var(w, it->message[j]);
            put_var(w, it->count);
            put_var(w, it->bus);
            put_var(w, it->count_weight);
        }
        swirl_put_u8(w, v->max_constraint_degree);
        swirl_put_u8(w, v->is_required ? 1 : 0);
        put_var(w, v->num_unused);
        for (size_t i = 0; i < v->num_unused; i++) {
            const swirl_symbolic_var *s = &v->unused[i];
            put_var_sym(w, s->entry, s->part, s->offset, s->index);
        }
    }
    put_var(w, vk->num_height_constraints);
    for (size_t i = 0; i < vk->num_height_constraints; i++) {
        put_var(w, vk->num_airs);
        for (size_t a = 0; a < vk->num_airs; a++) put_var(w, vk->height_constraints[i].coefficients[a]);
        put_var(w, vk->height_constraints[i].threshold);
    }
    if (with_pre_hash) put_digest(w, &vk->pre_hash);
    return w->oom ? SWIRL_ERR_OUT_OF_MEMORY : SWIRL_OK;
}

/* ---- strict decoding ---------------------------------------------------------------------- */

/* bad: 0 while the bytes parse, then the FIRST failure: DEC_MALFORMED or DEC_OOM. Later
 * failures never overwrite it, so an allocation failure is reported as out of memory even when
 * the reads that follow it run off the end. */
typedef struct { swirl_reader r; int bad; char msg[160]; } dec;
enum { DEC_MALFORMED = 1, DEC_OOM = 2 };
static void malformed(dec *d) { if (!d->bad) d->bad = DEC_MALFORMED; }
static void out_of_memory(dec *d) { if (!d->bad) d->bad = DEC_OOM; }

static uint64_t get_var(dec *d, uint64_t max) {
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        uint8_t b;
        if (!swirl_get_u8(&d->r, &b)) { malformed(d); return 0; }
        if (shift == 63 && (b & 0x7e)) { malformed(d); return 0; } /* overflow */
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            if (b == 0 && shift > 0) { malformed(d); return 0; } /* non-minimal: the codec is canonical */
            if (v > max) { malformed(d); return 0; }
            return v;
        }
    }
    malformed(d);
    return 0;
}
static uint8_t get_u8(dec *d) { uint8_t b = 0; if (!swirl_get_u8(&d->r, &b)) malformed(d); return b; }
static int get_bool(dec *d) { uint8_t b = get_u8(d); if (b > 1) malformed(d); return b; }
static bb_t get_f(dec *d) {
    uint64_t m = get_var(d, 0xffffffffull);
    if (m >= BB_P) { malformed(d); return 0; }
    return bb_from_monty((uint32_t)m);
}
/* A sequence length, bounded by the bytes left (each element takes at least one byte). */
static size_t get_len(dec *d) { return (size_t)get_var(d, swirl_reader_left(&d->r)); }

#define LIM 0x7fffffffu

int swirl_vk_params_check(const swirl_system_params *p, char *msg, size_t msglen) {
    /* the bounds swirl_vk_parse applies to the parameter block */
    const char *why = NULL;
    if (p->w_stack > LIM) why = "w_stack exceeds 2^31 - 1";
    else if (p->whir.proximity.kind != SWIRL_PROX_UNIQUE && p->whir.proximity.kind != SWIRL_PROX_SPLIT_UNIQUE_LIST &&
             p->whir.proximity.kind != SWIRL_PROX_LIST)
        why = "unknown whir.proximity.kind";
    else if (p->whir.proximity.kind != SWIRL_PROX_UNIQUE && p->whir.proximity.m > LIM)
        why = "whir.proximity.m exceeds 2^31 - 1";
    else if (p->whir.proximity.kind == SWIRL_PROX_SPLIT_UNIQUE_LIST && p->whir.proximity.list_start_round > LIM)
        why = "whir.proximity.list_start_round exceeds 2^31 - 1";
    else if (p->l_skip > 64 || p->n_stack > 64 || p->log_blowup > 64 || p->whir.k > 64 || p->whir.mu_pow_bits > 64 ||
             p->whir.query_phase_pow_bits > 64 || p->whir.folding_pow_bits > 64 || p->logup.pow_bits > 64 ||
             p->max_constraint_degree > 255 || p->whir.num_rounds > SWIRL_MAX_WHIR_ROUNDS)
        why = "a size or proof-of-work parameter is out of range";
    for (size_t r = 0; !why && r < p->whir.num_rounds; r++)
        if (p->whir.num_queries[r] > LIM) why = "whir.num_queries exceeds 2^31 - 1";
    if (!why) return SWIRL_OK;
    snprintf(msg, msglen, "%s", why);
    return SWIRL_ERR_PARAMS;
}

void swirl_vk_clear(swirl_vk *vk) {
    if (!vk) return;
    for (size_t a = 0; a < vk->num_airs && vk->airs; a++) {
        swirl_free(vk->airs[a].cached_widths);
        swirl_dag_free(&vk->airs[a].dag);
        swirl_free(vk->airs[a].unused);
    }
    swirl_free(vk->airs);
    for (size_t i = 0; i < vk->num_height_constraints && vk->height_constraints; i++) swirl_free(vk->height_constraints[i].coefficients);
    swirl_free(vk->height_constraints);
    memset(vk, 0, sizeof *vk);
}

static void get_sym(dec *d, uint8_t *entry, uint32_t *part, uint8_t *offset, uint32_t *index) {
    *entry = (uint8_t)get_var(d, 3);
    *part = 0;
    *offset = 0;
    if (*entry == SW_ENTRY_PREP) *offset = (uint8_t)get_var(d, 1);
    else if (*entry == SW_ENTRY_MAIN) { *part = (uint32_t)get_var(d, LIM); *offset = (uint8_t)get_var(d, 1); }
    *index = (uint32_t)get_var(d, LIM);
}

int swirl_vk_parse(const uint8_t *bytes, size_t len, int with_pre_hash, swirl_vk *vk, char *msg, size_t msglen) {
    dec D;
    memset(&D, 0, sizeof D);
    swirl_reader_init(&D.r, bytes, len);
    dec *d = &D;
    memset(vk, 0, sizeof *vk);
    swirl_system_params *p = &vk->params;
    p->l_skip = get_var(d, 64);
    p->n_stack = get_var(d, 64);
    p->w_stack = get_var(d, LIM);
    p->log_blowup = get_var(d, 64);
    p->whir.k = get_var(d, 64);
    p->whir.num_rounds = get_var(d, SWIRL_MAX_WHIR_ROUNDS);
    for (size_t r = 0; r < p->whir.num_rounds && !d->bad; r++) p->whir.num_queries[r] = get_var(d, LIM);
    p->whir.mu_pow_bits = get_var(d, 64);
    p->whir.query_phase_pow_bits = get_var(d, 64);
    p->whir.folding_pow_bits = get_var(d, 64);
    p->whir.proximity.kind = (swirl_proximity_kind)get_var(d, 2);
    if (p->whir.proximity.kind == SWIRL_PROX_SPLIT_UNIQUE_LIST) {
        p->whir.proximity.m = get_var(d, LIM);
        p->whir.proximity.list_start_round = get_var(d, LIM);
    } else if (p->whir.proximity.kind == SWIRL_PROX_LIST) {
        p->whir.proximity.m = get_var(d, LIM);
    }
    p->logup.max_interaction_count = (uint32_t)get_var(d, 0xffffffffu);
    p->logup.log_max_message_length = (uint32_t)get_var(d, 0xffffffffu);
    p->logup.pow_bits = get_var(d, 64);
    p->max_constraint_degree = get_var(d, 255);
    if (d->bad) { snprintf(msg, msglen, "malformed system parameters"); goto fail; }
    size_t na = get_len(d);
    vk->airs = swirl_calloc(na + 1, sizeof *vk->airs);
    if (!vk->airs) { snprintf(msg, msglen, "out of memory"); swirl_vk_clear(vk); return SWIRL_ERR_OUT_OF_MEMORY; }
    vk->num_airs = na;
    for (size_t a = 0; a < na && !d->bad; a++) {
        swirl_air_vk *v = &vk->airs[a];
        v->has_preprocessed = get_bool(d);
        if (v->has_preprocessed) {
            for (int i = 0; i < 8; i++) v->prep_commit.v[i] = get_f(d);
            uint64_t z = get_var(d, UINT64_MAX);
            v->prep_hypercube_dim = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
            v->prep_stacking_width = get_var(d, LIM);
            if (v->prep_hypercube_dim < -64 || v->prep_hypercube_dim > 64) malformed(d);
        }
        v->has_prep_width = get_bool(d);
        if (v->has_prep_width) v->prep_width = get_var(d, SWIRL_MAX_AIR_WIDTH);
        v->num_cached = get_len(d);
        v->cached_widths = swirl_calloc(v->num_cached + 1, sizeof *v->cached_widths);
        if (!v->cached_widths) { out_of_memory(d); break; }
        for (size_t i = 0; i < v->num_cached && !d->bad; i++) v->cached_widths[i] = get_var(d, SWIRL_MAX_AIR_WIDTH);
        if (1 + (size_t)v->has_prep_width + v->num_cached > SWIRL_MAX_TRACE_PARTS) malformed(d); /* keygen never makes one */
        v->common_width = get_var(d, SWIRL_MAX_AIR_WIDTH);
        v->num_public_values = get_var(d, SWIRL_MAX_PUBLIC_VALUES);
        v->need_rot = get_bool(d);
        swirl_dag *g = &v->dag;
        g->num_nodes = get_len(d);
        g->nodes = swirl_calloc(g->num_nodes + 1, sizeof *g->nodes);
        if (!g->nodes) { out_of_memory(d); break; }
        for (size_t i = 0; i < g->num_nodes && !d->bad; i++) {
            swirl_node *n = &g->nodes[i];
            n->kind = (uint8_t)get_var(d, 8);
            switch (n->kind) {
            case SW_NODE_VAR:
                get_sym(d, &n->entry, &n->part, &n->offset, &n->index);
                n->degree = (n->entry == SW_ENTRY_MAIN || n->entry == SW_ENTRY_PREP) ? 1 : 0;
                if (n->entry == SW_ENTRY_CHALLENGE) { malformed(d); snprintf(msg, msglen, "Challenge variables are not supported"); }
                break;
            case SW_NODE_CONST: n->value = get_f(d); break;
            case SW_NODE_ADD: case SW_NODE_SUB: case SW_NODE_MUL:
                n->left = (uint32_t)get_var(d, LIM); n->right = (uint32_t)get_var(d, LIM); n->degree = (uint32_t)get_var(d, LIM);
                if (n->left >= i || n->right >= i) malformed(d); /* topological order */
                break;
            case SW_NODE_NEG:
                n->left = (uint32_t)get_var(d, LIM); n->degree = (uint32_t)get_var(d, LIM);
                if (n->left >= i) malformed(d);
                break;
            default: break;
            }
        }
        g->num_constraints = get_len(d);
        g->constraint_idx = swirl_calloc(g->num_constraints + 1, sizeof *g->constraint_idx);
        if (!g->constraint_idx) { out_of_memory(d); break; }
        for (size_t i = 0; i < g->num_constraints && !d->bad; i++) {
            g->constraint_idx[i] = (uint32_t)get_var(d, g->num_nodes ? g->num_nodes - 1 : 0);
            if (!g->num_nodes) malformed(d);
        }
        size_t ni = get_len(d);
        g->interactions = swirl_calloc(ni + 1, sizeof *g->interactions);
        if (!g->interactions) { out_of_memory(d); break; }
        for (size_t i = 0; i < ni && !d->bad; i++) {
            swirl_dag_interaction *it = &g->interactions[i];
            it->message_len = get_len(d);
            it->message = swirl_calloc(it->message_len + 1, sizeof *it->message);
            g->num_interactions = i + 1;
            if (!it->message) { out_of_memory(d); break; }
            for (size_t j = 0; j < it->message_len && !d->bad; j++) it->message[j] = (uint32_t)get_var(d, g->num_nodes ? g->num_nodes - 1 : 0);
            it->count = (uint32_t)get_var(d, g->num_nodes ? g->num_nodes - 1 : 0);
            if (!g->num_nodes) malformed(d);
            it->bus = (uint16_t)get_var(d, 0xffff);
            it->count_weight = (uint32_t)get_var(d, 0xffffffffu);
        }
        v->max_constraint_degree = get_u8(d);
        v->is_required = get_bool(d);
        v->num_unused = get_len(d);
        v->unused = swirl_calloc(v->num_unused + 1, sizeof *v->unused);
        if (!v->unused) { out_of_memory(d); break; }
        for (size_t i = 0; i < v->num_unused && !d->bad; i++)
            get_sym(d, &v->unused[i].entry, &v->unused[i].part, &v->unused[i].offset, &v->unused[i].index);
        /* semantic checks: variables within the declared widths, need_rot consistent */
        int rot = 0;
        for (size_t i = 0; i < g->num_nodes && !d->bad; i++) {
            const swirl_node *n = &g->nodes[i];
            if (n->kind != SW_NODE_VAR) continue;
            if (n->offset) rot = 1;
            if (n->entry == SW_ENTRY_PREP && (!v->has_prep_width || n->index >= v->prep_width)) malformed(d);
            if (n->entry == SW_ENTRY_PUBLIC && n->index >= v->num_public_values) malformed(d);
            if (n->entry == SW_ENTRY_MAIN) {
                size_t w = n->part < v->num_cached ? v->cached_widths[n->part] : (n->part == v->num_cached ? v->common_width : 0);
                if (n->index >= w) malformed(d);
            }
        }
        if (!d->bad && rot != v->need_rot) malformed(d);
        if (!d->bad && v->has_preprocessed != v->has_prep_width) malformed(d);
    }
    if (d->bad == DEC_OOM) { snprintf(msg, msglen, "out of memory"); swirl_vk_clear(vk); return SWIRL_ERR_OUT_OF_MEMORY; }
    if (d->bad) { if (!msg[0]) snprintf(msg, msglen, "malformed per-AIR verifying key"); goto fail; }
    size_t nh = get_len(d);
    vk->height_constraints = swirl_calloc(nh + 1, sizeof *vk->height_constraints);
    if (!vk->height_constraints) { snprintf(msg, msglen, "out of memory"); swirl_vk_clear(vk); return SWIRL_ERR_OUT_OF_MEMORY; }
    vk->num_height_constraints = nh;
    for (size_t i = 0; i < nh && !d->bad; i++) {
        size_t nc = get_len(d);
        if (nc != na) { malformed(d); break; }
        vk->height_constraints[i].coefficients = swirl_calloc(na + 1, sizeof(uint32_t));
        if (!vk->height_constraints[i].coefficients) { snprintf(msg, msglen, "out of memory"); swirl_vk_clear(vk); return SWIRL_ERR_OUT_OF_MEMORY; }
        for (size_t a = 0; a < na && !d->bad; a++) vk->height_constraints[i].coefficients[a] = (uint32_t)get_var(d, 0xffffffffu);
        vk->height_constraints[i].threshold = (uint32_t)get_var(d, 0xffffffffu);
    }
    if (with_pre_hash)
        for (int i = 0; i < 8; i++) vk->pre_hash.v[i] = get_f(d);
    if (d->bad) { snprintf(msg, msglen, "malformed trace-height constraints or pre-hash"); goto fail; }
    if (swirl_reader_left(&d->r) != 0) { snprintf(msg, msglen, "%zu trailing bytes", swirl_reader_left(&d->r)); goto fail; }
    if (swirl_params_validate(p) != SWIRL_OK) { snprintf(msg, msglen, "unsupported system parameters"); goto fail; }
    return SWIRL_OK;
fail:
    if (!msg[0]) snprintf(msg, msglen, "malformed verifying key");
    swirl_vk_clear(vk);
    return SWIRL_ERR_DECODE;
}
