/* many_airs.h — keys of many AIRs (hundreds, well past any 64-entry table) with interactions on
 * several buses, mixed heights 2^1..2^10 (below and above 2^l_skip on the test preset), cached
 * parts and absent optional AIRs, with their proof inputs. Shared by test_many_airs.c (CPU) and
 * gpu/test_many_airs_cuda.c (CUDA against CPU, byte for byte).
 *
 * The AIRs repeat a pattern of five slots:
 *   0 fib (public values a, b, x), log height 1..10;
 *   1 a DummyInteraction sender on bus (pair % 5), 1 or 2 fields, every third pair partitioned
 *     (fields in a cached main), log height hs in 1..10;
 *   2 the matching receiver on the same bus, log height hr in 1..10: both carry the same
 *     2^min(hs, hr) (count, fields) rows (the receiver's rotated), every other row has count 0,
 *     so each bus balances whatever the two heights;
 *   3 a SelfInteractionAir (balances by itself) of width 2..4 on bus 7, log height 1..8;
 * (the log heights as given for many_airs_build; many_airs_build_h takes another top than 10)
 *   4 a partitioned SumAir of width 3 (common x, cached y), log height 1..10.
 * Every 11th fib and every 13th sender/receiver pair are absent (optional AIRs); AIR 0 is
 * required. Everything is drawn from a seed (t_rand64), so both tests build the same key. */
#ifndef SWIRL_TESTS_MANY_AIRS_H
#define SWIRL_TESTS_MANY_AIRS_H

#include <stdlib.h>
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

enum { MA_FIB, MA_SEND, MA_RECV, MA_SELF, MA_SUM };

typedef struct {
    size_t n;
    swirl_air **airs;
    swirl_trace *common, *cached; /* per AIR (cached: at most one cached main) */
    swirl_air_inputs *in;
    uint32_t (*pv)[3];
    int *kind;
    unsigned *log_height; /* 0 for an absent AIR */
} many_airs;

static unsigned ma_rand_log(unsigned lo, unsigned hi) { return lo + (unsigned)(t_rand64() % (hi - lo + 1)); }

/* sender and receiver traces of one pair: rows = 2^h, the first `used` rows carry counts */
static int ma_pair_traces(many_airs *m, size_t s, size_t fw, int part, unsigned hs, unsigned hr) {
    size_t ns = (size_t)1 << hs, nr = (size_t)1 << hr, used = ns < nr ? ns : nr;
    uint32_t *cs = calloc(ns, 4), *fs = calloc(ns * fw, 4), *cr = calloc(nr, 4), *fr = calloc(nr * fw, 4);
    int rc = cs && fs && cr && fr ? SWIRL_OK : SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t i = 0; rc == SWIRL_OK && i < ns; i++) {
        cs[i] = i < used ? 1 + (uint32_t)(t_rand64() % 999) : 0;
        for (size_t f = 0; f < fw; f++) fs[i * fw + f] = t_rand_bb();
    }
    for (size_t i = 0; rc == SWIRL_OK && i < nr; i++) {
        size_t src = (i + 1) % used; /* the receiver's rows: the sender's, rotated by one */
        cr[i] = i < used ? cs[src] : 0;
        for (size_t f = 0; f < fw; f++) fr[i * fw + f] = i < used ? fs[src * fw + f] : t_rand_bb();
    }
    if (rc == SWIRL_OK) rc = swirl_dummy_interaction_traces(fw, part, cs, fs, ns, &m->common[s], &m->cached[s]);
    if (rc == SWIRL_OK) rc = swirl_dummy_interaction_traces(fw, part, cr, fr, nr, &m->common[s + 1], &m->cached[s + 1]);
    free(cs); free(fs); free(cr); free(fr);
    return rc;
}

static void ma_present(many_airs *m, size_t a, unsigned lh, int has_cached, int has_pv) {
    m->log_height[a] = lh;
    m->in[a].common_main = &m->common[a];
    m->in[a].cached_mains = has_cached ? &m->cached[a] : NULL;
    m->in[a].num_cached_mains = has_cached ? 1 : 0;
    m->in[a].public_values = has_pv ? m->pv[a] : NULL;
    m->in[a].num_public_values = has_pv ? 3 : 0;
}

static void many_airs_free(many_airs *m) {
    for (size_t a = 0; a < m->n; a++) {
        if (m->airs) swirl_air_free(m->airs[a]);
        if (m->common) swirl_trace_free(&m->common[a]);
        if (m->cached) swirl_trace_free(&m->cached[a]);
    }
    free(m->airs); free(m->common); free(m->cached); free(m->in); free(m->pv); free(m->kind); free(m->log_height);
    memset(m, 0, sizeof *m);
}

/* SWIRL_OK, or the first failing builder's code. Log heights 1..max_log (the fib, sender,
 * receiver and sum AIRs; self-interaction AIRs up to max_log - 2). */
static int many_airs_build_h(many_airs *m, size_t n, uint64_t seed, unsigned max_log) {
    memset(m, 0, sizeof *m);
    m->n = n;
    m->airs = calloc(n, sizeof *m->airs);
    m->common = calloc(n, sizeof *m->common);
    m->cached = calloc(n, sizeof *m->cached);
    m->in = calloc(n, sizeof *m->in);
    m->pv = calloc(n, sizeof *m->pv);
    m->kind = calloc(n, sizeof *m->kind);
    m->log_height = calloc(n, sizeof *m->log_height);
    if (!m->airs || !m->common || !m->cached || !m->in || !m->pv || !m->kind || !m->log_height) return SWIRL_ERR_OUT_OF_MEMORY;
    t_seed(seed);
    int rc = SWIRL_OK;
    size_t fibs = 0, pairs = 0;
    for (size_t a = 0; a < n && rc == SWIRL_OK; a++) {
        int kind = (int)(a % 5);
        if (kind == MA_SEND && a + 1 == n) kind = MA_FIB; /* a pair needs two slots */
        m->kind[a] = kind;
        if (kind == MA_FIB) {
            m->airs[a] = swirl_fib_air();
            if (a == 0) swirl_air_set_required(m->airs[a], 1);
            unsigned lh = ma_rand_log(1, max_log);
            if (a != 0 && fibs++ % 11 == 10) continue; /* absent */
            rc = swirl_fib_trace((uint32_t)(t_rand64() % 1000), (uint32_t)(t_rand64() % 1000), lh, &m->common[a], m->pv[a]);
            ma_present(m, a, lh, 0, 1);
        } else if (kind == MA_SEND) {
            size_t fw = 1 + pairs % 2;
            int part = pairs % 3 == 0;
            uint16_t bus = (uint16_t)(pairs % 5);
            m->airs[a] = swirl_dummy_interaction_air(fw, 1, bus, part, 1);
            m->airs[a + 1] = swirl_dummy_interaction_air(fw, 0, bus, part, 1);
            m->kind[a + 1] = MA_RECV;
            unsigned hs = ma_rand_log(1, max_log), hr = ma_rand_log(1, max_log);
            if (!m->airs[a] || !m->airs[a + 1]) { rc = SWIRL_ERR_OUT_OF_MEMORY; break; }
            int absent = pairs++ % 13 == 12;
            if (!absent) {
                rc = ma_pair_traces(m, a, fw, part, hs, hr);
                ma_present(m, a, hs, part, 0);
                ma_present(m, a + 1, hr, part, 0);
            }
            a++; /* the receiver's slot is filled */
        } else if (kind == MA_SELF) {
            size_t width = 2 + a % 3;
            unsigned lh = ma_rand_log(1, max_log - 2);
            m->airs[a] = swirl_self_interaction_air(width, 7);
            rc = swirl_self_interaction_trace(width, lh, &m->common[a]);
            ma_present(m, a, lh, 0, 0);
        } else {
            unsigned lh = ma_rand_log(1, max_log);
            m->airs[a] = swirl_partitioned_sum_air(3);
            rc = swirl_partitioned_sum_traces(3, lh, t_rand64(), &m->common[a], &m->cached[a]);
            ma_present(m, a, lh, 1, 0);
        }
        if (rc == SWIRL_OK && !m->airs[a]) rc = SWIRL_ERR_OUT_OF_MEMORY;
    }
    return rc;
}

/* the pattern with log heights 1..10 (the test preset's range) */
static int many_airs_build(many_airs *m, size_t n, uint64_t seed) { return many_airs_build_h(m, n, seed, 10); }

/* index of the first present AIR of `kind` at or after `from` (n when none) */
static size_t many_airs_find(const many_airs *m, int kind, size_t from) {
    for (size_t a = from; a < m->n; a++)
        if (m->kind[a] == kind && m->in[a].common_main) return a;
    return m->n;
}

#endif
