/* test_pinning.c — the verifier pins the key (issue 9 §6): swirl_verify_pinned rejects a key
 * whose parameters differ from the expected ones in any single field (SWIRL_ERR_VERIFY, detail
 * SWIRL_VERIFY_ERR_SYSTEM_PARAMS_MISMATCH) or whose pre-hash is not the expected one (detail
 * SWIRL_VERIFY_ERR_VK_PRE_HASH_MISMATCH), checks the pins before the proof bytes, treats invalid
 * expected parameters as a caller error, and with both pins NULL is swirl_verify. Parameter
 * validation rejects WHIR rounds without queries (never sound) and keeps the reference's test
 * presets and 0 PoW bits valid. swirl_vk_security_bits reports the key's soundness. Verification
 * is reentrant: threads verify with one shared key. */
#include <pthread.h>
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_system_params P;

typedef struct fixture {
    swirl_pk *pk;
    swirl_vk *vk;
    uint8_t *proof;
    size_t len;
    uint32_t pre_hash[8];
} fixture;

static int make_fixture(const swirl_system_params *p, fixture *f) {
    memset(f, 0, sizeof *f);
    swirl_air *a = swirl_fib_air();
    swirl_trace t;
    uint32_t pv[3];
    int rc = swirl_keygen(NULL, p, &a, 1, &f->pk, &f->vk, NULL);
    if (rc == SWIRL_OK) rc = swirl_fib_trace(1, 1, 4, &t, pv);
    if (rc == SWIRL_OK) {
        swirl_air_inputs in = {&t, NULL, 0, pv, 3, NULL};
        rc = swirl_prove(NULL, f->pk, &in, 1, &f->proof, &f->len, NULL);
        swirl_trace_free(&t);
    }
    if (rc == SWIRL_OK) swirl_vk_pre_hash(f->vk, f->pre_hash);
    swirl_air_free(a);
    return rc;
}

static void free_fixture(fixture *f) {
    swirl_bytes_free(f->proof);
    swirl_pk_free(f->pk);
    swirl_vk_free(f->vk);
    memset(f, 0, sizeof *f);
}

/* verify_pinned's outcome as one comparable value: status * 1000 + detail */
static int outcome(const fixture *f, const swirl_system_params *ep, const uint32_t *eh, const uint8_t *b, size_t len,
                   const char *msg_part) {
    swirl_error e;
    memset(&e, 0, sizeof e);
    int rc = swirl_verify_pinned(f->vk, ep, eh, b, len, &e);
    if (msg_part && !strstr(e.message, msg_part)) return -1;
    return rc * 1000 + e.detail;
}

#define MISMATCH (SWIRL_ERR_VERIFY * 1000 + SWIRL_VERIFY_ERR_SYSTEM_PARAMS_MISMATCH)
#define WRONG_KEY (SWIRL_ERR_VERIFY * 1000 + SWIRL_VERIFY_ERR_VK_PRE_HASH_MISMATCH)

/* One changed field per variant; each must still be a valid configuration (else the call is a
 * caller error, tested separately). */
static void test_params_mismatch(const fixture *f) {
    enum { NVAR = 17 };
    size_t rejected = 0, tried = 0;
    for (int v = 0; v < NVAR; v++) {
        swirl_system_params q = P;
        switch (v) {
        case 0: q.l_skip++; break;
        case 1: q.n_stack--; break;
        case 2: q.w_stack++; break;
        case 3: q.log_blowup++; break;
        case 4: q.whir.k = 2; q.whir.num_rounds = 4; q.whir.num_queries[3] = 2; break;
        case 5: q.whir.num_rounds = 2; break;
        case 6: q.whir.num_queries[0]++; break;
        case 7: q.whir.num_queries[2]--; break;
        case 8: q.whir.mu_pow_bits++; break;
        case 9: q.whir.query_phase_pow_bits = 0; break;
        case 10: q.whir.folding_pow_bits++; break;
        case 11: q.whir.proximity.kind = SWIRL_PROX_LIST; q.whir.proximity.list_start_round = 0; break;
        case 12: q.whir.proximity.m++; break;
        case 13: q.whir.proximity.list_start_round++; break;
        case 14: q.logup.max_interaction_count--; break;
        case 15: q.logup.pow_bits++; break;
        default: q.max_constraint_degree++; break;
        }
        CHECK_MSG(swirl_params_validate(&q) == SWIRL_OK, "variant %d is not a valid configuration", v);
        tried++;
        int got = outcome(f, &q, NULL, f->proof, f->len, "SystemParamsMismatch");
        if (got == MISMATCH) rejected++;
        else fprintf(stderr, "variant %d: outcome %d\n", v, got);
    }
    CHECK_MSG(rejected == tried, "%zu of %zu single-field parameter changes rejected as SystemParamsMismatch", rejected, tried);
    swirl_system_params q = P;
    q.logup.log_max_message_length--;
    CHECK(outcome(f, &q, NULL, f->proof, f->len, "SystemParamsMismatch") == MISMATCH);
    /* another preset altogether */
    CHECK(swirl_params_app(21, &q) == SWIRL_OK);
    CHECK(outcome(f, &q, NULL, f->proof, f->len, "SystemParamsMismatch") == MISMATCH);
}

static void test_pins(const fixture *f) {
    /* matching pins and no pins: the honest proof verifies */
    CHECK(outcome(f, NULL, NULL, f->proof, f->len, NULL) == SWIRL_OK);
    CHECK(outcome(f, &P, NULL, f->proof, f->len, NULL) == SWIRL_OK);
    CHECK(outcome(f, NULL, f->pre_hash, f->proof, f->len, NULL) == SWIRL_OK);
    CHECK(outcome(f, &P, f->pre_hash, f->proof, f->len, NULL) == SWIRL_OK);
    /* fields the key does not encode are not compared: a query count past the last round */
    swirl_system_params extra = P;
    extra.whir.num_queries[SWIRL_MAX_WHIR_ROUNDS - 1] = 99;
    CHECK(outcome(f, &extra, NULL, f->proof, f->len, NULL) == SWIRL_OK);
    /* a pre-hash differing in any one element */
    size_t rejected = 0;
    for (int i = 0; i < 8; i++) {
        uint32_t h[8];
        memcpy(h, f->pre_hash, sizeof h);
        h[i] = (h[i] + 1) % SWIRL_P;
        if (outcome(f, NULL, h, f->proof, f->len, "VkPreHashMismatch") == WRONG_KEY) rejected++;
    }
    CHECK_MSG(rejected == 8, "%zu of 8 pre-hash changes rejected as VkPreHashMismatch", rejected);
    /* the pre-hash of another key (same AIR, other parameters) */
    swirl_system_params q;
    CHECK(swirl_params_test_small(2, 5, 3, &q) == SWIRL_OK);
    fixture g;
    CHECK(make_fixture(&q, &g) == SWIRL_OK);
    CHECK(outcome(f, NULL, g.pre_hash, f->proof, f->len, "VkPreHashMismatch") == WRONG_KEY);
    /* order: parameters first, like the reference */
    CHECK(outcome(f, &q, g.pre_hash, f->proof, f->len, "SystemParamsMismatch") == MISMATCH);
    /* the pins come before the proof: junk bytes under a wrong key report the key */
    const uint8_t junk[5] = {1, 2, 3, 4, 5};
    CHECK(outcome(f, &q, NULL, junk, sizeof junk, NULL) == MISMATCH);
    CHECK(outcome(f, NULL, g.pre_hash, junk, sizeof junk, NULL) == WRONG_KEY);
    CHECK(outcome(f, NULL, g.pre_hash, NULL, 0, NULL) == WRONG_KEY);
    /* ... and under the right key they are malformed bytes, as for swirl_verify */
    CHECK(outcome(f, &P, f->pre_hash, junk, sizeof junk, "malformed") == SWIRL_ERR_DECODE * 1000);
    /* the other key's honest proof under this key, pins matching this key: swirl_verify decides */
    swirl_error e1, e2;
    memset(&e1, 0, sizeof e1);
    memset(&e2, 0, sizeof e2);
    int r1 = swirl_verify(f->vk, g.proof, g.len, &e1);
    int r2 = swirl_verify_pinned(f->vk, &P, f->pre_hash, g.proof, g.len, &e2);
    CHECK(r1 != SWIRL_OK && r1 == r2 && e1.detail == e2.detail && !strcmp(e1.message, e2.message));
    /* a pinned key that matches verifies its own proofs only */
    CHECK(swirl_verify_pinned(g.vk, &q, g.pre_hash, g.proof, g.len, NULL) == SWIRL_OK);
    free_fixture(&g);
    /* invalid expected parameters: the caller's error, not the proof's */
    q = P;
    q.whir.num_queries[1] = 0;
    CHECK(outcome(f, &q, NULL, f->proof, f->len, "not valid") == SWIRL_ERR_PARAMS * 1000);
    /* arguments */
    swirl_error e;
    memset(&e, 0, sizeof e);
    CHECK(swirl_verify_pinned(NULL, &P, NULL, f->proof, f->len, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_verify_pinned(f->vk, &P, NULL, NULL, 3, &e) == SWIRL_ERR_INVALID_ARG);
}

/* Parameter validation: WHIR rounds without queries cannot be sound; the presets stay valid. */
static void test_validation(void) {
    swirl_system_params q;
    size_t rejected = 0;
    for (size_t r = 0; r < P.whir.num_rounds; r++) {
        q = P;
        q.whir.num_queries[r] = 0;
        if (swirl_params_validate(&q) == SWIRL_ERR_PARAMS) rejected++;
    }
    CHECK_MSG(rejected == P.whir.num_rounds, "%zu of %zu zero-query rounds rejected", rejected, P.whir.num_rounds);
    /* keygen refuses such parameters with SWIRL_ERR_PARAMS */
    q = P;
    q.whir.num_queries[0] = 0;
    swirl_air *a = swirl_fib_air();
    swirl_pk *pk = NULL;
    swirl_error e;
    memset(&e, 0, sizeof e);
    CHECK(swirl_keygen(NULL, &q, &a, 1, &pk, NULL, &e) == SWIRL_ERR_PARAMS && pk == NULL);
    swirl_air_free(a);
    /* and a verifying key carrying such parameters does not decode: the default test key's
     * postcard starts l_skip, n_stack, w_stack (2 bytes), log_blowup, k, num_rounds, then the
     * query counts (one byte each) */
    {
        swirl_air *fa = swirl_fib_air();
        swirl_pk *fpk = NULL;
        swirl_vk *fvk = NULL;
        uint8_t *b = NULL;
        size_t len = 0;
        CHECK(swirl_keygen(NULL, &P, &fa, 1, &fpk, &fvk, NULL) == SWIRL_OK);
        CHECK(fvk && swirl_vk_encode(fvk, &b, &len, NULL) == SWIRL_OK);
        CHECK(b && len > 8 && b[6] == P.whir.num_rounds && b[7] == P.whir.num_queries[0]);
        if (b && len > 8) {
            b[7] = 0;
            swirl_vk *bad = NULL;
            memset(&e, 0, sizeof e);
            CHECK(swirl_vk_decode(b, len, &bad, &e) == SWIRL_ERR_DECODE && strstr(e.message, "unsupported system parameters"));
            CHECK(bad == NULL);
        }
        swirl_bytes_free(b);
        swirl_pk_free(fpk);
        swirl_vk_free(fvk);
        swirl_air_free(fa);
    }
    /* PoW bits of 0 are allowed (the reference allows them; grinding only adds security) */
    q = P;
    q.whir.mu_pow_bits = q.whir.query_phase_pow_bits = q.whir.folding_pow_bits = 0;
    q.logup.pow_bits = 0;
    CHECK(swirl_params_validate(&q) == SWIRL_OK);
    /* every preset, and the reference's test presets, remain valid (app needs a stacked height
     * above the final polynomial's 2^10; log height + log blowup <= 27, BabyBear's two-adicity) */
    size_t valid = 0, total = 0;
    for (size_t h = 5; h <= 26; h++) {
        total += (h > 10 && h <= 24) ? 2 : 1;
        if (h > 10 && h <= 24 && swirl_params_app(h, &q) == SWIRL_OK && swirl_params_validate(&q) == SWIRL_OK) valid++;
        if (swirl_params_for_testing(h, &q) == SWIRL_OK && swirl_params_validate(&q) == SWIRL_OK) valid++;
    }
    int (*fixed[])(swirl_system_params *) = {swirl_params_leaf, swirl_params_internal, swirl_params_root, swirl_params_hook,
                                             swirl_params_default_test};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        total++;
        if (fixed[i](&q) == SWIRL_OK && swirl_params_validate(&q) == SWIRL_OK) valid++;
    }
    const size_t small[][3] = {{2, 2, 3}, {2, 5, 3}, {3, 5, 2}, {2, 8, 3}, {1, 4, 1}};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        total++;
        if (swirl_params_test_small(small[i][0], small[i][1], small[i][2], &q) == SWIRL_OK && swirl_params_validate(&q) == SWIRL_OK)
            valid++;
    }
    CHECK_MSG(valid == total, "%zu of %zu presets valid", valid, total);
}

/* Reentrancy: several threads verify with one shared key (one honest, one tampered proof). */
typedef struct job {
    const fixture *f;
    const uint8_t *bad;
    int ok, bad_detail_ok;
} job;

static void *verify_many(void *arg) {
    job *j = arg;
    j->ok = j->bad_detail_ok = 1;
    for (int i = 0; i < 4; i++) {
        swirl_error e;
        memset(&e, 0, sizeof e);
        j->ok &= swirl_verify_pinned(j->f->vk, &P, j->f->pre_hash, j->f->proof, j->f->len, &e) == SWIRL_OK;
        memset(&e, 0, sizeof e);
        j->bad_detail_ok &= swirl_verify(j->f->vk, j->bad, j->f->len, &e) == SWIRL_ERR_VERIFY;
    }
    return NULL;
}

static void test_threads(const fixture *f) {
    uint8_t *bad = malloc(f->len);
    if (!bad) abort(); /* test harness only */
    memcpy(bad, f->proof, f->len);
    swirl_error e;
    memset(&e, 0, sizeof e);
    /* change the last public value (offset: version 4 + commit 32 + num_airs 4 + bitmap 1 +
     * log height 4 + num_cached 4 + num_airs 4 + num_pv 4 + two values): a rejected statement */
    size_t off = 4 + 32 + 4 + 1 + 4 + 4 + 4 + 4 + 8;
    bad[off] ^= 1;
    int serial = swirl_verify(f->vk, bad, f->len, &e);
    CHECK(serial == SWIRL_ERR_VERIFY);
    enum { NT = 4 };
    pthread_t th[NT];
    job jobs[NT];
    int started = 0;
    for (int i = 0; i < NT; i++) {
        jobs[i].f = f;
        jobs[i].bad = bad;
        if (pthread_create(&th[i], NULL, verify_many, &jobs[i]) == 0) started++;
        else break;
    }
    CHECK(started == NT);
    int ok = 1;
    for (int i = 0; i < started; i++) {
        pthread_join(th[i], NULL);
        ok &= jobs[i].ok && jobs[i].bad_detail_ok;
    }
    CHECK_MSG(ok, "concurrent verification disagreed with serial verification");
    free(bad);
}

/* The key's soundness: the app preset is built for 100 bits, the test preset for a few. */
static void test_security_bits(const fixture *f) {
    double bits = -1.0;
    swirl_error e;
    memset(&e, 0, sizeof e);
    CHECK(swirl_vk_security_bits(f->vk, &bits, &e) == SWIRL_OK);
    CHECK_MSG(bits > 1.0 && bits < 10.0, "test preset: %.3f bits", bits);
    swirl_system_params app;
    CHECK(swirl_params_app(21, &app) == SWIRL_OK);
    swirl_air *a = swirl_fib_air();
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    CHECK(swirl_keygen(NULL, &app, &a, 1, &pk, &vk, NULL) == SWIRL_OK);
    double app_bits = -1.0;
    CHECK(vk && swirl_vk_security_bits(vk, &app_bits, &e) == SWIRL_OK);
    CHECK_MSG(app_bits >= 100.0 && app_bits < 110.0, "app preset: %.3f bits", app_bits);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(a);
    CHECK(swirl_vk_security_bits(NULL, &bits, &e) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_vk_security_bits(f->vk, NULL, &e) == SWIRL_ERR_INVALID_ARG);
}

int main(void) {
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    fixture f;
    CHECK(make_fixture(&P, &f) == SWIRL_OK);
    if (f.proof) {
        test_params_mismatch(&f);
        test_pins(&f);
        test_threads(&f);
        test_security_bits(&f);
    }
    free_fixture(&f);
    test_validation();
    return t_summary("test_pinning");
}
