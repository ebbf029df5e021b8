/* bytes.h — growable byte writer and bounds-checked reader shared by every codec (proof v3,
 * WHIR proof, keys). Readers never read past the end: every get reports failure instead, and
 * failures are sticky (after the first error every further get fails), so decoders can check
 * once at the end of a block. Field elements are validated (< p) on read. */
#ifndef SWIRL_BYTES_H
#define SWIRL_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "field/babybear.h"
#include "hash/poseidon2.h"
#include "util/alloc.h"

typedef struct swirl_writer {
    uint8_t *buf;
    size_t len, cap;
    int oom; /* sticky: set when a reallocation failed; the contents are then invalid */
} swirl_writer;

static inline void swirl_writer_init(swirl_writer *w) { w->buf = NULL; w->len = w->cap = 0; w->oom = 0; }
static inline void swirl_writer_free(swirl_writer *w) { swirl_free(w->buf); swirl_writer_init(w); }

static inline int swirl_put_bytes(swirl_writer *w, const void *p, size_t n) {
    if (w->oom) return 0;
    if (w->len + n > w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 256;
        while (nc < w->len + n) nc *= 2;
        uint8_t *nb = swirl_realloc(w->buf, nc);
        if (!nb) { w->oom = 1; return 0; }
        w->buf = nb;
        w->cap = nc;
    }
    if (n) memcpy(w->buf + w->len, p, n);
    w->len += n;
    return 1;
}
static inline int swirl_put_u8(swirl_writer *w, uint8_t v) { return swirl_put_bytes(w, &v, 1); }
static inline int swirl_put_u32(swirl_writer *w, uint32_t v) {
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    return swirl_put_bytes(w, b, 4);
}
static inline int swirl_put_u64(swirl_writer *w, uint64_t v) {
    return swirl_put_u32(w, (uint32_t)v) && swirl_put_u32(w, (uint32_t)(v >> 32));
}
/* usize encoded as u32 (codec v3); values >= 2^32 cannot be encoded: sets oom-like failure. */
static inline int swirl_put_usize(swirl_writer *w, size_t v) {
    if ((uint64_t)v > 0xffffffffull) { w->oom = 1; return 0; }
    return swirl_put_u32(w, (uint32_t)v);
}
static inline int swirl_put_bb(swirl_writer *w, bb_t v) { return swirl_put_u32(w, v); }
static inline int swirl_put_ef(swirl_writer *w, ef_t v) {
    return swirl_put_u32(w, v.c[0]) && swirl_put_u32(w, v.c[1]) && swirl_put_u32(w, v.c[2]) && swirl_put_u32(w, v.c[3]);
}
static inline int swirl_put_digest(swirl_writer *w, const swirl_digest *d) {
    for (int i = 0; i < SWIRL_DIGEST_ELEMS; i++)
        if (!swirl_put_u32(w, d->v[i])) return 0;
    return 1;
}

typedef struct swirl_reader {
    const uint8_t *p;
    size_t len, pos;
    int err; /* sticky: 1 = truncated, 2 = field element out of range, 3 = other (set by caller) */
} swirl_reader;

static inline void swirl_reader_init(swirl_reader *r, const uint8_t *p, size_t len) {
    r->p = p; r->len = len; r->pos = 0; r->err = 0;
}
static inline size_t swirl_reader_left(const swirl_reader *r) { return r->len - r->pos; }
static inline int swirl_get_bytes(swirl_reader *r, void *out, size_t n) {
    if (r->err) return 0;
    if (n > r->len - r->pos) { r->err = 1; return 0; }
    if (n) memcpy(out, r->p + r->pos, n);
    r->pos += n;
    return 1;
}
static inline int swirl_get_u8(swirl_reader *r, uint8_t *v) { return swirl_get_bytes(r, v, 1); }
static inline int swirl_get_u32(swirl_reader *r, uint32_t *v) {
    uint8_t b[4];
    if (!swirl_get_bytes(r, b, 4)) { *v = 0; return 0; }
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return 1;
}
static inline int swirl_get_u64(swirl_reader *r, uint64_t *v) {
    uint32_t lo, hi;
    if (!swirl_get_u32(r, &lo) || !swirl_get_u32(r, &hi)) { *v = 0; return 0; }
    *v = (uint64_t)hi << 32 | lo;
    return 1;
}
static inline int swirl_get_bb(swirl_reader *r, bb_t *v) {
    if (!swirl_get_u32(r, v)) return 0;
    if (*v >= BB_P) { r->err = 2; *v = 0; return 0; }
    return 1;
}
static inline int swirl_get_ef(swirl_reader *r, ef_t *v) {
    return swirl_get_bb(r, &v->c[0]) && swirl_get_bb(r, &v->c[1]) && swirl_get_bb(r, &v->c[2]) && swirl_get_bb(r, &v->c[3]);
}
static inline int swirl_get_digest(swirl_reader *r, swirl_digest *d) {
    for (int i = 0; i < SWIRL_DIGEST_ELEMS; i++)
        if (!swirl_get_bb(r, &d->v[i])) return 0;
    return 1;
}
/* A length that must be backed by at least min_elem_bytes per element of remaining input:
 * rejects absurd lengths before any allocation (decoders must never allocate from an
 * unchecked length). */
static inline int swirl_get_len(swirl_reader *r, size_t min_elem_bytes, size_t *out) {
    uint32_t v;
    if (!swirl_get_u32(r, &v)) { *out = 0; return 0; }
    if (min_elem_bytes && (uint64_t)v * min_elem_bytes > swirl_reader_left(r)) { r->err = 1; *out = 0; return 0; }
    *out = v;
    return 1;
}

#endif
