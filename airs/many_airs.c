/* many_airs.c — the `many_airs` built-in scenario: the shape of an OpenVM app proof, 100 AIRs of
 * heights 2^4 .. 2^top (top = the scenario's size, 20 by default in the CLI) with interactions on
 * five buses, preprocessed and cached parts; everything drawn from the seed.
 *
 * Key order (SWIRL_MANY_AIRS_COUNT = 100 AIRs):
 *   0       range table (required): preprocessed keys 0 .. 2^R - 1 (R = min(8, top)), common
 *           main = multiplicity; lookup bus 0, add_key_with_lookups(key, mult);
 *   1..36   range queriers: wx in 1..4 values x < 2^R and an enable bit e (assert_bool), each x
 *           looked up on bus 0 when e; the third has its x columns in a cached main;
 *   37..76  20 permutation pairs on buses 1..4: the sender sends its 1..3 fields when e, the
 *           receiver (fields in a cached main for the second pair) receives a permutation of
 *           the sender's first min(hs, hr) rows (e copied; later rows disabled);
 *   77..95  19 Fibonacci AIRs (public values; constraints only);
 *   96..97  2 PreprocessedCachedAirs (preprocessed selector, one cached main);
 *   98..99  2 partitioned SumAirs (common x, cached y).
 * Like an OpenVM app, few AIRs have cached or preprocessed parts (6 cached mains, 3
 * preprocessed traces): each cached main is a commitment of its own, a full stacked matrix.
 * The shapes (widths, heights, which parts, selectors) come from one splitmix64 stream of the
 * seed, the trace values from a second one, so the keys-only bundle has the same AIRs. The
 * table's multiplicities are the queriers' enabled lookups, so every bus balances. */
#include <string.h>
#include "builtin.h"
#include "util/alloc.h"

#define RANGE_QUERIERS 36
#define PERM_PAIRS 20
#define FIBS 19
#define PREP_CACHED 2
#define SUMS 2
_Static_assert(1 + RANGE_QUERIERS + 2 * PERM_PAIRS + FIBS + PREP_CACHED + SUMS == SWIRL_MANY_AIRS_COUNT,
               "the layout above has SWIRL_MANY_AIRS_COUNT AIRs");

typedef struct {
    uint64_t shape, values; /* the two generator streams */
    unsigned top, lo, R;
    int with_traces;
    swirl_air **airs;
    swirl_builtin_slot *slots;
    uint32_t *range_counts; /* 2^R lookups per key */
} ma_gen;

static unsigned ma_log(ma_gen *g) { return g->lo + (unsigned)(swirl_splitmix64(&g->shape) % (g->top - g->lo + 1)); }
static uint32_t ma_bit(ma_gen *g) { return (uint32_t)(swirl_splitmix64(&g->values) & 1); }
static uint32_t ma_bb(ma_gen *g) { return (uint32_t)(swirl_splitmix64(&g->values) % SWIRL_P); }

static int ma_status(swirl_air *a) { return a && swirl_air_status(a, NULL) == SWIRL_OK ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY; }

static int range_table(ma_gen *g, size_t at) {
    const size_t h = (size_t)1 << g->R;
    swirl_trace prep;
    int rc = swirl_builtin_alloc_trace(&prep, h, 1);
    if (rc) return rc;
    for (size_t i = 0; i < h; i++) prep.values[i] = (uint32_t)i;
    swirl_air *a = swirl_air_new("range_table");
    if (a) {
        swirl_air_set_required(a, 1);
        swirl_air_set_preprocessed(a, &prep);
        swirl_air_set_common_main(a, 1);
        swirl_expr key = swirl_air_prep(a, 0, 0), mult = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0);
        swirl_lookup_bus bus = {0};
        swirl_lookup_bus_add_key_with_lookups(a, bus, &key, 1, mult);
    }
    swirl_trace_free(&prep);
    g->airs[at] = a;
    g->slots[at].height = h;
    return ma_status(a);
}

static int range_table_trace(ma_gen *g) {
    const size_t h = (size_t)1 << g->R;
    int rc = swirl_builtin_alloc_trace(&g->slots[0].common, h, 1);
    if (rc == SWIRL_OK) memcpy(g->slots[0].common.values, g->range_counts, h * sizeof(uint32_t));
    return rc;
}

static int range_querier(ma_gen *g, size_t at, size_t q) {
    const size_t wx = 1 + (size_t)(swirl_splitmix64(&g->shape) % 4);
    const int part = q == 2;
    const unsigned lh = q == 0 ? g->top : ma_log(g);
    swirl_air *a = swirl_air_new("range_querier");
    g->airs[at] = a;
    if (!a) return SWIRL_ERR_OUT_OF_MEMORY;
    swirl_air_set_common_main(a, part ? 1 : wx + 1);
    if (part) swirl_air_add_cached_main(a, wx);
    swirl_expr e = swirl_air_main(a, SWIRL_PART_COMMON, part ? 0 : wx, 0);
    swirl_air_assert_bool(a, e);
    swirl_lookup_bus bus = {0};
    for (size_t c = 0; c < wx; c++) {
        swirl_expr x = part ? swirl_air_main(a, 0, c, 0) : swirl_air_main(a, SWIRL_PART_COMMON, c, 0);
        swirl_lookup_bus_lookup_key(a, bus, &x, 1, e);
    }
    swirl_builtin_slot *s = &g->slots[at];
    const size_t h = (size_t)1 << lh;
    s->height = h;
    int rc = ma_status(a);
    if (rc || !g->with_traces) return rc;
    s->num_cached = part ? 1 : 0;
    rc = swirl_builtin_alloc_trace(&s->common, h, part ? 1 : wx + 1);
    if (rc == SWIRL_OK && part) rc = swirl_builtin_alloc_trace(&s->cached[0], h, wx);
    for (size_t i = 0; rc == SWIRL_OK && i < h; i++) {
        const uint32_t en = ma_bit(g);
        uint32_t *xs = part ? s->cached[0].values + i * wx : s->common.values + i * (wx + 1);
        if (part) s->common.values[i] = en;
        else xs[wx] = en;
        for (size_t c = 0; c < wx; c++) {
            xs[c] = (uint32_t)(swirl_splitmix64(&g->values) & (((uint64_t)1 << g->R) - 1));
            g->range_counts[xs[c]] += en;
        }
    }
    return rc;
}

/* A sender (is_send) or receiver of fw fields on `bus`; fields in a cached main when part. */
static swirl_air *perm_air(size_t fw, int is_send, uint16_t bus, int part) {
    swirl_air *a = swirl_air_new(is_send ? "perm_sender" : "perm_receiver");
    if (!a) return NULL;
    swirl_air_set_common_main(a, part ? 1 : fw + 1);
    if (part) swirl_air_add_cached_main(a, fw);
    swirl_expr f[3];
    for (size_t c = 0; c < fw; c++) f[c] = part ? swirl_air_main(a, 0, c, 0) : swirl_air_main(a, SWIRL_PART_COMMON, c, 0);
    swirl_expr e = swirl_air_main(a, SWIRL_PART_COMMON, part ? 0 : fw, 0);
    swirl_air_assert_bool(a, e);
    swirl_permutation_bus pb = {bus};
    if (is_send) swirl_permutation_bus_send(a, pb, f, fw, e);
    else swirl_permutation_bus_receive(a, pb, f, fw, e);
    return a;
}

/* row i of a pair trace: fields then e, in the common main or split (e common, fields cached) */
static uint32_t *perm_fields(swirl_builtin_slot *s, int part, size_t fw, size_t i) {
    return part ? s->cached[0].values + i * fw : s->common.values + i * (fw + 1);
}
static uint32_t *perm_enable(swirl_builtin_slot *s, int part, size_t fw, size_t i) {
    return part ? s->common.values + i : s->common.values + i * (fw + 1) + fw;
}

static int perm_traces(ma_gen *g, swirl_builtin_slot *ss, swirl_builtin_slot *rs, size_t fw, int rpart) {
    const size_t hs = ss->height, hr = rs->height, used = hs < hr ? hs : hr;
    rs->num_cached = rpart ? 1 : 0;
    int rc = swirl_builtin_alloc_trace(&ss->common, hs, fw + 1);
    if (rc == SWIRL_OK) rc = swirl_builtin_alloc_trace(&rs->common, hr, rpart ? 1 : fw + 1);
    if (rc == SWIRL_OK && rpart) rc = swirl_builtin_alloc_trace(&rs->cached[0], hr, fw);
    size_t *perm = rc == SWIRL_OK ? swirl_alloc_array(used, sizeof *perm) : NULL;
    if (rc == SWIRL_OK && !perm) rc = SWIRL_ERR_OUT_OF_MEMORY;
    if (rc) return rc;
    for (size_t i = 0; i < hs; i++) {
        uint32_t *f = perm_fields(ss, 0, fw, i);
        for (size_t c = 0; c < fw; c++) f[c] = ma_bb(g);
        *perm_enable(ss, 0, fw, i) = i < used ? ma_bit(g) : 0;
    }
    for (size_t i = 0; i < used; i++) perm[i] = i;
    for (size_t i = used; i-- > 1;) {
        size_t j = (size_t)(swirl_splitmix64(&g->values) % (i + 1)), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (size_t i = 0; i < hr; i++) {
        uint32_t *f = perm_fields(rs, rpart, fw, i);
        if (i < used) {
            memcpy(f, perm_fields(ss, 0, fw, perm[i]), fw * sizeof *f);
            *perm_enable(rs, rpart, fw, i) = *perm_enable(ss, 0, fw, perm[i]);
        } else {
            for (size_t c = 0; c < fw; c++) f[c] = ma_bb(g);
            *perm_enable(rs, rpart, fw, i) = 0;
        }
    }
    swirl_free(perm);
    return SWIRL_OK;
}

static int perm_pair(ma_gen *g, size_t at, size_t k) {
    const size_t fw = 1 + k % 3;
    const uint16_t bus = (uint16_t)(1 + k % 4);
    const int rpart = k == 1;
    const unsigned hs = k == 0 ? g->top : ma_log(g), hr = ma_log(g);
    g->airs[at] = perm_air(fw, 1, bus, 0);
    g->airs[at + 1] = perm_air(fw, 0, bus, rpart);
    g->slots[at].height = (size_t)1 << hs;
    g->slots[at + 1].height = (size_t)1 << hr;
    int rc = ma_status(g->airs[at]);
    if (rc == SWIRL_OK) rc = ma_status(g->airs[at + 1]);
    if (rc || !g->with_traces) return rc;
    return perm_traces(g, &g->slots[at], &g->slots[at + 1], fw, rpart);
}

static int fib(ma_gen *g, size_t at, size_t k) {
    const unsigned lh = k == 0 ? g->top : ma_log(g);
    g->airs[at] = swirl_fib_air();
    swirl_builtin_slot *s = &g->slots[at];
    s->height = (size_t)1 << lh;
    int rc = ma_status(g->airs[at]);
    if (rc || !g->with_traces) return rc;
    s->num_pv = 3;
    const uint32_t a0 = ma_bb(g) % 1000, b0 = ma_bb(g) % 1000; /* sequenced: a0 first */
    return swirl_fib_trace(a0, b0, lh, &s->common, s->pv);
}

static int prep_cached(ma_gen *g, size_t at) {
    const unsigned lh = ma_log(g);
    const size_t n = (size_t)1 << lh;
    uint8_t *sels = swirl_malloc(n);
    if (!sels) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t i = 0; i < n; i++) sels[i] = (uint8_t)(swirl_splitmix64(&g->shape) & 1);
    g->airs[at] = swirl_preprocessed_cached_air(sels, n, 1);
    swirl_builtin_slot *s = &g->slots[at];
    s->height = n;
    int rc = ma_status(g->airs[at]);
    if (rc == SWIRL_OK && g->with_traces) {
        s->num_cached = 1;
        rc = swirl_preprocessed_cached_traces(sels, n, 1, &s->common, s->cached);
    }
    swirl_free(sels);
    return rc;
}

static int sum_air(ma_gen *g, size_t at) {
    const unsigned lh = ma_log(g);
    g->airs[at] = swirl_partitioned_sum_air(3);
    swirl_builtin_slot *s = &g->slots[at];
    s->height = (size_t)1 << lh;
    int rc = ma_status(g->airs[at]);
    if (rc || !g->with_traces) return rc;
    s->num_cached = 1;
    return swirl_partitioned_sum_traces(3, lh, swirl_splitmix64(&g->values), &s->common, &s->cached[0]);
}

int swirl_builtin_many_airs(unsigned top, uint64_t seed, int with_traces, swirl_air **airs, swirl_builtin_slot *slots) {
    if (top > 24 || !airs || !slots) return SWIRL_ERR_INVALID_ARG;
    ma_gen g;
    memset(&g, 0, sizeof g);
    g.shape = seed;
    g.values = seed ^ 0x6d616e795f616972ull; /* "many_air": the values' own stream */
    g.top = top;
    g.lo = top < 4 ? top : 4;
    g.R = top < 8 ? top : 8;
    g.with_traces = with_traces;
    g.airs = airs;
    g.slots = slots;
    g.range_counts = swirl_calloc((size_t)1 << g.R, sizeof *g.range_counts);
    if (!g.range_counts) return SWIRL_ERR_OUT_OF_MEMORY;
    size_t at = 0;
    int rc = range_table(&g, at++);
    for (size_t q = 0; rc == SWIRL_OK && q < RANGE_QUERIERS; q++) rc = range_querier(&g, at++, q);
    for (size_t k = 0; rc == SWIRL_OK && k < PERM_PAIRS; k++, at += 2) rc = perm_pair(&g, at, k);
    for (size_t k = 0; rc == SWIRL_OK && k < FIBS; k++) rc = fib(&g, at++, k);
    for (size_t k = 0; rc == SWIRL_OK && k < PREP_CACHED; k++) rc = prep_cached(&g, at++);
    for (size_t k = 0; rc == SWIRL_OK && k < SUMS; k++) rc = sum_air(&g, at++);
    if (rc == SWIRL_OK && with_traces) rc = range_table_trace(&g);
    swirl_free(g.range_counts);
    return rc;
}
