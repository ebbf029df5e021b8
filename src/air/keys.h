/* keys.h — proving and verifying keys (iop.md §2): the internal structs the prover, verifier,
 * checker and codecs share. */
#ifndef SWIRL_KEYS_H
#define SWIRL_KEYS_H

/* Trace parts per AIR (common main, preprocessed, cached mains) that keygen accepts and the key
 * decoder admits; proofs carry at most this many opened parts per trace. */
#define SWIRL_MAX_TRACE_PARTS 8

#include <stddef.h>
#include <stdint.h>
#include "air/air_internal.h"
#include "hash/poseidon2.h"
#include "pcs/stacked.h"
#include "swirl.h"

#define SWIRL_CODEC_VERSION 3

typedef struct swirl_symbolic_var {
    uint8_t entry;   /* SW_ENTRY_* */
    uint32_t part;   /* Main only */
    uint8_t offset;
    uint32_t index;
} swirl_symbolic_var;

typedef struct swirl_air_vk {
    int has_preprocessed;
    swirl_digest prep_commit;
    int64_t prep_hypercube_dim; /* log2(height) - l_skip, may be negative */
    size_t prep_stacking_width;
    /* TraceWidth */
    int has_prep_width;
    size_t prep_width;
    size_t num_cached;
    size_t *cached_widths;
    size_t common_width;
    size_t num_public_values;
    int need_rot;
    swirl_dag dag;
    uint8_t max_constraint_degree;
    int is_required;
    swirl_symbolic_var *unused;
    size_t num_unused;
    /* Identity of this AIR key as part of a proving key (util/uid.h; 0 in a bare verifying key):
     * a device backend caches the AIR's compiled programs under it. Not encoded. */
    uint64_t uid;
} swirl_air_vk;

typedef struct swirl_linear_constraint {
    uint32_t *coefficients; /* one per AIR */
    uint32_t threshold;
} swirl_linear_constraint;

struct swirl_vk {
    swirl_system_params params;
    swirl_air_vk *airs;
    size_t num_airs;
    swirl_linear_constraint *height_constraints;
    size_t num_height_constraints;
    swirl_digest pre_hash;
};

typedef struct swirl_air_pk {
    char *name;
    swirl_trace prep;                 /* owned row-major copy (empty if none) */
    swirl_stacked_pcs_data *prep_data; /* committed preprocessed trace, NULL if none */
} swirl_air_pk;

struct swirl_pk {
    swirl_vk *vk; /* owned */
    swirl_air_pk *airs;
};

/* Gives a finished proving key's AIR keys and preprocessed commitments their identities
 * (util/uid.h): every function that returns a new swirl_pk calls it last. */
void swirl_pk_stamp(swirl_pk *pk);

/* postcard encoding of MultiStarkVerifyingKey0 (iop.md §2.5) into w; with_pre_hash appends the
 * 8-element pre_hash (the full MultiStarkVerifyingKey). */
struct swirl_writer;
int swirl_vk_postcard(const swirl_vk *vk, int with_pre_hash, struct swirl_writer *w);
void swirl_vk_clear(swirl_vk *vk); /* frees the contents, not vk */
/* SWIRL_OK if the verifying-key codec can represent the parameters (the bounds swirl_vk_parse
 * enforces), else SWIRL_ERR_PARAMS with a reason in msg. Keygen checks this before anything. */
int swirl_vk_params_check(const swirl_system_params *params, char *msg, size_t msglen);
/* Strict postcard decoding (see postcard.c). msg receives a reason on failure. */
int swirl_vk_parse(const uint8_t *bytes, size_t len, int with_pre_hash, swirl_vk *vk, char *msg, size_t msglen);

/* The shape half of swirl_debug_check (key/input consistency: presence, widths, heights, field
 * ranges, public values) without evaluating constraints or buses: what the prover needs. */
int swirl_check_shapes(const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs, swirl_check_report *rep,
                       swirl_error *err);
/* The same for traces whose values the checker cannot read (device memory): scan finds each
 * trace's first value >= p (*first = SIZE_MAX: none) or fails with a status (SWIRL_ERR_INVALID_ARG:
 * the values are not memory it can scan). NULL: host traces, scanned here. */
typedef struct swirl_value_scan {
    int (*scan)(void *ctx, const swirl_trace *t, size_t *first, uint32_t *value);
    void *ctx;
} swirl_value_scan;
int swirl_check_shapes_scan(const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs, const swirl_value_scan *scan,
                            swirl_check_report *rep, swirl_error *err);

#endif
