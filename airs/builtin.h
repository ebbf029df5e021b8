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

#endif
