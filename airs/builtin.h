/* builtin.h — internal helpers shared by the built-in AIRs and their scenario registry. */
#ifndef SWIRL_AIRS_BUILTIN_H
#define SWIRL_AIRS_BUILTIN_H

#include <stddef.h>
#include <stdint.h>
#include "swirl_scenarios.h"

/* splitmix64 step: the generator behind every seeded input of the built-in AIRs (deterministic,
 * platform independent; not Rust's RNG, so values differ from the reference's fixtures). */
static inline uint64_t swirl_splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Zero-filled height x width trace (t->values owned, release with swirl_trace_free). A
 * zero-cell trace still gets a one-element buffer so that values != NULL means "allocated". */
int swirl_builtin_alloc_trace(swirl_trace *t, size_t height, size_t width);

/* One AIR's proof inputs inside a bundle (owned by the bundle). */
#define SWIRL_BUILTIN_MAX_CACHED 3
typedef struct swirl_builtin_slot {
    swirl_trace common;
    swirl_trace cached[SWIRL_BUILTIN_MAX_CACHED];
    size_t num_cached;
    uint32_t pv[3];
    size_t num_pv;
    size_t height; /* set even when traces are not kept */
} swirl_builtin_slot;

/* The many_airs scenario (many_airs.c): SWIRL_MANY_AIRS_COUNT AIRs into airs[] and slots[]
 * (zeroed by the caller, which owns and frees what is put there, also on failure); heights
 * 2^min(4, top) .. 2^top, top <= 24; traces only when with_traces. */
#define SWIRL_MANY_AIRS_COUNT 100
int swirl_builtin_many_airs(unsigned top, uint64_t seed, int with_traces, swirl_air **airs, swirl_builtin_slot *slots);

#endif
