/* test_proof_codec.c — the proof codec v3 (iop.md §8): random structurally valid proofs
 * (with and without interactions / multilinear rounds) round trip byte-exactly; strict decoding
 * rejects every truncation, a trailing byte, a wrong version, a field element >= p in every
 * part, a set bitmap padding bit, a mismatched second num_airs; random byte flips never crash
 * (and whatever still decodes re-encodes to the same bytes). The WHIR section is canonical
 * where the encoder writes an implied value: the codeword Merkle depth is 0 when no codeword
 * path exists (one round, or no initial queries), and initial queries need round-1 queries. */
#include <stdlib.h>
#include <string.h>
#include "codec/bytes.h"
#include "field/babybear.h"
#include "iop/proof.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

#define MAXP 8 /* swirl_batch_proof part slots per trace */

/* Sentinel field values planted in each part of the proof so the tests can find their byte
 * offsets in the encoding (each must occur exactly once in the bytes). */
enum {
    S_COMMIT = 0x01234567, S_CACHED = 0x02345671, S_PV = 0x03456712, S_POW = 0x04567123,
    S_GKR = 0x05671234, S_BATCH = 0x06712345, S_STACK = 0x07123456, S_WHIR = 0x01726354,
    S_WHIR_ROW = 0x02736451
};

static ef_t rnd(void) { return ef_make(t_rand_bb(), t_rand_bb(), t_rand_bb(), t_rand_bb()); }
static void *xcalloc(size_t n, size_t sz) {
    void *p = calloc(n ? n : 1, sz);
    if (!p) abort(); /* test harness only */
    return p;
}
static ef_t *rnd_efs(size_t n) {
    ef_t *v = xcalloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = rnd();
    return v;
}
static bb_t *rnd_bbs(size_t n) {
    bb_t *v = xcalloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = t_rand_bb();
    return v;
}
static void rnd_digest(swirl_digest *d) {
    for (int i = 0; i < SWIRL_DIGEST_ELEMS; i++) d->v[i] = t_rand_bb();
}
static swirl_digest *rnd_digests(size_t n) {
    swirl_digest *d = xcalloc(n, sizeof *d);
    for (size_t i = 0; i < n; i++) rnd_digest(&d[i]);
    return d;
}

/* A WHIR proof with R rounds of k folds, C commitments and the query/path structure of
 * crypto_pcs.md §6.6 (values random). */
static void make_whir(swirl_whir_proof *w, size_t R, size_t k, size_t C) {
    memset(w, 0, sizeof *w);
    size_t rows = (size_t)1 << k;
    w->mu_pow_witness = t_rand_bb();
    w->num_rounds = R;
    w->k = k;
    w->num_sumcheck = R * k;
    w->sumcheck_polys = rnd_efs(2 * R * k);
    w->codeword_commits = rnd_digests(R - 1);
    w->ood_values = rnd_efs(R - 1);
    w->folding_pow_witnesses = rnd_bbs(R * k);
    w->query_phase_pow_witnesses = rnd_bbs(R);
    w->num_commits = C;
    w->num_queries0 = 3;
    w->depth0 = 4;
    w->widths = xcalloc(C, sizeof(size_t));
    w->row_offset = xcalloc(C, sizeof(size_t));
    size_t total = 0;
    for (size_t c = 0; c < C; c++) {
        w->widths[c] = 1 + c;
        w->row_offset[c] = total;
        total += w->num_queries0 * rows * w->widths[c];
    }
    w->initial_rows = rnd_bbs(total);
    w->initial_rows[total - 1] = S_WHIR_ROW;
    w->initial_paths = rnd_digests(C * w->num_queries0 * w->depth0);
    w->round_queries = xcalloc(R - 1, sizeof(size_t));
    w->cw_value_offset = xcalloc(R - 1, sizeof(size_t));
    w->cw_path_offset = xcalloc(R - 1, sizeof(size_t));
    w->depth1 = R + 1;
    size_t tv = 0, tp = 0;
    for (size_t i = 0; i + 1 < R; i++) {
        w->round_queries[i] = 2 + i % 2;
        w->cw_value_offset[i] = tv;
        w->cw_path_offset[i] = tp;
        tv += w->round_queries[i] * rows;
        tp += w->round_queries[i] * (w->depth1 - i);
    }
    w->codeword_values = rnd_efs(tv);
    w->codeword_paths = rnd_digests(tp);
    w->final_len = 4;
    w->final_poly = rnd_efs(4);
    w->final_poly[3].c[2] = S_WHIR;
}

/* A structurally valid proof: num_airs AIRs, AIR a present iff present_mask bit a; L GKR
 * layers (0 = no interactions); n_max batch rounds; n_stack stacking rounds. */
static void make_proof(swirl_proof *p, size_t num_airs, uint32_t present_mask, size_t L, size_t n_max,
                       size_t n_stack) {
    memset(p, 0, sizeof *p);
    rnd_digest(&p->common_main_commit);
    p->common_main_commit.v[5] = S_COMMIT;
    p->num_airs = num_airs;
    p->vdata = xcalloc(num_airs, sizeof *p->vdata);
    p->num_pv = xcalloc(num_airs, sizeof(size_t));
    p->pv = xcalloc(num_airs, sizeof(uint32_t *));
    size_t N = 0;
    int cached_planted = 0, pv_planted = 0;
    for (size_t a = 0; a < num_airs; a++) {
        swirl_trace_vdata *v = &p->vdata[a];
        v->present = (present_mask >> a) & 1;
        if (v->present) {
            N++;
            v->log_height = (unsigned)(t_rand64() % 20);
            v->num_cached = (size_t)(t_rand64() % 3);
            v->cached = rnd_digests(v->num_cached);
            if (v->num_cached && !cached_planted) { v->cached[0].v[2] = S_CACHED; cached_planted = 1; }
            p->num_pv[a] = (size_t)(t_rand64() % 4);
            p->pv[a] = rnd_bbs(p->num_pv[a]);
            if (p->num_pv[a] && !pv_planted) { p->pv[a][0] = S_PV; pv_planted = 1; }
        } else {
            p->pv[a] = xcalloc(1, sizeof(uint32_t));
        }
    }
    p->logup_pow_witness = S_POW;

    swirl_gkr_proof *g = &p->gkr;
    g->q0_claim = L ? rnd() : ef_one();
    g->q0_claim.c[1] = S_GKR;
    g->num_layers = L;
    g->claims = xcalloc(L + 1, sizeof *g->claims);
    for (size_t k = 0; k < L; k++) {
        g->claims[k].p0 = rnd();
        g->claims[k].p1 = rnd();
        g->claims[k].q0 = rnd();
        g->claims[k].q1 = rnd();
    }
    g->sumcheck = rnd_efs(swirl_gkr_sumcheck_offset(L + 1) + 1);

    swirl_batch_proof *b = &p->batch;
    b->num_traces = N;
    b->sum_p = rnd_efs(N);
    b->sum_q = rnd_efs(N);
    if (N) b->sum_q[N - 1].c[3] = S_BATCH;
    b->num_univariate = 4 * 3 + 1;
    b->univariate = rnd_efs(b->num_univariate);
    b->n_max = n_max;
    b->degree_plus_one = n_max ? 4 : 0;
    b->rounds = rnd_efs(n_max * 4);
    b->part_count = xcalloc(N, sizeof(size_t));
    b->part_offset = xcalloc(N * MAXP, sizeof(size_t));
    b->part_len = xcalloc(N * MAXP, sizeof(size_t));
    size_t tot = 0;
    for (size_t t = 0; t < N; t++) {
        b->part_count[t] = 1 + (size_t)(t_rand64() % 3);
        for (size_t q = 0; q < b->part_count[t]; q++) {
            b->part_offset[t * MAXP + q] = tot;
            b->part_len[t * MAXP + q] = (size_t)(t_rand64() % 5); /* empty parts are legal */
            tot += b->part_len[t * MAXP + q];
        }
    }
    b->openings = rnd_efs(tot);
    b->num_openings = tot;

    swirl_stacking_proof *s = &p->stacking;
    s->num_univariate = 2 * 3 + 1;
    s->univariate = rnd_efs(s->num_univariate);
    s->n_stack = n_stack;
    s->rounds = rnd_efs(2 * n_stack);
    s->num_commits = 2;
    s->widths = xcalloc(2, sizeof(size_t));
    s->widths[0] = 3;
    s->widths[1] = 2;
    s->openings = rnd_efs(5);
    s->openings[4].c[0] = S_STACK;

    make_whir(&p->whir, 3, 2, 2);
}

static int encode(const swirl_proof *p, swirl_writer *w) {
    swirl_writer_init(w);
    return swirl_proof_encode(p, w);
}

/* Offset of the unique little-endian u32 `v` (any byte position: the bitmap unaligns the rest), or -1. */
static long find_word(const uint8_t *buf, size_t len, uint32_t v) {
    long at = -1;
    for (size_t i = 0; i + 4 <= len; i++) {
        uint32_t x = (uint32_t)buf[i] | (uint32_t)buf[i + 1] << 8 | (uint32_t)buf[i + 2] << 16 | (uint32_t)buf[i + 3] << 24;
        if (x == v) {
            if (at >= 0) return -2; /* not unique */
            at = (long)i;
        }
    }
    return at;
}
static void put_word(uint8_t *buf, size_t off, uint32_t v) {
    buf[off] = (uint8_t)v;
    buf[off + 1] = (uint8_t)(v >> 8);
    buf[off + 2] = (uint8_t)(v >> 16);
    buf[off + 3] = (uint8_t)(v >> 24);
}

static int decodes(const uint8_t *buf, size_t len) {
    swirl_proof q;
    int rc = swirl_proof_decode(buf, len, &q);
    swirl_proof_free(&q);
    return rc;
}

static void test_shape(size_t num_airs, uint32_t mask, size_t L, size_t n_max, size_t n_stack, int full) {
    swirl_proof p;
    make_proof(&p, num_airs, mask, L, n_max, n_stack);
    swirl_writer w, w2;
    CHECK(encode(&p, &w) == SWIRL_OK);

    /* round trip: decode then re-encode gives the same bytes */
    swirl_proof q;
    CHECK(swirl_proof_decode(w.buf, w.len, &q) == SWIRL_OK);
    CHECK(encode(&q, &w2) == SWIRL_OK);
    CHECK(w2.len == w.len && memcmp(w.buf, w2.buf, w.len) == 0);
    CHECK(q.num_airs == num_airs && q.gkr.num_layers == L && q.batch.n_max == n_max && q.stacking.n_stack == n_stack);
    CHECK(q.batch.num_traces == p.batch.num_traces && q.whir.num_rounds == 3 && q.whir.k == 2);
    int same_pv = 1;
    for (size_t a = 0; a < num_airs; a++) {
        same_pv &= q.vdata[a].present == p.vdata[a].present && q.num_pv[a] == p.num_pv[a];
        if (q.num_pv[a] == p.num_pv[a])
            for (size_t i = 0; i < p.num_pv[a]; i++) same_pv &= q.pv[a][i] == p.pv[a][i];
    }
    CHECK(same_pv);
    swirl_proof_free(&q);
    swirl_writer_free(&w2);

    uint8_t *buf = malloc(w.len + 1);
    if (!buf) abort();
    memcpy(buf, w.buf, w.len);

    /* wrong versions */
    put_word(buf, 0, 2);
    CHECK(decodes(buf, w.len) == SWIRL_ERR_DECODE);
    put_word(buf, 0, 4);
    CHECK(decodes(buf, w.len) == SWIRL_ERR_DECODE);
    put_word(buf, 0, 3);
    CHECK(decodes(buf, w.len) == SWIRL_OK);

    /* trailing bytes */
    buf[w.len] = 0;
    CHECK(decodes(buf, w.len + 1) == SWIRL_ERR_DECODE);

    /* every truncation (all prefixes on the full runs, a stride otherwise to keep it fast) */
    int trunc_ok = 1;
    for (size_t n = 0; n < w.len; n += full ? 1 : 7) trunc_ok &= decodes(buf, n) == SWIRL_ERR_DECODE;
    CHECK(trunc_ok);
    CHECK(decodes(NULL, 0) == SWIRL_ERR_DECODE);

    /* a field element >= p in each part of the proof */
    const uint32_t sentinels[] = {S_COMMIT, S_CACHED, S_PV, S_POW, S_GKR, S_BATCH, S_STACK, S_WHIR, S_WHIR_ROW};
    const int applies[] = {1, 1, 1, 1, 1, p.batch.num_traces > 0, 1, 1, 1};
    for (size_t i = 0; i < sizeof sentinels / sizeof sentinels[0]; i++) {
        long off = find_word(w.buf, w.len, sentinels[i]);
        if (off == -1 && (sentinels[i] == S_CACHED || sentinels[i] == S_PV || !applies[i])) continue; /* not planted */
        CHECK_MSG(off >= 0, "sentinel %zu at %ld", i, off);
        if (off < 0) continue;
        put_word(buf, (size_t)off, BB_P);
        CHECK_MSG(decodes(buf, w.len) == SWIRL_ERR_DECODE, "sentinel %zu = p", i);
        put_word(buf, (size_t)off, 0xffffffffu);
        CHECK_MSG(decodes(buf, w.len) == SWIRL_ERR_DECODE, "sentinel %zu = 2^32-1", i);
        put_word(buf, (size_t)off, BB_P - 1); /* largest canonical value is accepted */
        CHECK_MSG(decodes(buf, w.len) == SWIRL_OK, "sentinel %zu = p-1", i);
        put_word(buf, (size_t)off, sentinels[i]);
    }

    /* bitmap: version(4) + digest(32) + num_airs(4), then ceil(num_airs/8) bytes */
    size_t bm = 40, nbytes = (num_airs + 7) / 8;
    if (num_airs % 8) {
        buf[bm + nbytes - 1] ^= (uint8_t)(0x80u);
        CHECK(decodes(buf, w.len) == SWIRL_ERR_DECODE);
        buf[bm + nbytes - 1] ^= (uint8_t)(0x80u);
    }
    CHECK(decodes(buf, w.len) == SWIRL_OK);

    /* the second num_airs must match the first */
    long off2 = 40 + (long)nbytes;
    for (size_t a = 0; a < num_airs; a++)
        if (p.vdata[a].present) off2 += 8 + 32 * (long)p.vdata[a].num_cached;
    put_word(buf, (size_t)off2, (uint32_t)num_airs + 1);
    CHECK(decodes(buf, w.len) == SWIRL_ERR_DECODE);
    put_word(buf, (size_t)off2, (uint32_t)num_airs);
    CHECK(decodes(buf, w.len) == SWIRL_OK);

    /* random byte flips: never crash; anything that still decodes re-encodes to its bytes */
    int flips_consistent = 1, accepted = 0;
    for (int it = 0; it < (full ? 20000 : 2000); it++) {
        int nflip = 1 + (int)(t_rand64() % 3);
        size_t pos[3];
        uint8_t old[3];
        for (int f = 0; f < nflip; f++) {
            pos[f] = (size_t)(t_rand64() % w.len);
            old[f] = buf[pos[f]];
            buf[pos[f]] ^= (uint8_t)(1 + t_rand64() % 255);
        }
        swirl_proof d;
        if (swirl_proof_decode(buf, w.len, &d) == SWIRL_OK) {
            accepted++;
            swirl_writer w3;
            flips_consistent &= encode(&d, &w3) == SWIRL_OK && w3.len == w.len && memcmp(w3.buf, buf, w.len) == 0;
            swirl_writer_free(&w3);
        }
        swirl_proof_free(&d);
        for (int f = nflip - 1; f >= 0; f--) buf[pos[f]] = old[f];
    }
    CHECK(flips_consistent);
    (void)accepted;
    CHECK(memcmp(buf, w.buf, w.len) == 0);

    free(buf);
    swirl_writer_free(&w);
    swirl_proof_free(&p);
}

/* Hand-built minimal proof: checks the exact byte layout of the header, public values and the
 * zero-interaction GKR proof against iop.md §8.2–8.3 written out by hand. */
static void test_layout(void) {
    swirl_proof p;
    make_proof(&p, 3, 0x5, 0, 0, 1); /* AIRs 0 and 2 present */
    swirl_writer w;
    CHECK(encode(&p, &w) == SWIRL_OK);
    swirl_writer e;
    swirl_writer_init(&e);
    swirl_put_u32(&e, 3);
    swirl_put_digest(&e, &p.common_main_commit);
    swirl_put_u32(&e, 3);
    swirl_put_u8(&e, 0x05);
    for (size_t a = 0; a < 3; a += 2) {
        swirl_put_u32(&e, p.vdata[a].log_height);
        swirl_put_u32(&e, (uint32_t)p.vdata[a].num_cached);
        for (size_t c = 0; c < p.vdata[a].num_cached; c++) swirl_put_digest(&e, &p.vdata[a].cached[c]);
    }
    swirl_put_u32(&e, 3);
    for (size_t a = 0; a < 3; a++) {
        swirl_put_u32(&e, (uint32_t)p.num_pv[a]);
        for (size_t i = 0; i < p.num_pv[a]; i++) swirl_put_u32(&e, p.pv[a][i]);
    }
    swirl_put_u32(&e, p.logup_pow_witness);
    swirl_put_ef(&e, p.gkr.q0_claim);
    swirl_put_u32(&e, 0); /* L = 0: no claims, no sumcheck rounds */
    swirl_put_u32(&e, 2); /* batch: N = 2 */
    CHECK(w.len > e.len && memcmp(w.buf, e.buf, e.len) == 0);
    /* the batch proof with n_max = 0 carries no round width */
    size_t after_sums = e.len + 2 * 2 * 16;
    uint8_t nu[4];
    put_word(nu, 0, (uint32_t)p.batch.num_univariate);
    CHECK(memcmp(w.buf + after_sums, nu, 4) == 0);
    size_t after_uni = after_sums + 4 + 16 * p.batch.num_univariate;
    uint8_t zero[4] = {0, 0, 0, 0};
    CHECK(memcmp(w.buf + after_uni, zero, 4) == 0); /* n = 0 */
    put_word(nu, 0, (uint32_t)p.batch.part_count[0]);
    CHECK(memcmp(w.buf + after_uni + 4, nu, 4) == 0); /* directly the first trace's num_parts */
    swirl_writer_free(&e);
    swirl_writer_free(&w);
    swirl_proof_free(&p);
}

/* ---- canonical WHIR section --------------------------------------------------------------- */

static int whir_decodes(const uint8_t *buf, size_t len) {
    swirl_reader r;
    swirl_reader_init(&r, buf, len);
    swirl_whir_proof d;
    int rc = swirl_whir_proof_decode(&r, &d);
    if (rc == SWIRL_OK) swirl_whir_proof_free(&d);
    if (rc == SWIRL_OK && r.pos != len) rc = -1; /* trailing bytes: not expected here */
    return rc;
}

/* Offset of the codeword Merkle depth: it precedes the final polynomial (u32 length + values),
 * and no codeword path follows it in the shapes tested here. */
static size_t depth1_offset(const swirl_whir_proof *w, size_t len) { return len - 4 - 16 * w->final_len - 4; }

/* Sets the depth at `off` to 1..40 (every value the decoder's range check lets through) and
 * counts the values that decode; 0 decodes. */
static size_t depth_variants_accepted(uint8_t *buf, size_t len, size_t off) {
    size_t accepted = 0;
    for (uint32_t d = 1; d <= 40; d++) {
        put_word(buf, off, d);
        if (whir_decodes(buf, len) != SWIRL_ERR_DECODE) accepted++;
    }
    put_word(buf, off, 0);
    return accepted;
}

static void test_whir_canonical_depth(void) {
    /* one round: no codeword paths, the encoder writes depth 0 whatever the struct holds */
    swirl_whir_proof w;
    make_whir(&w, 1, 2, 1);
    swirl_writer e;
    swirl_writer_init(&e);
    CHECK(swirl_whir_proof_encode(&w, &e) == SWIRL_OK);
    size_t off = depth1_offset(&w, e.len);
    CHECK(e.buf[off] == 0 && e.buf[off + 1] == 0 && e.buf[off + 2] == 0 && e.buf[off + 3] == 0);
    CHECK(whir_decodes(e.buf, e.len) == SWIRL_OK);
    CHECK_MSG(depth_variants_accepted(e.buf, e.len, off) == 0, "one round: nonzero codeword depth accepted");
    CHECK(whir_decodes(e.buf, e.len) == SWIRL_OK);
    swirl_writer_free(&e);
    swirl_whir_proof_free(&w);

    /* several rounds without any query (only representable, never valid): depth must be 0 */
    make_whir(&w, 3, 2, 1);
    w.num_queries0 = 0;
    for (size_t i = 0; i + 1 < w.num_rounds; i++) w.round_queries[i] = 0;
    swirl_writer_init(&e);
    CHECK(swirl_whir_proof_encode(&w, &e) == SWIRL_OK);
    off = depth1_offset(&w, e.len);
    CHECK(whir_decodes(e.buf, e.len) == SWIRL_OK);
    CHECK_MSG(depth_variants_accepted(e.buf, e.len, off) == 0, "no queries: nonzero codeword depth accepted");
    swirl_writer_free(&e);

    /* initial queries but none in round 1: the encoder refuses the shape, the decoder too */
    w.num_queries0 = 3;
    for (size_t i = 0; i + 1 < w.num_rounds; i++) w.round_queries[i] = 2;
    swirl_writer_init(&e);
    CHECK(swirl_whir_proof_encode(&w, &e) == SWIRL_OK);
    w.round_queries[0] = 0;
    swirl_writer bad;
    swirl_writer_init(&bad);
    CHECK(swirl_whir_proof_encode(&w, &bad) == SWIRL_ERR_INVALID_ARG);
    swirl_writer_free(&bad);
    /* splice: drop round 1's values (2 queries x 4 rows) and paths (2 x depth1), q = 0 */
    size_t rows = (size_t)1 << w.k, tail = 4 + 16 * w.final_len;
    size_t paths = 2 * w.depth1 * 32 + 2 * (w.depth1 - 1) * 32, vals = 2 * rows * 16;
    size_t q1 = e.len - tail - paths - 4 - vals - 4 - vals - 4;
    swirl_writer_init(&bad);
    swirl_put_bytes(&bad, e.buf, q1);
    swirl_put_u32(&bad, 0);                                  /* round 1: no queries */
    swirl_put_bytes(&bad, e.buf + q1 + 4 + vals, 4 + vals); /* round 2 unchanged */
    swirl_put_u32(&bad, (uint32_t)w.depth1);
    swirl_put_bytes(&bad, e.buf + e.len - tail - 2 * (w.depth1 - 1) * 32, 2 * (w.depth1 - 1) * 32 + tail);
    CHECK(!bad.oom && whir_decodes(bad.buf, bad.len) == SWIRL_ERR_DECODE);
    swirl_writer_free(&bad);
    swirl_writer_free(&e);
    swirl_whir_proof_free(&w);
}

/* The counter-example of issue 9 §5: a one-round configuration (test_small(2, 2, 3): m = 4,
 * k = 3), an honest fib proof, and its codeword Merkle depth set to 1..40. Before the fix all 40
 * variants verified; now each is malformed bytes. */
static void test_honest_one_round_depth(void) {
    swirl_system_params prm;
    CHECK(swirl_params_test_small(2, 2, 3, &prm) == SWIRL_OK);
    CHECK(prm.whir.num_rounds == 1);
    swirl_air *a = swirl_fib_air();
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    CHECK(swirl_keygen(NULL, &prm, &a, 1, &pk, &vk, NULL) == SWIRL_OK);
    swirl_trace t;
    uint32_t pv[3];
    CHECK(swirl_fib_trace(1, 1, 3, &t, pv) == SWIRL_OK);
    swirl_air_inputs in = {&t, NULL, 0, pv, 3, NULL};
    uint8_t *b = NULL;
    size_t len = 0;
    CHECK(swirl_prove(NULL, pk, &in, 1, &b, &len, NULL) == SWIRL_OK);
    swirl_error e = {0};
    CHECK(b && swirl_verify(vk, b, len, &e) == SWIRL_OK);
    swirl_proof pf;
    CHECK(b && swirl_proof_decode(b, len, &pf) == SWIRL_OK);
    size_t off = depth1_offset(&pf.whir, len);
    swirl_proof_free(&pf);
    size_t malformed = 0;
    int message_ok = 1;
    for (uint32_t d = 1; b && d <= 40; d++) {
        put_word(b, off, d);
        memset(&e, 0, sizeof e);
        if (swirl_verify(vk, b, len, &e) == SWIRL_ERR_DECODE) malformed++;
        message_ok &= strstr(e.message, "malformed") != NULL;
    }
    CHECK_MSG(malformed == 40, "%zu of 40 depth variants rejected as malformed", malformed);
    CHECK(message_ok);
    if (b) put_word(b, off, 0);
    CHECK(b && swirl_verify(vk, b, len, &e) == SWIRL_OK);
    swirl_bytes_free(b);
    swirl_trace_free(&t);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(a);
}

/* Keys: every single-byte change of a proving key (fib_selector: a preprocessed trace) either
 * fails to decode or re-encodes to the changed bytes (only AIR names are unbound: they decode);
 * a NUL inside a name is rejected (the encoder writes strlen(name) bytes). */
static void test_key_flips(void) {
    swirl_system_params prm;
    CHECK(swirl_params_default_test(&prm) == SWIRL_OK);
    uint8_t sels[8] = {1, 0, 1, 1, 0, 0, 1, 0};
    swirl_air *a = swirl_fib_selector_air(sels, 8, 0);
    swirl_pk *pk = NULL;
    CHECK(swirl_keygen(NULL, &prm, &a, 1, &pk, NULL, NULL) == SWIRL_OK);
    uint8_t *b = NULL;
    size_t len = 0;
    CHECK(pk && swirl_pk_encode(pk, &b, &len, NULL) == SWIRL_OK);
    size_t decoded = 0, non_canonical = 0;
    swirl_error e;
    for (size_t i = 0; b && i < len; i++) {
        uint8_t save = b[i];
        b[i] ^= (uint8_t)(1u << (i % 8));
        swirl_pk *d = NULL;
        if (swirl_pk_decode(NULL, b, len, &d, &e) == SWIRL_OK) {
            decoded++;
            uint8_t *rb = NULL;
            size_t rl = 0;
            if (swirl_pk_encode(d, &rb, &rl, NULL) != SWIRL_OK || rl != len || memcmp(rb, b, len)) non_canonical++;
            swirl_bytes_free(rb);
            swirl_pk_free(d);
        }
        b[i] = save;
    }
    CHECK_MSG(non_canonical == 0, "%zu proving-key flips decoded but re-encoded differently", non_canonical);
    /* the name's bytes are the only unbound ones: "fib_selector"-style names flip into other names */
    CHECK_MSG(decoded > 0 && decoded <= strlen(swirl_air_name(a)), "%zu flips decoded", decoded);
    /* the vk length prefix (4), the vk, the name length (4): the name follows */
    size_t vlen = b ? ((size_t)b[0] | (size_t)b[1] << 8 | (size_t)b[2] << 16 | (size_t)b[3] << 24) : 0;
    size_t name_at = 4 + vlen + 4;
    if (b && name_at < len) {
        uint8_t save = b[name_at];
        b[name_at] = 0;
        swirl_pk *d = NULL;
        memset(&e, 0, sizeof e);
        CHECK(swirl_pk_decode(NULL, b, len, &d, &e) == SWIRL_ERR_DECODE && strstr(e.message, "malformed"));
        b[name_at] = save;
    }
    swirl_bytes_free(b);
    swirl_pk_free(pk);
    swirl_air_free(a);
}

int main(void) {
    t_seed(0x9c0dec3ull);
    test_layout();
    test_whir_canonical_depth();
    test_honest_one_round_depth();
    test_key_flips();
    test_shape(5, 0x1b, 3, 3, 3, 1);   /* interactions, 4 of 5 AIRs present */
    test_shape(3, 0x5, 0, 0, 1, 1);    /* no interactions, n_max = 0 */
    test_shape(8, 0xff, 1, 1, 0, 0);   /* full bitmap byte (no padding bits), n_stack = 0 */
    test_shape(9, 0x101, 5, 2, 4, 0);  /* two bitmap bytes */
    test_shape(1, 0x0, 2, 0, 2, 0);    /* nothing present: N = 0 */
    return t_summary("test_proof_codec");
}
