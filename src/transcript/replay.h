/* replay.h — transcript recording and read-only replay (the swirl counterparts of the
 * reference's DuplexSpongeRecorder / TranscriptLog / ReadOnlyTranscript / DuplexSpongeValidator,
 * stark-backend v2.0.1 crates/stark-backend/src/transcript/{traits,duplex_sponge}.rs).
 *
 * A log is the sequence of every base-field value that went through the transcript, each tagged
 * observe or sample, in order. Extension elements, digests and PoW checks are logged as their
 * base-field observes / samples (observe_ext = 4 observes, sample_ext = 4 samples,
 * observe_commit = 8 observes, sample_bits = 1 sample of the full field element,
 * check_witness(bits > 0, w) = observe(w) + 1 sample, check_witness(0, .) = nothing), exactly as
 * the reference's trait defaults do. The reference's per-permutation state snapshots
 * (perm_results) are not kept.
 *
 * Memory: a log either uses caller-provided arrays (never allocates; when full, further pushes
 * are dropped and the log is marked overflowed — sticky) or, only when the caller asks for it
 * with swirl_tr_log_init_growable, owns arrays that grow with realloc.
 *
 * The recorder wraps a plain swirl_transcript (whose behaviour it does not alter: the samples are
 * the transcript's own) and appends each operation to a log. The replay transcript needs no
 * sponge: it returns the recorded samples and checks that the caller performs the recorded
 * operation with the recorded value. The first mismatch sets a sticky error (checked with
 * swirl_tr_replay_error / swirl_tr_replay_ok); afterwards every operation is a no-op and every
 * sample returns 0. The "checked" replay additionally runs a live transcript from a given start
 * state and requires every recorded sample to equal the live one (DuplexSpongeValidator), so a
 * log whose samples were tampered with is rejected too. */
#ifndef SWIRL_TRANSCRIPT_REPLAY_H
#define SWIRL_TRANSCRIPT_REPLAY_H

#include <stddef.h>
#include <stdint.h>
#include "transcript/transcript.h"
#include "util/pool.h"

/* ---- log ------------------------------------------------------------------------------------ */

typedef struct swirl_tr_log {
    bb_t *values;       /* values[i]: the i-th observed or sampled base-field value */
    uint8_t *is_sample; /* is_sample[i]: 1 iff values[i] was sampled, 0 iff observed */
    size_t len, cap;
    int growable;       /* arrays owned by the log, grown on demand */
    int overflow;       /* sticky: a push did not fit (fixed buffer full, or realloc failed) */
} swirl_tr_log;

/* Use caller-provided arrays of cap entries each (cap may be 0). Never allocates. */
void swirl_tr_log_init(swirl_tr_log *log, bb_t *values, uint8_t *is_sample, size_t cap);
/* Allocate (initial_cap entries, at least 1) and grow on demand. SWIRL_OK or
 * SWIRL_ERR_OUT_OF_MEMORY (then *log is an empty, overflowed log). Release with swirl_tr_log_free. */
int swirl_tr_log_init_growable(swirl_tr_log *log, size_t initial_cap);
/* Free owned arrays (no-op for caller-provided ones) and zero *log. */
void swirl_tr_log_free(swirl_tr_log *log);
/* Empty the log (keeps its buffers) and clear the overflow flag. */
void swirl_tr_log_clear(swirl_tr_log *log);
void swirl_tr_log_push_observe(swirl_tr_log *log, bb_t x);
void swirl_tr_log_push_sample(swirl_tr_log *log, bb_t x);
static inline size_t swirl_tr_log_len(const swirl_tr_log *log) { return log->len; }
/* 1 iff every push was stored. */
static inline int swirl_tr_log_ok(const swirl_tr_log *log) { return !log->overflow; }

/* ---- recorder ------------------------------------------------------------------------------- */

typedef struct swirl_tr_recorder {
    swirl_transcript tr; /* the live transcript; its state is exactly a plain transcript's */
    swirl_tr_log *log;
} swirl_tr_recorder;

/* Fresh transcript (all-zero state) appending to log (not cleared). */
void swirl_tr_rec_init(swirl_tr_recorder *r, swirl_tr_log *log);
/* Continue from an existing transcript state. */
void swirl_tr_rec_init_from(swirl_tr_recorder *r, const swirl_transcript *start, swirl_tr_log *log);
void swirl_tr_rec_observe(swirl_tr_recorder *r, bb_t x);
void swirl_tr_rec_observe_ext(swirl_tr_recorder *r, ef_t x);
void swirl_tr_rec_observe_commit(swirl_tr_recorder *r, const swirl_digest *d);
bb_t swirl_tr_rec_sample(swirl_tr_recorder *r);
ef_t swirl_tr_rec_sample_ext(swirl_tr_recorder *r);
uint32_t swirl_tr_rec_sample_bits(swirl_tr_recorder *r, unsigned bits);
int swirl_tr_rec_check_witness(swirl_tr_recorder *r, unsigned bits, bb_t w);
/* swirl_tr_grind's witness (smallest), applied through the recorder. */
bb_t swirl_tr_rec_grind(swirl_tr_recorder *r, unsigned bits, swirl_pool *pool);

/* ---- read-only replay ----------------------------------------------------------------------- */

typedef enum swirl_tr_replay_error {
    SWIRL_TR_REPLAY_OK = 0,
    SWIRL_TR_REPLAY_ERR_EXPECTED_OBSERVE = 1, /* caller observed; the log has a sample there */
    SWIRL_TR_REPLAY_ERR_EXPECTED_SAMPLE = 2,  /* caller sampled; the log has an observe there */
    SWIRL_TR_REPLAY_ERR_VALUE_MISMATCH = 3,   /* caller observed a different value */
    SWIRL_TR_REPLAY_ERR_OVERRUN = 4,          /* operation past the end of the log */
    SWIRL_TR_REPLAY_ERR_BAD_START = 5,        /* start index > log length */
    SWIRL_TR_REPLAY_ERR_LOG_INCOMPLETE = 6,   /* the log overflowed while recording */
    SWIRL_TR_REPLAY_ERR_SAMPLE_MISMATCH = 7   /* checked replay: recorded sample != live sample */
} swirl_tr_replay_error;

typedef struct swirl_tr_replay {
    const swirl_tr_log *log;
    size_t pos;       /* next log entry */
    int error;        /* swirl_tr_replay_error, sticky */
    size_t error_pos; /* log index of the first error */
    int checked;      /* 1: also run `live` and compare samples */
    swirl_transcript live;
} swirl_tr_replay;

/* ReadOnlyTranscript::new(log, start): replay log entries start.. . */
void swirl_tr_replay_init(swirl_tr_replay *r, const swirl_tr_log *log, size_t start);
/* DuplexSpongeValidator: replay the whole log from entry 0 alongside a live transcript that
 * starts at `start` (NULL: fresh), failing on any recorded sample the live sponge disagrees with. */
void swirl_tr_replay_init_checked(swirl_tr_replay *r, const swirl_tr_log *log, const swirl_transcript *start);
void swirl_tr_replay_observe(swirl_tr_replay *r, bb_t x);
void swirl_tr_replay_observe_ext(swirl_tr_replay *r, ef_t x);
void swirl_tr_replay_observe_commit(swirl_tr_replay *r, const swirl_digest *d);
bb_t swirl_tr_replay_sample(swirl_tr_replay *r);
ef_t swirl_tr_replay_sample_ext(swirl_tr_replay *r);
uint32_t swirl_tr_replay_sample_bits(swirl_tr_replay *r, unsigned bits);
/* As swirl_tr_check_witness; returns 0 when the replay is (or becomes) in error. */
int swirl_tr_replay_check_witness(swirl_tr_replay *r, unsigned bits, bb_t w);

static inline int swirl_tr_replay_error_code(const swirl_tr_replay *r) { return r->error; }
static inline int swirl_tr_replay_ok(const swirl_tr_replay *r) { return r->error == SWIRL_TR_REPLAY_OK; }
/* TranscriptHistory::len: the position reached (start index + entries consumed). */
static inline size_t swirl_tr_replay_len(const swirl_tr_replay *r) { return r->pos; }
/* 1 iff no error and every log entry was consumed. */
static inline int swirl_tr_replay_done(const swirl_tr_replay *r) {
    return r->error == SWIRL_TR_REPLAY_OK && r->pos == r->log->len;
}
/* Human-readable error, worded like the reference's panics ("expected observe at 0",
 * "value mismatch at 0", ...). Returns buf. */
const char *swirl_tr_replay_describe(const swirl_tr_replay *r, char *buf, size_t n);

#endif
