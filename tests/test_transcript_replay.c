/* test_transcript_replay.c — conformance.md §7 `transcript::test_sponge` and the read-only
 * transcript tests of stark-backend v2.0.1 (crates/stark-backend/tests/transcript.rs):
 *
 *  (a) swirl's duplex sponge agrees with an independent model of Plonky3 0.4.3's
 *      DuplexChallenger<BabyBear, Poseidon2-16, 16, 8> (challenger/src/duplex_challenger.rs):
 *      the reference's own test_sponge sequence, then long random mixed sequences of observe /
 *      observe_ext / observe_commit / sample / sample_ext / sample_bits / check_witness.
 *  (b) recording (DuplexSpongeRecorder) and read-only replay (ReadOnlyTranscript,
 *      DuplexSpongeValidator): test_read_only_transcript, ..._wrong_operation,
 *      ..._wrong_value, plus random tampering of operations, values and logs. */
#include <string.h>
#include "swirl.h"
#include "test_util.h"
#include "transcript/replay.h"
#include "transcript/transcript.h"

/* ---- independent model of Plonky3's DuplexChallenger<F, P, 16, 8> ---------------------------
 * sponge_state[16]; input_buffer (Vec, len <= 8); output_buffer (Vec, len <= 8).
 *   duplexing(): overwrite state[i] = input[i] for the buffered inputs, drain them, permute,
 *                output_buffer = state[0..8].
 *   observe(x):  output_buffer.clear(); input_buffer.push(x); if len == RATE: duplexing().
 *   sample():    if !input_buffer.is_empty() || output_buffer.is_empty(): duplexing();
 *                output_buffer.pop()  (i.e. from the END of the buffer).
 *   sample<EF>:  from_basis_coefficients_fn: coefficient i is the i-th base sample.
 *   sample_bits: canonical(sample()) & (2^bits - 1).
 *   observe(Hash<F,F,8>) / observe([F; N]): element by element. */
typedef struct {
    uint32_t state[16];
    uint32_t input[8];
    size_t n_in;
    uint32_t output[8];
    size_t n_out;
} dc_model;

static void dc_new(dc_model *c) { memset(c, 0, sizeof *c); }

static void dc_duplexing(dc_model *c) {
    for (size_t i = 0; i < c->n_in; i++) c->state[i] = c->input[i];
    c->n_in = 0;
    swirl_poseidon2_permute(c->state);
    memcpy(c->output, c->state, sizeof c->output);
    c->n_out = 8;
}

static void dc_observe(dc_model *c, uint32_t x) {
    c->n_out = 0;
    c->input[c->n_in++] = x;
    if (c->n_in == 8) dc_duplexing(c);
}

static uint32_t dc_sample(dc_model *c) {
    if (c->n_in != 0 || c->n_out == 0) dc_duplexing(c);
    return c->output[--c->n_out];
}

static ef_t dc_sample_ext(dc_model *c) {
    ef_t e;
    for (int i = 0; i < 4; i++) e.c[i] = dc_sample(c);
    return e;
}

static uint32_t dc_sample_bits(dc_model *c, unsigned bits) { return dc_sample(c) & ((1u << bits) - 1); }

/* ---- (a) sponge vs DuplexChallenger --------------------------------------------------------- */

static void test_sponge_reference_sequence(void) {
    /* for i in 0..5 { (i+1)*i samples compared; observe j for j in 0..i*i } */
    dc_model ch;
    swirl_transcript sp;
    dc_new(&ch);
    swirl_tr_init(&sp);
    int ok = 1;
    for (size_t i = 0; i < 5; i++) {
        for (size_t s = 0; s < (i + 1) * i; s++) ok &= dc_sample(&ch) == swirl_tr_sample(&sp);
        for (size_t j = 0; j < i * i; j++) {
            dc_observe(&ch, (uint32_t)j);
            swirl_tr_observe(&sp, (bb_t)j);
        }
    }
    CHECK_MSG(ok, "test_sponge reference sequence");
    /* the model itself reproduces the known vectors of crypto_pcs.md §4.5 */
    dc_new(&ch);
    CHECK_EQ_U64(dc_sample(&ch), 1054281681);
    CHECK_EQ_U64(dc_sample(&ch), 1878363991);
    CHECK_EQ_U64(dc_sample(&ch), 1704698758);
    dc_new(&ch);
    for (uint32_t i = 0; i < 10; i++) dc_observe(&ch, i);
    CHECK_EQ_U64(dc_sample_bits(&ch, 20), 501381);
}

enum { OP_OBSERVE, OP_OBSERVE_EXT, OP_OBSERVE_COMMIT, OP_SAMPLE, OP_SAMPLE_EXT, OP_SAMPLE_BITS, OP_CHECK_WITNESS, OP_KINDS };

typedef struct {
    int kind;
    unsigned count;  /* repetitions of the op (bursts cross the rate boundary in every phase) */
    unsigned bits;   /* sample_bits / check_witness */
    uint32_t v[8];   /* observed values (observe: v[0]; ext: v[0..4); commit: v[0..8)) */
} op_t;

static op_t random_op(void) {
    op_t o;
    memset(&o, 0, sizeof o);
    uint64_t r = t_rand64();
    o.kind = (int)(r % OP_KINDS);
    o.count = 1 + (unsigned)((r >> 8) % ((r >> 16) % 4 == 0 ? 17 : 3)); /* mostly short, some long bursts */
    o.bits = (unsigned)((r >> 24) % 32);                                 /* 0..31 */
    if (o.kind == OP_CHECK_WITNESS) o.bits = (unsigned)((r >> 24) % 4);  /* 0 = no-op path */
    for (int i = 0; i < 8; i++) {
        uint64_t q = t_rand64();
        /* mostly random field elements, sometimes edge values */
        o.v[i] = (q & 7) == 0 ? (uint32_t)((q >> 3) % 3 == 0 ? 0 : (q >> 3) % 3 == 1 ? 1 : SWIRL_BB_P - 1) : t_rand_bb();
    }
    return o;
}

static ef_t op_ext(const op_t *o, unsigned rep) {
    return ef_make(o->v[0], bb_add(o->v[1], rep), o->v[2], o->v[3]);
}
static uint32_t op_val(const op_t *o, unsigned rep) { return bb_add(o->v[rep % 8], rep); }

/* Apply op o to the model; outputs (samples, bits, witness verdicts) appended to out. */
static size_t apply_model(dc_model *c, const op_t *o, uint32_t *out) {
    size_t n = 0;
    for (unsigned rep = 0; rep < o->count; rep++) {
        switch (o->kind) {
        case OP_OBSERVE: dc_observe(c, op_val(o, rep)); break;
        case OP_OBSERVE_EXT: { ef_t e = op_ext(o, rep); for (int i = 0; i < 4; i++) dc_observe(c, e.c[i]); } break;
        case OP_OBSERVE_COMMIT: for (int i = 0; i < 8; i++) dc_observe(c, bb_add(o->v[i], rep)); break;
        case OP_SAMPLE: out[n++] = dc_sample(c); break;
        case OP_SAMPLE_EXT: { ef_t e = dc_sample_ext(c); for (int i = 0; i < 4; i++) out[n++] = e.c[i]; } break;
        case OP_SAMPLE_BITS: out[n++] = dc_sample_bits(c, o->bits); break;
        case OP_CHECK_WITNESS:
            if (o->bits == 0) { out[n++] = 1; break; }
            dc_observe(c, op_val(o, rep));
            out[n++] = dc_sample_bits(c, o->bits) == 0;
            break;
        }
    }
    return n;
}

static size_t apply_transcript(swirl_transcript *t, const op_t *o, uint32_t *out) {
    size_t n = 0;
    for (unsigned rep = 0; rep < o->count; rep++) {
        switch (o->kind) {
        case OP_OBSERVE: swirl_tr_observe(t, op_val(o, rep)); break;
        case OP_OBSERVE_EXT: swirl_tr_observe_ext(t, op_ext(o, rep)); break;
        case OP_OBSERVE_COMMIT: {
            swirl_digest d;
            for (int i = 0; i < 8; i++) d.v[i] = bb_add(o->v[i], rep);
            swirl_tr_observe_commit(t, &d);
        } break;
        case OP_SAMPLE: out[n++] = swirl_tr_sample(t); break;
        case OP_SAMPLE_EXT: { ef_t e = swirl_tr_sample_ext(t); for (int i = 0; i < 4; i++) out[n++] = e.c[i]; } break;
        case OP_SAMPLE_BITS: out[n++] = swirl_tr_sample_bits(t, o->bits); break;
        case OP_CHECK_WITNESS: out[n++] = (uint32_t)swirl_tr_check_witness(t, o->bits, op_val(o, rep)); break;
        }
    }
    return n;
}

static size_t apply_recorder(swirl_tr_recorder *t, const op_t *o, uint32_t *out) {
    size_t n = 0;
    for (unsigned rep = 0; rep < o->count; rep++) {
        switch (o->kind) {
        case OP_OBSERVE: swirl_tr_rec_observe(t, op_val(o, rep)); break;
        case OP_OBSERVE_EXT: swirl_tr_rec_observe_ext(t, op_ext(o, rep)); break;
        case OP_OBSERVE_COMMIT: {
            swirl_digest d;
            for (int i = 0; i < 8; i++) d.v[i] = bb_add(o->v[i], rep);
            swirl_tr_rec_observe_commit(t, &d);
        } break;
        case OP_SAMPLE: out[n++] = swirl_tr_rec_sample(t); break;
        case OP_SAMPLE_EXT: { ef_t e = swirl_tr_rec_sample_ext(t); for (int i = 0; i < 4; i++) out[n++] = e.c[i]; } break;
        case OP_SAMPLE_BITS: out[n++] = swirl_tr_rec_sample_bits(t, o->bits); break;
        case OP_CHECK_WITNESS: out[n++] = (uint32_t)swirl_tr_rec_check_witness(t, o->bits, op_val(o, rep)); break;
        }
    }
    return n;
}

static size_t apply_replay(swirl_tr_replay *t, const op_t *o, uint32_t *out) {
    size_t n = 0;
    for (unsigned rep = 0; rep < o->count; rep++) {
        switch (o->kind) {
        case OP_OBSERVE: swirl_tr_replay_observe(t, op_val(o, rep)); break;
        case OP_OBSERVE_EXT: swirl_tr_replay_observe_ext(t, op_ext(o, rep)); break;
        case OP_OBSERVE_COMMIT: {
            swirl_digest d;
            for (int i = 0; i < 8; i++) d.v[i] = bb_add(o->v[i], rep);
            swirl_tr_replay_observe_commit(t, &d);
        } break;
        case OP_SAMPLE: out[n++] = swirl_tr_replay_sample(t); break;
        case OP_SAMPLE_EXT: { ef_t e = swirl_tr_replay_sample_ext(t); for (int i = 0; i < 4; i++) out[n++] = e.c[i]; } break;
        case OP_SAMPLE_BITS: out[n++] = swirl_tr_replay_sample_bits(t, o->bits); break;
        case OP_CHECK_WITNESS: out[n++] = (uint32_t)swirl_tr_replay_check_witness(t, o->bits, op_val(o, rep)); break;
        }
    }
    return n;
}

/* Log entries one application of o produces. */
static size_t op_log_entries(const op_t *o) {
    size_t per = 0;
    switch (o->kind) {
    case OP_OBSERVE: case OP_SAMPLE: case OP_SAMPLE_BITS: per = 1; break;
    case OP_OBSERVE_EXT: case OP_SAMPLE_EXT: per = 4; break;
    case OP_OBSERVE_COMMIT: per = 8; break;
    case OP_CHECK_WITNESS: per = o->bits ? 2 : 0; break;
    }
    return per * o->count;
}

#define NOPS 3000
#define MAXOUT (NOPS * 17 * 4)
static op_t ops[NOPS];
static uint32_t out_a[MAXOUT], out_b[MAXOUT], out_c[MAXOUT];

static void test_sponge_random_sequences(void) {
    for (uint64_t seed = 1; seed <= 6; seed++) {
        t_seed(0xd00d1e5ull * seed);
        for (size_t i = 0; i < NOPS; i++) ops[i] = random_op();
        dc_model ch;
        swirl_transcript sp;
        swirl_tr_log log;
        swirl_tr_recorder rec;
        CHECK(swirl_tr_log_init_growable(&log, 1) == SWIRL_OK);
        dc_new(&ch);
        swirl_tr_init(&sp);
        swirl_tr_rec_init(&rec, &log);
        size_t na = 0, nb = 0, nc = 0, entries = 0;
        int state_ok = 1;
        for (size_t i = 0; i < NOPS; i++) {
            na += apply_model(&ch, &ops[i], out_a + na);
            nb += apply_transcript(&sp, &ops[i], out_b + nb);
            nc += apply_recorder(&rec, &ops[i], out_c + nc);
            entries += op_log_entries(&ops[i]);
            /* the challenger keeps pending inputs in its buffer, swirl writes them into the rate
             * at once: the states agree once the pending inputs are overwritten into the model's */
            uint32_t eff[16];
            memcpy(eff, ch.state, sizeof eff);
            for (size_t q = 0; q < ch.n_in; q++) eff[q] = ch.input[q];
            state_ok &= memcmp(eff, sp.state, sizeof sp.state) == 0 && ch.n_in == sp.absorb_idx && ch.n_out == sp.sample_idx;
            state_ok &= memcmp(&rec.tr, &sp, sizeof sp) == 0;
        }
        CHECK_MSG(na == nb && na == nc, "seed %" PRIu64 ": output counts %zu %zu %zu", seed, na, nb, nc);
        CHECK_MSG(memcmp(out_a, out_b, na * sizeof *out_a) == 0, "seed %" PRIu64 ": sponge != DuplexChallenger", seed);
        CHECK_MSG(memcmp(out_a, out_c, na * sizeof *out_a) == 0, "seed %" PRIu64 ": recorder != DuplexChallenger", seed);
        CHECK_MSG(state_ok, "seed %" PRIu64 ": sponge states differ", seed);
        CHECK(swirl_tr_log_ok(&log));
        CHECK_EQ_U64(swirl_tr_log_len(&log), entries);

        /* full replay returns the same outputs and consumes the log exactly */
        swirl_tr_replay rp;
        swirl_tr_replay_init(&rp, &log, 0);
        size_t nd = 0;
        for (size_t i = 0; i < NOPS; i++) nd += apply_replay(&rp, &ops[i], out_b + nd);
        CHECK(swirl_tr_replay_done(&rp));
        CHECK(nd == na && memcmp(out_a, out_b, na * sizeof *out_a) == 0);
        CHECK_EQ_U64(swirl_tr_replay_len(&rp), entries);
        /* so does the checked replay (live sponge alongside) */
        swirl_tr_replay_init_checked(&rp, &log, NULL);
        nd = 0;
        for (size_t i = 0; i < NOPS; i++) nd += apply_replay(&rp, &ops[i], out_b + nd);
        CHECK(swirl_tr_replay_done(&rp));
        CHECK(nd == na && memcmp(out_a, out_b, na * sizeof *out_a) == 0);

        /* replay from the middle: start at the log offset of op `mid` */
        size_t mid = NOPS / 2, off = 0, oa = 0;
        {
            dc_model c2;
            dc_new(&c2);
            for (size_t i = 0; i < mid; i++) { off += op_log_entries(&ops[i]); oa += apply_model(&c2, &ops[i], out_c); }
        }
        swirl_tr_replay_init(&rp, &log, off);
        nd = 0;
        for (size_t i = mid; i < NOPS; i++) nd += apply_replay(&rp, &ops[i], out_b + nd);
        CHECK(swirl_tr_replay_done(&rp));
        CHECK(nd == na - oa && memcmp(out_a + oa, out_b, nd * sizeof *out_a) == 0);

        /* tampering: a different operation, or a different observed value, at op j */
        int tamper_ok = 1;
        for (int trial = 0; trial < 40; trial++) {
            size_t j = (size_t)(t_rand64() % NOPS);
            if (op_log_entries(&ops[j]) == 0) continue;
            size_t pos = 0;
            for (size_t i = 0; i < j; i++) pos += op_log_entries(&ops[i]);
            op_t bad = ops[j];
            int expect;
            int is_obs = bad.kind == OP_OBSERVE || bad.kind == OP_OBSERVE_EXT || bad.kind == OP_OBSERVE_COMMIT ||
                         bad.kind == OP_CHECK_WITNESS;
            if (trial % 2 == 0) { /* swap kind: observe <-> sample */
                bad.kind = is_obs ? OP_SAMPLE : OP_OBSERVE;
                bad.count = 1;
                expect = is_obs ? SWIRL_TR_REPLAY_ERR_EXPECTED_SAMPLE : SWIRL_TR_REPLAY_ERR_EXPECTED_OBSERVE;
            } else if (is_obs) { /* same op, one value off */
                for (int i = 0; i < 8; i++) bad.v[i] = bb_add(bad.v[i], 1);
                expect = SWIRL_TR_REPLAY_ERR_VALUE_MISMATCH;
            } else {
                continue;
            }
            swirl_tr_replay_init(&rp, &log, 0);
            for (size_t i = 0; i < j; i++) apply_replay(&rp, &ops[i], out_b);
            tamper_ok &= swirl_tr_replay_ok(&rp);
            apply_replay(&rp, &bad, out_b);
            tamper_ok &= rp.error == expect && rp.error_pos == pos;
            /* sticky: the correct continuation does not clear it, samples read 0 */
            for (size_t i = j + 1; i < NOPS && i < j + 20; i++) apply_replay(&rp, &ops[i], out_b);
            tamper_ok &= rp.error == expect && rp.error_pos == pos && !swirl_tr_replay_done(&rp);
            tamper_ok &= swirl_tr_replay_sample(&rp) == 0;
            if (!tamper_ok) {
                fprintf(stderr, "seed %" PRIu64 " trial %d op %zu kind %d: error %d at %zu, expected %d at %zu\n", seed,
                        trial, j, ops[j].kind, rp.error, rp.error_pos, expect, pos);
                break;
            }
        }
        CHECK_MSG(tamper_ok, "seed %" PRIu64 ": tampered operations", seed);

        /* a tampered recorded sample passes the read-only replay (it just returns the value) but
         * not the checked replay (DuplexSpongeValidator) */
        {
            size_t sidx = log.len;
            for (size_t i = log.len / 3; i < log.len; i++)
                if (log.is_sample[i]) { sidx = i; break; }
            CHECK(sidx < log.len);
            if (sidx < log.len) {
                log.values[sidx] = bb_add(log.values[sidx], 1);
                swirl_tr_replay_init(&rp, &log, 0);
                for (size_t i = 0; i < NOPS; i++) apply_replay(&rp, &ops[i], out_b);
                CHECK(swirl_tr_replay_done(&rp));
                swirl_tr_replay_init_checked(&rp, &log, NULL);
                for (size_t i = 0; i < NOPS; i++) apply_replay(&rp, &ops[i], out_b);
                CHECK(rp.error == SWIRL_TR_REPLAY_ERR_SAMPLE_MISMATCH && rp.error_pos == sidx);
                log.values[sidx] = bb_sub(log.values[sidx], 1);
            }
        }
        /* overrun: one more operation after the end */
        swirl_tr_replay_init(&rp, &log, 0);
        for (size_t i = 0; i < NOPS; i++) apply_replay(&rp, &ops[i], out_b);
        CHECK(swirl_tr_replay_done(&rp));
        swirl_tr_replay_observe(&rp, 5);
        CHECK(rp.error == SWIRL_TR_REPLAY_ERR_OVERRUN && rp.error_pos == log.len);
        swirl_tr_log_free(&log);
    }
}

/* ---- (b) read-only transcript: the reference's three tests ---------------------------------- */

static void test_read_only_transcript(void) {
    bb_t vals[16];
    uint8_t flags[16];
    swirl_tr_log log;
    swirl_tr_log_init(&log, vals, flags, 16); /* caller buffers: no allocation */
    swirl_tr_recorder rec;
    swirl_tr_rec_init(&rec, &log);
    swirl_tr_rec_observe(&rec, 42);
    swirl_tr_rec_observe(&rec, 100);
    bb_t s1 = swirl_tr_rec_sample(&rec);
    swirl_tr_rec_observe(&rec, 200);
    bb_t s2 = swirl_tr_rec_sample(&rec);
    bb_t s3 = swirl_tr_rec_sample(&rec);
    CHECK(swirl_tr_log_ok(&log));
    CHECK_EQ_U64(swirl_tr_log_len(&log), 6);

    /* the recorder's samples are the plain transcript's */
    swirl_transcript t;
    swirl_tr_init(&t);
    swirl_tr_observe(&t, 42);
    swirl_tr_observe(&t, 100);
    CHECK(swirl_tr_sample(&t) == s1);
    swirl_tr_observe(&t, 200);
    CHECK(swirl_tr_sample(&t) == s2);
    CHECK(swirl_tr_sample(&t) == s3);

    /* replay from start */
    swirl_tr_replay rp;
    swirl_tr_replay_init(&rp, &log, 0);
    swirl_tr_replay_observe(&rp, 42);
    swirl_tr_replay_observe(&rp, 100);
    CHECK(swirl_tr_replay_sample(&rp) == s1);
    swirl_tr_replay_observe(&rp, 200);
    CHECK(swirl_tr_replay_sample(&rp) == s2);
    CHECK(swirl_tr_replay_sample(&rp) == s3);
    CHECK_EQ_U64(swirl_tr_replay_len(&rp), 6);
    CHECK(swirl_tr_replay_ok(&rp) && swirl_tr_replay_done(&rp));

    /* replay from middle */
    swirl_tr_replay rp2;
    swirl_tr_replay_init(&rp2, &log, 2);
    CHECK(swirl_tr_replay_sample(&rp2) == s1);
    swirl_tr_replay_observe(&rp2, 200);
    CHECK(swirl_tr_replay_sample(&rp2) == s2);
    CHECK_EQ_U64(swirl_tr_replay_len(&rp2), 5);
    CHECK(swirl_tr_replay_ok(&rp2) && !swirl_tr_replay_done(&rp2));

    /* start index out of bounds (the reference's debug_assert) */
    swirl_tr_replay_init(&rp2, &log, 7);
    CHECK(rp2.error == SWIRL_TR_REPLAY_ERR_BAD_START);
    swirl_tr_replay_init(&rp2, &log, 6);
    CHECK(swirl_tr_replay_done(&rp2));
}

static void test_read_only_transcript_wrong_operation(void) {
    bb_t vals[4];
    uint8_t flags[4];
    swirl_tr_log log;
    swirl_tr_log_init(&log, vals, flags, 4);
    swirl_tr_recorder rec;
    swirl_tr_rec_init(&rec, &log);
    (void)swirl_tr_rec_sample(&rec);

    swirl_tr_replay rp;
    swirl_tr_replay_init(&rp, &log, 0);
    swirl_tr_replay_observe(&rp, 42); /* the reference panics: "expected observe at 0" */
    char msg[96];
    CHECK(!swirl_tr_replay_ok(&rp));
    CHECK(swirl_tr_replay_error_code(&rp) == SWIRL_TR_REPLAY_ERR_EXPECTED_OBSERVE);
    CHECK_MSG(strcmp(swirl_tr_replay_describe(&rp, msg, sizeof msg), "expected observe at 0") == 0, "%s", msg);
    CHECK_EQ_U64(swirl_tr_replay_len(&rp), 0);

    /* the mirror case: log has an observe, caller samples */
    swirl_tr_log_clear(&log);
    swirl_tr_rec_init(&rec, &log);
    swirl_tr_rec_observe(&rec, 42);
    swirl_tr_replay_init(&rp, &log, 0);
    CHECK(swirl_tr_replay_sample(&rp) == 0);
    CHECK(swirl_tr_replay_error_code(&rp) == SWIRL_TR_REPLAY_ERR_EXPECTED_SAMPLE);
    CHECK(strcmp(swirl_tr_replay_describe(&rp, msg, sizeof msg), "expected sample at 0") == 0);
    /* check_witness with a different witness than recorded fails (and reports failure) */
    swirl_tr_replay_init(&rp, &log, 0);
    CHECK(!swirl_tr_replay_check_witness(&rp, 3, 41));
    CHECK(swirl_tr_replay_error_code(&rp) == SWIRL_TR_REPLAY_ERR_VALUE_MISMATCH);
}

static void test_read_only_transcript_wrong_value(void) {
    bb_t vals[4];
    uint8_t flags[4];
    swirl_tr_log log;
    swirl_tr_log_init(&log, vals, flags, 4);
    swirl_tr_recorder rec;
    swirl_tr_rec_init(&rec, &log);
    swirl_tr_rec_observe(&rec, 42);

    swirl_tr_replay rp;
    swirl_tr_replay_init(&rp, &log, 0);
    swirl_tr_replay_observe(&rp, 99); /* the reference panics: "value mismatch at 0" */
    char msg[96];
    CHECK(swirl_tr_replay_error_code(&rp) == SWIRL_TR_REPLAY_ERR_VALUE_MISMATCH);
    CHECK_MSG(strcmp(swirl_tr_replay_describe(&rp, msg, sizeof msg), "value mismatch at 0") == 0, "%s", msg);
    /* sticky: the right value afterwards does not recover */
    swirl_tr_replay_observe(&rp, 42);
    CHECK(swirl_tr_replay_error_code(&rp) == SWIRL_TR_REPLAY_ERR_VALUE_MISMATCH && rp.error_pos == 0);
    CHECK(!swirl_tr_replay_done(&rp));
    /* the right value from a fresh replay is accepted */
    swirl_tr_replay_init(&rp, &log, 0);
    swirl_tr_replay_observe(&rp, 42);
    CHECK(swirl_tr_replay_done(&rp));
}

/* ---- recording buffers, PoW through recorder and replay ------------------------------------- */

static void test_log_buffers(void) {
    /* a fixed buffer that is too small: the transcript is unaffected, the log is marked
     * incomplete and cannot be replayed */
    bb_t vals[5];
    uint8_t flags[5];
    swirl_tr_log log;
    swirl_tr_log_init(&log, vals, flags, 5);
    swirl_tr_recorder rec;
    swirl_transcript t;
    swirl_tr_rec_init(&rec, &log);
    swirl_tr_init(&t);
    for (uint32_t i = 0; i < 10; i++) {
        swirl_tr_rec_observe(&rec, i);
        swirl_tr_observe(&t, i);
    }
    CHECK(swirl_tr_rec_sample(&rec) == swirl_tr_sample(&t));
    CHECK(!swirl_tr_log_ok(&log));
    CHECK_EQ_U64(swirl_tr_log_len(&log), 5);
    swirl_tr_replay rp;
    swirl_tr_replay_init(&rp, &log, 0);
    CHECK(rp.error == SWIRL_TR_REPLAY_ERR_LOG_INCOMPLETE);
    swirl_tr_replay_observe(&rp, 0);
    CHECK(rp.error == SWIRL_TR_REPLAY_ERR_LOG_INCOMPLETE);
    /* a zero-capacity caller log records nothing and never allocates */
    swirl_tr_log_init(&log, NULL, NULL, 0);
    swirl_tr_rec_init(&rec, &log);
    swirl_tr_rec_observe(&rec, 1);
    CHECK(!swirl_tr_log_ok(&log) && log.len == 0 && log.values == NULL);
    swirl_tr_log_free(&log);

    /* growable log from a continued transcript; grind / check_witness are recorded as
     * observe(w) + one full sample */
    swirl_tr_log g;
    CHECK(swirl_tr_log_init_growable(&g, 0) == SWIRL_OK);
    swirl_tr_init(&t);
    for (uint32_t i = 1; i <= 3; i++) swirl_tr_observe(&t, i);
    swirl_transcript start = t;
    swirl_tr_rec_init_from(&rec, &t, &g);
    bb_t w4 = swirl_tr_rec_grind(&rec, 4, NULL);
    CHECK_EQ_U64(w4, 15); /* crypto_pcs.md §4.5: smallest witness after observing 1,2,3 */
    CHECK_EQ_U64(g.len, 2);
    CHECK(g.is_sample[0] == 0 && g.values[0] == 15 && g.is_sample[1] == 1 && (g.values[1] & 15) == 0);
    CHECK(swirl_tr_rec_grind(&rec, 0, NULL) == 0 && g.len == 2); /* bits 0: nothing recorded */
    bb_t w = swirl_tr_grind(&t, 4, NULL);
    CHECK(w == w4 && memcmp(&t, &rec.tr, sizeof t) == 0);
    ef_t a = swirl_tr_rec_sample_ext(&rec);
    ef_t b = swirl_tr_sample_ext(&t);
    CHECK(ef_eq(a, b));
    for (uint32_t i = 0; i < 5000; i++) swirl_tr_rec_observe(&rec, i); /* grows */
    CHECK(swirl_tr_log_ok(&g) && g.len == 2 + 4 + 5000 && g.cap >= g.len);

    swirl_tr_replay_init_checked(&rp, &g, &start);
    CHECK(swirl_tr_replay_check_witness(&rp, 4, 15));
    CHECK(swirl_tr_replay_check_witness(&rp, 0, 777)); /* no-op */
    CHECK(ef_eq(swirl_tr_replay_sample_ext(&rp), a));
    for (uint32_t i = 0; i < 5000; i++) swirl_tr_replay_observe(&rp, i);
    CHECK(swirl_tr_replay_done(&rp));
    /* a wrong witness is a value mismatch, not merely a failed PoW */
    swirl_tr_replay_init(&rp, &g, 0);
    CHECK(!swirl_tr_replay_check_witness(&rp, 4, 16));
    CHECK(rp.error == SWIRL_TR_REPLAY_ERR_VALUE_MISMATCH && rp.error_pos == 0);
    /* checked replay from the wrong start state rejects the first sample */
    swirl_tr_replay_init_checked(&rp, &g, NULL);
    (void)swirl_tr_replay_check_witness(&rp, 4, 15);
    CHECK(rp.error == SWIRL_TR_REPLAY_ERR_SAMPLE_MISMATCH && rp.error_pos == 1);
    swirl_tr_log_clear(&g);
    CHECK(g.len == 0 && swirl_tr_log_ok(&g));
    swirl_tr_log_free(&g);
    CHECK(g.values == NULL && g.cap == 0);
}

int main(void) {
    test_sponge_reference_sequence();
    test_sponge_random_sequences();
    test_read_only_transcript();
    test_read_only_transcript_wrong_operation();
    test_read_only_transcript_wrong_value();
    test_log_buffers();
    return t_summary("test_transcript_replay");
}
