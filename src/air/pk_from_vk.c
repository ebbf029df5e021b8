/* pk_from_vk.c — a proving key from a verifying key made elsewhere (the OpenVM interop crate
 * rust/swirl-openvm: keys come from the reference's keygen, swirl proves with them).
 *
 * The verifying key is copied through its own codec (encode, then the strict decoder, which
 * also re-derives and checks the pre-hash), so the new key shares nothing with the caller's.
 * Each preprocessed trace is copied and committed under the key's parameters; the commitment
 * must equal the one the key carries, so a key and traces that do not belong together never
 * make a proving key. */
#include <stdio.h>
#include <string.h>
#include "air/keys.h"
#include "util/alloc.h"
#include "util/ctx.h"
#include "util/error.h"

/* Name of AIR a when the caller gives none: "air<a>". */
static char *default_air_name(size_t a) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "air%zu", a);
    char *name = swirl_malloc((size_t)n + 1);
    if (name) memcpy(name, buf, (size_t)n + 1);
    return name;
}

static char *copy_air_name(const char *const *names, size_t a) {
    if (!names || !names[a]) return default_air_name(a);
    size_t len = strlen(names[a]);
    char *name = swirl_malloc(len + 1);
    if (name) memcpy(name, names[a], len + 1);
    return name;
}

/* Copies and commits the preprocessed trace of AIR a; checks it against the key. */
static int attach_preprocessed(swirl_ctx *ctx, const swirl_vk *vk, size_t a, const swirl_trace *given,
                               swirl_air_pk *out, swirl_error *err) {
    const swirl_air_vk *v = &vk->airs[a];
    const int given_present = given && given->values;
    if (!v->has_preprocessed) {
        if (given_present)
            return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_pk_from_vk: AIR %zu has no preprocessed trace in its key", a);
        return SWIRL_OK;
    }
    if (!given_present)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_pk_from_vk: AIR %zu needs its preprocessed trace", a);
    if (given->width != v->prep_width || given->height == 0 || (given->height & (given->height - 1)))
        return swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_pk_from_vk: AIR %zu preprocessed trace is %zu x %zu, the key says width %zu",
                          a, given->height, given->width, v->prep_width);
    size_t cells = given->height * given->width;
    for (size_t i = 0; i < cells; i++)
        if (given->values[i] >= SWIRL_P)
            return swirl_fail(err, SWIRL_ERR_FIELD_RANGE, 0, "swirl_pk_from_vk: AIR %zu preprocessed value %zu is not below p", a, i);
    out->prep.values = swirl_alloc_array(cells, sizeof(uint32_t));
    if (!out->prep.values) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_pk_from_vk: out of memory");
    memcpy(out->prep.values, given->values, cells * sizeof(uint32_t));
    out->prep.height = given->height;
    out->prep.width = given->width;
    const swirl_trace *traces[] = {&out->prep};
    int rc = swirl_stacked_commit(&vk->params, traces, 1, ctx ? ctx->pool : NULL, &out->prep_data);
    if (rc) return swirl_fail(err, rc, 0, "swirl_pk_from_vk: committing the preprocessed trace of AIR %zu failed", a);
    if (memcmp(&out->prep_data->commit, &v->prep_commit, sizeof(swirl_digest)) != 0)
        return swirl_fail(err, SWIRL_ERR_TRACE, 0, "swirl_pk_from_vk: the preprocessed trace of AIR %zu does not match the key's commitment", a);
    return SWIRL_OK;
}

/* A private copy of vk through its codec. */
static int copy_vk(const swirl_vk *vk, swirl_vk **out, swirl_error *err) {
    uint8_t *bytes = NULL;
    size_t len = 0;
    int rc = swirl_vk_encode(vk, &bytes, &len, err);
    if (rc) return rc;
    rc = swirl_vk_decode(bytes, len, out, err);
    swirl_bytes_free(bytes);
    return rc;
}

int swirl_pk_from_vk(swirl_ctx *ctx, const swirl_vk *vk, const swirl_trace *preprocessed, const char *const *names,
                     size_t num_airs, swirl_pk **pk_out, swirl_error *err) {
    if (!vk || !pk_out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_pk_from_vk: null argument");
    *pk_out = NULL;
    if (num_airs != vk->num_airs)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_pk_from_vk: %zu AIRs given, the key has %zu", num_airs, vk->num_airs);
    swirl_pk *pk = swirl_calloc(1, sizeof *pk);
    if (!pk) return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_pk_from_vk: out of memory");
    int rc = copy_vk(vk, &pk->vk, err);
    if (rc) { swirl_free(pk); return rc; }
    pk->airs = swirl_calloc(num_airs + 1, sizeof *pk->airs);
    if (!pk->airs) { swirl_pk_free(pk); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_pk_from_vk: out of memory"); }
    for (size_t a = 0; a < num_airs; a++) {
        pk->airs[a].name = copy_air_name(names, a);
        if (!pk->airs[a].name) { swirl_pk_free(pk); return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_pk_from_vk: out of memory"); }
        rc = attach_preprocessed(ctx, pk->vk, a, preprocessed ? &preprocessed[a] : NULL, &pk->airs[a], err);
        if (rc) { swirl_pk_free(pk); return rc; }
    }
    swirl_pk_stamp(pk);
    *pk_out = pk;
    return SWIRL_OK;
}
