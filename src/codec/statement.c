/* statement.c — the statement of a proof (swirl.h, "the statement of a proof"): which AIRs are
 * present, their log heights and their public values, read from the proof's preamble by the
 * strict codec and, given a key, checked against it as the verifier's first checks do. */
#include <string.h>
#include "iop/proof.h"
#include "util/alloc.h"
#include "util/error.h"

/* The verifier's shape checks on the preamble (src/verifier/verify.c, same order and reasons):
 * a statement that fails one is not the statement of any proof the key accepts. */
static int check_against_key(const swirl_vk *vk, const swirl_proof *pf, swirl_error *err) {
    size_t n = swirl_vk_num_airs(vk);
    if (pf->num_airs != n)
        return swirl_fail(err, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_PROOF_SHAPE,
                          "statement: the proof has %zu AIRs, the key %zu (InvalidVDataLength)", pf->num_airs, n);
    for (size_t a = 0; a < n; a++) {
        swirl_air_info info;
        int rc = swirl_vk_air_info(vk, a, &info);
        if (rc) return swirl_fail(err, SWIRL_ERR_INTERNAL, 0, "statement: the key's AIR %zu cannot be read", a);
        if (!pf->vdata[a].present) {
            if (info.is_required)
                return swirl_fail(err, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_PROOF_SHAPE,
                                  "statement: required AIR %zu is absent (RequiredAirNoVData)", a);
            if (pf->num_pv[a])
                return swirl_fail(err, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_PROOF_SHAPE,
                                  "statement: absent AIR %zu has %zu public values (PublicValuesNoVData)", a, pf->num_pv[a]);
            continue;
        }
        if (pf->vdata[a].num_cached != info.num_cached_mains)
            return swirl_fail(err, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_PROOF_SHAPE,
                              "statement: AIR %zu has %zu cached commitments, the key %zu (InvalidCachedCommitments)", a,
                              pf->vdata[a].num_cached, info.num_cached_mains);
        if (pf->num_pv[a] != info.num_public_values)
            return swirl_fail(err, SWIRL_ERR_VERIFY, SWIRL_VERIFY_ERR_PROOF_SHAPE,
                              "statement: AIR %zu has %zu public values, the key %zu (InvalidPublicValues)", a, pf->num_pv[a],
                              info.num_public_values);
    }
    return SWIRL_OK;
}

/* Copies the preamble's statement into out: one allocation for the AIR entries, one for all
 * public values (the pointers index into it). */
static int fill_statement(const swirl_proof *pf, swirl_statement *out, swirl_error *err) {
    size_t total = 0;
    for (size_t a = 0; a < pf->num_airs; a++) total += pf->vdata[a].present ? pf->num_pv[a] : 0;
    out->airs = swirl_calloc(pf->num_airs + 1, sizeof *out->airs);
    out->storage_ = swirl_calloc(total + 1, sizeof *out->storage_);
    if (!out->airs || !out->storage_) {
        swirl_statement_free(out);
        return swirl_fail(err, SWIRL_ERR_OUT_OF_MEMORY, 0, "swirl_proof_statement: out of memory");
    }
    out->num_airs = pf->num_airs;
    size_t off = 0;
    for (size_t a = 0; a < pf->num_airs; a++) {
        swirl_statement_air *s = &out->airs[a];
        s->public_values = out->storage_ + off;
        if (!pf->vdata[a].present) continue; /* an absent AIR's (empty, without a key) values are not statement */
        s->present = 1;
        s->log_height = pf->vdata[a].log_height;
        s->num_public_values = pf->num_pv[a];
        if (pf->num_pv[a]) memcpy(out->storage_ + off, pf->pv[a], pf->num_pv[a] * sizeof(uint32_t));
        off += pf->num_pv[a];
        out->num_present++;
    }
    return SWIRL_OK;
}

int swirl_proof_statement(const swirl_vk *vk, const uint8_t *proof, size_t len, swirl_statement *out, swirl_error *err) {
    if (!out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_proof_statement: out is NULL");
    memset(out, 0, sizeof *out);
    if (!proof && len) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_proof_statement: proof is NULL, len %zu", len);
    swirl_proof pf;
    int rc = swirl_proof_decode(proof, len, &pf);
    if (rc == SWIRL_ERR_OUT_OF_MEMORY) return swirl_fail(err, rc, 0, "swirl_proof_statement: out of memory");
    if (rc) return swirl_fail(err, SWIRL_ERR_DECODE, 0, "malformed proof bytes (%zu bytes): not a SWIRL proof of codec version 3", len);
    rc = vk ? check_against_key(vk, &pf, err) : SWIRL_OK;
    if (rc == SWIRL_OK) rc = fill_statement(&pf, out, err);
    swirl_proof_free(&pf);
    return rc;
}

void swirl_statement_free(swirl_statement *s) {
    if (!s) return;
    swirl_free(s->airs);
    swirl_free(s->storage_);
    memset(s, 0, sizeof *s);
}

int swirl_statement_expect_public(const swirl_statement *s, size_t air, const uint32_t *expected, size_t n,
                                  size_t *index_out, swirl_error *err) {
    if (!s || (!s->airs && s->num_airs)) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_statement_expect_public: no statement");
    if (air >= s->num_airs)
        return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_statement_expect_public: AIR %zu out of range (%zu AIRs)", air,
                          s->num_airs);
    if (!expected && n) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_statement_expect_public: expected is NULL");
    for (size_t i = 0; i < n; i++)
        if (expected[i] >= SWIRL_P) {
            if (index_out) *index_out = i;
            return swirl_fail(err, SWIRL_ERR_FIELD_RANGE, 0, "expected public value %zu of AIR %zu is %lu, not below p = %lu", i,
                              air, (unsigned long)expected[i], (unsigned long)SWIRL_P);
        }
    const swirl_statement_air *a = &s->airs[air];
    if (!a->present) {
        if (index_out) *index_out = 0;
        return swirl_fail(err, SWIRL_ERR_VERIFY, SWIRL_STATEMENT_ERR_AIR_ABSENT,
                          "statement mismatch: AIR %zu is absent from the proof, %zu public values expected", air, n);
    }
    if (a->num_public_values != n) {
        if (index_out) *index_out = n;
        return swirl_fail(err, SWIRL_ERR_VERIFY, SWIRL_STATEMENT_ERR_PUBLIC_COUNT,
                          "statement mismatch: AIR %zu has %zu public values, %zu expected", air, a->num_public_values, n);
    }
    for (size_t i = 0; i < n; i++)
        if (a->public_values[i] != expected[i]) {
            if (index_out) *index_out = i;
            return swirl_fail(err, SWIRL_ERR_VERIFY, SWIRL_STATEMENT_ERR_PUBLIC_VALUE,
                              "statement mismatch: AIR %zu public value %zu is %lu, %lu expected", air, i,
                              (unsigned long)a->public_values[i], (unsigned long)expected[i]);
        }
    return SWIRL_OK;
}
