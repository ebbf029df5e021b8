/* replay.c — transcript recording and read-only replay (see replay.h). */
#include "transcript/replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "swirl.h"
#include "util/alloc.h"

/* ---- log ------------------------------------------------------------------------------------ */

void swirl_tr_log_init(swirl_tr_log *log, bb_t *values, uint8_t *is_sample, size_t cap) {
    memset(log, 0, sizeof *log);
    log->values = values;
    log->is_sample = is_sample;
    log->cap = (values && is_sample) ? cap : 0;
}

int swirl_tr_log_init_growable(swirl_tr_log *log, size_t initial_cap) {
    memset(log, 0, sizeof *log);
    if (initial_cap == 0) initial_cap = 1;
    log->values = swirl_malloc(initial_cap * sizeof *log->values);
    log->is_sample = swirl_malloc(initial_cap * sizeof *log->is_sample);
    log->growable = 1;
    if (!log->values || !log->is_sample) {
        swirl_free(log->values);
        swirl_free(log->is_sample);
        log->values = NULL;
        log->is_sample = NULL;
        log->overflow = 1;
        return SWIRL_ERR_OUT_OF_MEMORY;
    }
    log->cap = initial_cap;
    return SWIRL_OK;
}

void swirl_tr_log_free(swirl_tr_log *log) {
    if (log->growable) {
        swirl_free(log->values);
        swirl_free(log->is_sample);
    }
    memset(log, 0, sizeof *log);
}

void swirl_tr_log_clear(swirl_tr_log *log) {
    log->len = 0;
    log->overflow = 0;
}

static int log_reserve_one(swirl_tr_log *log) {
    if (log->len < log->cap) return 1;
    if (!log->growable || log->cap > SIZE_MAX / 2 / sizeof *log->values) return 0;
    size_t ncap = log->cap ? 2 * log->cap : 16;
    bb_t *v = swirl_realloc(log->values, ncap * sizeof *v);
    if (!v) return 0;
    log->values = v;
    uint8_t *s = swirl_realloc(log->is_sample, ncap * sizeof *s);
    if (!s) return 0;
    log->is_sample = s;
    log->cap = ncap;
    return 1;
}

static void log_push(swirl_tr_log *log, bb_t x, uint8_t is_sample) {
    if (log->overflow || !log_reserve_one(log)) {
        log->overflow = 1;
        return;
    }
    log->values[log->len] = x;
    log->is_sample[log->len] = is_sample;
    log->len++;
}

void swirl_tr_log_push_observe(swirl_tr_log *log, bb_t x) { log_push(log, x, 0); }
void swirl_tr_log_push_sample(swirl_tr_log *log, bb_t x) { log_push(log, x, 1); }

/* ---- recorder ------------------------------------------------------------------------------- */

void swirl_tr_rec_init(swirl_tr_recorder *r, swirl_tr_log *log) {
    swirl_tr_init(&r->tr);
    r->log = log;
}

void swirl_tr_rec_init_from(swirl_tr_recorder *r, const swirl_transcript *start, swirl_tr_log *log) {
    r->tr = *start;
    r->log = log;
}

void swirl_tr_rec_observe(swirl_tr_recorder *r, bb_t x) {
    swirl_tr_observe(&r->tr, x);
    log_push(r->log, x, 0);
}

void swirl_tr_rec_observe_ext(swirl_tr_recorder *r, ef_t x) {
    for (int i = 0; i < 4; i++) swirl_tr_rec_observe(r, x.c[i]);
}

void swirl_tr_rec_observe_commit(swirl_tr_recorder *r, const swirl_digest *d) {
    for (int i = 0; i < SWIRL_DIGEST_ELEMS; i++) swirl_tr_rec_observe(r, d->v[i]);
}

bb_t swirl_tr_rec_sample(swirl_tr_recorder *r) {
    bb_t x = swirl_tr_sample(&r->tr);
    log_push(r->log, x, 1);
    return x;
}

ef_t swirl_tr_rec_sample_ext(swirl_tr_recorder *r) {
    ef_t e;
    for (int i = 0; i < 4; i++) e.c[i] = swirl_tr_rec_sample(r);
    return e;
}

uint32_t swirl_tr_rec_sample_bits(swirl_tr_recorder *r, unsigned bits) {
    uint32_t v = swirl_tr_rec_sample(r);
    return bits >= 32 ? v : (v & ((1u << bits) - 1));
}

int swirl_tr_rec_check_witness(swirl_tr_recorder *r, unsigned bits, bb_t w) {
    if (bits == 0) return 1;
    swirl_tr_rec_observe(r, w);
    return swirl_tr_rec_sample_bits(r, bits) == 0;
}

bb_t swirl_tr_rec_grind(swirl_tr_recorder *r, unsigned bits, swirl_pool *pool) {
    if (bits == 0) return 0;
    swirl_transcript probe = r->tr;
    bb_t w = swirl_tr_grind(&probe, bits, pool);
    int ok = swirl_tr_rec_check_witness(r, bits > 30 ? 30 : bits, w);
    (void)ok; /* cannot fail: probe started from the same state */
    return w;
}

/* ---- read-only replay ----------------------------------------------------------------------- */

static void replay_fail(swirl_tr_replay *r, int code) {
    if (r->error) return;
    r->error = code;
    r->error_pos = r->pos;
}

void swirl_tr_replay_init(swirl_tr_replay *r, const swirl_tr_log *log, size_t start) {
    memset(r, 0, sizeof *r);
    r->log = log;
    if (log->overflow) {
        replay_fail(r, SWIRL_TR_REPLAY_ERR_LOG_INCOMPLETE);
    } else if (start > log->len) {
        replay_fail(r, SWIRL_TR_REPLAY_ERR_BAD_START);
        r->error_pos = start;
    } else {
        r->pos = start;
    }
}

void swirl_tr_replay_init_checked(swirl_tr_replay *r, const swirl_tr_log *log, const swirl_transcript *start) {
    swirl_tr_replay_init(r, log, 0);
    r->checked = 1;
    if (start) r->live = *start;
    else swirl_tr_init(&r->live);
}

/* Is the next entry usable for an operation of kind is_sample? Sets the error if not. */
static int replay_next(swirl_tr_replay *r, uint8_t is_sample) {
    if (r->error) return 0;
    if (r->pos >= r->log->len) {
        replay_fail(r, SWIRL_TR_REPLAY_ERR_OVERRUN);
        return 0;
    }
    if (r->log->is_sample[r->pos] != is_sample) {
        replay_fail(r, is_sample ? SWIRL_TR_REPLAY_ERR_EXPECTED_SAMPLE : SWIRL_TR_REPLAY_ERR_EXPECTED_OBSERVE);
        return 0;
    }
    return 1;
}

void swirl_tr_replay_observe(swirl_tr_replay *r, bb_t x) {
    if (!replay_next(r, 0)) return;
    if (r->log->values[r->pos] != x) {
        replay_fail(r, SWIRL_TR_REPLAY_ERR_VALUE_MISMATCH);
        return;
    }
    if (r->checked) swirl_tr_observe(&r->live, x);
    r->pos++;
}

void swirl_tr_replay_observe_ext(swirl_tr_replay *r, ef_t x) {
    for (int i = 0; i < 4; i++) swirl_tr_replay_observe(r, x.c[i]);
}

void swirl_tr_replay_observe_commit(swirl_tr_replay *r, const swirl_digest *d) {
    for (int i = 0; i < SWIRL_DIGEST_ELEMS; i++) swirl_tr_replay_observe(r, d->v[i]);
}

bb_t swirl_tr_replay_sample(swirl_tr_replay *r) {
    if (!replay_next(r, 1)) return 0;
    bb_t x = r->log->values[r->pos];
    if (r->checked && swirl_tr_sample(&r->live) != x) {
        replay_fail(r, SWIRL_TR_REPLAY_ERR_SAMPLE_MISMATCH);
        return 0;
    }
    r->pos++;
    return x;
}

ef_t swirl_tr_replay_sample_ext(swirl_tr_replay *r) {
    ef_t e;
    for (int i = 0; i < 4; i++) e.c[i] = swirl_tr_replay_sample(r);
    return e;
}

uint32_t swirl_tr_replay_sample_bits(swirl_tr_replay *r, unsigned bits) {
    uint32_t v = swirl_tr_replay_sample(r);
    return bits >= 32 ? v : (v & ((1u << bits) - 1));
}

int swirl_tr_replay_check_witness(swirl_tr_replay *r, unsigned bits, bb_t w) {
    if (bits == 0) return r->error == SWIRL_TR_REPLAY_OK;
    swirl_tr_replay_observe(r, w);
    uint32_t v = swirl_tr_replay_sample_bits(r, bits);
    return r->error == SWIRL_TR_REPLAY_OK && v == 0;
}

const char *swirl_tr_replay_describe(const swirl_tr_replay *r, char *buf, size_t n) {
    if (!buf || n == 0) return buf;
    size_t at = r->error_pos;
    switch (r->error) {
    case SWIRL_TR_REPLAY_OK: snprintf(buf, n, "ok"); break;
    case SWIRL_TR_REPLAY_ERR_EXPECTED_OBSERVE: snprintf(buf, n, "expected observe at %zu", at); break;
    case SWIRL_TR_REPLAY_ERR_EXPECTED_SAMPLE: snprintf(buf, n, "expected sample at %zu", at); break;
    case SWIRL_TR_REPLAY_ERR_VALUE_MISMATCH: snprintf(buf, n, "value mismatch at %zu", at); break;
    case SWIRL_TR_REPLAY_ERR_OVERRUN: snprintf(buf, n, "transcript replay overflow at %zu", at); break;
    case SWIRL_TR_REPLAY_ERR_BAD_START: snprintf(buf, n, "start index %zu out of bounds", at); break;
    case SWIRL_TR_REPLAY_ERR_LOG_INCOMPLETE: snprintf(buf, n, "transcript log incomplete (overflowed while recording)"); break;
    case SWIRL_TR_REPLAY_ERR_SAMPLE_MISMATCH: snprintf(buf, n, "sample mismatch at %zu", at); break;
    default: snprintf(buf, n, "unknown replay error %d", r->error); break;
    }
    return buf;
}
