/* scenarios.c — the registry of built-in scenarios (swirl_builtin_scenario): named bundles of
 * AIRs plus honest proof inputs, mirroring the reference's test fixtures
 * (stark-backend test_utils/mod.rs) and the keccakf example. Sizes are documented in swirl.h.
 *
 * Ownership: one allocation block per bundle (bi_impl); every trace and public-value array lives
 * in a per-AIR slot of that block, and swirl_air_inputs point into the slots. */
#include <stdlib.h>
#include <string.h>
#include "builtin.h"
#include "field/babybear.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "util/error.h"
#include "util/alloc.h"

/* AIRs of the fixture scenarios; many_airs sizes its bundle by SWIRL_MANY_AIRS_COUNT */
#define BI_FIXTURE_AIRS 16
#define BI_MAX_CACHED SWIRL_BUILTIN_MAX_CACHED

typedef swirl_builtin_slot bi_slot;

typedef struct {
    swirl_builtin pub; /* first member: swirl_builtin_free casts back */
    size_t cap;        /* entries of airs, inputs and slots */
    swirl_air **airs;
    swirl_air_inputs *inputs;
    bi_slot *slots;
    int with_traces;
    uint64_t rng;
} bi_impl;

static const char *const k_names[] = {"keccakf",          "fib",    "fib_selector",        "interactions",
                                      "self_interaction", "cached", "preprocessed_cached", "partitioned_sum",
                                      "mixture",          "many_airs",         NULL};

const char *const *swirl_builtin_names(size_t *n) {
    if (n) *n = sizeof k_names / sizeof k_names[0] - 1;
    return k_names;
}

/* Appends an AIR; returns its slot or NULL (AIR construction failed: out of memory). A built-in
 * AIR is well formed, so a sticky builder error can only be an allocation that failed inside
 * one of its builder calls. */
static bi_slot *bi_add(bi_impl *b, swirl_air *air) {
    if (!air || swirl_air_status(air, NULL) != SWIRL_OK || b->pub.num_airs >= b->cap) {
        swirl_air_free(air);
        return NULL;
    }
    b->airs[b->pub.num_airs] = air;
    return &b->slots[b->pub.num_airs++];
}

static uint32_t bi_rand_bb(bi_impl *b) { return (uint32_t)(swirl_splitmix64(&b->rng) % SWIRL_P); }

/* sels[i] = (i even) for seed 0 (the reference's fixtures), else seeded bits. */
static uint8_t *bi_sels(bi_impl *b, size_t n, uint64_t seed) {
    uint8_t *s = swirl_malloc(n);
    if (!s) return NULL;
    for (size_t i = 0; i < n; i++) s[i] = seed == 0 ? (uint8_t)(i % 2 == 0) : (uint8_t)(swirl_splitmix64(&b->rng) & 1);
    return s;
}

static int bi_fib(bi_impl *b, uint32_t a0, uint32_t b0, unsigned log_h) {
    bi_slot *s = bi_add(b, swirl_fib_air());
    if (!s) return SWIRL_ERR_OUT_OF_MEMORY;
    s->num_pv = 3;
    return swirl_fib_trace(a0, b0, log_h, &s->common, s->pv);
}

static int bi_fib_selector(bi_impl *b, uint32_t a0, uint32_t b0, unsigned log_h, uint64_t seed) {
    size_t n = (size_t)1 << log_h;
    uint8_t *sels = bi_sels(b, n, seed);
    if (!sels) return SWIRL_ERR_OUT_OF_MEMORY;
    bi_slot *s = bi_add(b, swirl_fib_selector_air(sels, n, 0));
    int rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (s) {
        s->num_pv = 3;
        rc = swirl_fib_selector_trace(a0, b0, sels, n, &s->common, s->pv);
    }
    swirl_free(sels);
    return rc;
}

/* InteractionsFixture11 / CachedFixture11 rows (count, field). */
static const uint32_t k_send[4][2] = {{0, 1}, {3, 5}, {7, 4}, {546, 889}};
static const uint32_t k_recv[8][2] = {{1, 5}, {3, 4}, {4, 4}, {2, 5}, {0, 123}, {545, 889}, {1, 889}, {0, 456}};

static int bi_pair_traces(bi_slot *s, int partition, const uint32_t *counts, const uint32_t *fields, size_t n) {
    s->num_cached = partition ? 1 : 0;
    return swirl_dummy_interaction_traces(1, partition, counts, fields, n, &s->common, &s->cached[0]);
}

/* A sender and a receiver of one field on bus 0 (count_weight 0, the reference's default).
 * log_h == 0: the reference's fixed rows; otherwise 2^log_h seeded rows each, the receiver a
 * Fisher-Yates shuffle of the sender's rows, so the bus balances. */
static int bi_interactions(bi_impl *b, int partition, unsigned log_h) {
    bi_slot *ss = bi_add(b, swirl_dummy_interaction_air(1, 1, 0, partition, 0));
    if (!ss) return SWIRL_ERR_OUT_OF_MEMORY;
    bi_slot *rs = bi_add(b, swirl_dummy_interaction_air(1, 0, 0, partition, 0));
    if (!rs) return SWIRL_ERR_OUT_OF_MEMORY;
    if (log_h == 0) {
        uint32_t c[8], f[8];
        for (size_t i = 0; i < 4; i++) { c[i] = k_send[i][0]; f[i] = k_send[i][1]; }
        int rc = bi_pair_traces(ss, partition, c, f, 4);
        if (rc) return rc;
        for (size_t i = 0; i < 8; i++) { c[i] = k_recv[i][0]; f[i] = k_recv[i][1]; }
        return bi_pair_traces(rs, partition, c, f, 8);
    }
    size_t n = (size_t)1 << log_h;
    uint32_t *buf = swirl_malloc(4 * n * sizeof *buf);
    if (!buf) return SWIRL_ERR_OUT_OF_MEMORY;
    uint32_t *sc = buf, *sf = buf + n, *rc_ = buf + 2 * n, *rf = buf + 3 * n;
    for (size_t i = 0; i < n; i++) {
        sc[i] = (uint32_t)(swirl_splitmix64(&b->rng) % 1000);
        sf[i] = bi_rand_bb(b);
        rc_[i] = sc[i];
        rf[i] = sf[i];
    }
    for (size_t i = n; i-- > 1;) {
        size_t j = (size_t)(swirl_splitmix64(&b->rng) % (i + 1));
        uint32_t t = rc_[i]; rc_[i] = rc_[j]; rc_[j] = t;
        t = rf[i]; rf[i] = rf[j]; rf[j] = t;
    }
    int rc = bi_pair_traces(ss, partition, sc, sf, n);
    if (!rc) rc = bi_pair_traces(rs, partition, rc_, rf, n);
    swirl_free(buf);
    return rc;
}

static int bi_self_interactions(bi_impl *b, unsigned log_h, uint16_t bus) {
    static const size_t widths[6] = {4, 7, 8, 8, 10, 100};
    for (size_t i = 0; i < 6; i++) {
        bi_slot *s = bi_add(b, swirl_self_interaction_air(widths[i], bus));
        if (!s) return SWIRL_ERR_OUT_OF_MEMORY;
        int rc = swirl_self_interaction_trace(widths[i], log_h, &s->common);
        if (rc) return rc;
    }
    return SWIRL_OK;
}

static int bi_preprocessed_cached(bi_impl *b, unsigned log_h, uint64_t seed) {
    size_t n = (size_t)1 << log_h;
    const size_t parts = 2;
    uint8_t *sels = bi_sels(b, n, seed);
    if (!sels) return SWIRL_ERR_OUT_OF_MEMORY;
    bi_slot *s = bi_add(b, swirl_preprocessed_cached_air(sels, n, parts));
    int rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (s) {
        s->num_cached = parts;
        rc = swirl_preprocessed_cached_traces(sels, n, parts, &s->common, s->cached);
    }
    swirl_free(sels);
    return rc;
}

static int bi_partitioned_sum(bi_impl *b, unsigned log_h) {
    bi_slot *s = bi_add(b, swirl_partitioned_sum_air(5));
    if (!s) return SWIRL_ERR_OUT_OF_MEMORY;
    s->num_cached = 1;
    return swirl_partitioned_sum_traces(5, log_h, swirl_splitmix64(&b->rng), &s->common, &s->cached[0]);
}

static int bi_keccakf(bi_impl *b, size_t n) {
    bi_slot *s = bi_add(b, swirl_keccakf_air());
    if (!s) return SWIRL_ERR_OUT_OF_MEMORY;
    size_t h = 1;
    while (h < 24 * n) h <<= 1;
    s->height = h;
    if (!b->with_traces) return SWIRL_OK; /* the trace is large: skip it when only keys are wanted */
    uint64_t (*in)[25] = swirl_malloc(n * sizeof *in);
    if (!in) return SWIRL_ERR_OUT_OF_MEMORY;
    swirl_keccakf_random_inputs(b->rng, n, in);
    int rc = swirl_keccakf_generate_trace((const uint64_t (*)[25])in, n, &s->common);
    swirl_free(in);
    return rc;
}

void swirl_builtin_free(swirl_builtin *pub) {
    if (!pub) return;
    bi_impl *b = (bi_impl *)pub;
    for (size_t i = 0; i < b->cap; i++) {
        if (b->airs) swirl_air_free(b->airs[i]);
        if (!b->slots) continue;
        swirl_trace_free(&b->slots[i].common);
        for (size_t c = 0; c < BI_MAX_CACHED; c++) swirl_trace_free(&b->slots[i].cached[c]);
    }
    swirl_free(b->airs);
    swirl_free(b->inputs);
    swirl_free(b->slots);
    swirl_free(b);
}

static int build(const char *name, size_t size, uint64_t seed, int with_traces, swirl_builtin **out, swirl_error *err) {
    if (!out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "builtin scenario: out is NULL");
    *out = NULL;
    if (!name) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "builtin scenario: name is NULL");
    size_t idx = 0;
    while (k_names[idx] && strcmp(k_names[idx], name)) idx++;
    if (!k_names[idx]) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "unknown built-in scenario '%s'", name);
    /* size limits per scenario (see swirl.h) */
    size_t lo = 0, hi = 24;
    if (idx == 0) { lo = 1; hi = 65536; }
    if (idx == 4 || idx == 8) hi = 20;
    if (idx == 9) hi = 22;
    if (size < lo || size > hi)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "scenario '%s': size %zu outside %zu..%zu", name, size, lo, hi);

    bi_impl *b = swirl_calloc(1, sizeof *b);
    if (b) {
        b->cap = idx == 9 ? SWIRL_MANY_AIRS_COUNT : BI_FIXTURE_AIRS;
        b->airs = swirl_calloc(b->cap, sizeof *b->airs);
        b->inputs = swirl_calloc(b->cap, sizeof *b->inputs);
        b->slots = swirl_calloc(b->cap, sizeof *b->slots);
    }
    if (!b || !b->airs || !b->inputs || !b->slots) {
        swirl_builtin_free(b ? &b->pub : NULL);
        return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "scenario '%s': out of memory", name);
    }
    b->pub.name = k_names[idx];
    b->pub.airs = b->airs;
    b->pub.inputs = b->inputs;
    b->with_traces = with_traces;
    b->rng = seed;
    unsigned lh = (unsigned)size;
    int rc;
    switch (idx) {
    case 0: rc = bi_keccakf(b, size); break;
    case 1: {
        uint32_t a0 = seed ? bi_rand_bb(b) : 0, b0 = seed ? bi_rand_bb(b) : 1; /* sequenced: a0 first */
        rc = bi_fib(b, a0, b0, lh);
        break;
    }
    case 2: {
        uint32_t a0 = seed ? bi_rand_bb(b) : 0, b0 = seed ? bi_rand_bb(b) : 1;
        rc = bi_fib_selector(b, a0, b0, lh, seed);
        break;
    }
    case 3: rc = bi_interactions(b, 0, lh); break;
    case 4: rc = bi_self_interactions(b, lh, 4); break;
    case 5: rc = bi_interactions(b, 1, lh); break;
    case 6: rc = bi_preprocessed_cached(b, lh, seed); break;
    case 7: rc = bi_partitioned_sum(b, lh); break;
    case 9:
        rc = swirl_builtin_many_airs(lh, seed, with_traces, b->airs, b->slots);
        for (size_t i = 0; i < SWIRL_MANY_AIRS_COUNT; i++)
            if (b->airs[i]) b->pub.num_airs = i + 1; /* what was made is freed with the bundle */
        break;
    default: { /* mixture */
        uint32_t fa = seed ? bi_rand_bb(b) : 8, fb = seed ? bi_rand_bb(b) : 8;
        uint32_t pa = seed ? bi_rand_bb(b) : 7, pb = seed ? bi_rand_bb(b) : 3;
        rc = bi_fib(b, fa, fb, lh);
        if (!rc) rc = bi_interactions(b, 0, 0);
        if (!rc) rc = bi_interactions(b, 1, 0);
        if (!rc) rc = bi_fib_selector(b, pa, pb, lh, seed);
        if (!rc) rc = bi_self_interactions(b, lh, 5);
        break;
    }
    }
    if (rc) {
        swirl_builtin_free(&b->pub);
        return swirl_fail(err, rc, 0, "scenario '%s' (size %zu): %s", name, size, swirl_status_str(rc));
    }
    for (size_t i = 0; i < b->pub.num_airs; i++) {
        bi_slot *s = &b->slots[i];
        if (s->common.values) s->height = s->common.height;
        unsigned lg = 0;
        while (((size_t)1 << lg) < s->height) lg++;
        if (lg > b->pub.max_log_height) b->pub.max_log_height = lg;
        if (!with_traces) { /* keys only: drop what the generators made */
            swirl_trace_free(&s->common);
            for (size_t c = 0; c < BI_MAX_CACHED; c++) swirl_trace_free(&s->cached[c]);
            continue;
        }
        b->inputs[i].common_main = &s->common;
        b->inputs[i].cached_mains = s->num_cached ? s->cached : NULL;
        b->inputs[i].num_cached_mains = s->num_cached;
        b->inputs[i].public_values = s->num_pv ? s->pv : NULL;
        b->inputs[i].num_public_values = s->num_pv;
    }
    *out = &b->pub;
    return SWIRL_OK;
}

int swirl_builtin_scenario(const char *name, size_t size, uint64_t seed, swirl_builtin **out, swirl_error *err) {
    return build(name, size, seed, 1, out, err);
}

int swirl_builtin_airs(const char *name, size_t size, uint64_t seed, swirl_builtin **out, swirl_error *err) {
    return build(name, size, seed, 0, out, err);
}
