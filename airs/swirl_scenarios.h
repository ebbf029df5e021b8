/* swirl_scenarios.h — the built-in AIRs and the scenario registry (internal: libswirl_scenarios).
 *
 * These are test fixtures and benchmark workloads, not part of swirl's public API: they live in
 * the internal static library swirl_scenarios (the sources in airs/), which the CLI, the tests,
 * the benchmarks, the fuzzers and the Rust interop crate link next to libswirl. libswirl itself
 * exports only what include/swirl.h declares (tests/abi checks it). Everything here is built
 * with swirl.h's public builder API, plus libswirl's internal allocator and helpers (which a
 * static link reaches). The internal executables of the CMake build get this header
 * force-included (swirl_use_scenarios in CMakeLists.txt), so their sources need not name it. */
#ifndef SWIRL_SCENARIOS_H
#define SWIRL_SCENARIOS_H

#include <stddef.h>
#include <stdint.h>
#include "swirl.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- built-in AIRs (workloads.md) ---------------------------------------------------------------
 * keccakf: Plonky3's Keccak-f[1600] AIR (2633 columns, 24 rows per permutation). The trace of n
 * inputs has next_power_of_two(24 n) rows; missing permutations use the all-zero state and the
 * last one may be cut short, as Plonky3 does. input[x + 5y] is lane (x, y). */
swirl_air *swirl_keccakf_air(void);
int swirl_keccakf_generate_trace(const uint64_t (*inputs)[25], size_t num_inputs, swirl_trace *out);
void swirl_keccakf_random_inputs(uint64_t seed, size_t n, uint64_t (*out)[25]);

/* The reference's test AIRs (stark-backend test_utils/dummy_airs), same constraints and shapes.
 * Trace generators allocate the traces they return (swirl_trace_free); widths above
 * SWIRL_MAX_AIR_WIDTH make them return SWIRL_ERR_INVALID_ARG. */
swirl_air *swirl_fib_air(void); /* columns left, right; public values a, b, x */
int swirl_fib_trace(uint32_t a, uint32_t b, unsigned log_height, swirl_trace *out, uint32_t public_values[3]);
/* sels: n selector bits (n a power of two); with_bus adds the bus-0 key lookup (count -sel). */
swirl_air *swirl_fib_selector_air(const uint8_t *sels, size_t n, int with_bus);
int swirl_fib_selector_trace(uint32_t a, uint32_t b, const uint8_t *sels, size_t n, swirl_trace *out,
                             uint32_t public_values[3]);
/* count column + field_width fields (partition: fields in cached main 0); send count or receive -count. */
swirl_air *swirl_dummy_interaction_air(size_t field_width, int is_send, uint16_t bus, int partition, uint32_t count_weight);
swirl_air *swirl_self_interaction_air(size_t width, uint16_t bus);
int swirl_self_interaction_trace(size_t width, unsigned log_height, swirl_trace *out);
swirl_air *swirl_preprocessed_cached_air(const uint8_t *sels, size_t n, size_t num_cached);
int swirl_preprocessed_cached_traces(const uint8_t *sels, size_t n, size_t num_cached, swirl_trace *common,
                                     swirl_trace *cached);
/* Traces of a dummy interaction AIR (n >= 1 rows of count + field_width fields, fields row-major;
 * height next_power_of_two(n), zero padding). Partitioned: common = count, cached = fields. */
int swirl_dummy_interaction_traces(size_t field_width, int partition, const uint32_t *counts, const uint32_t *fields,
                                   size_t n, swirl_trace *common, swirl_trace *cached);
/* SumAir of stark-backend's tests/partitioned_sum_air.rs: common main x, cached main y[width];
 * x = y_0 + ... + y_{width-1}. Traces: y below 1000 from the seed, x the row sums. */
swirl_air *swirl_partitioned_sum_air(size_t width);
int swirl_partitioned_sum_traces(size_t width, unsigned log_height, uint64_t seed, swirl_trace *common,
                                 swirl_trace *cached);

/* Scenario registry: a named bundle of AIRs (key order) with their proof inputs, used by the CLI,
 * the end-to-end tests and the benchmarks. `size` per scenario:
 *   keccakf             number of permutations, 1..65536 (height next_power_of_two(24 size));
 *                       inputs from swirl_keccakf_random_inputs(seed, size).
 *   fib                 log2 height, 0..24; a, b = 0, 1 for seed 0, else drawn from the seed.
 *   fib_selector        log2 height, 0..24; the reference's PreprocessedFibFixture: no bus,
 *                       sels[i] = (i even), a, b = 0, 1 for seed 0; other seeds draw a, b, sels.
 *   interactions        a sender and a receiver (DummyInteractionAir, 1 field, bus 0). size 0:
 *                       the reference's InteractionsFixture11 traces (4 and 8 rows); size s in
 *                       1..24: both 2^s rows, the receiver a seeded shuffle of the sender's rows.
 *   cached              as interactions with the fields in a cached main (CachedFixture11).
 *   self_interaction    log2 height, 0..20; six SelfInteractionAirs of widths 4, 7, 8, 8, 10, 100
 *                       on bus 4 (multi_interaction_traces_stark). Seed unused.
 *   preprocessed_cached log2 height, 0..24; PreprocessedCachedAir with 2 cached parts, sels as
 *                       fib_selector.
 *   partitioned_sum     log2 height, 0..24; SumAir of width 5, y from the seed.
 *   mixture             log2 height, 0..20; the reference's MixtureFixture::standard: fib(8, 8),
 *                       InteractionsFixture11, CachedFixture11, PreprocessedFibFixture(7, 3,
 *                       alternating sels) and the six self-interaction AIRs on bus 5 (12 AIRs).
 *                       Seeds other than 0 draw the fib values and selectors.
 *   many_airs           top log2 height, 0..22 (the CLI's default 20, app parameters): the shape
 *                       of an OpenVM app proof, 100 AIRs of heights 2^min(4,size) .. 2^size (a range
 *                       table and 36 lookup queriers on bus 0, 20 permutation pairs on buses
 *                       1..4, Fibonacci, preprocessed+cached and partitioned AIRs), preprocessed
 *                       and cached parts; shapes and values from the seed (airs/many_airs.c).
 * Everything in the bundle is owned by it (swirl_builtin_free). */
typedef struct swirl_builtin {
    const char *name;          /* the scenario name (static string) */
    swirl_air **airs;          /* num_airs AIRs, key order */
    size_t num_airs;
    swirl_air_inputs *inputs;  /* num_airs entries; common_main NULL when built without traces */
    unsigned max_log_height;   /* log2 of the tallest trace of the scenario */
} swirl_builtin;

int swirl_builtin_scenario(const char *name, size_t size, uint64_t seed, swirl_builtin **out, swirl_error *err);
/* The same bundle without traces or public values (inputs all absent): enough for keygen. */
int swirl_builtin_airs(const char *name, size_t size, uint64_t seed, swirl_builtin **out, swirl_error *err);
void swirl_builtin_free(swirl_builtin *b);
/* NULL-terminated list of the scenario names; *n (if n) receives their number. */
const char *const *swirl_builtin_names(size_t *n);

#ifdef __cplusplus
}
#endif
#endif
