/* test_airs.c — the reference's test AIRs (stark-backend test_utils/dummy_airs), with the same
 * constraint order and expression shapes, and their trace generators. */
#include <stdlib.h>
#include <string.h>
#include "field/babybear.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "builtin.h"
#include "util/alloc.h"

#define CM SWIRL_PART_COMMON

int swirl_builtin_alloc_trace(swirl_trace *t, size_t h, size_t w) {
    t->values = NULL;
    t->height = t->width = 0;
    /* a trace whose byte size does not fit in size_t cannot exist: a bad argument, not memory */
    if (w && h > SIZE_MAX / sizeof(uint32_t) / w) return SWIRL_ERR_INVALID_ARG;
    size_t cells = h * w;
    t->values = swirl_calloc(cells ? cells : 1, sizeof(uint32_t));
    t->height = t->values ? h : 0;
    t->width = t->values ? w : 0;
    return t->values ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
}
#define alloc_trace swirl_builtin_alloc_trace

/* FibonacciAir: left, right; public values a, b, x. */
swirl_air *swirl_fib_air(void) {
    swirl_air *a = swirl_air_new("fib");
    if (!a) return NULL;
    swirl_air_set_common_main(a, 2);
    swirl_air_set_num_public_values(a, 3);
    swirl_expr l = swirl_air_main(a, CM, 0, 0), r = swirl_air_main(a, CM, 1, 0);
    swirl_expr nl = swirl_air_main(a, CM, 0, 1), nr = swirl_air_main(a, CM, 1, 1);
    swirl_expr first = swirl_air_is_first_row(a);
    swirl_air_assert_zero_when(a, first, swirl_air_sub(a, l, swirl_air_public(a, 0)));
    swirl_air_assert_zero_when(a, first, swirl_air_sub(a, r, swirl_air_public(a, 1)));
    swirl_expr trans = swirl_air_is_transition(a);
    swirl_air_assert_zero_when(a, trans, swirl_air_sub(a, r, nl));
    swirl_air_assert_zero_when(a, trans, swirl_air_sub(a, swirl_air_add(a, l, r), nr));
    swirl_air_assert_zero_when(a, swirl_air_is_last_row(a), swirl_air_sub(a, r, swirl_air_public(a, 2)));
    return a;
}

int swirl_fib_trace(uint32_t a0, uint32_t b0, unsigned log_height, swirl_trace *out, uint32_t pv[3]) {
    if (!out || !pv || log_height > 26 || a0 >= SWIRL_P || b0 >= SWIRL_P) return SWIRL_ERR_INVALID_ARG;
    size_t h = (size_t)1 << log_height;
    int rc = alloc_trace(out, h, 2);
    if (rc) return rc;
    bb_t x = a0, y = b0;
    for (size_t i = 0; i < h; i++) {
        out->values[2 * i] = x;
        out->values[2 * i + 1] = y;
        bb_t z = bb_add(x, y);
        x = y;
        y = z;
    }
    pv[0] = a0; pv[1] = b0; pv[2] = out->values[2 * h - 1];
    return SWIRL_OK;
}

/* FibonacciSelectorAir: preprocessed sel; transitions apply when sel = 1, copy otherwise;
 * optional bus-0 key (add_key_with_lookups: count -sel, weight 0). */
swirl_air *swirl_fib_selector_air(const uint8_t *sels, size_t n, int with_bus) {
    if (!sels || n == 0 || (n & (n - 1))) return NULL;
    swirl_air *a = swirl_air_new("fib_selector");
    if (!a) return NULL;
    uint32_t *pv = swirl_alloc_array(n, sizeof *pv);
    if (!pv) { swirl_air_free(a); return NULL; }
    for (size_t i = 0; i < n; i++) pv[i] = sels[i] ? 1 : 0;
    swirl_trace pt = {pv, n, 1};
    swirl_air_set_preprocessed(a, &pt);
    swirl_free(pv);
    swirl_air_set_common_main(a, 2);
    swirl_air_set_num_public_values(a, 3);
    swirl_expr l = swirl_air_main(a, CM, 0, 0), r = swirl_air_main(a, CM, 1, 0);
    swirl_expr nl = swirl_air_main(a, CM, 0, 1), nr = swirl_air_main(a, CM, 1, 1);
    swirl_expr sel = swirl_air_prep(a, 0, 0);
    swirl_expr first = swirl_air_is_first_row(a);
    swirl_air_assert_zero_when(a, first, swirl_air_sub(a, l, swirl_air_public(a, 0)));
    swirl_air_assert_zero_when(a, first, swirl_air_sub(a, r, swirl_air_public(a, 1)));
    /* when_transition().when(c).assert_eq(x, y) = trans * (c * (x - y)) */
    swirl_expr ne = swirl_air_sub(a, sel, swirl_air_const(a, 1));
    swirl_air_assert_zero(a, swirl_air_mul(a, swirl_air_is_transition(a), swirl_air_mul(a, sel, swirl_air_sub(a, r, nl))));
    swirl_air_assert_zero(a, swirl_air_mul(a, swirl_air_is_transition(a), swirl_air_mul(a, ne, swirl_air_sub(a, l, nl))));
    swirl_air_assert_zero(a, swirl_air_mul(a, swirl_air_is_transition(a), swirl_air_mul(a, sel, swirl_air_sub(a, swirl_air_add(a, l, r), nr))));
    swirl_air_assert_zero(a, swirl_air_mul(a, swirl_air_is_transition(a), swirl_air_mul(a, ne, swirl_air_sub(a, r, nr))));
    swirl_air_assert_zero_when(a, swirl_air_is_last_row(a), swirl_air_sub(a, r, swirl_air_public(a, 2)));
    if (with_bus) {
        swirl_expr key = swirl_air_add(a, l, r);
        swirl_air_push_interaction(a, 0, &key, 1, swirl_air_neg(a, sel), 0);
    }
    return a;
}

int swirl_fib_selector_trace(uint32_t a0, uint32_t b0, const uint8_t *sels, size_t n, swirl_trace *out, uint32_t pv[3]) {
    if (!out || !pv || !sels || n == 0 || (n & (n - 1)) || a0 >= SWIRL_P || b0 >= SWIRL_P) return SWIRL_ERR_INVALID_ARG;
    int rc = alloc_trace(out, n, 2);
    if (rc) return rc;
    bb_t x = a0, y = b0;
    for (size_t i = 0; i < n; i++) {
        out->values[2 * i] = x;
        out->values[2 * i + 1] = y;
        if (sels[i]) { bb_t z = bb_add(x, y); x = y; y = z; }
    }
    pv[0] = a0; pv[1] = b0; pv[2] = out->values[2 * n - 1];
    return SWIRL_OK;
}

/* DummyInteractionAir: count column then field_width fields (or, partitioned, the count in the
 * common main and the fields as cached main 0); sends count or receives -1 * count. */
swirl_air *swirl_dummy_interaction_air(size_t field_width, int is_send, uint16_t bus, int partition, uint32_t count_weight) {
    if (field_width == 0 || field_width >= SWIRL_MAX_AIR_WIDTH) return NULL;
    swirl_air *a = swirl_air_new(is_send ? "dummy_sender" : "dummy_receiver");
    if (!a) return NULL;
    swirl_expr *fields = swirl_malloc(field_width * sizeof *fields);
    if (!fields) { swirl_air_free(a); return NULL; }
    swirl_expr count;
    if (partition) {
        int part = swirl_air_add_cached_main(a, field_width);
        swirl_air_set_common_main(a, 1);
        count = swirl_air_main(a, CM, 0, 0);
        for (size_t i = 0; i < field_width; i++) fields[i] = swirl_air_main(a, part, i, 0);
    } else {
        swirl_air_set_common_main(a, 1 + field_width);
        count = swirl_air_main(a, CM, 0, 0);
        for (size_t i = 0; i < field_width; i++) fields[i] = swirl_air_main(a, CM, 1 + i, 0);
    }
    if (!is_send) count = swirl_air_mul(a, swirl_air_const(a, SWIRL_P - 1), count);
    swirl_air_push_interaction(a, bus, fields, field_width, count, count_weight);
    swirl_free(fields);
    return a;
}

/* SelfInteractionAir: eight interactions on one bus pairing local with next rows. */
swirl_air *swirl_self_interaction_air(size_t width, uint16_t bus) {
    if (width == 0 || width > SWIRL_MAX_AIR_WIDTH) return NULL;
    swirl_air *a = swirl_air_new("self_interaction");
    if (!a) return NULL;
    swirl_air_set_common_main(a, width);
    swirl_expr *loc = swirl_malloc(width * sizeof *loc), *nxt = swirl_malloc(width * sizeof *nxt);
    if (!loc || !nxt) { swirl_free(loc); swirl_free(nxt); swirl_air_free(a); return NULL; }
    for (size_t i = 0; i < width; i++) { loc[i] = swirl_air_main(a, CM, i, 0); nxt[i] = swirl_air_main(a, CM, i, 1); }
    swirl_expr ls = swirl_air_const(a, 0), ns = swirl_air_const(a, 0);
    for (size_t i = 0; i < width; i++) ls = swirl_air_add(a, ls, loc[i]);
    for (size_t i = 0; i < width; i++) ns = swirl_air_add(a, ns, loc[i]); /* the reference folds `local` here too */
    swirl_air_push_interaction(a, bus, loc, width, swirl_air_const(a, 1), 1);
    swirl_air_push_interaction(a, bus, nxt, width, swirl_air_const(a, SWIRL_P - 1), 1);
    swirl_air_push_interaction(a, bus, loc, width, ls, 1);
    swirl_air_push_interaction(a, bus, nxt, width, swirl_air_neg(a, ns), 1);
    swirl_air_push_interaction(a, bus, loc, width, loc[0], 1);
    swirl_air_push_interaction(a, bus, nxt, width, swirl_air_neg(a, nxt[0]), 1);
    for (size_t i = 0; i < width / 2; i++) {
        swirl_expr t = loc[i]; loc[i] = loc[width - 1 - i]; loc[width - 1 - i] = t;
        t = nxt[i]; nxt[i] = nxt[width - 1 - i]; nxt[width - 1 - i] = t;
    }
    swirl_air_push_interaction(a, bus, loc, width, ls, 1);
    swirl_air_push_interaction(a, bus, nxt, width, swirl_air_neg(a, ns), 1);
    swirl_free(loc);
    swirl_free(nxt);
    return a;
}

int swirl_self_interaction_trace(size_t width, unsigned log_height, swirl_trace *out) {
    if (!out || width == 0 || width > SWIRL_MAX_AIR_WIDTH || log_height > 24) return SWIRL_ERR_INVALID_ARG;
    size_t h = (size_t)1 << log_height;
    int rc = alloc_trace(out, h, width);
    if (rc) return rc;
    for (size_t r = 0; r < h; r++)
        for (size_t i = 0; i < width; i++) out->values[r * width + i] = (uint32_t)((r + i) % width);
    return SWIRL_OK;
}

/* PreprocessedCachedAir: preprocessed sel, common main counter, num_cached partitions each the
 * previous one plus sel. */
swirl_air *swirl_preprocessed_cached_air(const uint8_t *sels, size_t n, size_t num_cached) {
    if (!sels || n == 0 || (n & (n - 1))) return NULL;
    swirl_air *a = swirl_air_new("preprocessed_cached");
    if (!a) return NULL;
    uint32_t *pv = swirl_alloc_array(n, sizeof *pv);
    if (!pv) { swirl_air_free(a); return NULL; }
    for (size_t i = 0; i < n; i++) pv[i] = sels[i] ? 1 : 0;
    swirl_trace pt = {pv, n, 1};
    swirl_air_set_preprocessed(a, &pt);
    swirl_free(pv);
    for (size_t c = 0; c < num_cached; c++) swirl_air_add_cached_main(a, 1);
    swirl_air_set_common_main(a, 1);
    swirl_expr pl = swirl_air_prep(a, 0, 0), pn = swirl_air_prep(a, 0, 1);
    swirl_expr cl = swirl_air_main(a, CM, 0, 0), cn = swirl_air_main(a, CM, 0, 1);
    swirl_air_assert_zero(a, swirl_air_mul(a, pl, swirl_air_sub(a, pl, swirl_air_const(a, 1))));
    swirl_air_assert_zero_when(a, swirl_air_is_first_row(a), cl);
    swirl_air_assert_zero_when(a, swirl_air_is_transition(a), swirl_air_sub(a, swirl_air_sub(a, cn, cl), swirl_air_const(a, 1)));
    swirl_expr prev_l = cl, prev_n = cn;
    for (size_t c = 0; c < num_cached; c++) {
        swirl_expr kl = swirl_air_main(a, (int)c, 0, 0), kn = swirl_air_main(a, (int)c, 0, 1);
        swirl_air_assert_zero(a, swirl_air_sub(a, swirl_air_add(a, prev_l, pl), kl));
        swirl_air_assert_zero_when(a, swirl_air_is_transition(a), swirl_air_sub(a, swirl_air_add(a, prev_n, pn), kn));
        prev_l = kl;
        prev_n = kn;
    }
    return a;
}

/* common[r] = r; cached_c[r] = cached_{c-1}[r] + sel[r]; `cached` holds num_cached traces. */
int swirl_preprocessed_cached_traces(const uint8_t *sels, size_t n, size_t num_cached, swirl_trace *common, swirl_trace *cached) {
    if (!sels || !common || (num_cached && !cached) || n == 0 || (n & (n - 1))) return SWIRL_ERR_INVALID_ARG;
    int rc = alloc_trace(common, n, 1);
    if (rc) return rc;
    for (size_t r = 0; r < n; r++) common->values[r] = (uint32_t)(r % SWIRL_P);
    const swirl_trace *prev = common;
    for (size_t c = 0; c < num_cached; c++) {
        rc = alloc_trace(&cached[c], n, 1);
        if (rc) {
            for (size_t k = 0; k < c; k++) swirl_trace_free(&cached[k]);
            swirl_trace_free(common);
            return rc;
        }
        for (size_t r = 0; r < n; r++) cached[c].values[r] = bb_add(prev->values[r], sels[r] ? 1 : 0);
        prev = &cached[c];
    }
    return SWIRL_OK;
}

/* Dummy interaction traces (DummyInteractionChip::generate_proving_ctx): row i holds counts[i]
 * and fields[i * field_width ..]; the height is next_power_of_two(n), padding rows are zero.
 * Without partition `common` is [count | fields] and `cached` is untouched; with partition
 * `common` is the count column and `cached` the fields. */
int swirl_dummy_interaction_traces(size_t field_width, int partition, const uint32_t *counts, const uint32_t *fields,
                                   size_t n, swirl_trace *common, swirl_trace *cached) {
    if (!counts || !fields || !common || (partition && !cached) || field_width == 0 || n == 0 || n > ((size_t)1 << 30))
        return SWIRL_ERR_INVALID_ARG;
    /* 1 + field_width columns (unpartitioned), and n * field_width readable fields */
    if (field_width >= SWIRL_MAX_AIR_WIDTH) return SWIRL_ERR_INVALID_ARG;
    for (size_t i = 0; i < n; i++) {
        if (counts[i] >= SWIRL_P) return SWIRL_ERR_FIELD_RANGE;
        for (size_t j = 0; j < field_width; j++)
            if (fields[i * field_width + j] >= SWIRL_P) return SWIRL_ERR_FIELD_RANGE;
    }
    size_t h = 1;
    while (h < n) h <<= 1;
    int rc = alloc_trace(common, h, partition ? 1 : 1 + field_width);
    if (rc) return rc;
    if (partition) {
        rc = alloc_trace(cached, h, field_width);
        if (rc) {
            swirl_trace_free(common);
            return rc;
        }
        for (size_t i = 0; i < n; i++) {
            common->values[i] = counts[i];
            memcpy(cached->values + i * field_width, fields + i * field_width, field_width * sizeof(uint32_t));
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            common->values[i * (1 + field_width)] = counts[i];
            memcpy(common->values + i * (1 + field_width) + 1, fields + i * field_width, field_width * sizeof(uint32_t));
        }
    }
    return SWIRL_OK;
}

/* SumAir (stark-backend tests/partitioned_sum_air.rs): common main x (width 1), cached main
 * y (width `width`); one constraint x - (((0 + y_0) + y_1) + ...), the AddAssign fold from ZERO
 * followed by assert_eq. */
swirl_air *swirl_partitioned_sum_air(size_t width) {
    if (width == 0 || width > SWIRL_MAX_AIR_WIDTH) return NULL;
    swirl_air *a = swirl_air_new("partitioned_sum");
    if (!a) return NULL;
    int part = swirl_air_add_cached_main(a, width);
    swirl_air_set_common_main(a, 1);
    swirl_expr x = swirl_air_main(a, CM, 0, 0);
    swirl_expr sum = swirl_air_const(a, 0);
    for (size_t i = 0; i < width; i++) sum = swirl_air_add(a, sum, swirl_air_main(a, part, i, 0));
    swirl_air_assert_eq(a, x, sum);
    return a;
}

/* y[r][i] drawn below 1000 from splitmix64(seed) (the reference draws from [0, 1000) too, with
 * its own RNG); x[r] = sum of row r. */
int swirl_partitioned_sum_traces(size_t width, unsigned log_height, uint64_t seed, swirl_trace *common,
                                 swirl_trace *cached) {
    if (!common || !cached || width == 0 || width > SWIRL_MAX_AIR_WIDTH || log_height > 24) return SWIRL_ERR_INVALID_ARG;
    size_t h = (size_t)1 << log_height;
    int rc = alloc_trace(common, h, 1);
    if (rc) return rc;
    rc = alloc_trace(cached, h, width);
    if (rc) {
        swirl_trace_free(common);
        return rc;
    }
    uint64_t st = seed;
    for (size_t r = 0; r < h; r++) {
        bb_t sum = 0;
        for (size_t i = 0; i < width; i++) {
            uint32_t y = (uint32_t)(swirl_splitmix64(&st) % 1000);
            cached->values[r * width + i] = y;
            sum = bb_add(sum, y);
        }
        common->values[r] = sum;
    }
    return SWIRL_OK;
}
