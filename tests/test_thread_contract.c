/* test_thread_contract.c — the thread-safety contract stated in swirl.h, exercised.
 *
 * Several threads prove and verify at the same time, each with a context of its own (created on
 * the main thread: a context may move between threads between calls), all reading ONE proving
 * key, ONE verifying key and ONE set of cached-trace commitments made with a CPU context (host
 * data, shareable like a key). The scenario is the reference's mixture (twelve AIRs: buses,
 * cached and preprocessed parts, public values). Every concurrent proof must equal the serial
 * proof byte for byte (proving is deterministic, so any interference shows) and verify; each
 * context's span report must describe its own last proof. check-hardening's tsan stage runs this
 * test under ThreadSanitizer, which reports any data race the contract would hide. */
#include <pthread.h>
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

#define NUM_THREADS 4
#define PROOFS_PER_THREAD 3

typedef struct shared_inputs {
    const swirl_pk *pk;
    const swirl_vk *vk;
    const swirl_air_inputs *inputs;
    size_t num_airs;
    const uint8_t *serial_proof;
    size_t serial_len;
} shared_inputs;

typedef struct worker {
    const shared_inputs *shared;
    swirl_ctx *ctx;
    int proofs_equal;  /* proofs identical to the serial one */
    int proofs_valid;  /* proofs accepted by swirl_verify */
    int spans_ok;      /* the context's report names its own proof */
    char message[320]; /* first failure: status name and message */
} worker;

static void *prove_and_verify(void *arg) {
    worker *w = arg;
    const shared_inputs *s = w->shared;
    for (int round = 0; round < PROOFS_PER_THREAD; round++) {
        swirl_error e;
        memset(&e, 0, sizeof e);
        uint8_t *proof = NULL;
        size_t len = 0;
        int rc = swirl_prove(w->ctx, s->pk, s->inputs, s->num_airs, &proof, &len, &e);
        if (rc == SWIRL_OK && (len != s->serial_len || memcmp(proof, s->serial_proof, len) != 0)) w->proofs_equal = 0;
        if (rc == SWIRL_OK) rc = swirl_verify(s->vk, proof, len, &e);
        if (rc != SWIRL_OK) {
            w->proofs_valid = 0;
            if (!w->message[0])
                snprintf(w->message, sizeof w->message, "%.40s: %.255s", swirl_status_str(rc), e.message);
        }
        swirl_bytes_free(proof);
        swirl_span spans[SWIRL_MAX_SPANS];
        size_t n = swirl_ctx_spans(w->ctx, spans, SWIRL_MAX_SPANS);
        if (n == 0 || strcmp(spans[0].name, "prover") != 0 || spans[0].seconds <= 0.0) w->spans_ok = 0;
    }
    return NULL;
}

/* Commits every cached main of the scenario once (CPU context) and returns inputs that open
 * those commitments; commitments[a][c] belongs to AIR a, cached part c. */
static int commit_cached(swirl_ctx *ctx, const swirl_vk *vk, const swirl_builtin *b, swirl_air_inputs *inputs,
                         swirl_committed_trace *(*commitments)[4], size_t *num_committed) {
    *num_committed = 0;
    for (size_t a = 0; a < b->num_airs; a++) {
        inputs[a] = b->inputs[a];
        if (b->inputs[a].num_cached_mains > 4) return SWIRL_ERR_INVALID_ARG;
        for (size_t c = 0; c < b->inputs[a].num_cached_mains; c++) {
            swirl_error e;
            int rc = swirl_commit_cached_main(ctx, vk, &b->inputs[a].cached_mains[c], &commitments[a][c], &e);
            if (rc) return rc;
            ++*num_committed;
        }
        if (b->inputs[a].num_cached_mains)
            inputs[a].cached_commitments = (const swirl_committed_trace *const *)commitments[a];
    }
    return SWIRL_OK;
}

int main(void) {
    swirl_system_params params;
    swirl_builtin *b = NULL;
    swirl_ctx *serial_ctx = NULL;
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e;
    memset(&e, 0, sizeof e);
    CHECK(swirl_params_default_test(&params) == SWIRL_OK);
    CHECK(swirl_ctx_create(2, SWIRL_BACKEND_CPU, &serial_ctx, &e) == SWIRL_OK);
    CHECK_MSG(swirl_builtin_scenario("mixture", 6, 0, &b, &e) == SWIRL_OK, "%s", e.message);
    if (t_fail) return t_summary("test_thread_contract");
    CHECK_MSG(swirl_keygen(serial_ctx, &params, b->airs, b->num_airs, &pk, &vk, &e) == SWIRL_OK, "%s", e.message);

    swirl_air_inputs inputs[32];
    swirl_committed_trace *commitments[32][4];
    memset(commitments, 0, sizeof commitments);
    size_t num_committed = 0;
    CHECK(b->num_airs <= 32);
    if (!t_fail) CHECK(commit_cached(serial_ctx, vk, b, inputs, commitments, &num_committed) == SWIRL_OK);
    CHECK_MSG(num_committed >= 1, "the scenario has no cached part to share");

    uint8_t *serial_proof = NULL;
    size_t serial_len = 0;
    if (!t_fail)
        CHECK_MSG(swirl_prove(serial_ctx, pk, inputs, b->num_airs, &serial_proof, &serial_len, &e) == SWIRL_OK, "%s",
                  e.message);
    if (!t_fail) CHECK_MSG(swirl_verify(vk, serial_proof, serial_len, &e) == SWIRL_OK, "%s", e.message);

    if (!t_fail) {
        shared_inputs shared = {pk, vk, inputs, b->num_airs, serial_proof, serial_len};
        worker workers[NUM_THREADS];
        pthread_t threads[NUM_THREADS];
        int started = 0;
        for (int i = 0; i < NUM_THREADS; i++) {
            memset(&workers[i], 0, sizeof workers[i]);
            workers[i].shared = &shared;
            workers[i].proofs_equal = workers[i].proofs_valid = workers[i].spans_ok = 1;
            CHECK(swirl_ctx_create(2, SWIRL_BACKEND_CPU, &workers[i].ctx, &e) == SWIRL_OK);
        }
        for (int i = 0; i < NUM_THREADS && !t_fail; i++) {
            if (pthread_create(&threads[i], NULL, prove_and_verify, &workers[i]) != 0) break;
            started++;
        }
        CHECK(started == NUM_THREADS);
        for (int i = 0; i < started; i++) {
            pthread_join(threads[i], NULL);
            CHECK_MSG(workers[i].proofs_equal, "thread %d: a concurrent proof differs from the serial one", i);
            CHECK_MSG(workers[i].proofs_valid, "thread %d: %s", i, workers[i].message);
            CHECK_MSG(workers[i].spans_ok, "thread %d: its context's span report is not its own proof's", i);
        }
        for (int i = 0; i < NUM_THREADS; i++) swirl_ctx_free(workers[i].ctx);
        printf("%d threads x %d proofs of mixture (%zu AIRs, %zu shared cached commitments, %zu bytes each)\n",
               started, PROOFS_PER_THREAD, b->num_airs, num_committed, serial_len);
    }

    swirl_bytes_free(serial_proof);
    for (size_t a = 0; a < 32; a++)
        for (size_t c = 0; c < 4; c++) swirl_committed_trace_free(commitments[a][c]);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_builtin_free(b);
    swirl_ctx_free(serial_ctx);
    return t_summary("test_thread_contract");
}
