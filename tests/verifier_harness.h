/* verifier_harness.h — decode -> edit -> re-encode -> verify, for tests that reach one verifier
 * check at a time (test_verifier_checks.c, test_tamper_*.c).
 *
 * A fixture is a real proof of a real statement (keygen + swirl_prove). An edit works on the
 * decoded internal proof (iop/proof.h), which is re-encoded with the proof codec; the harness
 * then checks three things about the edited bytes:
 *   1. they decode, and decode -> encode gives them back (the codec is canonical), so the
 *      verifier sees exactly the edited values and the test is about the verifier, not the codec;
 *   2. swirl_verify returns the expected status and detail code;
 *   3. the verifier's message contains the expected substring (the check's name).
 * A fixture's unedited proof must verify (vh_fixture_ok), so a rejection is caused by the edit.
 *
 * Edits that change a count must leave the struct consistent for both the encoder and
 * swirl_proof_free: arrays the proof owns are allocated with the library's allocator
 * (util/alloc.h), and counts only shrink inside arrays that stay allocated, or grow after a
 * swirl_realloc. */
#ifndef SWIRL_VERIFIER_HARNESS_H
#define SWIRL_VERIFIER_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "codec/bytes.h"
#include "field/babybear.h"
#include "iop/proof.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"
#include "util/alloc.h"

typedef struct vh_fixture {
    char name[96];
    swirl_pk *pk;
    swirl_vk *vk; /* owned */
    uint8_t *proof;
    size_t len;
} vh_fixture;

static swirl_ctx *vh_ctx; /* NULL: swirl's default single-threaded path */

/* Default test parameters (test_system_params_small(2, 8, 3)) with proof-of-work bits raised so
 * that any edit of a transcript-bound value is caught by the next proof-of-work check with
 * probability 1 - 2^-10 (or 2^-12 for LogUp): the detail code of such an edit is then fixed. */
static int vh_params_strong(swirl_system_params *p) {
    int rc = swirl_params_default_test(p);
    if (rc) return rc;
    p->logup.pow_bits = 12;
    p->whir.mu_pow_bits = 10;
    p->whir.folding_pow_bits = 10;
    p->whir.query_phase_pow_bits = 10;
    return swirl_params_validate(p);
}

static void vh_free(vh_fixture *fx) {
    swirl_bytes_free(fx->proof);
    swirl_pk_free(fx->pk);
    swirl_vk_free(fx->vk);
    memset(fx, 0, sizeof *fx);
}

/* keygen + prove. Returns SWIRL_OK or the failing status (reported). */
static int vh_prove_airs(vh_fixture *fx, const char *name, const swirl_system_params *p, swirl_air *const *airs,
                         size_t n, const swirl_air_inputs *in) {
    memset(fx, 0, sizeof *fx);
    snprintf(fx->name, sizeof fx->name, "%s", name);
    swirl_error e = {0};
    int rc = swirl_keygen(vh_ctx, p, airs, n, &fx->pk, &fx->vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: keygen %s: %s", name, swirl_status_str(rc), e.message);
    if (rc) return rc;
    rc = swirl_prove(vh_ctx, fx->pk, in, n, &fx->proof, &fx->len, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: prove %s: %s", name, swirl_status_str(rc), e.message);
    return rc;
}

static int vh_prove_builtin(vh_fixture *fx, const char *scenario, size_t size, uint64_t seed,
                            const swirl_system_params *p) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    char name[96];
    snprintf(name, sizeof name, "%s/%zu", scenario, size);
    int rc = swirl_builtin_scenario(scenario, size, seed, &b, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s: scenario: %s", name, e.message);
    if (rc) { memset(fx, 0, sizeof *fx); return rc; }
    rc = vh_prove_airs(fx, name, p, b->airs, b->num_airs, b->inputs);
    swirl_builtin_free(b);
    return rc;
}

static int vh_encode(const swirl_proof *pf, uint8_t **out, size_t *len) {
    swirl_writer w;
    swirl_writer_init(&w);
    int rc = swirl_proof_encode(pf, &w);
    if (rc) { swirl_writer_free(&w); return rc; }
    *out = w.buf;
    *len = w.len;
    return SWIRL_OK;
}

/* decode -> encode returns the same bytes */
static int vh_canonical(const uint8_t *b, size_t len) {
    swirl_proof pf;
    if (swirl_proof_decode(b, len, &pf) != SWIRL_OK) return 0;
    uint8_t *again = NULL;
    size_t len2 = 0;
    int same = vh_encode(&pf, &again, &len2) == SWIRL_OK && len2 == len && !memcmp(again, b, len);
    swirl_free(again);
    swirl_proof_free(&pf);
    return same;
}

/* swirl_verify(vk, bytes) must give exactly (status, detail) and a message containing substr
 * (NULL: no message check). Returns 1 when it did. */
static int vh_expect(const char *label, const swirl_vk *vk, const uint8_t *b, size_t len, int status, int detail,
                     const char *substr) {
    swirl_error e;
    memset(&e, 0, sizeof e);
    int rc = swirl_verify(vk, b, len, &e);
    int ok = rc == status && (rc == SWIRL_OK || (e.status == status && e.detail == detail)) &&
             (!substr || strstr(e.message, substr) != NULL);
    CHECK_MSG(ok, "%s: verify gave %s detail %d (\"%s\"), expected %s detail %d containing \"%s\"", label,
              swirl_status_str(rc), e.detail, e.message, swirl_status_str(status), detail, substr ? substr : "");
    return ok;
}

/* The fixture's own proof verifies and is canonical. */
static int vh_fixture_ok(const vh_fixture *fx) {
    if (!fx->proof) return 0;
    CHECK_MSG(vh_canonical(fx->proof, fx->len), "%s: the honest proof is not canonical", fx->name);
    char label[128];
    snprintf(label, sizeof label, "%s (honest)", fx->name);
    return vh_expect(label, fx->vk, fx->proof, fx->len, SWIRL_OK, 0, NULL);
}

typedef void (*vh_edit_fn)(swirl_proof *pf, const void *arg);

/* Decode fx's proof, apply edit, re-encode, require canonical bytes that differ from the honest
 * ones, and verify them under vk (NULL: fx's key) expecting (status, detail, substr). */
static void vh_check_edit(const char *label, const vh_fixture *fx, const swirl_vk *vk, vh_edit_fn edit, const void *arg,
                          int status, int detail, const char *substr) {
    char full[400];
    snprintf(full, sizeof full, "%s: %s", fx->name, label);
    if (!fx->proof) { CHECK_MSG(0, "%s: no fixture proof", full); return; }
    swirl_proof pf;
    int rc = swirl_proof_decode(fx->proof, fx->len, &pf);
    CHECK_MSG(rc == SWIRL_OK, "%s: honest proof does not decode", full);
    if (rc) return;
    edit(&pf, arg);
    uint8_t *b = NULL;
    size_t len = 0;
    rc = vh_encode(&pf, &b, &len);
    swirl_proof_free(&pf);
    CHECK_MSG(rc == SWIRL_OK, "%s: edited proof does not encode (%s)", full, swirl_status_str(rc));
    if (rc) return;
    CHECK_MSG(len != fx->len || memcmp(b, fx->proof, len), "%s: the edit changed nothing", full);
    CHECK_MSG(vh_canonical(b, len), "%s: edited bytes do not decode canonically", full);
    vh_expect(full, vk ? vk : fx->vk, b, len, status, detail, substr);
    swirl_free(b);
}

/* ---- small edit helpers ------------------------------------------------------------------- */

static ef_t vh_ef_bump(ef_t x) { return ef_add(x, ef_one()); }
static bb_t vh_bb_bump(bb_t x) { return bb_add(x, 1); }

#endif
