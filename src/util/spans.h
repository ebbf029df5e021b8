/* spans.h — the prover's named timing spans (the reference's tracing span names).
 *
 * A recorder is a fixed array owned by the context: no allocation while recording. Spans nest
 * (a stack of open spans); a span's full name is its parent's name, a dot, and its own name.
 * Entering a span whose full name already exists adds to it, so a stage repeated for several
 * commitments reports the sum. Every function accepts a NULL recorder and then does nothing,
 * so stages can be called without timing. Not thread-safe: only the driver thread records. */
#ifndef SWIRL_SPANS_H
#define SWIRL_SPANS_H

#include <stddef.h>
#include <stdint.h>
#include "swirl.h"

#define SWIRL_SPAN_NAME_MAX 64
#define SWIRL_SPAN_DEPTH_MAX 6

/* What a backend's meter counts (totals since its last reset, read at span entry and exit). */
enum { SWIRL_METER_TO_DEVICE = 0, SWIRL_METER_FROM_DEVICE = 1, SWIRL_METER_WAITS = 2, SWIRL_METER_N = 3 };
typedef void (*swirl_span_meter)(void *meter_ctx, uint64_t totals[SWIRL_METER_N]);

typedef struct swirl_span_entry {
    char name[SWIRL_SPAN_NAME_MAX];
    unsigned depth;
    double seconds;
    uint64_t metered[SWIRL_METER_N]; /* bytes up, bytes down, host waits inside the span */
} swirl_span_entry;

typedef struct swirl_spans {
    swirl_span_entry entries[SWIRL_MAX_SPANS];
    size_t count;
    size_t open[SWIRL_SPAN_DEPTH_MAX]; /* entry index of each open span */
    double started[SWIRL_SPAN_DEPTH_MAX];
    unsigned depth;                    /* number of open spans */
    unsigned overflow;                 /* spans dropped: too many, too deep or a name too long */
    swirl_span_meter meter;            /* NULL: nothing metered; kept by swirl_spans_reset */
    void *meter_ctx;
    swirl_progress_fn progress;        /* NULL: nobody told; kept by swirl_spans_reset */
    void *progress_user;
    uint64_t meter_started[SWIRL_SPAN_DEPTH_MAX][SWIRL_METER_N];
} swirl_spans;

double swirl_now_seconds(void);
/* Clears the spans (the meter and the progress observer stay). */
void swirl_spans_reset(swirl_spans *s);
void swirl_spans_set_meter(swirl_spans *s, swirl_span_meter meter, void *meter_ctx);
/* The observer told at every recorded span's entry and exit (swirl_ctx_set_progress). */
void swirl_spans_set_progress(swirl_spans *s, swirl_progress_fn fn, void *user);
/* Opens child `name` of the innermost open span (or a root span). */
void swirl_span_enter(swirl_spans *s, const char *name);
/* Closes the innermost open span and adds its elapsed time. */
void swirl_span_exit(swirl_spans *s);

#endif
