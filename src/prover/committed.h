/* committed.h — a cached main trace committed ahead of proving (swirl_commit_cached_main). */
#ifndef SWIRL_COMMITTED_H
#define SWIRL_COMMITTED_H

#include "pcs/stacked.h"
#include "swirl.h"

struct swirl_committed_trace {
    swirl_system_params params;   /* the parameters it was committed under */
    size_t height, width;         /* of the committed trace */
    swirl_stacked_pcs_data *data; /* owned: layout, stacked matrix, codeword, tree */
};

/* SWIRL_OK when `c` can stand for `trace` in a proof under `params` (same parameters and shape);
 * SWIRL_ERR_INVALID_ARG with a message otherwise. The values are not compared: a commitment to
 * other values than the trace's yields a proof that does not verify. */
int swirl_committed_trace_check(const swirl_committed_trace *c, const swirl_system_params *params,
                                const swirl_trace *trace, swirl_error *err);

#endif
