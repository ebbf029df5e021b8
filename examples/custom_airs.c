/* custom_airs.c — an AIR author's first swirl program, to be read top to bottom.
 *
 * Three AIRs of our own, written with the builder helpers of swirl.h (docs/AIRS.md explains
 * every call):
 *
 *   byte_table  a lookup table of the bytes 0..255: a PREPROCESSED column (fixed at keygen,
 *               committed in the verifying key) and, in the common main trace, how often each
 *               byte is looked up. It adds every byte as a key on the lookup bus BYTE_BUS.
 *   byte_sum    sums a list of bytes. The bytes live in a CACHED main part (committed once,
 *               reusable across proofs); the running sum lives in the common main trace; the
 *               total is a PUBLIC VALUE. Every byte is looked up in byte_table, which proves
 *               that it is < 256.
 *   squares     an OPTIONAL AIR: rows (is_real, x, x_sq) with x_sq = x * x on real rows, the
 *               real rows first; x and x_sq are looked up in byte_table.
 *
 * Then: keygen, trace generation, the debug checker, proving, verifying with a key that went
 * through bytes (as a separate verifier would get it), a second proof without the optional AIR
 * reusing the committed bytes, and two bad witnesses the checker and the verifier reject.
 *
 * Only include/swirl.h is used. Exit status 0 and the line "custom_airs: PASS" on success. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "swirl.h"

/* ---- the AIRs -------------------------------------------------------------------------------- */

enum { BYTE_BUS = 1 };   /* bus indices are ours to choose: one per relation */
#define TABLE_ROWS 256   /* 0..255 */
#define SUM_ROWS 64      /* bytes summed by byte_sum (a power of two) */
#define SQUARES_ROWS 16  /* rows of squares; x < 16 keeps x * x a byte */

/* Column indices, named once. */
enum { TABLE_COL_VALUE = 0 };         /* preprocessed */
enum { TABLE_COL_MULTIPLICITY = 0 };  /* common main */
enum { SUM_COL_BYTE = 0 };            /* cached main part 0 */
enum { SUM_COL_ACC = 0 };             /* common main */
enum { SQ_COL_IS_REAL = 0, SQ_COL_X = 1, SQ_COL_X_SQ = 2, SQ_WIDTH = 3 };

static swirl_air *byte_table_air(void) {
    swirl_air *air = swirl_air_new("byte_table");
    if (!air) return NULL;
    /* The preprocessed trace is part of the AIR: the verifying key commits to it, and its
     * height fixes the AIR's height. */
    uint32_t values[TABLE_ROWS];
    for (uint32_t i = 0; i < TABLE_ROWS; i++) values[i] = i;
    swirl_trace preprocessed = {values, TABLE_ROWS, 1};
    swirl_air_set_preprocessed(air, &preprocessed);
    swirl_air_set_common_main(air, 1);

    swirl_expr value = swirl_air_prep(air, TABLE_COL_VALUE, 0);
    swirl_expr multiplicity = swirl_air_main(air, SWIRL_PART_COMMON, TABLE_COL_MULTIPLICITY, 0);
    /* "value is a key of BYTE_BUS, looked up `multiplicity` times" (count -multiplicity,
     * count weight 0: keys do not count towards the trace-height bound). */
    swirl_lookup_bus bytes = {BYTE_BUS};
    swirl_lookup_bus_add_key_with_lookups(air, bytes, &value, 1, multiplicity);
    return air;
}

static swirl_air *byte_sum_air(void) {
    swirl_air *air = swirl_air_new("byte_sum");
    if (!air) return NULL;
    int data_part = swirl_air_add_cached_main(air, 1); /* part 0 */
    swirl_air_set_common_main(air, 1);
    swirl_air_set_num_public_values(air, 1);           /* the total */

    swirl_expr byte = swirl_air_main(air, data_part, SUM_COL_BYTE, 0);
    swirl_expr next_byte = swirl_air_main(air, data_part, SUM_COL_BYTE, 1);
    swirl_expr acc = swirl_air_main(air, SWIRL_PART_COMMON, SUM_COL_ACC, 0);
    swirl_expr next_acc = swirl_air_main(air, SWIRL_PART_COMMON, SUM_COL_ACC, 1);
    swirl_expr total = swirl_air_public(air, 0);

    /* acc starts with the first byte, */
    swirl_when_assert_eq(swirl_air_when_first_row(air), acc, byte);
    /* grows by the next byte from each row to the next (not from the last row back to the
     * first: is_transition is 0 on the last row), */
    swirl_air_assert_transition_delta(air, acc, next_acc, next_byte);
    /* and ends at the public total. */
    swirl_when_assert_eq(swirl_air_when_last_row(air), acc, total);

    /* Every byte is a key of the table (enabled on every row). */
    swirl_lookup_bus bytes = {BYTE_BUS};
    swirl_lookup_bus_lookup_key(air, bytes, &byte, 1, swirl_air_const(air, 1));
    return air;
}

static swirl_air *squares_air(void) {
    swirl_air *air = swirl_air_new("squares");
    if (!air) return NULL;
    swirl_air_set_common_main(air, SQ_WIDTH);
    swirl_air_set_required(air, 0); /* optional (the default, stated here for the reader) */

    swirl_expr is_real = swirl_air_main(air, SWIRL_PART_COMMON, SQ_COL_IS_REAL, 0);
    swirl_expr next_is_real = swirl_air_main(air, SWIRL_PART_COMMON, SQ_COL_IS_REAL, 1);
    swirl_expr x = swirl_air_main(air, SWIRL_PART_COMMON, SQ_COL_X, 0);
    swirl_expr x_sq = swirl_air_main(air, SWIRL_PART_COMMON, SQ_COL_X_SQ, 0);

    /* is_real is a bit; on real rows x_sq = x * x; */
    swirl_when_assert_bool(swirl_air_always(air), is_real);
    swirl_when_assert_eq(swirl_air_when(air, is_real), x_sq, swirl_air_mul(air, x, x));
    /* a row followed by a real row is real: the real rows come first (a nested chain,
     * when_transition().when(next_is_real).assert_one(is_real)). */
    swirl_when_assert_one(swirl_when_and(swirl_air_when_transition(air), next_is_real), is_real);

    /* x and x_sq are bytes (looked up on real rows only; is_real is constrained boolean above,
     * as lookup_key requires of its `enabled`). */
    swirl_lookup_bus bytes = {BYTE_BUS};
    swirl_lookup_bus_lookup_key(air, bytes, &x, 1, is_real);
    swirl_lookup_bus_lookup_key(air, bytes, &x_sq, 1, is_real);
    return air;
}

/* ---- the witness ------------------------------------------------------------------------------ */

/* All traces of one proof. Traces are row-major: values[row * width + column], every value a
 * canonical field element (< p), heights powers of two. */
typedef struct {
    uint32_t multiplicity[TABLE_ROWS];
    uint32_t data[SUM_ROWS];          /* byte_sum's cached part */
    uint32_t acc[SUM_ROWS];
    uint32_t total;
    uint32_t squares[SQUARES_ROWS * SQ_WIDTH];
    swirl_trace table_trace, data_trace, acc_trace, squares_trace;
} witness;

/* The table's multiplicities count the lookups of the AIRs present in the proof. */
static void count_lookups(witness *w, int with_squares) {
    memset(w->multiplicity, 0, sizeof w->multiplicity);
    for (size_t r = 0; r < SUM_ROWS; r++)
        if (w->data[r] < TABLE_ROWS) w->multiplicity[w->data[r]]++;
    if (!with_squares) return;
    for (size_t r = 0; r < SQUARES_ROWS; r++) {
        const uint32_t *row = &w->squares[r * SQ_WIDTH];
        if (!row[SQ_COL_IS_REAL]) continue;
        w->multiplicity[row[SQ_COL_X]]++;
        w->multiplicity[row[SQ_COL_X_SQ]]++;
    }
}

static void make_witness(witness *w, int with_squares) {
    memset(w, 0, sizeof *w);
    uint32_t seed = 12345;
    for (size_t r = 0; r < SUM_ROWS; r++) {
        seed = seed * 1103515245u + 12345u;
        w->data[r] = (seed >> 16) & 0xff;
    }
    uint32_t sum = 0;
    for (size_t r = 0; r < SUM_ROWS; r++) {
        sum += w->data[r];
        w->acc[r] = sum;
    }
    w->total = sum;
    /* 11 real rows (x = 3..13), then padding rows of zeros */
    for (uint32_t r = 0; r < 11; r++) {
        uint32_t *row = &w->squares[r * SQ_WIDTH];
        row[SQ_COL_IS_REAL] = 1;
        row[SQ_COL_X] = r + 3;
        row[SQ_COL_X_SQ] = (r + 3) * (r + 3);
    }
    count_lookups(w, with_squares);
    w->table_trace = (swirl_trace){w->multiplicity, TABLE_ROWS, 1};
    w->data_trace = (swirl_trace){w->data, SUM_ROWS, 1};
    w->acc_trace = (swirl_trace){w->acc, SUM_ROWS, 1};
    w->squares_trace = (swirl_trace){w->squares, SQUARES_ROWS, SQ_WIDTH};
}

/* One swirl_air_inputs per AIR, in key order. An absent (optional) AIR has no traces. */
static void make_inputs(witness *w, int with_squares, const swirl_committed_trace *const *data_commitment,
                        swirl_air_inputs inputs[3]) {
    memset(inputs, 0, 3 * sizeof *inputs);
    inputs[0].common_main = &w->table_trace;
    inputs[1].common_main = &w->acc_trace;
    inputs[1].cached_mains = &w->data_trace;
    inputs[1].num_cached_mains = 1;
    inputs[1].cached_commitments = data_commitment; /* NULL: the prover commits it itself */
    inputs[1].public_values = &w->total;
    inputs[1].num_public_values = 1;
    if (with_squares) inputs[2].common_main = &w->squares_trace;
}

/* ---- proving and verifying --------------------------------------------------------------------- */

/* Proves, then verifies with a verifying key decoded from bytes, as a verifier that only
 * received the key file would. Returns swirl_verify's status (or the prover's on failure). */
static int prove_and_verify(swirl_ctx *ctx, const swirl_pk *pk, const uint8_t *vk_bytes, size_t vk_len,
                            const swirl_air_inputs inputs[3], swirl_error *err) {
    uint8_t *proof = NULL;
    size_t proof_len = 0;
    int rc = swirl_prove(ctx, pk, inputs, 3, &proof, &proof_len, err);
    if (rc != SWIRL_OK) return rc;
    swirl_vk *verifier_key = NULL;
    rc = swirl_vk_decode(vk_bytes, vk_len, &verifier_key, err);
    if (rc == SWIRL_OK) {
        rc = swirl_verify(verifier_key, proof, proof_len, err);
        if (rc == SWIRL_OK) printf("  proof of %zu bytes verified\n", proof_len);
    }
    swirl_vk_free(verifier_key);
    swirl_bytes_free(proof);
    return rc;
}

static int fail(const char *what, const swirl_error *err) {
    fprintf(stderr, "custom_airs: FAIL: %s: %s (%s)\n", what, swirl_status_str(err->status), err->message);
    return 1;
}

/* Prints the key's size, pre-hash, security estimate and trace-height constraints. */
static int describe_key(const swirl_vk *vk, size_t vk_len) {
    swirl_error err = {0};
    uint32_t pre_hash[8];
    swirl_vk_pre_hash(vk, pre_hash);
    double security_bits = 0;
    if (swirl_vk_security_bits(vk, &security_bits, &err) != SWIRL_OK) return fail("security estimate", &err);
    printf("keygen: %zu AIRs, verifying key of %zu bytes, pre-hash %08x..., %.1f bits of security\n",
           swirl_vk_num_airs(vk), vk_len, pre_hash[0], security_bits);
    for (size_t i = 0; i < swirl_vk_num_height_constraints(vk); i++) {
        const uint32_t *coefficients;
        uint32_t threshold;
        swirl_vk_height_constraint(vk, i, &coefficients, &threshold);
        printf("  trace-height constraint %zu: %u*h0 + %u*h1 + %u*h2 < %u\n", i, coefficients[0], coefficients[1],
               coefficients[2], threshold);
    }
    return 0;
}

/* The proofs, good and bad, with the cached part committed once. Returns the number of
 * outcomes that were not as expected. */
static int prove_all(swirl_ctx *ctx, const swirl_pk *pk, const uint8_t *vk_bytes, size_t vk_len) {
    swirl_error err = {0};
    witness w;
    make_witness(&w, 1);
    swirl_committed_trace *data_commitment = NULL;
    if (swirl_commit_cached_main(ctx, swirl_pk_vk(pk), &w.data_trace, &data_commitment, &err) != SWIRL_OK)
        return fail("committing the cached part", &err);
    const swirl_committed_trace *commitments[1] = {data_commitment};
    swirl_air_inputs inputs[3];
    swirl_check_report report;
    int failures = 0;

    /* Check the witness first (fast, and it says which constraint or bus is wrong), then prove. */
    printf("proof 1: all three AIRs, total %u\n", w.total);
    make_inputs(&w, 1, commitments, inputs);
    if (swirl_debug_check(pk, inputs, 3, &report, &err) != SWIRL_OK) failures += fail("debug check", &err);
    else if (prove_and_verify(ctx, pk, vk_bytes, vk_len, inputs, &err) != SWIRL_OK) failures += fail("proof 1", &err);

    /* Without the optional AIR: its lookups leave the table's multiplicities. */
    printf("proof 2: squares absent, the committed bytes reused\n");
    make_witness(&w, 0);
    make_inputs(&w, 0, commitments, inputs);
    if (swirl_debug_check(pk, inputs, 3, &report, &err) != SWIRL_OK) failures += fail("debug check", &err);
    else if (prove_and_verify(ctx, pk, vk_bytes, vk_len, inputs, &err) != SWIRL_OK) failures += fail("proof 2", &err);

    /* A wrong public total: the last-row constraint of byte_sum fails. The checker names it;
     * the prover still makes bytes, and the verifier rejects them. */
    printf("bad witness 1: total off by one\n");
    make_witness(&w, 1);
    w.total += 1;
    make_inputs(&w, 1, commitments, inputs);
    int rc = swirl_debug_check(pk, inputs, 3, &report, &err);
    printf("  debug check: %s: %s\n", swirl_status_str(rc), report.message);
    if (rc != SWIRL_ERR_TRACE || report.kind != SWIRL_CHECK_CONSTRAINT || report.air != 1)
        failures += fail("bad total not caught", &err);
    rc = prove_and_verify(ctx, pk, vk_bytes, vk_len, inputs, &err);
    printf("  verify: %s, detail %d: %s\n", swirl_status_str(rc), err.detail, err.message);
    if (rc != SWIRL_ERR_VERIFY) failures += fail("bad total verified", &err);

    /* An unbalanced lookup: squares claims 16 * 16 = 256, which is no byte. The constraints
     * hold, the bus does not; the prover refuses unbalanced buses. */
    printf("bad witness 2: a square that is not a byte\n");
    make_witness(&w, 1);
    uint32_t *row = &w.squares[11 * SQ_WIDTH];
    row[SQ_COL_IS_REAL] = 1;
    row[SQ_COL_X] = 16;
    row[SQ_COL_X_SQ] = 256;
    w.multiplicity[16]++; /* 16 is a byte; 256 has no key */
    make_inputs(&w, 1, commitments, inputs);
    rc = swirl_debug_check(pk, inputs, 3, &report, &err);
    printf("  debug check: %s: %s\n", swirl_status_str(rc), report.message);
    if (rc != SWIRL_ERR_TRACE || report.kind != SWIRL_CHECK_BUS || report.bus != BYTE_BUS)
        failures += fail("bad square not caught", &err);
    uint8_t *proof = NULL;
    size_t proof_len = 0;
    rc = swirl_prove(ctx, pk, inputs, 3, &proof, &proof_len, &err);
    printf("  prove: %s: %s\n", swirl_status_str(rc), err.message);
    if (rc != SWIRL_ERR_TRACE) failures += fail("unbalanced bus proved", &err);
    swirl_bytes_free(proof);

    swirl_committed_trace_free(data_commitment);
    return failures;
}

static int run(swirl_ctx *ctx) {
    swirl_error err = {0};
    int failures = 0;
    swirl_pk *pk = NULL;
    uint8_t *vk_bytes = NULL;
    size_t vk_len = 0;

    /* 1. The AIRs. Builder errors are sticky: check each AIR once, after building it. */
    swirl_air *airs[3] = {byte_table_air(), byte_sum_air(), squares_air()};
    for (int i = 0; i < 3 && failures == 0; i++)
        if (!airs[i] || swirl_air_status(airs[i], &err) != SWIRL_OK) failures += fail("building an AIR", &err);

    /* 2. Keygen under the production preset (about 100 bits of security) for traces of up to
     * 2^12 rows. swirl_params_default_test would be faster and is not secure. */
    swirl_system_params params;
    if (failures == 0 && swirl_params_app(12, &params) != SWIRL_OK) {
        fprintf(stderr, "custom_airs: FAIL: no parameters\n");
        failures++;
    }
    if (failures == 0 && swirl_keygen(ctx, &params, airs, 3, &pk, NULL, &err) != SWIRL_OK) failures += fail("keygen", &err);
    /* The verifying key as bytes: what a verifier would receive. */
    if (failures == 0 && swirl_vk_encode(swirl_pk_vk(pk), &vk_bytes, &vk_len, &err) != SWIRL_OK)
        failures += fail("vk encode", &err);
    if (failures == 0) failures += describe_key(swirl_pk_vk(pk), vk_len);

    /* 3. Proofs. */
    if (failures == 0) failures += prove_all(ctx, pk, vk_bytes, vk_len);

    swirl_bytes_free(vk_bytes);
    swirl_pk_free(pk);
    for (int i = 0; i < 3; i++) swirl_air_free(airs[i]);
    return failures;
}

int main(void) {
    swirl_ctx *ctx = NULL;
    swirl_error err = {0};
    if (swirl_ctx_create(0, SWIRL_BACKEND_AUTO, &ctx, &err) != SWIRL_OK) return fail("context", &err);
    printf("swirl %s, backend %s\n", swirl_version(), swirl_ctx_backend_name(ctx));
    int failures = run(ctx);
    swirl_ctx_free(ctx);
    if (failures) return 1;
    printf("custom_airs: PASS\n");
    return 0;
}
