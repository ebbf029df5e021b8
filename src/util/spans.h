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
#include "swirl.h"

#define SWIRL_SPAN_NAME_MAX 64
#define SWIRL_SPAN_DEPTH_MAX 6

typedef struct swirl_span_entry {
    char name[SWIRL_SPAN_NAME_MAX];
    unsigned depth;
    double seconds;
} swirl_span_entry;

typedef struct swirl_spans {
    swirl_span_entry entries[SWIRL_MAX_SPANS];
    size_t count;
    size_t open[SWIRL_SPAN_DEPTH_MAX]; /* entry index of each open span */
    double started[SWIRL_SPAN_DEPTH_MAX];
    unsigned depth;                    /* number of open spans */
    unsigned overflow;                 /* spans dropped: too many, too deep or a name too long */
} swirl_spans;

double swirl_now_seconds(void);
void swirl_spans_reset(swirl_spans *s);
/* Opens child `name` of the innermost open span (or a root span). */
void swirl_span_enter(swirl_spans *s, const char *name);
/* Closes the innermost open span and adds its elapsed time. */
void swirl_span_exit(swirl_spans *s);

#endif
