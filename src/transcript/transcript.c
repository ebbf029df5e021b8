/* transcript.c — duplex-sponge Fiat–Shamir transcript and proof of work (crypto_pcs.md §4).
 *
 * Mirrors Plonky3's DuplexChallenger<BabyBear, Poseidon2-16, 16, 8>: observe overwrites lane
 * absorb_idx and permutes when 8 lanes are pending; sample permutes first if anything is pending
 * or the output buffer is empty, then reads state[7], state[6], ... */
#include "transcript/transcript.h"

#include <stdatomic.h>
#include <string.h>

void swirl_tr_init(swirl_transcript *t) { memset(t, 0, sizeof *t); }

static void duplex(swirl_transcript *t) {
    swirl_poseidon2_permute(t->state);
    t->absorb_idx = 0;
    t->sample_idx = SWIRL_P2_RATE;
}

void swirl_tr_observe(swirl_transcript *t, bb_t x) {
    t->state[t->absorb_idx++] = x;
    if (t->absorb_idx == SWIRL_P2_RATE) duplex(t);
    else t->sample_idx = 0; /* pending input invalidates buffered outputs */
}

void swirl_tr_observe_ext(swirl_transcript *t, ef_t x) {
    for (int i = 0; i < 4; i++) swirl_tr_observe(t, x.c[i]);
}

void swirl_tr_observe_commit(swirl_transcript *t, const swirl_digest *d) {
    for (int i = 0; i < SWIRL_DIGEST_ELEMS; i++) swirl_tr_observe(t, d->v[i]);
}

bb_t swirl_tr_sample(swirl_transcript *t) {
    if (t->absorb_idx != 0 || t->sample_idx == 0) duplex(t);
    return t->state[--t->sample_idx];
}

ef_t swirl_tr_sample_ext(swirl_transcript *t) {
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = swirl_tr_sample(t);
    return r;
}

uint32_t swirl_tr_sample_bits(swirl_transcript *t, unsigned bits) {
    uint32_t v = swirl_tr_sample(t);
    return bits >= 32 ? v : (v & ((1u << bits) - 1));
}

int swirl_tr_check_witness(swirl_transcript *t, unsigned bits, bb_t w) {
    if (bits == 0) return 1;
    swirl_tr_observe(t, w);
    return swirl_tr_sample_bits(t, bits) == 0;
}

int swirl_tr_pow_ok(const swirl_transcript *t, unsigned bits, bb_t w) {
    if (bits == 0) return 1;
    swirl_transcript c = *t;
    return swirl_tr_check_witness(&c, bits, w);
}

/* Grinding. After observe(w), the next sample always permutes (absorb_idx != 0), or the
 * observe itself permuted (it filled the rate) and the sample reads the fresh state[7]. Either
 * way: overwrite lane absorb_idx with w, permute, test state'[7]. Candidates are tested in
 * batches of GRIND_BATCH across workers; each worker records its smallest hit; the first
 * batch with any hit yields the global minimum, so the result is the smallest witness. */
#define GRIND_BATCH ((size_t)1 << 14)
#define GRIND_LANES 16

typedef struct {
    const swirl_transcript *t;
    uint32_t mask;
    uint64_t base;
    _Atomic uint64_t best;
} grind_job;

static void grind_range(void *vp, size_t b, size_t e, unsigned worker) {
    (void)worker;
    grind_job *j = vp;
    uint32_t st[GRIND_LANES * 16];
    for (size_t i0 = b; i0 < e; i0 += GRIND_LANES) {
        size_t nb = e - i0 < GRIND_LANES ? e - i0 : GRIND_LANES;
        if (j->base + i0 >= atomic_load(&j->best)) return;
        for (size_t k = 0; k < nb; k++) {
            memcpy(st + 16 * k, j->t->state, sizeof j->t->state);
            uint64_t w = j->base + i0 + k;
            st[16 * k + j->t->absorb_idx] = w < BB_P ? (uint32_t)w : 0;
        }
        swirl_p2_permute_many(st, nb);
        for (size_t k = 0; k < nb; k++) {
            uint64_t w = j->base + i0 + k;
            if (w >= BB_P) break;
            if ((st[16 * k + 7] & j->mask) == 0) {
                uint64_t cur = atomic_load(&j->best);
                while (w < cur && !atomic_compare_exchange_weak(&j->best, &cur, w)) {}
                break; /* later lanes of this group are larger */
            }
        }
    }
}

bb_t swirl_tr_grind(swirl_transcript *t, unsigned bits, swirl_pool *pool) {
    if (bits == 0) return 0;
    if (bits > 30) bits = 30;
    grind_job j;
    j.t = t;
    j.mask = (1u << bits) - 1;
    for (uint64_t base = 0; base < BB_P; base += GRIND_BATCH) {
        j.base = base;
        atomic_store(&j.best, UINT64_MAX);
        size_t n = BB_P - base < GRIND_BATCH ? (size_t)(BB_P - base) : GRIND_BATCH;
        swirl_pool_for(pool, n, 1024, grind_range, &j);
        uint64_t best = atomic_load(&j.best);
        if (best != UINT64_MAX) {
            int ok = swirl_tr_check_witness(t, bits, (bb_t)best);
            (void)ok; /* cannot fail: the candidate was tested on an identical state */
            return (bb_t)best;
        }
    }
    return 0; /* unreachable for bits <= 27 in practice: some witness always exists */
}
