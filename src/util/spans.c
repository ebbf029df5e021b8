/* spans.c — see spans.h. */
#include <string.h>
#include <time.h>
#include "util/spans.h"

double swirl_now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void swirl_spans_reset(swirl_spans *s) {
    if (!s) return;
    const swirl_span_meter meter = s->meter;
    void *meter_ctx = s->meter_ctx;
    const swirl_progress_fn progress = s->progress;
    void *progress_user = s->progress_user;
    memset(s, 0, sizeof *s);
    s->meter = meter;
    s->meter_ctx = meter_ctx;
    s->progress = progress;
    s->progress_user = progress_user;
}

void swirl_spans_set_progress(swirl_spans *s, swirl_progress_fn fn, void *user) {
    if (!s) return;
    s->progress = fn;
    s->progress_user = fn ? user : NULL;
}

void swirl_spans_set_meter(swirl_spans *s, swirl_span_meter meter, void *meter_ctx) {
    if (!s) return;
    s->meter = meter;
    s->meter_ctx = meter_ctx;
}

static void read_meter(const swirl_spans *s, uint64_t out[SWIRL_METER_N]) {
    for (int i = 0; i < SWIRL_METER_N; i++) out[i] = 0;
    if (s->meter) s->meter(s->meter_ctx, out);
}

void swirl_span_enter(swirl_spans *s, const char *name) {
    if (!s || !name) return;
    if (s->depth >= SWIRL_SPAN_DEPTH_MAX) { s->overflow++; s->depth++; return; }
    char full[SWIRL_SPAN_NAME_MAX];
    size_t n = 0;
    /* a parent that was dropped (overflow) leaves a slot of SIZE_MAX: its children are dropped too */
    int dropped = s->depth > 0 && s->open[s->depth - 1] == (size_t)-1;
    if (!dropped && s->depth > 0) {
        const char *parent = s->entries[s->open[s->depth - 1]].name;
        n = strlen(parent);
        memcpy(full, parent, n);
        full[n++] = '.';
    }
    size_t k = strlen(name);
    size_t idx = (size_t)-1;
    if (!dropped && n + k < SWIRL_SPAN_NAME_MAX) {
        memcpy(full + n, name, k + 1);
        for (size_t i = 0; i < s->count; i++)
            if (!strcmp(s->entries[i].name, full)) { idx = i; break; }
        if (idx == (size_t)-1 && s->count < SWIRL_MAX_SPANS) {
            idx = s->count++;
            memcpy(s->entries[idx].name, full, n + k + 1);
            s->entries[idx].depth = s->depth;
            s->entries[idx].seconds = 0;
            memset(s->entries[idx].metered, 0, sizeof s->entries[idx].metered);
        }
    }
    if (idx == (size_t)-1) s->overflow++;
    s->open[s->depth] = idx;
    read_meter(s, s->meter_started[s->depth]);
    s->started[s->depth] = swirl_now_seconds();
    s->depth++;
    if (idx != (size_t)-1 && s->progress) s->progress(s->progress_user, s->entries[idx].name, s->depth - 1, 0, 0.0);
}

void swirl_span_exit(swirl_spans *s) {
    if (!s || s->depth == 0) return;
    s->depth--;
    if (s->depth >= SWIRL_SPAN_DEPTH_MAX) return;
    size_t idx = s->open[s->depth];
    if (idx == (size_t)-1) return;
    double elapsed = swirl_now_seconds() - s->started[s->depth];
    s->entries[idx].seconds += elapsed;
    uint64_t now[SWIRL_METER_N];
    read_meter(s, now);
    for (int i = 0; i < SWIRL_METER_N; i++) s->entries[idx].metered[i] += now[i] - s->meter_started[s->depth][i];
    if (s->progress) s->progress(s->progress_user, s->entries[idx].name, s->depth, 1, elapsed);
}
