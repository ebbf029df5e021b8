/* test_device_traces.c — swirl_prove_device: traces the caller holds in device memory give the
 * same proof bytes as swirl_prove on the CPU backend (scenarios with cached, preprocessed and
 * interaction parts; test and app presets); the upload span moves no host bytes for them; and
 * the exact rejections: a value >= p (row and column named), a host pointer passed as a device
 * trace, a CPU context, pre-made cached commitments. Skips (exit 77) without a CUDA device. */
#include <stdlib.h>
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_ctx *cpu, *gpu;
static swirl_cuda_dev *caller; /* the "caller's" own device object: its memory is plain device memory */

/* Device copies of every trace of b's inputs: the same inputs with device pointers. */
typedef struct dev_inputs {
    swirl_air_inputs *in;
    swirl_trace *traces;
    size_t n;
} dev_inputs;

static int to_device(const swirl_builtin *b, dev_inputs *d) {
    size_t total = 0;
    for (size_t a = 0; a < b->num_airs; a++) total += 1 + b->inputs[a].num_cached_mains;
    d->in = calloc(b->num_airs, sizeof *d->in);
    d->traces = calloc(total, sizeof *d->traces);
    d->n = 0;
    if (!d->in || !d->traces) return SWIRL_ERR_OUT_OF_MEMORY;
    int rc = SWIRL_OK;
    for (size_t a = 0; a < b->num_airs && !rc; a++) {
        const swirl_air_inputs *h = &b->inputs[a];
        d->in[a] = *h;
        const size_t np = (h->common_main ? 1 : 0) + h->num_cached_mains, first = d->n;
        for (size_t i = 0; i < np && !rc; i++) {
            const swirl_trace *src = h->common_main && i == 0 ? h->common_main : &h->cached_mains[i - (h->common_main ? 1 : 0)];
            swirl_trace *t = &d->traces[d->n++];
            *t = *src;
            size_t bytes = t->width * t->height * sizeof(uint32_t);
            t->values = NULL;
            if (!bytes) continue;
            rc = swirl_cuda_alloc(caller, (void **)&t->values, bytes);
            if (!rc) rc = swirl_cuda_upload(caller, t->values, src->values, bytes);
        }
        if (h->common_main) d->in[a].common_main = &d->traces[first];
        if (h->num_cached_mains) d->in[a].cached_mains = &d->traces[first + (h->common_main ? 1 : 0)];
    }
    if (!rc) rc = swirl_cuda_sync(caller);
    return rc;
}

static void free_device(dev_inputs *d) {
    for (size_t i = 0; i < d->n; i++) swirl_cuda_release(caller, d->traces[i].values);
    swirl_cuda_sync(caller);
    free(d->traces);
    free(d->in);
}

static const swirl_span *find_span(const swirl_span *s, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s[i].name, name)) return &s[i];
    return NULL;
}

static void compare(const char *name, size_t size, uint64_t seed, const swirl_system_params *P) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    uint8_t *p1 = NULL, *p2 = NULL;
    size_t l1 = 0, l2 = 0;
    dev_inputs d = {0};
    int rc = swirl_builtin_scenario(name, size, seed, &b, &e);
    if (!rc) rc = swirl_keygen(cpu, P, b->airs, b->num_airs, &pk, &vk, &e);
    if (!rc) rc = to_device(b, &d);
    CHECK_MSG(rc == SWIRL_OK, "%s/%zu setup: %s", name, size, e.message);
    if (!rc) {
        int r1 = swirl_prove(cpu, pk, b->inputs, b->num_airs, &p1, &l1, &e);
        CHECK_MSG(r1 == SWIRL_OK, "%s/%zu cpu prove: %s", name, size, e.message);
        int r2 = swirl_prove_device(gpu, pk, d.in, b->num_airs, &p2, &l2, &e);
        CHECK_MSG(r2 == SWIRL_OK, "%s/%zu device prove: %s", name, size, e.message);
        CHECK_MSG(r1 == SWIRL_OK && r2 == SWIRL_OK && l1 == l2 && !memcmp(p1, p2, l1),
                  "%s/%zu seed %llu: proof from device traces differs from the CPU proof", name, size,
                  (unsigned long long)seed);
        swirl_span sp[SWIRL_MAX_SPANS];
        size_t ns = swirl_ctx_spans(gpu, sp, SWIRL_MAX_SPANS);
        const swirl_span *up = find_span(sp, ns < SWIRL_MAX_SPANS ? ns : SWIRL_MAX_SPANS, "prover.trace_upload");
        CHECK_MSG(up != NULL, "%s: no prover.trace_upload span", name);
        /* only the stacking's column table goes up (8 bytes per column), no trace value */
        size_t columns = 0;
        for (size_t a = 0; a < b->num_airs; a++) columns += b->inputs[a].common_main ? b->inputs[a].common_main->width : 0;
        if (up) CHECK_MSG(up->bytes_to_device <= 8 * columns, "%s: %llu bytes went up for device traces of %zu columns",
                          name, (unsigned long long)up->bytes_to_device, columns);
    }
    swirl_bytes_free(p1);
    swirl_bytes_free(p2);
    free_device(&d);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_builtin_free(b);
}

/* Exact rejections. */
static void rejections(const swirl_system_params *P) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    uint8_t *pr = NULL;
    size_t len = 0;
    dev_inputs d = {0};
    CHECK(swirl_builtin_scenario("fib", 3, 11, &b, &e) == SWIRL_OK);
    CHECK(b && swirl_keygen(cpu, P, b->airs, b->num_airs, &pk, &vk, &e) == SWIRL_OK);
    CHECK(b && to_device(b, &d) == SWIRL_OK);
    if (!pk || !d.in) goto out;
    /* a CPU context takes host traces only */
    CHECK_EQ_U64(swirl_prove_device(cpu, pk, d.in, b->num_airs, &pr, &len, &e), SWIRL_ERR_INVALID_ARG);
    CHECK_MSG(strstr(e.message, "takes host traces only") != NULL, "message: %s", e.message);
    /* a host pointer is not device memory */
    CHECK_EQ_U64(swirl_prove_device(gpu, pk, b->inputs, b->num_airs, &pr, &len, &e), SWIRL_ERR_INVALID_ARG);
    CHECK_MSG(strstr(e.message, "not device memory") != NULL, "message: %s", e.message);
    CHECK(pr == NULL && len == 0);
    /* a value >= p at row 5, column 1 */
    swirl_trace *t = &d.traces[0];
    uint32_t bad = SWIRL_P + 3;
    CHECK(swirl_cuda_upload(caller, t->values + 5 * t->width + 1, &bad, sizeof bad) == SWIRL_OK);
    CHECK_EQ_U64(swirl_prove_device(gpu, pk, d.in, b->num_airs, &pr, &len, &e), SWIRL_ERR_FIELD_RANGE);
    CHECK_MSG(strstr(e.message, "at row 5, column 1 is >= p") != NULL, "message: %s", e.message);
    /* the same context still proves afterwards (the failure left nothing behind) */
    CHECK(swirl_cuda_upload(caller, t->values + 5 * t->width + 1, &b->inputs[0].common_main->values[5 * t->width + 1],
                            sizeof bad) == SWIRL_OK);
    CHECK(swirl_prove_device(gpu, pk, d.in, b->num_airs, &pr, &len, &e) == SWIRL_OK);
    CHECK(pr && swirl_verify(vk, pr, len, &e) == SWIRL_OK);
out:
    swirl_bytes_free(pr);
    free_device(&d);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_builtin_free(b);
}

int main(void) {
    if (swirl_cuda_device_count() <= 0) {
        printf("skipped: no CUDA device\n");
        return 77;
    }
    swirl_error e = {0};
    CHECK(swirl_ctx_create(0, SWIRL_BACKEND_CPU, &cpu, &e) == SWIRL_OK);
    CHECK_MSG(swirl_ctx_create(0, SWIRL_BACKEND_CUDA, &gpu, &e) == SWIRL_OK, "%s", e.message);
    CHECK(swirl_cuda_dev_create(22, &caller) == SWIRL_OK);
    if (!gpu || !cpu || !caller) return t_summary("gpu_test_device_traces");
    swirl_system_params T, A;
    CHECK(swirl_params_default_test(&T) == SWIRL_OK);
    CHECK(swirl_params_app(21, &A) == SWIRL_OK);
    static const struct { const char *name; size_t size; } cases[] = {
        {"fib", 3}, {"interactions", 5}, {"cached", 3}, {"preprocessed_cached", 4}, {"mixture", 2}, {"keccakf", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) compare(cases[i].name, cases[i].size, 31 + i, &T);
    if (!getenv("SWIRL_GPU_QUICK")) compare("keccakf", 40, 6, &A);
    rejections(&T);
    swirl_cuda_dev_free(caller);
    swirl_ctx_free(gpu);
    swirl_ctx_free(cpu);
    return t_summary("gpu_test_device_traces");
}
