/* keygen.c — proving/verifying keys for a set of AIRs (iop.md §2.1–2.4), key accessors and the
 * verifying-key byte codec. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "air/keys.h"
#include "codec/bytes.h"
#include "util/ctx.h"
#include "util/error.h"
#include "util/alloc.h"
#include "util/uid.h"

void swirl_pk_stamp(swirl_pk *pk) {
    for (size_t a = 0; a < pk->vk->num_airs; a++) {
        pk->vk->airs[a].uid = swirl_uid_next();
        if (pk->airs[a].prep_data) pk->airs[a].prep_data->uid = swirl_uid_next();
    }
}

void swirl_vk_free(swirl_vk *vk) {
    if (!vk) return;
    swirl_vk_clear(vk);
    swirl_free(vk);
}

void swirl_pk_free(swirl_pk *pk) {
    if (!pk) return;
    if (pk->airs && pk->vk)
        for (size_t a = 0; a < pk->vk->num_airs; a++) {
            swirl_free(pk->airs[a].name);
            swirl_free(pk->airs[a].prep.values);
            swirl_stacked_pcs_data_free(pk->airs[a].prep_data);
        }
    swirl_free(pk->airs);
    swirl_vk_free(pk->vk);
    swirl_free(pk);
}

const swirl_vk *swirl_pk_vk(const swirl_pk *pk) { return pk ? pk->vk : NULL; }
void swirl_bytes_free(uint8_t *b) { swirl_free(b); }

void swirl_vk_pre_hash(const swirl_vk *vk, uint32_t out[8]) {
    if (!vk || !out) return;
    memcpy(out, vk->pre_hash.v, 32);
}
const swirl_system_params *swirl_vk_params(const swirl_vk *vk) { return vk ? &vk->params : NULL; }
size_t swirl_vk_num_airs(const swirl_vk *vk) { return vk ? vk->num_airs : 0; }
size_t swirl_vk_num_height_constraints(const swirl_vk *vk) { return vk ? vk->num_height_constraints : 0; }

int swirl_vk_height_constraint(const swirl_vk *vk, size_t i, const uint32_t **coef, uint32_t *thr) {
    if (!vk || i >= vk->num_height_constraints || !coef || !thr) return SWIRL_ERR_INVALID_ARG;
    *coef = vk->height_constraints[i].coefficients;
    *thr = vk->height_constraints[i].threshold;
    return SWIRL_OK;
}

int swirl_vk_air_info(const swirl_vk *vk, size_t air, swirl_air_info *o) {
    if (!vk || !o || air >= vk->num_airs) return SWIRL_ERR_INVALID_ARG;
    const swirl_air_vk *v = &vk->airs[air];
    memset(o, 0, sizeof *o);
    o->has_preprocessed = v->has_prep_width;
    o->preprocessed_width = v->prep_width;
    o->num_cached_mains = v->num_cached;
    o->cached_main_widths = v->cached_widths;
    o->common_main_width = v->common_width;
    o->num_public_values = v->num_public_values;
    o->need_rot = v->need_rot;
    o->num_constraints = v->dag.num_constraints;
    o->num_interactions = v->dag.num_interactions;
    o->max_degree = v->max_constraint_degree;
    o->num_dag_nodes = v->dag.num_nodes;
    o->is_required = v->is_required;
    return SWIRL_OK;
}

/* acc += x, refusing to wrap (every count of keygen is checked: widths come from callers). */
static int add_checked(size_t *acc, size_t x) {
    if (x > SIZE_MAX - *acc) return 0;
    *acc += x;
    return 1;
}

/* Number of (column, rotation) variables of the AIR's partitions, or 0 with *ok = 0 when the
 * count does not fit (never, with widths within SWIRL_MAX_AIR_WIDTH). */
static size_t count_variables(const swirl_air_vk *v, int *ok) {
    size_t rot = v->need_rot ? 2 : 1, total = 0;
    *ok = v->prep_width <= SIZE_MAX / rot && add_checked(&total, v->prep_width * rot);
    for (size_t i = 0; *ok && i < v->num_cached; i++)
        *ok = v->cached_widths[i] <= SIZE_MAX / rot && add_checked(&total, v->cached_widths[i] * rot);
    if (*ok) *ok = v->common_width <= SIZE_MAX / rot && add_checked(&total, v->common_width * rot);
    if (*ok) *ok = add_checked(&total, 1);
    return *ok ? total : 0;
}

static int variable_used(const swirl_dag *dag, int prep, size_t part, size_t col, uint8_t off) {
    for (size_t i = 0; i < dag->num_nodes; i++) {
        const swirl_node *n = &dag->nodes[i];
        if (n->kind != SW_NODE_VAR || n->offset != off || n->index != col) continue;
        if (prep && n->entry == SW_ENTRY_PREP) return 1;
        if (!prep && n->entry == SW_ENTRY_MAIN && n->part == part) return 1;
    }
    return 0;
}

/* unused_variables (iop.md §1.7). SWIRL_ERR_AIR if the variable count overflows (unreachable
 * with the builder's width limit; checked because widths come from callers). */
static int compute_unused(swirl_air_vk *v) {
    int ok = 0;
    size_t total = count_variables(v, &ok);
    if (!ok) return SWIRL_ERR_AIR;
    v->unused = swirl_calloc(total, sizeof *v->unused);
    if (!v->unused) return SWIRL_ERR_OUT_OF_MEMORY;
    const uint8_t rot = v->need_rot ? 2 : 1;
    const size_t nparts = v->num_cached + (v->common_width ? 1 : 0);
    for (size_t pass = 0; pass < 1 + nparts; pass++) {
        int prep = pass == 0;
        size_t part = prep ? 0 : pass - 1;
        size_t width = prep ? (v->has_prep_width ? v->prep_width : 0)
                            : (part < v->num_cached ? v->cached_widths[part] : v->common_width);
        for (size_t col = 0; col < width; col++)
            for (uint8_t off = 0; off < rot; off++) {
                if (variable_used(&v->dag, prep, part, col, off)) continue;
                swirl_symbolic_var *sv = &v->unused[v->num_unused++]; /* num_unused < total by count_variables */
                sv->entry = prep ? SW_ENTRY_PREP : SW_ENTRY_MAIN;
                sv->part = prep ? 0 : (uint32_t)part;
                sv->offset = off;
                sv->index = (uint32_t)col;
            }
    }
    return SWIRL_OK;
}

static int implies(const swirl_linear_constraint *o, const swirl_linear_constraint *c, size_t n) {
    if (c->threshold < o->threshold) return 0;
    for (size_t i = 0; i < n; i++)
        if (c->coefficients[i] > o->coefficients[i]) return 0;
    return 1;
}

/* trace-height constraints (iop.md §2.4) */
static int height_constraints(swirl_vk *vk) {
    size_t n = vk->num_airs;
    /* distinct buses, increasing */
    size_t nb = 0;
    uint16_t *buses = NULL;
    for (size_t a = 0; a < n; a++)
        for (size_t i = 0; i < vk->airs[a].dag.num_interactions; i++) {
            uint16_t b = vk->airs[a].dag.interactions[i].bus;
            size_t j = 0;
            while (j < nb && buses[j] != b) j++;
            if (j == nb) {
                uint16_t *nbuf = swirl_realloc(buses, (nb + 1) * sizeof *nbuf);
                if (!nbuf) { swirl_free(buses); return SWIRL_ERR_OUT_OF_MEMORY; }
                buses = nbuf;
                buses[nb++] = b;
            }
        }
    for (size_t i = 1; i < nb; i++)
        for (size_t j = i; j > 0 && buses[j - 1] > buses[j]; j--) { uint16_t t = buses[j]; buses[j] = buses[j - 1]; buses[j - 1] = t; }
    size_t ncand = nb + 1;
    swirl_linear_constraint *cand = swirl_calloc(ncand, sizeof *cand);
    swirl_linear_constraint *outl = swirl_calloc(ncand, sizeof *outl);
    if (!cand || !outl) { swirl_free(buses); swirl_free(cand); swirl_free(outl); return SWIRL_ERR_OUT_OF_MEMORY; }
    int rc = SWIRL_OK;
    for (size_t c = 0; c < ncand; c++) {
        cand[c].coefficients = swirl_calloc(n + 1, sizeof(uint32_t));
        if (!cand[c].coefficients) { rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
        for (size_t a = 0; a < n; a++) {
            const swirl_dag *d = &vk->airs[a].dag;
            uint64_t s = 0;
            for (size_t i = 0; i < d->num_interactions; i++)
                if (c < nb ? d->interactions[i].bus == buses[c] : 1) s += c < nb ? d->interactions[i].count_weight : 1;
            cand[c].coefficients[a] = (uint32_t)(s > 0xffffffffu ? 0xffffffffu : s);
        }
        cand[c].threshold = c < nb ? SWIRL_P : vk->params.logup.max_interaction_count;
    }
    size_t nout = 0;
    for (size_t c = 0; c < ncand && rc == SWIRL_OK; c++) {
        int skip = 0;
        for (size_t o = 0; o < nout && !skip; o++) skip = implies(&outl[o], &cand[c], n);
        if (skip) { swirl_free(cand[c].coefficients); cand[c].coefficients = NULL; continue; }
        size_t keep = 0;
        for (size_t o = 0; o < nout; o++) {
            if (implies(&cand[c], &outl[o], n)) swirl_free(outl[o].coefficients);
            else outl[keep++] = outl[o];
        }
        nout = keep;
        outl[nout++] = cand[c];
        cand[c].coefficients = NULL;
    }
    for (size_t c = 0; c < ncand; c++) swirl_free(cand[c].coefficients);
    swirl_free(cand);
    swirl_free(buses);
    if (rc) { for (size_t o = 0; o < nout; o++) swirl_free(outl[o].coefficients); swirl_free(outl); return rc; }
    vk->height_constraints = outl;
    vk->num_height_constraints = nout;
    return SWIRL_OK;
}

static int compute_pre_hash(swirl_vk *vk) {
    swirl_writer w;
    swirl_writer_init(&w);
    int rc = swirl_vk_postcard(vk, 0, &w);
    if (rc) { swirl_writer_free(&w); return rc; }
    size_t n = 12 + w.len;
    uint32_t *f = swirl_malloc(n * sizeof *f);
    if (!f) { swirl_writer_free(&w); return SWIRL_ERR_OUT_OF_MEMORY; }
    uint8_t hdr[12];
    uint32_t ver = SWIRL_CODEC_VERSION;
    uint64_t len = w.len;
    for (int i = 0; i < 4; i++) hdr[i] = (uint8_t)(ver >> (8 * i));
    for (int i = 0; i < 8; i++) hdr[4 + i] = (uint8_t)(len >> (8 * i));
    for (int i = 0; i < 12; i++) f[i] = hdr[i];
    for (size_t i = 0; i < w.len; i++) f[12 + i] = w.buf[i];
    swirl_hash(f, n, vk->pre_hash.v);
    swirl_free(f);
    swirl_writer_free(&w);
    return SWIRL_OK;
}

/* Parameters first (before any AIR is looked at): what swirl supports, then what the
 * verifying-key codec can represent (a key that cannot be decoded back is a parameter error,
 * not a decoding one). */
static int keygen_check_params(const swirl_system_params *params, swirl_error *err) {
    if (swirl_params_validate(params) != SWIRL_OK)
        return swirl_fail(err, SWIRL_ERR_PARAMS, 0, "swirl_keygen: unsupported system parameters");
    char why[160] = {0};
    if (swirl_vk_params_check(params, why, sizeof why) != SWIRL_OK)
        return swirl_fail(err, SWIRL_ERR_PARAMS, 0, "swirl_keygen: unsupported system parameters: %s", why);
    return SWIRL_OK;
}

/* Fields a proximity variant does not carry are zero in a key (the reference's enum has no such
 * fields, the codec does not write them, and a decoded key must equal the one keygen made). */
static void normalize_proximity(swirl_proximity *prox) {
    if (prox->kind == SWIRL_PROX_UNIQUE) prox->m = 0;
    if (prox->kind != SWIRL_PROX_SPLIT_UNIQUE_LIST) prox->list_start_round = 0;
}

/* The builder's sticky error, as keygen reports it: out of memory stays out of memory, every
 * other builder error is an invalid AIR definition. */
static int report_builder_error(const swirl_air *air, size_t a, swirl_error *err) {
    int status = air->status == SWIRL_ERR_OUT_OF_MEMORY ? SWIRL_ERR_OUT_OF_MEMORY : SWIRL_ERR_AIR;
    return swirl_fail(err, status, 0, "AIR %zu '%s': %s", a, air->name, air->errmsg);
}

static int check_air_widths(const swirl_air *air, size_t a, swirl_error *err) {
    size_t total_main = 0;
    int ok = air->common_width <= SWIRL_MAX_AIR_WIDTH && (!air->has_prep || air->prep.width <= SWIRL_MAX_AIR_WIDTH) &&
             air->num_public_values <= SWIRL_MAX_PUBLIC_VALUES && add_checked(&total_main, air->common_width);
    for (size_t i = 0; ok && i < air->num_cached; i++)
        ok = air->cached_widths[i] <= SWIRL_MAX_AIR_WIDTH && add_checked(&total_main, air->cached_widths[i]);
    if (!ok)
        return swirl_fail(err, SWIRL_ERR_AIR, 0, "AIR %zu '%s': a partition width or the public value count exceeds swirl's limit of 2^24",
                          a, air->name);
    if (total_main == 0) return swirl_fail(err, SWIRL_ERR_AIR, 0, "AIR %zu '%s': AirWidthZero (no main columns)", a, air->name);
    if (1 + (air->has_prep ? 1u : 0u) + air->num_cached > SWIRL_MAX_TRACE_PARTS)
        return swirl_fail(err, SWIRL_ERR_AIR, 0, "AIR %zu '%s': %zu cached main parts%s exceed swirl's limit of %d trace parts per AIR", a,
                          air->name, air->num_cached, air->has_prep ? " plus a preprocessed part" : "", SWIRL_MAX_TRACE_PARTS);
    return SWIRL_OK;
}

static int check_air_interactions(const swirl_air *air, size_t a, const swirl_system_params *params, swirl_error *err) {
    for (size_t i = 0; i < air->num_interactions; i++) {
        size_t len = air->interactions[i].message_len;
        if (len == 0)
            return swirl_fail(err, SWIRL_ERR_AIR, 0, "AIR %zu '%s': InteractionMessageEmpty (interaction %zu)", a, air->name, i);
        if (params->logup.log_max_message_length < 32 && len + 1 > ((uint64_t)1 << params->logup.log_max_message_length))
            return swirl_fail(err, SWIRL_ERR_AIR, 0, "AIR %zu '%s': interaction %zu message of %zu fields exceeds 2^%u - 1", a, air->name,
                              i, len, params->logup.log_max_message_length);
    }
    return SWIRL_OK;
}

/* Everything keygen validates about one AIR's definition before building its key. */
static int check_air_definition(const swirl_air *air, size_t a, const swirl_system_params *params, swirl_error *err) {
    if (!air) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_keygen: AIR %zu is NULL", a);
    if (air->status) return report_builder_error(air, a, err);
    int rc = check_air_widths(air, a, err);
    if (rc) return rc;
    if (air->num_constraints == 0 && air->num_interactions == 0)
        return swirl_fail(err, SWIRL_ERR_AIR, 0, "AIR %zu '%s': AirNoConstraintsOrInteractions", a, air->name);
    return check_air_interactions(air, a, params, err);
}

static int oom(swirl_error *err, const char *what) {
    return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_keygen: out of memory (%s)", what);
}

/* The per-AIR verifying key without the preprocessed commitment: widths, DAG, degree, unused
 * variables. */
static int build_air_vk(const swirl_air *air, size_t a, const swirl_system_params *params, swirl_air_vk *v, swirl_error *err) {
    v->has_prep_width = air->has_prep;
    v->prep_width = air->has_prep ? air->prep.width : 0;
    v->num_cached = air->num_cached;
    v->cached_widths = swirl_calloc(air->num_cached + 1, sizeof *v->cached_widths);
    if (!v->cached_widths) return oom(err, "cached widths");
    if (air->num_cached) memcpy(v->cached_widths, air->cached_widths, air->num_cached * sizeof(size_t));
    v->common_width = air->common_width;
    v->num_public_values = air->num_public_values;
    v->is_required = air->required;
    if (swirl_dag_build(air, &v->dag) != SWIRL_OK) return oom(err, "symbolic DAG");
    v->need_rot = v->dag.need_rot;
    if (v->dag.max_degree > params->max_constraint_degree) {
        return swirl_fail(err, SWIRL_ERR_AIR, 0, "AIR %zu '%s': MaxConstraintDegreeExceeded (degree %s%u > %zu)", a, air->name,
                          v->dag.max_degree == UINT32_MAX ? ">= " : "", v->dag.max_degree, params->max_constraint_degree);
    }
    v->max_constraint_degree = (uint8_t)v->dag.max_degree; /* <= max_constraint_degree <= 64 */
    int rc = compute_unused(v);
    if (rc == SWIRL_ERR_OUT_OF_MEMORY) return oom(err, "unused variables");
    if (rc) return swirl_fail(err, rc, 0, "AIR %zu '%s': too many columns", a, air->name);
    return SWIRL_OK;
}

/* Copies and commits the preprocessed trace (iop.md §2.2). */
static int commit_preprocessed(const swirl_air *air, size_t a, const swirl_system_params *params, swirl_pool *pool,
                               swirl_air_vk *v, swirl_air_pk *p, swirl_error *err) {
    size_t lh = 0;
    while (((size_t)1 << lh) < air->prep.height) lh++;
    if (lh > params->l_skip + params->n_stack)
        return swirl_fail(err, SWIRL_ERR_TRACE, 0, "AIR %zu '%s': preprocessed height 2^%zu exceeds the stacked height", a, air->name, lh);
    /* height * width * 4 fits: swirl_air_set_preprocessed checked it */
    size_t cells = air->prep.height * air->prep.width;
    p->prep.values = swirl_alloc_array(cells, sizeof(uint32_t));
    if (!p->prep.values) return oom(err, "preprocessed trace");
    memcpy(p->prep.values, air->prep.values, cells * sizeof(uint32_t));
    p->prep.height = air->prep.height;
    p->prep.width = air->prep.width;
    const swirl_trace *tp[] = {&p->prep};
    int c = swirl_stacked_commit(params, tp, 1, pool, &p->prep_data);
    if (c) return swirl_fail(err, c, 0, "AIR %zu '%s': preprocessed commitment failed (%s)", a, air->name, swirl_status_str(c));
    v->has_preprocessed = 1;
    v->prep_commit = p->prep_data->commit;
    v->prep_hypercube_dim = (int64_t)lh - (int64_t)params->l_skip;
    v->prep_stacking_width = p->prep_data->layout.width;
    return SWIRL_OK;
}

static int keygen_air(const swirl_air *air, size_t a, const swirl_system_params *params, swirl_pool *pool, swirl_air_vk *v,
                      swirl_air_pk *p, swirl_error *err) {
    int rc = check_air_definition(air, a, params, err);
    if (rc) return rc;
    size_t name_len = strlen(air->name);
    p->name = swirl_malloc(name_len + 1);
    if (!p->name) return oom(err, "AIR name");
    memcpy(p->name, air->name, name_len + 1);
    rc = build_air_vk(air, a, params, v, err);
    if (rc == SWIRL_OK && air->has_prep) rc = commit_preprocessed(air, a, params, pool, v, p, err);
    return rc;
}

/* The standalone verifying key handed to the caller: encoded and decoded, so it shares nothing
 * with the proving key (and the codec is exercised on every key). */
static int export_vk(const swirl_vk *vk, swirl_vk **vk_out, swirl_error *err) {
    uint8_t *bytes = NULL;
    size_t len = 0;
    int rc = swirl_vk_encode(vk, &bytes, &len, err);
    if (rc == SWIRL_OK) rc = swirl_vk_decode(bytes, len, vk_out, err);
    swirl_free(bytes);
    return rc;
}

int swirl_keygen(swirl_ctx *ctx, const swirl_system_params *params, swirl_air *const *airs, size_t n,
                 swirl_pk **pk_out, swirl_vk **vk_out, swirl_error *err) {
    if (!params || (!airs && n) || !pk_out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_keygen: null argument");
    *pk_out = NULL;
    if (vk_out) *vk_out = NULL;
    if (n == 0) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_keygen: no AIRs");
    int rc = keygen_check_params(params, err);
    if (rc) return rc;
    swirl_pool *pool = ctx ? ctx->pool : NULL;
    swirl_pk *pk = swirl_calloc(1, sizeof *pk);
    swirl_vk *vk = pk ? swirl_calloc(1, sizeof *vk) : NULL;
    if (!vk) { swirl_free(pk); return oom(err, "keys"); }
    pk->vk = vk;
    vk->params = *params;
    normalize_proximity(&vk->params.whir.proximity);
    vk->airs = swirl_calloc(n, sizeof *vk->airs);
    pk->airs = swirl_calloc(n, sizeof *pk->airs);
    if (!vk->airs || !pk->airs) { swirl_pk_free(pk); return oom(err, "per-AIR keys"); }
    vk->num_airs = n;
    for (size_t a = 0; a < n && rc == SWIRL_OK; a++) rc = keygen_air(airs[a], a, params, pool, &vk->airs[a], &pk->airs[a], err);
    if (rc == SWIRL_OK && height_constraints(vk) != SWIRL_OK) rc = oom(err, "trace-height constraints");
    if (rc == SWIRL_OK && compute_pre_hash(vk) != SWIRL_OK) rc = oom(err, "vk pre-hash");
    if (rc == SWIRL_OK && vk_out) rc = export_vk(vk, vk_out, err);
    if (rc) { swirl_pk_free(pk); return rc; }
    swirl_pk_stamp(pk);
    *pk_out = pk;
    return SWIRL_OK;
}

int swirl_vk_encode(const swirl_vk *vk, uint8_t **bytes, size_t *len, swirl_error *err) {
    if (!vk || !bytes || !len) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_vk_encode: null argument");
    swirl_writer w;
    swirl_writer_init(&w);
    int rc = swirl_vk_postcard(vk, 1, &w);
    if (rc) { swirl_writer_free(&w); return swirl_fail(err, rc, 0, "swirl_vk_encode: out of memory"); }
    *bytes = w.buf;
    *len = w.len;
    return SWIRL_OK;
}

int swirl_vk_decode(const uint8_t *bytes, size_t len, swirl_vk **out, swirl_error *err) {
    if (!out || (!bytes && len)) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_vk_decode: null argument");
    *out = NULL;
    swirl_vk *vk = swirl_calloc(1, sizeof *vk);
    if (!vk) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_vk_decode: out of memory");
    char msg[160] = {0};
    int rc = swirl_vk_parse(bytes ? bytes : (const uint8_t *)"", len, 1, vk, msg, sizeof msg);
    if (rc) { swirl_free(vk); return swirl_fail(err, rc, 0, "verifying key: %s", msg); }
    /* the stored pre-hash must be the hash of the key it came with */
    swirl_digest stored = vk->pre_hash;
    if (compute_pre_hash(vk) != SWIRL_OK) { swirl_vk_free(vk); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); }
    if (memcmp(&stored, &vk->pre_hash, sizeof stored)) {
        swirl_vk_free(vk);
        return swirl_fail(err, SWIRL_ERR_DECODE, 0, "verifying key: pre-hash does not match the key");
    }
    *out = vk;
    return SWIRL_OK;
}

/* ---- proving-key bytes ----------------------------------------------------------------------
 * u32 len(vk bytes) | vk bytes (postcard, with pre-hash) | per AIR: u32 name length, name bytes,
 * u8 has_preprocessed, [u32 height, u32 width, height*width F]. Decoding recomputes every
 * preprocessed commitment and requires it to equal the verifying key's. */
int swirl_pk_encode(const swirl_pk *pk, uint8_t **bytes, size_t *len, swirl_error *err) {
    if (!pk || !pk->vk || !bytes || !len) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_pk_encode: null argument");
    swirl_writer w;
    swirl_writer_init(&w);
    swirl_writer v;
    swirl_writer_init(&v);
    if (swirl_vk_postcard(pk->vk, 1, &v) != SWIRL_OK) w.oom = 1; /* a truncated vk must never be written */
    swirl_put_usize(&w, v.len);
    swirl_put_bytes(&w, v.buf, v.len);
    swirl_writer_free(&v);
    for (size_t a = 0; a < pk->vk->num_airs; a++) {
        const swirl_air_pk *p = &pk->airs[a];
        size_t nl = strlen(p->name);
        swirl_put_usize(&w, nl);
        swirl_put_bytes(&w, p->name, nl);
        swirl_put_u8(&w, p->prep.values ? 1 : 0);
        if (p->prep.values) {
            swirl_put_usize(&w, p->prep.height);
            swirl_put_usize(&w, p->prep.width);
            for (size_t i = 0; i < p->prep.height * p->prep.width; i++) swirl_put_bb(&w, p->prep.values[i]);
        }
    }
    if (w.oom) { swirl_writer_free(&w); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_pk_encode: out of memory"); }
    *bytes = w.buf;
    *len = w.len;
    return SWIRL_OK;
}

int swirl_pk_decode(swirl_ctx *ctx, const uint8_t *bytes, size_t len, swirl_pk **out, swirl_error *err) {
    if (!out || (!bytes && len)) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_pk_decode: null argument");
    *out = NULL;
    swirl_reader r;
    swirl_reader_init(&r, bytes ? bytes : (const uint8_t *)"", len);
    size_t vlen;
    if (!swirl_get_len(&r, 1, &vlen)) return swirl_fail(err, SWIRL_ERR_DECODE, 0, "proving key: truncated");
    swirl_vk *vk = NULL;
    int rc = swirl_vk_decode(bytes + r.pos, vlen, &vk, err);
    if (rc) return rc;
    r.pos += vlen;
    swirl_pk *pk = swirl_calloc(1, sizeof *pk);
    if (!pk) { swirl_vk_free(vk); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); }
    pk->vk = vk;
    pk->airs = swirl_calloc(vk->num_airs + 1, sizeof *pk->airs);
    if (!pk->airs) { swirl_pk_free(pk); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); }
    for (size_t a = 0; a < vk->num_airs; a++) {
        swirl_air_pk *p = &pk->airs[a];
        size_t nl;
        uint8_t has;
        if (!swirl_get_len(&r, 1, &nl)) goto bad;
        p->name = swirl_malloc(nl + 1);
        if (!p->name) { swirl_pk_free(pk); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); }
        if (!swirl_get_bytes(&r, p->name, nl)) goto bad;
        p->name[nl] = 0;
        if (memchr(p->name, 0, nl)) goto bad; /* canonical: the encoder writes strlen(name) bytes */
        if (!swirl_get_u8(&r, &has) || has > 1 || has != (uint8_t)vk->airs[a].has_preprocessed) goto bad;
        if (has) {
            size_t h, wd;
            if (!swirl_get_len(&r, 0, &h) || !swirl_get_len(&r, 0, &wd)) goto bad;
            if (h == 0 || (h & (h - 1)) || wd != vk->airs[a].prep_width || (uint64_t)h * wd > swirl_reader_left(&r) / 4) goto bad;
            p->prep.values = swirl_malloc(h * wd * sizeof(uint32_t));
            if (!p->prep.values) { swirl_pk_free(pk); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "out of memory"); }
            p->prep.height = h;
            p->prep.width = wd;
            for (size_t i = 0; i < h * wd; i++)
                if (!swirl_get_bb(&r, &p->prep.values[i])) goto bad;
            const swirl_trace *tp[] = {&p->prep};
            rc = swirl_stacked_commit(&vk->params, tp, 1, ctx ? ctx->pool : NULL, &p->prep_data);
            if (rc == SWIRL_ERR_OUT_OF_MEMORY) { swirl_pk_free(pk); return swirl_fail(err, rc, 0, "proving key: out of memory"); }
            if (rc || memcmp(&p->prep_data->commit, &vk->airs[a].prep_commit, sizeof(swirl_digest))) {
                swirl_pk_free(pk);
                return swirl_fail(err, SWIRL_ERR_DECODE, 0, "proving key: preprocessed trace of AIR %zu does not match its commitment", a);
            }
        }
    }
    if (swirl_reader_left(&r) != 0) goto bad;
    swirl_pk_stamp(pk);
    *out = pk;
    return SWIRL_OK;
bad:
    swirl_pk_free(pk);
    return swirl_fail(err, SWIRL_ERR_DECODE, 0, "proving key: malformed or truncated bytes");
}
