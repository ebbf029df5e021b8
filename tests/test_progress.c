/* test_progress.c — swirl_ctx_set_progress: every span of a proof is reported opened then closed,
 * properly nested, on the proving thread; the closing times are the spans' times (a span entered
 * once reports exactly its swirl_ctx_spans seconds); the setting survives across proofs and a
 * NULL callback removes it. */
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

#define MAX_EVENTS 256
typedef struct recorder {
    size_t n;
    char names[MAX_EVENTS][64];
    unsigned depth[MAX_EVENTS];
    int finished[MAX_EVENTS];
    double seconds[MAX_EVENTS];
    int bad_nesting;
    char stack[8][64];
    unsigned open;
} recorder;

static void on_progress(void *user, const char *name, unsigned depth, int finished, double seconds) {
    recorder *r = user;
    if (!finished) {
        if (depth != r->open || r->open >= 8 || strlen(name) >= 64) r->bad_nesting++;
        else snprintf(r->stack[r->open++], 64, "%s", name);
    } else if (r->open == 0 || depth != r->open - 1 || strcmp(r->stack[r->open - 1], name)) {
        r->bad_nesting++;
    } else {
        r->open--;
    }
    if (r->n < MAX_EVENTS) {
        snprintf(r->names[r->n], 64, "%s", name);
        r->depth[r->n] = depth;
        r->finished[r->n] = finished;
        r->seconds[r->n] = seconds;
        r->n++;
    }
}

int main(void) {
    swirl_ctx *ctx = NULL;
    swirl_error e;
    swirl_builtin *b = NULL;
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_system_params p;
    if (swirl_ctx_create(2, SWIRL_BACKEND_CPU, &ctx, &e) || swirl_params_default_test(&p) ||
        swirl_builtin_scenario("fib", 5, 0, &b, &e) || swirl_keygen(ctx, &p, b->airs, b->num_airs, &pk, &vk, &e)) {
        fprintf(stderr, "set-up failed\n");
        return 1;
    }
    static recorder r;
    swirl_ctx_set_progress(ctx, on_progress, &r);
    for (int round = 0; round < 2; round++) {
        memset(&r, 0, sizeof r);
        uint8_t *proof = NULL;
        size_t len = 0;
        CHECK(swirl_prove(ctx, pk, b->inputs, b->num_airs, &proof, &len, &e) == SWIRL_OK);
        swirl_bytes_free(proof);
        swirl_span sp[SWIRL_MAX_SPANS];
        size_t ns = swirl_ctx_spans(ctx, sp, SWIRL_MAX_SPANS);
        CHECK(ns > 3);
        CHECK(r.bad_nesting == 0);
        CHECK(r.open == 0);
        CHECK(r.n >= 2 * ns);
        CHECK(r.n > 0 && !strcmp(r.names[0], "prover") && r.depth[0] == 0 && !r.finished[0]);
        CHECK(r.n > 0 && !strcmp(r.names[r.n - 1], "prover") && r.finished[r.n - 1]);
        /* each recorded span was opened and closed; its closing times add up to its total */
        for (size_t i = 0; i < ns && i < SWIRL_MAX_SPANS; i++) {
            size_t opened = 0, closed = 0;
            double sum = 0;
            for (size_t k = 0; k < r.n; k++)
                if (!strcmp(r.names[k], sp[i].name)) {
                    if (r.finished[k]) closed++, sum += r.seconds[k];
                    else opened++;
                    CHECK(r.depth[k] == sp[i].depth);
                }
            CHECK_MSG(opened >= 1 && opened == closed, "%s opened %zu closed %zu", sp[i].name, opened, closed);
            CHECK_MSG(sum <= sp[i].seconds * (1 + 1e-9) + 1e-12 && sum >= sp[i].seconds * (1 - 1e-9) - 1e-12,
                      "%s: %g vs %g", sp[i].name, sum, sp[i].seconds);
        }
    }
    /* removed: nothing reported */
    swirl_ctx_set_progress(ctx, NULL, &r);
    memset(&r, 0, sizeof r);
    uint8_t *proof = NULL;
    size_t len = 0;
    CHECK(swirl_prove(ctx, pk, b->inputs, b->num_airs, &proof, &len, &e) == SWIRL_OK);
    CHECK_EQ_U64(r.n, 0);
    swirl_bytes_free(proof);
    swirl_ctx_set_progress(NULL, on_progress, &r); /* NULL context: ignored */
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_builtin_free(b);
    swirl_ctx_free(ctx);
    return t_summary("test_progress");
}
